/* testhelp.c: fixtures shared by the unit suites. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"

void *test_mem;
static size_t null_blocks_before;

void testhelp_setup(void)
{
	null_blocks_before = talloc_total_blocks(NULL);
	test_mem = talloc_new(NULL);
	ck_assert_ptr_ne(test_mem, NULL);
}

void testhelp_teardown(void)
{
	size_t after;

	talloc_free(test_mem);
	test_mem = NULL;
	after = talloc_total_blocks(NULL);
	if (after != null_blocks_before)
		talloc_report_full(NULL, stderr);
	ck_assert_uint_eq(after, null_blocks_before);
}

TCase *testhelp_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, testhelp_setup, testhelp_teardown);
	return tc;
}

int testhelp_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	/* Track allocations made without a parent, so the fixture can see a
	 * leak onto the NULL context; undone before exit so the tracking
	 * context itself is not reported by valgrind or LeakSanitizer. */
	talloc_enable_null_tracking();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	talloc_disable_null_tracking();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

struct cifsaf_candidate testhelp_addr(const char *text)
{
	struct cifsaf_candidate c;

	ck_assert_msg(cifsaf_candidate_parse_literal(text, &c) == 0, "bad test address %s", text);
	return c;
}

/* ------------------------------------------------------------ fake network */

void fake_net_init(struct fake_net *net, const struct fake_peer *peers, size_t n)
{
	memset(net, 0, sizeof(*net));
	net->now = 1000;	/* not zero: the racer must work relative times */
	net->peers = peers;
	net->n_peers = n;
}

static int64_t fake_now(void *ctx)
{
	return ((struct fake_net *)ctx)->now;
}

static const struct fake_peer *find_peer(struct fake_net *net, const struct cifsaf_candidate *c)
{
	char text[CIFSAF_ADDRSTRLEN];
	size_t i;

	ck_assert_int_ge(cifsaf_candidate_format(c, text, sizeof(text)), 0);
	for (i = 0; i < net->n_peers; i++)
		if (strcmp(net->peers[i].addr, text) == 0)
			return &net->peers[i];
	ck_abort_msg("fake network has no peer %s", text);
	return NULL;
}

static int fake_start(void *ctx, size_t idx, const struct cifsaf_candidate *c, uint16_t port)
{
	struct fake_net *net = ctx;
	const struct fake_peer *p = find_peer(net, c);

	(void)port;
	ck_assert_uint_lt(idx, FAKE_MAX_SLOTS);
	ck_assert_msg(!net->slots[idx].active, "candidate %zu started twice", idx);
	net->started[net->n_started++] = idx;
	if (p->after_ms == 0)
		return p->error == 0 ? 1 : p->error;
	net->slots[idx].active = true;
	net->slots[idx].done_at = p->after_ms == FAKE_NEVER ? INT64_MAX : net->now + p->after_ms;
	net->slots[idx].error = p->error;
	net->concurrent++;
	if (net->concurrent > net->max_concurrent)
		net->max_concurrent = net->concurrent;
	return 0;
}

static int fake_wait(void *ctx, int timeout_ms, size_t *ret_idx, int *ret_error)
{
	struct fake_net *net = ctx;
	int64_t best = INT64_MAX;
	size_t i, idx = 0;

	ck_assert_int_ge(timeout_ms, 0);
	for (i = 0; i < FAKE_MAX_SLOTS; i++) {
		if (net->slots[i].active && net->slots[i].done_at < best) {
			best = net->slots[i].done_at;
			idx = i;
		}
	}
	if (best != INT64_MAX && best <= net->now + timeout_ms) {
		if (best > net->now)
			net->now = best;
		*ret_idx = idx;
		*ret_error = net->slots[idx].error;
		/* An answered connect stays "active" until closed, but it must
		 * not be reported twice. */
		net->slots[idx].done_at = INT64_MAX;
		return 1;
	}
	net->now += timeout_ms;
	return 0;
}

static void fake_close(void *ctx, size_t idx)
{
	struct fake_net *net = ctx;

	net->closed++;
	if (net->slots[idx].active) {
		net->slots[idx].active = false;
		net->concurrent--;
	}
}

const struct cifsaf_probe_ops fake_probe_ops = {
	.now_ms = fake_now,
	.start = fake_start,
	.wait = fake_wait,
	.close = fake_close,
};

/* ------------------------------------------------------------ fake resolver */

static int fake_lookup(void *ctx, const char *host, struct addrinfo **ret)
{
	struct fake_dns *dns = ctx;
	struct addrinfo *head = NULL, **tail = &head;
	size_t i, k;

	dns->lookups++;
	for (i = 0; i < dns->n_hosts; i++) {
		const struct fake_host *h = &dns->hosts[i];

		if (strcmp(h->host, host) != 0)
			continue;
		if (h->gai_error != 0)
			return h->gai_error;
		for (k = 0; h->addrs[k] != NULL; k++) {
			struct cifsaf_candidate c = testhelp_addr(h->addrs[k]);
			struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_storage));
			struct sockaddr_storage *ss = (struct sockaddr_storage *)(ai + 1);

			ck_assert_ptr_ne(ai, NULL);
			ai->ai_family = c.family;
			ai->ai_addrlen = cifsaf_candidate_sockaddr(&c, 0, ss);
			ai->ai_addr = (struct sockaddr *)ss;
			*tail = ai;
			tail = &ai->ai_next;
		}
		*ret = head;
		return 0;
	}
	return EAI_NONAME;
}

static void fake_free(void *ctx, struct addrinfo *res)
{
	(void)ctx;
	while (res != NULL) {
		struct addrinfo *next = res->ai_next;

		free(res);
		res = next;
	}
}

const struct cifsaf_lookup_ops fake_lookup_ops = {
	.lookup = fake_lookup,
	.free_result = fake_free,
};
