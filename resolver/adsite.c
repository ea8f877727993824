/* adsite.c: the AD site step (see adsite.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "adsite.h"
#include "cldap.h"
#include "keydesc.h"

/* glibc's res_query answers in a buffer of this size (RFC 6891's common
 * UDP payload); a longer answer over TCP is cut and then refused. */
#define SRV_ANSWER_MAX 8192

bool cifsaf_site_wanted(const struct cifsaf_candidate *c, size_t n)
{
	size_t i, v4 = 0, v6 = 0;

	for (i = 0; i < n; i++) {
		if (c[i].family == AF_INET)
			v4++;
		else
			v6++;
	}
	return v4 >= 2 || v6 >= 2;
}

int cifsaf_site_srv_name(const char *domain, const char *site, char buf[CIFSAF_DNS_NAME_SIZE])
{
	size_t len = strlen(domain);
	int n;

	if (!cifsaf_hostname_valid(domain, len) || (site != NULL && !cifsaf_site_name_valid(site)))
		return -EINVAL;
	if (domain[len - 1] == '.')
		len--;
	if (site != NULL)
		n = snprintf(buf, CIFSAF_DNS_NAME_SIZE, "_ldap._tcp.%s._sites.dc._msdcs.%.*s", site,
			     (int)len, domain);
	else
		n = snprintf(buf, CIFSAF_DNS_NAME_SIZE, "_ldap._tcp.dc._msdcs.%.*s", (int)len, domain);
	return n < 0 || n >= CIFSAF_DNS_NAME_SIZE ? -ENAMETOOLONG : 0;
}

static int left_ms(const struct cifsaf_site_ops *ops, void *ctx, int64_t deadline)
{
	int64_t left = deadline - ops->now_ms(ctx);

	return left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* One SRV query and its answer.  Returns 0, or -errno (-ENOENT: no such
 * name or no record, -EBADMSG: malformed, -ETIMEDOUT: no time left). */
static int srv_lookup(const char *name, int64_t deadline, const struct cifsaf_site_ops *ops, void *ctx,
		      struct cifsaf_srv_answer *ans)
{
	uint8_t buf[SRV_ANSWER_MAX];
	int timeout = left_ms(ops, ctx, deadline), n, r;

	memset(ans, 0, sizeof(*ans));
	if (timeout == 0)
		return -ETIMEDOUT;
	n = ops->srv_query(ctx, name, timeout, buf, sizeof(buf));
	if (n == -ENODATA)
		return -ENOENT;
	if (n < 0)
		return n;
	if ((size_t)n > sizeof(buf))
		return -EBADMSG;
	r = cifsaf_srv_parse(buf, (size_t)n, name, ans);
	if (r == 0 && ans->n_targets == 0)
		return -ENOENT;
	return r;
}

static bool have(const struct cifsaf_candidate *list, size_t n, const struct cifsaf_candidate *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cifsaf_candidate_equal(&list[i], c))
			return true;
	return false;
}

static void add_ping(struct cifsaf_site_result *ret, const struct cifsaf_candidate *dc)
{
	size_t i;

	if (ret->n_pings == CIFSAF_SITE_PINGS_MAX)
		return;
	for (i = 0; i < ret->n_pings; i++)
		if (cifsaf_candidate_equal(&ret->pings[i].dc, dc))
			return;
	ret->pings[ret->n_pings].dc = *dc;
	ret->pings[ret->n_pings].dc.scope_id = 0;
	ret->n_pings++;
}

/* A reply from ping idx: classify it; 1 when it names the client's site. */
static int take_reply(struct cifsaf_site_result *ret, size_t idx, const uint8_t *buf, size_t len,
		      int64_t ms)
{
	struct cifsaf_site_ping *p = &ret->pings[idx];
	struct cifsaf_netlogon nl;
	int r;

	if (p->outcome != 1)
		return 0;	/* a second datagram from the same DC */
	if (len == 0) {
		/* the socket's error: ICMP port unreachable, no LDAP there */
		p->outcome = -ECONNREFUSED;
		p->ms = ms;
		ret->n_unreachable++;
		return 0;
	}
	r = cifsaf_cldap_parse(buf, len, p->msgid, &nl);
	if (r == -ESRCH)
		return 0;	/* not the answer to this ping: keep waiting for it */
	p->outcome = r;
	p->ms = ms;
	switch (r) {
	case 0:
		break;
	case -EAGAIN:
		ret->n_paused++;
		return 0;
	case -ENOENT:
		ret->n_refused++;
		return 0;
	default:
		ret->n_malformed++;
		return 0;
	}
	memcpy(p->client_site, nl.client_site, sizeof(p->client_site));
	if (!cifsaf_site_name_valid(nl.client_site)) {
		/* "": the client's address is in no subnet of any site; a
		 * name DNS cannot carry counts as malformed. */
		if (nl.client_site[0] == '\0')
			ret->n_empty++;
		else
			ret->n_malformed++;
		return 0;
	}
	memcpy(ret->site, nl.client_site, strlen(nl.client_site) + 1);
	ret->answered_by = idx;
	return 1;
}

