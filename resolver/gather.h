/* gather.h: when name resolution is done enough to go on (RFC 8305 section 3).
 *
 * One lookup per address family runs concurrently (lookup_fork.c forks
 * them).  This module is the pure core: it is told what each lookup
 * answered and when, and says "wait until T" or "done".  Times are
 * milliseconds on the caller's monotonic clock.
 *
 * The rules:
 *  - every lookup has an outcome: done;
 *  - once a lookup has answered with addresses, the others get the
 *    Resolution Delay to answer too; after it the decision goes on without
 *    them and they are ABANDONED.  With A first, that is RFC 8305's wait for
 *    AAAA.  With AAAA first RFC 8305 would start at once and merge A later;
 *    the candidate list is fixed once probing starts here, so A gets the same
 *    short delay rather than losing the IPv4 fallback to a few ms of jitter;
 *  - an answer that comes after the decision went on is ignored (the driver
 *    kills the lookup): one decision, one fixed candidate list;
 *  - a lookup with no outcome after timeout_ms (the DNS hard cap) is
 *    TIMED_OUT and counts as EAI_AGAIN. */
#ifndef CIFSAF_GATHER_H
#define CIFSAF_GATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "candidate.h"

#define CIFSAF_RESOLUTION_DELAY_MS 50	/* RFC 8305 section 3 */
#define CIFSAF_RESOLVE_TIMEOUT_MS 10000	/* glibc: 2 tries x 5 s with one server */
/* Addresses kept per lookup, in the resolver's order; the policies use at
 * most CIFSAF_MAX_PER_FAMILY (16) of each family. */
#define CIFSAF_LOOKUP_MAX_ADDRS 64

enum cifsaf_lookup_mode {
	CIFSAF_LOOKUP_BOTH,	/* AAAA and A concurrently, AAAA started first */
	CIFSAF_LOOKUP_V4,	/* A only */
	CIFSAF_LOOKUP_V6,	/* AAAA only */
	CIFSAF_LOOKUP_UNSPEC,	/* one AF_UNSPEC lookup: the system's (gai.conf) order */
};

enum cifsaf_lookup_outcome {
	CIFSAF_LOOKUP_PENDING = 0,
	CIFSAF_LOOKUP_ANSWERED,		/* n_addrs > 0 */
	CIFSAF_LOOKUP_FAILED,		/* gai_error (and sys_errno) */
	CIFSAF_LOOKUP_TIMED_OUT,	/* no outcome within the hard cap */
	CIFSAF_LOOKUP_ABANDONED,	/* no outcome when the decision went on */
};

struct cifsaf_lookup_result {
	int family;			/* AF_INET6, AF_INET or AF_UNSPEC */
	enum cifsaf_lookup_outcome outcome;
	int gai_error;			/* 0, or EAI_* (EAI_AGAIN when timed out) */
	int sys_errno;			/* errno behind EAI_SYSTEM */
	size_t n_addrs;
	int64_t ms;			/* from the start to the outcome */
};

struct cifsaf_gather_params {
	int resolution_delay_ms;
	int timeout_ms;
};

struct cifsaf_gather {
	struct cifsaf_gather_params params;
	int64_t t0;
	int64_t first_answer;		/* relative ms of the first answer with addresses; -1 */
	int64_t done_ms;		/* relative ms when the step said done; -1 */
	size_t n_lookups;
	struct cifsaf_lookup_result lookups[2];
	struct cifsaf_candidate addrs[2][CIFSAF_LOOKUP_MAX_ADDRS];
};

enum cifsaf_gather_step {
	CIFSAF_GATHER_WAIT,	/* ask again at *ret_wake, or when something arrives */
	CIFSAF_GATHER_DONE,	/* go on; pending lookups are no longer wanted */
};

/* Lookups in start order: BOTH gives AAAA (index 0) then A (index 1). */
void cifsaf_gather_init(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode,
			const struct cifsaf_gather_params *params, int64_t now);

/* One address from lookup idx.  Returns 0; -EINVAL when idx is not pending or
 * the family is not the lookup's; -ENOSPC past CIFSAF_LOOKUP_MAX_ADDRS (the
 * address is not kept). */
int cifsaf_gather_add(struct cifsaf_gather *g, size_t idx, const struct cifsaf_candidate *c);

/* Lookup idx ended: gai_error 0 or EAI_*, sys_errno for EAI_SYSTEM.  A
 * success without any address counts as EAI_NODATA.  Ignored when idx is no
 * longer pending (late: timed out or abandoned). */
void cifsaf_gather_finish(struct cifsaf_gather *g, size_t idx, int gai_error, int sys_errno,
			  int64_t now);

/* Apply the hard cap and the Resolution Delay at time now.  WAIT sets
 * *ret_wake (absolute) to the next deadline. */
enum cifsaf_gather_step cifsaf_gather_next(struct cifsaf_gather *g, int64_t now, int64_t *ret_wake);

/* After DONE: the addresses, lookups in order, duplicates removed, as a talloc
 * array under mem.  Returns 0; -ENOENT when there is none, with the most
 * meaningful error of the failed lookups in *ret_gai_error (and *ret_errno
 * for EAI_SYSTEM); -ENOMEM. */
int cifsaf_gather_result(const struct cifsaf_gather *g, void *mem, struct cifsaf_candidate **ret,
			 size_t *ret_n, int *ret_gai_error, int *ret_errno);

/* Of two EAI_* codes from lookups of the same name, the one that says more:
 * "no such name" over resolver failures over "no address of this family".
 * Returns a or b. */
int cifsaf_gai_error_pick(int a, int b);

/* "AAAA", "A" or "A/AAAA" for a lookup's family. */
const char *cifsaf_lookup_family_name(int family);

#endif
