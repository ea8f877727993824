/* testhelp.c: fixtures shared by the unit suites. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/probe_socket.h"

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

void testhelp_limit(int resource, unsigned long soft, struct rlimit *was)
{
	struct rlimit lower;

	ck_assert_int_eq(getrlimit(resource, was), 0);
	lower = *was;
	lower.rlim_cur = (rlim_t)soft;
	ck_assert_int_eq(setrlimit(resource, &lower), 0);
}

void testhelp_restore_limit(int resource, const struct rlimit *was)
{
	ck_assert_int_eq(setrlimit(resource, was), 0);
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

static const struct fake_peer *find_peer(struct fake_net *net, const struct cifsaf_candidate *c,
					 uint16_t port)
{
	char text[CIFSAF_ADDRSTRLEN];
	size_t i;

	ck_assert_int_ge(cifsaf_candidate_format(c, text, sizeof(text)), 0);
	if (net->alt_peers != NULL && port == net->alt_port) {
		for (i = 0; i < net->n_alt_peers; i++)
			if (strcmp(net->alt_peers[i].addr, text) == 0)
				return &net->alt_peers[i];
	} else {
		for (i = 0; i < net->n_peers; i++)
			if (strcmp(net->peers[i].addr, text) == 0)
				return &net->peers[i];
	}
	ck_abort_msg("fake network has no peer %s port %u", text, (unsigned)port);
	return NULL;
}

static int fake_start(void *ctx, size_t idx, const struct cifsaf_candidate *c, uint16_t port)
{
	struct fake_net *net = ctx;
	const struct fake_peer *p = find_peer(net, c, port);

	ck_assert_uint_lt(idx, FAKE_MAX_SLOTS);
	ck_assert_uint_lt(net->n_started, FAKE_MAX_SLOTS);
	ck_assert_msg(!net->slots[idx].active, "candidate %zu started twice", idx);
	net->started_port[net->n_started] = port;
	net->started_real_ms[net->n_started] = cifsaf_monotonic_ms();
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

void fake_dns_init(struct fake_dns *dns, const struct fake_host *hosts, size_t n)
{
	/* One shared page for the whole test program, never unmapped. */
	static int *shared;

	if (shared == NULL) {
		shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		ck_assert(shared != MAP_FAILED);
	}
	*shared = 0;
	dns->hosts = hosts;
	dns->n_hosts = n;
	dns->lookups = shared;
	dns->aaaa_delay_ms = 0;
}

static int fake_lookup(void *ctx, const char *host, int family, struct addrinfo **ret)
{
	struct fake_dns *dns = ctx;
	struct addrinfo *head = NULL, **tail = &head;
	size_t i, k;

	__sync_fetch_and_add(dns->lookups, 1);
	if (family == AF_INET6 && dns->aaaa_delay_ms > 0)
		usleep((useconds_t)dns->aaaa_delay_ms * 1000);
	for (i = 0; i < dns->n_hosts; i++) {
		const struct fake_host *h = &dns->hosts[i];

		if (strcmp(h->host, host) != 0)
			continue;
		if (h->gai_error != 0)
			return h->gai_error;
		for (k = 0; h->addrs[k] != NULL; k++) {
			struct cifsaf_candidate c = testhelp_addr(h->addrs[k]);
			struct addrinfo *ai;
			struct sockaddr_storage *ss;

			if (family != AF_UNSPEC && c.family != family)
				continue;
			ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_storage));
			ck_assert_ptr_ne(ai, NULL);
			ss = (struct sockaddr_storage *)(ai + 1);
			ai->ai_family = c.family;
			ai->ai_addrlen = cifsaf_candidate_sockaddr(&c, 0, ss);
			ai->ai_addr = (struct sockaddr *)ss;
			*tail = ai;
			tail = &ai->ai_next;
		}
		if (head == NULL)
			return EAI_NODATA;
		*ret = head;
		return 0;
	}
	return EAI_NONAME;
}

static int64_t fake_dns_now(void *ctx)
{
	(void)ctx;
	return cifsaf_monotonic_ms();
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
	.now_ms = fake_dns_now,
};

uint8_t *testhelp_data(void *mem, const char *name, size_t *ret_len)
{
	const char *dir = getenv("top_srcdir");
	char *path = talloc_asprintf(mem, "%s/tests/unit/data/%s", dir ? dir : ".", name);
	uint8_t *buf;
	FILE *f;
	long n;

	ck_assert_ptr_nonnull(path);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = talloc_size(mem, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	talloc_free(path);
	*ret_len = (size_t)n;
	return buf;
}

struct fake_net *fake_net_current;

void *fake_net_ctx_new(void *mem, size_t n)
{
	(void)n;
	return talloc_new(mem);	/* the fake network is global; a token context */
}

static int64_t fwd_now(void *ctx)
{
	(void)ctx;
	return fake_probe_ops.now_ms(fake_net_current);
}

static int fwd_start(void *ctx, size_t i, const struct cifsaf_candidate *c, uint16_t p)
{
	(void)ctx;
	return fake_probe_ops.start(fake_net_current, i, c, p);
}

static int fwd_wait(void *ctx, int t, size_t *i, int *e)
{
	(void)ctx;
	return fake_probe_ops.wait(fake_net_current, t, i, e);
}

static void fwd_close(void *ctx, size_t i)
{
	(void)ctx;
	fake_probe_ops.close(fake_net_current, i);
}

const struct cifsaf_probe_ops fake_net_fwd_ops = { fwd_now, fwd_start, fwd_wait, fwd_close };

int testhelp_until_memory_suffices(int (*attempt)(void *mem, void *arg), void *arg)
{
	size_t max;
	int r = -ENOMEM;

	/* From 1: a limit of 0 is talloc's "no limit". */
	for (max = 1; r == -ENOMEM; max += 8) {
		void *mem = talloc_new(test_mem);

		ck_assert_ptr_ne(mem, NULL);
		/* Deprecated in talloc's header (not every allocator honours
		 * it), but the allocations the code under test makes do. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
		ck_assert_int_eq(talloc_set_memlimit(mem, max), 0);
#pragma GCC diagnostic pop
		r = attempt(mem, arg);
		if (r == -ENOMEM)
			ck_assert_uint_eq(talloc_total_blocks(mem), 1);
		talloc_free(mem);
	}
	return r;
}
