/* Unit tests: resolver/decide.c end to end with fake DNS and network. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/decide.h"
#include "resolver/probe_socket.h"

static const struct fake_host hosts[] = {
	{ "fs.test", 0, { "2001:db8::10", "192.0.2.10", NULL } },
	{ "long.test", 0, { "2001:db8:85a3:8d3:1319:8a2e:370:7348", "192.0.2.11", NULL } },
	{ "v6.test", 0, { "2001:db8::12", NULL } },
	{ "four.test", 0, { "2001:db8::20", "2001:db8::21", "192.0.2.20", "192.0.2.21", NULL } },
	{ "none.test", EAI_NONAME, { NULL } },
};

static const struct fake_peer peers_v6_dead[] = {
	{ "2001:db8::10", FAKE_NEVER, 0 }, { "192.0.2.10", 1, 0 },
	{ "2001:db8:85a3:8d3:1319:8a2e:370:7348", 1, 0 }, { "192.0.2.11", 1, 0 },
	{ "2001:db8::12", 1, 0 },
	{ "2001:db8::20", FAKE_NEVER, 0 }, { "2001:db8::21", FAKE_NEVER, 0 },
	{ "192.0.2.20", 1, 0 }, { "192.0.2.21", 1, 0 },
};

static struct fake_dns dns;
static struct fake_net net;

static const struct fake_peer *peers = peers_v6_dead;
static size_t n_peers = sizeof(peers_v6_dead) / sizeof(peers_v6_dead[0]);
static const struct fake_peer *alt_peers;	/* port 139, when set */
static size_t n_alt_peers;
static uint16_t user_port;			/* port= given: no fallback */

static const struct cifsaf_cache_lookup *cache;	/* the lookup decide() is given */
static int aaaa_delay_ms;			/* the fake AAAA lookup's, real time */

static int decide(const char *host, const char *release, enum cifsaf_policy p, const char *ip,
		  struct cifsaf_decision **d)
{
	struct cifsaf_decide_input in;
	struct cifsaf_decide_ops ops = { &fake_lookup_ops, &dns, &fake_net_fwd_ops, fake_net_ctx_new, NULL, NULL };

	fake_dns_init(&dns, hosts, sizeof(hosts) / sizeof(hosts[0]));
	dns.aaaa_delay_ms = aaaa_delay_ms;
	fake_net_init(&net, peers, n_peers);
	fake_net_current = &net;
	net.alt_port = 139;
	net.alt_peers = alt_peers;
	net.n_alt_peers = n_alt_peers;
	memset(&in, 0, sizeof(in));
	in.host = host;
	in.ip_override = ip;
	ck_assert_int_eq(cifsaf_kernel_parse(release, &in.kernel), 0);
	in.policy = p;
	in.policy_why = "test";
	in.port = user_port ? user_port : 445;
	in.fallback_port = user_port ? 0 : 139;
	in.connect_delay_ms = 250;
	in.probe_timeout_ms = 2000;
	/* The fake lookups answer at once, but in real children on the real
	 * clock: a long delay keeps a slow machine (valgrind) from going on
	 * without the second family. */
	in.resolution_delay_ms = 5000;
	in.resolve_timeout_ms = 10000;
	in.cache = cache;
	return cifsaf_decide(test_mem, &in, &ops, d);
}

