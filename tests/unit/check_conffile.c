/* Unit tests: program/conffile.c, the bounded and ownership-checked
 * read of the configuration file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "testhelp.h"
#include "program/conffile.h"

static char dir[64];

static void dir_setup(void)
{
	testhelp_setup();
	strcpy(dir, "/tmp/cifsaf-conffile.XXXXXX");
	ck_assert_ptr_ne(mkdtemp(dir), NULL);
}

static void dir_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	testhelp_teardown();
}

static char *write_file(const char *name, const char *text, size_t len, mode_t mode)
{
	char *path = talloc_asprintf(test_mem, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

static int read_it(const char *path, size_t max, bool check, char **text, size_t *len)
{
	uid_t owner = 99;
	mode_t mode = 0;

	return cifsaf_config_file_read(test_mem, path, max, check, text, len, &owner, &mode);
}

START_TEST(trust)
{
	ck_assert(cifsaf_config_file_trusted(0, S_IFREG | 0644));
	ck_assert(cifsaf_config_file_trusted(0, S_IFREG | 0600));
	ck_assert(cifsaf_config_file_trusted(0, S_IFREG | 0444));
	ck_assert(!cifsaf_config_file_trusted(0, S_IFREG | 0664));
	ck_assert(!cifsaf_config_file_trusted(0, S_IFREG | 0646));
	ck_assert(!cifsaf_config_file_trusted(1000, S_IFREG | 0644));
	ck_assert(!cifsaf_config_file_trusted(1000, S_IFREG | 0600));
}
END_TEST

START_TEST(reads_whole_file)
{
	char *path = write_file("c.conf", "host * v4-only\n", 15, 0644), *text;
	size_t len;

	ck_assert_int_eq(read_it(path, 100, false, &text, &len), 0);
	ck_assert_uint_eq(len, 15);
	ck_assert_str_eq(text, "host * v4-only\n");
	/* exactly the limit is fine, one byte more is not */
	ck_assert_int_eq(read_it(path, 15, false, &text, &len), 0);
	ck_assert_int_eq(read_it(path, 14, false, &text, &len), -EFBIG);
}
END_TEST

START_TEST(missing_directory_fifo)
{
	char *path = talloc_asprintf(test_mem, "%s/fifo", dir), *text;
	size_t len;

	ck_assert_int_eq(read_it("/nonexistent/cifs-af.conf", 100, false, &text, &len), -ENOENT);
	ck_assert_int_eq(read_it(dir, 100, false, &text, &len), -EINVAL);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	/* a FIFO without a writer must neither block nor be read */
	ck_assert_int_eq(read_it(path, 100, false, &text, &len), -EINVAL);
}
END_TEST

START_TEST(setuid_checks_owner_and_mode)
{
	char *text;
	size_t len;
	uid_t owner;
	mode_t mode;
	char *ok = write_file("ok.conf", "x\n", 2, 0644);
	char *gw = write_file("gw.conf", "x\n", 2, 0664);
	char *ow = write_file("ow.conf", "x\n", 2, 0646);

	if (getuid() != 0) {
		/* not root: our own file is not root's */
		ck_assert_int_eq(cifsaf_config_file_read(test_mem, ok, 100, true, &text, &len, &owner,
							 &mode), -EPERM);
		ck_assert_uint_eq(owner, getuid());
		return;
	}
	ck_assert_int_eq(cifsaf_config_file_read(test_mem, ok, 100, true, &text, &len, &owner, &mode), 0);
	ck_assert_int_eq(cifsaf_config_file_read(test_mem, gw, 100, true, &text, &len, &owner, &mode),
			 -EPERM);
	ck_assert_uint_eq(mode & 0777, 0664);
	ck_assert_int_eq(cifsaf_config_file_read(test_mem, ow, 100, true, &text, &len, &owner, &mode),
			 -EPERM);
	/* not owned by root */
	ck_assert_int_eq(chown(ok, 65534, 65534), 0);
	ck_assert_int_eq(cifsaf_config_file_read(test_mem, ok, 100, true, &text, &len, &owner, &mode),
			 -EPERM);
	ck_assert_uint_eq(owner, 65534);
	/* without setuid nothing of that matters */
	ck_assert_int_eq(read_it(ok, 100, false, &text, &len), 0);
	ck_assert_int_eq(read_it(ow, 100, false, &text, &len), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conffile");
	TCase *tc = tcase_create("conffile");

	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, trust);
	tcase_add_test(tc, reads_whole_file);
	tcase_add_test(tc, missing_directory_fifo);
	tcase_add_test(tc, setuid_checks_owner_and_mode);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
