/* Unit tests: resolver/gather.c, the resolution state machine, driven by
 * hand with made-up times. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <sys/socket.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/gather.h"

#define T0 5000	/* not zero: the machine must work with relative times */

static const struct cifsaf_gather_params params = { 50, 10000 };

static void add(struct cifsaf_gather *g, size_t idx, const char *addr)
{
	struct cifsaf_candidate c = testhelp_addr(addr);

	ck_assert_int_eq(cifsaf_gather_add(g, idx, &c), 0);
}

static enum cifsaf_gather_step next(struct cifsaf_gather *g, int64_t rel, int64_t *wake_rel)
{
	int64_t wake = -1;
	enum cifsaf_gather_step s = cifsaf_gather_next(g, T0 + rel, &wake);

	if (s == CIFSAF_GATHER_WAIT)
		*wake_rel = wake - T0;
	return s;
}

START_TEST(both_answer_at_once)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	ck_assert_uint_eq(g.n_lookups, 2);
	ck_assert_int_eq(g.lookups[0].family, AF_INET6);	/* AAAA is started first */
	ck_assert_int_eq(g.lookups[1].family, AF_INET);
	ck_assert_int_eq(next(&g, 0, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 10000);	/* nothing answered: only the cap */
	add(&g, 1, "192.0.2.1");
	cifsaf_gather_finish(&g, 1, 0, 0, T0 + 3);
	ck_assert_int_eq(next(&g, 3, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 53);	/* the Resolution Delay for AAAA */
	add(&g, 0, "2001:db8::1");
	add(&g, 0, "2001:db8::2");
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 12);
	ck_assert_int_eq(next(&g, 12, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_eq(g.lookups[0].ms, 12);
	ck_assert_uint_eq(g.lookups[0].n_addrs, 2);
	ck_assert_int_eq(g.lookups[1].ms, 3);
	ck_assert_int_eq(g.done_ms, 12);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(c[0].family, AF_INET6);	/* AAAA's answers first */
	ck_assert_int_eq(c[2].family, AF_INET);
}
END_TEST

START_TEST(late_aaaa_is_abandoned_after_the_delay)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c, late = testhelp_addr("2001:db8::1");
	size_t n;
	int gai, err;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	add(&g, 1, "192.0.2.1");
	cifsaf_gather_finish(&g, 1, 0, 0, T0 + 5);
	ck_assert_int_eq(next(&g, 54, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 55);
	ck_assert_int_eq(next(&g, 55, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ABANDONED);
	ck_assert_int_eq(g.lookups[0].ms, 55);
	ck_assert_int_eq(g.lookups[0].gai_error, 0);
	/* an answer after that is ignored */
	ck_assert_int_eq(cifsaf_gather_add(&g, 0, &late), -EINVAL);
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 60);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ABANDONED);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(c[0].family, AF_INET);
}
END_TEST

START_TEST(aaaa_within_the_delay_is_used)
{
	struct cifsaf_gather g;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	add(&g, 1, "192.0.2.1");
	cifsaf_gather_finish(&g, 1, 0, 0, T0 + 1);
	ck_assert_int_eq(next(&g, 50, &wake), CIFSAF_GATHER_WAIT);
	add(&g, 0, "2001:db8::1");
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 50);
	ck_assert_int_eq(next(&g, 50, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
}
END_TEST

START_TEST(aaaa_first_gives_a_the_same_delay)
{
	struct cifsaf_gather g;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	add(&g, 0, "2001:db8::1");
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 2);
	ck_assert_int_eq(next(&g, 2, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 52);
	ck_assert_int_eq(next(&g, 52, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ABANDONED);
}
END_TEST

START_TEST(a_negative_answer_starts_no_delay)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;

	/* A says "no such address"; the decision waits for AAAA as long as it
	 * takes, up to the cap: there is nothing to go on with yet. */
	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	cifsaf_gather_finish(&g, 1, EAI_NODATA, 0, T0 + 1);
	ck_assert_int_eq(next(&g, 500, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 10000);
	add(&g, 0, "2001:db8::1");
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 900);
	ck_assert_int_eq(next(&g, 900, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_FAILED);
	ck_assert_int_eq(g.lookups[1].gai_error, EAI_NODATA);
}
END_TEST

START_TEST(hard_cap_times_out_both)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	ck_assert_int_eq(next(&g, 9999, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 10000);
	ck_assert_int_eq(next(&g, 10000, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_TIMED_OUT);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_TIMED_OUT);
	ck_assert_int_eq(g.lookups[1].ms, 10000);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_AGAIN);
}
END_TEST

START_TEST(hard_cap_keeps_what_answered)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;
	struct cifsaf_gather_params long_delay = { 20000, 10000 };

	/* A Resolution Delay beyond the cap: the cap wins, AAAA times out. */
	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &long_delay, T0);
	add(&g, 1, "192.0.2.1");
	cifsaf_gather_finish(&g, 1, 0, 0, T0 + 10);
	ck_assert_int_eq(next(&g, 10, &wake), CIFSAF_GATHER_WAIT);
	ck_assert_int_eq(wake, 10000);
	ck_assert_int_eq(next(&g, 10001, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_TIMED_OUT);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(single_lookup_needs_no_delay)
{
	struct cifsaf_gather g;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_V4, &params, T0);
	ck_assert_uint_eq(g.n_lookups, 1);
	ck_assert_int_eq(g.lookups[0].family, AF_INET);
	add(&g, 0, "192.0.2.1");
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 4);
	ck_assert_int_eq(next(&g, 4, &wake), CIFSAF_GATHER_DONE);

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_V6, &params, T0);
	ck_assert_int_eq(g.lookups[0].family, AF_INET6);
	cifsaf_gather_init(&g, CIFSAF_LOOKUP_UNSPEC, &params, T0);
	ck_assert_int_eq(g.lookups[0].family, AF_UNSPEC);
	add(&g, 0, "2001:db8::1");
	add(&g, 0, "192.0.2.1");	/* an AF_UNSPEC lookup takes both */
}
END_TEST

