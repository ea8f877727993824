/* kernelopts.c: the option string given to mount(2), assembled in
 * cifs-utils 7.5's order, bounded, with secrets zeroed when freed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "mountopts.h"
#include "program/secret.h"
#include "resolver/decide.h"

uint16_t cifsaf_mount_options_server_port(const struct cifsaf_mount_options *o)
{
	return o->port ? o->port : CIFSAF_DEFAULT_PORT;
}

unsigned long cifsaf_mount_options_mount_flags(const struct cifsaf_mount_options *o)
{
	return o->flags & ~(CIFSAF_MS_USER | CIFSAF_MS_USERS);
}

bool cifsaf_mount_options_sends_password(const struct cifsaf_mount_options *o)
{
	return !o->guest && !o->sec_none && !o->sec_krb5;
}

/* A bounded writer: any overflow sets err and the result is refused, never
 * truncated. */
struct optbuf {
	char *buf;
	size_t pos;
	int err;
};

static void put(struct optbuf *b, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = value ? strlen(value) : 0;
	size_t need = (b->pos > 0 ? 1 : 0) + klen + vlen;

	if (b->err < 0)
		return;
	if (b->pos + need > CIFSAF_KERNEL_OPTIONS_MAX) {
		b->err = -E2BIG;
		return;
	}
	if (b->pos > 0)
		b->buf[b->pos++] = ',';
	memcpy(b->buf + b->pos, key, klen);
	b->pos += klen;
	if (vlen > 0)
		memcpy(b->buf + b->pos, value, vlen);
	b->pos += vlen;
}

static void put_id(struct optbuf *b, const char *key, const struct cifsaf_numeric_id *id)
{
	char num[24];

	if (!id->set)
		return;
	snprintf(num, sizeof(num), "%lu", id->value);
	put(b, key, num);
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

	put(&b, "ip=", ip);
	put(&b, "unc=", unc);
	for (i = 0; i < o->n_passthrough; i++)
		put(&b, o->passthrough[i], NULL);
	put_id(&b, "uid=", &o->uid);
	put_id(&b, "cruid=", &o->cruid);
	put_id(&b, "gid=", &o->gid);
	put_id(&b, "backupuid=", &o->backupuid);
	put_id(&b, "backupgid=", &o->backupgid);
	if (o->snapshot != NULL)
		put(&b, "snapshot=", o->snapshot);
	put(&b, "user=", o->username ? o->username : "");
	if (o->domain != NULL)
		put(&b, "domain=", o->domain);
	if (prefix != NULL && *prefix != '\0')
		put(&b, "prefixpath=", prefix);
	if (o->sloppy)
		put(&b, "sloppy", NULL);
	if (cifsaf_mount_options_sends_password(o)) {
		if (o->password != NULL)
			put(&b, "pass=", mask_secrets ? CIFSAF_MASKED_SECRET : o->password);
		if (o->password2 != NULL)
			put(&b, "password2=", mask_secrets ? CIFSAF_MASKED_SECRET : o->password2);
	}
	if (b.err < 0) {
		talloc_free(b.buf);
		return b.err;
	}
	*ret = b.buf;
	return 0;
}
