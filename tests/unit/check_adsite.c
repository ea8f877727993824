/* Unit tests: resolver/adsite.c, the AD site step, driven by fake DNS and
 * UDP seams on a fake clock with the replies captured from dnsmasq and a
 * Samba AD DC (tests/unit/data), alone and inside cifsaf_decide. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/adsite.h"
#include "resolver/cldap.h"
#include "resolver/decide.h"

#define GLOBAL "_ldap._tcp.dc._msdcs.ad.test"
#define SITE2 "_ldap._tcp.Site2._sites.dc._msdcs.ad.test"
#define NEVER (-1)

struct fake_srv {
	const char *name;
	const uint8_t *msg;
	size_t len;
	int error;		/* returned instead of msg when set */
	int delay_ms;
};

struct fake_dc {
	const char *addr;
	const uint8_t *reply;
	size_t len;
	int after_ms;		/* NEVER: no reply */
};

struct fake_site {
	int64_t now;
	struct fake_srv srv[4];
	size_t n_srv;
	char asked[4][CIFSAF_DNS_NAME_SIZE];
	size_t n_asked;
	struct fake_dc dcs[8];
	size_t n_dcs;
	struct {
		size_t dc;	/* index into dcs, or n_dcs: no such DC */
		int64_t sent_at;
		bool delivered;
	} sent[CIFSAF_SITE_PINGS_MAX];
	size_t n_sent;
	bool closed;
};

static struct fake_site fs;

static int f_srv(void *ctx, const char *name, int timeout_ms, uint8_t *buf, size_t size)
{
	size_t i;

	(void)ctx;
	ck_assert_uint_lt(fs.n_asked, 4);
	snprintf(fs.asked[fs.n_asked++], CIFSAF_DNS_NAME_SIZE, "%s", name);
	for (i = 0; i < fs.n_srv; i++) {
		if (strcmp(fs.srv[i].name, name) != 0)
			continue;
		if (fs.srv[i].delay_ms > timeout_ms) {
			fs.now += timeout_ms;
			return -ETIMEDOUT;
		}
		fs.now += fs.srv[i].delay_ms;
		if (fs.srv[i].error)
			return fs.srv[i].error;
		ck_assert_uint_le(fs.srv[i].len, size);
		memcpy(buf, fs.srv[i].msg, fs.srv[i].len);
		return (int)fs.srv[i].len;
	}
	return -ENOENT;
}

static int f_send(void *ctx, size_t idx, const struct cifsaf_candidate *dc, const uint8_t *msg, size_t len)
{
	char text[CIFSAF_ADDRSTRLEN];
	size_t i;

	(void)ctx;
	(void)msg;
	ck_assert_uint_gt(len, 0);
	ck_assert_uint_eq(idx, fs.n_sent);
	ck_assert_int_gt(cifsaf_candidate_format(dc, text, sizeof(text)), 0);
	for (i = 0; i < fs.n_dcs && strcmp(fs.dcs[i].addr, text) != 0; i++)
		;
	fs.sent[idx].dc = i;
	fs.sent[idx].sent_at = fs.now;
	fs.sent[idx].delivered = false;
	fs.n_sent++;
	return 0;
}

static int f_wait(void *ctx, int timeout_ms, size_t *ret_idx, uint8_t *buf, size_t size, size_t *ret_len)
{
	int64_t best = -1, at;
	size_t i, pick = 0;
	const struct fake_dc *d;

	(void)ctx;
	for (i = 0; i < fs.n_sent; i++) {
		if (fs.sent[i].delivered || fs.sent[i].dc == fs.n_dcs)
			continue;
		d = &fs.dcs[fs.sent[i].dc];
		if (d->after_ms == NEVER)
			continue;
		at = fs.sent[i].sent_at + d->after_ms;
		if (best < 0 || at < best) {
			best = at;
			pick = i;
		}
	}
	if (best < 0 || best > fs.now + timeout_ms) {
		fs.now += timeout_ms;
		return 0;
	}
	if (best > fs.now)
		fs.now = best;
	d = &fs.dcs[fs.sent[pick].dc];
	fs.sent[pick].delivered = true;
	*ret_len = d->len < size ? d->len : size;
	memcpy(buf, d->reply, *ret_len);
	*ret_idx = pick;
	return 1;
}

static void f_close(void *ctx)
{
	(void)ctx;
	fs.closed = true;
}

