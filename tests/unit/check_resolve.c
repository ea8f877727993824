/* Unit tests: resolver/resolve.c: literals, and the lookups through the
 * fork driver with a fake lookup table. */
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
	{ "v4.test", 0, { "192.0.2.4", NULL } },
	{ "gone.test", EAI_NONAME, { NULL } },
	{ "again.test", EAI_AGAIN, { NULL } },
};

/* Real children on the real clock: a delay long enough for a slow machine
 * (valgrind) to hear from both families. */
static const struct cifsaf_gather_params params = { 5000, 10000 };
static struct fake_dns dns;

static int resolve(const char *host, enum cifsaf_lookup_mode mode, struct cifsaf_resolution *res)
{
	fake_dns_init(&dns, hosts, sizeof(hosts) / sizeof(hosts[0]));
	return cifsaf_resolve(test_mem, host, mode, &params, &fake_lookup_ops, &dns, NULL, res);
}

static void assert_addr(const struct cifsaf_candidate *c, const char *text)
{
	struct cifsaf_candidate want = testhelp_addr(text);

	ck_assert_msg(cifsaf_candidate_equal(c, &want), "address is not %s", text);
}

START_TEST(both_families_aaaa_first)
{
	struct cifsaf_resolution res;

	ck_assert_int_eq(resolve("fs.test", CIFSAF_LOOKUP_BOTH, &res), 0);
	ck_assert_uint_eq(res.n, 2);
	assert_addr(&res.addrs[0], "2001:db8::10");
	assert_addr(&res.addrs[1], "192.0.2.10");
	ck_assert_int_eq(*dns.lookups, 2);
	ck_assert_uint_eq(res.n_lookups, 2);
	ck_assert_int_eq(res.lookups[0].family, AF_INET6);
	ck_assert_int_eq(res.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_uint_eq(res.lookups[0].n_addrs, 1);
	ck_assert_int_eq(res.lookups[1].family, AF_INET);
	ck_assert_int_eq(res.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert(!res.literal);
}
END_TEST

START_TEST(one_family_one_lookup)
{
	struct cifsaf_resolution res;

	ck_assert_int_eq(resolve("fs.test", CIFSAF_LOOKUP_V4, &res), 0);
	ck_assert_uint_eq(res.n, 1);
	assert_addr(&res.addrs[0], "192.0.2.10");
	ck_assert_int_eq(*dns.lookups, 1);
	ck_assert_uint_eq(res.n_lookups, 1);
	ck_assert_int_eq(res.lookups[0].family, AF_INET);

	ck_assert_int_eq(resolve("fs.test", CIFSAF_LOOKUP_V6, &res), 0);
	ck_assert_uint_eq(res.n, 1);
	assert_addr(&res.addrs[0], "2001:db8::10");
	ck_assert_int_eq(*dns.lookups, 1);

	ck_assert_int_eq(resolve("fs.test", CIFSAF_LOOKUP_UNSPEC, &res), 0);
	ck_assert_uint_eq(res.n, 2);
	ck_assert_int_eq(res.lookups[0].family, AF_UNSPEC);
	ck_assert_int_eq(*dns.lookups, 1);
}
END_TEST

START_TEST(duplicates_removed)
{
	struct cifsaf_resolution res;

	ck_assert_int_eq(resolve("dup.test", CIFSAF_LOOKUP_UNSPEC, &res), 0);
	ck_assert_uint_eq(res.n, 3);
	assert_addr(&res.addrs[0], "192.0.2.1");
	assert_addr(&res.addrs[1], "2001:db8::1");
	assert_addr(&res.addrs[2], "192.0.2.2");
	/* The lookup's own count is what it answered, duplicates included. */
	ck_assert_uint_eq(res.lookups[0].n_addrs, 5);
}
END_TEST

START_TEST(one_family_missing_is_not_an_error)
{
	struct cifsaf_resolution res;

	ck_assert_int_eq(resolve("v4.test", CIFSAF_LOOKUP_BOTH, &res), 0);
	ck_assert_uint_eq(res.n, 1);
	ck_assert_int_eq(res.lookups[0].outcome, CIFSAF_LOOKUP_FAILED);
	ck_assert_int_eq(res.lookups[0].gai_error, EAI_NODATA);
	ck_assert_int_eq(res.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
	/* and asked for AAAA alone, that family's answer is the error */
	ck_assert_int_eq(resolve("v4.test", CIFSAF_LOOKUP_V6, &res), -ENOENT);
	ck_assert_int_eq(res.gai_error, EAI_NODATA);
	ck_assert_str_ne(gai_strerror(res.gai_error), "Unknown error");
}
END_TEST

START_TEST(literals_need_no_lookup)
{
	static const char *const lits[] = { "192.0.2.5", "2001:db8::5", "[2001:db8::5]", "fe80::5%1" };
	struct cifsaf_resolution res;
	size_t i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(resolve(lits[i], CIFSAF_LOOKUP_BOTH, &res), 0);
		ck_assert_uint_eq(res.n, 1);
		ck_assert(res.literal);
		ck_assert_uint_eq(res.n_lookups, 0);
		ck_assert_int_eq(*dns.lookups, 0);
	}
	ck_assert_int_eq(resolve("fe80::5%nosuchif9", CIFSAF_LOOKUP_BOTH, &res), -ENODEV);
	ck_assert_int_eq(*dns.lookups, 0);
}
END_TEST

START_TEST(real_error_is_kept)
{
	struct cifsaf_resolution res;

	ck_assert_int_eq(resolve("gone.test", CIFSAF_LOOKUP_BOTH, &res), -ENOENT);
	ck_assert_int_eq(res.gai_error, EAI_NONAME);
	ck_assert_int_eq(resolve("again.test", CIFSAF_LOOKUP_BOTH, &res), -ENOENT);
	ck_assert_int_eq(res.gai_error, EAI_AGAIN);
	ck_assert_str_ne(gai_strerror(res.gai_error), "Unknown error");
	ck_assert_int_eq(resolve("unknown.test", CIFSAF_LOOKUP_V4, &res), -ENOENT);
	ck_assert_int_eq(res.gai_error, EAI_NONAME);
}
END_TEST

START_TEST(real_getaddrinfo_on_localhost)
{
	struct cifsaf_resolution res;

	/* "localhost" comes from /etc/hosts: no network needed. */
	ck_assert_int_eq(cifsaf_resolve(test_mem, "localhost", CIFSAF_LOOKUP_UNSPEC, &params,
					&cifsaf_getaddrinfo_ops, NULL, NULL, &res), 0);
	ck_assert_uint_ge(res.n, 1);
	ck_assert_int_eq(cifsaf_resolve(test_mem, "localhost", CIFSAF_LOOKUP_V4, &params,
					&cifsaf_getaddrinfo_ops, NULL, NULL, &res), 0);
	ck_assert_uint_ge(res.n, 1);
	ck_assert_int_eq(res.addrs[0].family, AF_INET);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = testhelp_tcase("resolve");

	tcase_add_test(tc, both_families_aaaa_first);
	tcase_add_test(tc, one_family_one_lookup);
	tcase_add_test(tc, duplicates_removed);
	tcase_add_test(tc, one_family_missing_is_not_an_error);
	tcase_add_test(tc, literals_need_no_lookup);
	tcase_add_test(tc, real_error_is_kept);
	tcase_add_test(tc, real_getaddrinfo_on_localhost);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
