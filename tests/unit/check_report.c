/* Unit tests: program/report.c (syslog record and -v trace). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <talloc.h>

#include "testhelp.h"
#include "program/report.h"

static struct cifsaf_decision *make(const char *release, enum cifsaf_policy p, const char *const *ordered,
				    size_t n, size_t winner, struct cifsaf_kernel *k)
{
	struct cifsaf_decision *d = talloc_zero(test_mem, struct cifsaf_decision);
	size_t i;

	ck_assert_int_eq(cifsaf_kernel_parse(release, k), 0);
	d->policy = p;
	d->policy_why = "built-in rule";
	d->ordered = talloc_array(d, struct cifsaf_candidate, n);
	d->resolved = d->ordered;
	d->n_resolved = n;
	d->attempts = talloc_zero_array(d, struct cifsaf_attempt, n);
	for (i = 0; i < n; i++)
		d->ordered[i] = testhelp_addr(ordered[i]);
	d->n_ordered = n;
	d->probe_port = 445;
	d->winner = winner;
	d->mount_order = d->ordered + winner;
	d->n_mount_order = 1;
	return d;
}

START_TEST(fallback_is_a_warning_with_every_fate)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10", "2001:db8::11" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0-27-amd64", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 3, 1, &k);
	char *s;
	int prio;

	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_ABANDONED, 0, 0, 252 };
	d->attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 250, 252 };
	d->resolve_ms = 1;
	d->probe_ms = 252;
	s = cifsaf_report_summary(test_mem, "//fs.test/share", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_WARNING);
	ck_assert_str_eq(s, "//fs.test/share: policy happy-eyeballs (kernel 6.1.0-27-amd64: built-in rule): "
			 "ip=192.0.2.10 in 253 ms; 2001:db8::10 no answer in 252 ms (another connected "
			 "first); 2001:db8::11 not tried");
}
END_TEST

START_TEST(healthy_is_a_notice)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	int prio;
	char *s;

	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 0, 1 };
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_NOTICE);
	ck_assert_ptr_ne(strstr(s, "ip=2001:db8::10"), NULL);
	ck_assert_ptr_ne(strstr(s, "192.0.2.10 not tried"), NULL);
}
END_TEST

START_TEST(kernel_drop_is_a_warning)
{
	static const char *const o[] = { "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("2.6.18-308.8.1.el5", CIFSAF_POLICY_V4_ONLY, o, 1, 0, &k);
	int prio;
	char *s;

	d->policy_why = "built-in rule, RHEL 5 cannot parse IPv6 in ip=";
	d->dropped = talloc_array(d, struct cifsaf_dropped, 1);
	d->dropped[0].candidate = testhelp_addr("2001:db8::10");
	d->dropped[0].verdict = CIFSAF_KERNEL_NO_IPV6;
	d->n_dropped = 1;
	d->probe_ms = 0;
	d->resolve_ms = 3;
	s = cifsaf_report_summary(test_mem, "//fileserver.example.com/tmp", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_WARNING);
	ck_assert_str_eq(s, "//fileserver.example.com/tmp: policy v4-only (kernel 2.6.18-308.8.1.el5: "
			 "built-in rule, RHEL 5 cannot parse IPv6 in ip=): ip=192.0.2.10 in 3 ms; "
			 "dropped 2001:db8::10 (kernel cannot parse IPv6 in ip=)");
}
END_TEST

/* An -only policy's left-out family is accounted for, and is no warning. */
START_TEST(policy_exclusion_is_named)
{
	static const char *const o[] = { "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_V4_ONLY, o, 1, 0, &k);
	int prio;
	char *s;

	d->policy_why = "af= mount option";
	d->excluded = talloc_array(d, struct cifsaf_candidate, 1);
	d->excluded[0] = testhelp_addr("2001:db8::10");
	d->n_excluded = 1;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_NOTICE);
	ck_assert_ptr_ne(strstr(s, "ip=192.0.2.10 in 0 ms; 2001:db8::10 not tried (policy v4-only)"), NULL);
	s = cifsaf_report_trace(test_mem, "fs", &k, d);
	ck_assert_ptr_ne(strstr(s, "not tried 2001:db8::10: left out by policy v4-only\n"), NULL);
}
END_TEST

