/* dcache.c: the decision cache (see dcache.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dcache.h"

int cifsaf_cache_description(const char *host, uint16_t port, char buf[CIFSAF_CACHE_DESC_MAX])
{
	size_t len = strlen(host), i;
	int n;

	if (port == 0 || !cifsaf_hostname_valid(host, len))
		return -EINVAL;
	/* DNS names compare without case: one key for FS.test and fs.test. */
	n = snprintf(buf, CIFSAF_CACHE_DESC_MAX, "%s%s:%u", CIFSAF_CACHE_PREFIX, host, (unsigned)port);
	if (n < 0 || n >= CIFSAF_CACHE_DESC_MAX)
		return -EINVAL;
	for (i = sizeof(CIFSAF_CACHE_PREFIX) - 1; i < sizeof(CIFSAF_CACHE_PREFIX) - 1 + len; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	return 0;
}

static const char *family_word(int family)
{
	return family == AF_INET ? "ipv4" : "ipv6";
}

int cifsaf_cache_payload_encode(const struct cifsaf_cache_entry *e, char buf[CIFSAF_CACHE_PAYLOAD_MAX])
{
	char addr[CIFSAF_ADDRSTRLEN];
	int n;

	if (e->port == 0 || e->stored < 0 || (e->addr.family != AF_INET && e->addr.family != AF_INET6) ||
	    (e->addr.scope_id != 0 && !cifsaf_candidate_is_link_local(&e->addr)))
		return -EINVAL;
	if (cifsaf_candidate_format(&e->addr, addr, sizeof(addr)) < 0)
		return -EINVAL;
	n = snprintf(buf, CIFSAF_CACHE_PAYLOAD_MAX, "v1 family=%s addr=%s port=%u stored=%lld",
		     family_word(e->addr.family), addr, (unsigned)e->port, (long long)e->stored);
	if (n < 0 || n >= CIFSAF_CACHE_PAYLOAD_MAX)
		return -EINVAL;
	return n;
}

/* "NAME=" at *p, then the value up to the next space or the end. */
static int field(const char **p, const char *end, const char *name, const char **ret, size_t *ret_len)
{
	size_t n = strlen(name);
	const char *v, *sp;

	if ((size_t)(end - *p) < n || memcmp(*p, name, n) != 0)
		return -EBADMSG;
	v = *p + n;
	sp = memchr(v, ' ', (size_t)(end - v));
	if (sp == NULL)
		sp = end;
	if (sp == v)
		return -EBADMSG;
	*ret = v;
	*ret_len = (size_t)(sp - v);
	/* One space between fields, none at the end. */
	if (sp == end)
		*p = end;
	else if (sp + 1 == end)
		return -EBADMSG;
	else
		*p = sp + 1;
	return 0;
}

/* Decimal without sign or leading zeros, at most max. */
static int number(const char *s, size_t len, int64_t max, int64_t *ret)
{
	int64_t v = 0;
	size_t i;

	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (s[i] - '0')) / 10)
			return -EBADMSG;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return 0;
}

/* The address exactly as the encoder writes it. */
static int address(const char *s, size_t len, int family, struct cifsaf_candidate *ret)
{
	char text[CIFSAF_ADDRSTRLEN], again[CIFSAF_ADDRSTRLEN];
	const char *pct;
	size_t i;

	if (len >= sizeof(text))
		return -EBADMSG;
	memcpy(text, s, len);
	text[len] = '\0';
	/* A scope by interface name would be looked up: only numbers here. */
	pct = strchr(text, '%');
	for (i = pct ? (size_t)(pct - text) + 1 : len; i < len; i++)
		if (text[i] < '0' || text[i] > '9')
			return -EBADMSG;
	if (cifsaf_candidate_parse_literal(text, ret) < 0 || ret->family != family)
		return -EBADMSG;
	if (ret->scope_id != 0 && !cifsaf_candidate_is_link_local(ret))
		return -EBADMSG;
	if (cifsaf_candidate_format(ret, again, sizeof(again)) < 0 || strcmp(again, text) != 0)
		return -EBADMSG;
	return 0;
}

