/* Unit tests: resolver/dnsname.c and resolver/srv.c, on answers captured
 * from dnsmasq serving the test domain (tests/unit/data/capture.sh) and on
 * hand-made malformed ones. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/dnsname.h"
#include "resolver/srv.h"

#define QNAME "_ldap._tcp.dc._msdcs.ad.test"

static void addr_is(const struct cifsaf_candidate *c, const char *text)
{
	char buf[CIFSAF_ADDRSTRLEN];

	ck_assert_int_gt(cifsaf_candidate_format(c, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, text);
}

START_TEST(names_expand_with_compression)
{
	/* "ad.test" at 0, "dc1" + pointer to 0 at 9, a pointer to 9 at 15 */
	static const uint8_t m[] = { 2, 'a', 'd', 4, 't', 'e', 's', 't', 0,
				     3, 'd', 'c', '1', 0xc0, 0, 0xc0, 9 };
	char name[CIFSAF_DNS_NAME_SIZE];
	size_t pos = 0;

	ck_assert_int_eq(cifsaf_dns_name_read(m, sizeof(m), &pos, name), 0);
	ck_assert_str_eq(name, "ad.test");
	ck_assert_uint_eq(pos, 9);
	ck_assert_int_eq(cifsaf_dns_name_read(m, sizeof(m), &pos, name), 0);
	ck_assert_str_eq(name, "dc1.ad.test");
	ck_assert_uint_eq(pos, 15);
	ck_assert_int_eq(cifsaf_dns_name_read(m, sizeof(m), &pos, name), 0);
	ck_assert_str_eq(name, "dc1.ad.test");
	ck_assert_uint_eq(pos, 17);
	pos = 8;
	ck_assert_int_eq(cifsaf_dns_name_read(m, sizeof(m), &pos, name), 0);
	ck_assert_str_eq(name, "");
}
END_TEST

START_TEST(names_refuse_loops_and_overruns)
{
	static const uint8_t self[] = { 0xc0, 0 };		/* points at itself */
	static const uint8_t fwd[] = { 0xc0, 2, 0 };		/* points forward */
	static const uint8_t loop[] = { 1, 'a', 0xc0, 0 };	/* back into its own labels */
	static const uint8_t cut[] = { 5, 'a', 'b' };		/* label past the end */
	static const uint8_t half[] = { 1, 'a', 0xc0 };		/* half a pointer */
	static const uint8_t ext[] = { 0x41, 0 };		/* label type 0x40 */
	static const uint8_t r80[] = { 0x80, 0 };		/* label type 0x80 */
	static const uint8_t dot[] = { 3, 'a', '.', 'b', 0 };	/* a dot in a label */
	static const uint8_t nul[] = { 3, 'a', 0, 'b', 0 };	/* a NUL in a label */
	static const uint8_t blank[] = { 3, 'a', ' ', 'b', 0 };
	static const uint8_t noend[] = { 1, 'a' };		/* no root label */
	const struct { const uint8_t *m; size_t n; size_t at; } bad[] = {
		{ self, sizeof(self), 0 }, { fwd, sizeof(fwd), 0 }, { loop, sizeof(loop), 0 },
		{ cut, sizeof(cut), 0 }, { half, sizeof(half), 0 }, { ext, sizeof(ext), 0 },
		{ r80, sizeof(r80), 0 }, { dot, sizeof(dot), 0 }, { nul, sizeof(nul), 0 },
		{ blank, sizeof(blank), 0 }, { noend, sizeof(noend), 0 }, { noend, 0, 0 },
	};
	uint8_t longname[300];
	char name[CIFSAF_DNS_NAME_SIZE];
	size_t i, pos;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pos = bad[i].at;
		ck_assert_msg(cifsaf_dns_name_read(bad[i].m, bad[i].n, &pos, name) == -EBADMSG, "case %zu", i);
	}
	/* 4 labels of 63 and one of 2: 4*64 + 3 + 1 = 260 octets > 255 */
	for (i = 0; i < 4; i++) {
		longname[i * 64] = 63;
		memset(longname + i * 64 + 1, 'a', 63);
	}
	longname[256] = 2;
	longname[257] = 'b';
	longname[258] = 'c';
	longname[259] = 0;
	pos = 0;
	ck_assert_int_eq(cifsaf_dns_name_read(longname, 260, &pos, name), -EBADMSG);
	/* 3 labels of 63 and one of 61: exactly 255 octets, 253 characters */
	longname[192] = 61;
	longname[192 + 62] = 0;
	pos = 0;
	ck_assert_int_eq(cifsaf_dns_name_read(longname, 255, &pos, name), 0);
	ck_assert_uint_eq(strlen(name), 253);
	ck_assert_uint_eq(pos, 255);
}
END_TEST

