/* candidate.c: parse and format server addresses. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "candidate.h"

const char *cifsaf_family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : family == AF_INET ? "IPv4" : "unknown family";
}

bool cifsaf_candidate_is_link_local(const struct cifsaf_candidate *c)
{
	return c->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&c->addr.v6);
}

bool cifsaf_candidate_equal(const struct cifsaf_candidate *a, const struct cifsaf_candidate *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->addr.v4.s_addr == b->addr.v4.s_addr;
	return memcmp(&a->addr.v6, &b->addr.v6, sizeof(a->addr.v6)) == 0 &&
	       a->scope_id == b->scope_id;
}

size_t cifsaf_candidate_text_len(const struct cifsaf_candidate *c)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(c->family, &c->addr, buf, sizeof(buf)) == NULL)
		return 0;
	return strlen(buf);
}

int cifsaf_candidate_format(const struct cifsaf_candidate *c, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(c->family, &c->addr, addr, sizeof(addr)) == NULL)
		return -EAFNOSUPPORT;
	if (c->family == AF_INET6 && c->scope_id != 0)
		n = snprintf(buf, len, "%s%%%u", addr, (unsigned)c->scope_id);
	else
		n = snprintf(buf, len, "%s", addr);
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

/* Parse "%scope": a decimal interface index, or an interface name. */
static int parse_scope(const char *scope, uint32_t *ret)
{
	unsigned long v;
	char *end;
	unsigned idx;

	if (*scope == '\0')
		return -EINVAL;
	if (*scope >= '0' && *scope <= '9') {
		errno = 0;
		v = strtoul(scope, &end, 10);
		if (errno != 0 || *end != '\0' || v == 0 || v > UINT32_MAX)
			return -EINVAL;
		*ret = (uint32_t)v;
		return 0;
	}
	if (strlen(scope) >= IF_NAMESIZE)
		return -ENODEV;
	idx = if_nametoindex(scope);
	if (idx == 0)
		return -ENODEV;
	*ret = idx;
	return 0;
}

int cifsaf_candidate_parse_literal(const char *text, struct cifsaf_candidate *ret)
{
	char buf[INET6_ADDRSTRLEN + 1 + IF_NAMESIZE + 2];
	struct cifsaf_candidate c;
	size_t len = strlen(text);
	char *scope;
	int r;

	memset(&c, 0, sizeof(c));
	if (inet_pton(AF_INET, text, &c.addr.v4) == 1) {
		c.family = AF_INET;
		*ret = c;
		return 0;
	}
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, len + 1);
	if (buf[0] == '[') {
		if (len < 2 || buf[len - 1] != ']')
			return -EINVAL;
		buf[len - 1] = '\0';
		memmove(buf, buf + 1, len - 1);
	}
	scope = strchr(buf, '%');
	if (scope != NULL)
		*scope++ = '\0';
	if (inet_pton(AF_INET6, buf, &c.addr.v6) != 1)
		return -EINVAL;
	c.family = AF_INET6;
	if (scope != NULL) {
		r = parse_scope(scope, &c.scope_id);
		if (r < 0)
			return r;
		/* Only link-local addresses are scoped; a global one never
		 * carries a scope id to the kernel. */
		if (!cifsaf_candidate_is_link_local(&c))
			c.scope_id = 0;
	}
	*ret = c;
	return 0;
}

socklen_t cifsaf_candidate_sockaddr(const struct cifsaf_candidate *c, uint16_t port,
				    struct sockaddr_storage *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (c->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ret;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = c->addr.v4;
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ret;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = c->addr.v6;
		sin6->sin6_scope_id = c->scope_id;
		return sizeof(*sin6);
	}
}

int cifsaf_candidate_from_sockaddr(const struct sockaddr *sa, socklen_t len,
				   struct cifsaf_candidate *ret)
{
	struct cifsaf_candidate c;

	memset(&c, 0, sizeof(c));
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		c.family = AF_INET;
		c.addr.v4 = ((const struct sockaddr_in *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		c.family = AF_INET6;
		c.addr.v6 = sin6->sin6_addr;
		if (cifsaf_candidate_is_link_local(&c))
			c.scope_id = sin6->sin6_scope_id;
	} else {
		return -EAFNOSUPPORT;
	}
	*ret = c;
	return 0;
}
