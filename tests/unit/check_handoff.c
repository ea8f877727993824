/* Unit tests: mount-cifs/handoff.c, the child's report to the parent. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/handoff.h"

static struct cifsaf_handoff *full_handoff(void)
{
	struct cifsaf_handoff *h = talloc_zero(test_mem, struct cifsaf_handoff);

	h->password = talloc_strdup(h, "env,pw");
	h->password2 = talloc_strdup(h, "second");
	ck_assert_int_eq(cifsaf_handoff_add_credentials(h, "/etc/c1", "alice", "pw1", NULL, "DOM"), 0);
	ck_assert_int_eq(cifsaf_handoff_add_credentials(h, "/etc/c2", NULL, NULL, "pw2b", NULL), 0);
	h->prompted = talloc_strdup(h, "typed");
	h->default_username = talloc_strdup(h, "bob");
	h->candidates = talloc_array(h, struct cifsaf_candidate, 3);
	h->candidates[0] = testhelp_addr("2001:db8::10");
	h->candidates[1] = testhelp_addr("192.0.2.10");
	h->candidates[2] = testhelp_addr("fe80::1%3");
	h->n_candidates = 3;
	h->port = 139;
	h->cache_flags = CIFSAF_CACHE_FLAG_STORE;
	h->cache_ttl_s = 600;
	return h;
}

static uint8_t *encode(const struct cifsaf_handoff *h, size_t *len)
{
	uint8_t *buf = NULL;

	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, len), 0);
	return buf;
}

START_TEST(round_trip)
{
	struct cifsaf_handoff *in = full_handoff(), *out = NULL;
	size_t len;
	uint8_t *buf = encode(in, &len);

	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_str_eq(out->password, "env,pw");
	ck_assert_str_eq(out->password2, "second");
	ck_assert_uint_eq(out->n_credentials, 2);
	ck_assert_str_eq(out->credentials[0].path, "/etc/c1");
	ck_assert_str_eq(out->credentials[0].username, "alice");
	ck_assert_str_eq(out->credentials[0].password, "pw1");
	ck_assert_ptr_eq(out->credentials[0].password2, NULL);
	ck_assert_str_eq(out->credentials[0].domain, "DOM");
	ck_assert_str_eq(out->credentials[1].path, "/etc/c2");
	ck_assert_ptr_eq(out->credentials[1].username, NULL);
	ck_assert_str_eq(out->credentials[1].password2, "pw2b");
	ck_assert_str_eq(out->prompted, "typed");
	ck_assert_str_eq(out->default_username, "bob");
	ck_assert_uint_eq(out->n_candidates, 3);
	ck_assert(cifsaf_candidate_equal(&out->candidates[0], &in->candidates[0]));
	ck_assert(cifsaf_candidate_equal(&out->candidates[1], &in->candidates[1]));
	ck_assert(cifsaf_candidate_equal(&out->candidates[2], &in->candidates[2]));
	ck_assert_uint_eq(out->candidates[2].scope_id, 3);
	ck_assert_uint_eq(out->port, 139);
}
END_TEST

START_TEST(empty_message)
{
	struct cifsaf_handoff *in = talloc_zero(test_mem, struct cifsaf_handoff), *out = NULL;
	size_t len;
	uint8_t *buf = encode(in, &len);

	ck_assert_uint_eq(len, 5);	/* the end record alone */
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_ptr_eq(out->password, NULL);
	ck_assert_uint_eq(out->n_candidates, 0);
	ck_assert_uint_eq(out->port, 0);
}
END_TEST

/* Every prefix of a valid message is refused: a child that died halfway
 * must not produce a mount with half its data. */
START_TEST(truncated_refused)
{
	struct cifsaf_handoff *out = NULL;
	size_t len, cut;
	uint8_t *buf = encode(full_handoff(), &len);

	for (cut = 0; cut < len; cut++)
		ck_assert_msg(cifsaf_handoff_decode(test_mem, buf, cut, &out) == -EBADMSG,
			      "a message cut at %zu of %zu was accepted", cut, len);
}
END_TEST

static int decode_bytes(const char *bytes, size_t len)
{
	struct cifsaf_handoff *out = NULL;
	int r = cifsaf_handoff_decode(test_mem, (const uint8_t *)bytes, len, &out);

	talloc_free(out);
	return r;
}

