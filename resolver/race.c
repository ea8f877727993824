/* race.c: staggered connection racing (RFC 8305 sections 5 and 8).
 *
 * Candidates start in order; the next one starts stagger_ms after the
 * previous one, or at once when an attempt fails.  Earlier attempts stay
 * open; the first connect wins and every other attempt is closed. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "race.h"

const char *cifsaf_attempt_state_name(enum cifsaf_attempt_state s)
{
	switch (s) {
	case CIFSAF_ATTEMPT_NOT_TRIED:
		return "not tried";
	case CIFSAF_ATTEMPT_CONNECTED:
		return "connected";
	case CIFSAF_ATTEMPT_FAILED:
		return "failed";
	case CIFSAF_ATTEMPT_TIMED_OUT:
		return "timed out";
	case CIFSAF_ATTEMPT_ABANDONED:
		return "no answer before another connected";
	}
	return "unknown";
}

struct race {
	const struct cifsaf_probe_ops *ops;
	void *ctx;
	struct cifsaf_attempt *results;
	size_t n;
	int64_t t0;
	size_t active;
};

static int64_t race_now(const struct race *r)
{
	return r->ops->now_ms(r->ctx) - r->t0;
}

static void finish(struct race *r, size_t idx, enum cifsaf_attempt_state state, int error)
{
	r->results[idx].state = state;
	r->results[idx].error = error;
	r->results[idx].finished_ms = race_now(r);
	r->ops->close(r->ctx, idx);
	r->active--;
}

/* Close whatever is still pending, marking it with state. */
static void finish_pending(struct race *r, enum cifsaf_attempt_state state, int error)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->results[i].state == CIFSAF_ATTEMPT_NOT_TRIED && r->results[i].started_ms >= 0)
			finish(r, i, state, error);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Time out attempts older than attempt_timeout_ms; return when the next
 * pending one will expire (INT64_MAX when none can). */
static int64_t expire_attempts(struct race *r, const struct cifsaf_race_params *params, int64_t now,
			       int *last_error)
{
	int64_t wake = INT64_MAX, end;
	size_t i;

	if (params->attempt_timeout_ms <= 0)
		return wake;
	for (i = 0; i < r->n; i++) {
		if (r->results[i].started_ms < 0 || r->results[i].finished_ms >= 0)
			continue;
		end = r->results[i].started_ms + params->attempt_timeout_ms;
		if (now >= end) {
			finish(r, i, CIFSAF_ATTEMPT_TIMED_OUT, -ETIMEDOUT);
			*last_error = -ETIMEDOUT;
		} else {
			wake = min64(wake, end);
		}
	}
	return wake;
}

