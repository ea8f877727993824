/* decide.c: resolution, kernel filter, policy and probing in one pass. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "decide.h"

/* Overall probe deadline: the kernel itself gives up on a dead address after
 * ~5 s per port from 3.0 on; before 3.0 it would wait minutes, so probing
 * longer there still saves time. */
static int race_deadline_ms(const struct cifsaf_kernel *k)
{
	return cifsaf_kernel_cmp(k, 3, 0, 0) >= 0 ? 5000 : 10000;
}

static void race_params_for(const struct cifsaf_decide_input *in, size_t n,
			    struct cifsaf_race_params *p)
{
	memset(p, 0, sizeof(*p));
	p->port = in->port;
	if (in->policy == CIFSAF_POLICY_HAPPY_EYEBALLS) {
		p->stagger_ms = in->connect_delay_ms;
		p->attempt_timeout_ms = 0;	/* never abort an earlier attempt */
		p->deadline_ms = race_deadline_ms(&in->kernel);
	} else {
		/* One candidate at a time, each given the probe timeout. */
		p->stagger_ms = in->probe_timeout_ms;
		p->attempt_timeout_ms = in->probe_timeout_ms;
		p->deadline_ms = in->probe_timeout_ms * (int)n;
	}
	if (in->probe_budget_ms > 0 && p->deadline_ms > in->probe_budget_ms)
		p->deadline_ms = in->probe_budget_ms;
}

static int filter_by_kernel(struct cifsaf_decision *d, const struct cifsaf_kernel *k,
			    struct cifsaf_candidate **ret_kept, size_t *ret_n)
{
	struct cifsaf_candidate *kept;
	size_t i, n = 0;

	kept = talloc_array(d, struct cifsaf_candidate, d->n_resolved);
	d->dropped = talloc_array(d, struct cifsaf_dropped, d->n_resolved);
	if (kept == NULL || d->dropped == NULL)
		return -ENOMEM;
	for (i = 0; i < d->n_resolved; i++) {
		enum cifsaf_kernel_verdict v = cifsaf_kernel_check(k, &d->resolved[i]);

		if (v == CIFSAF_KERNEL_ACCEPTS) {
			kept[n++] = d->resolved[i];
		} else {
			d->dropped[d->n_dropped].candidate = d->resolved[i];
			d->dropped[d->n_dropped].verdict = v;
			d->n_dropped++;
		}
	}
	*ret_kept = kept;
	*ret_n = n;
	return 0;
}

enum cifsaf_lookup_mode cifsaf_policy_lookup_mode(enum cifsaf_policy p)
{
	return p == CIFSAF_POLICY_SYSTEM ? CIFSAF_LOOKUP_UNSPEC : CIFSAF_LOOKUP_BOTH;
}

/* What the policy left out of kept: the other family of an -only policy,
 * addresses past the per-family cap.  Kept for the record's account of
 * every candidate. */
static int note_excluded(struct cifsaf_decision *d, const struct cifsaf_candidate *kept, size_t n_kept)
{
	size_t i, j;
	bool in_order;

	d->excluded = talloc_array(d, struct cifsaf_candidate, n_kept ? n_kept : 1);
	if (d->excluded == NULL)
		return -ENOMEM;
	for (i = 0; i < n_kept; i++) {
		in_order = false;
		for (j = 0; j < d->n_ordered && !in_order; j++)
			in_order = cifsaf_candidate_equal(&kept[i], &d->ordered[j]);
		if (!in_order)
			d->excluded[d->n_excluded++] = kept[i];
	}
	return 0;
}

static int resolve(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
		   const struct cifsaf_decide_ops *ops, const struct cifsaf_lookup_watch *watch)
{
	struct cifsaf_gather_params gp;
	struct cifsaf_resolution res;
	size_t i;
	int r;

	gp.resolution_delay_ms = in->resolution_delay_ms;
	gp.timeout_ms = in->resolve_timeout_ms;
	r = cifsaf_resolve(d, d->override ? in->ip_override : in->host,
			   cifsaf_policy_lookup_mode(in->policy), &gp, ops->lookup, ops->lookup_ctx,
			   watch, &res);
	d->resolved = res.addrs;
	d->n_resolved = res.n;
	d->n_lookups = res.n_lookups;
	for (i = 0; i < res.n_lookups; i++)
		d->lookups[i] = res.lookups[i];
	d->gai_error = res.gai_error;
	d->gai_errno = res.sys_errno;
	d->resolve_ms = res.ms;
	return r;
}