START_TEST(malformed_refused)
{
	/* unknown tag */
	ck_assert_int_eq(decode_bytes("X\0\0\0\0E\0\0\0\0", 10), -EBADMSG);
	/* a field before any credentials record */
	ck_assert_int_eq(decode_bytes("u\0\0\0\1aE\0\0\0\0", 11), -EBADMSG);
	/* a password given twice */
	ck_assert_int_eq(decode_bytes("P\0\0\0\1aP\0\0\0\1bE\0\0\0\0", 17), -EBADMSG);
	/* a NUL inside a string */
	ck_assert_int_eq(decode_bytes("P\0\0\0\2a\0E\0\0\0\0", 12), -EBADMSG);
	/* a length running past the end */
	ck_assert_int_eq(decode_bytes("P\0\0\0\x09" "aE\0\0\0\0", 11), -EBADMSG);
	/* a length over the string limit */
	ck_assert_int_eq(decode_bytes("P\0\0\x10\x01", 5), -EBADMSG);
	/* bytes after the end record */
	ck_assert_int_eq(decode_bytes("E\0\0\0\0P\0\0\0\1a", 11), -EBADMSG);
	/* an end record with a value */
	ck_assert_int_eq(decode_bytes("E\0\0\0\1x", 6), -EBADMSG);
	/* port 0, and a port of the wrong size */
	ck_assert_int_eq(decode_bytes("T\0\0\0\2\0\0E\0\0\0\0", 12), -EBADMSG);
	ck_assert_int_eq(decode_bytes("T\0\0\0\1\x8b" "E\0\0\0\0", 11), -EBADMSG);
}
END_TEST

static int decode_candidate(const uint8_t v[21])
{
	uint8_t msg[5 + 21 + 5];

	memcpy(msg, "N\0\0\0\x15", 5);
	memcpy(msg + 5, v, 21);
	memcpy(msg + 26, "E\0\0\0\0", 5);
	return decode_bytes((const char *)msg, sizeof(msg));
}

START_TEST(impossible_addresses_refused)
{
	uint8_t v[21];

	memset(v, 0, sizeof(v));
	v[0] = 4;
	v[1] = 192;
	ck_assert_int_eq(decode_candidate(v), 0);
	v[8] = 1;			/* IPv4 with bytes past its four */
	ck_assert_int_eq(decode_candidate(v), -EBADMSG);
	v[8] = 0;
	v[20] = 2;			/* IPv4 with a scope */
	ck_assert_int_eq(decode_candidate(v), -EBADMSG);
	memset(v, 0, sizeof(v));
	v[0] = 6;
	v[1] = 0x20;
	v[2] = 0x01;
	v[20] = 2;			/* a global IPv6 address never carries a scope */
	ck_assert_int_eq(decode_candidate(v), -EBADMSG);
	v[1] = 0xfe;
	v[2] = 0x80;			/* link-local: a scope is right */
	ck_assert_int_eq(decode_candidate(v), 0);
	v[0] = 5;			/* no such family */
	ck_assert_int_eq(decode_candidate(v), -EBADMSG);
}
END_TEST

START_TEST(limits)
{
	struct cifsaf_handoff *h = talloc_zero(test_mem, struct cifsaf_handoff), *out = NULL;
	char *big = talloc_zero_size(test_mem, CIFSAF_HANDOFF_STRING_MAX + 2);
	uint8_t *buf;
	size_t len, i;

	memset(big, 'x', CIFSAF_HANDOFF_STRING_MAX);
	h->password = big;
	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_uint_eq(strlen(out->password), CIFSAF_HANDOFF_STRING_MAX);
	big[CIFSAF_HANDOFF_STRING_MAX] = 'x';
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -E2BIG);

	h->password = NULL;
	for (i = 0; i < CIFSAF_HANDOFF_CREDENTIALS_MAX; i++)
		ck_assert_int_eq(cifsaf_handoff_add_credentials(h, "/c", "u", NULL, NULL, NULL), 0);
	ck_assert_int_eq(cifsaf_handoff_add_credentials(h, "/c", "u", NULL, NULL, NULL), -E2BIG);

	h->candidates = talloc_array(h, struct cifsaf_candidate, CIFSAF_HANDOFF_CANDIDATES_MAX + 1);
	for (i = 0; i <= CIFSAF_HANDOFF_CANDIDATES_MAX; i++)
		h->candidates[i] = testhelp_addr("192.0.2.1");
	h->n_candidates = CIFSAF_HANDOFF_CANDIDATES_MAX;
	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_uint_eq(out->n_candidates, CIFSAF_HANDOFF_CANDIDATES_MAX);
	h->n_candidates++;
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -E2BIG);
}
END_TEST

START_TEST(cache_record)
{
	struct cifsaf_handoff *h = full_handoff(), *out = NULL;
	uint8_t *buf;
	size_t len;

	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_uint_eq(out->cache_flags, CIFSAF_CACHE_FLAG_STORE);
	ck_assert_uint_eq(out->cache_ttl_s, 600);
	h->cache_flags = CIFSAF_CACHE_FLAG_FROM_CACHE;
	h->cache_ttl_s = CIFSAF_CACHE_TTL_MAX_S;
	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_uint_eq(out->cache_flags, CIFSAF_CACHE_FLAG_FROM_CACHE);
	/* the encoder refuses what the decoder would */
	h->cache_flags = CIFSAF_CACHE_FLAG_STORE | CIFSAF_CACHE_FLAG_FROM_CACHE;
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -EINVAL);
	h->cache_flags = CIFSAF_CACHE_FLAG_STORE;
	h->cache_ttl_s = 0;
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -EINVAL);
	h->cache_flags = 0;
	h->cache_ttl_s = 600;
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -EINVAL);
	h->cache_ttl_s = 0;
	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_uint_eq(out->cache_flags, 0);
}
END_TEST

