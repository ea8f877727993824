/* handoff.c: the child-to-parent message, encoded and checked. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "handoff.h"
#include "program/secret.h"

/* Record tags.  Single-valued records may appear once; 'C' starts a
 * credentials record and u/p/q/d fill its fields; 'E' ends the message. */
enum {
	TAG_PASSWORD = 'P',
	TAG_PASSWORD2 = 'Q',
	TAG_CRED_PATH = 'C',
	TAG_CRED_USERNAME = 'u',
	TAG_CRED_PASSWORD = 'p',
	TAG_CRED_PASSWORD2 = 'q',
	TAG_CRED_DOMAIN = 'd',
	TAG_PROMPTED = 'A',
	TAG_DEFAULT_USERNAME = 'U',
	TAG_CANDIDATE = 'N',
	TAG_PORT = 'T',
	TAG_CACHE = 'K',
	TAG_SITE = 'S',		/* ttl (4 bytes), then the AD site the child learned */
	TAG_END = 'E',
};

#define HEADER_LEN 5		/* tag, then a 32-bit big-endian length */
#define CANDIDATE_LEN 21	/* family (4 or 6), 16 address bytes, 32-bit scope */
#define CACHE_LEN 5		/* flags, then the 32-bit ttl in seconds */

int cifsaf_handoff_add_credentials(struct cifsaf_handoff *h, const char *path,
				   const char *username, const char *password,
				   const char *password2, const char *domain)
{
	struct cifsaf_handoff_credentials *grown, *c;

	if (h->n_credentials >= CIFSAF_HANDOFF_CREDENTIALS_MAX)
		return -E2BIG;
	grown = talloc_realloc(h, h->credentials, struct cifsaf_handoff_credentials,
			       h->n_credentials + 1);
	if (grown == NULL)
		return -ENOMEM;
	h->credentials = grown;
	c = &grown[h->n_credentials];
	memset(c, 0, sizeof(*c));
	c->path = talloc_strdup(grown, path);
	c->username = cifsaf_secret_strdup(grown, username);
	c->password = cifsaf_secret_strdup(grown, password);
	c->password2 = cifsaf_secret_strdup(grown, password2);
	c->domain = cifsaf_secret_strdup(grown, domain);
	if (c->path == NULL || (username && !c->username) || (password && !c->password) ||
	    (password2 && !c->password2) || (domain && !c->domain))
		return -ENOMEM;
	h->n_credentials++;
	return 0;
}

/* One flag, and a ttl the configuration could have given. */
static bool cache_valid(unsigned flags, uint32_t ttl_s)
{
	return (flags == CIFSAF_CACHE_FLAG_STORE || flags == CIFSAF_CACHE_FLAG_FROM_CACHE) &&
	       ttl_s > 0 && ttl_s <= CIFSAF_CACHE_TTL_MAX_S;
}

/* A site the parent may keep: a DNS label, for a ttl the cache accepts. */
static bool site_valid(const char *site, uint32_t ttl_s)
{
	return cifsaf_site_name_valid(site) && ttl_s > 0 && cifsaf_cache_ttl_valid((long)ttl_s);
}

/* ------------------------------------------------------------- encoding */

/* Without a buffer the writer only measures: the message is written in a
 * buffer of exactly its size, since a secret buffer is zeroed whole. */
struct writer {
	uint8_t *buf;
	size_t len;
	int err;
};

static void put_record(struct writer *w, char tag, const void *value, size_t len)
{
	uint8_t *p;

	if (w->err < 0)
		return;
	if (len > CIFSAF_HANDOFF_STRING_MAX || w->len + HEADER_LEN + len > CIFSAF_HANDOFF_MAX) {
		w->err = -E2BIG;
		return;
	}
	if (w->buf == NULL) {
		w->len += HEADER_LEN + len;
		return;
	}
	p = w->buf + w->len;
	p[0] = (uint8_t)tag;
	p[1] = (uint8_t)(len >> 24);
	p[2] = (uint8_t)(len >> 16);
	p[3] = (uint8_t)(len >> 8);
	p[4] = (uint8_t)len;
	if (len > 0)
		memcpy(p + HEADER_LEN, value, len);
	w->len += HEADER_LEN + len;
}

static void put_string(struct writer *w, char tag, const char *s)
{
	if (s != NULL)
		put_record(w, tag, s, strlen(s));
}

static void put_candidate(struct writer *w, const struct cifsaf_candidate *c)
{
	uint8_t v[CANDIDATE_LEN];

	memset(v, 0, sizeof(v));
	if (c->family == AF_INET) {
		v[0] = 4;
		memcpy(v + 1, &c->addr.v4, sizeof(c->addr.v4));
	} else {
		v[0] = 6;
		memcpy(v + 1, &c->addr.v6, sizeof(c->addr.v6));
	}
	v[17] = (uint8_t)(c->scope_id >> 24);
	v[18] = (uint8_t)(c->scope_id >> 16);
	v[19] = (uint8_t)(c->scope_id >> 8);
	v[20] = (uint8_t)c->scope_id;
	put_record(w, TAG_CANDIDATE, v, sizeof(v));
}

