/* Unit tests: resolver/race.c driven by a fake network and clock. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "testhelp.h"
#include "resolver/race.h"

struct race_run {
	struct fake_net net;
	struct cifsaf_candidate c[FAKE_MAX_SLOTS];
	struct cifsaf_attempt a[FAKE_MAX_SLOTS];
	size_t n, winner;
	int rc;
	int64_t t_end;	/* fake ms from start when the race returned */
};

static void run_race(struct race_run *r, const struct fake_peer *peers, size_t n, int stagger,
		     int attempt_timeout, int deadline)
{
	struct cifsaf_race_params p = { 445, stagger, attempt_timeout, deadline, NULL, 0 };
	int64_t t0;
	size_t i;

	fake_net_init(&r->net, peers, n);
	for (i = 0; i < n; i++)
		r->c[i] = testhelp_addr(peers[i].addr);
	r->n = n;
	t0 = r->net.now;
	r->winner = (size_t)-1;
	r->rc = cifsaf_race(r->c, n, &p, &fake_probe_ops, &r->net, r->a, &r->winner);
	r->t_end = r->net.now - t0;
	/* Every started connect is closed, the winner's too. */
	ck_assert_uint_eq(r->net.concurrent, 0);
}

START_TEST(first_candidate_connects)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 3, 0 }, { "192.0.2.1", 3, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 2, 250, 0, 5000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 0);
	ck_assert_int_eq(r.t_end, 3);
	ck_assert_int_eq(r.a[1].state, CIFSAF_ATTEMPT_NOT_TRIED);
	ck_assert_uint_eq(r.net.n_started, 1);
}
END_TEST

START_TEST(blackholed_first_family_costs_one_delay)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", 2, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 2, 250, 0, 5000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.a[1].started_ms, 250);
	ck_assert_int_eq(r.t_end, 252);
	/* the earlier attempt was left open until the winner, then closed */
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_ABANDONED);
	ck_assert_uint_eq(r.net.max_concurrent, 2);
}
END_TEST

START_TEST(refused_starts_next_at_once)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 2, 250, 0, 5000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(r.a[0].error, -ECONNREFUSED);
	ck_assert_int_eq(r.a[1].started_ms, 1);
	ck_assert_int_eq(r.t_end, 2);
}
END_TEST

START_TEST(immediate_failures_do_not_wait)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 0, -ENETUNREACH }, { "2001:db8::2", 0, -ENETUNREACH },
		{ "192.0.2.1", 5, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 3, 250, 0, 5000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 2);
	ck_assert_int_eq(r.t_end, 5);
}
END_TEST

START_TEST(many_dead_candidates_then_one_alive)
{
	/* 8 blackholed IPv6 interleaved with 1 IPv4: happy-eyeballs order puts
	 * the IPv4 second, so the decision costs one delay however many dead
	 * addresses follow. */
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", 1, 0 },
		{ "2001:db8::2", FAKE_NEVER, 0 }, { "2001:db8::3", FAKE_NEVER, 0 },
		{ "2001:db8::4", FAKE_NEVER, 0 }, { "2001:db8::5", FAKE_NEVER, 0 },
		{ "2001:db8::6", FAKE_NEVER, 0 }, { "2001:db8::7", FAKE_NEVER, 0 },
		{ "2001:db8::8", FAKE_NEVER, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 9, 250, 0, 5000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.t_end, 251);
	ck_assert_uint_eq(r.net.n_started, 2);
}
END_TEST

START_TEST(all_dead_hits_deadline)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", FAKE_NEVER, 0 },
		{ "2001:db8::2", FAKE_NEVER, 0 },
	};
	struct race_run r;
	size_t i;

	run_race(&r, peers, 3, 250, 0, 5000);
	ck_assert_int_eq(r.rc, -ETIMEDOUT);
	ck_assert_int_eq(r.t_end, 5000);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(r.a[i].state, CIFSAF_ATTEMPT_TIMED_OUT);
		ck_assert_int_eq(r.a[i].started_ms, (int64_t)(250 * i));
	}
	ck_assert_uint_eq(r.net.max_concurrent, 3);
}
END_TEST