/* The cached winner's connect, started as soon as its family's lookup has
 * returned it (issue 17), not after both lookups and the Resolution Delay.
 * The lookups still run their course, as for a miss: the other family's
 * addresses stay in the mount order for the retry loop (and in the
 * upcall's answer), and the Resolution Delay bounds the wait for them.
 * Its probe context is the race's, slot 0 (cached_first puts it there). */
struct early_probe {
	const struct cifsaf_probe_ops *ops;
	void *ctx;
	struct cifsaf_candidate addr;
	uint16_t port;
	bool started;
	int64_t answered_ms;		/* its family's answer, into the lookups */
	int64_t t0;			/* on the probe clock */
	struct cifsaf_attempt attempt;	/* relative to t0 */
};

/* Whether the hit can be probed before the candidates are known: only an
 * address this kernel accepts and this policy would race, on this port. */
static bool early_wanted(const struct cifsaf_decide_input *in)
{
	struct cifsaf_candidate kept;

	return in->cache != NULL && in->cache->state == CIFSAF_CACHE_HIT && in->ip_override == NULL &&
	       !in->no_probe && cifsaf_policy_probes(in->policy) && in->cache->entry.port == in->port &&
	       cifsaf_kernel_check(&in->kernel, &in->cache->entry.addr) == CIFSAF_KERNEL_ACCEPTS &&
	       cifsaf_policy_order(in->policy, &in->cache->entry.addr, 1, &kept) == 1;
}

static void early_answered(void *ctx, const struct cifsaf_gather *g, size_t idx)
{
	struct early_probe *e = ctx;
	const struct cifsaf_lookup_result *l = &g->lookups[idx];
	size_t i = 0;
	int rc;

	if (e->started || l->outcome != CIFSAF_LOOKUP_ANSWERED)
		return;
	while (i < l->n_addrs && !cifsaf_candidate_equal(&g->addrs[idx][i], &e->addr))
		i++;
	if (i == l->n_addrs)
		return;	/* not among its family's addresses now */
	e->started = true;
	e->answered_ms = l->ms;
	e->t0 = e->ops->now_ms(e->ctx);
	e->attempt.started_ms = 0;
	e->attempt.finished_ms = -1;
	rc = e->ops->start(e->ctx, 0, &e->addr, e->port);
	if (rc == 0)
		return;	/* under way: the race waits for it */
	/* Connected or failed at once, as a race's start would see it. */
	e->attempt.state = rc > 0 ? CIFSAF_ATTEMPT_CONNECTED : CIFSAF_ATTEMPT_FAILED;
	e->attempt.error = rc > 0 ? 0 : rc;
	e->attempt.finished_ms = 0;
	e->ops->close(e->ctx, 0);
}

/* The race order with the cached winner first: it stays open as attempt
 * one, and the rest follow in policy order led by the other family, the
 * one most likely to work when the cached family broke. */
static void cached_first(const struct cifsaf_candidate *c, size_t n, size_t cached, size_t *perm)
{
	size_t i, k = 0, other = n;

	perm[k++] = cached;
	for (i = 0; i < n && other == n; i++)
		if (c[i].family != c[cached].family)
			other = i;
	if (other < n)
		perm[k++] = other;
	for (i = 0; i < n; i++)
		if (i != cached && i != other)
			perm[k++] = i;
}

/* Race ordered[], the cached candidate first when cached < n_ordered.
 * attempts[] and winner are indexed by ordered[] whatever the race order. */
