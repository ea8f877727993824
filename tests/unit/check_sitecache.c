/* Unit tests: resolver/sitecache.c, the client's AD site in the keyring,
 * against the fake keyring (fakering.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fakering.h"
#include "testhelp.h"
#include "resolver/sitecache.h"

START_TEST(site_cache_payload_is_strict)
{
	char buf[CIFSAF_CACHE_PAYLOAD_MAX], site[CIFSAF_SITE_NAME_SIZE], desc[CIFSAF_CACHE_DESC_MAX];
	static const char *const bad[] = {
		"v1 site=Site2 stored=01", "v1 site=Site2 stored=", "v1 site= stored=5",
		"v1 site=a.b stored=5", "v1 site=Site2  stored=5", "v1 site=Site2 stored=5 ",
		"v2 site=Site2 stored=5", "v1 site=Site2 stored=-5", "v1 site=Site2",
		"v1 site=Site2 stored=99999999999999999999",
	};
	int64_t stored;
	size_t i;
	int n;

	n = cifsaf_site_cache_encode("Site2", 1767225600, buf);
	ck_assert_int_eq(n, (int)strlen("v1 site=Site2 stored=1767225600"));
	ck_assert_int_eq(cifsaf_site_cache_decode(buf, (size_t)n, site, &stored), 0);
	ck_assert_str_eq(site, "Site2");
	ck_assert_int_eq(stored, 1767225600);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cifsaf_site_cache_decode(bad[i], strlen(bad[i]), site, &stored) == -EBADMSG,
			      "%s", bad[i]);
	ck_assert_int_eq(cifsaf_site_cache_encode("a b", 5, buf), -EINVAL);
	ck_assert_int_eq(cifsaf_site_cache_encode("Site2", -1, buf), -EINVAL);
	ck_assert_int_eq(cifsaf_site_cache_description("AD.Test.", desc), 0);
	ck_assert_str_eq(desc, "cifs-af-site:ad.test");
	ck_assert_int_eq(cifsaf_site_cache_description("a;b", desc), -EINVAL);
}
END_TEST

START_TEST(site_cache_round_trip_and_trust)
{
	struct cifsaf_cache_lookup l;
	char site[CIFSAF_SITE_NAME_SIZE];
	struct fake_key *k;
	int32_t key;

	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 0, 100, &l, site), 0);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_OFF);
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 100, &l, site), 0);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_MISS);
	ck_assert_int_eq(cifsaf_site_cache_store(&fake_keyring_ops, NULL, "AD.test", "Site2", 100, 600, &key), 0);
	k = fake_keyring_by_serial(key);
	ck_assert_str_eq(k->desc, "cifs-af-site:ad.test");
	ck_assert_uint_eq(k->perm, CIFSAF_CACHE_PERM);
	ck_assert_uint_eq(k->timeout, 600);
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 150, &l, site), 0);
	ck_assert_int_eq(l.state, CIFSAF_CACHE_HIT);
	ck_assert_str_eq(site, "Site2");
	ck_assert_int_eq(l.age_s, 50);
	/* too old, and from the future */
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 700, &l, site), 0);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_EXPIRED);
	ck_assert_str_eq(site, "");
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 50, &l, site), 0);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_FUTURE);
	/* planted by someone else: ignored, and never written through */
	k->uid = 65534;
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 150, &l, site), 0);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_UNTRUSTED);
	ck_assert_int_eq(cifsaf_site_cache_store(&fake_keyring_ops, NULL, "ad.test", "Evil", 150, 600, &key),
			 -EPERM);
	k->uid = 0;
	snprintf(k->payload, sizeof(k->payload), "v1 site=a.b stored=100");
	k->len = strlen(k->payload);
	ck_assert_int_eq(cifsaf_site_cache_lookup(&fake_keyring_ops, NULL, "ad.test", 600, 150, &l, site), 0);
	ck_assert_int_eq(l.ignored, CIFSAF_IGNORED_MALFORMED);
}
END_TEST

static void setup(void)
{
	fake_keyring_reset();
}

int main(void)
{
	Suite *s = suite_create("sitecache");
	TCase *tc = testhelp_tcase("sitecache");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, site_cache_payload_is_strict);
	tcase_add_test(tc, site_cache_round_trip_and_trust);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
