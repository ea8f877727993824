/* srv.c: the SRV answer and its additional A/AAAA records (see srv.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "srv.h"

#define DNS_HEADER 12
#define DNS_RR_FIXED 10		/* type, class, ttl, rdlength */
#define TYPE_A 1
#define TYPE_AAAA 28
#define TYPE_SRV 33
#define CLASS_IN 1
#define RCODE_NXDOMAIN 3

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

struct rr {
	char owner[CIFSAF_DNS_NAME_SIZE];
	uint16_t type, class_;
	size_t rdata, rdlength;		/* offset of the RDATA in the message */
};

/* One resource record at *pos; *pos is moved past it. */
static int read_rr(const uint8_t *msg, size_t len, size_t *pos, struct rr *rr)
{
	int r = cifsaf_dns_name_read(msg, len, pos, rr->owner);

	if (r < 0)
		return r;
	if (len - *pos < DNS_RR_FIXED)
		return -EBADMSG;
	rr->type = get16(msg + *pos);
	rr->class_ = get16(msg + *pos + 2);
	rr->rdlength = get16(msg + *pos + 8);
	rr->rdata = *pos + DNS_RR_FIXED;
	if (len - rr->rdata < rr->rdlength)
		return -EBADMSG;
	*pos = rr->rdata + rr->rdlength;
	return 0;
}

static int take_srv(const uint8_t *msg, const struct rr *rr, struct cifsaf_srv_answer *ret)
{
	struct cifsaf_srv_target t;
	size_t end = rr->rdata + rr->rdlength, at = rr->rdata + 6;
	int r;

	if (rr->rdlength < 7)
		return -EBADMSG;
	t.priority = get16(msg + rr->rdata);
	t.weight = get16(msg + rr->rdata + 2);
	t.port = get16(msg + rr->rdata + 4);
	/* RFC 2782 forbids compressing the target, but servers do; the name
	 * may point anywhere before it, it must only end where the record
	 * does.  Reading stops at end, so the record cannot lend bytes from
	 * the next one. */
	r = cifsaf_dns_name_read(msg, end, &at, t.name);
	if (r < 0)
		return r;
	if (at != end)
		return -EBADMSG;
	if (t.name[0] == '\0')
		return 0;	/* "." : no such service here */
	if (ret->n_targets == CIFSAF_SRV_TARGETS_MAX) {
		ret->n_targets_dropped++;
		return 0;
	}
	ret->targets[ret->n_targets++] = t;
	return 0;
}

static int take_addr(const uint8_t *msg, const struct rr *rr, struct cifsaf_srv_answer *ret)
{
	struct cifsaf_srv_addr a;
	size_t i;

	memset(&a, 0, sizeof(a));
	if (rr->type == TYPE_A) {
		if (rr->rdlength != 4)
			return -EBADMSG;
		a.addr.family = AF_INET;
		memcpy(&a.addr.addr.v4, msg + rr->rdata, 4);
	} else {
		if (rr->rdlength != 16)
			return -EBADMSG;
		a.addr.family = AF_INET6;
		memcpy(&a.addr.addr.v6, msg + rr->rdata, 16);
	}
	memcpy(a.owner, rr->owner, sizeof(a.owner));
	for (i = 0; i < ret->n_addrs; i++)
		if (cifsaf_dns_name_equal(ret->addrs[i].owner, a.owner) &&
		    cifsaf_candidate_equal(&ret->addrs[i].addr, &a.addr))
			return 0;
	if (ret->n_addrs == CIFSAF_SRV_ADDRS_MAX) {
		ret->n_addrs_dropped++;
		return 0;
	}
	ret->addrs[ret->n_addrs++] = a;
	return 0;
}

int cifsaf_srv_parse(const uint8_t *msg, size_t len, const char *qname, struct cifsaf_srv_answer *ret)
{
	char question[CIFSAF_DNS_NAME_SIZE];
	unsigned qd, an, ns, ar, i;
	size_t pos = DNS_HEADER;
	struct rr rr;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len < DNS_HEADER || len > CIFSAF_DNS_MESSAGE_MAX)
		return -EBADMSG;
	/* QR set, opcode 0 (QUERY) */
	if ((msg[2] & 0x80) == 0 || (msg[2] & 0x78) != 0)
		return -EBADMSG;
	ret->truncated = (msg[2] & 0x02) != 0;
	qd = get16(msg + 4);
	an = get16(msg + 6);
	ns = get16(msg + 8);
	ar = get16(msg + 10);
	if (qd != 1)
		return -EBADMSG;
	r = cifsaf_dns_name_read(msg, len, &pos, question);
	if (r < 0)
		return r;
	if (len - pos < 4 || get16(msg + pos) != TYPE_SRV || get16(msg + pos + 2) != CLASS_IN ||
	    !cifsaf_dns_name_equal(question, qname))
		return -EBADMSG;
	pos += 4;
	switch (msg[3] & 0x0f) {
	case 0:
		break;
	case RCODE_NXDOMAIN:
		return -ENOENT;
	default:
		return -EPROTO;
	}
	for (i = 0; i < an; i++) {
		r = read_rr(msg, len, &pos, &rr);
		if (r < 0)
			return r;
		if (rr.type == TYPE_SRV && rr.class_ == CLASS_IN && cifsaf_dns_name_equal(rr.owner, qname)) {
			r = take_srv(msg, &rr, ret);
			if (r < 0)
				return r;
		}
	}
	for (i = 0; i < ns; i++) {
		r = read_rr(msg, len, &pos, &rr);
		if (r < 0)
			return r;
	}
	for (i = 0; i < ar; i++) {
		r = read_rr(msg, len, &pos, &rr);
		if (r < 0)
			return r;
		if ((rr.type == TYPE_A || rr.type == TYPE_AAAA) && rr.class_ == CLASS_IN) {
			r = take_addr(msg, &rr, ret);
			if (r < 0)
				return r;
		}
	}
	/* A truncated answer may stop mid-record (and then failed above);
	 * a whole one has nothing after its last record. */
	return pos == len ? 0 : -EBADMSG;
}

size_t cifsaf_srv_addrs_of(const struct cifsaf_srv_answer *a, const char *target,
			   struct cifsaf_candidate *out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < a->n_addrs && k < max; i++)
		if (cifsaf_dns_name_equal(a->addrs[i].owner, target))
			out[k++] = a->addrs[i].addr;
	return k;
}