static int64_t f_now(void *ctx)
{
	(void)ctx;
	return fs.now;
}

/* The captured replies answer message id 7. */
static uint32_t f_random(void *ctx)
{
	(void)ctx;
	return 7;
}

static const struct cifsaf_site_ops fake_site_ops = { f_srv, f_send, f_wait, f_close, f_now, f_random };

static uint8_t *data(const char *name, size_t *len)
{
	return testhelp_data(test_mem, name, len);
}

static void add_srv(const char *name, const char *file, int delay_ms)
{
	struct fake_srv *s = &fs.srv[fs.n_srv++];

	s->name = name;
	s->msg = data(file, &s->len);
	s->delay_ms = delay_ms;
}

static void add_dc(const char *addr, const char *file, int after_ms)
{
	struct fake_dc *d = &fs.dcs[fs.n_dcs++];

	d->addr = addr;
	d->reply = file ? data(file, &d->len) : NULL;
	d->after_ms = file ? after_ms : NEVER;
}

/* The domain as DNS and the DCs answer it when all is well. */
static void healthy_domain(void)
{
	add_srv(GLOBAL, "srv-dc.bin", 2);
	add_srv(SITE2, "srv-site2.bin", 2);
	add_dc("192.0.2.20", "cldap-dc1.bin", 5);
	add_dc("2001:db8:3:1::20", "cldap-dc1-v6.bin", 9);
	add_dc("198.51.100.20", "cldap-dc2.bin", 20);
	add_dc("2001:db8:2::20", "cldap-dc2.bin", 20);
}

static void setup(void)
{
	memset(&fs, 0, sizeof(fs));
	fs.now = 1000;
}

static struct cifsaf_candidate cands[4];

static void run(const char *cached, int budget, struct cifsaf_site_result *r)
{
	struct cifsaf_site_params p = { budget, cached };

	cands[0] = testhelp_addr("2001:db8:3:1::20");
	cands[1] = testhelp_addr("2001:db8:2::20");
	cands[2] = testhelp_addr("192.0.2.20");
	cands[3] = testhelp_addr("198.51.100.20");
	cifsaf_site_run("ad.test", cands, 4, &p, &fake_site_ops, NULL, r);
}

START_TEST(trigger_and_names)
{
	struct cifsaf_candidate c[3] = { testhelp_addr("192.0.2.1"), testhelp_addr("2001:db8::1"),
					 testhelp_addr("192.0.2.2") };
	char name[CIFSAF_DNS_NAME_SIZE], longname[260];

	ck_assert(!cifsaf_site_wanted(c, 2));
	ck_assert(cifsaf_site_wanted(c, 3));
	c[2] = testhelp_addr("2001:db8::2");
	ck_assert(cifsaf_site_wanted(c, 3));
	ck_assert(!cifsaf_site_wanted(c, 1));
	ck_assert_int_eq(cifsaf_site_srv_name("ad.test.", NULL, name), 0);
	ck_assert_str_eq(name, GLOBAL);
	ck_assert_int_eq(cifsaf_site_srv_name("ad.test", "Site2", name), 0);
	ck_assert_str_eq(name, SITE2);
	ck_assert_int_eq(cifsaf_site_srv_name("ad.test", "a.b", name), -EINVAL);
	ck_assert_int_eq(cifsaf_site_srv_name("ad.test", "", name), -EINVAL);
	ck_assert_int_eq(cifsaf_site_srv_name("ad test", NULL, name), -EINVAL);
	memset(longname, 'a', sizeof(longname));
	for (size_t i = 60; i < 250; i += 61)
		longname[i] = '.';
	longname[250] = '\0';
	ck_assert_int_eq(cifsaf_site_srv_name(longname, NULL, name), -ENAMETOOLONG);
	ck_assert(cifsaf_site_name_valid("Default-First-Site-Name"));
	ck_assert(!cifsaf_site_name_valid("-x"));
	ck_assert(!cifsaf_site_name_valid("a b"));
}
END_TEST

