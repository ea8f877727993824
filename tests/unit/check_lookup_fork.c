/* Unit tests: resolver/lookup_fork.c, the fork/pipe/poll driver, with real
 * children running a fake lookup that sleeps, fails or dies on request. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "testhelp.h"
#include "resolver/lookup_fork.h"
#include "resolver/probe_socket.h"

#define SLOW_FOREVER (-1)
#define SLOW_DIE (-2)	/* the child exits without an answer */

struct slow_answer {
	int delay_ms;		/* SLOW_FOREVER: never answers */
	int gai_error;
	int sys_errno;
	int n_addrs;		/* generated addresses when addrs is empty */
	const char *addrs[4];
};

struct slow_dns {
	struct slow_answer aaaa, a, any;
	int64_t clock_offset;	/* the driver must only use differences */
};

static int64_t slow_now(void *ctx)
{
	return cifsaf_monotonic_ms() + ((struct slow_dns *)ctx)->clock_offset;
}

static struct addrinfo *one_ai(const struct cifsaf_candidate *c)
{
	struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_storage));
	struct sockaddr_storage *ss = (struct sockaddr_storage *)(ai + 1);

	if (ai == NULL)
		_exit(4);
	ai->ai_family = c->family;
	ai->ai_addrlen = cifsaf_candidate_sockaddr(c, 0, ss);
	ai->ai_addr = (struct sockaddr *)ss;
	return ai;
}

/* Runs in the child. */
static int slow_lookup(void *ctx, const char *host, int family, struct addrinfo **ret)
{
	struct slow_dns *dns = ctx;
	const struct slow_answer *a = family == AF_INET6 ? &dns->aaaa : family == AF_INET ? &dns->a
											   : &dns->any;
	struct addrinfo *head = NULL, **tail = &head;
	struct cifsaf_candidate c;
	int i;

	(void)host;
	if (a->delay_ms == SLOW_DIE)
		_exit(3);
	if (a->delay_ms == SLOW_FOREVER)
		for (;;)
			pause();
	usleep((useconds_t)a->delay_ms * 1000);
	if (a->gai_error != 0) {
		errno = a->sys_errno;
		return a->gai_error;
	}
	for (i = 0; i < 4 && a->addrs[i] != NULL; i++) {
		ck_assert_int_eq(cifsaf_candidate_parse_literal(a->addrs[i], &c), 0);
		*tail = one_ai(&c);
		tail = &(*tail)->ai_next;
	}
	for (i = 0; i < a->n_addrs; i++) {
		ck_assert_int_eq(cifsaf_candidate_parse_literal("198.51.100.0", &c), 0);
		c.addr.v4.s_addr = htonl(0xc6336400 + (uint32_t)i % 256 + ((uint32_t)i / 256 << 8));
		*tail = one_ai(&c);
		tail = &(*tail)->ai_next;
	}
	*ret = head;
	return 0;
}

static void slow_free(void *ctx, struct addrinfo *res)
{
	(void)ctx;
	while (res != NULL) {
		struct addrinfo *next = res->ai_next;

		free(res);
		res = next;
	}
}

static const struct cifsaf_lookup_ops slow_ops = { slow_lookup, slow_free, slow_now };

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_ne(d, NULL);
	while ((e = readdir(d)) != NULL)
		n++;
	closedir(d);
	return n;
}

/* Run the driver; check that no child and no descriptor is left behind.
 * Returns the wall time in ms. */
static const struct cifsaf_lookup_watch *run_watch;	/* what run() passes on */

static int64_t run(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode, int delay, int cap,
		   struct slow_dns *dns)
{
	struct cifsaf_gather_params p;
	int fds = count_fds();
	int64_t t0 = cifsaf_monotonic_ms();

	p.resolution_delay_ms = delay;
	p.timeout_ms = cap;
	dns->clock_offset = 7000000;
	ck_assert_int_eq(cifsaf_lookup_run(g, mode, &p, "name.test", &slow_ops, dns, run_watch), 0);
	t0 = cifsaf_monotonic_ms() - t0;
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	ck_assert_int_eq(count_fds(), fds);
	return t0;
}

