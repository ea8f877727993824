/* mountopts.c: option parsing and kernel option assembly (pure). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "compat/compat.h"
#include "mountopts.h"

static int zero_on_free(char *s)
{
	cifsaf_memzero(s, talloc_get_size(s));
	return 0;
}

void cifsaf_secret_string(char *s)
{
	if (s != NULL)
		talloc_set_destructor(s, zero_on_free);
}

static bool key_is(const char *tok, size_t keylen, const char *key)
{
	return strlen(key) == keylen && strncmp(tok, key, keylen) == 0;
}

static int set_secret(void *mem, char **slot, const char *value, size_t len, const char *name,
		      char **ret_why)
{
	if (*slot != NULL)	/* cifs-utils keeps the first one */
		return 0;
	if (len > CIFSAF_PASSWORD_MAX) {
		*ret_why = talloc_asprintf(mem, "%s is longer than %d bytes", name,
					   CIFSAF_PASSWORD_MAX);
		return -EINVAL;
	}
	*slot = talloc_strndup(mem, value, len);
	if (*slot == NULL)
		return -ENOMEM;
	cifsaf_secret_string(*slot);
	return 0;
}

static int parse_port(void *mem, const char *value, size_t len, uint16_t *ret, char **ret_why)
{
	char buf[8], *end;
	unsigned long v;

	if (len == 0 || len >= sizeof(buf))
		goto bad;
	memcpy(buf, value, len);
	buf[len] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		goto bad;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		goto bad;
	*ret = (uint16_t)v;
	return 0;
bad:
	*ret_why = talloc_asprintf(mem, "port=%.*s is not a port number (1-65535)", (int)len, value);
	return -EINVAL;
}

static int parse_token(struct cifsaf_mount_options *o, const char *tok, size_t len, char **ret_why)
{
	const char *eq = memchr(tok, '=', len);
	size_t keylen = eq ? (size_t)(eq - tok) : len;
	const char *value = eq ? eq + 1 : NULL;
	size_t vlen = eq ? len - keylen - 1 : 0;
	char *copy;
	int r;

	if (key_is(tok, keylen, "pass") || key_is(tok, keylen, "password"))
		return set_secret(o, &o->password, value ? value : "", vlen, "password", ret_why);
	if (key_is(tok, keylen, "pass2") || key_is(tok, keylen, "password2"))
		return set_secret(o, &o->password2, value ? value : "", vlen, "password2", ret_why);
	if (key_is(tok, keylen, "sloppy") && value == NULL) {
		o->sloppy = true;
		return 0;
	}
	if (key_is(tok, keylen, "af")) {
		copy = talloc_strndup(o, value ? value : "", vlen);
		if (copy == NULL)
			return -ENOMEM;
		r = cifsaf_policy_from_name(copy, &o->policy);
		if (r < 0) {
			*ret_why = talloc_asprintf(o, "af=%s: unknown policy (expected system, v4-only, "
						   "v6-only, v4-preferred, v6-preferred or happy-eyeballs)",
						   copy);
			talloc_free(copy);
			return r;
		}
		talloc_free(copy);
		o->have_policy = true;
		return 0;
	}
	if (key_is(tok, keylen, "ip") || key_is(tok, keylen, "addr")) {
		if (vlen == 0) {
			*ret_why = talloc_asprintf(o, "%.*s= needs an address", (int)keylen, tok);
			return -EINVAL;
		}
		talloc_free(o->ip);
		o->ip = talloc_strndup(o, value, vlen);
		return o->ip ? 0 : -ENOMEM;
	}
	if (key_is(tok, keylen, "port")) {
		r = parse_port(o, value ? value : "", vlen, &o->port, ret_why);
		if (r < 0)
			return r;
	}
	copy = talloc_strndup(o, tok, len);
	if (copy == NULL)
		return -ENOMEM;
	o->passthrough = talloc_realloc(o, o->passthrough, char *, o->n_passthrough + 1);
	if (o->passthrough == NULL)
		return -ENOMEM;
	o->passthrough[o->n_passthrough++] = copy;
	return 0;
}

int cifsaf_mount_options_parse(void *mem, const char *optstr, struct cifsaf_mount_options **ret,
			       char **ret_why)
{
	struct cifsaf_mount_options *o;
	const char *p = optstr ? optstr : "";
	int r;

	*ret_why = NULL;
	if (strlen(p) > CIFSAF_KERNEL_OPTIONS_MAX) {
		*ret_why = talloc_asprintf(mem, "option string longer than %d bytes",
					   CIFSAF_KERNEL_OPTIONS_MAX);
		return -E2BIG;
	}
	o = talloc_zero(mem, struct cifsaf_mount_options);
	if (o == NULL)
		return -ENOMEM;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len > 0) {
			r = parse_token(o, p, len, ret_why);
			if (r < 0) {
				if (*ret_why != NULL)
					*ret_why = talloc_steal(mem, *ret_why);
				talloc_free(o);
				return r;
			}
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*ret = o;
	return 0;
}

/* A bounded writer for the kernel option string: any overflow sets err and
 * the result is refused, never truncated. */
struct optbuf {
	char *buf;
	size_t pos;
	int err;
};

static void put_chars(struct optbuf *b, const char *s, bool double_commas)
{
	for (; *s != '\0' && b->err == 0; s++) {
		size_t need = (double_commas && *s == ',') ? 2 : 1;

		if (b->pos + need > CIFSAF_KERNEL_OPTIONS_MAX) {
			b->err = -E2BIG;
			return;
		}
		b->buf[b->pos++] = *s;
		if (need == 2)
			b->buf[b->pos++] = ',';
	}
}

/* Append [","]key[value]; commas in value doubled when it is a password
 * (the kernel reads ",," as a literal comma in pass=). */
static void put_option(struct optbuf *b, const char *key, const char *value, bool double_commas)
{
	if (b->pos > 0)
		put_chars(b, ",", false);
	put_chars(b, key, false);
	if (value != NULL)
		put_chars(b, value, double_commas);
}

int cifsaf_mount_options_kernel_string(void *mem, const struct cifsaf_mount_options *o,
				       const char *ip, const char *unc, const char *prefix,
				       bool mask_secrets, char **ret)
{
	struct optbuf b;
	size_t i;

	b.buf = talloc_zero_size(mem, CIFSAF_KERNEL_OPTIONS_MAX + 1);
	if (b.buf == NULL)
		return -ENOMEM;
	cifsaf_secret_string(b.buf);
	b.pos = 0;
	b.err = 0;

	put_option(&b, "ip=", ip, false);
	put_option(&b, "unc=", unc, false);
	for (i = 0; i < o->n_passthrough; i++)
		put_option(&b, o->passthrough[i], NULL, false);
	if (prefix != NULL && *prefix != '\0')
		put_option(&b, "prefixpath=", prefix, false);
	if (o->sloppy)
		put_option(&b, "sloppy", NULL, false);
	if (o->password != NULL)
		put_option(&b, "pass=", mask_secrets ? CIFSAF_MASKED_SECRET : o->password, true);
	if (o->password2 != NULL)
		put_option(&b, "password2=", mask_secrets ? CIFSAF_MASKED_SECRET : o->password2,
			   true);
	if (b.err < 0) {
		talloc_free(b.buf);
		return b.err;
	}
	b.buf[b.pos] = '\0';
	*ret = b.buf;
	return 0;
}
