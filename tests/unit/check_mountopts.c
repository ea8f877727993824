/* Unit tests: mount-cifs/mountopts.c. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/mountopts.h"

static char *kernel_string(const char *opts, bool mask)
{
	struct cifsaf_mount_options *o;
	char *why = NULL, *out = NULL;

	ck_assert_msg(cifsaf_mount_options_parse(test_mem, opts, &o, &why) == 0, "%s: %s", opts, why);
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\fs\\s",
							    "sub", mask, &out), 0);
	return out;
}

START_TEST(passthrough_in_order)
{
	ck_assert_str_eq(kernel_string("vers=3.0,user=bob,domain=D,cache=none", false),
			 "ip=192.0.2.1,unc=\\\\fs\\s,vers=3.0,user=bob,domain=D,cache=none,prefixpath=sub");
	ck_assert_str_eq(kernel_string("", false), "ip=192.0.2.1,unc=\\\\fs\\s,prefixpath=sub");
	ck_assert_str_eq(kernel_string(",,ro,,", false), "ip=192.0.2.1,unc=\\\\fs\\s,ro,prefixpath=sub");
}
END_TEST

START_TEST(af_and_ip_are_consumed)
{
	struct cifsaf_mount_options *o;
	char *why;

	ck_assert_str_eq(kernel_string("af=v4-only,ro", false), "ip=192.0.2.1,unc=\\\\fs\\s,ro,prefixpath=sub");
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "af=v6-preferred,addr=2001:db8::1", &o, &why), 0);
	ck_assert(o->have_policy);
	ck_assert_int_eq(o->policy, CIFSAF_POLICY_V6_PREFERRED);
	ck_assert_str_eq(o->ip, "2001:db8::1");
	ck_assert_uint_eq(o->n_passthrough, 0);
}
END_TEST

START_TEST(bad_values_name_the_option)
{
	struct cifsaf_mount_options *o;
	char *why;

	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "af=fastest", &o, &why), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "af=fastest"), NULL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "af", &o, &why), -EINVAL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "ip=", &o, &why), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "ip="), NULL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "port=0", &o, &why), -EINVAL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "port=65536", &o, &why), -EINVAL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "port=44x", &o, &why), -EINVAL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "port=", &o, &why), -EINVAL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "port=139", &o, &why), 0);
	ck_assert_uint_eq(o->port, 139);
	ck_assert_str_eq(o->passthrough[0], "port=139");
}
END_TEST

START_TEST(passwords_last_masked_and_comma_doubled)
{
	struct cifsaf_mount_options *o;
	char *why, *out;

	ck_assert_str_eq(kernel_string("pass=secret,user=bob,password2=two", true),
			 "ip=192.0.2.1,unc=\\\\fs\\s,user=bob,prefixpath=sub,pass=********,password2=********");
	ck_assert_str_eq(kernel_string("pass=secret,user=bob,pass=second", false),
			 "ip=192.0.2.1,unc=\\\\fs\\s,user=bob,prefixpath=sub,pass=secret");
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "user=a", &o, &why), 0);
	o->password = talloc_strdup(o, "a,b");
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\h\\s", "",
							    false, &out), 0);
	ck_assert_str_eq(out, "ip=192.0.2.1,unc=\\\\h\\s,user=a,pass=a,,b");
}
END_TEST

START_TEST(secrets_never_in_errors)
{
	struct cifsaf_mount_options *o;
	char opts[700], *why;

	memcpy(opts, "pass=", 5);
	memset(opts + 5, 'S', 600);
	opts[605] = '\0';
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, opts, &o, &why), -EINVAL);
	ck_assert_ptr_eq(strstr(why, "SSSS"), NULL);
	ck_assert_ptr_ne(strstr(why, "password"), NULL);
}
END_TEST

START_TEST(overflow_refused_not_truncated)
{
	struct cifsaf_mount_options *o;
	char *opts, *why, *out = NULL;
	size_t i;

	opts = talloc_array(test_mem, char, 4097 + 1);
	memset(opts, 'x', 4097);
	opts[4097] = '\0';
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, opts, &o, &why), -E2BIG);
	/* Under the input limit but over the kernel's page once ip=/unc= are added. */
	for (i = 0; i < 4090; i += 10)
		memcpy(opts + i, "abcdefghi,", 10);
	opts[4090] = '\0';
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, opts, &o, &why), 0);
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\h\\s", "",
							    false, &out), -E2BIG);
	ck_assert_ptr_eq(out, NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mountopts");
	TCase *tc = testhelp_tcase("mountopts");

	tcase_add_test(tc, passthrough_in_order);
	tcase_add_test(tc, af_and_ip_are_consumed);
	tcase_add_test(tc, bad_values_name_the_option);
	tcase_add_test(tc, passwords_last_masked_and_comma_doubled);
	tcase_add_test(tc, secrets_never_in_errors);
	tcase_add_test(tc, overflow_refused_not_truncated);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
