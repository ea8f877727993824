/* testhelp.h: shared fixtures for the Check suites: talloc leak checks, a
 * fake network with a fake clock for the racer, and a fake resolver table. */
#ifndef CIFSAF_TESTHELP_H
#define CIFSAF_TESTHELP_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include "resolver/race.h"
#include "resolver/resolve.h"

/* Per-test talloc context; teardown fails the test when anything is left on
 * the NULL context (a leak). */
extern void *test_mem;
void testhelp_setup(void);
void testhelp_teardown(void);
TCase *testhelp_tcase(const char *name);
int testhelp_run(Suite *s);

/* attempt(mem, arg) again and again, mem a talloc child of test_mem whose
 * allocations (its children's too) fail past a limit that grows from 1
 * (talloc_set_memlimit): each allocation failure of the code under test
 * in turn.  An attempt that gives -ENOMEM must leave nothing under mem;
 * returns the first answer that is not -ENOMEM. */
int testhelp_until_memory_suffices(int (*attempt)(void *mem, void *arg), void *arg);

/* The bytes of tests/unit/data/NAME (under $top_srcdir), a talloc child of
 * mem; fails the test when the file cannot be read. */
uint8_t *testhelp_data(void *mem, const char *name, size_t *ret_len);

/* The soft limit of resource at soft until testhelp_restore_limit: what
 * the call under test gets when the process is out of descriptors or
 * processes (RLIMIT_NPROC spares root: drop the real uid for it). */
void testhelp_limit(int resource, unsigned long soft, struct rlimit *was);
void testhelp_restore_limit(int resource, const struct rlimit *was);

/* A candidate from text, failing the test when it does not parse. */
struct cifsaf_candidate testhelp_addr(const char *text);

/* Fake network: how each address answers a connect. */
#define FAKE_NEVER (-1)
struct fake_peer {
	const char *addr;
	int after_ms;	/* when the answer comes; FAKE_NEVER: no answer at all */
	int error;	/* 0: connects; -errno: fails */
};

#define FAKE_MAX_SLOTS 128
struct fake_net {
	int64_t now;
	const struct fake_peer *peers;
	size_t n_peers;
	/* How the peers answer on alt_port (the 139 fallback); peers is for
	 * every other port.  Set after fake_net_init; none by default. */
	uint16_t alt_port;
	const struct fake_peer *alt_peers;
	size_t n_alt_peers;
	struct {
		bool active;
		int64_t done_at;	/* INT64_MAX: never */
		int error;
	} slots[FAKE_MAX_SLOTS];
	size_t concurrent, max_concurrent;
	size_t started[FAKE_MAX_SLOTS];	/* candidate indices in start order */
	int64_t started_real_ms[FAKE_MAX_SLOTS];	/* CLOCK_MONOTONIC at each start */
	size_t n_started;
	uint16_t started_port[FAKE_MAX_SLOTS];	/* the port of each start */
	size_t closed;
};

void fake_net_init(struct fake_net *net, const struct fake_peer *peers, size_t n);
extern const struct cifsaf_probe_ops fake_probe_ops;
/* For cifsaf_decide, which makes and frees a probe context per race: a
 * token context, and probe ops that forward to fake_net_current. */
extern struct fake_net *fake_net_current;
void *fake_net_ctx_new(void *mem, size_t n);
extern const struct cifsaf_probe_ops fake_net_fwd_ops;

/* Fake resolver: host -> addresses, or an EAI_* error.  A lookup for one
 * family gives that family's addresses, or EAI_NODATA when the host has
 * none (as DNS does).  Lookups run in forked children (lookup_fork.c), so
 * the count lives in memory shared with them; the clock is the real one,
 * as the driver's poll() waits in real time. */
struct fake_host {
	const char *host;
	int gai_error;
	const char *addrs[40];
};
struct fake_dns {
	const struct fake_host *hosts;
	size_t n_hosts;
	int *lookups;		/* shared with the children */
	int aaaa_delay_ms;	/* AAAA answers this late (real time); 0 after init */
};
void fake_dns_init(struct fake_dns *dns, const struct fake_host *hosts, size_t n);
extern const struct cifsaf_lookup_ops fake_lookup_ops;

#endif
