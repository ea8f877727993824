/* adsite.h: the Active Directory site step, between resolution and policy.
 *
 * cifs-utils 7.1+ orders a name with two or more A, or two or more AAAA,
 * records by the client's AD site, so that //corp.example.com/dfs lands on
 * a DC of the client's own site.  The same trigger here, done this way:
 *
 *   1. DNS: SRV _ldap._tcp.dc._msdcs.NAME (none: not an AD domain, stop);
 *   2. the LDAP ping ([MS-ADTS] 6.3.3, cldap.h) to every DC the answer's
 *      additional section lists (or, when it lists none, to NAME's own
 *      addresses, which in AD are its DCs), all at once, each with a
 *      message id of its own; the first reply naming the client's site
 *      ends the wait;
 *   3. DNS: SRV _ldap._tcp.SITE._sites.dc._msdcs.NAME: the site's DCs;
 *   4. the policy puts NAME's addresses that are the site's DCs first
 *      (policy.h, cifsaf_policy_order_ranked) and races inside that order.
 *
 * All of it within one budget (ad-site-budget-ms): when it runs out the
 * mount goes on in plain policy order, and the result says why.  A site
 * known from the keyring (sitecache.h) skips 1 and 2.
 *
 * The step itself is pure: DNS, UDP and the clock come through
 * cifsaf_site_ops (adsite_io.h has the real ones), and every byte that
 * comes back goes through srv.h's and cldap.h's bounded parsers. */
#ifndef CIFSAF_ADSITE_H
#define CIFSAF_ADSITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "candidate.h"
#include "sitecache.h"
#include "srv.h"

/* DCs pinged at most; cifs-utils' MAX_ADDRESSES. */
#define CIFSAF_SITE_PINGS_MAX 16
#define CIFSAF_SITE_BUDGET_MS 500
#define CIFSAF_SITE_BUDGET_MIN_MS 50
#define CIFSAF_SITE_BUDGET_MAX_MS 5000

struct cifsaf_site_ops {
	/* An SRV query for name, answered within timeout_ms: the raw answer
	 * into buf (size bytes); returns its length, -ENOENT when the name
	 * does not exist, -ENODATA when it has no SRV record, -ETIMEDOUT, or
	 * another -errno.  (The real one runs res_query in a child that is
	 * killed at the timeout.) */
	int (*srv_query)(void *ctx, const char *name, int timeout_ms, uint8_t *buf, size_t size);
	/* Send len bytes to dc's port 389 from a socket of its own, number
	 * idx.  Returns 0 or -errno. */
	int (*ping_send)(void *ctx, size_t idx, const struct cifsaf_candidate *dc, const uint8_t *msg,
			 size_t len);
	/* Wait at most timeout_ms for a datagram on any of those sockets
	 * (only what the socket's DC sent).  Returns 1 with *ret_idx and
	 * *ret_len (the datagram, cut to size), 0 on timeout, -errno. */
	int (*ping_wait)(void *ctx, int timeout_ms, size_t *ret_idx, uint8_t *buf, size_t size,
			 size_t *ret_len);
	/* Close every socket. */
	void (*ping_close)(void *ctx);
	int64_t (*now_ms)(void *ctx);
	/* A message id for a ping: unpredictable to anyone off the path. */
	uint32_t (*random)(void *ctx);
};

enum cifsaf_site_state {
	CIFSAF_SITE_NOT_RUN = 0,	/* fewer than two A and two AAAA records, a literal, ip= */
	CIFSAF_SITE_OFF,		/* ad-site 0 */
	CIFSAF_SITE_NO_SRV,		/* no _ldap._tcp.dc._msdcs SRV record: not an AD domain */
	CIFSAF_SITE_SRV_FAILED,		/* that query failed (error), or its answer was malformed */
	CIFSAF_SITE_NO_DCS,		/* no DC address to ping */
	CIFSAF_SITE_NO_REPLY,		/* no usable LDAP ping reply within the budget */
	CIFSAF_SITE_NO_CLIENT_SITE,	/* DCs answered: the client's address is in no site */
	CIFSAF_SITE_SITE_SRV_FAILED,	/* the site's SRV query failed, timed out or was malformed */
	CIFSAF_SITE_FOUND,		/* the site and its DCs */
};

/* What became of one ping. */
struct cifsaf_site_ping {
	struct cifsaf_candidate dc;
	uint32_t msgid;
	int outcome;		/* 1 pending; 0 a reply; -EAGAIN paused, -ENOENT not that
				 * domain's DC, -EBADMSG malformed, -ECONNREFUSED port
				 * unreachable, other -errno: the send failed */
	int64_t ms;		/* reply after, from the first send */
	char client_site[CIFSAF_DNS_NAME_SIZE];
};

struct cifsaf_site_result {
	enum cifsaf_site_state state;
	int error;			/* SRV_FAILED, SITE_SRV_FAILED: -errno (-EBADMSG malformed) */
	bool timed_out;			/* the budget ran out (NO_REPLY, or a DNS query) */
	bool from_cache;		/* the site came from the keyring */
	bool learned;			/* the site came from a ping: worth keeping */
	char site[CIFSAF_SITE_NAME_SIZE];
	struct cifsaf_site_ping pings[CIFSAF_SITE_PINGS_MAX];
	size_t n_pings;
	size_t answered_by;		/* the ping whose reply named the site */
	size_t n_malformed, n_paused, n_refused, n_empty, n_unreachable;	/* replies of each kind */
	struct cifsaf_candidate site_dcs[CIFSAF_SRV_ADDRS_MAX];
	size_t n_site_dcs;
	int64_t srv_ms, ping_ms, site_srv_ms, ms;
	int budget_ms;
};

struct cifsaf_site_params {
	int budget_ms;
	const char *cached_site;	/* a keyring HIT, or NULL */
};

/* The trigger, as cifs-utils has it: two or more IPv4, or two or more
 * IPv6, addresses. */
bool cifsaf_site_wanted(const struct cifsaf_candidate *c, size_t n);

/* "_ldap._tcp.dc._msdcs.DOMAIN", or with site "_ldap._tcp.SITE._sites.dc.
 * _msdcs.DOMAIN", into buf.  Returns 0, -EINVAL (a domain or site DNS
 * cannot carry), -ENAMETOOLONG. */
int cifsaf_site_srv_name(const char *domain, const char *site, char buf[CIFSAF_DNS_NAME_SIZE]);

/* Run the step for domain, whose resolved addresses are c (n of them).
 * Never fails: ret->state says what happened (ret is zeroed first). */
void cifsaf_site_run(const char *domain, const struct cifsaf_candidate *c, size_t n,
		     const struct cifsaf_site_params *p, const struct cifsaf_site_ops *ops, void *ctx,
		     struct cifsaf_site_result *ret);

/* Which of c[] are DCs of the found site: in_site[i] for each; returns how
 * many (0 unless the state is FOUND). */
size_t cifsaf_site_mark(const struct cifsaf_site_result *s, const struct cifsaf_candidate *c, size_t n,
			bool *in_site);

/* Why there is no site order, in words ("no SRV record
 * _ldap._tcp.dc._msdcs.NAME", "no answer from 4 DCs within 500 ms", ...),
 * into buf; for FOUND the site and where it came from. */
void cifsaf_site_describe(const struct cifsaf_site_result *s, const char *domain, char *buf,
			  size_t size);

#endif
