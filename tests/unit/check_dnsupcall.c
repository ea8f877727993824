/* Unit tests: resolver/dnsupcall.c, what cifs-af.dnsresolver reads from a
 * dns_resolver request and the payload it answers with. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "testhelp.h"
#include "resolver/dnsupcall.h"

static int describe(const char *desc, struct cifsaf_upcall_request *r)
{
	return cifsaf_upcall_parse_description(desc, strlen(desc), r);
}

START_TEST(host_names_are_ours)
{
	struct cifsaf_upcall_request r;

	ck_assert_int_eq(describe("v6drop.test", &r), 0);
	ck_assert_int_eq(r.kind, CIFSAF_UPCALL_HOST);
	ck_assert_str_eq(r.host, "v6drop.test");
	ck_assert_int_eq(describe("FS.Example.com.", &r), 0);
	ck_assert_str_eq(r.host, "FS.Example.com.");	/* as asked: the resolver takes any case */
	/* an IPv4 literal resolves to itself */
	ck_assert_int_eq(describe("192.0.2.1", &r), 0);
	ck_assert_int_eq(r.kind, CIFSAF_UPCALL_HOST);
}
END_TEST

START_TEST(typed_queries_are_passed_on)
{
	static const char *const typed[] = { "afsdb:example.com", "srv:_afs3-vlserver._udp.example.com",
					     "a:fs.test", "x:", ":fs.test", "2001:db8::1" };
	struct cifsaf_upcall_request r;
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		ck_assert_msg(describe(typed[i], &r) == 0, "%s", typed[i]);
		ck_assert_msg(r.kind == CIFSAF_UPCALL_PASS, "%s", typed[i]);
		ck_assert_str_eq(r.host, "");
	}
}
END_TEST

