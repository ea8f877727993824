/* cldap.c: the LDAP ping's request and reply (see cldap.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "cldap.h"
#include "keydesc.h"

#define BER_BOOLEAN 0x01
#define BER_INTEGER 0x02
#define BER_OCTET_STRING 0x04
#define BER_ENUMERATED 0x0a
#define BER_SEQUENCE 0x30
#define BER_SET 0x31
#define LDAP_SEARCH_REQUEST 0x63	/* [APPLICATION 3], constructed */
#define LDAP_SEARCH_RES_ENTRY 0x64	/* [APPLICATION 4] */
#define LDAP_SEARCH_RES_DONE 0x65	/* [APPLICATION 5] */
#define LDAP_FILTER_AND 0xa0		/* [0] */
#define LDAP_FILTER_EQUALITY 0xa3	/* [3] */

/* ------------------------------------------------------------ building */

struct ber_out {
	uint8_t *buf;
	size_t size, at;
	int error;
};

static void put(struct ber_out *o, const void *p, size_t n)
{
	if (o->error == 0 && o->size - o->at < n)
		o->error = -ENOSPC;
	if (o->error != 0)
		return;
	memcpy(o->buf + o->at, p, n);
	o->at += n;
}

static void put_header(struct ber_out *o, uint8_t tag, size_t len)
{
	uint8_t h[4];
	size_t n = 0;

	h[n++] = tag;
	if (len < 0x80) {
		h[n++] = (uint8_t)len;
	} else if (len < 0x100) {
		h[n++] = 0x81;
		h[n++] = (uint8_t)len;
	} else {
		h[n++] = 0x82;
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	}
	put(o, h, n);
}

static void put_tlv(struct ber_out *o, uint8_t tag, const void *p, size_t n)
{
	put_header(o, tag, n);
	put(o, p, n);
}

/* An element whose content is what inner holds. */
static void put_wrapped(struct ber_out *o, uint8_t tag, const struct ber_out *inner)
{
	if (inner->error != 0 && o->error == 0)
		o->error = inner->error;
	put_tlv(o, tag, inner->buf, inner->at);
}

static void put_equality(struct ber_out *o, const char *attr, const void *value, size_t n)
{
	uint8_t tmp[CIFSAF_CLDAP_REQUEST_MAX];
	struct ber_out in = { tmp, sizeof(tmp), 0, 0 };

	put_tlv(&in, BER_OCTET_STRING, attr, strlen(attr));
	put_tlv(&in, BER_OCTET_STRING, value, n);
	put_wrapped(o, LDAP_FILTER_EQUALITY, &in);
}