/* Ping every DC at once; wait for the first reply naming the site. */
static void ping_all(const char *domain, int64_t deadline, const struct cifsaf_site_ops *ops, void *ctx,
		     struct cifsaf_site_result *ret)
{
	uint8_t req[CIFSAF_CLDAP_REQUEST_MAX], buf[CIFSAF_CLDAP_REPLY_MAX + 1];
	size_t i, idx, len, pending = 0;
	int64_t t0 = ops->now_ms(ctx);
	int n, r, timeout;

	for (i = 0; i < ret->n_pings; i++) {
		struct cifsaf_site_ping *p = &ret->pings[i];

		p->msgid = (ops->random(ctx) & 0x7fffffffu) | 1u;
		n = cifsaf_cldap_request(p->msgid, domain, req, sizeof(req));
		r = n < 0 ? n : ops->ping_send(ctx, i, &p->dc, req, (size_t)n);
		p->outcome = r < 0 ? r : 1;
		if (r == 0)
			pending++;
	}
	while (pending > 0) {
		timeout = left_ms(ops, ctx, deadline);
		if (timeout == 0) {
			ret->timed_out = true;
			break;
		}
		r = ops->ping_wait(ctx, timeout, &idx, buf, sizeof(buf), &len);
		if (r < 0)
			break;
		if (r == 0)
			continue;	/* the deadline is checked above */
		if (idx >= ret->n_pings)
			continue;
		if (take_reply(ret, idx, buf, len, ops->now_ms(ctx) - t0) == 1)
			break;
		if (ret->pings[idx].outcome != 1)
			pending--;
	}
	ops->ping_close(ctx);
	ret->ping_ms = ops->now_ms(ctx) - t0;
}

/* The site's DCs: the site answer's additional records, and the global
 * answer's records for the site answer's targets (a server may leave the
 * additional section out when it already sent those addresses). */
static void collect_site_dcs(const struct cifsaf_srv_answer *site, const struct cifsaf_srv_answer *global,
			     struct cifsaf_site_result *ret)
{
	struct cifsaf_candidate found[CIFSAF_SRV_ADDRS_MAX];
	size_t i, j, k;

	for (i = 0; i < site->n_addrs && ret->n_site_dcs < CIFSAF_SRV_ADDRS_MAX; i++)
		if (!have(ret->site_dcs, ret->n_site_dcs, &site->addrs[i].addr))
			ret->site_dcs[ret->n_site_dcs++] = site->addrs[i].addr;
	for (i = 0; i < site->n_targets; i++) {
		k = cifsaf_srv_addrs_of(global, site->targets[i].name, found, CIFSAF_SRV_ADDRS_MAX);
		for (j = 0; j < k && ret->n_site_dcs < CIFSAF_SRV_ADDRS_MAX; j++)
			if (!have(ret->site_dcs, ret->n_site_dcs, &found[j]))
				ret->site_dcs[ret->n_site_dcs++] = found[j];
	}
}

void cifsaf_site_run(const char *domain, const struct cifsaf_candidate *c, size_t n,
		     const struct cifsaf_site_params *p, const struct cifsaf_site_ops *ops, void *ctx,
		     struct cifsaf_site_result *ret)
{
	static const struct cifsaf_srv_answer none;
	struct cifsaf_srv_answer global, site;
	char name[CIFSAF_DNS_NAME_SIZE];
	int64_t t0, t, deadline;
	size_t i;
	int r;

	memset(ret, 0, sizeof(*ret));
	ret->budget_ms = p->budget_ms;
	t0 = ops->now_ms(ctx);
	deadline = t0 + p->budget_ms;
	memset(&global, 0, sizeof(global));
	if (p->cached_site != NULL && cifsaf_site_name_valid(p->cached_site)) {
		memcpy(ret->site, p->cached_site, strlen(p->cached_site) + 1);
		ret->from_cache = true;
	} else {
		r = cifsaf_site_srv_name(domain, NULL, name);
		if (r == 0)
			r = srv_lookup(name, deadline, ops, ctx, &global);
		ret->srv_ms = ops->now_ms(ctx) - t0;
		if (r < 0) {
			ret->state = r == -ENOENT ? CIFSAF_SITE_NO_SRV : CIFSAF_SITE_SRV_FAILED;
			ret->error = r;
			ret->timed_out = r == -ETIMEDOUT;
			goto out;
		}
		for (i = 0; i < global.n_addrs; i++)
			add_ping(ret, &global.addrs[i].addr);
		if (ret->n_pings == 0)
			for (i = 0; i < n; i++)
				add_ping(ret, &c[i]);
		if (ret->n_pings == 0) {
			ret->state = CIFSAF_SITE_NO_DCS;
			goto out;
		}
		ping_all(domain, deadline, ops, ctx, ret);
		if (ret->site[0] == '\0') {
			ret->state = ret->n_empty > 0 ? CIFSAF_SITE_NO_CLIENT_SITE : CIFSAF_SITE_NO_REPLY;
			goto out;
		}
		ret->learned = true;
	}
	t = ops->now_ms(ctx);
	r = cifsaf_site_srv_name(domain, ret->site, name);
	if (r == 0)
		r = srv_lookup(name, deadline, ops, ctx, &site);
	ret->site_srv_ms = ops->now_ms(ctx) - t;
	if (r < 0) {
		ret->state = CIFSAF_SITE_SITE_SRV_FAILED;
		ret->error = r;
		ret->timed_out = r == -ETIMEDOUT;
		goto out;
	}
	collect_site_dcs(&site, ret->from_cache ? &none : &global, ret);
	ret->state = CIFSAF_SITE_FOUND;
out:
	ret->ms = ops->now_ms(ctx) - t0;
}