START_TEST(pings_go_out_at_once_and_the_first_reply_decides)
{
	struct cifsaf_site_result r;
	bool in[4];
	char text[512];
	size_t i;

	healthy_domain();
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_FOUND);
	ck_assert_str_eq(r.site, "Site2");
	ck_assert(r.learned && !r.from_cache && !r.timed_out);
	ck_assert_uint_eq(r.n_pings, 4);
	ck_assert_uint_eq(fs.n_sent, 4);
	for (i = 0; i < fs.n_sent; i++)		/* all at once, before any wait */
		ck_assert_int_eq(fs.sent[i].sent_at, fs.sent[0].sent_at);
	ck_assert(fs.closed);
	ck_assert_int_eq(r.pings[r.answered_by].ms, 5);
	ck_assert_int_eq(r.srv_ms, 2);
	ck_assert_int_eq(r.ping_ms, 5);
	ck_assert_int_eq(r.ms, 9);	/* 2 + 5 + 2: no wait for the slower DCs */
	ck_assert_uint_eq(fs.n_asked, 2);
	ck_assert_str_eq(fs.asked[1], SITE2);
	ck_assert_uint_eq(r.n_site_dcs, 2);
	ck_assert_uint_eq(cifsaf_site_mark(&r, cands, 4, in), 2);
	ck_assert(!in[0] && in[1] && !in[2] && in[3]);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "Site2 in 9 ms (192.0.2.20 answered the LDAP ping in 5 ms, 4 DCs pinged; "
			       "the site has 2 DC addresses)");
}
END_TEST

START_TEST(no_reply_costs_the_budget_and_no_more)
{
	struct cifsaf_site_result r;
	bool in[4];
	char text[512];

	add_srv(GLOBAL, "srv-dc.bin", 2);
	add_dc("192.0.2.20", NULL, 0);
	run(NULL, 300, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_NO_REPLY);
	ck_assert(r.timed_out);
	ck_assert_int_eq(r.ms, 300);
	ck_assert_uint_eq(r.n_pings, 4);
	ck_assert_uint_eq(cifsaf_site_mark(&r, cands, 4, in), 0);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "none in 300 ms: no LDAP ping reply from 4 DCs within 300 ms");
}
END_TEST

START_TEST(dns_answers_that_end_the_step)
{
	struct cifsaf_site_result r;
	char text[512];
	uint8_t *cut;

	/* no such name: not an AD domain */
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_NO_SRV);
	ck_assert_uint_eq(fs.n_sent, 0);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "none in 0 ms: no SRV record " GLOBAL " (not an AD domain)");
	/* a malformed answer: every truncation of the real one */
	setup();
	add_srv(GLOBAL, "srv-dc.bin", 1);
	cut = talloc_memdup(test_mem, fs.srv[0].msg, fs.srv[0].len);
	fs.srv[0].msg = cut;
	fs.srv[0].len -= 3;
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_SRV_FAILED);
	ck_assert_int_eq(r.error, -EBADMSG);
	ck_assert_uint_eq(fs.n_sent, 0);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "none in 1 ms: SRV " GLOBAL ": a malformed answer");
	/* DNS slower than the budget */
	setup();
	add_srv(GLOBAL, "srv-dc.bin", 900);
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_SRV_FAILED);
	ck_assert(r.timed_out);
	ck_assert_int_eq(r.ms, 500);
	/* the site's query fails */
	setup();
	healthy_domain();
	fs.srv[1].error = -EAGAIN;
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_SITE_SRV_FAILED);
	ck_assert_str_eq(r.site, "Site2");
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "none in 9 ms: SRV " SITE2 ": the DNS server failed or refused");
}
END_TEST

START_TEST(broken_replies_are_counted_and_passed_over)
{
	struct cifsaf_site_result r;
	char text[512];
	uint8_t *pause, *cut;
	size_t i;

	add_srv(GLOBAL, "srv-dc.bin", 0);
	add_srv(SITE2, "srv-site2.bin", 0);
	add_dc("192.0.2.20", "cldap-dc1.bin", 1);		/* truncated below */
	add_dc("2001:db8:3:1::20", "cldap-msgid-300.bin", 2);	/* another ping's id */
	add_dc("198.51.100.20", "cldap-dc2.bin", 3);		/* paused below */
	add_dc("2001:db8:2::20", "cldap-dc2.bin", 40);		/* the good one, late */
	cut = talloc_memdup(test_mem, fs.dcs[0].reply, fs.dcs[0].len);
	fs.dcs[0].reply = cut;
	fs.dcs[0].len = 60;
	pause = talloc_memdup(test_mem, fs.dcs[2].reply, fs.dcs[2].len);
	for (i = 2; i < fs.dcs[2].len; i++)
		if (pause[i] == CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX && pause[i - 2] == 0x04)
			break;
	pause[i] = CIFSAF_LOGON_SAM_PAUSE_RESPONSE_EX;
	fs.dcs[2].reply = pause;
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_FOUND);
	ck_assert_uint_eq(r.n_malformed, 1);
	ck_assert_uint_eq(r.n_paused, 1);
	ck_assert_int_eq(r.pings[1].outcome, 1);	/* still waited for */
	ck_assert_int_eq(r.pings[r.answered_by].ms, 40);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "Site2 in 40 ms (2001:db8:2::20 answered the LDAP ping in 40 ms, 4 DCs pinged; "
			       "1 malformed reply ignored, 1 paused; the site has 2 DC addresses)");
}
END_TEST

