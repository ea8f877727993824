/* Unit tests: resolver/policy.c (names, built-in defaults, ordering). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "testhelp.h"
#include "resolver/policy.h"

static void expect_order(enum cifsaf_policy p, const char *const *in, const char *want)
{
	struct cifsaf_candidate cin[64], out[64];
	char got[2048] = "", text[CIFSAF_ADDRSTRLEN];
	size_t n = 0, k, i;

	while (in[n] != NULL) {
		cin[n] = testhelp_addr(in[n]);
		n++;
	}
	k = cifsaf_policy_order(p, cin, n, out);
	for (i = 0; i < k; i++) {
		ck_assert_int_gt(cifsaf_candidate_format(&out[i], text, sizeof(text)), 0);
		if (i > 0)
			strcat(got, " ");
		strcat(got, text);
	}
	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s' want '%s'", cifsaf_policy_name(p), got,
		      want);
}

START_TEST(names_roundtrip)
{
	static const char *const names[] = {
		"system", "v4-only", "v6-only", "v4-preferred", "v6-preferred", "happy-eyeballs",
	};
	enum cifsaf_policy p;
	size_t i;

	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(cifsaf_policy_from_name(names[i], &p), 0);
		ck_assert_str_eq(cifsaf_policy_name(p), names[i]);
	}
	ck_assert_int_eq(cifsaf_policy_from_name("V4-ONLY", &p), -EINVAL);
	ck_assert_int_eq(cifsaf_policy_from_name("happy", &p), -EINVAL);
	ck_assert_int_eq(cifsaf_policy_from_name("", &p), -EINVAL);
}
END_TEST

START_TEST(builtin_defaults)
{
	struct cifsaf_kernel k;
	const char *why;

	ck_assert_int_eq(cifsaf_kernel_parse("2.6.18-308.8.1.el5", &k), 0);
	ck_assert_int_eq(cifsaf_policy_builtin(&k, &why), CIFSAF_POLICY_V4_ONLY);
	ck_assert_ptr_ne(strstr(why, "RHEL 5"), NULL);
	ck_assert_int_eq(cifsaf_kernel_parse("2.6.22", &k), 0);
	ck_assert_int_eq(cifsaf_policy_builtin(&k, &why), CIFSAF_POLICY_V4_ONLY);
	ck_assert_int_eq(cifsaf_kernel_parse("2.6.23", &k), 0);
	ck_assert_int_eq(cifsaf_policy_builtin(&k, &why), CIFSAF_POLICY_HAPPY_EYEBALLS);
	ck_assert_int_eq(cifsaf_kernel_parse("6.1.0-27-amd64", &k), 0);
	ck_assert_int_eq(cifsaf_policy_builtin(&k, &why), CIFSAF_POLICY_HAPPY_EYEBALLS);
	ck_assert_str_eq(why, "built-in rule");
}
END_TEST

START_TEST(orders)
{
	static const char *const mixed[] = {
		"2001:db8::1", "2001:db8::2", "192.0.2.1", "2001:db8::3", "192.0.2.2", NULL,
	};

	expect_order(CIFSAF_POLICY_SYSTEM, mixed, "2001:db8::1 2001:db8::2 192.0.2.1 2001:db8::3 192.0.2.2");
	expect_order(CIFSAF_POLICY_V4_ONLY, mixed, "192.0.2.1 192.0.2.2");
	expect_order(CIFSAF_POLICY_V6_ONLY, mixed, "2001:db8::1 2001:db8::2 2001:db8::3");
	expect_order(CIFSAF_POLICY_V4_PREFERRED, mixed,
		     "192.0.2.1 192.0.2.2 2001:db8::1 2001:db8::2 2001:db8::3");
	expect_order(CIFSAF_POLICY_V6_PREFERRED, mixed,
		     "2001:db8::1 2001:db8::2 2001:db8::3 192.0.2.1 192.0.2.2");
	/* RFC 8305: interleave, IPv6 first, First Address Family Count 1. */
	expect_order(CIFSAF_POLICY_HAPPY_EYEBALLS, mixed,
		     "2001:db8::1 192.0.2.1 2001:db8::2 192.0.2.2 2001:db8::3");
}
END_TEST

START_TEST(interleave_starts_with_ipv6_even_when_ipv4_came_first)
{
	static const char *const v4first[] = { "192.0.2.1", "192.0.2.2", "2001:db8::1", NULL };

	expect_order(CIFSAF_POLICY_HAPPY_EYEBALLS, v4first, "2001:db8::1 192.0.2.1 192.0.2.2");
}
END_TEST

