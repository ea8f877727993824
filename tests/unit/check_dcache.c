/* Unit tests: resolver/dcache.c, the decision cache,
 * against a fake keyring that behaves as the kernel's does for what the
 * cache uses: nested search, describe text, update in place keeping the
 * owner and permissions, unlink. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "fakering.h"
#include "resolver/dcache.h"

#define NOW 1767225600
#define PAYLOAD_V4 "v1 family=ipv4 addr=192.0.2.1 port=445 stored=1767225500"

/* ------------------------------------------------------ formats and rules */

START_TEST(description_format)
{
	char buf[CIFSAF_CACHE_DESC_MAX];

	ck_assert_int_eq(cifsaf_cache_description("FS.Test", 445, buf), 0);
	ck_assert_str_eq(buf, "cifs-af:fs.test:445");
	ck_assert_int_eq(cifsaf_cache_description("fs.test", 4445, buf), 0);
	ck_assert_str_eq(buf, "cifs-af:fs.test:4445");
	ck_assert_int_eq(cifsaf_cache_description("2001:db8::1", 445, buf), -EINVAL);
	ck_assert_int_eq(cifsaf_cache_description("fs.test", 0, buf), -EINVAL);
	ck_assert_int_eq(cifsaf_cache_description("", 445, buf), -EINVAL);
}
END_TEST

static void round_trip(const char *addr, uint16_t port, int64_t stored, const char *want)
{
	struct cifsaf_cache_entry e, back;
	char buf[CIFSAF_CACHE_PAYLOAD_MAX];
	int n;

	memset(&e, 0, sizeof(e));
	e.addr = testhelp_addr(addr);
	e.port = port;
	e.stored = stored;
	n = cifsaf_cache_payload_encode(&e, buf);
	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(cifsaf_cache_payload_decode(buf, (size_t)n, &back), 0);
	ck_assert(cifsaf_candidate_equal(&back.addr, &e.addr));
	ck_assert_uint_eq(back.port, port);
	ck_assert_int_eq(back.stored, stored);
}

START_TEST(payload_round_trips)
{
	round_trip("192.0.2.1", 445, 1767225600, "v1 family=ipv4 addr=192.0.2.1 port=445 stored=1767225600");
	round_trip("2001:db8::1", 139, 0, "v1 family=ipv6 addr=2001:db8::1 port=139 stored=0");
	round_trip("fe80::1%3", 445, 5, "v1 family=ipv6 addr=fe80::1%3 port=445 stored=5");
}
END_TEST

START_TEST(payload_decode_is_strict)
{
	static const char *const bad[] = {
		"",
		"v2 family=ipv4 addr=192.0.2.1 port=445 stored=1",
		"v1 family=ipv6 addr=192.0.2.1 port=445 stored=1",	/* family disagrees */
		"v1 family=ipv4 addr=2001:db8::1 port=445 stored=1",
		"v1 family=ipv5 addr=192.0.2.1 port=445 stored=1",
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=1 ",	/* trailing space */
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=1\n",
		"v1 family=ipv4  addr=192.0.2.1 port=445 stored=1",	/* two spaces */
		" v1 family=ipv4 addr=192.0.2.1 port=445 stored=1",
		"v1 addr=192.0.2.1 family=ipv4 port=445 stored=1",	/* order */
		"v1 family=ipv4 addr=192.0.2.1 port=445",		/* missing field */
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=1 extra=1",
		"v1 family=ipv4 addr=192.0.2.1 port=0 stored=1",
		"v1 family=ipv4 addr=192.0.2.1 port=65536 stored=1",
		"v1 family=ipv4 addr=192.0.2.1 port=0445 stored=1",
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=01",
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=-1",
		"v1 family=ipv4 addr=192.0.2.1 port=445 stored=99999999999999999999",
		"v1 family=ipv6 addr=2001:DB8::1 port=445 stored=1",	/* not canonical */
		"v1 family=ipv6 addr=2001:db8:0::1 port=445 stored=1",
		"v1 family=ipv6 addr=[2001:db8::1] port=445 stored=1",
		"v1 family=ipv6 addr=fe80::1%lo port=445 stored=1",	/* a name: never looked up */
		"v1 family=ipv6 addr=2001:db8::1%2 port=445 stored=1",	/* scope on a global address */
		"v1 family=ipv4 addr= port=445 stored=1",
	};
	struct cifsaf_cache_entry e;
	char longer[CIFSAF_CACHE_PAYLOAD_MAX + 8];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cifsaf_cache_payload_decode(bad[i], strlen(bad[i]), &e) == -EBADMSG, "%s",
			      bad[i]);
	ck_assert_int_eq(cifsaf_cache_payload_decode("v1 family=ipv4 addr=192.0.2.1\0 port=445 stored=1",
						     48, &e), -EBADMSG);
	memset(longer, '1', sizeof(longer));
	memcpy(longer, PAYLOAD_V4, strlen(PAYLOAD_V4));
	ck_assert_int_eq(cifsaf_cache_payload_decode(longer, sizeof(longer), &e), -EBADMSG);
}
END_TEST

