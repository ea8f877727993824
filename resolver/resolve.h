/* resolve.h: server name -> candidate addresses. */
#ifndef CIFSAF_RESOLVE_H
#define CIFSAF_RESOLVE_H

#include <stddef.h>
#include <netdb.h>

#include "candidate.h"

/* Seam for the name lookup: getaddrinfo() in production, a table in tests.
 * Returns 0 or an EAI_* code like getaddrinfo; the result is released with
 * free_result. */
struct cifsaf_lookup_ops {
	int (*lookup)(void *ctx, const char *host, struct addrinfo **ret);
	void (*free_result)(void *ctx, struct addrinfo *res);
};

extern const struct cifsaf_lookup_ops cifsaf_getaddrinfo_ops;

/* Resolve host into a talloc array of candidates (child of mem), in the
 * resolver's order with duplicates removed.  A literal address (IPv4, IPv6,
 * "[IPv6]", IPv6 with "%scope") gives one candidate without any lookup.
 * Returns 0; -ENOENT when the lookup failed or gave no usable address, with
 * the EAI_* code (EAI_SYSTEM: errno in *ret_errno) in *ret_gai_error;
 * -ENODEV for a literal with an unknown interface; -ENOMEM. */
int cifsaf_resolve(void *mem, const char *host, const struct cifsaf_lookup_ops *ops, void *ctx,
		   struct cifsaf_candidate **ret, size_t *ret_n, int *ret_gai_error, int *ret_errno);

#endif