START_TEST(names_encode)
{
	uint8_t buf[300];
	char name[CIFSAF_DNS_NAME_SIZE];
	size_t pos = 0;
	int n;

	n = cifsaf_dns_name_encode("_ldap._tcp.ad.test.", buf, sizeof(buf));
	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(cifsaf_dns_name_read(buf, (size_t)n, &pos, name), 0);
	ck_assert_str_eq(name, "_ldap._tcp.ad.test");
	ck_assert_int_eq(cifsaf_dns_name_encode("", buf, sizeof(buf)), 1);
	ck_assert_int_eq(cifsaf_dns_name_encode("a..b", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_dns_name_encode(".a", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_dns_name_encode("a..", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_dns_name_encode("ad.test", buf, 8), -ENOSPC);
	ck_assert_int_eq(cifsaf_dns_name_encode("ad.test", buf, 9), 9);
	ck_assert(cifsaf_dns_name_equal("AD.test.", "ad.TEST"));
	ck_assert(!cifsaf_dns_name_equal("ad.test", "ad.tes"));
}
END_TEST

START_TEST(srv_answer_from_dnsmasq)
{
	struct cifsaf_srv_answer a;
	struct cifsaf_candidate c[4];
	size_t len, i;
	uint8_t *m = testhelp_data(test_mem, "srv-dc.bin", &len);
	bool dc1 = false, dc2 = false;

	ck_assert_int_eq(cifsaf_srv_parse(m, len, QNAME, &a), 0);
	ck_assert(!a.truncated);
	ck_assert_uint_eq(a.n_targets, 2);
	for (i = 0; i < a.n_targets; i++) {
		ck_assert_uint_eq(a.targets[i].port, 389);
		ck_assert_uint_eq(a.targets[i].weight, 100);
		dc1 |= strcmp(a.targets[i].name, "dc1.ad.test") == 0;
		dc2 |= strcmp(a.targets[i].name, "dc2.ad.test") == 0;
	}
	ck_assert(dc1 && dc2);
	ck_assert_uint_eq(a.n_addrs, 4);
	ck_assert_uint_eq(cifsaf_srv_addrs_of(&a, "DC2.ad.test.", c, 4), 2);
	addr_is(&c[0], "198.51.100.20");
	addr_is(&c[1], "2001:db8:2::20");
	ck_assert_uint_eq(cifsaf_srv_addrs_of(&a, "dc1.ad.test", c, 1), 1);
	addr_is(&c[0], "192.0.2.20");
	/* the question must be the one asked */
	ck_assert_int_eq(cifsaf_srv_parse(m, len, "_ldap._tcp.dc._msdcs.ad.tes", &a), -EBADMSG);
}
END_TEST

START_TEST(srv_site_answer_and_refusal)
{
	struct cifsaf_srv_answer a;
	size_t len;
	uint8_t *m = testhelp_data(test_mem, "srv-site2.bin", &len);

	ck_assert_int_eq(cifsaf_srv_parse(m, len, "_ldap._tcp.site2._sites.dc._msdcs.ad.test", &a), 0);
	ck_assert_uint_eq(a.n_targets, 1);
	ck_assert_str_eq(a.targets[0].name, "dc2.ad.test");
	ck_assert_uint_eq(a.n_addrs, 2);
	{
		struct cifsaf_candidate c[2];

		/* dnsmasq's order of the additional records varies */
		ck_assert_uint_eq(cifsaf_srv_addrs_of(&a, "dc2.ad.test", c, 2), 2);
		ck_assert(c[0].family != c[1].family);
		addr_is(c[0].family == AF_INET ? &c[0] : &c[1], "198.51.100.20");
		addr_is(c[0].family == AF_INET6 ? &c[0] : &c[1], "2001:db8:2::20");
	}
	/* dnsmasq without the name and without an upstream: REFUSED */
	m = testhelp_data(test_mem, "srv-none.bin", &len);
	ck_assert_int_eq(cifsaf_srv_parse(m, len, "_ldap._tcp.dc._msdcs.fs.test", &a), -EPROTO);
	m[3] = (uint8_t)((m[3] & 0xf0) | 3);
	ck_assert_int_eq(cifsaf_srv_parse(m, len, "_ldap._tcp.dc._msdcs.fs.test", &a), -ENOENT);
	m[3] &= 0xf0;
	ck_assert_int_eq(cifsaf_srv_parse(m, len, "_ldap._tcp.dc._msdcs.fs.test", &a), 0);
	ck_assert_uint_eq(a.n_targets, 0);
}
END_TEST

/* Every truncation of a real answer is refused, never read past. */
START_TEST(srv_every_truncation_is_refused)
{
	struct cifsaf_srv_answer a;
	size_t len, n;
	uint8_t *m = testhelp_data(test_mem, "srv-dc.bin", &len);
	uint8_t *copy;

	for (n = 0; n < len; n++) {
		copy = talloc_memdup(test_mem, m, n ? n : 1);
		ck_assert_msg(cifsaf_srv_parse(copy, n, QNAME, &a) == -EBADMSG, "%zu bytes", n);
		talloc_free(copy);
	}
}
END_TEST

/* A hand-made answer: header, question, then the records given. */
static size_t make_answer(uint8_t *m, unsigned an, unsigned ar, const uint8_t *rrs, size_t n)
{
	int q;

	memset(m, 0, 12);
	m[2] = 0x85;
	m[3] = 0x80;
	m[5] = 1;
	m[7] = (uint8_t)an;
	m[11] = (uint8_t)ar;
	q = cifsaf_dns_name_encode(QNAME, m + 12, 255);
	ck_assert_int_gt(q, 0);
	memcpy(m + 12 + q, "\0\x21\0\x01", 4);
	memcpy(m + 16 + q, rrs, n);
	return 16 + (size_t)q + n;
}

START_TEST(srv_malformed_records)
{
	/* owner: pointer to the question (offset 12) */
	static const uint8_t srv_ok[] = { 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 11,
					  0, 0, 0, 100, 1, 0x85, 3, 'd', 'c', '1', 0 };
	static const uint8_t srv_short_rdlen[] = { 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 10,
						   0, 0, 0, 100, 1, 0x85, 3, 'd', 'c', '1', 0 };
	static const uint8_t srv_long_rdlen[] = { 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 12,
						  0, 0, 0, 100, 1, 0x85, 3, 'd', 'c', '1', 0, 0 };
	static const uint8_t srv_past_end[] = { 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 40,
						0, 0, 0, 100, 1, 0x85, 3, 'd', 'c', '1', 0 };
	static const uint8_t a_of_5[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 192, 0, 2, 1, 1 };
	static const uint8_t aaaa_of_4[] = { 0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 };
	static const uint8_t a_ok[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 };
	static const uint8_t target_root[] = { 0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 7,
					       0, 0, 0, 0, 0, 0, 0 };
	uint8_t m[1200], rrs[800];
	struct cifsaf_srv_answer a;
	size_t n, i;

	n = make_answer(m, 1, 0, srv_ok, sizeof(srv_ok));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_targets, 1);
	ck_assert_str_eq(a.targets[0].name, "dc1");
	ck_assert_uint_eq(a.targets[0].port, 389);
	n = make_answer(m, 1, 0, srv_short_rdlen, sizeof(srv_short_rdlen));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 1, 0, srv_long_rdlen, sizeof(srv_long_rdlen));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 1, 0, srv_past_end, sizeof(srv_past_end));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 2, 0, srv_ok, sizeof(srv_ok));	/* a count with no record */
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 0, 1, a_of_5, sizeof(a_of_5));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 0, 1, aaaa_of_4, sizeof(aaaa_of_4));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	n = make_answer(m, 0, 1, a_ok, sizeof(a_ok));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_addrs, 1);
	n = make_answer(m, 1, 0, target_root, sizeof(target_root));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_targets, 0);
	/* bytes after the last record */
	n = make_answer(m, 0, 1, a_ok, sizeof(a_ok));
	m[n++] = 0;
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	/* not a response; two questions */
	n = make_answer(m, 0, 1, a_ok, sizeof(a_ok));
	m[2] &= 0x7f;
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	m[2] |= 0x80;
	m[5] = 2;
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), -EBADMSG);
	/* more records than fit: counted, not written */
	for (i = 0; i < 20; i++) {
		memcpy(rrs + i * sizeof(srv_ok), srv_ok, sizeof(srv_ok));
		rrs[i * sizeof(srv_ok) + 21] = (uint8_t)('a' + i);
	}
	n = make_answer(m, 20, 0, rrs, 20 * sizeof(srv_ok));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_targets, CIFSAF_SRV_TARGETS_MAX);
	ck_assert_uint_eq(a.n_targets_dropped, 20 - CIFSAF_SRV_TARGETS_MAX);
	for (i = 0; i < 34; i++) {
		memcpy(rrs + i * sizeof(a_ok), a_ok, sizeof(a_ok));
		rrs[i * sizeof(a_ok) + 15] = (uint8_t)i;
	}
	n = make_answer(m, 0, 34, rrs, 34 * sizeof(a_ok));
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_addrs, CIFSAF_SRV_ADDRS_MAX);
	ck_assert_uint_eq(a.n_addrs_dropped, 34 - CIFSAF_SRV_ADDRS_MAX);
	/* the same address twice is kept once */
	n = make_answer(m, 0, 2, rrs, sizeof(a_ok));
	memcpy(m + n, rrs, sizeof(a_ok));
	n += sizeof(a_ok);
	ck_assert_int_eq(cifsaf_srv_parse(m, n, QNAME, &a), 0);
	ck_assert_uint_eq(a.n_addrs, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("srv");
	TCase *tc = testhelp_tcase("srv");

	tcase_add_test(tc, names_expand_with_compression);
	tcase_add_test(tc, names_refuse_loops_and_overruns);
	tcase_add_test(tc, names_encode);
	tcase_add_test(tc, srv_answer_from_dnsmasq);
	tcase_add_test(tc, srv_site_answer_and_refusal);
	tcase_add_test(tc, srv_every_truncation_is_refused);
	tcase_add_test(tc, srv_malformed_records);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