static const char *first(const struct cifsaf_decision *d)
{
	static char buf[CIFSAF_ADDRSTRLEN];

	ck_assert_uint_ge(d->n_mount_order, 1);
	ck_assert_int_ge(cifsaf_candidate_format(&d->mount_order[0], buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(happy_eyeballs_falls_back_to_ipv4)
{
	struct cifsaf_decision *d;

	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert(d->probed);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_uint_eq(d->n_mount_order, 2);	/* the IPv6 one stays for the retry loop */
	ck_assert_int_eq(d->attempts[0].state, CIFSAF_ATTEMPT_ABANDONED);
}
END_TEST

START_TEST(rhel5_drops_ipv6_and_skips_probe)
{
	struct cifsaf_decision *d;

	/* v4-only still asks for both, so the drop is seen and reported */
	ck_assert_int_eq(decide("fs.test", "2.6.18-308.8.1.el5", CIFSAF_POLICY_V4_ONLY, NULL, &d), 0);
	ck_assert_int_eq(*dns.lookups, 2);
	ck_assert_uint_eq(d->n_dropped, 1);
	ck_assert_int_eq(d->dropped[0].verdict, CIFSAF_KERNEL_NO_IPV6);
	ck_assert_uint_eq(d->n_excluded, 0);	/* the kernel filter came first */
	ck_assert(!d->probed);	/* a single candidate needs no probe */
	ck_assert_str_eq(first(d), "192.0.2.10");
	/* any policy asking for AAAA there gets its answers dropped */
	ck_assert_int_eq(decide("fs.test", "2.6.18-308.8.1.el5", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_uint_eq(d->n_dropped, 1);
	ck_assert_int_eq(d->dropped[0].verdict, CIFSAF_KERNEL_NO_IPV6);
	ck_assert(!d->probed);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_uint_eq(net.n_started, 0);
}
END_TEST

START_TEST(kernel_filter_applies_whatever_the_policy)
{
	struct cifsaf_decision *d;

	ck_assert_int_eq(decide("v6.test", "2.6.18-8.el5", CIFSAF_POLICY_V6_ONLY, NULL, &d),
			 -EADDRNOTAVAIL);
	ck_assert_uint_eq(d->n_dropped, 1);
	ck_assert_int_eq(decide("long.test", "2.6.30", CIFSAF_POLICY_V6_PREFERRED, NULL, &d), 0);
	ck_assert_uint_eq(d->n_dropped, 1);
	ck_assert_int_eq(d->dropped[0].verdict, CIFSAF_KERNEL_TOO_LONG);
	ck_assert_str_eq(first(d), "192.0.2.11");
}
END_TEST

START_TEST(system_keeps_order_without_probing)
{
	struct cifsaf_decision *d;

	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_SYSTEM, NULL, &d), 0);
	ck_assert(!d->probed);
	ck_assert_str_eq(first(d), "2001:db8::10");
	ck_assert_uint_eq(net.n_started, 0);
}
END_TEST

START_TEST(override_skips_resolution_and_policy)
{
	struct cifsaf_decision *d;

	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, "2001:db8::99", &d), 0);
	ck_assert(d->override);
	ck_assert_int_eq(*dns.lookups, 0);
	ck_assert_uint_eq(d->n_lookups, 0);
	ck_assert_str_eq(first(d), "2001:db8::99");
}
END_TEST

START_TEST(resolution_failure_reported)
{
	struct cifsaf_decision *d;

	ck_assert_int_eq(decide("none.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), -ENOENT);
	ck_assert_ptr_ne(d, NULL);
	ck_assert_int_eq(d->gai_error, EAI_NONAME);
}
END_TEST

START_TEST(v4_only_on_v6_only_host_has_nothing)
{
	struct cifsaf_decision *d;

	/* The AAAA answer is there, but v4-only leaves it out: nothing to use. */
	ck_assert_int_eq(decide("v6.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, NULL, &d), -EADDRNOTAVAIL);
	ck_assert_uint_eq(d->n_lookups, 2);
	ck_assert_uint_eq(d->n_dropped, 0);
	ck_assert_uint_eq(d->n_excluded, 1);
	/* happy-eyeballs finds the AAAA; the kernel filter then drops it */
	ck_assert_int_eq(decide("v6.test", "2.6.18-8.el5", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d),
			 -EADDRNOTAVAIL);
	ck_assert_uint_eq(d->n_dropped, 1);
}
END_TEST

START_TEST(lookups_follow_the_policy)
{
	struct cifsaf_decision *d;

	/* -only policies ask for both families and leave one out, saying so */
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, NULL, &d), 0);
	ck_assert_int_eq(*dns.lookups, 2);
	ck_assert_uint_eq(d->n_lookups, 2);
	ck_assert_uint_eq(d->n_resolved, 2);
	ck_assert_uint_eq(d->n_ordered, 1);
	ck_assert_uint_eq(d->n_excluded, 1);
	ck_assert_int_eq(d->excluded[0].family, AF_INET6);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_SYSTEM, NULL, &d), 0);
	ck_assert_int_eq(*dns.lookups, 1);
	ck_assert_int_eq(d->lookups[0].family, AF_UNSPEC);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_PREFERRED, NULL, &d), 0);
	ck_assert_int_eq(*dns.lookups, 2);
	ck_assert_uint_eq(d->n_lookups, 2);
	ck_assert_int_eq(d->lookups[0].family, AF_INET6);
	ck_assert_int_eq(d->lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_eq(d->lookups[1].family, AF_INET);
}
END_TEST

static const struct fake_peer peers_445_refused[] = {
	{ "2001:db8::10", 1, -ECONNREFUSED }, { "192.0.2.10", 1, -ECONNREFUSED },
};
static const struct fake_peer peers_139[] = {
	{ "2001:db8::10", FAKE_NEVER, 0 }, { "192.0.2.10", 2, 0 },
};

