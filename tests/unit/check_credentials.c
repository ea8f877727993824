/* Unit tests: mount-cifs/credentials.c and program/secret.c (its bounded reads). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "program/secret.h"
#include "testhelp.h"
#include "mount-cifs/credentials.h"

static struct cifsaf_credentials *parse_ok(const char *text)
{
	struct cifsaf_credentials *c = NULL;
	const char *why = NULL;
	unsigned line = 0;

	ck_assert_msg(cifsaf_credentials_parse(test_mem, text, strlen(text), &c, &line, &why) == 0,
		      "line %u: %s", line, why);
	return c;
}

static void bad(const char *text, unsigned want_line, const char *want_why)
{
	struct cifsaf_credentials *c = NULL;
	const char *why = NULL;
	unsigned line = 0;

	ck_assert_int_eq(cifsaf_credentials_parse(test_mem, text, strlen(text), &c, &line, &why), -EINVAL);
	ck_assert_uint_eq(line, want_line);
	ck_assert_msg(strstr(why, want_why) != NULL, "'%s' lacks '%s'", why, want_why);
	ck_assert_ptr_eq(strstr(why, "s3cret"), NULL);
}

START_TEST(keys_and_forms)
{
	struct cifsaf_credentials *c;

	c = parse_ok("username=alice\npassword=s3cret\ndomain=CORP\n");
	ck_assert_str_eq(c->username, "alice");
	ck_assert_str_eq(c->password, "s3cret");
	ck_assert_str_eq(c->domain, "CORP");
	ck_assert_ptr_eq(c->password2, NULL);
	c = parse_ok("user=bob\r\npass=a,b=c \r\npass2=two\r\nworkgroup=W\r\n");
	ck_assert_str_eq(c->username, "bob");
	ck_assert_str_eq(c->password, "a,b=c ");	/* kept as written; CR removed */
	ck_assert_str_eq(c->password2, "two");
	ck_assert_str_eq(c->domain, "W");
	c = parse_ok("# comment\n\n   \n  USERNAME =carol\npass= lead\n\tdom=D");	/* no final newline */
	ck_assert_str_eq(c->username, "carol");
	ck_assert_str_eq(c->password, " lead");	/* a value keeps its blanks */
	ck_assert_str_eq(c->domain, "D");
	c = parse_ok("password2=x\npassword=y\n");	/* password2 never lands in password */
	ck_assert_str_eq(c->password, "y");
	ck_assert_str_eq(c->password2, "x");
	c = parse_ok("");
	ck_assert_ptr_eq(c->username, NULL);
}
END_TEST

START_TEST(malformed_lines_named_by_number)
{
	char big[700];

	bad("username=alice\ns3cret\n", 2, "not a KEY=VALUE line");
	bad("user_xattr=s3cret\n", 1, "unknown key");
	bad("username=alice\npasswd=s3cret\n", 2, "unknown key");
	memcpy(big, "password=", 9);
	memset(big + 9, 's', 600);
	big[609] = '\0';
	bad(big, 1, "longer than 512");
	memcpy(big, "username=", 9);
	big[9 + 257] = '\0';
	bad(big, 1, "longer than 256");
	{
		struct cifsaf_credentials *c;
		const char *why;
		unsigned line;
		static const char nul[] = "user=a\0b\n";

		ck_assert_int_eq(cifsaf_credentials_parse(test_mem, nul, sizeof(nul) - 1, &c, &line, &why),
				 -EINVAL);
		ck_assert_str_eq(why, "NUL byte in the value");
	}
}
END_TEST

START_TEST(fields_are_bounded)
{
	char text[300];

	memset(text, 'd', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "domain=", 7);
	bad(text, 1, "domain longer than 256");
}
END_TEST

static int parse_in(void *mem, void *arg)
{
	static const char text[] = "username=u\npassword=s3cret\n";
	struct cifsaf_credentials *c = NULL;
	const char *why;
	unsigned line;
	int r = cifsaf_credentials_parse(mem, text, sizeof(text) - 1, &c, &line, &why);

	(void)arg;
	if (r == -ENOMEM)
		ck_assert_ptr_eq(c, NULL);
	return r;
}

/* Every allocation that fails gives -ENOMEM and leaves nothing behind. */
START_TEST(out_of_memory)
{
	ck_assert_int_eq(testhelp_until_memory_suffices(parse_in, NULL), 0);
}
END_TEST

START_TEST(secret_files_are_bounded)
{
	char path[] = "/tmp/cifsaf-cred-XXXXXX";
	char *text;
	size_t len;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "password=abc\n", 13), 13);
	close(fd);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 100, &text, &len), 0);
	ck_assert_uint_eq(len, 13);
	ck_assert_str_eq(text, "password=abc\n");
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 12, &text, &len), -EFBIG);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 13, &text, &len), 0);
	unlink(path);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 100, &text, &len), -ENOENT);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, "/tmp", 100, &text, &len), -EINVAL);
}
END_TEST

START_TEST(secret_fd_reads_to_eof)
{
	int fds[2];
	char *text;
	size_t len;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], "pw,with\nnewline", 15), 15);
	close(fds[1]);
	ck_assert_int_eq(cifsaf_read_secret_fd(test_mem, fds[0], 512, &text, &len), 0);
	ck_assert_uint_eq(len, 15);
	ck_assert_int_eq(memcmp(text, "pw,with\nnewline", 15), 0);
	close(fds[0]);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], "0123456789", 10), 10);
	close(fds[1]);
	ck_assert_int_eq(cifsaf_read_secret_fd(test_mem, fds[0], 9, &text, &len), -EFBIG);
	close(fds[0]);
	ck_assert_int_eq(cifsaf_read_secret_fd(test_mem, -1, 9, &text, &len), -EBADF);
}
END_TEST

/* The buffer starts small and grows: contents past its first sizes come
 * through whole, exactly max is accepted, one byte more is refused. */
START_TEST(secret_buffer_grows_to_the_limit)
{
	char path[] = "/tmp/cifsaf-big-XXXXXX";
	char *text, *want = talloc_size(test_mem, 20000);
	size_t len, i;
	int fd = mkstemp(path);

	for (i = 0; i < 20000; i++)
		want[i] = (char)('a' + i % 26);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, want, 20000), 20000);
	close(fd);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 20000, &text, &len), 0);
	ck_assert_uint_eq(len, 20000);
	ck_assert_int_eq(memcmp(text, want, 20000), 0);
	ck_assert_int_eq(text[20000], '\0');
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 19999, &text, &len), -EFBIG);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 1022, &text, &len), -EFBIG);
	ck_assert_int_eq(cifsaf_read_secret_file(test_mem, path, 65536, &text, &len), 0);
	ck_assert_uint_eq(len, 20000);
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("credentials");
	TCase *tc = testhelp_tcase("credentials");

	tcase_add_test(tc, keys_and_forms);
	tcase_add_test(tc, malformed_lines_named_by_number);
	tcase_add_test(tc, fields_are_bounded);
	tcase_add_test(tc, out_of_memory);
	tcase_add_test(tc, secret_files_are_bounded);
	tcase_add_test(tc, secret_fd_reads_to_eof);
	tcase_add_test(tc, secret_buffer_grows_to_the_limit);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
