/* sitecache.c: the client's AD site per domain in the keyring (see
 * sitecache.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "keydesc.h"
#include "sitecache.h"

bool cifsaf_site_name_valid(const char *site)
{
	size_t len = strlen(site);

	return len > 0 && len <= CIFSAF_DNS_LABEL_MAX && strchr(site, '.') == NULL &&
	       cifsaf_hostname_valid(site, len);
}

int cifsaf_site_cache_description(const char *domain, char buf[CIFSAF_CACHE_DESC_MAX])
{
	size_t len = strlen(domain), i, at = sizeof(CIFSAF_SITE_CACHE_PREFIX) - 1;
	int n;

	if (!cifsaf_hostname_valid(domain, len))
		return -EINVAL;
	if (domain[len - 1] == '.')
		len--;
	n = snprintf(buf, CIFSAF_CACHE_DESC_MAX, "%s%.*s", CIFSAF_SITE_CACHE_PREFIX, (int)len, domain);
	if (n < 0 || n >= CIFSAF_CACHE_DESC_MAX)
		return -EINVAL;
	for (i = at; i < at + len; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	return 0;
}

int cifsaf_site_cache_encode(const char *site, int64_t stored, char buf[CIFSAF_CACHE_PAYLOAD_MAX])
{
	int n;

	if (!cifsaf_site_name_valid(site) || stored < 0)
		return -EINVAL;
	n = snprintf(buf, CIFSAF_CACHE_PAYLOAD_MAX, "v1 site=%s stored=%" PRId64, site, stored);
	return n < 0 || n >= CIFSAF_CACHE_PAYLOAD_MAX ? -EINVAL : n;
}

int cifsaf_site_cache_decode(const char *buf, size_t len, char site[CIFSAF_SITE_NAME_SIZE],
			     int64_t *ret_stored)
{
	static const char head[] = "v1 site=", mid[] = " stored=";
	char again[CIFSAF_CACHE_PAYLOAD_MAX];
	const char *p = buf + sizeof(head) - 1, *end = buf + len, *sp;
	int64_t v = 0;
	size_t n;

	if (len < sizeof(head) - 1 || memcmp(buf, head, sizeof(head) - 1) != 0)
		return -EBADMSG;
	sp = memchr(p, ' ', (size_t)(end - p));
	if (sp == NULL || (size_t)(sp - p) >= CIFSAF_SITE_NAME_SIZE)
		return -EBADMSG;
	memcpy(site, p, (size_t)(sp - p));
	site[sp - p] = '\0';
	p = sp;
	if ((size_t)(end - p) < sizeof(mid) - 1 || memcmp(p, mid, sizeof(mid) - 1) != 0)
		return -EBADMSG;
	p += sizeof(mid) - 1;
	if (p == end || (*p == '0' && end - p > 1) || end - p > 19)
		return -EBADMSG;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -EBADMSG;
		v = v * 10 + (*p - '0');
	}
	/* What the encoder would write, byte for byte: no other spelling of
	 * the same content is accepted. */
	n = (size_t)cifsaf_site_cache_encode(site, v, again);
	if ((int)n < 0 || n != len || memcmp(again, buf, len) != 0)
		return -EBADMSG;
	*ret_stored = v;
	return 0;
}

int cifsaf_site_cache_lookup(const struct cifsaf_keyring_ops *ops, void *ctx, const char *domain,
			     long ttl_s, int64_t now_s, struct cifsaf_cache_lookup *ret,
			     char site[CIFSAF_SITE_NAME_SIZE])
{
	char payload[CIFSAF_CACHE_PAYLOAD_MAX], got[CIFSAF_SITE_NAME_SIZE];
	size_t n;

	memset(ret, 0, sizeof(*ret));
	site[0] = '\0';
	ret->ttl_s = ttl_s;
	if (ttl_s <= 0) {
		ret->state = CIFSAF_CACHE_OFF;
		return 0;
	}
	if (cifsaf_site_cache_description(domain, ret->description) < 0) {
		ret->state = CIFSAF_CACHE_NOT_CACHEABLE;
		return 0;
	}
	if (cifsaf_cache_read_key(ops, ctx, payload, sizeof(payload), &n, ret) != 0)
		return 0;
	if (cifsaf_site_cache_decode(payload, n, got, &ret->entry.stored) < 0) {
		ret->state = CIFSAF_CACHE_IGNORED;
		ret->ignored = CIFSAF_IGNORED_MALFORMED;
		return 0;
	}
	cifsaf_cache_judge_age(ret, ret->entry.stored, now_s);
	if (ret->state == CIFSAF_CACHE_HIT)
		memcpy(site, got, sizeof(got));
	return 0;
}

int cifsaf_site_cache_store(const struct cifsaf_keyring_ops *ops, void *ctx, const char *domain,
			    const char *site, int64_t stored, long ttl_s, int32_t *ret_key)
{
	char desc[CIFSAF_CACHE_DESC_MAX], payload[CIFSAF_CACHE_PAYLOAD_MAX];
	int r, n;

	r = cifsaf_site_cache_description(domain, desc);
	if (r < 0)
		return r;
	n = cifsaf_site_cache_encode(site, stored, payload);
	if (n < 0)
		return n;
	return cifsaf_cache_store_key(ops, ctx, desc, payload, (size_t)n, ttl_s, ret_key);
}
