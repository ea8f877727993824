/* keycache.h: the decision cache (resolver/dcache.h) for this mount: the
 * unprivileged child's lookup and forgetting, the privileged parent's store
 * (keycache.c says who may do what, and why). */
#ifndef CIFSAF_KEYCACHE_H
#define CIFSAF_KEYCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handoff.h"
#include "invocation.h"
#include "resolver/decide.h"

/* The child's lookup: off, skipped for user mounts, or what root's keyring
 * holds for the host and port (never fails; ret->state says what
 * happened). */
void cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret);

/* The child, after deciding (d may be NULL): a cached winner that did not
 * answer is removed; with h (a decision that will be mounted), the handoff
 * gets the cache flags and ttl. */
void cache_after_decision(const struct invocation *inv, const struct cifsaf_decision *d, int r,
			  struct cifsaf_handoff *h);

/* The parent, once mount(2) is done (mounted: it worked, with candidate
 * used): store, replace or forget as cifsaf_cache_after_mount says.
 * Failures are logged; they never fail the mount. */
void cache_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted,
		       size_t used, uint16_t probe_port);

/* The client's AD site for the UNC's host (resolver/sitecache.h), root's
 * mounts only: the child's lookup (site set on a HIT), the child's note in
 * the handoff of a site a ping taught it, the parent's store once mount(2)
 * worked. */
void site_cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret,
		       char site[CIFSAF_SITE_NAME_SIZE]);
void site_after_decision(const struct invocation *inv, const struct cifsaf_decision *d,
			 struct cifsaf_handoff *h);
void site_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted);

#endif