START_TEST(failure_is_an_error_with_reasons)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	int prio;
	char *s;

	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_FAILED, -ECONNREFUSED, 0, 1 };
	d->attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_TIMED_OUT, -ETIMEDOUT, 1, 5000 };
	d->probe_ms = 5000;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, -ETIMEDOUT, &prio);
	ck_assert_int_eq(prio, LOG_ERR);
	ck_assert_ptr_ne(strstr(s, "no address connected in 5000 ms"), NULL);
	ck_assert_ptr_ne(strstr(s, "2001:db8::10 failed after 1 ms: Connection refused"), NULL);
	ck_assert_ptr_ne(strstr(s, "192.0.2.10 no answer in 4999 ms"), NULL);
}
END_TEST

START_TEST(resolver_error_is_real)
{
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, 0, 0, &k);
	int prio;
	char *s;

	d->gai_error = EAI_NONAME;
	d->n_mount_order = 0;
	s = cifsaf_report_summary(test_mem, "//nx/s", &k, d, -ENOENT, &prio);
	ck_assert_ptr_eq(strstr(s, "Unknown error"), NULL);
	ck_assert_ptr_ne(strstr(s, gai_strerror(EAI_NONAME)), NULL);
	s = cifsaf_report_trace(test_mem, "nx", &k, d);
	ck_assert_ptr_ne(strstr(s, "resolving nx failed"), NULL);
}
END_TEST

START_TEST(trace_has_every_step)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 1, &k);
	char *s;

	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_ABANDONED, 0, 0, 252 };
	d->attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 250, 252 };
	s = cifsaf_report_trace(test_mem, "fs.test", &k, d);
	ck_assert_ptr_ne(strstr(s, "kernel 6.1.0: ip= takes IPv4 and IPv6"), NULL);
	ck_assert_ptr_ne(strstr(s, "policy happy-eyeballs (built-in rule)\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "resolved fs.test in 0 ms: 2001:db8::10 192.0.2.10\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "candidates in order: 2001:db8::10 192.0.2.10\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "probe 192.0.2.10 port 445: started at 250 ms, connected in 2 ms\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "chose 192.0.2.10\n"), NULL);
}
END_TEST

static void set_lookups(struct cifsaf_decision *d)
{
	d->n_lookups = 2;
	d->lookups[0] = (struct cifsaf_lookup_result){ AF_INET6, CIFSAF_LOOKUP_ANSWERED, 0, 0, 2, 12 };
	d->lookups[1] = (struct cifsaf_lookup_result){ AF_INET, CIFSAF_LOOKUP_ANSWERED, 0, 0, 1, 3 };
}

START_TEST(lookups_are_in_the_record_and_trace)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	char *s;
	int prio;

	set_lookups(d);
	d->resolve_ms = 12;
	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 0, 1 };
	d->probe_ms = 1;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_str_eq(s, "//fs/s: policy happy-eyeballs (kernel 6.1.0: built-in rule): ip=2001:db8::10 "
			 "in 13 ms (AAAA: 2 in 12 ms, A: 1 in 3 ms); 192.0.2.10 not tried");
	s = cifsaf_report_trace(test_mem, "fs", &k, d);
	ck_assert_ptr_ne(strstr(s, "lookups: AAAA: 2 in 12 ms; A: 1 in 3 ms\n"), NULL);

	/* a late AAAA, a timed-out one, a failed one */
	d->lookups[0].outcome = CIFSAF_LOOKUP_ABANDONED;
	d->lookups[0].ms = 53;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "(AAAA: no answer in 53 ms (went on without it), A: 1 in 3 ms)"), NULL);
	d->lookups[0].outcome = CIFSAF_LOOKUP_TIMED_OUT;
	d->lookups[0].ms = 10000;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "AAAA: no answer in 10000 ms (gave up)"), NULL);
	d->lookups[0] = (struct cifsaf_lookup_result){ AF_INET6, CIFSAF_LOOKUP_FAILED, EAI_SYSTEM, EMFILE, 0, 4 };
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "AAAA: none in 4 ms (Too many open files)"), NULL);
	d->lookups[0] = (struct cifsaf_lookup_result){ AF_UNSPEC, CIFSAF_LOOKUP_ANSWERED, 0, 0, 2, 4 };
	d->n_lookups = 1;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "(A/AAAA: 2 in 4 ms)"), NULL);
}
END_TEST

