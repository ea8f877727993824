/* kernel.h: what the running kernel's CIFS client accepts in ip= (facts from
 * the kernel sources, see docs; not policy). */
#ifndef CIFSAF_KERNEL_H
#define CIFSAF_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

#include "candidate.h"

#define CIFSAF_KERNEL_RELEASE_MAX 64	/* struct utsname release is 65 bytes */
#define CIFSAF_KERNEL_VERSION_PARTS 3

struct cifsaf_kernel {
	char release[CIFSAF_KERNEL_RELEASE_MAX + 1];
	unsigned version[CIFSAF_KERNEL_VERSION_PARTS];	/* 2.6.18 -> {2, 6, 18} */
	bool rhel5;			/* 2.6.18-*.el5*: IPv6 parser not compiled */
	bool ipv6;			/* ip= may carry IPv6 */
	size_t ipv6_max_len;		/* longest IPv6 text accepted; 0 = no limit */
	bool scope_ids;			/* numeric %scope accepted */
};

/* Parse a release string as uname -r prints it ("6.1.0-27-amd64",
 * "2.6.18-308.8.1.el5").  Only the leading dotted numbers count; missing
 * parts are 0.  Returns 0, or -EINVAL when the release does not start with a
 * number or is longer than CIFSAF_KERNEL_RELEASE_MAX. */
int cifsaf_kernel_parse(const char *release, struct cifsaf_kernel *ret);

/* Compare a parsed kernel's version with {a, b, c}: <0, 0, >0. */
int cifsaf_kernel_cmp(const struct cifsaf_kernel *k, unsigned a, unsigned b, unsigned c);

enum cifsaf_kernel_verdict {
	CIFSAF_KERNEL_ACCEPTS = 0,
	CIFSAF_KERNEL_NO_IPV6,		/* IPv6 in ip= not parsed at all */
	CIFSAF_KERNEL_TOO_LONG,		/* IPv6 text over the 34-character limit */
	CIFSAF_KERNEL_NO_SCOPE,		/* kernel cannot take a %scope */
	CIFSAF_KERNEL_LINK_LOCAL_UNSCOPED,	/* link-local without a scope cannot connect */
};

enum cifsaf_kernel_verdict cifsaf_kernel_check(const struct cifsaf_kernel *k,
					       const struct cifsaf_candidate *c);

/* Why a candidate was dropped, for messages: "kernel cannot parse IPv6 in ip=". */
const char *cifsaf_kernel_verdict_text(enum cifsaf_kernel_verdict v);

#endif