START_TEST(bad_descriptions_are_refused)
{
	static const char *const bad[] = { "", "fs test", "fs;rm", "-fs", "fs..test", "fs\tx", "f/s",
					   "\xff" };
	struct cifsaf_upcall_request r;
	char big[CIFSAF_KEY_DESCRIBE_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(describe(bad[i], &r) == -EINVAL, "%s", bad[i]);
	ck_assert_int_eq(cifsaf_upcall_parse_description("fs\0x", 4, &r), -EINVAL);
	memset(big, 'a', sizeof(big));
	ck_assert_int_eq(cifsaf_upcall_parse_description(big, sizeof(big), &r), -EINVAL);
	/* a typed query is passed on whatever its length up to the limit */
	big[0] = 'x';
	big[1] = ':';
	ck_assert_int_eq(cifsaf_upcall_parse_description(big, CIFSAF_KEY_DESCRIBE_MAX, &r), 0);
	ck_assert_int_eq(r.kind, CIFSAF_UPCALL_PASS);
}
END_TEST

static int options(const char *text, struct cifsaf_upcall_options *o, const char **bad)
{
	return cifsaf_upcall_parse_options(text, strlen(text), o, bad);
}

START_TEST(options_as_key_dns_resolver_reads_them)
{
	struct cifsaf_upcall_options o;
	const char *bad;

	ck_assert_int_eq(options("", &o, &bad), 0);
	ck_assert(!o.ipv4 && !o.ipv6 && !o.list);
	ck_assert_int_eq(options("list", &o, &bad), 0);
	ck_assert(o.list && !o.ipv4 && !o.ipv6);
	ck_assert_int_eq(options("  ipv4   list ", &o, &bad), 0);
	ck_assert(o.list && o.ipv4 && !o.ipv6);
	ck_assert_int_eq(options("ipv6", &o, &bad), 0);
	ck_assert(o.ipv6 && !o.ipv4);
	/* a value after '=' does not change the name's meaning */
	ck_assert_int_eq(options("ipv4=yes srv=1 foo", &o, &bad), 0);
	ck_assert(o.ipv4);
	ck_assert_uint_eq(o.ignored, 2);
	ck_assert_int_eq(options("listing", &o, &bad), 0);
	ck_assert(!o.list);
	ck_assert_uint_eq(o.ignored, 1);
}
END_TEST

START_TEST(options_refused)
{
	struct cifsaf_upcall_options o;
	const char *bad, *text = "ipv4 list,ipv6";
	char big[CIFSAF_UPCALL_CALLOUT_MAX + 1];

	ck_assert_int_eq(options(text, &o, &bad), -EINVAL);
	ck_assert_ptr_eq(bad, text + 5);
	ck_assert_int_eq(options("list\n", &o, &bad), -EINVAL);
	ck_assert_ptr_eq(bad, NULL);
	ck_assert_int_eq(options("list\t", &o, &bad), -EINVAL);
	ck_assert_int_eq(cifsaf_upcall_parse_options("li\0st", 5, &o, &bad), -EINVAL);
	memset(big, 'a', sizeof(big));
	ck_assert_int_eq(cifsaf_upcall_parse_options(big, sizeof(big), &o, &bad), -E2BIG);
	ck_assert_int_eq(cifsaf_upcall_parse_options(big, sizeof(big) - 1, &o, &bad), 0);
}
END_TEST

START_TEST(families_filtered)
{
	struct cifsaf_candidate c[4];
	struct cifsaf_upcall_options o;

	memset(&o, 0, sizeof(o));
	c[0] = testhelp_addr("2001:db8::1");
	c[1] = testhelp_addr("192.0.2.1");
	c[2] = testhelp_addr("2001:db8::2");
	c[3] = testhelp_addr("192.0.2.2");
	ck_assert_uint_eq(cifsaf_upcall_filter(&o, c, 4), 4);
	o.ipv4 = o.ipv6 = true;
	ck_assert_uint_eq(cifsaf_upcall_filter(&o, c, 4), 4);
	o.ipv6 = false;
	ck_assert_uint_eq(cifsaf_upcall_filter(&o, c, 4), 2);
	ck_assert_int_eq(c[0].family, AF_INET);
	ck_assert_int_eq(c[1].addr.v4.s_addr, testhelp_addr("192.0.2.2").addr.v4.s_addr);
	o.ipv4 = false;
	o.ipv6 = true;
	ck_assert_uint_eq(cifsaf_upcall_filter(&o, c, 2), 0);
}
END_TEST

START_TEST(payloads)
{
	struct cifsaf_candidate c[3];
	char buf[CIFSAF_UPCALL_PAYLOAD_MAX];

	c[0] = testhelp_addr("192.0.2.1");
	c[1] = testhelp_addr("2001:db8::2");
	c[2] = testhelp_addr("fe80::1%2");
	/* the NUL the kernel wants is counted */
	ck_assert_int_eq(cifsaf_upcall_payload(c, 3, false, buf, sizeof(buf)), 10);
	ck_assert_str_eq(buf, "192.0.2.1");
	ck_assert_int_eq(buf[9], '\0');
	ck_assert_int_eq(cifsaf_upcall_payload(c, 3, true, buf, sizeof(buf)),
			 (int)strlen("192.0.2.1,2001:db8::2,fe80::1%2") + 1);
	ck_assert_str_eq(buf, "192.0.2.1,2001:db8::2,fe80::1%2");
	ck_assert_int_eq(cifsaf_upcall_payload(c, 0, true, buf, sizeof(buf)), -ENODATA);
	/* never cut: 10 bytes hold the first address and its NUL, no more */
	ck_assert_int_eq(cifsaf_upcall_payload(c, 1, false, buf, 10), 10);
	ck_assert_int_eq(cifsaf_upcall_payload(c, 1, false, buf, 9), -E2BIG);
	ck_assert_int_eq(cifsaf_upcall_payload(c, 2, true, buf, 12), -E2BIG);
	ck_assert_int_eq(cifsaf_upcall_payload(c, 2, true, buf, 0), -E2BIG);
}
END_TEST

START_TEST(rejections)
{
	unsigned t;
	int e;

	cifsaf_upcall_rejection(EAI_NONAME, &e, &t);
	ck_assert_int_eq(e, ENODATA);
	ck_assert_uint_eq(t, 60);
	cifsaf_upcall_rejection(0, &e, &t);
	ck_assert_int_eq(e, ENODATA);
	cifsaf_upcall_rejection(EAI_AGAIN, &e, &t);
	ck_assert_int_eq(e, EAGAIN);
	ck_assert_uint_eq(t, 1);
	cifsaf_upcall_rejection(EAI_FAIL, &e, &t);
	ck_assert_int_eq(e, ECONNREFUSED);
	ck_assert_uint_eq(t, 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dnsupcall");
	TCase *tc = testhelp_tcase("dnsupcall");

	tcase_add_test(tc, host_names_are_ours);
	tcase_add_test(tc, typed_queries_are_passed_on);
	tcase_add_test(tc, bad_descriptions_are_refused);
	tcase_add_test(tc, options_as_key_dns_resolver_reads_them);
	tcase_add_test(tc, options_refused);
	tcase_add_test(tc, families_filtered);
	tcase_add_test(tc, payloads);
	tcase_add_test(tc, rejections);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