START_TEST(a_client_in_no_site)
{
	struct cifsaf_site_result r;

	add_srv(GLOBAL, "srv-dc.bin", 0);
	add_dc("192.0.2.20", "cldap-nosite.bin", 1);
	add_dc("2001:db8:3:1::20", "cldap-nosite.bin", 1);
	add_dc("198.51.100.20", "cldap-nosite.bin", 1);
	add_dc("2001:db8:2::20", "cldap-other-domain.bin", 1);
	run(NULL, 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_NO_CLIENT_SITE);
	ck_assert_uint_eq(r.n_empty, 3);
	ck_assert_uint_eq(r.n_refused, 1);
	ck_assert_int_eq(r.ms, 1);	/* every DC answered: no wait for the budget */
}
END_TEST

START_TEST(a_cached_site_needs_no_ping)
{
	struct cifsaf_site_result r;
	char text[512];

	healthy_domain();
	run("Site2", 500, &r);
	ck_assert_int_eq(r.state, CIFSAF_SITE_FOUND);
	ck_assert(r.from_cache && !r.learned);
	ck_assert_uint_eq(fs.n_asked, 1);
	ck_assert_str_eq(fs.asked[0], SITE2);
	ck_assert_uint_eq(fs.n_sent, 0);
	cifsaf_site_describe(&r, "ad.test", text, sizeof(text));
	ck_assert_str_eq(text, "Site2 in 2 ms (cached; the site has 2 DC addresses)");
}
END_TEST

START_TEST(without_additional_records_the_names_addresses_are_pinged)
{
	/* srv-dc.bin with ARCOUNT 0 and the additional section cut off */
	struct cifsaf_site_result r;
	struct cifsaf_srv_answer a;
	size_t len, end;
	uint8_t *m = data("srv-dc.bin", &len), *copy;

	ck_assert_int_eq(cifsaf_srv_parse(m, len, GLOBAL, &a), 0);
	/* each additional record: the target name (13 octets, or a 2-octet
	 * pointer), 10 fixed octets and 4 or 16 of address */
	end = len;
	for (size_t i = 0; i < a.n_addrs; i++)
		end -= 2 + 10 + (a.addrs[i].addr.family == AF_INET ? 4 : 16);
	copy = talloc_memdup(test_mem, m, end);
	copy[10] = copy[11] = 0;
	fs.srv[0].name = GLOBAL;
	fs.srv[0].msg = copy;
	fs.srv[0].len = end;
	fs.n_srv = 1;
	ck_assert_int_eq(cifsaf_srv_parse(copy, end, GLOBAL, &a), 0);
	ck_assert_uint_eq(a.n_addrs, 0);
	run(NULL, 100, &r);
	ck_assert_uint_eq(r.n_pings, 4);
	ck_assert(cifsaf_candidate_equal(&r.pings[0].dc, &cands[0]));
	ck_assert_int_eq(r.state, CIFSAF_SITE_NO_REPLY);
}
END_TEST

/* ------------------------------------------- the step inside a decision */

static const struct fake_host domain_hosts[] = {
	{ "ad.test", 0, { "2001:db8:3:1::20", "2001:db8:2::20", "192.0.2.20", "198.51.100.20", NULL } },
	{ "one.test", 0, { "2001:db8:3:1::20", "192.0.2.20", NULL } },
};
/* Every DC connects; the other site's a little sooner. */
static const struct fake_peer all_up[] = {
	{ "2001:db8:3:1::20", 1, 0 }, { "2001:db8:2::20", 30, 0 }, { "192.0.2.20", 1, 0 },
	{ "198.51.100.20", 30, 0 },
};