START_TEST(port_139_when_every_445_probe_failed)
{
	struct cifsaf_decision *d;

	peers = peers_445_refused;
	n_peers = 2;
	alt_peers = peers_139;
	n_alt_peers = 2;
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert(d->port_fallback);
	ck_assert_uint_eq(d->port, 139);
	ck_assert_uint_eq(d->probe_port, 445);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_int_eq(d->attempts[0].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(d->attempts[1].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(d->fallback_attempts[1].state, CIFSAF_ATTEMPT_CONNECTED);
	/* 2 ms of refusals, then 139: IPv6 silent, IPv4 after one delay */
	ck_assert_int_eq(d->fallback_attempts[1].started_ms, 2 + 250);
	ck_assert_int_eq(d->probe_ms, 2 + 252);
}
END_TEST

START_TEST(user_port_has_no_fallback)
{
	struct cifsaf_decision *d;

	peers = peers_445_refused;
	n_peers = 2;
	alt_peers = peers_139;
	n_alt_peers = 2;
	user_port = 445;
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), -ECONNREFUSED);
	ck_assert(!d->port_fallback);
	ck_assert_int_eq(d->fallback_attempts[0].state, CIFSAF_ATTEMPT_NOT_TRIED);
	ck_assert_uint_eq(net.n_started, 2);
}
END_TEST

START_TEST(single_candidate_is_not_probed)
{
	struct cifsaf_decision *d;

	peers = peers_445_refused;
	n_peers = 2;
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, NULL, &d), 0);
	ck_assert(!d->probed);
	ck_assert_uint_eq(d->port, 0);
	ck_assert_uint_eq(net.n_started, 0);
	ck_assert_str_eq(first(d), "192.0.2.10");
}
END_TEST

/* ------------------------------------------------------- decision cache */

static struct cifsaf_cache_lookup hit;

static void cache_hit(const char *addr, uint16_t port)
{
	memset(&hit, 0, sizeof(hit));
	hit.state = CIFSAF_CACHE_HIT;
	hit.entry.addr = testhelp_addr(addr);
	hit.entry.port = port;
	hit.entry.stored = 1000;
	hit.age_s = 42;
	cache = &hit;
}

START_TEST(cached_winner_decides_without_stagger)
{
	struct cifsaf_decision *d;

	/* IPv6 is dead: a race would wait 250 ms; the cached IPv4 answers in 1 */
	cache_hit("192.0.2.10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_CONFIRMED);
	ck_assert_int_eq(d->cache.state, CIFSAF_CACHE_HIT);
	ck_assert(!d->probed);
	ck_assert_uint_eq(net.n_started, 1);	/* the IPv6 address was never tried */
	ck_assert_int_eq(d->cache_attempt.state, CIFSAF_ATTEMPT_CONNECTED);
	ck_assert_int_eq(d->cache_attempt.started_ms, 0);
	ck_assert_int_eq(d->probe_ms, 1);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_uint_eq(d->n_mount_order, 2);	/* the other stays for the retry loop */
	ck_assert(!d->port_fallback);
}
END_TEST

/* The index of addr in d->ordered[]. */
static size_t at(const struct cifsaf_decision *d, const char *addr)
{
	struct cifsaf_candidate c = testhelp_addr(addr);
	size_t i;

	for (i = 0; i < d->n_ordered; i++)
		if (cifsaf_candidate_equal(&d->ordered[i], &c))
			return i;
	ck_abort_msg("%s is not a candidate", addr);
	return 0;
}

START_TEST(dead_cached_winner_is_attempt_one)
{
	struct cifsaf_decision *d;

	/* the cached IPv6 stopped answering: it is attempt one, IPv4 follows
	 * one delay later and the dead address gets no second head start */
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_FAILED);
	ck_assert(d->cache_in_race);
	ck_assert(d->probed);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].started_ms, 0);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].state, CIFSAF_ATTEMPT_ABANDONED);
	ck_assert_int_eq(d->attempts[at(d, "192.0.2.10")].started_ms, 250);
	ck_assert_int_eq(d->probe_ms, 251);
	ck_assert_uint_eq(net.n_started, 2);	/* each address once */
	ck_assert(cifsaf_cache_forget_after_decision(d->cache_use));
}
END_TEST

static const struct fake_peer peers_v4_at_once[] = {
	{ "2001:db8::10", 1, 0 }, { "192.0.2.10", 0, 0 },
};