static int probe(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
		 const struct cifsaf_decide_ops *ops, size_t cached, struct early_probe *early)
{
	struct cifsaf_race_params params;
	struct cifsaf_candidate *racing;
	struct cifsaf_attempt *a, *fa;
	size_t n = d->n_ordered, i, w = 0, *perm;
	void *probe_ctx;
	int64_t t;
	int r;

	probe_ctx = early != NULL ? early->ctx : ops->probe_ctx_new(d, n);
	if (early != NULL)
		early->ctx = NULL;	/* freed here with the rest */
	d->attempts = talloc_zero_array(d, struct cifsaf_attempt, n);
	d->fallback_attempts = talloc_zero_array(d, struct cifsaf_attempt, n);
	a = talloc_zero_array(probe_ctx, struct cifsaf_attempt, n);
	fa = talloc_zero_array(probe_ctx, struct cifsaf_attempt, n);
	racing = talloc_array(probe_ctx, struct cifsaf_candidate, n);
	perm = talloc_array(probe_ctx, size_t, n);
	if (probe_ctx == NULL || d->attempts == NULL || d->fallback_attempts == NULL || a == NULL ||
	    fa == NULL || racing == NULL || perm == NULL) {
		talloc_free(probe_ctx);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		perm[i] = i;
	if (cached < n)
		cached_first(d->ordered, n, cached, perm);
	for (i = 0; i < n; i++)
		racing[i] = d->ordered[perm[i]];
	race_params_for(in, n, &params);
	d->probed = true;
	d->probe_port = in->port;
	t = ops->probe->now_ms(probe_ctx);
	if (early != NULL) {
		params.first = &early->attempt;
		params.first_t0 = early->t0;
		d->probe_early_ms = t - early->t0;
		t = early->t0;
	}
	r = cifsaf_race_ports(racing, n, &params, in->fallback_port, ops->probe, probe_ctx, a, fa,
			      &w, &d->port);
	d->probe_ms = ops->probe->now_ms(probe_ctx) - t;
	d->port_fallback = d->port != in->port;
	for (i = 0; i < n; i++) {
		d->attempts[perm[i]] = a[i];
		d->fallback_attempts[perm[i]] = fa[i];
	}
	if (r == 0)
		d->winner = perm[w];
	talloc_free(probe_ctx);
	if (r < 0)
		d->race_error = r;
	return r;
}

/* The AD site step, for a name the policy gives two or more addresses of
 * a family: the site's DCs first, each part in policy order. */
static int site_order(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
		      const struct cifsaf_decide_ops *ops, const struct cifsaf_candidate *kept,
		      size_t n_kept)
{
	struct cifsaf_site_params sp;
	struct cifsaf_candidate *plain;
	bool *first;
	size_t n;

	if (!cifsaf_site_wanted(d->ordered, d->n_ordered) || ops->site == NULL)
		return 0;
	if (!in->site_step) {
		d->site.state = CIFSAF_SITE_OFF;
		return 0;
	}
	sp.budget_ms = in->site_budget_ms;
	sp.cached_site = in->site_cached;
	cifsaf_site_run(in->host, d->resolved, d->n_resolved, &sp, ops->site, ops->site_ctx, &d->site);
	first = talloc_zero_array(d, bool, n_kept ? n_kept : 1);
	plain = talloc_array(d, struct cifsaf_candidate, d->n_ordered);
	if (first == NULL || plain == NULL)
		return -ENOMEM;
	memcpy(plain, d->ordered, d->n_ordered * sizeof(*plain));
	if (cifsaf_site_mark(&d->site, kept, n_kept, first) > 0) {
		n = d->n_ordered;
		d->n_ordered = cifsaf_policy_order_ranked(in->policy, kept, first, n_kept, d->ordered);
		cifsaf_site_mark(&d->site, d->ordered, d->n_ordered, first);
		while (d->n_site_first < d->n_ordered && first[d->n_site_first])
			d->n_site_first++;
		d->site_moved = n != d->n_ordered ||
				memcmp(plain, d->ordered, n * sizeof(*plain)) != 0;
	}
	talloc_free(first);
	talloc_free(plain);
	return 0;
}

/* Where the cached winner is in ordered[]: n_ordered (and cache_use
 * NOT_CANDIDATE) when it is not a candidate now (DNS changed, or another
 * policy), or its port is one this mount would not try. */
static size_t cached_index(struct cifsaf_decision *d, const struct cifsaf_decide_input *in)
{
	const struct cifsaf_cache_entry *e = &in->cache->entry;
	size_t i;

	for (i = 0; i < d->n_ordered; i++)
		if (cifsaf_candidate_equal(&d->ordered[i], &e->addr))
			break;
	if (i == d->n_ordered || (e->port != in->port && e->port != in->fallback_port)) {
		d->cache_use = CIFSAF_CACHE_USE_NOT_CANDIDATE;
		return d->n_ordered;
	}
	d->cache_index = i;
	return i;
}

/* The cached winner as attempt one of the race (RFC 8305 counts it): it
 * gets the head start a stagger would have cost, and when it has not
 * connected by then it stays open while the others follow.  Connected
 * before anyone else started: the cache decided, as though no race ran. */
static int probe_cached_first(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
			      const struct cifsaf_decide_ops *ops, size_t cached,
			      struct early_probe *early)
{
	size_t i;
	bool alone = true;
	int r;

	d->cache_early = early != NULL;
	r = probe(d, in, ops, cached, early);
	d->cache_attempt = d->attempts[cached];
	for (i = 0; i < d->n_ordered; i++)
		if (i != cached && (d->attempts[i].started_ms >= 0 ||
				    d->fallback_attempts[i].started_ms >= 0))
			alone = false;
	if (r == 0 && d->winner == cached && alone) {
		d->cache_use = CIFSAF_CACHE_USE_CONFIRMED;
		d->probed = false;
	} else if (r == 0 && d->winner == cached) {
		d->cache_use = CIFSAF_CACHE_USE_WON_RACE;
		d->cache_in_race = true;
	} else {
		d->cache_use = CIFSAF_CACHE_USE_FAILED;
		d->cache_in_race = true;
	}
	return r;
}

/* A winner cached on the fallback port, alone, for one connection attempt
 * delay; the race on the first port would not include it.  Returns 0 when
 * it connected (the decision is made), 1 when the race must run. */
static int probe_cached(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
			const struct cifsaf_decide_ops *ops, size_t i)
{
	const struct cifsaf_cache_entry *e = &in->cache->entry;
	struct cifsaf_race_params params;
	void *probe_ctx;
	size_t winner;
	int64_t t;
	int r;

	probe_ctx = ops->probe_ctx_new(d, 1);
	if (probe_ctx == NULL)
		return -ENOMEM;
	memset(&params, 0, sizeof(params));
	params.port = e->port;
	params.stagger_ms = in->connect_delay_ms;
	params.attempt_timeout_ms = in->connect_delay_ms;
	params.deadline_ms = in->connect_delay_ms;
	if (in->probe_budget_ms > 0 && params.deadline_ms > in->probe_budget_ms)
		params.deadline_ms = in->probe_budget_ms;
	t = ops->probe->now_ms(probe_ctx);
	r = cifsaf_race(&d->ordered[i], 1, &params, ops->probe, probe_ctx, &d->cache_attempt, &winner);
	d->probe_ms = ops->probe->now_ms(probe_ctx) - t;
	talloc_free(probe_ctx);
	if (r < 0) {
		d->cache_use = CIFSAF_CACHE_USE_FAILED;
		return 1;
	}
	d->cache_use = CIFSAF_CACHE_USE_CONFIRMED;
	d->winner = i;
	d->port = e->port;
	d->port_fallback = e->port != in->port;
	d->probe_port = e->port;
	return 0;
}

/* The race after a cached winner failed: its times count from the start of
 * probing, as the fallback race's do. */
static void shift_attempts(struct cifsaf_attempt *a, size_t n, int64_t offset)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].started_ms >= 0)
			a[i].started_ms += offset;
		if (a[i].finished_ms >= 0)
			a[i].finished_ms += offset;
	}
}

