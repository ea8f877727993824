/* Unit tests: resolver/candidate.c (literal parsing and ip= formatting). */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "testhelp.h"
#include "resolver/candidate.h"

static void roundtrip(const char *in, const char *want)
{
	struct cifsaf_candidate c;
	char buf[CIFSAF_ADDRSTRLEN];

	ck_assert_int_eq(cifsaf_candidate_parse_literal(in, &c), 0);
	ck_assert_int_eq(cifsaf_candidate_format(&c, buf, sizeof(buf)), (int)strlen(want));
	ck_assert_str_eq(buf, want);
}

START_TEST(literals_parse_and_format)
{
	roundtrip("192.0.2.1", "192.0.2.1");
	roundtrip("2001:db8::1", "2001:db8::1");
	roundtrip("[2001:db8::1]", "2001:db8::1");
	roundtrip("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
	roundtrip("fe80::1%2", "fe80::1%2");
	roundtrip("[fe80::1%7]", "fe80::1%7");
	/* A global address never carries a scope to the kernel. */
	roundtrip("2001:db8::1%3", "2001:db8::1");
}
END_TEST

START_TEST(interface_name_scope_becomes_index)
{
	struct cifsaf_candidate c;
	unsigned lo = if_nametoindex("lo");

	ck_assert_uint_ne(lo, 0);
	ck_assert_int_eq(cifsaf_candidate_parse_literal("fe80::1%lo", &c), 0);
	ck_assert_uint_eq(c.scope_id, lo);
	ck_assert_int_eq(cifsaf_candidate_parse_literal("fe80::1%nosuchif0", &c), -ENODEV);
}
END_TEST

START_TEST(non_literals_rejected)
{
	static const char *const bad[] = {
		"fileserver", "fs.example.com", "", "[", "[]", "[2001:db8::1", "2001:db8::1]",
		"192.0.2", "192.0.2.256", "fe80::1%", "fe80::1%0", "fe80::1%4294967296",
		"1.2.3.4%1", "2001:db8::1::2", "::ffff:1.2.3.4.5",
		"[fe80::1%aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]",
	};
	struct cifsaf_candidate c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cifsaf_candidate_parse_literal(bad[i], &c) < 0, "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(format_never_truncates)
{
	struct cifsaf_candidate c = testhelp_addr("fe80::1234:5678:9abc:def0%4294967295");
	char small[10];
	char big[CIFSAF_ADDRSTRLEN];

	ck_assert_int_eq(cifsaf_candidate_format(&c, small, sizeof(small)), -ENOSPC);
	ck_assert_int_gt(cifsaf_candidate_format(&c, big, sizeof(big)), 0);
	ck_assert_str_eq(big, "fe80::1234:5678:9abc:def0%4294967295");
}
END_TEST

START_TEST(text_len_excludes_scope)
{
	struct cifsaf_candidate c = testhelp_addr("fe80::1%12");

	ck_assert_uint_eq(cifsaf_candidate_text_len(&c), strlen("fe80::1"));
}
END_TEST

START_TEST(sockaddr_roundtrip_and_link_local)
{
	struct sockaddr_storage ss;
	struct cifsaf_candidate in = testhelp_addr("fe80::5%3"), out;
	struct cifsaf_candidate g = testhelp_addr("2001:db8::5");
	socklen_t len;

	len = cifsaf_candidate_sockaddr(&in, 445, &ss);
	ck_assert_int_eq(cifsaf_candidate_from_sockaddr((struct sockaddr *)&ss, len, &out), 0);
	ck_assert(cifsaf_candidate_equal(&in, &out));
	ck_assert(cifsaf_candidate_is_link_local(&in));
	ck_assert(!cifsaf_candidate_is_link_local(&g));
	/* A scope id reported on a global address is cleared. */
	len = cifsaf_candidate_sockaddr(&g, 445, &ss);
	((struct sockaddr_in6 *)&ss)->sin6_scope_id = 9;
	ck_assert_int_eq(cifsaf_candidate_from_sockaddr((struct sockaddr *)&ss, len, &out), 0);
	ck_assert_uint_eq(out.scope_id, 0);
	ss.ss_family = AF_UNIX;
	ck_assert_int_eq(cifsaf_candidate_from_sockaddr((struct sockaddr *)&ss, len, &out),
			 -EAFNOSUPPORT);
}
END_TEST

START_TEST(ipv4_sockaddr_and_family_names)
{
	struct sockaddr_storage ss;
	struct cifsaf_candidate in = testhelp_addr("192.0.2.7"), out;
	socklen_t len = cifsaf_candidate_sockaddr(&in, 445, &ss);

	ck_assert_int_eq(cifsaf_candidate_from_sockaddr((struct sockaddr *)&ss, len, &out), 0);
	ck_assert(cifsaf_candidate_equal(&in, &out));
	/* Too short for a sockaddr_in: refused, not read past its end. */
	ck_assert_int_eq(cifsaf_candidate_from_sockaddr((struct sockaddr *)&ss, len - 1, &out),
			 -EAFNOSUPPORT);
	ck_assert_str_eq(cifsaf_family_name(AF_INET), "IPv4");
	ck_assert_str_eq(cifsaf_family_name(AF_INET6), "IPv6");
	ck_assert_str_eq(cifsaf_family_name(AF_UNIX), "unknown family");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("candidate");
	TCase *tc = testhelp_tcase("candidate");

	tcase_add_test(tc, literals_parse_and_format);
	tcase_add_test(tc, interface_name_scope_becomes_index);
	tcase_add_test(tc, non_literals_rejected);
	tcase_add_test(tc, format_never_truncates);
	tcase_add_test(tc, text_len_excludes_scope);
	tcase_add_test(tc, sockaddr_roundtrip_and_link_local);
	tcase_add_test(tc, ipv4_sockaddr_and_family_names);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
