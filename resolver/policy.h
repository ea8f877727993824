/* policy.h: address-family policies and the order they give candidates. */
#ifndef CIFSAF_POLICY_H
#define CIFSAF_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "candidate.h"
#include "kernel.h"

/* Per-family cap, applied after ordering (cifs-utils' MAX_ADDRESSES). */
#define CIFSAF_MAX_PER_FAMILY 16

enum cifsaf_policy {
	CIFSAF_POLICY_SYSTEM,
	CIFSAF_POLICY_V4_ONLY,
	CIFSAF_POLICY_V6_ONLY,
	CIFSAF_POLICY_V4_PREFERRED,
	CIFSAF_POLICY_V6_PREFERRED,
	CIFSAF_POLICY_HAPPY_EYEBALLS,
};

const char *cifsaf_policy_name(enum cifsaf_policy p);

/* Exact names as in af= and cifs-af.conf.  Returns 0 or -EINVAL. */
int cifsaf_policy_from_name(const char *name, enum cifsaf_policy *ret);

/* The built-in rule for a kernel, and the reason in words. */
enum cifsaf_policy cifsaf_policy_builtin(const struct cifsaf_kernel *k, const char **ret_why);

/* Does this policy probe candidates before mounting? */
bool cifsaf_policy_probes(enum cifsaf_policy p);

/* Order candidates for a policy: the -only policies keep one family, the
 * -preferred ones put that family first, happy-eyeballs interleaves the
 * families starting with IPv6 (RFC 8305 section 4, First Address Family
 * Count 1), system keeps the resolver's order.  Within a family the resolver's
 * order is kept; at most CIFSAF_MAX_PER_FAMILY per family survive.  out must
 * have room for n entries.  Returns the number written. */
size_t cifsaf_policy_order(enum cifsaf_policy p, const struct cifsaf_candidate *in, size_t n,
			   struct cifsaf_candidate *out);

/* The same with a rank: the candidates with first[i] set are ordered by
 * the policy and put before the others, ordered by the policy after them
 * (the AD site step's DCs of the client's site first; happy-eyeballs then
 * races inside that order).  The per-family cap counts both parts, the
 * ranked part first.  out must have room for n entries; returns the number
 * written. */
size_t cifsaf_policy_order_ranked(enum cifsaf_policy p, const struct cifsaf_candidate *in,
				  const bool *first, size_t n, struct cifsaf_candidate *out);

#endif
