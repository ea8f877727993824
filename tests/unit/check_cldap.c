/* Unit tests: resolver/cldap.c, the LDAP ping's request and the DC's
 * NetLogon reply, on replies captured from a Samba AD DC
 * (tests/unit/data/capture.sh) and on hand-made malformed ones. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/cldap.h"

static uint8_t *data(const char *name, size_t *len)
{
	return testhelp_data(test_mem, name, len);
}

START_TEST(request_is_what_a_dc_answered)
{
	uint8_t buf[CIFSAF_CLDAP_REQUEST_MAX];
	size_t len;
	uint8_t *want = data("cldap-request.bin", &len);
	int n = cifsaf_cldap_request(7, "ad.test", buf, sizeof(buf));

	ck_assert_int_eq(n, (int)len);
	ck_assert(memcmp(buf, want, len) == 0);
	/* a final dot is not sent */
	ck_assert_int_eq(cifsaf_cldap_request(7, "ad.test.", buf, sizeof(buf)), (int)len);
	ck_assert(memcmp(buf, want, len) == 0);
}
END_TEST

START_TEST(request_sizes_and_refusals)
{
	uint8_t buf[CIFSAF_CLDAP_REQUEST_MAX];
	char name[254];
	size_t i;
	int n;

	for (i = 0; i < 253; i++)
		name[i] = i % 10 == 9 ? '.' : 'a';
	name[253] = '\0';
	n = cifsaf_cldap_request(0x7fffffff, name, buf, sizeof(buf));
	ck_assert_int_gt(n, 253);
	/* the long forms: 2-byte lengths, a 4-byte message id */
	ck_assert_uint_eq(buf[1], 0x82);
	ck_assert_int_eq(cifsaf_cldap_request(0x80, "ad.test", buf, sizeof(buf)), 76);
	/* 0x80 needs a leading zero: 02 02 00 80 */
	ck_assert_uint_eq(buf[3], 2);
	ck_assert_uint_eq(buf[4], 0);
	ck_assert_uint_eq(buf[5], 0x80);
	ck_assert_int_eq(cifsaf_cldap_request(0, "ad.test", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_cldap_request(0x80000000u, "ad.test", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_cldap_request(7, "", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_cldap_request(7, "a)(x=*", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(cifsaf_cldap_request(7, "ad.test", buf, 74), -ENOSPC);
}
END_TEST

START_TEST(reply_names_both_sites)
{
	struct cifsaf_netlogon nl;
	size_t len;
	uint8_t *m = data("cldap-dc1.bin", &len);

	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), 0);
	ck_assert_uint_eq(nl.opcode, CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX);
	ck_assert_str_eq(nl.dns_forest, "ad.test");
	ck_assert_str_eq(nl.dns_domain, "ad.test");
	ck_assert_str_eq(nl.dns_host, "dc1.ad.test");
	ck_assert_str_eq(nl.netbios_domain, "ADTEST");
	ck_assert_str_eq(nl.netbios_host, "DC1");
	ck_assert_str_eq(nl.user, "");
	ck_assert_str_eq(nl.dc_site, "Default-First-Site-Name");
	ck_assert_str_eq(nl.client_site, "Site2");
	ck_assert_uint_eq(nl.nt_version, 5);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 8, &nl), -ESRCH);
	m = data("cldap-dc1-v6.bin", &len);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), 0);
	ck_assert_str_eq(nl.client_site, "Site2");
	m = data("cldap-dc2.bin", &len);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), 0);
	ck_assert_str_eq(nl.client_site, "Site2");
	m = data("cldap-msgid-300.bin", &len);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 300, &nl), 0);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 44, &nl), -ESRCH);
}
END_TEST