START_TEST(port_fallback_is_named)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	char *s;
	int prio;

	d->probed = true;
	d->port_fallback = true;
	d->port = 139;
	d->fallback_attempts = talloc_zero_array(d, struct cifsaf_attempt, 2);
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_FAILED, -ECONNREFUSED, 0, 1 };
	d->attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_FAILED, -ECONNREFUSED, 1, 1 };
	d->fallback_attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 1, 3 };
	d->probe_ms = 3;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_NOTICE);
	ck_assert_str_eq(s, "//fs/s: policy happy-eyeballs (kernel 6.1.0: built-in rule): ip=2001:db8::10 "
			 "port=139 in 3 ms; 2001:db8::10 port 445 failed after 1 ms: Connection refused; "
			 "192.0.2.10 port 445 failed after 0 ms: Connection refused, port 139 not tried");
	s = cifsaf_report_trace(test_mem, "fs", &k, d);
	ck_assert_ptr_ne(strstr(s, "probe 2001:db8::10 port 445: started at 0 ms, failed after 1 ms: "
				"Connection refused\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "no address answered on port 445: probing port 139\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "probe 2001:db8::10 port 139: started at 1 ms, connected in 2 ms\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "chose 2001:db8::10 port 139 (passed as port=139)\n"), NULL);

	/* the other family winning on 139 after the first failed: a warning */
	d->fallback_attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_ABANDONED, 0, 1, 252 };
	d->fallback_attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 251, 252 };
	d->winner = 1;
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_WARNING);
	ck_assert_ptr_ne(strstr(s, "ip=192.0.2.10 port=139 in"), NULL);
	ck_assert_ptr_ne(strstr(s, "; 192.0.2.10 port 445 failed after 0 ms: Connection refused"), NULL);
}
END_TEST

START_TEST(resolution_failure_lists_each_lookup)
{
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, 0, 0, &k);
	int prio;
	char *s;

	d->gai_error = EAI_NONAME;
	d->n_lookups = 2;
	d->lookups[0] = (struct cifsaf_lookup_result){ AF_INET6, CIFSAF_LOOKUP_FAILED, EAI_NODATA, 0, 0, 2 };
	d->lookups[1] = (struct cifsaf_lookup_result){ AF_INET, CIFSAF_LOOKUP_FAILED, EAI_NONAME, 0, 0, 1 };
	s = cifsaf_report_summary(test_mem, "//nx/s", &k, d, -ENOENT, &prio);
	ck_assert_int_eq(prio, LOG_ERR);
	ck_assert_str_eq(s, "//nx/s: policy happy-eyeballs (kernel 6.1.0: built-in rule): cannot resolve "
			 "the host: Name or service not known (AAAA: none in 2 ms (No address associated "
			 "with hostname), A: none in 1 ms (Name or service not known))");
}
END_TEST

START_TEST(lookups_that_could_not_start)
{
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, NULL, 0, 0, &k);
	int prio;
	char *s;

	/* fork failed: no resolver error, no address */
	s = cifsaf_report_summary(test_mem, "//fs/s", &k, d, -EAGAIN, &prio);
	ck_assert_int_eq(prio, LOG_ERR);
	ck_assert_ptr_ne(strstr(s, ": cannot resolve the host: Resource temporarily unavailable"), NULL);
}
END_TEST

static void cache_hit(struct cifsaf_decision *d, const char *addr)
{
	d->cache.state = CIFSAF_CACHE_HIT;
	d->cache.key = 123;
	strcpy(d->cache.description, "cifs-af:fs.test:445");
	d->cache.entry.addr = testhelp_addr(addr);
	d->cache.entry.port = 445;
	d->cache.age_s = 42;
	d->cache.ttl_s = 600;
}