START_TEST(both_answer)
{
	struct slow_dns dns = { { 0, 0, 0, 0, { "2001:db8::1", "2001:db8::2", NULL } },
				{ 0, 0, 0, 0, { "192.0.2.1", NULL } }, { 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	run(&g, CIFSAF_LOOKUP_BOTH, 5000, 10000, &dns);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_uint_eq(g.lookups[0].n_addrs, 2);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_ge(g.lookups[0].ms, 0);
	ck_assert_int_lt(g.lookups[0].ms, 5000);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(c[0].family, AF_INET6);
	ck_assert_int_eq(c[2].family, AF_INET);
}
END_TEST

START_TEST(slow_aaaa_is_abandoned_and_killed)
{
	struct slow_dns dns = { { 20000, 0, 0, 0, { "2001:db8::1", NULL } },
				{ 0, 0, 0, 0, { "192.0.2.1", NULL } }, { 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;
	int64_t ms = run(&g, CIFSAF_LOOKUP_BOTH, 50, 30000, &dns);

	/* Done at A + 50 ms; the sleeping AAAA child was killed, not awaited
	 * (its 20 s would show, with room for a slow machine). */
	ck_assert_int_lt(ms, 10000);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ABANDONED);
	ck_assert_int_ge(g.lookups[0].ms, 50);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_ge(g.done_ms, g.lookups[1].ms + 50);
}
END_TEST

START_TEST(aaaa_within_the_delay_is_used)
{
	struct slow_dns dns = { { 100, 0, 0, 0, { "2001:db8::1", NULL } },
				{ 0, 0, 0, 0, { "192.0.2.1", NULL } }, { 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;

	run(&g, CIFSAF_LOOKUP_BOTH, 1500, 10000, &dns);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_ge(g.lookups[0].ms, 100);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
}
END_TEST

START_TEST(hard_cap_kills_hung_lookups)
{
	struct slow_dns dns = { { SLOW_FOREVER, 0, 0, 0, { NULL } }, { SLOW_FOREVER, 0, 0, 0, { NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;
	int64_t ms = run(&g, CIFSAF_LOOKUP_BOTH, 50, 300, &dns);

	ck_assert_int_ge(ms, 300);
	ck_assert_int_lt(ms, 3000);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_TIMED_OUT);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_TIMED_OUT);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_AGAIN);
}
END_TEST

START_TEST(errors_travel_through_the_pipe)
{
	struct slow_dns dns = { { 0, EAI_NODATA, 0, 0, { NULL } }, { 5, EAI_SYSTEM, EMFILE, 0, { NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	run(&g, CIFSAF_LOOKUP_BOTH, 50, 10000, &dns);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_FAILED);
	ck_assert_int_eq(g.lookups[0].gai_error, EAI_NODATA);
	ck_assert_int_eq(g.lookups[1].gai_error, EAI_SYSTEM);
	ck_assert_int_eq(g.lookups[1].sys_errno, EMFILE);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), -ENOENT);
	ck_assert_int_eq(gai, EAI_SYSTEM);
	ck_assert_int_eq(err, EMFILE);
}
END_TEST

START_TEST(a_child_that_dies_is_a_failure)
{
	struct slow_dns dns = { { SLOW_DIE, 0, 0, 0, { NULL } }, { 0, 0, 0, 0, { "192.0.2.1", NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;

	run(&g, CIFSAF_LOOKUP_BOTH, 5000, 10000, &dns);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_FAILED);
	ck_assert_int_eq(g.lookups[0].gai_error, EAI_FAIL);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
}
END_TEST

START_TEST(at_most_the_limit_is_kept)
{
	struct slow_dns dns = { { 0, 0, 0, 0, { NULL } }, { 0, 0, 0, 70, { NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather g;

	run(&g, CIFSAF_LOOKUP_V4, 50, 10000, &dns);
	ck_assert_uint_eq(g.n_lookups, 1);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_uint_eq(g.lookups[0].n_addrs, CIFSAF_LOOKUP_MAX_ADDRS);
}
END_TEST

START_TEST(unspec_is_one_lookup)
{
	struct slow_dns dns = { { SLOW_DIE, 0, 0, 0, { NULL } }, { SLOW_DIE, 0, 0, 0, { NULL } },
				{ 0, 0, 0, 0, { "192.0.2.1", "2001:db8::1", NULL } }, 0 };
	struct cifsaf_gather g;
	struct cifsaf_candidate *c;
	size_t n;
	int gai, err;

	run(&g, CIFSAF_LOOKUP_UNSPEC, 50, 10000, &dns);
	ck_assert_int_eq(cifsaf_gather_result(&g, test_mem, &c, &n, &gai, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(c[0].family, AF_INET);	/* the system's order is kept */
}
END_TEST

START_TEST(sigchld_disposition_is_restored)
{
	struct slow_dns dns = { { 0, 0, 0, 0, { "2001:db8::1", NULL } }, { 0, 0, 0, 0, { "192.0.2.1", NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct sigaction ign, now;
	struct cifsaf_gather g;

	/* With SIGCHLD ignored the kernel would reap the children itself; the
	 * driver must still work and put the disposition back. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	ck_assert_int_eq(sigaction(SIGCHLD, &ign, NULL), 0);
	run(&g, CIFSAF_LOOKUP_BOTH, 5000, 10000, &dns);
	ck_assert_int_eq(g.lookups[1].outcome, CIFSAF_LOOKUP_ANSWERED);
	ck_assert_int_eq(sigaction(SIGCHLD, NULL, &now), 0);
	ck_assert(now.sa_handler == SIG_IGN);
	ign.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &ign, NULL);
}
END_TEST

/* A watch as decide.c's cached probe uses it: told of each outcome as it
 * comes, on the driver's clock. */
struct watcher {
	struct slow_dns *dns;
	size_t answers[4], n_answers;
	int64_t at[4];
};

static void watch_answered(void *ctx, const struct cifsaf_gather *g, size_t idx)
{
	struct watcher *w = ctx;

	ck_assert_int_ne(g->lookups[idx].outcome, CIFSAF_LOOKUP_PENDING);
	ck_assert_uint_lt(w->n_answers, 4);
	w->at[w->n_answers] = slow_now(w->dns);
	w->answers[w->n_answers++] = idx;
}

START_TEST(a_watch_hears_each_answer_as_it_comes)
{
	struct slow_dns dns = { { 300, 0, 0, 0, { "2001:db8::1", NULL } }, { 0, 0, 0, 0, { "192.0.2.1", NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct watcher w = { &dns, { 0 }, 0, { 0 } };
	struct cifsaf_lookup_watch watch = { &w, watch_answered };
	struct cifsaf_gather g;

	/* A at once, AAAA 300 ms later: the watch hears of A before AAAA
	 * has answered, then of AAAA; each once */
	run_watch = &watch;
	run(&g, CIFSAF_LOOKUP_BOTH, 5000, 10000, &dns);
	ck_assert_uint_eq(w.n_answers, 2);
	ck_assert_uint_eq(w.answers[0], 1);
	ck_assert_uint_eq(w.answers[1], 0);
	ck_assert_int_lt(w.at[0] - g.t0, g.lookups[0].ms);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_ANSWERED);
	/* a failure is an outcome too; an abandoned lookup is not heard of */
	dns.a.gai_error = EAI_NONAME;
	dns.aaaa.delay_ms = SLOW_FOREVER;
	w.n_answers = 0;
	run(&g, CIFSAF_LOOKUP_BOTH, 50, 200, &dns);
	ck_assert_uint_eq(w.n_answers, 1);
	ck_assert_uint_eq(w.answers[0], 1);
	ck_assert_int_eq(g.lookups[0].outcome, CIFSAF_LOOKUP_TIMED_OUT);
}
END_TEST

/* Run the driver under a lowered limit, expecting it to fail: r, with no
 * child and no descriptor left and SIGCHLD as it was.  RLIMIT_NPROC counts
 * the real uid's processes and spares root: nobody's for the call, root's
 * saved uid to come back. */
static void run_limited(int resource, unsigned long soft, int r)
{
	struct slow_dns dns = { { 0, 0, 0, 0, { "2001:db8::1", NULL } }, { 0, 0, 0, 0, { "192.0.2.1", NULL } },
				{ 0, 0, 0, 0, { NULL } }, 0 };
	struct cifsaf_gather_params p = { 50, 10000 };
	struct sigaction now;
	struct cifsaf_gather g;
	struct rlimit was;
	uid_t uid = getuid();
	int fds = count_fds(), got;

	if (resource == RLIMIT_NPROC && uid == 0)
		ck_assert_int_eq(setresuid(65534, 65534, 0), 0);
	testhelp_limit(resource, soft, &was);
	got = cifsaf_lookup_run(&g, CIFSAF_LOOKUP_BOTH, &p, "name.test", &slow_ops, &dns, NULL);
	testhelp_restore_limit(resource, &was);
	if (resource == RLIMIT_NPROC && uid == 0)
		ck_assert_int_eq(setresuid(0, 0, 0), 0);
	ck_assert_int_eq(got, r);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	ck_assert_int_eq(count_fds(), fds);
	ck_assert_int_eq(sigaction(SIGCHLD, NULL, &now), 0);
	ck_assert(now.sa_handler == SIG_DFL);
}

START_TEST(no_descriptor_for_a_pipe)
{
	run_limited(RLIMIT_NOFILE, 0, -EMFILE);
}
END_TEST

START_TEST(no_process_for_a_lookup)
{
	/* none at all; then room for the first lookup's child only, which is
	 * killed and reaped when the second cannot start (the caller itself
	 * counts as nobody's first process) */
	run_limited(RLIMIT_NPROC, 0, -EAGAIN);
	run_limited(RLIMIT_NPROC, 2, -EAGAIN);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lookup_fork");
	TCase *tc = testhelp_tcase("lookup_fork");

	tcase_add_test(tc, both_answer);
	tcase_add_test(tc, slow_aaaa_is_abandoned_and_killed);
	tcase_add_test(tc, aaaa_within_the_delay_is_used);
	tcase_add_test(tc, hard_cap_kills_hung_lookups);
	tcase_add_test(tc, errors_travel_through_the_pipe);
	tcase_add_test(tc, a_child_that_dies_is_a_failure);
	tcase_add_test(tc, at_most_the_limit_is_kept);
	tcase_add_test(tc, unspec_is_one_lookup);
	tcase_add_test(tc, sigchld_disposition_is_restored);
	tcase_add_test(tc, a_watch_hears_each_answer_as_it_comes);
	tcase_add_test(tc, no_descriptor_for_a_pipe);
	tcase_add_test(tc, no_process_for_a_lookup);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