START_TEST(per_family_cap_after_ordering)
{
	struct cifsaf_candidate in[40], out[40];
	char text[64];
	size_t i, k, n4 = 0, n6 = 0;

	for (i = 0; i < 20; i++) {
		snprintf(text, sizeof(text), "2001:db8::%zx", i + 1);
		in[i] = testhelp_addr(text);
		snprintf(text, sizeof(text), "192.0.2.%zu", i + 1);
		in[20 + i] = testhelp_addr(text);
	}
	for (i = 0; i <= CIFSAF_POLICY_HAPPY_EYEBALLS; i++) {
		k = cifsaf_policy_order((enum cifsaf_policy)i, in, 40, out);
		ck_assert_uint_le(k, 2 * CIFSAF_MAX_PER_FAMILY);
	}
	k = cifsaf_policy_order(CIFSAF_POLICY_SYSTEM, in, 40, out);
	for (i = 0; i < k; i++)
		out[i].family == AF_INET6 ? n6++ : n4++;
	ck_assert_uint_eq(n6, CIFSAF_MAX_PER_FAMILY);
	ck_assert_uint_eq(n4, CIFSAF_MAX_PER_FAMILY);
	/* the cap keeps the first ones, in order */
	ck_assert(cifsaf_candidate_equal(&out[0], &in[0]));
	ck_assert(cifsaf_candidate_equal(&out[16], &in[20]));
}
END_TEST

/* The site's DCs (marked) first, each part in the policy's order; the
 * per-family cap over both parts. */
static void expect_ranked(enum cifsaf_policy p, const char *const *in, const char *marks, const char *want)
{
	struct cifsaf_candidate cin[64], out[64];
	char got[4096] = "", text[CIFSAF_ADDRSTRLEN];
	bool first[64];
	size_t n = 0, k, i;

	while (in[n] != NULL) {
		cin[n] = testhelp_addr(in[n]);
		first[n] = marks[n] == '1';
		n++;
	}
	k = cifsaf_policy_order_ranked(p, cin, first, n, out);
	for (i = 0; i < k; i++) {
		ck_assert_int_gt(cifsaf_candidate_format(&out[i], text, sizeof(text)), 0);
		if (i > 0)
			strcat(got, " ");
		strcat(got, text);
	}
	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s' want '%s'", cifsaf_policy_name(p), got, want);
}

START_TEST(site_first_then_the_rest)
{
	static const char *const in[] = { "2001:db8:3:1::20", "2001:db8:2::20", "192.0.2.20", "198.51.100.20",
					  NULL };
	static const char *const many[] = {
		"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7",
		"192.0.2.8", "192.0.2.9", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13",
		"192.0.2.14", "192.0.2.15", "192.0.2.16", "198.51.100.1", NULL,
	};

	expect_ranked(CIFSAF_POLICY_HAPPY_EYEBALLS, in, "0101",
		      "2001:db8:2::20 198.51.100.20 2001:db8:3:1::20 192.0.2.20");
	expect_ranked(CIFSAF_POLICY_V4_ONLY, in, "0101", "198.51.100.20 192.0.2.20");
	expect_ranked(CIFSAF_POLICY_V6_PREFERRED, in, "0001",
		      "198.51.100.20 2001:db8:3:1::20 2001:db8:2::20 192.0.2.20");
	expect_ranked(CIFSAF_POLICY_SYSTEM, in, "0011", "192.0.2.20 198.51.100.20 2001:db8:3:1::20 2001:db8:2::20");
	expect_ranked(CIFSAF_POLICY_HAPPY_EYEBALLS, in, "0000",
		      "2001:db8:3:1::20 192.0.2.20 2001:db8:2::20 198.51.100.20");
	/* 17 IPv4 addresses, the last one the site's: it comes first and the
	 * cap of 16 drops the sixteenth of the rest */
	expect_ranked(CIFSAF_POLICY_V4_ONLY, many, "00000000000000001",
		      "198.51.100.1 192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5 192.0.2.6 192.0.2.7 "
		      "192.0.2.8 192.0.2.9 192.0.2.10 192.0.2.11 192.0.2.12 192.0.2.13 192.0.2.14 192.0.2.15");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = testhelp_tcase("policy");

	tcase_add_test(tc, names_roundtrip);
	tcase_add_test(tc, builtin_defaults);
	tcase_add_test(tc, orders);
	tcase_add_test(tc, interleave_starts_with_ipv6_even_when_ipv4_came_first);
	tcase_add_test(tc, per_family_cap_after_ordering);
	tcase_add_test(tc, site_first_then_the_rest);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
