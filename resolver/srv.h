/* srv.h: a DNS answer to an SRV query (RFC 2782), with the A and AAAA
 * records of its additional section (RFC 1035 section 4), as a DNS server
 * sends it for _ldap._tcp.dc._msdcs.DOMAIN.  Pure and bounded: the header's
 * counts, every name (dnsname.h), every record's length and every SRV
 * field are checked against the message; what does not fit the fixed-size
 * result is counted, never written past it. */
#ifndef CIFSAF_SRV_H
#define CIFSAF_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "candidate.h"
#include "dnsname.h"

/* Enough for every DC of a large site; what an answer has beyond this is
 * counted in n_targets_dropped / n_addrs_dropped. */
#define CIFSAF_SRV_TARGETS_MAX 16
#define CIFSAF_SRV_ADDRS_MAX 32
/* The largest answer read: a DNS message over TCP (RFC 1035 4.2.2). */
#define CIFSAF_DNS_MESSAGE_MAX 65535

struct cifsaf_srv_target {
	char name[CIFSAF_DNS_NAME_SIZE];
	uint16_t priority, weight, port;
};

/* An A or AAAA record of the additional section. */
struct cifsaf_srv_addr {
	char owner[CIFSAF_DNS_NAME_SIZE];
	struct cifsaf_candidate addr;
};

struct cifsaf_srv_answer {
	bool truncated;			/* TC: the server had more to say */
	struct cifsaf_srv_target targets[CIFSAF_SRV_TARGETS_MAX];
	size_t n_targets, n_targets_dropped;
	struct cifsaf_srv_addr addrs[CIFSAF_SRV_ADDRS_MAX];
	size_t n_addrs, n_addrs_dropped;
};

/* Parse len bytes answering an SRV query for qname.  The message must be a
 * response (QR) to a standard query with exactly one question, qname of
 * type SRV class IN.  SRV records in the answer section owned by qname
 * become targets, in the answer's order (a target of "." says the service
 * is not offered and is skipped); other records there (CNAME, RRSIG) are
 * stepped over.  The authority section is stepped over.  A and AAAA records
 * of class IN in the additional section become addrs, also in order;
 * duplicates (same owner, same address) are kept once.  Returns 0 with *ret
 * filled (n_targets may be 0: no such record), -ENOENT for NXDOMAIN,
 * -EPROTO for another error code (SERVFAIL, REFUSED...), -EBADMSG for
 * anything malformed: a count the message does not hold, a record running
 * past its end or its RDLENGTH, an SRV target that does not end with its
 * record, an A that is not 4 bytes or an AAAA that is not 16, bytes left
 * after the last record. */
int cifsaf_srv_parse(const uint8_t *msg, size_t len, const char *qname, struct cifsaf_srv_answer *ret);

/* The additional section's addresses for one target name, into out (room
 * for max); returns how many. */
size_t cifsaf_srv_addrs_of(const struct cifsaf_srv_answer *a, const char *target,
			   struct cifsaf_candidate *out, size_t max);

#endif
