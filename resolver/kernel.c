/* kernel.c: kernel release -> what ip= accepts.
 *
 * The boundaries come from the CIFS client's option parser:
 *  - before 2.6.23 (2.6.22 only with CONFIG_CIFS_EXPERIMENTAL) and on every
 *    RHEL 5 kernel (2.6.18-*.el5, which compiles the pre-2.6.20 branch of
 *    cifs_inet_pton) there is no IPv6 parser at all;
 *  - 2.6.23 to 2.6.30 reject any ip= value of 35 characters or more, and '%'
 *    is not a valid character there;
 *  - from 2.6.31 the limit is INET6_ADDRSTRLEN and a numeric scope id after
 *    '%' is parsed. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define OLD_KERNEL_IP_MAX 34

int cifsaf_kernel_cmp(const struct cifsaf_kernel *k, unsigned a, unsigned b, unsigned c)
{
	const unsigned want[CIFSAF_KERNEL_VERSION_PARTS] = { a, b, c };
	int i;

	for (i = 0; i < CIFSAF_KERNEL_VERSION_PARTS; i++) {
		if (k->version[i] != want[i])
			return k->version[i] < want[i] ? -1 : 1;
	}
	return 0;
}

int cifsaf_kernel_parse(const char *release, struct cifsaf_kernel *ret)
{
	struct cifsaf_kernel k;
	const char *p = release;
	size_t len = strlen(release);
	int i;

	if (len == 0 || len > CIFSAF_KERNEL_RELEASE_MAX || *p < '0' || *p > '9')
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	memcpy(k.release, release, len + 1);

	for (i = 0; i < CIFSAF_KERNEL_VERSION_PARTS; i++) {
		unsigned long v;
		char *end;

		if (*p < '0' || *p > '9')
			break;
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno != 0 || v > 65535)
			return -EINVAL;
		k.version[i] = (unsigned)v;
		p = end;
		if (*p != '.')
			break;
		p++;
	}

	k.rhel5 = cifsaf_kernel_cmp(&k, 2, 6, 18) == 0 &&
		  fnmatch("2.6.18-*.el5*", release, 0) == 0;
	if (k.rhel5 || cifsaf_kernel_cmp(&k, 2, 6, 23) < 0) {
		k.ipv6 = false;
	} else if (cifsaf_kernel_cmp(&k, 2, 6, 31) < 0) {
		k.ipv6 = true;
		k.ipv6_max_len = OLD_KERNEL_IP_MAX;
		k.scope_ids = false;
	} else {
		k.ipv6 = true;
		k.scope_ids = true;
	}
	*ret = k;
	return 0;
}

enum cifsaf_kernel_verdict cifsaf_kernel_check(const struct cifsaf_kernel *k,
					       const struct cifsaf_candidate *c)
{
	if (c->family != AF_INET6)
		return CIFSAF_KERNEL_ACCEPTS;
	if (!k->ipv6)
		return CIFSAF_KERNEL_NO_IPV6;
	if (cifsaf_candidate_is_link_local(c) && c->scope_id == 0)
		return CIFSAF_KERNEL_LINK_LOCAL_UNSCOPED;
	if (c->scope_id != 0 && !k->scope_ids)
		return CIFSAF_KERNEL_NO_SCOPE;
	if (k->ipv6_max_len != 0 && cifsaf_candidate_text_len(c) > k->ipv6_max_len)
		return CIFSAF_KERNEL_TOO_LONG;
	return CIFSAF_KERNEL_ACCEPTS;
}

const char *cifsaf_kernel_verdict_text(enum cifsaf_kernel_verdict v)
{
	switch (v) {
	case CIFSAF_KERNEL_ACCEPTS:
		return "accepted";
	case CIFSAF_KERNEL_NO_IPV6:
		return "kernel cannot parse IPv6 in ip=";
	case CIFSAF_KERNEL_TOO_LONG:
		return "kernel takes at most 34 characters in ip=";
	case CIFSAF_KERNEL_NO_SCOPE:
		return "kernel cannot parse a scope id in ip=";
	case CIFSAF_KERNEL_LINK_LOCAL_UNSCOPED:
		return "link-local address without a scope id";
	}
	return "unknown";
}
