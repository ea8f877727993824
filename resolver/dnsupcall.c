/* dnsupcall.c: dns_resolver requests and answers (see dnsupcall.h). */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "dnsupcall.h"

int cifsaf_upcall_parse_description(const char *desc, size_t len, struct cifsaf_upcall_request *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (len == 0 || len > CIFSAF_KEY_DESCRIBE_MAX || memchr(desc, '\0', len) != NULL)
		return -EINVAL;
	/* "TYPE:NAME": whatever the type, key.dns_resolver knows it or says it
	 * does not. */
	if (memchr(desc, ':', len) != NULL) {
		ret->kind = CIFSAF_UPCALL_PASS;
		return 0;
	}
	if (!cifsaf_hostname_valid(desc, len))
		return -EINVAL;
	ret->kind = CIFSAF_UPCALL_HOST;
	memcpy(ret->host, desc, len);
	ret->host[len] = '\0';
	return 0;
}

/* One option word of n bytes. */
static int take_option(const char *w, size_t n, struct cifsaf_upcall_options *ret)
{
	const char *eq = memchr(w, '=', n);
	size_t name = eq ? (size_t)(eq - w) : n;

	if (memchr(w, ',', n) != NULL)
		return -EINVAL;
	if (name == 4 && memcmp(w, "ipv4", 4) == 0)
		ret->ipv4 = true;
	else if (name == 4 && memcmp(w, "ipv6", 4) == 0)
		ret->ipv6 = true;
	else if (name == 4 && memcmp(w, "list", 4) == 0)
		ret->list = true;
	else
		ret->ignored++;
	return 0;
}

int cifsaf_upcall_parse_options(const char *text, size_t len, struct cifsaf_upcall_options *ret,
				const char **ret_bad)
{
	size_t i, start = 0;

	memset(ret, 0, sizeof(*ret));
	*ret_bad = NULL;
	if (len > CIFSAF_UPCALL_CALLOUT_MAX)
		return -E2BIG;
	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] < ' ' || (unsigned char)text[i] > '~')
			return -EINVAL;
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != ' ')
			continue;
		if (i > start && take_option(text + start, i - start, ret) < 0) {
			*ret_bad = text + start;
			return -EINVAL;
		}
		start = i + 1;
	}
	return 0;
}

static bool family_allowed(const struct cifsaf_upcall_options *o, int family)
{
	if (!o->ipv4 && !o->ipv6)
		return true;
	return family == AF_INET ? o->ipv4 : o->ipv6;
}

size_t cifsaf_upcall_filter(const struct cifsaf_upcall_options *o, struct cifsaf_candidate *c, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (family_allowed(o, c[i].family))
			c[k++] = c[i];
	return k;
}

int cifsaf_upcall_payload(const struct cifsaf_candidate *c, size_t n, bool list, char *buf, size_t size)
{
	size_t i, pos = 0;
	int len;

	if (n == 0)
		return -ENODATA;
	if (size > CIFSAF_UPCALL_PAYLOAD_MAX)
		size = CIFSAF_UPCALL_PAYLOAD_MAX;
	if (!list)
		n = 1;
	for (i = 0; i < n; i++) {
		if (i > 0) {
			if (pos + 1 >= size)
				return -E2BIG;
			buf[pos++] = ',';
		}
		len = cifsaf_candidate_format(&c[i], buf + pos, size - pos);
		if (len < 0)
			return -E2BIG;
		pos += (size_t)len;
	}
	/* candidate_format leaves its NUL at buf[pos]: the kernel wants it. */
	return (int)pos + 1;
}

void cifsaf_upcall_rejection(int gai_error, int *ret_errno, unsigned *ret_timeout_s)
{
	switch (gai_error) {
	case EAI_AGAIN:
		/* A DNS server that may answer in a moment: ask again soon. */
		*ret_errno = EAGAIN;
		*ret_timeout_s = 1;
		break;
	case 0:
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
		/* No address (or none the kernel and the options allow). */
		*ret_errno = ENODATA;
		*ret_timeout_s = 60;
		break;
	default:
		*ret_errno = ECONNREFUSED;
		*ret_timeout_s = 10;
		break;
	}
}