START_TEST(all_refused_returns_last_error)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 2, -ECONNREFUSED }, { "192.0.2.1", 2, -EHOSTUNREACH },
	};
	struct race_run r;

	run_race(&r, peers, 2, 250, 0, 5000);
	ck_assert_int_eq(r.rc, -EHOSTUNREACH);
	ck_assert_int_eq(r.t_end, 4);
}
END_TEST

START_TEST(sequential_with_attempt_timeout)
{
	/* The -preferred policies: one at a time, each given its timeout. */
	static const struct fake_peer peers[] = {
		{ "192.0.2.1", FAKE_NEVER, 0 }, { "192.0.2.2", FAKE_NEVER, 0 },
		{ "2001:db8::1", 10, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 3, 2000, 2000, 6000);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 2);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(r.a[1].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(r.a[1].started_ms, 2000);
	ck_assert_int_eq(r.a[2].started_ms, 4000);
	ck_assert_int_eq(r.t_end, 4010);
	ck_assert_uint_eq(r.net.max_concurrent, 1);
}
END_TEST

START_TEST(later_attempt_may_win_over_earlier)
{
	/* The first answers only after the second started and connected. */
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 400, 0 }, { "192.0.2.1", 20, 0 },
	};
	struct race_run r;

	run_race(&r, peers, 2, 250, 0, 5000);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.t_end, 270);
}
END_TEST

START_TEST(empty_list)
{
	struct cifsaf_race_params p = { 445, 250, 0, 5000, NULL, 0 };
	struct fake_net net;
	size_t w;

	fake_net_init(&net, NULL, 0);
	ck_assert_int_eq(cifsaf_race(NULL, 0, &p, &fake_probe_ops, &net, NULL, &w), -ENOENT);
}
END_TEST

/* The port fallback: peers answer on 445, alt on 139. */
struct port_run {
	struct fake_net net;
	struct cifsaf_candidate c[4];
	struct cifsaf_attempt a[4], b[4];
	size_t winner;
	uint16_t port;
	int rc;
	int64_t t_end;
};

static void run_ports(struct port_run *r, const struct fake_peer *peers, const struct fake_peer *alt,
		      size_t n, uint16_t fallback)
{
	struct cifsaf_race_params p = { 445, 250, 0, 5000, NULL, 0 };
	int64_t t0;
	size_t i;

	fake_net_init(&r->net, peers, n);
	r->net.alt_port = 139;
	r->net.alt_peers = alt;
	r->net.n_alt_peers = n;
	for (i = 0; i < n; i++)
		r->c[i] = testhelp_addr(peers[i].addr);
	t0 = r->net.now;
	r->winner = (size_t)-1;
	r->rc = cifsaf_race_ports(r->c, n, &p, fallback, &fake_probe_ops, &r->net, r->a, r->b,
				  &r->winner, &r->port);
	r->t_end = r->net.now - t0;
	ck_assert_uint_eq(r->net.concurrent, 0);
}

START_TEST(port_139_after_every_445_refused)
{
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, -ECONNREFUSED },
	};
	static const struct fake_peer p139[] = {
		{ "2001:db8::1", 3, 0 }, { "192.0.2.1", 1, 0 },
	};
	struct port_run r;

	run_ports(&r, p445, p139, 2, 139);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.port, 139);
	ck_assert_uint_eq(r.winner, 0);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(r.a[1].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(r.b[0].state, CIFSAF_ATTEMPT_CONNECTED);
	/* the same order and stagger on 139, times counted from the start */
	ck_assert_uint_eq(r.net.n_started, 3);
	ck_assert_uint_eq(r.net.started_port[0], 445);
	ck_assert_uint_eq(r.net.started_port[1], 445);
	ck_assert_uint_eq(r.net.started_port[2], 139);
	ck_assert_int_eq(r.b[0].started_ms, 2);
	ck_assert_int_eq(r.b[0].finished_ms, 5);
	ck_assert_int_eq(r.b[1].state, CIFSAF_ATTEMPT_NOT_TRIED);
	ck_assert_int_eq(r.t_end, 5);
}
END_TEST