START_TEST(cached_winner_is_probed_with_its_familys_answer)
{
	struct cifsaf_decision *d;
	int64_t t0;

	/* AAAA answers 1.5 s late (the Resolution Delay here is 5 s): the
	 * cached IPv4 is probed as A returns it, before AAAA has answered
	 * (real clocks: the lookups'), and decides; AAAA still counts, its
	 * address stays in the mount order for the retry loop */
	peers = peers_v4_at_once;
	n_peers = 2;
	aaaa_delay_ms = 1500;
	cache_hit("192.0.2.10", 445);
	t0 = cifsaf_monotonic_ms();
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_CONFIRMED);
	ck_assert(d->cache_early);
	ck_assert(!d->probed);
	ck_assert_str_eq(first(d), "192.0.2.10");
	ck_assert_int_eq(d->lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_lt(net.started_real_ms[0] - t0, d->lookups[0].ms);
	ck_assert_uint_eq(d->n_mount_order, 2);
	ck_assert_uint_eq(net.n_started, 1);
	ck_assert_int_eq(d->cache_attempt.state, CIFSAF_ATTEMPT_CONNECTED);
	/* a cached address its family's answer does not hold is not probed
	 * early: the lookups run their course, then the race */
	aaaa_delay_ms = 0;
	cache_hit("192.0.2.99", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NOT_CANDIDATE);
	ck_assert(!d->cache_early);
	ck_assert_uint_eq(net.started[0], 0);	/* the race's first, IPv6 */
	/* nor one this policy leaves out */
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, NULL, &d), 0);
	ck_assert(!d->cache_early);
	ck_assert_uint_eq(net.n_started, 0);
}
END_TEST

static const struct fake_peer peers_v6_slow[] = {
	{ "2001:db8::10", 300, 0 }, { "192.0.2.10", 100, 0 },
};

START_TEST(slow_cached_winner_still_wins)
{
	struct cifsaf_decision *d;

	/* IPv6 answers at 300 ms; IPv4 starts at 250 and would answer at 350 */
	peers = peers_v6_slow;
	n_peers = 2;
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_WON_RACE);
	ck_assert(d->cache_in_race);
	ck_assert_str_eq(first(d), "2001:db8::10");
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].state, CIFSAF_ATTEMPT_CONNECTED);
	ck_assert_int_eq(d->attempts[at(d, "192.0.2.10")].started_ms, 250);
	ck_assert_int_eq(d->attempts[at(d, "192.0.2.10")].state, CIFSAF_ATTEMPT_ABANDONED);
	ck_assert_int_eq(d->probe_ms, 300);
	ck_assert(!cifsaf_cache_forget_after_decision(d->cache_use));
	ck_assert(cifsaf_cache_worth_storing(d->probed, d->cache_use));	/* refreshed */
}
END_TEST

START_TEST(after_the_cached_winner_the_other_family_comes_next)
{
	struct cifsaf_decision *d;
	size_t i;

	/* a later IPv6 address cached: an IPv4 one follows it, not the
	 * other IPv6 one the policy order would have started with */
	cache_hit("2001:db8::21", 445);
	ck_assert_int_eq(decide("four.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_FAILED);
	ck_assert_uint_eq(net.n_started, 2);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::21")].started_ms, 0);
	i = d->winner;
	ck_assert_int_eq(d->ordered[i].family, AF_INET);
	ck_assert_int_eq(d->attempts[i].started_ms, 250);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::20")].state, CIFSAF_ATTEMPT_NOT_TRIED);
}
END_TEST

START_TEST(dead_cached_winner_under_a_preferred_policy)
{
	struct cifsaf_decision *d;

	/* sequential: the cached attempt gets the probe timeout, then IPv4 */
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V6_PREFERRED, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_FAILED);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(d->attempts[at(d, "192.0.2.10")].started_ms, 2000);
	ck_assert_int_eq(d->probe_ms, 2001);
	ck_assert_str_eq(first(d), "192.0.2.10");
}
END_TEST

static const struct fake_peer peers_all_dead[] = {
	{ "2001:db8::10", FAKE_NEVER, 0 }, { "192.0.2.10", FAKE_NEVER, 0 },
};

START_TEST(both_families_dead_with_a_cached_winner)
{
	struct cifsaf_decision *d;

	peers = peers_all_dead;
	n_peers = 2;
	user_port = 445;	/* no fallback race */
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d),
			 -ETIMEDOUT);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_FAILED);
	ck_assert(d->cache_in_race);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].started_ms, 0);
	ck_assert_int_eq(d->attempts[at(d, "2001:db8::10")].state, CIFSAF_ATTEMPT_TIMED_OUT);
	ck_assert_int_eq(d->attempts[at(d, "192.0.2.10")].started_ms, 250);
	ck_assert_int_eq(d->probe_ms, 5000);	/* the one deadline, not two */
	ck_assert_uint_eq(net.n_started, 2);
}
END_TEST