int cifsaf_cache_payload_decode(const char *buf, size_t len, struct cifsaf_cache_entry *ret)
{
	const char *p = buf, *end = buf + len, *v;
	size_t vlen;
	int64_t port, stored;
	int family;

	if (len >= CIFSAF_CACHE_PAYLOAD_MAX || memchr(buf, '\0', len) != NULL)
		return -EBADMSG;
	memset(ret, 0, sizeof(*ret));
	if (len < 3 || memcmp(p, "v1 ", 3) != 0)
		return -EBADMSG;
	p += 3;
	if (field(&p, end, "family=", &v, &vlen) < 0)
		return -EBADMSG;
	if (vlen == 4 && memcmp(v, "ipv4", 4) == 0)
		family = AF_INET;
	else if (vlen == 4 && memcmp(v, "ipv6", 4) == 0)
		family = AF_INET6;
	else
		return -EBADMSG;
	if (field(&p, end, "addr=", &v, &vlen) < 0 || address(v, vlen, family, &ret->addr) < 0)
		return -EBADMSG;
	if (field(&p, end, "port=", &v, &vlen) < 0 || number(v, vlen, 65535, &port) < 0 || port == 0)
		return -EBADMSG;
	if (field(&p, end, "stored=", &v, &vlen) < 0 || number(v, vlen, INT64_MAX, &stored) < 0)
		return -EBADMSG;
	if (p != end)
		return -EBADMSG;
	ret->port = (uint16_t)port;
	ret->stored = stored;
	return 0;
}

bool cifsaf_cache_ttl_valid(long ttl_s)
{
	return ttl_s >= 0 && ttl_s <= CIFSAF_CACHE_TTL_MAX_S;
}

/* Describe a key and check that it is what we look for and ours to trust.
 * Returns 0 when trusted, 1 when not (owner and perm filled), -EBADMSG when
 * the describe text is malformed or names another type or description,
 * other -errno from the keyring. */
static int check_key(const struct cifsaf_keyring_ops *ops, void *ctx, int32_t key, const char *type,
		     const char *desc, uint32_t *ret_owner, uint32_t *ret_perm)
{
	char text[CIFSAF_KEY_DESCRIBE_MAX];
	struct cifsaf_keydesc k;
	int n;

	n = ops->describe(ctx, key, text, sizeof(text));
	if (n < 0)
		return n;
	if ((size_t)n > sizeof(text) || cifsaf_keydesc_parse(text, (size_t)n, &k) < 0)
		return -EBADMSG;
	if (strcmp(k.type, type) != 0 || k.description_len != strlen(desc) ||
	    memcmp(k.description, desc, k.description_len) != 0)
		return -EBADMSG;
	*ret_owner = k.uid;
	*ret_perm = k.perm;
	return cifsaf_keydesc_others_may_write(&k) ? 1 : 0;
}

static void unavailable(struct cifsaf_cache_lookup *ret, int error)
{
	ret->state = CIFSAF_CACHE_UNAVAILABLE;
	ret->error = error;
}

static void ignored(struct cifsaf_cache_lookup *ret, enum cifsaf_cache_ignored why)
{
	ret->state = CIFSAF_CACHE_IGNORED;
	ret->ignored = why;
}

