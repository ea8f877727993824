/* lookup_fork.h: the I/O side of name resolution.  Each lookup of a
 * struct cifsaf_gather runs in its own forked child (AAAA first), which
 * reports fixed-size records over a close-on-exec pipe; the parent poll()s
 * the pipes against the gather's deadlines and kills (SIGKILL) and reaps
 * whatever is still running when the gather is done.  Children, not threads
 * or getaddrinfo_a: a hung lookup can be killed, and a setuid helper stays
 * single-threaded.  Everything used exists on glibc 2.5. */
#ifndef CIFSAF_LOOKUP_FORK_H
#define CIFSAF_LOOKUP_FORK_H

#include <netdb.h>
#include <stdint.h>

#include "gather.h"

/* Seam for the lookup and the clock: getaddrinfo() and CLOCK_MONOTONIC in
 * production, a table with sleeps and a test clock in the unit tests. */
struct cifsaf_lookup_ops {
	/* Runs in the child.  family is AF_INET6, AF_INET or AF_UNSPEC.
	 * Returns 0 or an EAI_* code like getaddrinfo (errno set for
	 * EAI_SYSTEM); the result is released with free_result. */
	int (*lookup)(void *ctx, const char *host, int family, struct addrinfo **ret);
	void (*free_result)(void *ctx, struct addrinfo *res);
	/* Monotonic milliseconds, read in the parent. */
	int64_t (*now_ms)(void *ctx);
};

/* getaddrinfo with SOCK_STREAM/IPPROTO_TCP and no AI_ADDRCONFIG (glibc
 * counts link-local IPv6 as configured, so it filters nothing useful). */
extern const struct cifsaf_lookup_ops cifsaf_getaddrinfo_ops;

/* Told of each lookup's outcome as it comes, while the others may still be
 * out (decide.c starts a cached winner's connect with its family's answer). */
struct cifsaf_lookup_watch {
	void *ctx;
	void (*answered)(void *ctx, const struct cifsaf_gather *g, size_t idx);
};

/* Run the lookups of mode for host until the gather says done, telling
 * watch (NULL: none) of each outcome as it comes.  SIGCHLD is
 * set to its default for the duration, so no child is reaped behind our
 * back and a kill can never hit a recycled pid.  Returns 0 with *g filled;
 * -errno when a pipe, fork or poll failed (no child is left behind). */
int cifsaf_lookup_run(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode,
		      const struct cifsaf_gather_params *params, const char *host,
		      const struct cifsaf_lookup_ops *ops, void *ctx,
		      const struct cifsaf_lookup_watch *watch);

#endif
