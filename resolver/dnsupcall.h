/* dnsupcall.h: the pure part of cifs-af.dnsresolver, the request-key
 * handler for the kernel's dns_resolver keys (the kernel's own host name
 * lookups: DFS referral targets and, on recent kernels, reconnects).
 *
 * What the kernel asks (see the kernel's Documentation/networking/
 * dns_resolver.rst and keyutils' key.dns_resolver(8)):
 *   description  "[TYPE:]NAME"; without a TYPE, NAME is a host name to turn
 *                into addresses.  Typed queries ("afsdb:", "srv:", ...) are
 *                not ours: they go to key.dns_resolver unchanged.
 *   callout info options separated by spaces: "ipv4" and "ipv6" ask for one
 *                family (both: either), "list" for every address rather
 *                than one; anything else is ignored, as key.dns_resolver
 *                does, but a word holding ',' is refused as it refuses it.
 *   payload      the addresses as text, comma-separated, then a NUL byte the
 *                kernel requires; what the kernel parses with the same
 *                rules as ip= (so the kernel filter of kernel.h applies).
 * One deliberate difference: with no family option key.dns_resolver
 * answers with IPv4 only ("legacy mode"); here the policy chooses.
 *
 * Nothing here logs or touches a keyring. */
#ifndef CIFSAF_DNSUPCALL_H
#define CIFSAF_DNSUPCALL_H

#include <stdbool.h>
#include <stddef.h>

#include "candidate.h"
#include "keydesc.h"

#define CIFSAF_UPCALL_KEY_TYPE "dns_resolver"
/* Callout information read from the kernel, at most; options are a few
 * short words. */
#define CIFSAF_UPCALL_CALLOUT_MAX 1024
/* The payload: 32 addresses of at most CIFSAF_ADDRSTRLEN bytes with their
 * commas fit in 2048; the kernel takes more, nothing needs more. */
#define CIFSAF_UPCALL_PAYLOAD_MAX 2048
/* How long the kernel may keep an answer: key.dns_resolver's default, so a
 * reconnect soon asks again and the policy decides again. */
#define CIFSAF_UPCALL_KEY_TTL_S 5
/* dns-resolver-probe-ms: how long the upcall may probe by default.  The
 * kernel waits meanwhile; a blackholed first family costs one connection
 * attempt delay (250 ms), so 2 s leaves room for a slow second one. */
#define CIFSAF_DNS_RESOLVER_PROBE_MS 2000

enum cifsaf_upcall_kind {
	CIFSAF_UPCALL_HOST,	/* a host name lookup: ours */
	CIFSAF_UPCALL_PASS,	/* a typed query: key.dns_resolver's */
};

struct cifsaf_upcall_request {
	enum cifsaf_upcall_kind kind;
	char host[CIFSAF_HOSTNAME_MAX + 1];	/* HOST: the name, as asked */
};

/* Classify len bytes of key description.  Returns 0, or -EINVAL when it is
 * empty, longer than CIFSAF_KEY_DESCRIBE_MAX, holds a NUL, or is untyped
 * and not a host name (cifsaf_hostname_valid). */
int cifsaf_upcall_parse_description(const char *desc, size_t len, struct cifsaf_upcall_request *ret);

struct cifsaf_upcall_options {
	bool ipv4, ipv6;	/* a family asked for; neither: both */
	bool list;		/* every address, not the first only */
	unsigned ignored;	/* words not known here */
};

/* Parse len bytes of callout information.  Returns 0; -E2BIG past
 * CIFSAF_UPCALL_CALLOUT_MAX; -EINVAL for a NUL or a byte that is not
 * printable ASCII, or a word holding ',' (*ret_bad then points at that
 * word's start in text). */
int cifsaf_upcall_parse_options(const char *text, size_t len, struct cifsaf_upcall_options *ret,
				const char **ret_bad);

/* Keep the candidates of the families the options allow, in order; returns
 * how many are left at the front of c. */
size_t cifsaf_upcall_filter(const struct cifsaf_upcall_options *o, struct cifsaf_candidate *c, size_t n);

/* The payload for n candidates (the first only unless list), NUL included.
 * Returns its length with the NUL, -ENODATA when n is 0, -E2BIG when it
 * does not fit size (or CIFSAF_UPCALL_PAYLOAD_MAX). */
int cifsaf_upcall_payload(const struct cifsaf_candidate *c, size_t n, bool list, char *buf, size_t size);

/* How to refuse a lookup that found nothing: the errno the kernel's caller
 * sees and for how long the refusal stands.  gai_error is getaddrinfo's
 * (0 when names resolved but no address was usable). */
void cifsaf_upcall_rejection(int gai_error, int *ret_errno, unsigned *ret_timeout_s);

#endif