size_t cifsaf_site_mark(const struct cifsaf_site_result *s, const struct cifsaf_candidate *c, size_t n,
			bool *in_site)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		in_site[i] = s->state == CIFSAF_SITE_FOUND && have(s->site_dcs, s->n_site_dcs, &c[i]);
		k += in_site[i];
	}
	return k;
}

/* "N malformed, N paused, ..." for the replies that did not help. */
static void replies_text(const struct cifsaf_site_result *s, char *buf, size_t size)
{
	size_t at = 0;
	int n;

	buf[0] = '\0';
#define PART(count, what)                                                                         \
	if ((count) > 0 && at < size) {                                                           \
		n = snprintf(buf + at, size - at, "%s%zu %s", at ? ", " : "; ", (size_t)(count), what); \
		at += n > 0 ? (size_t)n : 0;                                                      \
	}
	PART(s->n_malformed, s->n_malformed == 1 ? "malformed reply ignored" : "malformed replies ignored");
	PART(s->n_paused, "paused");
	PART(s->n_refused, "not a DC of the domain");
	PART(s->n_unreachable, "unreachable");
#undef PART
}

void cifsaf_site_describe(const struct cifsaf_site_result *s, const char *domain, char *buf, size_t size)
{
	char name[CIFSAF_DNS_NAME_SIZE], extra[128], who[CIFSAF_ADDRSTRLEN] = "?";
	const char *err = s->error == -EBADMSG ? "a malformed answer" :
			  s->error == -ETIMEDOUT ? "no answer within the budget" :
			  s->error == -EAGAIN ? "the DNS server failed or refused" : strerror(-s->error);
	long long ms = (long long)s->ms;

	replies_text(s, extra, sizeof(extra));
	if (s->n_pings > 0 && cifsaf_candidate_format(&s->pings[s->answered_by].dc, who, sizeof(who)) < 0)
		who[0] = '\0';
	if (cifsaf_site_srv_name(domain, s->state == CIFSAF_SITE_SITE_SRV_FAILED ? s->site : NULL, name) < 0)
		snprintf(name, sizeof(name), "%s", domain);
	switch (s->state) {
	case CIFSAF_SITE_NOT_RUN:
		snprintf(buf, size, "not needed (fewer than two addresses of each family)");
		break;
	case CIFSAF_SITE_OFF:
		snprintf(buf, size, "not looked for (ad-site 0)");
		break;
	case CIFSAF_SITE_NO_SRV:
		snprintf(buf, size, "none in %lld ms: no SRV record %s (not an AD domain)", ms, name);
		break;
	case CIFSAF_SITE_SRV_FAILED:
	case CIFSAF_SITE_SITE_SRV_FAILED:
		snprintf(buf, size, "none in %lld ms: SRV %s: %s", ms, name, err);
		break;
	case CIFSAF_SITE_NO_DCS:
		snprintf(buf, size, "none in %lld ms: no DC address to ping", ms);
		break;
	case CIFSAF_SITE_NO_REPLY:
		snprintf(buf, size, "none in %lld ms: no LDAP ping reply from %zu DC%s within %d ms%s", ms,
			 s->n_pings, s->n_pings == 1 ? "" : "s", s->budget_ms, extra);
		break;
	case CIFSAF_SITE_NO_CLIENT_SITE:
		snprintf(buf, size, "none in %lld ms: the DCs put this client's address in no site%s", ms,
			 extra);
		break;
	case CIFSAF_SITE_FOUND:
		if (s->from_cache)
			snprintf(buf, size, "%s in %lld ms (cached; the site has %zu DC address%s)", s->site, ms,
				 s->n_site_dcs, s->n_site_dcs == 1 ? "" : "es");
		else
			snprintf(buf, size, "%s in %lld ms (%s answered the LDAP ping in %lld ms, %zu DC%s "
				 "pinged%s; the site has %zu DC address%s)", s->site, ms, who,
				 (long long)s->pings[s->answered_by].ms, s->n_pings,
				 s->n_pings == 1 ? "" : "s", extra, s->n_site_dcs,
				 s->n_site_dcs == 1 ? "" : "es");
		break;
	}
}
