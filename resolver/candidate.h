/* candidate.h: one server address the helper may pass to the kernel as ip=. */
#ifndef CIFSAF_CANDIDATE_H
#define CIFSAF_CANDIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Longest text cifsaf_candidate_format() produces: an IPv6 address,
 * '%' and a decimal 32-bit scope id, and the NUL. */
#define CIFSAF_ADDRSTRLEN (INET6_ADDRSTRLEN + 1 + 10 + 1)

struct cifsaf_candidate {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	uint32_t scope_id;	/* interface index; IPv6 link-local only, else 0 */
};

/* Text for ip=: inet_ntop's compressed form, plus "%<ifindex>" for a scoped
 * IPv6 address (the kernel takes numeric scope ids only).  Returns the length
 * or -ENOSPC when buf is too small; never truncates. */
int cifsaf_candidate_format(const struct cifsaf_candidate *c, char *buf, size_t len);

/* Same text without the scope, as the kernel's length check sees the address
 * part on 2.6.23-2.6.30. */
size_t cifsaf_candidate_text_len(const struct cifsaf_candidate *c);

/* Parse a literal address: IPv4 dotted quad, IPv6, "[IPv6]", and IPv6 with
 * "%scope" where scope is a decimal index or an interface name (looked up with
 * if_nametoindex).  Returns 0, -EINVAL when text is not a literal address,
 * -ENODEV for an unknown interface name. */
int cifsaf_candidate_parse_literal(const char *text, struct cifsaf_candidate *ret);

bool cifsaf_candidate_is_link_local(const struct cifsaf_candidate *c);
bool cifsaf_candidate_equal(const struct cifsaf_candidate *a, const struct cifsaf_candidate *b);

/* Fill a sockaddr for connect(); returns its length. */
socklen_t cifsaf_candidate_sockaddr(const struct cifsaf_candidate *c, uint16_t port,
				    struct sockaddr_storage *ret);

/* Build from a sockaddr (getaddrinfo result); -EAFNOSUPPORT for other families.
 * A scope id on an address that is not link-local is cleared: only link-local
 * addresses ever carry one. */
int cifsaf_candidate_from_sockaddr(const struct sockaddr *sa, socklen_t len,
				   struct cifsaf_candidate *ret);

/* "IPv4" / "IPv6" for messages. */
const char *cifsaf_family_name(int family);

#endif