START_TEST(encode_refuses_what_decode_would)
{
	struct cifsaf_cache_entry e;
	char buf[CIFSAF_CACHE_PAYLOAD_MAX];

	memset(&e, 0, sizeof(e));
	e.addr = testhelp_addr("192.0.2.1");
	ck_assert_int_eq(cifsaf_cache_payload_encode(&e, buf), -EINVAL);	/* port 0 */
	e.port = 445;
	e.stored = -5;
	ck_assert_int_eq(cifsaf_cache_payload_encode(&e, buf), -EINVAL);
	e.stored = 1;
	e.addr = testhelp_addr("2001:db8::1");
	e.addr.scope_id = 4;
	ck_assert_int_eq(cifsaf_cache_payload_encode(&e, buf), -EINVAL);
}
END_TEST

START_TEST(what_to_do_and_when)
{
	ck_assert(cifsaf_cache_forget_after_decision(CIFSAF_CACHE_USE_FAILED));
	ck_assert(!cifsaf_cache_forget_after_decision(CIFSAF_CACHE_USE_CONFIRMED));
	ck_assert(!cifsaf_cache_forget_after_decision(CIFSAF_CACHE_USE_NOT_CANDIDATE));
	ck_assert(!cifsaf_cache_forget_after_decision(CIFSAF_CACHE_USE_NONE));

	ck_assert(cifsaf_cache_worth_storing(true, CIFSAF_CACHE_USE_NONE));
	ck_assert(cifsaf_cache_worth_storing(true, CIFSAF_CACHE_USE_FAILED));
	ck_assert(cifsaf_cache_worth_storing(true, CIFSAF_CACHE_USE_NOT_CANDIDATE));
	ck_assert(!cifsaf_cache_worth_storing(false, CIFSAF_CACHE_USE_NONE));	/* no race */
	ck_assert(!cifsaf_cache_worth_storing(false, CIFSAF_CACHE_USE_CONFIRMED));

	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_STORE, true, 0), CIFSAF_CACHE_AFTER_STORE);
	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_STORE, true, 1), CIFSAF_CACHE_AFTER_STORE);
	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_STORE, false, 2), CIFSAF_CACHE_AFTER_NOTHING);
	/* a confirmed hit keeps its age */
	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_FROM_CACHE, true, 0),
			 CIFSAF_CACHE_AFTER_NOTHING);
	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_FROM_CACHE, true, 1),
			 CIFSAF_CACHE_AFTER_STORE);
	ck_assert_int_eq(cifsaf_cache_after_mount(CIFSAF_CACHE_FLAG_FROM_CACHE, false, 2),
			 CIFSAF_CACHE_AFTER_FORGET);
	ck_assert_int_eq(cifsaf_cache_after_mount(0, true, 0), CIFSAF_CACHE_AFTER_NOTHING);
	ck_assert(cifsaf_cache_ttl_valid(0));
	ck_assert(cifsaf_cache_ttl_valid(CIFSAF_CACHE_TTL_MAX_S));
	ck_assert(!cifsaf_cache_ttl_valid(CIFSAF_CACHE_TTL_MAX_S + 1));
	ck_assert(!cifsaf_cache_ttl_valid(-1));
}
END_TEST

/* ---------------------------------------------------------------- lookup */

static struct cifsaf_cache_lookup look(const char *host, long ttl)
{
	struct cifsaf_cache_lookup l;