int cifsaf_race(const struct cifsaf_candidate *c, size_t n, const struct cifsaf_race_params *params,
		const struct cifsaf_probe_ops *ops, void *ctx, struct cifsaf_attempt *results,
		size_t *ret_winner)
{
	struct race r;
	size_t next = 0, i;
	int64_t next_start = 0, now;
	int last_error = -EHOSTUNREACH;

	if (n == 0)
		return -ENOENT;
	r.ops = ops;
	r.ctx = ctx;
	r.results = results;
	r.n = n;
	r.active = 0;
	r.t0 = params->first != NULL ? params->first_t0 : ops->now_ms(ctx);
	for (i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].started_ms = -1;
		results[i].finished_ms = -1;
	}
	/* An attempt made before the race counts as its first (RFC 8305): the
	 * next one is due a stagger after it started, or at once if it failed. */
	if (params->first != NULL) {
		results[0] = *params->first;
		next = 1;
		if (results[0].state == CIFSAF_ATTEMPT_CONNECTED) {
			*ret_winner = 0;
			return 0;
		}
		if (results[0].state == CIFSAF_ATTEMPT_NOT_TRIED) {
			r.active = 1;
			next_start = results[0].started_ms + params->stagger_ms;
		} else {
			last_error = results[0].error;
			next_start = results[0].finished_ms;
		}
	}

	for (;;) {
		int64_t wake;
		size_t idx;
		int err, rc;

		now = race_now(&r);
		if (now >= params->deadline_ms) {
			finish_pending(&r, CIFSAF_ATTEMPT_TIMED_OUT, -ETIMEDOUT);
			return -ETIMEDOUT;
		}

		/* Expire single attempts first, so that a sequential policy
		 * never has two attempts open at the same instant. */
		wake = min64(params->deadline_ms, expire_attempts(&r, params, now, &last_error));

		/* Start the next candidate when its time has come, or at once
		 * when nothing is pending. */
		if (next < n && (now >= next_start || r.active == 0)) {
			idx = next++;
			results[idx].started_ms = now;
			r.active++;
			rc = ops->start(ctx, idx, &c[idx], params->port);
			if (rc > 0) {
				finish(&r, idx, CIFSAF_ATTEMPT_CONNECTED, 0);
				finish_pending(&r, CIFSAF_ATTEMPT_ABANDONED, 0);
				*ret_winner = idx;
				return 0;
			}
			if (rc < 0) {
				finish(&r, idx, CIFSAF_ATTEMPT_FAILED, rc);
				last_error = rc;
				continue;
			}
			next_start = now + params->stagger_ms;
			continue;
		}

		if (r.active == 0)
			return last_error;	/* every candidate failed */
		if (next < n)
			wake = min64(wake, next_start);

		rc = ops->wait(ctx, (int)(wake > now ? wake - now : 0), &idx, &err);
		if (rc < 0) {
			finish_pending(&r, CIFSAF_ATTEMPT_FAILED, rc);
			return rc;
		}
		if (rc == 0)
			continue;
		if (err == 0) {
			finish(&r, idx, CIFSAF_ATTEMPT_CONNECTED, 0);
			finish_pending(&r, CIFSAF_ATTEMPT_ABANDONED, 0);
			*ret_winner = idx;
			return 0;
		}
		finish(&r, idx, CIFSAF_ATTEMPT_FAILED, err);
		last_error = err;
		next_start = race_now(&r);	/* a failure starts the next one at once */
	}
}

/* The failures after which another port may still answer: the connect
 * itself failed or went unanswered, not the waiting. */
static int network_failure(int err)
{
	switch (-err) {
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
	case ETIMEDOUT:
		return 1;
	}
	return 0;
}

int cifsaf_race_ports(const struct cifsaf_candidate *c, size_t n,
		      const struct cifsaf_race_params *params, uint16_t fallback_port,
		      const struct cifsaf_probe_ops *ops, void *ctx, struct cifsaf_attempt *results,
		      struct cifsaf_attempt *fallback_results, size_t *ret_winner,
		      uint16_t *ret_port)
{
	struct cifsaf_race_params second;
	int64_t t0, offset;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		memset(&fallback_results[i], 0, sizeof(fallback_results[i]));
		fallback_results[i].started_ms = -1;
		fallback_results[i].finished_ms = -1;
	}
	*ret_port = params->port;
	t0 = params->first != NULL ? params->first_t0 : ops->now_ms(ctx);
	r = cifsaf_race(c, n, params, ops, ctx, results, ret_winner);
	if (r == 0 || fallback_port == 0 || fallback_port == params->port || !network_failure(r))
		return r;
	second = *params;
	second.port = fallback_port;
	second.first = NULL;
	*ret_port = fallback_port;
	offset = ops->now_ms(ctx) - t0;
	r = cifsaf_race(c, n, &second, ops, ctx, fallback_results, ret_winner);
	/* Both races' times count from the start of probing. */
	for (i = 0; i < n; i++) {
		if (fallback_results[i].started_ms >= 0)
			fallback_results[i].started_ms += offset;
		if (fallback_results[i].finished_ms >= 0)
			fallback_results[i].finished_ms += offset;
	}
	return r;
}
