/* dnsname.c: bounded reading of compressed DNS names (see dnsname.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "dnsname.h"

static bool label_byte(uint8_t c)
{
	return c > 0x20 && c < 0x7f && c != '.' && c != '\\';
}

int cifsaf_dns_name_read(const uint8_t *msg, size_t len, size_t *pos, char ret[CIFSAF_DNS_NAME_SIZE])
{
	size_t at = *pos, end = 0, out = 0, wire = 0, n;
	/* Every pointer must point before the label it stands for, so the
	 * position read from strictly decreases at each jump: the expansion
	 * ends after at most len jumps.  limit is that bound. */
	size_t limit = at;
	bool jumped = false;
	uint8_t c;

	ret[0] = '\0';
	for (;;) {
		if (at >= len)
			return -EBADMSG;
		c = msg[at];
		if ((c & 0xc0) == 0xc0) {
			size_t target;

			if (at + 1 >= len)
				return -EBADMSG;
			target = ((size_t)(c & 0x3f) << 8) | msg[at + 1];
			if (target >= limit)
				return -EBADMSG;
			if (!jumped)
				end = at + 2;
			jumped = true;
			limit = target;
			at = target;
			continue;
		}
		if (c & 0xc0)		/* 0x40 and 0x80: reserved, RFC 6891 */
			return -EBADMSG;
		n = c;
		wire += n + 1;
		if (wire > CIFSAF_DNS_WIRE_MAX)
			return -EBADMSG;
		if (n == 0)
			break;
		if (at + 1 + n > len)
			return -EBADMSG;
		/* wire <= 255 keeps out below CIFSAF_DNS_NAME_SIZE: each label
		 * adds n bytes of text and at most one dot for n + 1 octets. */
		if (out > 0)
			ret[out++] = '.';
		for (size_t i = 0; i < n; i++) {
			if (!label_byte(msg[at + 1 + i]))
				return -EBADMSG;
			ret[out++] = (char)msg[at + 1 + i];
		}
		at += 1 + n;
		if (!jumped)
			limit = at;
	}
	ret[out] = '\0';
	*pos = jumped ? end : at + 1;
	return 0;
}

int cifsaf_dns_name_skip(const uint8_t *msg, size_t len, size_t *pos)
{
	char name[CIFSAF_DNS_NAME_SIZE];

	return cifsaf_dns_name_read(msg, len, pos, name);
}

int cifsaf_dns_name_encode(const char *name, uint8_t *buf, size_t size)
{
	size_t len = strlen(name), at = 0, i = 0, n;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len > CIFSAF_DNS_NAME_MAX || (len > 0 && name[len - 1] == '.'))
		return -EINVAL;
	while (i < len) {
		for (n = 0; i + n < len && name[i + n] != '.'; n++)
			;
		if (n == 0 || n > CIFSAF_DNS_LABEL_MAX)
			return -EINVAL;
		if (at + 1 + n > size)
			return -ENOSPC;
		buf[at] = (uint8_t)n;
		memcpy(buf + at + 1, name + i, n);
		at += 1 + n;
		i += n + 1;
	}
	if (at + 1 > size)
		return -ENOSPC;
	buf[at++] = 0;
	return (int)at;
}

bool cifsaf_dns_name_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > 0 && a[la - 1] == '.')
		la--;
	if (lb > 0 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}