int cifsaf_cldap_request(uint32_t msgid, const char *domain, uint8_t *buf, size_t size)
{
	static const uint8_t zero = 0;
	const uint8_t ntver[4] = {
		CIFSAF_NETLOGON_NT_VERSION & 0xff, (CIFSAF_NETLOGON_NT_VERSION >> 8) & 0xff,
		(CIFSAF_NETLOGON_NT_VERSION >> 16) & 0xff, CIFSAF_NETLOGON_NT_VERSION >> 24,
	};
	uint8_t filter_buf[CIFSAF_CLDAP_REQUEST_MAX], and_buf[CIFSAF_CLDAP_REQUEST_MAX];
	uint8_t attrs_buf[32], search_buf[CIFSAF_CLDAP_REQUEST_MAX], msg_buf[CIFSAF_CLDAP_REQUEST_MAX];
	struct ber_out items = { and_buf, sizeof(and_buf), 0, 0 };
	struct ber_out filter = { filter_buf, sizeof(filter_buf), 0, 0 };
	struct ber_out attrs = { attrs_buf, sizeof(attrs_buf), 0, 0 };
	struct ber_out search = { search_buf, sizeof(search_buf), 0, 0 };
	struct ber_out msg = { msg_buf, sizeof(msg_buf), 0, 0 };
	struct ber_out out = { buf, size, 0, 0 };
	uint8_t id[5];
	size_t n_id = 0, dlen = strlen(domain);
	int shift;

	if (msgid == 0 || msgid > 0x7fffffffu || !cifsaf_hostname_valid(domain, dlen))
		return -EINVAL;
	if (domain[dlen - 1] == '.')
		dlen--;
	/* The shortest two's complement form of a positive INTEGER. */
	for (shift = 24; shift > 0 && ((msgid >> shift) & 0xff) == 0; shift -= 8)
		;
	if ((msgid >> shift) & 0x80)
		id[n_id++] = 0;
	for (; shift >= 0; shift -= 8)
		id[n_id++] = (uint8_t)(msgid >> shift);

	put_equality(&items, "DnsDomain", domain, dlen);
	put_equality(&items, "NtVer", ntver, sizeof(ntver));
	put_wrapped(&filter, LDAP_FILTER_AND, &items);
	put_tlv(&attrs, BER_OCTET_STRING, "NetLogon", 8);

	put_tlv(&search, BER_OCTET_STRING, "", 0);	/* baseObject: the rootDSE */
	put_tlv(&search, BER_ENUMERATED, &zero, 1);	/* scope: baseObject */
	put_tlv(&search, BER_ENUMERATED, &zero, 1);	/* derefAliases: never */
	put_tlv(&search, BER_INTEGER, &zero, 1);	/* sizeLimit */
	put_tlv(&search, BER_INTEGER, &zero, 1);	/* timeLimit */
	put_tlv(&search, BER_BOOLEAN, &zero, 1);	/* typesOnly: FALSE */
	put(&search, filter.buf, filter.at);
	if (filter.error != 0)
		search.error = filter.error;
	put_wrapped(&search, BER_SEQUENCE, &attrs);

	put_tlv(&msg, BER_INTEGER, id, n_id);
	put_wrapped(&msg, LDAP_SEARCH_REQUEST, &search);
	put_wrapped(&out, BER_SEQUENCE, &msg);
	return out.error != 0 ? out.error : (int)out.at;
}

/* ------------------------------------------------------------- reading */

/* A BER element: tag, and its content as [start, start + len) of the
 * datagram.  Read only from inside a parent element's content, so a
 * length can never reach past what contains it. */
struct ber_elem {
	uint8_t tag;
	size_t start, len;
};

/* The element at *pos inside [*pos, end) of msg; *pos moves past it. */
static int ber_next(const uint8_t *msg, size_t *pos, size_t end, struct ber_elem *e)
{
	size_t at = *pos, len, n, i;

	if (end - at < 2)
		return -EBADMSG;
	e->tag = msg[at++];
	if ((e->tag & 0x1f) == 0x1f)	/* multi-byte tags: nothing LDAP sends here */
		return -EBADMSG;
	len = msg[at++];
	if (len & 0x80) {
		n = len & 0x7f;
		/* 0x80 is the indefinite form, which LDAP forbids (RFC 4511
		 * 5.1); more than four octets is more than any datagram. */
		if (n == 0 || n > 4 || end - at < n)
			return -EBADMSG;
		for (len = 0, i = 0; i < n; i++)
			len = (len << 8) | msg[at++];
	}
	if (end - at < len)
		return -EBADMSG;
	e->start = at;
	e->len = len;
	*pos = at + len;
	return 0;
}

static int ber_expect(const uint8_t *msg, size_t *pos, size_t end, uint8_t tag, struct ber_elem *e)
{
	int r = ber_next(msg, pos, end, e);

	if (r < 0)
		return r;
	return e->tag == tag ? 0 : -EBADMSG;
}

/* messageID: INTEGER (0 .. 2^31-1), RFC 4511 4.1.1.1. */
static int ber_msgid(const uint8_t *msg, const struct ber_elem *e, uint32_t *ret)
{
	uint32_t v = 0;
	size_t i;

	if (e->len == 0 || e->len > 5 || (msg[e->start] & 0x80))
		return -EBADMSG;
	if (e->len == 5 && msg[e->start] != 0)
		return -EBADMSG;
	for (i = 0; i < e->len; i++)
		v = (v << 8) | msg[e->start + i];
	if (v > 0x7fffffffu)
		return -EBADMSG;
	*ret = v;
	return 0;
}