static int decide_with_site(const char *host, enum cifsaf_policy p, bool step, struct cifsaf_decision **d)
{
	static struct fake_dns dns;
	static struct fake_net net;
	struct cifsaf_decide_ops ops = { &fake_lookup_ops, &dns, &fake_net_fwd_ops, fake_net_ctx_new,
					 &fake_site_ops, NULL };
	struct cifsaf_decide_input in;

	fake_dns_init(&dns, domain_hosts, sizeof(domain_hosts) / sizeof(domain_hosts[0]));
	fake_net_init(&net, all_up, sizeof(all_up) / sizeof(all_up[0]));
	fake_net_current = &net;
	memset(&in, 0, sizeof(in));
	in.host = host;
	ck_assert_int_eq(cifsaf_kernel_parse("6.1.0", &in.kernel), 0);
	in.policy = p;
	in.policy_why = "test";
	in.port = 445;
	in.connect_delay_ms = 250;
	in.probe_timeout_ms = 2000;
	in.resolution_delay_ms = 5000;
	in.resolve_timeout_ms = 10000;
	in.site_step = step;
	in.site_budget_ms = 500;
	return cifsaf_decide(test_mem, &in, &ops, d);
}

static void addr_is(const struct cifsaf_candidate *c, const char *want)
{
	char text[CIFSAF_ADDRSTRLEN];

	ck_assert_int_gt(cifsaf_candidate_format(c, text, sizeof(text)), 0);
	ck_assert_str_eq(text, want);
}

START_TEST(decision_puts_the_sites_dcs_first)
{
	struct cifsaf_decision *d;

	healthy_domain();
	ck_assert_int_eq(decide_with_site("ad.test", CIFSAF_POLICY_HAPPY_EYEBALLS, true, &d), 0);
	ck_assert_int_eq(d->site.state, CIFSAF_SITE_FOUND);
	ck_assert_uint_eq(d->n_site_first, 2);
	ck_assert(d->site_moved);
	addr_is(&d->ordered[0], "2001:db8:2::20");
	addr_is(&d->ordered[1], "198.51.100.20");
	addr_is(&d->ordered[2], "2001:db8:3:1::20");
	/* the site's DC answers within the attempt delay: it wins, though
	 * the other DC would have connected sooner */
	addr_is(&d->mount_order[0], "2001:db8:2::20");
	talloc_free(d);
	/* off: the plain order, and nothing asked */
	setup();
	healthy_domain();
	ck_assert_int_eq(decide_with_site("ad.test", CIFSAF_POLICY_HAPPY_EYEBALLS, false, &d), 0);
	ck_assert_int_eq(d->site.state, CIFSAF_SITE_OFF);
	ck_assert_uint_eq(fs.n_asked, 0);
	addr_is(&d->mount_order[0], "2001:db8:3:1::20");
	talloc_free(d);
	/* one address of each family: the step never runs */
	setup();
	healthy_domain();
	ck_assert_int_eq(decide_with_site("one.test", CIFSAF_POLICY_HAPPY_EYEBALLS, true, &d), 0);
	ck_assert_int_eq(d->site.state, CIFSAF_SITE_NOT_RUN);
	ck_assert_uint_eq(fs.n_asked, 0);
	talloc_free(d);
	/* v4-only: the IPv6 DCs are left out before the trigger counts */
	setup();
	healthy_domain();
	ck_assert_int_eq(decide_with_site("ad.test", CIFSAF_POLICY_V4_ONLY, true, &d), 0);
	ck_assert_uint_eq(d->n_site_first, 1);
	addr_is(&d->mount_order[0], "198.51.100.20");
	talloc_free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("adsite");
	TCase *tc = testhelp_tcase("adsite");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, trigger_and_names);
	tcase_add_test(tc, pings_go_out_at_once_and_the_first_reply_decides);
	tcase_add_test(tc, no_reply_costs_the_budget_and_no_more);
	tcase_add_test(tc, dns_answers_that_end_the_step);
	tcase_add_test(tc, broken_replies_are_counted_and_passed_over);
	tcase_add_test(tc, a_client_in_no_site);
	tcase_add_test(tc, a_cached_site_needs_no_ping);
	tcase_add_test(tc, without_additional_records_the_names_addresses_are_pinged);
	tcase_add_test(tc, decision_puts_the_sites_dcs_first);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