START_TEST(cache_applies_only_to_a_current_candidate)
{
	struct cifsaf_decision *d;

	/* an address the name no longer has */
	cache_hit("192.0.2.99", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NOT_CANDIDATE);
	ck_assert(d->probed);
	ck_assert_int_eq(d->attempts[0].started_ms, 0);
	/* a family the policy leaves out */
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_PREFERRED, NULL, &d), 0);
	/* a candidate there (second in order), but dead: raced after it */
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_FAILED);
	ck_assert_str_eq(first(d), "192.0.2.10");
	cache_hit("2001:db8::10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_V4_ONLY, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NONE);	/* one candidate: no probe at all */
	/* a port this mount would not try */
	cache_hit("192.0.2.10", 8445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NOT_CANDIDATE);
	/* ip= is the user's choice, cache or not */
	cache_hit("192.0.2.10", 445);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, "2001:db8::99", &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NONE);
	ck_assert_str_eq(first(d), "2001:db8::99");
}
END_TEST

START_TEST(cached_port_139_is_passed_on)
{
	struct cifsaf_decision *d;

	peers = peers_445_refused;
	n_peers = 2;
	alt_peers = peers_139;
	n_alt_peers = 2;
	cache_hit("192.0.2.10", 139);
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_CONFIRMED);
	ck_assert(d->port_fallback);
	ck_assert_uint_eq(d->port, 139);
	ck_assert_uint_eq(net.started_port[0], 139);
	ck_assert_uint_eq(net.n_started, 1);
}
END_TEST

START_TEST(a_miss_is_an_ordinary_race)
{
	struct cifsaf_cache_lookup miss;
	struct cifsaf_decision *d;

	memset(&miss, 0, sizeof(miss));
	miss.state = CIFSAF_CACHE_MISS;
	cache = &miss;
	ck_assert_int_eq(decide("fs.test", "6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, &d), 0);
	ck_assert_int_eq(d->cache_use, CIFSAF_CACHE_USE_NONE);
	ck_assert_int_eq(d->cache.state, CIFSAF_CACHE_MISS);	/* kept for the report */
	ck_assert(d->probed);
	ck_assert_int_eq(d->attempts[1].started_ms, 250);
}
END_TEST

static void restore_network(void)
{
	testhelp_setup();
	peers = peers_v6_dead;
	n_peers = sizeof(peers_v6_dead) / sizeof(peers_v6_dead[0]);
	alt_peers = NULL;
	n_alt_peers = 0;
	user_port = 0;
	cache = NULL;
}

int main(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("decide");

	tcase_add_checked_fixture(tc, restore_network, testhelp_teardown);
	tcase_add_test(tc, happy_eyeballs_falls_back_to_ipv4);
	tcase_add_test(tc, rhel5_drops_ipv6_and_skips_probe);
	tcase_add_test(tc, kernel_filter_applies_whatever_the_policy);
	tcase_add_test(tc, system_keeps_order_without_probing);
	tcase_add_test(tc, override_skips_resolution_and_policy);
	tcase_add_test(tc, resolution_failure_reported);
	tcase_add_test(tc, v4_only_on_v6_only_host_has_nothing);
	tcase_add_test(tc, lookups_follow_the_policy);
	tcase_add_test(tc, port_139_when_every_445_probe_failed);
	tcase_add_test(tc, user_port_has_no_fallback);
	tcase_add_test(tc, single_candidate_is_not_probed);
	tcase_add_test(tc, cached_winner_decides_without_stagger);
	tcase_add_test(tc, dead_cached_winner_is_attempt_one);
	tcase_add_test(tc, slow_cached_winner_still_wins);
	tcase_add_test(tc, cached_winner_is_probed_with_its_familys_answer);
	tcase_add_test(tc, after_the_cached_winner_the_other_family_comes_next);
	tcase_add_test(tc, dead_cached_winner_under_a_preferred_policy);
	tcase_add_test(tc, both_families_dead_with_a_cached_winner);
	tcase_add_test(tc, cache_applies_only_to_a_current_candidate);
	tcase_add_test(tc, cached_port_139_is_passed_on);
	tcase_add_test(tc, a_miss_is_an_ordinary_race);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