/* A candidate, then a cache record with these five value bytes. */
static int decode_cache(const char *value)
{
	uint8_t msg[5 + 21 + 5 + 5 + 5];

	memset(msg, 0, sizeof(msg));
	memcpy(msg, "N\0\0\0\x15", 5);
	msg[5] = 4;
	memcpy(msg + 26, "K\0\0\0\5", 5);
	memcpy(msg + 31, value, 5);
	memcpy(msg + 36, "E\0\0\0\0", 5);
	return decode_bytes((const char *)msg, sizeof(msg));
}

START_TEST(cache_record_checked)
{
	ck_assert_int_eq(decode_cache("\1\0\0\2\x58"), 0);		/* store, 600 s */
	ck_assert_int_eq(decode_cache("\2\0\1\x51\x80"), 0);	/* from cache, 86400 s */
	ck_assert_int_eq(decode_cache("\3\0\0\2\x58"), -EBADMSG);	/* both flags */
	ck_assert_int_eq(decode_cache("\4\0\0\2\x58"), -EBADMSG);	/* unknown flag */
	ck_assert_int_eq(decode_cache("\0\0\0\2\x58"), -EBADMSG);	/* a ttl, no flag */
	ck_assert_int_eq(decode_cache("\1\0\0\0\0"), -EBADMSG);	/* no ttl */
	ck_assert_int_eq(decode_cache("\1\0\1\x51\x81"), -EBADMSG);	/* a day and a second */
	ck_assert_int_eq(decode_cache("\1\xff\xff\xff\xff"), -EBADMSG);
	/* the record twice, a short one, and one without any candidate */
	ck_assert_int_eq(decode_bytes("N\0\0\0\x15\4\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
				      "K\0\0\0\5\1\0\0\2\x58" "K\0\0\0\5\1\0\0\2\x58" "E\0\0\0\0", 51),
			 -EBADMSG);
	ck_assert_int_eq(decode_bytes("K\0\0\0\4\1\0\2\x58" "E\0\0\0\0", 14), -EBADMSG);
	ck_assert_int_eq(decode_bytes("K\0\0\0\5\1\0\0\2\x58" "E\0\0\0\0", 15), -EBADMSG);
}
END_TEST

START_TEST(site_record)
{
	struct cifsaf_handoff *h = full_handoff(), *out = NULL;
	uint8_t *buf;
	size_t len;

	h->site = talloc_strdup(h, "Site2");
	h->site_ttl_s = 600;
	buf = encode(h, &len);
	ck_assert_int_eq(cifsaf_handoff_decode(test_mem, buf, len, &out), 0);
	ck_assert_str_eq(out->site, "Site2");
	ck_assert_uint_eq(out->site_ttl_s, 600);
	h->site_ttl_s = 0;
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -EINVAL);
	h->site_ttl_s = 600;
	h->site = talloc_strdup(h, "a.b");
	ck_assert_int_eq(cifsaf_handoff_encode(test_mem, h, &buf, &len), -EINVAL);
	/* the decoder checks the same: a site that is no DNS label, no ttl,
	 * a ttl past a day, the record twice, no name at all */
	ck_assert_int_eq(decode_bytes("S\0\0\0\x09\0\0\2\x58Site2" "E\0\0\0\0", 19), 0);
	ck_assert_int_eq(decode_bytes("S\0\0\0\x09\0\0\2\x58Si.e2" "E\0\0\0\0", 19), -EBADMSG);
	ck_assert_int_eq(decode_bytes("S\0\0\0\x09\0\0\0\0Site2" "E\0\0\0\0", 19), -EBADMSG);
	ck_assert_int_eq(decode_bytes("S\0\0\0\x09\0\1\x51\x81Site2" "E\0\0\0\0", 19), -EBADMSG);
	ck_assert_int_eq(decode_bytes("S\0\0\0\x09\0\0\2\x58Site2" "S\0\0\0\x09\0\0\2\x58Site2"
				      "E\0\0\0\0", 33), -EBADMSG);
	ck_assert_int_eq(decode_bytes("S\0\0\0\x04\0\0\2\x58" "E\0\0\0\0", 14), -EBADMSG);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("handoff");
	TCase *tc = testhelp_tcase("handoff");

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, empty_message);
	tcase_add_test(tc, truncated_refused);
	tcase_add_test(tc, malformed_refused);
	tcase_add_test(tc, impossible_addresses_refused);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, cache_record);
	tcase_add_test(tc, cache_record_checked);
	tcase_add_test(tc, site_record);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
