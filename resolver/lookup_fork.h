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

/* What a caller waits for beside the lookups (decide.c: a cached winner's
 * connect, started as soon as its family's lookup has answered): it is told
 * of each lookup's outcome as it comes, and of one more descriptor becoming
 * writable.  Either may end the gathering at once (cifsaf_gather_stop). */
struct cifsaf_lookup_watch {
	void *ctx;
	/* Lookup idx of g has just had its outcome.  Returns 1 to stop now. */
	int (*answered)(void *ctx, const struct cifsaf_gather *g, size_t idx);
	/* A descriptor to poll for POLLOUT beside the pipes, or -1. */
	int (*fd)(void *ctx);
	/* That descriptor is ready.  Returns 1 to stop now. */
	int (*ready)(void *ctx);
};

/* Run the lookups of mode for host until the gather says done, or watch
 * (NULL: none) says stop.  SIGCHLD is
 * set to its default for the duration, so no child is reaped behind our
 * back and a kill can never hit a recycled pid.  Returns 0 with *g filled;
 * -errno when a pipe, fork or poll failed (no child is left behind). */
int cifsaf_lookup_run(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode,
		      const struct cifsaf_gather_params *params, const char *host,
		      const struct cifsaf_lookup_ops *ops, void *ctx,
		      const struct cifsaf_lookup_watch *watch);

#endif