static void put_all(struct writer *w, const struct cifsaf_handoff *h)
{
	uint8_t port[2], cache[CACHE_LEN];
	size_t i;

	put_string(w, TAG_PASSWORD, h->password);
	put_string(w, TAG_PASSWORD2, h->password2);
	for (i = 0; i < h->n_credentials; i++) {
		const struct cifsaf_handoff_credentials *c = &h->credentials[i];

		put_string(w, TAG_CRED_PATH, c->path);
		put_string(w, TAG_CRED_USERNAME, c->username);
		put_string(w, TAG_CRED_PASSWORD, c->password);
		put_string(w, TAG_CRED_PASSWORD2, c->password2);
		put_string(w, TAG_CRED_DOMAIN, c->domain);
	}
	put_string(w, TAG_PROMPTED, h->prompted);
	put_string(w, TAG_DEFAULT_USERNAME, h->default_username);
	for (i = 0; i < h->n_candidates; i++)
		put_candidate(w, &h->candidates[i]);
	if (h->port != 0) {
		port[0] = (uint8_t)(h->port >> 8);
		port[1] = (uint8_t)h->port;
		put_record(w, TAG_PORT, port, sizeof(port));
	}
	if (h->cache_flags != 0) {
		cache[0] = (uint8_t)h->cache_flags;
		cache[1] = (uint8_t)(h->cache_ttl_s >> 24);
		cache[2] = (uint8_t)(h->cache_ttl_s >> 16);
		cache[3] = (uint8_t)(h->cache_ttl_s >> 8);
		cache[4] = (uint8_t)h->cache_ttl_s;
		put_record(w, TAG_CACHE, cache, sizeof(cache));
	}
	if (h->site != NULL) {
		uint8_t site[4 + CIFSAF_SITE_NAME_SIZE];
		size_t n = strlen(h->site);

		site[0] = (uint8_t)(h->site_ttl_s >> 24);
		site[1] = (uint8_t)(h->site_ttl_s >> 16);
		site[2] = (uint8_t)(h->site_ttl_s >> 8);
		site[3] = (uint8_t)h->site_ttl_s;
		memcpy(site + 4, h->site, n < CIFSAF_SITE_NAME_SIZE ? n : CIFSAF_SITE_NAME_SIZE - 1);
		put_record(w, TAG_SITE, site, 4 + (n < CIFSAF_SITE_NAME_SIZE ? n : CIFSAF_SITE_NAME_SIZE - 1));
	}
	put_record(w, TAG_END, NULL, 0);
}

int cifsaf_handoff_encode(void *mem, const struct cifsaf_handoff *h, uint8_t **ret,
			  size_t *ret_len)
{
	struct writer w;

	if (h->n_candidates > CIFSAF_HANDOFF_CANDIDATES_MAX ||
	    h->n_credentials > CIFSAF_HANDOFF_CREDENTIALS_MAX)
		return -E2BIG;
	if ((h->cache_flags != 0 || h->cache_ttl_s != 0) &&
	    !cache_valid(h->cache_flags, h->cache_ttl_s))
		return -EINVAL;
	if (h->site != NULL && !site_valid(h->site, h->site_ttl_s))
		return -EINVAL;
	memset(&w, 0, sizeof(w));
	put_all(&w, h);		/* measure */
	if (w.err < 0)
		return w.err;
	w.buf = talloc_size(mem, w.len);
	if (w.buf == NULL)
		return -ENOMEM;
	cifsaf_secret_string((char *)w.buf);
	w.len = 0;
	put_all(&w, h);		/* write */
	*ret = w.buf;
	*ret_len = w.len;
	return 0;
}

/* ------------------------------------------------------------- decoding */

/* A string record: no NUL inside, within the limit, set only once. */
static int take_string(void *mem, char **slot, const uint8_t *value, size_t len)
{
	if (*slot != NULL || memchr(value, '\0', len) != NULL)
		return -EBADMSG;
	*slot = talloc_strndup(mem, (const char *)value, len);
	if (*slot == NULL)
		return -ENOMEM;
	cifsaf_secret_string(*slot);
	return 0;
}

static int take_candidate(struct cifsaf_handoff *h, const uint8_t *v, size_t len)
{
	static const uint8_t zero[12];
	struct cifsaf_candidate *c;

	if (len != CANDIDATE_LEN || h->n_candidates >= CIFSAF_HANDOFF_CANDIDATES_MAX)
		return -EBADMSG;
	c = &h->candidates[h->n_candidates];
	memset(c, 0, sizeof(*c));
	c->scope_id = (uint32_t)v[17] << 24 | (uint32_t)v[18] << 16 | (uint32_t)v[19] << 8 | v[20];
	if (v[0] == 4) {
		if (memcmp(v + 5, zero, sizeof(zero)) != 0 || c->scope_id != 0)
			return -EBADMSG;
		c->family = AF_INET;
		memcpy(&c->addr.v4, v + 1, sizeof(c->addr.v4));
	} else if (v[0] == 6) {
		c->family = AF_INET6;
		memcpy(&c->addr.v6, v + 1, sizeof(c->addr.v6));
		/* Only a link-local address may carry a scope. */
		if (c->scope_id != 0 && !cifsaf_candidate_is_link_local(c))
			return -EBADMSG;
	} else {
		return -EBADMSG;
	}
	h->n_candidates++;
	return 0;
}

