/* race.h: probe candidates with TCP connects, staggered as RFC 8305 asks.
 *
 * The algorithm is pure: the connects and the clock come through
 * cifsaf_probe_ops, so unit tests drive it with a fake network and a fake
 * clock (the way curl's unit2600 drives its happy-eyeballs filter). */
#ifndef CIFSAF_RACE_H
#define CIFSAF_RACE_H

#include <stddef.h>
#include <stdint.h>

#include "candidate.h"

struct cifsaf_probe_ops {
	/* Milliseconds on a monotonic clock. */
	int64_t (*now_ms)(void *ctx);
	/* Start connecting to candidate idx.  Returns 1 when connected at
	 * once, 0 when the connect is under way, -errno when it failed. */
	int (*start)(void *ctx, size_t idx, const struct cifsaf_candidate *c, uint16_t port);
	/* Wait at most timeout_ms for one started connect to finish.  Returns
	 * 1 and sets *ret_idx and *ret_error (0 = connected, else -errno) when
	 * one finished, 0 on timeout, -errno when waiting itself failed. */
	int (*wait)(void *ctx, int timeout_ms, size_t *ret_idx, int *ret_error);
	/* Forget candidate idx's connect (close its socket). */
	void (*close)(void *ctx, size_t idx);
};

struct cifsaf_race_params {
	uint16_t port;
	/* Start the next candidate this long after the previous one started
	 * unless it failed earlier (Connection Attempt Delay). */
	int stagger_ms;
	/* Give up on one candidate after this long; <= 0 means only the
	 * overall deadline applies (attempts are never aborted early). */
	int attempt_timeout_ms;
	/* Give up on everything after this long. */
	int deadline_ms;
	/* Candidate 0 already under way (decide.c starts a cached winner's
	 * connect as soon as its lookup answers): its state so far, times
	 * relative to first_t0, which is then the race's start on the ops'
	 * clock.  NULL: every candidate starts here. */
	const struct cifsaf_attempt *first;
	int64_t first_t0;
};

enum cifsaf_attempt_state {
	CIFSAF_ATTEMPT_NOT_TRIED = 0,
	CIFSAF_ATTEMPT_CONNECTED,
	CIFSAF_ATTEMPT_FAILED,		/* error holds -errno */
	CIFSAF_ATTEMPT_TIMED_OUT,
	CIFSAF_ATTEMPT_ABANDONED,	/* still pending when another won */
};

struct cifsaf_attempt {
	enum cifsaf_attempt_state state;
	int error;
	int64_t started_ms;	/* relative to the start of the race */
	int64_t finished_ms;
};

/* Race n candidates in order.  results[] (n entries) gets each one's fate.
 * Returns 0 and *ret_winner on success; -ETIMEDOUT when the deadline passed,
 * or the last attempt's -errno when all failed; other -errno when waiting
 * failed.  Every started connect is closed before returning, the winner's
 * too: the kernel makes its own connection. */
int cifsaf_race(const struct cifsaf_candidate *c, size_t n, const struct cifsaf_race_params *params,
		const struct cifsaf_probe_ops *ops, void *ctx, struct cifsaf_attempt *results,
		size_t *ret_winner);

/* The port fallback (RFC 8305 racing per port, as the kernel itself tries
 * 445 then 139): race on params->port; when no candidate connected there
 * because each was refused, unreachable or timed out, race the same
 * candidates again on fallback_port (0: no fallback) with the same stagger
 * and timeouts.  results[] gets the first race, fallback_results[] the
 * second (all NOT_TRIED when it did not run).  Returns as cifsaf_race, with
 * *ret_port the port the winner answered on. */
int cifsaf_race_ports(const struct cifsaf_candidate *c, size_t n,
		      const struct cifsaf_race_params *params, uint16_t fallback_port,
		      const struct cifsaf_probe_ops *ops, void *ctx, struct cifsaf_attempt *results,
		      struct cifsaf_attempt *fallback_results, size_t *ret_winner,
		      uint16_t *ret_port);

const char *cifsaf_attempt_state_name(enum cifsaf_attempt_state s);

#endif
