/* decide.c: resolution, kernel filter, policy and probing in one pass. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "decide.h"
#include "probe_socket.h"

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

int cifsaf_decide(void *mem, const struct cifsaf_decide_input *in, const struct cifsaf_decide_ops *ops,
		  struct cifsaf_decision **ret)
{
	struct cifsaf_decision *d;
	struct cifsaf_candidate *kept = NULL;
	struct cifsaf_race_params params;
	size_t n_kept = 0;
	int64_t t;
	void *probe_ctx;
	int r;

	d = talloc_zero(mem, struct cifsaf_decision);
	if (d == NULL)
		return -ENOMEM;
	*ret = d;
	d->policy = in->policy;
	d->policy_why = in->policy_why;
	d->override = in->ip_override != NULL;

	t = cifsaf_monotonic_ms();
	r = cifsaf_resolve(d, d->override ? in->ip_override : in->host, ops->lookup,
			   ops->lookup_ctx, &d->resolved, &d->n_resolved, &d->gai_error,
			   &d->gai_errno);
	d->resolve_ms = cifsaf_monotonic_ms() - t;
	if (r < 0)
		return r;

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
	}
	talloc_free(kept);
	if (d->n_ordered == 0)
		return -EADDRNOTAVAIL;

	d->winner = 0;
	if (!d->override && cifsaf_policy_probes(in->policy) && d->n_ordered > 1) {
		probe_ctx = ops->probe_ctx_new(d, d->n_ordered);
		d->attempts = talloc_zero_array(d, struct cifsaf_attempt, d->n_ordered);
		if (probe_ctx == NULL || d->attempts == NULL)
			return -ENOMEM;
		race_params_for(in, d->n_ordered, &params);
		d->probed = true;
		t = cifsaf_monotonic_ms();
		r = cifsaf_race(d->ordered, d->n_ordered, &params, ops->probe, probe_ctx,
				d->attempts, &d->winner);
		d->probe_ms = cifsaf_monotonic_ms() - t;
		talloc_free(probe_ctx);
		if (r < 0) {
			d->race_error = r;
			return r;
		}
	}
	return build_mount_order(d);
}