START_TEST(cache_decision_in_record_and_trace)
{
	static const char *const o[] = { "2001:db8::2", "192.0.2.1" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 1, &k);
	int prio;
	char *s;

	cache_hit(d, "192.0.2.1");
	d->cache_use = CIFSAF_CACHE_USE_CONFIRMED;
	d->cache_attempt = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 0, 5 };
	d->resolve_ms = 30;
	d->probe_ms = 5;
	s = cifsaf_report_summary(test_mem, "//fs.test/s", &k, d, 0, &prio);
	/* the fallback happened in the race 42 s ago, not now: a notice */
	ck_assert_int_eq(prio, LOG_NOTICE);
	ck_assert_str_eq(s, "//fs.test/s: policy happy-eyeballs (kernel 6.1.0: built-in rule): ip=192.0.2.1 "
			 "in 35 ms, decided by the cache (a race 42 s ago)");
	s = cifsaf_report_trace(test_mem, "fs.test", &k, d);
	ck_assert_ptr_ne(strstr(s, "cache: key 123 (cifs-af:fs.test:445): 192.0.2.1 port 445 won a race "
				"42 s ago\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "probe 192.0.2.1 port 445 (cached, no stagger): started at 0 ms, "
				"connected in 5 ms\n"), NULL);
	ck_assert_ptr_ne(strstr(s, "chose 192.0.2.1\ndecided by the cache: no race\n"), NULL);
	ck_assert_ptr_eq(strstr(s, "no probe"), NULL);
	ck_assert_ptr_eq(strstr(s, "into the lookups"), NULL);
	/* probed as A came, 4 ms into the lookups, connected during them: the
	 * 5 ms overlap is not counted twice */
	d->cache_early = true;
	d->cache_early_at_ms = 4;
	d->probe_early_ms = 5;
	s = cifsaf_report_summary(test_mem, "//fs.test/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "ip=192.0.2.1 in 30 ms, decided by the cache"), NULL);
	s = cifsaf_report_trace(test_mem, "fs.test", &k, d);
	ck_assert_ptr_ne(strstr(s, "cache: probing 192.0.2.1 from its A answer on, 4 ms into the lookups\n"),
			 NULL);
}
END_TEST

START_TEST(dead_cached_winner_is_named)
{
	static const char *const o[] = { "2001:db8::1", "192.0.2.1" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	int prio;
	char *s;

	cache_hit(d, "192.0.2.1");
	d->cache_use = CIFSAF_CACHE_USE_FAILED;
	d->cache_attempt = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_TIMED_OUT, -ETIMEDOUT, 0, 250 };
	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 250, 251 };
	s = cifsaf_report_summary(test_mem, "//fs.test/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "; cached 192.0.2.1 no answer in 250 ms, raced again"), NULL);
	s = cifsaf_report_trace(test_mem, "fs.test", &k, d);
	ck_assert_ptr_ne(strstr(s, "(cached, no stagger): started at 0 ms, no answer in 250 ms: racing\n"
				"probe 2001:db8::1 port 445: started at 250 ms, connected"), NULL);
}
END_TEST

START_TEST(cached_attempt_one_is_named)
{
	static const char *const o[] = { "2001:db8::1", "192.0.2.1" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 1, &k);
	int prio;
	char *s;

	cache_hit(d, "2001:db8::1");
	d->cache_use = CIFSAF_CACHE_USE_FAILED;
	d->cache_in_race = true;
	d->cache_index = 0;
	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_ABANDONED, 0, 0, 251 };
	d->attempts[1] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 250, 251 };
	d->cache_attempt = d->attempts[0];
	s = cifsaf_report_summary(test_mem, "//fs.test/s", &k, d, 0, &prio);
	ck_assert_ptr_ne(strstr(s, "; cached 2001:db8::1 no answer in 251 ms (another connected first), "
				"the race went on from it"), NULL);
	/* named once: the per-candidate list leaves the cached one out */
	ck_assert_ptr_eq(strstr(s, "; 2001:db8::1 "), NULL);
	ck_assert_ptr_eq(strstr(s, "raced again"), NULL);
	s = cifsaf_report_trace(test_mem, "fs.test", &k, d);
	ck_assert_ptr_ne(strstr(s, "probe 2001:db8::1 port 445 (cached, attempt one): started at 0 ms, "
				"no answer in 251 ms (another connected first)\n"
				"probe 192.0.2.1 port 445: started at 250 ms, connected"), NULL);
	ck_assert_ptr_eq(strstr(s, "no stagger"), NULL);
}
END_TEST