START_TEST(port_139_after_the_445_deadline)
{
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", FAKE_NEVER, 0 },
	};
	static const struct fake_peer p139[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", 4, 0 },
	};
	struct port_run r;

	run_ports(&r, p445, p139, 2, 139);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.port, 139);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(r.a[1].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(r.b[1].started_ms, 5000 + 250);
	ck_assert_int_eq(r.b[0].state, CIFSAF_ATTEMPT_ABANDONED);
	ck_assert_int_eq(r.t_end, 5254);
}
END_TEST

START_TEST(no_139_when_445_answers)
{
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, 0 },
	};
	static const struct fake_peer p139[] = {
		{ "2001:db8::1", 1, 0 }, { "192.0.2.1", 1, 0 },
	};
	struct port_run r;

	run_ports(&r, p445, p139, 2, 139);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.port, 445);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.b[0].state, CIFSAF_ATTEMPT_NOT_TRIED);
	ck_assert_int_eq(r.b[0].started_ms, -1);
	ck_assert_uint_eq(r.net.n_started, 2);
}
END_TEST

START_TEST(no_fallback_port_no_second_race)
{
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, -ECONNREFUSED },
	};
	struct port_run r;

	run_ports(&r, p445, p445, 2, 0);
	ck_assert_int_eq(r.rc, -ECONNREFUSED);
	ck_assert_uint_eq(r.port, 445);
	ck_assert_uint_eq(r.net.n_started, 2);
}
END_TEST

START_TEST(both_ports_failing_reports_the_last_error)
{
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, -EHOSTUNREACH },
	};
	static const struct fake_peer p139[] = {
		{ "2001:db8::1", 1, -ECONNREFUSED }, { "192.0.2.1", 1, -ECONNREFUSED },
	};
	struct port_run r;

	run_ports(&r, p445, p139, 2, 139);
	ck_assert_int_eq(r.rc, -ECONNREFUSED);
	ck_assert_uint_eq(r.port, 139);
	ck_assert_uint_eq(r.net.n_started, 4);
	ck_assert_int_eq(r.b[1].state, CIFSAF_ATTEMPT_FAILED);
}
END_TEST

START_TEST(a_local_error_is_not_a_port_problem)
{
	/* EACCES (a local firewall or policy) is not refused/unreachable/timed
	 * out: another port is not tried. */
	static const struct fake_peer p445[] = {
		{ "2001:db8::1", 0, -EACCES }, { "192.0.2.1", 0, -EACCES },
	};
	struct port_run r;

	run_ports(&r, p445, p445, 2, 139);
	ck_assert_int_eq(r.rc, -EACCES);
	ck_assert_uint_eq(r.port, 445);
	ck_assert_uint_eq(r.net.n_started, 2);
}
END_TEST

START_TEST(attempt_state_names)
{
	ck_assert_str_eq(cifsaf_attempt_state_name(CIFSAF_ATTEMPT_NOT_TRIED), "not tried");
	ck_assert_str_eq(cifsaf_attempt_state_name(CIFSAF_ATTEMPT_CONNECTED), "connected");
	ck_assert_str_eq(cifsaf_attempt_state_name(CIFSAF_ATTEMPT_FAILED), "failed");
	ck_assert_str_eq(cifsaf_attempt_state_name(CIFSAF_ATTEMPT_TIMED_OUT), "timed out");
	ck_assert_str_eq(cifsaf_attempt_state_name(CIFSAF_ATTEMPT_ABANDONED), "no answer before another connected");
	ck_assert_str_eq(cifsaf_attempt_state_name((enum cifsaf_attempt_state)99), "unknown");
}
END_TEST

/* A race whose candidate 0 started before it (decide.c's cached probe
 * during the lookups), first.started_ms 0 at fake time 1000, the race
 * called at 1000 + late. */
static void run_race_after(struct race_run *r, const struct fake_peer *peers, size_t n,
			   const struct cifsaf_attempt *first, int late)
{
	struct cifsaf_race_params p = { 445, 250, 0, 5000, first, 0 };
	size_t i;

	fake_net_init(&r->net, peers, n);
	p.first_t0 = r->net.now;
	for (i = 0; i < n; i++)
		r->c[i] = testhelp_addr(peers[i].addr);
	r->n = n;
	if (first->state == CIFSAF_ATTEMPT_NOT_TRIED)
		ck_assert_int_eq(fake_probe_ops.start(&r->net, 0, &r->c[0], 445), 0);
	r->net.now += late;
	r->winner = (size_t)-1;
	r->rc = cifsaf_race(r->c, n, &p, &fake_probe_ops, &r->net, r->a, &r->winner);
	r->t_end = r->net.now - p.first_t0;
	ck_assert_uint_eq(r->net.concurrent, 0);
}

