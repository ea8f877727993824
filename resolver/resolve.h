/* resolve.h: server name -> candidate addresses, with what each lookup did. */
#ifndef CIFSAF_RESOLVE_H
#define CIFSAF_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "candidate.h"
#include "gather.h"
#include "lookup_fork.h"

struct cifsaf_resolution {
	struct cifsaf_candidate *addrs;	/* talloc array: lookups in order, no duplicates */
	size_t n;
	bool literal;			/* no lookup was made */
	struct cifsaf_lookup_result lookups[2];	/* per family, in start order */
	size_t n_lookups;
	int gai_error, sys_errno;	/* when nothing was found */
	int64_t ms;			/* until the decision could go on */
};

/* Resolve host.  A literal address (IPv4, IPv6, "[IPv6]", IPv6 with "%scope")
 * gives one candidate without any lookup; otherwise the lookups of mode run
 * concurrently (lookup_fork.c) under params' Resolution Delay and hard cap,
 * watch (NULL: none) told of each lookup's outcome as it comes.
 * Returns 0 with *ret filled (addrs a talloc child of mem); -ENOENT when no
 * address was found, with the most meaningful EAI_* code in ret->gai_error
 * (and the errno behind EAI_SYSTEM in ret->sys_errno); -ENODEV for a literal
 * with an unknown interface; -ENOMEM; -errno when the lookups could not be
 * started.  *ret is filled as far as it got in every case. */
int cifsaf_resolve(void *mem, const char *host, enum cifsaf_lookup_mode mode,
		   const struct cifsaf_gather_params *params, const struct cifsaf_lookup_ops *ops,
		   void *ctx, const struct cifsaf_lookup_watch *watch, struct cifsaf_resolution *ret);

#endif
