/* Unit tests: resolver/kernel.c (release parsing and the ip= filter). */
#include "config.h"

#include <errno.h>

#include "testhelp.h"
#include "resolver/kernel.h"

static struct cifsaf_kernel k_of(const char *release)
{
	struct cifsaf_kernel k;

	ck_assert_msg(cifsaf_kernel_parse(release, &k) == 0, "release %s", release);
	return k;
}

START_TEST(versions_parse)
{
	struct cifsaf_kernel k = k_of("2.6.18-308.8.1.el5");

	ck_assert_uint_eq(k.version[0], 2);
	ck_assert_uint_eq(k.version[1], 6);
	ck_assert_uint_eq(k.version[2], 18);
	ck_assert(k.rhel5);
	k = k_of("6.1.0-27-amd64");
	ck_assert_uint_eq(k.version[0], 6);
	ck_assert_uint_eq(k.version[1], 1);
	ck_assert_uint_eq(k.version[2], 0);
	ck_assert(!k.rhel5);
	k = k_of("5.4");
	ck_assert_uint_eq(k.version[2], 0);
	ck_assert_int_eq(cifsaf_kernel_cmp(&k, 5, 4, 0), 0);
	ck_assert_int_lt(cifsaf_kernel_cmp(&k, 5, 10, 0), 0);	/* numeric, not text */
	ck_assert_int_gt(cifsaf_kernel_cmp(&k, 4, 19, 300), 0);
}
END_TEST

START_TEST(bad_releases_rejected)
{
	struct cifsaf_kernel k;

	ck_assert_int_eq(cifsaf_kernel_parse("", &k), -EINVAL);
	ck_assert_int_eq(cifsaf_kernel_parse("linux-6.1", &k), -EINVAL);
	ck_assert_int_eq(cifsaf_kernel_parse("99999999999.1", &k), -EINVAL);
	ck_assert_int_eq(cifsaf_kernel_parse(
		"1.2.3-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &k), -EINVAL);
}
END_TEST

struct filter_case {
	const char *release;
	const char *addr;
	enum cifsaf_kernel_verdict want;
};

START_TEST(filter_table)
{
	static const struct filter_case cases[] = {
		/* RHEL 5: no IPv6 parser, whatever the errata level. */
		{ "2.6.18-8.el5", "2001:db8::10", CIFSAF_KERNEL_NO_IPV6 },
		{ "2.6.18-398.el5PAE", "2001:db8::10", CIFSAF_KERNEL_NO_IPV6 },
		{ "2.6.18-8.el5", "192.0.2.10", CIFSAF_KERNEL_ACCEPTS },
		/* Vanilla before 2.6.23 (2.6.22 only with EXPERIMENTAL). */
		{ "2.6.22", "2001:db8::10", CIFSAF_KERNEL_NO_IPV6 },
		{ "2.6.18", "2001:db8::10", CIFSAF_KERNEL_NO_IPV6 },
		/* 2.6.23-2.6.30: 34 characters, no scope. */
		{ "2.6.23", "2001:db8::10", CIFSAF_KERNEL_ACCEPTS },
		{ "2.6.30", "2001:db8:85a3:8d3:1319:8a2e:370:73", CIFSAF_KERNEL_ACCEPTS },
		{ "2.6.30", "2001:db8:85a3:8d3:1319:8a2e:370:7348", CIFSAF_KERNEL_TOO_LONG },
		{ "2.6.30", "fe80::1%2", CIFSAF_KERNEL_NO_SCOPE },
		/* 2.6.31 on: full length and numeric scope ids. */
		{ "2.6.31", "2001:db8:85a3:8d3:1319:8a2e:370:7348", CIFSAF_KERNEL_ACCEPTS },
		{ "2.6.32-754.el6.x86_64", "fe80::1%2", CIFSAF_KERNEL_ACCEPTS },
		{ "6.1.0-27-amd64", "fe80::1", CIFSAF_KERNEL_LINK_LOCAL_UNSCOPED },
		{ "6.1.0-27-amd64", "2001:db8::10", CIFSAF_KERNEL_ACCEPTS },
		{ "6.1.0-27-amd64", "192.0.2.10", CIFSAF_KERNEL_ACCEPTS },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cifsaf_kernel k = k_of(cases[i].release);
		struct cifsaf_candidate c = testhelp_addr(cases[i].addr);

		ck_assert_msg(cifsaf_kernel_check(&k, &c) == cases[i].want, "%s on %s: got %d want %d",
			      cases[i].addr, cases[i].release, cifsaf_kernel_check(&k, &c),
			      cases[i].want);
		ck_assert_ptr_ne(cifsaf_kernel_verdict_text(cases[i].want), NULL);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = testhelp_tcase("kernel");

	tcase_add_test(tc, versions_parse);
	tcase_add_test(tc, bad_releases_rejected);
	tcase_add_test(tc, filter_table);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
