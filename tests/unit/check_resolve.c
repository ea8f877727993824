/* Unit tests: resolver/resolve.c with a fake lookup table. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/resolve.h"

static const struct fake_host hosts[] = {
	{ "fs.test", 0, { "2001:db8::10", "192.0.2.10", NULL } },
	{ "dup.test", 0, { "192.0.2.1", "2001:db8::1", "192.0.2.1", "2001:db8::1", "192.0.2.2", NULL } },
	{ "gone.test", EAI_NONAME, { NULL } },
	{ "again.test", EAI_AGAIN, { NULL } },
};

static struct fake_dns dns;

static void dns_setup(void)
{
	dns.hosts = hosts;
	dns.n_hosts = sizeof(hosts) / sizeof(hosts[0]);
	dns.lookups = 0;
}

START_TEST(names_resolve_in_order)
{
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	dns_setup();
	ck_assert_int_eq(cifsaf_resolve(test_mem, "fs.test", &fake_lookup_ops, &dns, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(c[0].family, AF_INET6);
	ck_assert_int_eq(c[1].family, AF_INET);
	ck_assert_int_eq(dns.lookups, 1);
}
END_TEST

START_TEST(duplicates_removed)
{
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	dns_setup();
	ck_assert_int_eq(cifsaf_resolve(test_mem, "dup.test", &fake_lookup_ops, &dns, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(cifsaf_candidate_equal(&c[0], &(struct cifsaf_candidate){ 0 }) == false);
	{
		struct cifsaf_candidate a = testhelp_addr("192.0.2.1"), b = testhelp_addr("2001:db8::1"),
					e = testhelp_addr("192.0.2.2");

		ck_assert(cifsaf_candidate_equal(&c[0], &a));
		ck_assert(cifsaf_candidate_equal(&c[1], &b));
		ck_assert(cifsaf_candidate_equal(&c[2], &e));
	}
}
END_TEST

START_TEST(literals_need_no_lookup)
{
	static const char *const lits[] = { "192.0.2.5", "2001:db8::5", "[2001:db8::5]", "fe80::5%1" };
	struct cifsaf_candidate *c;
	size_t n, i;
	int gai, err;

	dns_setup();
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(cifsaf_resolve(test_mem, lits[i], &fake_lookup_ops, &dns, &c, &n, &gai,
						&err), 0);
		ck_assert_uint_eq(n, 1);
	}
	ck_assert_int_eq(dns.lookups, 0);
	ck_assert_int_eq(cifsaf_resolve(test_mem, "fe80::5%nosuchif9", &fake_lookup_ops, &dns, &c, &n,
					&gai, &err), -ENODEV);
}
END_TEST

START_TEST(real_error_is_kept)
{
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	dns_setup();
	ck_assert_int_eq(cifsaf_resolve(test_mem, "gone.test", &fake_lookup_ops, &dns, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_NONAME);
	ck_assert_int_eq(cifsaf_resolve(test_mem, "again.test", &fake_lookup_ops, &dns, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_AGAIN);
	ck_assert_str_ne(gai_strerror(gai), "Unknown error");
	ck_assert_int_eq(cifsaf_resolve(test_mem, "unknown.test", &fake_lookup_ops, &dns, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_NONAME);
}
END_TEST

START_TEST(real_getaddrinfo_on_loopback_literals)
{
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	/* "localhost" comes from /etc/hosts: no network needed. */
	ck_assert_int_eq(cifsaf_resolve(test_mem, "localhost", &cifsaf_getaddrinfo_ops, NULL, &c, &n,
					&gai, &err), 0);
	ck_assert_uint_ge(n, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = testhelp_tcase("resolve");

	tcase_add_test(tc, names_resolve_in_order);
	tcase_add_test(tc, duplicates_removed);
	tcase_add_test(tc, literals_need_no_lookup);
	tcase_add_test(tc, real_error_is_kept);
	tcase_add_test(tc, real_getaddrinfo_on_loopback_literals);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