/* The first value of attribute netLogon among a searchResEntry's
 * PartialAttributeList ([start, end) of msg). */
static int find_netlogon(const uint8_t *msg, size_t pos, size_t end, struct ber_elem *ret)
{
	struct ber_elem attr, type, vals;
	size_t in_attr, in_vals;
	int r;

	while (pos < end) {
		r = ber_expect(msg, &pos, end, BER_SEQUENCE, &attr);
		if (r < 0)
			return r;
		in_attr = attr.start;
		r = ber_expect(msg, &in_attr, attr.start + attr.len, BER_OCTET_STRING, &type);
		if (r == 0)
			r = ber_expect(msg, &in_attr, attr.start + attr.len, BER_SET, &vals);
		if (r < 0)
			return r;
		if (type.len != 8 || strncasecmp((const char *)msg + type.start, "netlogon", 8) != 0)
			continue;
		in_vals = vals.start;
		return ber_expect(msg, &in_vals, vals.start + vals.len, BER_OCTET_STRING, ret);
	}
	return -EBADMSG;
}

int cifsaf_cldap_parse(const uint8_t *msg, size_t len, uint32_t msgid, struct cifsaf_netlogon *ret)
{
	struct ber_elem top, id, op, name, attrs, value;
	size_t pos = 0, in_top, in_op;
	uint32_t got;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len > CIFSAF_CLDAP_REPLY_MAX)
		return -EBADMSG;
	r = ber_expect(msg, &pos, len, BER_SEQUENCE, &top);
	if (r < 0)
		return r;
	in_top = top.start;
	r = ber_expect(msg, &in_top, top.start + top.len, BER_INTEGER, &id);
	if (r == 0)
		r = ber_msgid(msg, &id, &got);
	if (r < 0)
		return r;
	if (got != msgid)
		return -ESRCH;
	r = ber_next(msg, &in_top, top.start + top.len, &op);
	if (r < 0)
		return r;
	if (op.tag == LDAP_SEARCH_RES_DONE)
		return -ENOENT;
	if (op.tag != LDAP_SEARCH_RES_ENTRY)
		return -EBADMSG;
	in_op = op.start;
	r = ber_expect(msg, &in_op, op.start + op.len, BER_OCTET_STRING, &name);
	if (r == 0)
		r = ber_expect(msg, &in_op, op.start + op.len, BER_SEQUENCE, &attrs);
	if (r == 0)
		r = find_netlogon(msg, attrs.start, attrs.start + attrs.len, &value);
	if (r < 0)
		return r;
	return cifsaf_netlogon_parse(msg + value.start, value.len, ret);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* [MS-ADTS] 6.3.1.9: Opcode (2), Sbz (2), Flags (4), DomainGuid (16), then
 * eight compressed names; NtVersion, LmNtToken and Lm20Token close it
 * (DcSockAddr and NextClosestSiteName come only when asked for, and the
 * request does not ask). */
#define NETLOGON_FIXED 24
#define NETLOGON_TRAILER 8

int cifsaf_netlogon_parse(const uint8_t *blob, size_t len, struct cifsaf_netlogon *ret)
{
	char *const names[] = {
		ret->dns_forest, ret->dns_domain, ret->dns_host, ret->netbios_domain,
		ret->netbios_host, ret->user, ret->dc_site, ret->client_site,
	};
	size_t pos = NETLOGON_FIXED, i;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len < NETLOGON_FIXED)
		return -EBADMSG;
	ret->opcode = (uint16_t)(blob[0] | (blob[1] << 8));
	ret->flags = get_le32(blob + 4);
	if (ret->opcode == CIFSAF_LOGON_SAM_PAUSE_RESPONSE_EX)
		return -EAGAIN;
	if (ret->opcode != CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX &&
	    ret->opcode != CIFSAF_LOGON_SAM_USER_UNKNOWN_EX)
		return -EBADMSG;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		r = cifsaf_dns_name_read(blob, len, &pos, names[i]);
		if (r < 0)
			return r;
	}
	if (len - pos == NETLOGON_TRAILER)
		ret->nt_version = get_le32(blob + pos);
	return 0;
}