START_TEST(cache_lookup_words)
{
	struct cifsaf_cache_lookup c;

	memset(&c, 0, sizeof(c));
	ck_assert_ptr_eq(cifsaf_report_cache_lookup(test_mem, &c), NULL);
	c.state = CIFSAF_CACHE_OFF;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c), "off (cache-ttl-s 0)");
	c.state = CIFSAF_CACHE_UNAVAILABLE;
	c.error = -ENOTSUP;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "unavailable: built without keyutils (configure --without-keyutils)");
	c.state = CIFSAF_CACHE_SKIPPED;
	c.why = "a user mount";
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c), "not used: a user mount");
	c.state = CIFSAF_CACHE_MISS;
	strcpy(c.description, "cifs-af:fs.test:445");
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c), "nothing cached for cifs-af:fs.test:445");
	c.state = CIFSAF_CACHE_IGNORED;
	c.key = 7;
	c.ignored = CIFSAF_IGNORED_EXPIRED;
	c.age_s = 700;
	c.ttl_s = 600;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "key 7 (cifs-af:fs.test:445) ignored: stored 700 s ago, cache-ttl-s is 600");
	c.ignored = CIFSAF_IGNORED_MALFORMED;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "key 7 (cifs-af:fs.test:445) ignored: not a cifs-af decision");
	c.ignored = CIFSAF_IGNORED_FUTURE;
	c.age_s = -30;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "key 7 (cifs-af:fs.test:445) ignored: stored 30 s in the future (the clock moved)");
	c.ignored = CIFSAF_IGNORED_KEYRING_UNTRUSTED;
	c.keyring = 5;
	c.owner = 1000;
	c.perm = 0x3f3f0000;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "keyring 5 (" CIFSAF_CACHE_KEYRING ") ignored: owner uid 1000, permissions 3f3f0000: "
			 "someone but root could write it");
	c.ignored = CIFSAF_IGNORED_NONE;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c), "ignored");
	c.state = CIFSAF_CACHE_NOT_CACHEABLE;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c), "not used: the host is not a DNS name");
	c.state = CIFSAF_CACHE_UNAVAILABLE;
	c.error = -EACCES;
	ck_assert_str_eq(cifsaf_report_cache_lookup(test_mem, &c),
			 "unavailable: cannot read the keyring: Permission denied");
}
END_TEST

START_TEST(untrusted_cache_key_is_a_warning)
{
	static const char *const o[] = { "2001:db8::10", "192.0.2.10" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 2, 0, &k);
	int prio;
	char *s;

	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 0, 1 };
	d->cache.state = CIFSAF_CACHE_IGNORED;
	d->cache.ignored = CIFSAF_IGNORED_UNTRUSTED;
	d->cache.key = 9;
	d->cache.owner = 1000;
	d->cache.perm = 0x3f3f0000;
	strcpy(d->cache.description, "cifs-af:fs.test:445");
	s = cifsaf_report_summary(test_mem, "//fs.test/s", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_WARNING);
	ck_assert_ptr_ne(strstr(s, "; cache key 9 (cifs-af:fs.test:445) ignored: owner uid 1000, "
				"permissions 3f3f0000: someone but root could write it"), NULL);
}
END_TEST