/* mount_order = winner, then the others in policy order. */
static int build_mount_order(struct cifsaf_decision *d)
{
	size_t i, k = 0;

	d->mount_order = talloc_array(d, struct cifsaf_candidate, d->n_ordered);
	if (d->mount_order == NULL)
		return -ENOMEM;
	d->mount_order[k++] = d->ordered[d->winner];
	for (i = 0; i < d->n_ordered; i++)
		if (i != d->winner)
			d->mount_order[k++] = d->ordered[i];
	d->n_mount_order = k;
	return 0;
}

/* Everything after the set-up: early is the cached winner's probe when it
 * may start during the lookups, else NULL. */
static int decide_steps(struct cifsaf_decision *d, const struct cifsaf_decide_input *in,
			const struct cifsaf_decide_ops *ops, struct early_probe *early)
{
	struct cifsaf_lookup_watch watch = { early, early_answered };
	struct cifsaf_candidate *kept = NULL;
	size_t n_kept = 0;
	bool early_won;
	int r;

	r = resolve(d, in, ops, early != NULL ? &watch : NULL);
	if (r < 0)
		return r;
	if (early != NULL && !early->started)
		early = NULL;	/* its address was not in its family's answer */
	if (early != NULL)
		d->cache_early_at_ms = early->answered_ms;	/* cache_early once it is used */
	early_won = early != NULL && early->attempt.state == CIFSAF_ATTEMPT_CONNECTED;

	r = filter_by_kernel(d, &in->kernel, &kept, &n_kept);
	if (r < 0)
		return r;

	d->ordered = talloc_array(d, struct cifsaf_candidate, n_kept ? n_kept : 1);
	if (d->ordered == NULL)
		return -ENOMEM;
	/* An explicit ip= is the user's choice: keep it whatever the policy. */
	if (d->override) {
		memcpy(d->ordered, kept, n_kept * sizeof(*kept));
		d->n_ordered = n_kept;
	} else {
		d->n_ordered = cifsaf_policy_order(in->policy, kept, n_kept, d->ordered);
		r = note_excluded(d, kept, n_kept);
		if (r == 0)
			r = site_order(d, in, ops, kept, n_kept);
	}
	talloc_free(kept);
	if (r < 0)
		return r;
	if (d->n_ordered == 0)
		return -EADDRNOTAVAIL;

	/* One candidate needs no probe: the kernel connects to it anyway, and
	 * tries 445 then 139 by itself.  A cached winner that connected as its
	 * probe started is reported as the cache's decision even then. */
	d->winner = 0;
	if (!d->override && !in->no_probe && cifsaf_policy_probes(in->policy) &&
	    (d->n_ordered > 1 || early_won)) {
		size_t cached = d->n_ordered;
		int64_t cached_ms = 0;

		if (in->cache != NULL && in->cache->state == CIFSAF_CACHE_HIT)
			cached = cached_index(d, in);
		if (cached < d->n_ordered && in->cache->entry.port == in->port) {
			r = probe_cached_first(d, in, ops, cached, early);
		} else if (d->n_ordered > 1) {
			if (cached < d->n_ordered) {
				r = probe_cached(d, in, ops, cached);
				if (r <= 0)
					return r < 0 ? r : build_mount_order(d);
				cached_ms = d->probe_ms;
			}
			r = probe(d, in, ops, d->n_ordered, NULL);
			if (cached_ms > 0) {
				shift_attempts(d->attempts, d->n_ordered, cached_ms);
				shift_attempts(d->fallback_attempts, d->n_ordered, cached_ms);
				d->probe_ms += cached_ms;
			}
		}
		if (r < 0)
			return r;
	}
	return build_mount_order(d);
}

int cifsaf_decide(void *mem, const struct cifsaf_decide_input *in, const struct cifsaf_decide_ops *ops,
		  struct cifsaf_decision **ret)
{
	struct cifsaf_decision *d;
	struct early_probe early;
	int r;

	d = talloc_zero(mem, struct cifsaf_decision);
	if (d == NULL)
		return -ENOMEM;
	*ret = d;
	d->host = in->host;
	d->policy = in->policy;
	d->policy_why = in->policy_why;
	d->override = in->ip_override != NULL;
	if (in->cache != NULL)
		d->cache = *in->cache;
	if (!early_wanted(in))
		return decide_steps(d, in, ops, NULL);

	/* The race's context, made before its size is known: room for as many
	 * candidates as any policy keeps. */
	memset(&early, 0, sizeof(early));
	early.ops = ops->probe;
	early.ctx = ops->probe_ctx_new(d, 2 * CIFSAF_MAX_PER_FAMILY);
	if (early.ctx == NULL)
		return -ENOMEM;
	early.addr = in->cache->entry.addr;
	early.port = in->port;
	r = decide_steps(d, in, ops, &early);
	talloc_free(early.ctx);	/* NULL once the race took it */
	return r;
}
