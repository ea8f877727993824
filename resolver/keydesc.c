/* keydesc.c: describe text and host names, checked (see keydesc.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "keydesc.h"

/* Decimal, no sign, no leading zero unless the number is 0, below 2^32. */
static int take_u32(const char *s, size_t len, uint32_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EBADMSG;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > 0xffffffffu)
		return -EBADMSG;
	*ret = (uint32_t)v;
	return 0;
}

/* Exactly eight hex digits, as the kernel prints the mask ("%08x"). */
static int take_perm(const char *s, size_t len, uint32_t *ret)
{
	uint32_t v = 0;
	size_t i;
	int d;

	if (len != 8)
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else
			return -EBADMSG;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

int cifsaf_keydesc_parse(const char *text, size_t len, struct cifsaf_keydesc *ret)
{
	const char *field[4], *p = text, *end = text + len, *semi;
	size_t flen[4], i;

	if (len > CIFSAF_KEY_DESCRIBE_MAX || memchr(text, '\0', len) != NULL)
		return -EBADMSG;
	for (i = 0; i < 4; i++) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			return -EBADMSG;
		field[i] = p;
		flen[i] = (size_t)(semi - p);
		p = semi + 1;
	}
	if (flen[0] == 0 || flen[0] > CIFSAF_KEY_TYPE_MAX)
		return -EBADMSG;
	for (i = 0; i < flen[0]; i++)
		if ((unsigned char)field[0][i] <= ' ' || (unsigned char)field[0][i] >= 0x7f)
			return -EBADMSG;
	memset(ret, 0, sizeof(*ret));
	memcpy(ret->type, field[0], flen[0]);
	if (take_u32(field[1], flen[1], &ret->uid) < 0 || take_u32(field[2], flen[2], &ret->gid) < 0 ||
	    take_perm(field[3], flen[3], &ret->perm) < 0)
		return -EBADMSG;
	ret->description = p;
	ret->description_len = (size_t)(end - p);
	return 0;
}

bool cifsaf_keydesc_others_may_write(const struct cifsaf_keydesc *k)
{
	const uint32_t risky = CIFSAF_KEY_WRITE | CIFSAF_KEY_SETATTR | CIFSAF_KEY_LINK;

	return k->uid != 0 || (k->perm & (CIFSAF_KEY_GROUP(risky) | CIFSAF_KEY_OTHER(risky))) != 0;
}

static bool label_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_';
}

bool cifsaf_hostname_valid(const char *name, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > CIFSAF_HOSTNAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		if (name[i] == '.') {
			/* an empty label ("a..b"), or one ending in '-' */
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!label_char(name[i]) || (label == 0 && name[i] == '-'))
			return false;
		if (++label > CIFSAF_HOSTNAME_LABEL_MAX)
			return false;
	}
	return label == 0 || name[len - 1] != '-';
}