int cifsaf_cache_read_key(const struct cifsaf_keyring_ops *ops, void *ctx, char *payload, size_t size,
			  size_t *ret_len, struct cifsaf_cache_lookup *ret)
{
	int r, n;

	r = ops->search(ctx, 0, "keyring", CIFSAF_CACHE_KEYRING, &ret->keyring);
	if (r == -ENOKEY) {
		ret->keyring = 0;
		ret->state = CIFSAF_CACHE_MISS;
		return 1;
	}
	if (r < 0) {
		unavailable(ret, r);
		return 1;
	}
	r = check_key(ops, ctx, ret->keyring, "keyring", CIFSAF_CACHE_KEYRING, &ret->owner, &ret->perm);
	if (r != 0) {
		if (r > 0 || r == -EBADMSG)
			ignored(ret, CIFSAF_IGNORED_KEYRING_UNTRUSTED);
		else
			unavailable(ret, r);
		return 1;
	}
	r = ops->search(ctx, ret->keyring, CIFSAF_CACHE_KEY_TYPE, ret->description, &ret->key);
	if (r == -ENOKEY) {
		ret->key = 0;
		ret->state = CIFSAF_CACHE_MISS;
		return 1;
	}
	if (r < 0) {
		unavailable(ret, r);
		return 1;
	}
	r = check_key(ops, ctx, ret->key, CIFSAF_CACHE_KEY_TYPE, ret->description, &ret->owner,
		      &ret->perm);
	if (r > 0) {
		ignored(ret, CIFSAF_IGNORED_UNTRUSTED);
		return 1;
	}
	if (r == -EBADMSG) {
		ignored(ret, CIFSAF_IGNORED_MALFORMED);
		return 1;
	}
	if (r < 0) {
		unavailable(ret, r);
		return 1;
	}
	n = ops->read(ctx, ret->key, payload, size);
	if (n < 0) {
		unavailable(ret, n);
		return 1;
	}
	if ((size_t)n >= size) {
		ignored(ret, CIFSAF_IGNORED_MALFORMED);
		return 1;
	}
	*ret_len = (size_t)n;
	return 0;
}

void cifsaf_cache_judge_age(struct cifsaf_cache_lookup *ret, int64_t stored, int64_t now_s)
{
	ret->age_s = now_s - stored;
	if (ret->age_s < 0)
		ignored(ret, CIFSAF_IGNORED_FUTURE);
	else if (ret->age_s >= ret->ttl_s)
		ignored(ret, CIFSAF_IGNORED_EXPIRED);
	else
		ret->state = CIFSAF_CACHE_HIT;
}

int cifsaf_cache_lookup(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
			uint16_t port, long ttl_s, int64_t now_s, struct cifsaf_cache_lookup *ret)
{
	char payload[CIFSAF_CACHE_PAYLOAD_MAX];
	size_t n;

	memset(ret, 0, sizeof(*ret));
	ret->ttl_s = ttl_s;
	if (ttl_s <= 0) {
		ret->state = CIFSAF_CACHE_OFF;
		return 0;
	}
	if (cifsaf_cache_description(host, port, ret->description) < 0) {
		ret->state = CIFSAF_CACHE_NOT_CACHEABLE;
		return 0;
	}
	if (cifsaf_cache_read_key(ops, ctx, payload, sizeof(payload), &n, ret) != 0)
		return 0;
	if (cifsaf_cache_payload_decode(payload, n, &ret->entry) < 0) {
		ignored(ret, CIFSAF_IGNORED_MALFORMED);
		return 0;
	}
	cifsaf_cache_judge_age(ret, ret->entry.stored, now_s);
	return 0;
}

/* The cifs-af keyring in the base keyring, made when missing.  A keyring of
 * that name someone else could write is never written to. */
static int our_keyring(const struct cifsaf_keyring_ops *ops, void *ctx, bool create, int32_t *ret)
{
	uint32_t owner, perm;
	int r;

	r = ops->search(ctx, 0, "keyring", CIFSAF_CACHE_KEYRING, ret);
	if (r == -ENOKEY && create) {
		r = ops->add(ctx, 0, "keyring", CIFSAF_CACHE_KEYRING, NULL, 0, ret);
		if (r == 0)
			r = ops->setperm(ctx, *ret, CIFSAF_CACHE_PERM);
		return r;
	}
	if (r < 0)
		return r;
	r = check_key(ops, ctx, *ret, "keyring", CIFSAF_CACHE_KEYRING, &owner, &perm);
	return r > 0 || r == -EBADMSG ? -EPERM : r;
}

