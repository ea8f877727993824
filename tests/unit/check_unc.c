/* Unit tests: mount-cifs/unc.c. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/unc.h"

static void good(const char *in, const char *host, const char *share, const char *prefix)
{
	struct cifsaf_unc u;
	const char *why = NULL;

	ck_assert_msg(cifsaf_unc_parse(test_mem, in, &u, &why) == 0, "%s: %s", in, why);
	ck_assert_str_eq(u.host, host);
	ck_assert_str_eq(u.share, share);
	ck_assert_str_eq(u.prefix, prefix);
}

static void bad(const char *in, const char *why_part)
{
	struct cifsaf_unc u;
	const char *why = NULL;

	ck_assert_msg(cifsaf_unc_parse(test_mem, in, &u, &why) == -EINVAL, "accepted %s", in);
	ck_assert_msg(strstr(why, why_part) != NULL, "%s: '%s' lacks '%s'", in, why, why_part);
}

START_TEST(valid_forms)
{
	good("//fs/share", "fs", "share", "");
	good("\\\\fs\\share", "fs", "share", "");
	good("//fs/share/", "fs", "share", "");
	good("//fs/share/sub/dir", "fs", "share", "sub/dir");
	good("\\\\fs\\share\\sub\\dir", "fs", "share", "sub/dir");
	good("//[2001:db8::1]/s", "[2001:db8::1]", "s", "");
	good("//192.0.2.1/s", "192.0.2.1", "s", "");
}
END_TEST

START_TEST(invalid_forms)
{
	char longname[1100];

	bad("//", "too short");
	bad("/fs/share", "must begin");
	bad("fs:/share", "must begin");
	bad("smb://fs/share", "URL");
	bad("CIFS://fs/share", "URL");
	bad("//fs", "no share");
	bad("//fs/", "no share");
	bad("///share", "no host");
	bad("//fs,uid=0/share", "',' in the host");
	bad("//fs/share,uid=0", "',' in the share");
	bad("//fs/share/a,uid=0", "',' in the prefix");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	longname[0] = longname[1] = '/';
	bad(longname, "too long");
	memset(longname, 'a', 600);
	memcpy(longname, "//fs/", 5);
	longname[600] = '\0';
	bad(longname, "share portion");
}
END_TEST

START_TEST(kernel_form)
{
	struct cifsaf_unc u;
	const char *why;
	char *k;

	ck_assert_int_eq(cifsaf_unc_parse(test_mem, "//fs/share/x", &u, &why), 0);
	k = cifsaf_unc_kernel_form(test_mem, &u);
	ck_assert_str_eq(k, "\\\\fs\\share");
}
END_TEST

static int parse_in(void *mem, void *arg)
{
	struct cifsaf_unc u;
	const char *why = NULL;
	int r = cifsaf_unc_parse(mem, "//fs/share/sub", &u, &why);

	(void)arg;
	if (r == -ENOMEM)
		ck_assert_str_eq(why, "out of memory");
	return r;
}

/* Every allocation that fails gives -ENOMEM and leaves nothing behind. */
START_TEST(out_of_memory)
{
	ck_assert_int_eq(testhelp_until_memory_suffices(parse_in, NULL), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("unc");
	TCase *tc = testhelp_tcase("unc");

	tcase_add_test(tc, valid_forms);
	tcase_add_test(tc, invalid_forms);
	tcase_add_test(tc, kernel_form);
	tcase_add_test(tc, out_of_memory);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