	ck_assert_int_eq(cifsaf_cache_lookup(&fake_keyring_ops, NULL, host, 445, ttl, NOW, &l), 0);
	return l;
}

START_TEST(lookup_off_and_miss)
{
	struct cifsaf_cache_lookup l;

	l = look("fs.test", 0);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_OFF);
	ck_assert_uint_eq(fake_keys.calls, 0);	/* off means no keyring call at all */
	l = look("2001:db8::1", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_NOT_CACHEABLE);
	ck_assert_uint_eq(fake_keys.calls, 0);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_MISS);	/* no keyring yet */
	fake_keyring_ours();
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_MISS);
	ck_assert_str_eq(l.description, "cifs-af:fs.test:445");
	fake_keys.fail_search = -EACCES;
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_UNAVAILABLE);
	ck_assert_int_eq(l.error, -EACCES);
}
END_TEST

START_TEST(lookup_hit)
{
	struct cifsaf_cache_lookup l;
	struct fake_key *k = fake_keyring_cached(fake_keyring_ours(), "cifs-af:fs.test:445", PAYLOAD_V4);

	l = look("FS.TEST", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_HIT);
	ck_assert_int_eq(l.key, k->serial);
	ck_assert_int_eq(l.age_s, 100);
	ck_assert_uint_eq(l.entry.port, 445);
	{
		struct cifsaf_candidate want = testhelp_addr("192.0.2.1");

		ck_assert(cifsaf_candidate_equal(&l.entry.addr, &want));
	}
	/* another port is another key */
	ck_assert_int_eq(cifsaf_cache_lookup(&fake_keyring_ops, NULL, "fs.test", 4445, 600, NOW, &l), 0);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_MISS);
}
END_TEST

START_TEST(lookup_ignores_untrusted_keys)
{
	int32_t r = fake_keyring_ours();
	struct fake_key *k = fake_keyring_cached(r, "cifs-af:fs.test:445", PAYLOAD_V4);
	struct cifsaf_cache_lookup l;

	k->uid = 1000;
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_IGNORED);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_UNTRUSTED);
	ck_assert_uint_eq(l.owner, 1000);
	k->uid = 0;
	k->perm = CIFSAF_CACHE_PERM | CIFSAF_KEY_OTHER(CIFSAF_KEY_WRITE);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_UNTRUSTED);
	ck_assert_uint_eq(l.perm, CIFSAF_CACHE_PERM | CIFSAF_KEY_OTHER(CIFSAF_KEY_WRITE));
	k->perm = CIFSAF_CACHE_PERM;
	fake_keyring_by_serial(r)->perm |= CIFSAF_KEY_GROUP(CIFSAF_KEY_WRITE);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_KEYRING_UNTRUSTED);
	ck_assert_int_eq(l.key, 0);	/* nothing in it was even looked at */
}
END_TEST

START_TEST(lookup_ignores_bad_and_old_keys)
{
	int32_t r = fake_keyring_ours();
	struct fake_key *k = fake_keyring_cached(r, "cifs-af:fs.test:445", "garbage");
	struct cifsaf_cache_lookup l;

	l = look("fs.test", 600);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_MALFORMED);
	strcpy(k->payload, PAYLOAD_V4);
	k->len = strlen(PAYLOAD_V4);
	l = look("fs.test", 60);	/* stored 100 s ago, ttl 60 */
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_EXPIRED);
	ck_assert_int_eq(l.age_s, 100);
	ck_assert_int_eq(cifsaf_cache_lookup(&fake_keyring_ops, NULL, "fs.test", 445, 600, 1767225000, &l), 0);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_FUTURE);
	/* a key of another type by that name is not ours */
	k->used = false;
	fake_keyring_plant(r, "logon", "cifs-af:fs.test:445", PAYLOAD_V4);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_MISS);
}
END_TEST

/* ----------------------------------------------------------- store, forget */

static struct cifsaf_cache_entry entry(const char *addr, uint16_t port)
{
	struct cifsaf_cache_entry e;

	memset(&e, 0, sizeof(e));
	e.addr = testhelp_addr(addr);
	e.port = port;
	e.stored = NOW;
	return e;
}

