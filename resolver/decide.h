/* decide.h: from a server name to the ordered list of ip= candidates.
 *
 * resolve -> kernel filter -> policy order -> probe race.  Every step's
 * result is kept in struct cifsaf_decision so the program layer can print
 * the trace and write the syslog record; nothing here logs. */
#ifndef CIFSAF_DECIDE_H
#define CIFSAF_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adsite.h"
#include "candidate.h"
#include "dcache.h"
#include "kernel.h"
#include "policy.h"
#include "race.h"
#include "resolve.h"

#define CIFSAF_DEFAULT_PORT 445
#define CIFSAF_FALLBACK_PORT 139	/* NetBIOS session service, the kernel's second try */
#define CIFSAF_CONNECT_DELAY_MS 250	/* RFC 8305 Connection Attempt Delay */
#define CIFSAF_PROBE_TIMEOUT_MS 2000	/* per candidate for the sequential policies */

struct cifsaf_decide_input {
	const char *host;		/* as written in the UNC */
	const char *ip_override;	/* ip=/addr= from the user, or NULL */
	struct cifsaf_kernel kernel;
	enum cifsaf_policy policy;
	const char *policy_why;		/* where the policy came from, in words */
	uint16_t port;
	uint16_t fallback_port;		/* raced when every probe on port failed; 0: none */
	int connect_delay_ms;
	int probe_timeout_ms;
	int resolution_delay_ms;	/* RFC 8305 Resolution Delay */
	int resolve_timeout_ms;		/* DNS hard cap per lookup */
	/* For callers the kernel waits on (the dns_resolver upcall): no probe
	 * at all, whatever the policy; or a cap on all probing (0: the
	 * kernel-dependent deadline alone). */
	bool no_probe;
	int probe_budget_ms;
	/* The decision cache's answer for this host, or NULL.  A hit is probed
	 * as soon as its family's lookup has returned it (the other lookup may
	 * still be out, and runs its course), and is attempt one of the race
	 * when it has not connected within connect_delay_ms.  Copied into the
	 * decision for the report. */
	const struct cifsaf_cache_lookup *cache;
	/* The AD site step (adsite.h) for a name whose policy order has two
	 * or more addresses of a family: run when site_step is set and the
	 * ops have site seams; site_cached is the client's site from the
	 * keyring (sitecache.h), or NULL. */
	bool site_step;
	int site_budget_ms;
	const char *site_cached;
};

struct cifsaf_dropped {
	struct cifsaf_candidate candidate;
	enum cifsaf_kernel_verdict verdict;
};

struct cifsaf_decision {
	const char *host;		/* the input's, for the report */
	enum cifsaf_policy policy;
	const char *policy_why;
	bool override;			/* ip= given: no resolution, no policy */
	struct cifsaf_candidate *resolved;
	size_t n_resolved;
	struct cifsaf_lookup_result lookups[2];	/* per family, in start order */
	size_t n_lookups;		/* 0: literal or override, no lookup */
	struct cifsaf_dropped *dropped;	/* removed by the kernel filter */
	size_t n_dropped;
	struct cifsaf_candidate *excluded;	/* left out by the policy (family, cap) */
	size_t n_excluded;
	struct cifsaf_candidate *ordered;	/* after filter and policy */
	size_t n_ordered;
	bool probed;
	struct cifsaf_attempt *attempts;	/* per ordered[] entry when probed */
	uint16_t probe_port;		/* the port the first race used */
	/* Per ordered[] entry, the race on the fallback port; all NOT_TRIED
	 * unless every probe on probe_port failed. */
	struct cifsaf_attempt *fallback_attempts;
	bool port_fallback;		/* the fallback race ran */
	uint16_t port;			/* where the winner answered; 0 when not probed */
	size_t winner;			/* index into ordered[] */
	int race_error;			/* -errno when no probe succeeded */
	int gai_error, gai_errno;	/* resolver failure */
	int64_t resolve_ms, probe_ms;
	/* How much of probe_ms the cached winner's probe ran before the race
	 * (it starts with its family's answer, during the lookups): the
	 * decision took
	 * resolve_ms + site.ms + probe_ms - probe_early_ms. */
	int64_t probe_early_ms;
	/* The cached winner's probe, which decided or was attempt one of the
	 * race, started during the lookups, as its family's answer came, this
	 * long after they started. */
	bool cache_early;
	int64_t cache_early_at_ms;
	struct cifsaf_cache_lookup cache;	/* state NONE when no lookup was made */
	enum cifsaf_cache_use cache_use;
	size_t cache_index;		/* the hit's index in ordered[], when a candidate */
	struct cifsaf_attempt cache_attempt;	/* its probe, when it had one */
	/* The cached attempt was attempt one of the race (attempts[cache_index]):
	 * when it had not connected within the delay the others followed. */
	bool cache_in_race;
	/* The AD site step; state NOT_RUN when it did not run (off: OFF). */
	struct cifsaf_site_result site;
	size_t n_site_first;		/* ordered[0 .. n_site_first) are the site's DCs */
	bool site_moved;		/* and that order differs from the plain policy order */
	/* The final order for mount(2): winner first, the rest in policy order. */
	struct cifsaf_candidate *mount_order;
	size_t n_mount_order;
};

struct cifsaf_decide_ops {
	const struct cifsaf_lookup_ops *lookup;
	void *lookup_ctx;
	const struct cifsaf_probe_ops *probe;
	/* Called once the number of candidates to probe is known, to make the
	 * probe context (the socket table); returns NULL on failure. */
	void *(*probe_ctx_new)(void *mem, size_t n);
	/* The AD site step's DNS and UDP; NULL: no site step. */
	const struct cifsaf_site_ops *site;
	void *site_ctx;
};

/* Which lookups a policy needs: system one AF_UNSPEC lookup in the
 * system's order; every other policy both families, so that what the kernel
 * filter drops and what an -only policy leaves out is seen and reported. */
enum cifsaf_lookup_mode cifsaf_policy_lookup_mode(enum cifsaf_policy p);

/* Decide.  Returns 0 with *ret filled (a talloc child of mem), or -errno:
 * -ENOENT resolution failed (gai_error set), -EADDRNOTAVAIL every address was
 * dropped by the kernel filter or the policy, -ETIMEDOUT / -ECONNREFUSED /
 * ... no probe succeeded (attempts set).  On failure *ret is still set when
 * it holds information worth reporting. */
int cifsaf_decide(void *mem, const struct cifsaf_decide_input *in, const struct cifsaf_decide_ops *ops,
		  struct cifsaf_decision **ret);

#endif
