/* Unit tests: mount-cifs/cmdline.c. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/cmdline.h"

static int parse(struct cifsaf_cmdline **c, char **why, const char *argv0, ...)
{
	char *argv[32];
	int argc = 0;
	const char *a;
	va_list ap;

	argv[argc++] = talloc_strdup(test_mem, argv0);
	va_start(ap, argv0);
	while ((a = va_arg(ap, const char *)) != NULL)
		argv[argc++] = talloc_strdup(test_mem, a);
	va_end(ap);
	argv[argc] = NULL;
	return cifsaf_cmdline_parse(test_mem, argc, argv, c, why);
}

START_TEST(basic_and_permuted)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "/sbin/mount.cifs", "//fs/s", "/mnt", "-o", "ro", NULL), 0);
	ck_assert_str_eq(c->service, "//fs/s");
	ck_assert_str_eq(c->mountpoint, "/mnt");
	ck_assert_str_eq(c->options, "ro");
	ck_assert_str_eq(c->fstype, "cifs");
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "-v", "//fs/s", "-f", "/mnt", "-o", "a", NULL), 0);
	ck_assert(c->verbose && c->fake);
	ck_assert_str_eq(c->mountpoint, "/mnt");
}
END_TEST

START_TEST(posixly_correct_does_not_drop_options)
{
	struct cifsaf_cmdline *c;
	char *why;

	setenv("POSIXLY_CORRECT", "1", 1);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-o", "ro", NULL), 0);
	unsetenv("POSIXLY_CORRECT");
	ck_assert_str_eq(c->options, "ro");
}
END_TEST

START_TEST(options_merge_in_order)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-o", "a=1", "--options=b",
			       "-o", "c", NULL), 0);
	ck_assert_str_eq(c->options, "a=1,b,c");
}
END_TEST

/* Several -o may not add up to more than the kernel takes: refused before
 * they are copied, never truncated. */
START_TEST(options_bounded)
{
	struct cifsaf_cmdline *c;
	char *half = talloc_zero_size(test_mem, 2049), *why = NULL;

	memset(half, 'x', 2047);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-o", half, "-o", half,
			       NULL), 0);
	ck_assert_uint_eq(strlen(c->options), 4095);
	half[2047] = 'x';
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-o", half, "-o", half,
			       NULL), -E2BIG);
	ck_assert_ptr_ne(strstr(why, "longer than 4096 bytes"), NULL);
}
END_TEST

START_TEST(flags_are_idempotent)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-f", "-f", "-v", "-v", "-n",
			       "-n", NULL), 0);
	ck_assert(c->fake && c->verbose && c->nomtab);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-r", "-w", NULL), 0);
	ck_assert(!c->readonly);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "--ro", NULL), 0);
	ck_assert(c->readonly);
}
END_TEST

START_TEST(unknown_flags_fail)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-x", NULL), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "-x"), NULL);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "--fake", NULL), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "--fake"), NULL);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-o", NULL), -EINVAL);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", NULL), -EINVAL);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "/extra", NULL), -EINVAL);
}
END_TEST

START_TEST(type_and_program_name)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "/sbin/mount.smb3", "//fs/s", "/mnt", NULL), 0);
	ck_assert_str_eq(c->fstype, "smb3");
	ck_assert_int_eq(parse(&c, &why, "/tmp/mount.foo", "//fs/s", "/mnt", NULL), 0);
	ck_assert_str_eq(c->fstype, "cifs");
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-t", "smb3.sub", NULL), 0);
	ck_assert_str_eq(c->fstype, "smb3");
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-t", "nfs", NULL), -EINVAL);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "//fs/s", "/mnt", "-N", "/proc/1/ns/mnt", NULL), 0);
	ck_assert_str_eq(c->namespace_path, "/proc/1/ns/mnt");
}
END_TEST

START_TEST(help_and_version_need_no_arguments)
{
	struct cifsaf_cmdline *c;
	char *why;

	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "-h", NULL), 0);
	ck_assert(c->help);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "-?", NULL), 0);
	ck_assert(c->help);
	ck_assert_int_eq(parse(&c, &why, "mount.cifs", "--version", NULL), 0);
	ck_assert(c->version);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = testhelp_tcase("cmdline");

	tcase_add_test(tc, basic_and_permuted);
	tcase_add_test(tc, posixly_correct_does_not_drop_options);
	tcase_add_test(tc, options_merge_in_order);
	tcase_add_test(tc, options_bounded);
	tcase_add_test(tc, flags_are_idempotent);
	tcase_add_test(tc, unknown_flags_fail);
	tcase_add_test(tc, type_and_program_name);
	tcase_add_test(tc, help_and_version_need_no_arguments);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