START_TEST(wrong_family_and_limit_refused)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate v6 = testhelp_addr("2001:db8::1"), v4 = testhelp_addr("192.0.2.1");
	size_t i;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	ck_assert_int_eq(cifsaf_gather_add(&g, 1, &v6), -EINVAL);	/* A lookup, IPv6 address */
	ck_assert_int_eq(cifsaf_gather_add(&g, 0, &v4), -EINVAL);
	ck_assert_int_eq(cifsaf_gather_add(&g, 2, &v4), -EINVAL);	/* no such lookup */
	for (i = 0; i < CIFSAF_LOOKUP_MAX_ADDRS; i++) {
		v4.addr.v4.s_addr = htonl(0xc0000200 + (uint32_t)i);
		ck_assert_int_eq(cifsaf_gather_add(&g, 1, &v4), 0);
	}
	ck_assert_int_eq(cifsaf_gather_add(&g, 1, &v4), -ENOSPC);
	ck_assert_uint_eq(g.lookups[1].n_addrs, CIFSAF_LOOKUP_MAX_ADDRS);
}
END_TEST

START_TEST(success_without_address_is_nodata)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_V4, &params, T0);
	cifsaf_gather_finish(&g, 0, 0, 0, T0 + 1);
	ck_assert_int_eq(next(&g, 1, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_FAILED);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_NODATA);
}
END_TEST

START_TEST(most_meaningful_error_wins)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t wake;

	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	cifsaf_gather_finish(&g, 0, EAI_NODATA, 0, T0 + 1);
	cifsaf_gather_finish(&g, 1, EAI_NONAME, 0, T0 + 2);
	ck_assert_int_eq(next(&g, 2, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_NONAME);

	/* EAI_SYSTEM keeps its errno, and beats "no address of this family" */
	cifsaf_gather_init(&g, CIFSAF_LOOKUP_BOTH, &params, T0);
	cifsaf_gather_finish(&g, 0, EAI_NODATA, 0, T0 + 1);
	cifsaf_gather_finish(&g, 1, EAI_SYSTEM, EMFILE, T0 + 2);
	ck_assert_int_eq(next(&g, 2, &wake), CIFSAF_GATHER_DONE);
	ck_assert_int_eq(g.lookups[0].sys_errno, 0);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_SYSTEM);
	ck_assert_int_eq(err, EMFILE);

	ck_assert_int_eq(cifsaf_gai_error_pick(EAI_AGAIN, EAI_NODATA), EAI_AGAIN);
	ck_assert_int_eq(cifsaf_gai_error_pick(EAI_NODATA, EAI_AGAIN), EAI_AGAIN);
	ck_assert_int_eq(cifsaf_gai_error_pick(EAI_AGAIN, EAI_NONAME), EAI_NONAME);
	ck_assert_int_eq(cifsaf_gai_error_pick(EAI_FAIL, EAI_AGAIN), EAI_FAIL);
	ck_assert_int_eq(cifsaf_gai_error_pick(0, EAI_AGAIN), EAI_AGAIN);
	ck_assert_int_eq(cifsaf_gai_error_pick(EAI_SERVICE, EAI_NODATA), EAI_SERVICE);
}
END_TEST

START_TEST(family_names)
{
	ck_assert_str_eq(cifsaf_lookup_family_name(AF_INET6), "AAAA");
	ck_assert_str_eq(cifsaf_lookup_family_name(AF_INET), "A");
	ck_assert_str_eq(cifsaf_lookup_family_name(AF_UNSPEC), "A/AAAA");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gather");
	TCase *tc = testhelp_tcase("gather");

	tcase_add_test(tc, both_answer_at_once);
	tcase_add_test(tc, late_aaaa_is_abandoned_after_the_delay);
	tcase_add_test(tc, aaaa_within_the_delay_is_used);
	tcase_add_test(tc, aaaa_first_gives_a_the_same_delay);
	tcase_add_test(tc, a_negative_answer_starts_no_delay);
	tcase_add_test(tc, hard_cap_times_out_both);
	tcase_add_test(tc, hard_cap_keeps_what_answered);
	tcase_add_test(tc, single_lookup_needs_no_delay);
	tcase_add_test(tc, wrong_family_and_limit_refused);
	tcase_add_test(tc, success_without_address_is_nodata);
	tcase_add_test(tc, most_meaningful_error_wins);
	tcase_add_test(tc, family_names);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