START_TEST(an_attempt_made_before_counts_as_the_first)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", FAKE_NEVER, 0 }, { "192.0.2.1", 2, 0 },
	};
	struct cifsaf_attempt pending = { CIFSAF_ATTEMPT_NOT_TRIED, 0, 0, -1 };
	struct race_run r;

	/* under way for 100 ms already: the next is due 150 ms into the race,
	 * 250 after the first started, and times count from that start */
	run_race_after(&r, peers, 2, &pending, 100);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.a[0].started_ms, 0);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_ABANDONED);
	ck_assert_int_eq(r.a[1].started_ms, 250);
	ck_assert_int_eq(r.t_end, 252);
	ck_assert_uint_eq(r.net.n_started, 2);	/* the first was not started again */
}
END_TEST

START_TEST(an_attempt_made_before_may_still_win)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 300, 0 }, { "192.0.2.1", 100, 0 },
	};
	struct cifsaf_attempt pending = { CIFSAF_ATTEMPT_NOT_TRIED, 0, 0, -1 };
	struct race_run r;

	run_race_after(&r, peers, 2, &pending, 40);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 0);
	ck_assert_int_eq(r.a[0].finished_ms, 300);
	ck_assert_int_eq(r.a[1].started_ms, 250);
}
END_TEST

START_TEST(a_failed_or_connected_attempt_before_the_race)
{
	static const struct fake_peer peers[] = {
		{ "2001:db8::1", 0, -ENETUNREACH }, { "192.0.2.1", 2, 0 },
	};
	struct cifsaf_attempt failed = { CIFSAF_ATTEMPT_FAILED, -ENETUNREACH, 0, 5 };
	struct cifsaf_attempt connected = { CIFSAF_ATTEMPT_CONNECTED, 0, 0, 3 };
	struct race_run r;

	/* failed 5 ms in: the next starts as the race does, not a delay later */
	run_race_after(&r, peers, 2, &failed, 30);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 1);
	ck_assert_int_eq(r.a[0].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(r.a[1].started_ms, 30);
	ck_assert_uint_eq(r.net.n_started, 1);
	/* failed, and nothing else to try: its error */
	run_race_after(&r, peers, 1, &failed, 30);
	ck_assert_int_eq(r.rc, -ENETUNREACH);
	/* connected already: it won, nothing starts */
	run_race_after(&r, peers, 2, &connected, 10);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.winner, 0);
	ck_assert_uint_eq(r.net.n_started, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("race");
	TCase *tc = testhelp_tcase("race");

	tcase_add_test(tc, first_candidate_connects);
	tcase_add_test(tc, blackholed_first_family_costs_one_delay);
	tcase_add_test(tc, refused_starts_next_at_once);
	tcase_add_test(tc, immediate_failures_do_not_wait);
	tcase_add_test(tc, many_dead_candidates_then_one_alive);
	tcase_add_test(tc, all_dead_hits_deadline);
	tcase_add_test(tc, all_refused_returns_last_error);
	tcase_add_test(tc, sequential_with_attempt_timeout);
	tcase_add_test(tc, later_attempt_may_win_over_earlier);
	tcase_add_test(tc, empty_list);
	tcase_add_test(tc, port_139_after_every_445_refused);
	tcase_add_test(tc, port_139_after_the_445_deadline);
	tcase_add_test(tc, no_139_when_445_answers);
	tcase_add_test(tc, no_fallback_port_no_second_race);
	tcase_add_test(tc, both_ports_failing_reports_the_last_error);
	tcase_add_test(tc, a_local_error_is_not_a_port_problem);
	tcase_add_test(tc, attempt_state_names);
	tcase_add_test(tc, an_attempt_made_before_counts_as_the_first);
	tcase_add_test(tc, an_attempt_made_before_may_still_win);
	tcase_add_test(tc, a_failed_or_connected_attempt_before_the_race);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