START_TEST(reply_variants)
{
	struct cifsaf_netlogon nl;
	size_t len;
	uint8_t *m = data("cldap-nosite.bin", &len);

	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), 0);
	ck_assert_str_eq(nl.dc_site, "Default-First-Site-Name");
	ck_assert_str_eq(nl.client_site, "");
	m = data("cldap-user-unknown.bin", &len);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), 0);
	ck_assert_uint_eq(nl.opcode, CIFSAF_LOGON_SAM_USER_UNKNOWN_EX);
	ck_assert_str_eq(nl.client_site, "Site2");
	ck_assert_str_eq(nl.user, "nosuchuser");
	m = data("cldap-other-domain.bin", &len);
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), -ENOENT);
}
END_TEST

/* Where the NetLogon blob starts in a captured reply: after the value's
 * OCTET STRING header, found by its opcode. */
static size_t blob_at(const uint8_t *m, size_t len)
{
	size_t i;

	for (i = 2; i + 1 < len; i++)
		if (m[i] == CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX && m[i + 1] == 0 && m[i - 2] == 0x04)
			return i;
	ck_abort_msg("no NetLogon blob");
	return 0;
}

START_TEST(pause_response_asks_for_another_dc)
{
	struct cifsaf_netlogon nl;
	size_t len;
	uint8_t *m = data("cldap-dc1.bin", &len);

	/* Samba never pauses; the same reply with opcode 24 is what a paused
	 * Windows DC sends ([MS-ADTS] 6.3.1.8: the same layout). */
	m[blob_at(m, len)] = CIFSAF_LOGON_SAM_PAUSE_RESPONSE_EX;
	ck_assert_int_eq(cifsaf_cldap_parse(m, len, 7, &nl), -EAGAIN);
}
END_TEST

START_TEST(every_truncation_is_refused)
{
	static const char *const files[] = { "cldap-dc1.bin", "cldap-user-unknown.bin", "cldap-nosite.bin" };
	struct cifsaf_netlogon nl;
	size_t len, n, f, first;
	uint8_t *m, *copy;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		m = data(files[f], &len);
		/* The searchResEntry ends where the searchResDone starts;
		 * everything shorter than the entry is malformed. */
		first = m[1] == 0x81 ? 3 + (size_t)m[2] : 2 + (size_t)m[1];
		ck_assert_uint_lt(first, len);
		for (n = 0; n < first; n++) {
			copy = talloc_memdup(test_mem, m, n ? n : 1);
			ck_assert_msg(cifsaf_cldap_parse(copy, n, 7, &nl) == -EBADMSG, "%s: %zu bytes",
				      files[f], n);
			talloc_free(copy);
		}
		ck_assert_int_eq(cifsaf_cldap_parse(m, first, 7, &nl), 0);
	}
}
END_TEST

START_TEST(lengths_that_lie_are_refused)
{
	struct cifsaf_netlogon nl;
	size_t len, at;
	uint8_t *m = data("cldap-dc1.bin", &len), *c;

	/* outer SEQUENCE one byte longer than the datagram */
	c = talloc_memdup(test_mem, m, len);
	c[1] = (uint8_t)(m[1] + 1);
	ck_assert_int_eq(cifsaf_cldap_parse(c, 2 + (size_t)m[1], 7, &nl), -EBADMSG);
	/* indefinite length, and a 5-octet length */
	c[1] = 0x80;
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	c[1] = 0x85;
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	/* a 4-octet length that claims 4 GiB */
	{
		uint8_t big[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x07 };

		ck_assert_int_eq(cifsaf_cldap_parse(big, sizeof(big), 7, &nl), -EBADMSG);
	}
	/* the attribute value's length reaching past its SET: the blob's
	 * OCTET STRING header sits two bytes before the blob */
	memcpy(c, m, len);
	at = blob_at(m, len);
	c[at - 1] = (uint8_t)(c[at - 1] + 1);
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	/* the first name made a pointer forward, past the end of the blob */
	memcpy(c, m, len);
	c[at + 24] = 0xc0;
	c[at + 25] = 0x7f;
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	/* an unknown opcode */
	memcpy(c, m, len);
	c[at] = 0x13;
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	/* a reply larger than any DC sends */
	c = talloc_zero_size(test_mem, CIFSAF_CLDAP_REPLY_MAX + 1);
	memcpy(c, m, len);
	ck_assert_int_eq(cifsaf_cldap_parse(c, CIFSAF_CLDAP_REPLY_MAX + 1, 7, &nl), -EBADMSG);
	/* the wrong tag for the operation, and no netlogon attribute */
	memcpy(c, m, len);
	c[5] = 0x63;
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
	memcpy(c, m, len);
	c[14] = 'X';	/* "netlogon" -> "Xetlogon" */
	ck_assert_int_eq(cifsaf_cldap_parse(c, len, 7, &nl), -EBADMSG);
}
END_TEST

