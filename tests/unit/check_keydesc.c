/* Unit tests: resolver/keydesc.c, describe text, the trust rule for keys,
 * and host names fit for a key description. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "testhelp.h"
#include "resolver/dcache.h"
#include "resolver/keydesc.h"

START_TEST(keydesc_parses_the_kernels_text)
{
	const char *t = "user;0;65534;3f010000;cifs-af:fs.test:445";
	struct cifsaf_keydesc k;

	ck_assert_int_eq(cifsaf_keydesc_parse(t, strlen(t), &k), 0);
	ck_assert_str_eq(k.type, "user");
	ck_assert_uint_eq(k.uid, 0);
	ck_assert_uint_eq(k.gid, 65534);
	ck_assert_uint_eq(k.perm, 0x3f010000);
	ck_assert_uint_eq(k.description_len, strlen("cifs-af:fs.test:445"));
	ck_assert(memcmp(k.description, "cifs-af:fs.test:445", k.description_len) == 0);
	/* a description may hold ';' itself: only the first four split */
	t = "dns_resolver;0;0;3f010000;a;b";
	ck_assert_int_eq(cifsaf_keydesc_parse(t, strlen(t), &k), 0);
	ck_assert_uint_eq(k.description_len, 3);
	t = "keyring;4294967295;0;0b0b0b0b;";
	ck_assert_int_eq(cifsaf_keydesc_parse(t, strlen(t), &k), 0);
	ck_assert_uint_eq(k.uid, 4294967295u);
	ck_assert_uint_eq(k.description_len, 0);
}
END_TEST

START_TEST(keydesc_refuses_what_the_kernel_never_writes)
{
	static const char *const bad[] = {
		"user;0;0;3f010000",		/* no description field */
		";0;0;3f010000;x",		/* no type */
		"us er;0;0;3f010000;x",		/* a blank in the type */
		"user;00;0;3f010000;x",		/* leading zero */
		"user;-1;0;3f010000;x",		/* a sign */
		"user;4294967296;0;3f010000;x",	/* past 32 bits */
		"user;0;;3f010000;x",		/* empty gid */
		"user;0;0;3F010000;x",		/* upper-case hex */
		"user;0;0;3f01000;x",		/* seven digits */
		"user;0;0;3f0100000;x",		/* nine */
		"averyveryveryveryverylongtypename;0;0;3f010000;x",
	};
	struct cifsaf_keydesc k;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cifsaf_keydesc_parse(bad[i], strlen(bad[i]), &k) == -EBADMSG, "%s", bad[i]);
	ck_assert_int_eq(cifsaf_keydesc_parse("user;0;0;3f010000;a\0b", 21, &k), -EBADMSG);
}
END_TEST

START_TEST(keydesc_trust_rule)
{
	struct cifsaf_keydesc k;

	memset(&k, 0, sizeof(k));
	k.perm = CIFSAF_CACHE_PERM;
	ck_assert(!cifsaf_keydesc_others_may_write(&k));
	/* reading and searching by others is not writing */
	k.perm = CIFSAF_CACHE_PERM | CIFSAF_KEY_OTHER(CIFSAF_KEY_VIEW | CIFSAF_KEY_READ | CIFSAF_KEY_SEARCH);
	ck_assert(!cifsaf_keydesc_others_may_write(&k));
	k.uid = 1000;
	ck_assert(cifsaf_keydesc_others_may_write(&k));
	k.uid = 0;
	k.perm = CIFSAF_CACHE_PERM | CIFSAF_KEY_OTHER(CIFSAF_KEY_WRITE);
	ck_assert(cifsaf_keydesc_others_may_write(&k));
	k.perm = CIFSAF_CACHE_PERM | CIFSAF_KEY_GROUP(CIFSAF_KEY_SETATTR);
	ck_assert(cifsaf_keydesc_others_may_write(&k));
	k.perm = CIFSAF_CACHE_PERM | CIFSAF_KEY_OTHER(CIFSAF_KEY_LINK);
	ck_assert(cifsaf_keydesc_others_may_write(&k));
}
END_TEST

START_TEST(hostnames)
{
	static const char *const good[] = { "fs", "fs.test", "FS.Example.COM", "a-b.c_d.e", "fs.test.",
					    "192.0.2.1", "x1" };
	static const char *const bad[] = { "", ".", ".fs", "fs..test", "-fs", "fs-", "fs-.test",
					   "2001:db8::1", "fe80::1%2", "fs test", "fs;x", "fs,x",
					   "[fs]", "fs/x", "f\xc3\xa9" };
	char long_label[80], long_name[300];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(cifsaf_hostname_valid(good[i], strlen(good[i])), "%s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!cifsaf_hostname_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
	memset(long_label, 'a', 64);
	ck_assert(!cifsaf_hostname_valid(long_label, 64));
	ck_assert(cifsaf_hostname_valid(long_label, 63));
	for (i = 0; i < sizeof(long_name); i++)
		long_name[i] = i % 10 == 9 ? '.' : 'a';
	ck_assert(cifsaf_hostname_valid(long_name, 253));
	ck_assert(!cifsaf_hostname_valid(long_name, 254));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("keydesc");
	TCase *tc = testhelp_tcase("keydesc");

	tcase_add_test(tc, keydesc_parses_the_kernels_text);
	tcase_add_test(tc, keydesc_refuses_what_the_kernel_never_writes);
	tcase_add_test(tc, keydesc_trust_rule);
	tcase_add_test(tc, hostnames);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