START_TEST(store_makes_keyring_and_key)
{
	struct cifsaf_cache_entry e = entry("192.0.2.1", 445);
	struct cifsaf_cache_lookup l;
	struct fake_key *k;
	int32_t key;

	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "Fs.Test", 445, &e, 600, &key), 0);
	k = fake_keyring_find(FAKE_BASE_RING, "keyring", CIFSAF_CACHE_KEYRING);
	ck_assert_ptr_ne(k, NULL);
	ck_assert_uint_eq(k->perm, CIFSAF_CACHE_PERM);
	k = fake_keyring_by_serial(key);
	ck_assert_str_eq(k->desc, "cifs-af:fs.test:445");
	ck_assert_uint_eq(k->perm, CIFSAF_CACHE_PERM);
	ck_assert_uint_eq(k->timeout, 600);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_HIT);
	ck_assert_int_eq(l.age_s, 0);
	/* a second store replaces the first in place */
	e = entry("2001:db8::1", 139);
	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "fs.test", 445, &e, 300, &key), 0);
	ck_assert_int_eq(key, k->serial);
	ck_assert_uint_eq(k->timeout, 300);
	l = look("fs.test", 600);
	ck_assert_int_eq(l.entry.addr.family, AF_INET6);
	ck_assert_uint_eq(l.entry.port, 139);
	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "fs.test", 445, &e, 0, &key), -EINVAL);
	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "fs.test", 445, &e, CIFSAF_CACHE_TTL_MAX_S + 1,
					    &key), -EINVAL);
}
END_TEST

START_TEST(store_never_writes_into_what_others_control)
{
	struct cifsaf_cache_entry e = entry("192.0.2.1", 445);
	int32_t r = fake_keyring_ours(), key;
	struct fake_key *planted = fake_keyring_cached(r, "cifs-af:fs.test:445", "planted");

	/* updating in place would keep the planted key's owner */
	planted->uid = 1000;
	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "fs.test", 445, &e, 600, &key), -EPERM);
	ck_assert_str_eq(planted->payload, "planted");
	planted->uid = 0;
	fake_keyring_by_serial(r)->uid = 1000;
	ck_assert_int_eq(cifsaf_cache_store(&fake_keyring_ops, NULL, "fs.test", 445, &e, 600, &key), -EPERM);
	ck_assert_str_eq(planted->payload, "planted");
}
END_TEST

START_TEST(forget_removes_the_key)
{
	int32_t r = fake_keyring_ours(), key;
	struct fake_key *k = fake_keyring_cached(r, "cifs-af:fs.test:445", PAYLOAD_V4);
	int32_t serial = k->serial;

	ck_assert_int_eq(cifsaf_cache_forget(&fake_keyring_ops, NULL, "fs.test", 445, &key), 0);
	ck_assert_int_eq(key, serial);
	ck_assert_ptr_eq(fake_keyring_by_serial(serial), NULL);
	ck_assert_int_eq(cifsaf_cache_forget(&fake_keyring_ops, NULL, "fs.test", 445, &key), 0);
	ck_assert_int_eq(key, 0);
	ck_assert_int_eq(cifsaf_cache_forget(&fake_keyring_ops, NULL, "::1", 445, &key), -EINVAL);
}
END_TEST

static void setup(void)
{
	testhelp_setup();
	fake_keyring_reset();
}

int main(void)
{
	Suite *s = suite_create("dcache");
	TCase *tc = tcase_create("dcache");

	tcase_add_checked_fixture(tc, setup, testhelp_teardown);
	tcase_add_test(tc, description_format);
	tcase_add_test(tc, payload_round_trips);
	tcase_add_test(tc, payload_decode_is_strict);
	tcase_add_test(tc, encode_refuses_what_decode_would);
	tcase_add_test(tc, what_to_do_and_when);
	tcase_add_test(tc, lookup_off_and_miss);
	tcase_add_test(tc, lookup_hit);
	tcase_add_test(tc, lookup_ignores_untrusted_keys);
	tcase_add_test(tc, lookup_ignores_bad_and_old_keys);
	tcase_add_test(tc, store_makes_keyring_and_key);
	tcase_add_test(tc, store_never_writes_into_what_others_control);
	tcase_add_test(tc, forget_removes_the_key);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