START_TEST(netlogon_blob_edges)
{
	uint8_t b[64];
	struct cifsaf_netlogon nl;

	memset(b, 0, sizeof(b));
	b[0] = CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX;
	/* the fixed part and eight root names: a reply without sites */
	ck_assert_int_eq(cifsaf_netlogon_parse(b, 32, &nl), 0);
	ck_assert_str_eq(nl.client_site, "");
	ck_assert_uint_eq(nl.nt_version, 0);
	ck_assert_int_eq(cifsaf_netlogon_parse(b, 31, &nl), -EBADMSG);
	ck_assert_int_eq(cifsaf_netlogon_parse(b, 23, &nl), -EBADMSG);
	b[32] = 5;
	ck_assert_int_eq(cifsaf_netlogon_parse(b, 40, &nl), 0);
	ck_assert_uint_eq(nl.nt_version, 5);
	/* a name pointing at itself */
	b[24] = 0xc0;
	b[25] = 24;
	ck_assert_int_eq(cifsaf_netlogon_parse(b, 40, &nl), -EBADMSG);
}
END_TEST

/* Tags and message ids LDAP never sends in a reply. */
START_TEST(bad_tags_and_message_ids_are_refused)
{
	static const uint8_t multibyte_tag[] = { 0x1f, 0x00 };
	static const uint8_t empty_id[] = { 0x30, 0x02, 0x02, 0x00 };
	static const uint8_t negative_id[] = { 0x30, 0x03, 0x02, 0x01, 0x80 };
	static const uint8_t five_bytes_id[] = { 0x30, 0x07, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t above_int32_id[] = { 0x30, 0x07, 0x02, 0x05, 0x00, 0x80, 0x00, 0x00, 0x00 };
	struct cifsaf_netlogon nl;

	ck_assert_int_eq(cifsaf_cldap_parse(multibyte_tag, sizeof(multibyte_tag), 1, &nl), -EBADMSG);
	ck_assert_int_eq(cifsaf_cldap_parse(empty_id, sizeof(empty_id), 0, &nl), -EBADMSG);
	ck_assert_int_eq(cifsaf_cldap_parse(negative_id, sizeof(negative_id), 0x80, &nl), -EBADMSG);
	ck_assert_int_eq(cifsaf_cldap_parse(five_bytes_id, sizeof(five_bytes_id), 0, &nl), -EBADMSG);
	ck_assert_int_eq(cifsaf_cldap_parse(above_int32_id, sizeof(above_int32_id), 0x80000000u, &nl),
			 -EBADMSG);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cldap");
	TCase *tc = testhelp_tcase("cldap");

	tcase_add_test(tc, request_is_what_a_dc_answered);
	tcase_add_test(tc, request_sizes_and_refusals);
	tcase_add_test(tc, reply_names_both_sites);
	tcase_add_test(tc, reply_variants);
	tcase_add_test(tc, pause_response_asks_for_another_dc);
	tcase_add_test(tc, every_truncation_is_refused);
	tcase_add_test(tc, lengths_that_lie_are_refused);
	tcase_add_test(tc, netlogon_blob_edges);
	tcase_add_test(tc, bad_tags_and_message_ids_are_refused);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