static int take_record(struct cifsaf_handoff *h, uint8_t tag, const uint8_t *value, size_t len)
{
	struct cifsaf_handoff_credentials *c =
		h->n_credentials ? &h->credentials[h->n_credentials - 1] : NULL;
	char *path = NULL;
	int r;

	switch (tag) {
	case TAG_PASSWORD:
		return take_string(h, &h->password, value, len);
	case TAG_PASSWORD2:
		return take_string(h, &h->password2, value, len);
	case TAG_PROMPTED:
		return take_string(h, &h->prompted, value, len);
	case TAG_DEFAULT_USERNAME:
		return take_string(h, &h->default_username, value, len);
	case TAG_CRED_PATH:
		r = take_string(h, &path, value, len);
		if (r == 0)
			r = cifsaf_handoff_add_credentials(h, path, NULL, NULL, NULL, NULL);
		talloc_free(path);
		return r == -E2BIG ? -EBADMSG : r;
	case TAG_CRED_USERNAME:
		return c ? take_string(h->credentials, &c->username, value, len) : -EBADMSG;
	case TAG_CRED_PASSWORD:
		return c ? take_string(h->credentials, &c->password, value, len) : -EBADMSG;
	case TAG_CRED_PASSWORD2:
		return c ? take_string(h->credentials, &c->password2, value, len) : -EBADMSG;
	case TAG_CRED_DOMAIN:
		return c ? take_string(h->credentials, &c->domain, value, len) : -EBADMSG;
	case TAG_CANDIDATE:
		return take_candidate(h, value, len);
	case TAG_PORT:
		if (len != 2 || h->port != 0)
			return -EBADMSG;
		h->port = (uint16_t)(value[0] << 8 | value[1]);
		return h->port != 0 ? 0 : -EBADMSG;
	case TAG_CACHE:
		if (len != CACHE_LEN || h->cache_flags != 0)
			return -EBADMSG;
		h->cache_flags = value[0];
		h->cache_ttl_s = (uint32_t)value[1] << 24 | (uint32_t)value[2] << 16 |
				 (uint32_t)value[3] << 8 | value[4];
		return cache_valid(h->cache_flags, h->cache_ttl_s) ? 0 : -EBADMSG;
	case TAG_SITE:
		if (len < 5 || h->site != NULL)
			return -EBADMSG;
		h->site_ttl_s = (uint32_t)value[0] << 24 | (uint32_t)value[1] << 16 |
				(uint32_t)value[2] << 8 | value[3];
		r = take_string(h, &h->site, value + 4, len - 4);
		if (r < 0)
			return r;
		return site_valid(h->site, h->site_ttl_s) ? 0 : -EBADMSG;
	default:
		return -EBADMSG;
	}
}

int cifsaf_handoff_decode(void *mem, const uint8_t *buf, size_t len, struct cifsaf_handoff **ret)
{
	struct cifsaf_handoff *h;
	size_t pos = 0, value_len;
	bool ended = false;
	int r = 0;

	if (len > CIFSAF_HANDOFF_MAX)
		return -EBADMSG;
	h = talloc_zero(mem, struct cifsaf_handoff);
	if (h == NULL)
		return -ENOMEM;
	h->candidates = talloc_array(h, struct cifsaf_candidate, CIFSAF_HANDOFF_CANDIDATES_MAX);
	if (h->candidates == NULL) {
		talloc_free(h);
		return -ENOMEM;
	}
	while (r == 0 && !ended && pos < len) {
		if (len - pos < HEADER_LEN) {
			r = -EBADMSG;
			break;
		}
		value_len = (size_t)buf[pos + 1] << 24 | (size_t)buf[pos + 2] << 16 |
			    (size_t)buf[pos + 3] << 8 | buf[pos + 4];
		if (value_len > CIFSAF_HANDOFF_STRING_MAX || value_len > len - pos - HEADER_LEN) {
			r = -EBADMSG;
			break;
		}
		if (buf[pos] == TAG_END)
			ended = value_len == 0;
		else
			r = take_record(h, buf[pos], buf + pos + HEADER_LEN, value_len);
		pos += HEADER_LEN + value_len;
	}
	/* The end record must be there, and last: a cut message is refused. */
	if (r == 0 && (!ended || pos != len))
		r = -EBADMSG;
	/* The cache is about the winner: no candidate, no cache. */
	if (r == 0 && h->cache_flags != 0 && h->n_candidates == 0)
		r = -EBADMSG;
	if (r < 0) {
		talloc_free(h);
		return r;
	}
	*ret = h;
	return 0;
}