int cifsaf_cache_store_key(const struct cifsaf_keyring_ops *ops, void *ctx, const char *desc,
			   const char *payload, size_t n, long ttl_s, int32_t *ret_key)
{
	uint32_t owner, perm;
	int32_t ring, old;
	int r;

	if (ttl_s <= 0 || !cifsaf_cache_ttl_valid(ttl_s))
		return -EINVAL;
	r = our_keyring(ops, ctx, true, &ring);
	if (r < 0)
		return r;
	/* add_key updates a key of the same description in place, keeping its
	 * owner and permissions: one planted there is refused, not reused. */
	r = ops->search(ctx, ring, CIFSAF_CACHE_KEY_TYPE, desc, &old);
	if (r == 0) {
		r = check_key(ops, ctx, old, CIFSAF_CACHE_KEY_TYPE, desc, &owner, &perm);
		if (r != 0)
			return r > 0 || r == -EBADMSG ? -EPERM : r;
	} else if (r != -ENOKEY) {
		return r;
	}
	r = ops->add(ctx, ring, CIFSAF_CACHE_KEY_TYPE, desc, payload, n, ret_key);
	if (r == 0)
		r = ops->setperm(ctx, *ret_key, CIFSAF_CACHE_PERM);
	if (r == 0)
		r = ops->set_timeout(ctx, *ret_key, (unsigned)ttl_s);
	return r;
}

int cifsaf_cache_store(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
		       uint16_t port, const struct cifsaf_cache_entry *e, long ttl_s,
		       int32_t *ret_key)
{
	char desc[CIFSAF_CACHE_DESC_MAX], payload[CIFSAF_CACHE_PAYLOAD_MAX];
	int r, n;

	if (ttl_s <= 0 || !cifsaf_cache_ttl_valid(ttl_s))
		return -EINVAL;
	r = cifsaf_cache_description(host, port, desc);
	if (r < 0)
		return r;
	n = cifsaf_cache_payload_encode(e, payload);
	if (n < 0)
		return n;
	return cifsaf_cache_store_key(ops, ctx, desc, payload, (size_t)n, ttl_s, ret_key);
}

int cifsaf_cache_forget(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
			uint16_t port, int32_t *ret_key)
{
	char desc[CIFSAF_CACHE_DESC_MAX];
	int32_t ring;
	int r;

	*ret_key = 0;
	r = cifsaf_cache_description(host, port, desc);
	if (r < 0)
		return r;
	r = our_keyring(ops, ctx, false, &ring);
	if (r == 0)
		r = ops->search(ctx, ring, CIFSAF_CACHE_KEY_TYPE, desc, ret_key);
	if (r == -ENOKEY) {
		*ret_key = 0;
		return 0;
	}
	if (r == 0)
		r = ops->unlink(ctx, *ret_key, ring);
	return r;
}

bool cifsaf_cache_forget_after_decision(enum cifsaf_cache_use use)
{
	return use == CIFSAF_CACHE_USE_FAILED;
}

bool cifsaf_cache_worth_storing(bool raced, enum cifsaf_cache_use use)
{
	return raced && use != CIFSAF_CACHE_USE_CONFIRMED;
}

enum cifsaf_cache_after_mount cifsaf_cache_after_mount(unsigned flags, bool mounted, size_t used)
{
	if (!mounted)
		return flags & CIFSAF_CACHE_FLAG_FROM_CACHE ? CIFSAF_CACHE_AFTER_FORGET
							    : CIFSAF_CACHE_AFTER_NOTHING;
	if (used == 0)
		return flags & CIFSAF_CACHE_FLAG_STORE ? CIFSAF_CACHE_AFTER_STORE
						       : CIFSAF_CACHE_AFTER_NOTHING;
	/* The winner failed in mount(2) and another address worked. */
	return flags & (CIFSAF_CACHE_FLAG_STORE | CIFSAF_CACHE_FLAG_FROM_CACHE) ? CIFSAF_CACHE_AFTER_STORE
										 : CIFSAF_CACHE_AFTER_NOTHING;
}