START_TEST(site_in_record_and_trace)
{
	static const char *const o[] = { "2001:db8:2::20", "198.51.100.20", "2001:db8:3:1::20" };
	struct cifsaf_kernel k;
	struct cifsaf_decision *d = make("6.1.0", CIFSAF_POLICY_HAPPY_EYEBALLS, o, 3, 0, &k);
	char *s;
	int prio;

	d->host = "ad.test";
	d->probed = true;
	d->attempts[0] = (struct cifsaf_attempt){ CIFSAF_ATTEMPT_CONNECTED, 0, 0, 2 };
	d->probe_ms = 2;
	d->resolve_ms = 5;
	d->site.state = CIFSAF_SITE_FOUND;
	snprintf(d->site.site, sizeof(d->site.site), "Site2");
	d->site.n_pings = 4;
	d->site.pings[0].dc = testhelp_addr("192.0.2.20");
	d->site.pings[0].ms = 4;
	d->site.n_site_dcs = 2;
	d->site.ms = 9;
	d->n_site_first = 2;
	d->site_moved = true;
	s = cifsaf_report_summary(test_mem, "//ad.test/dfs", &k, d, 0, &prio);
	ck_assert_int_eq(prio, LOG_NOTICE);
	ck_assert_str_eq(s, "//ad.test/dfs: policy happy-eyeballs (kernel 6.1.0: built-in rule): ip=2001:db8:2::20 "
			 "in 16 ms; site Site2 in 9 ms (192.0.2.20 answered the LDAP ping in 4 ms, 4 DCs pinged; "
			 "the site has 2 DC addresses); moved first: 2001:db8:2::20 198.51.100.20; "
			 "198.51.100.20 not tried; 2001:db8:3:1::20 not tried");
	s = cifsaf_report_trace(test_mem, "ad.test", &k, d);
	ck_assert_ptr_nonnull(strstr(s, "\nsite Site2 in 9 ms (192.0.2.20 answered"));
	ck_assert_ptr_nonnull(strstr(s, "moved first: 2001:db8:2::20 198.51.100.20\ncandidates in order:"));
	/* no site order, and why */
	d->site.state = CIFSAF_SITE_NO_REPLY;
	d->site.timed_out = true;
	d->site.budget_ms = 500;
	d->site.ms = 500;
	d->n_site_first = 0;
	s = cifsaf_report_trace(test_mem, "ad.test", &k, d);
	ck_assert_ptr_nonnull(strstr(s, "\nsite none in 500 ms: no LDAP ping reply from 4 DCs within 500 ms; "
				  "no site order\n"));
	/* a site whose DCs are none of the name's addresses */
	d->site.state = CIFSAF_SITE_FOUND;
	d->site.ms = 9;
	s = cifsaf_report_trace(test_mem, "ad.test", &k, d);
	ck_assert_ptr_nonnull(strstr(s, "; none of them is an address of ad.test: no site order\n"));
	/* off, and not run */
	d->site.state = CIFSAF_SITE_OFF;
	s = cifsaf_report_trace(test_mem, "ad.test", &k, d);
	ck_assert_ptr_nonnull(strstr(s, "\nsite not looked for (ad-site 0)\n"));
	d->site.state = CIFSAF_SITE_NOT_RUN;
	s = cifsaf_report_trace(test_mem, "ad.test", &k, d);
	ck_assert_ptr_null(strstr(s, "site"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = testhelp_tcase("report");

	tcase_add_test(tc, fallback_is_a_warning_with_every_fate);
	tcase_add_test(tc, healthy_is_a_notice);
	tcase_add_test(tc, kernel_drop_is_a_warning);
	tcase_add_test(tc, policy_exclusion_is_named);
	tcase_add_test(tc, failure_is_an_error_with_reasons);
	tcase_add_test(tc, resolver_error_is_real);
	tcase_add_test(tc, trace_has_every_step);
	tcase_add_test(tc, lookups_are_in_the_record_and_trace);
	tcase_add_test(tc, port_fallback_is_named);
	tcase_add_test(tc, resolution_failure_lists_each_lookup);
	tcase_add_test(tc, lookups_that_could_not_start);
	tcase_add_test(tc, cache_decision_in_record_and_trace);
	tcase_add_test(tc, dead_cached_winner_is_named);
	tcase_add_test(tc, cached_attempt_one_is_named);
	tcase_add_test(tc, cache_lookup_words);
	tcase_add_test(tc, untrusted_cache_key_is_a_warning);
	tcase_add_test(tc, site_in_record_and_trace);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
