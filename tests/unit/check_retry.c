/* Unit tests: mount-cifs/retry.c. */
#include "config.h"

#include <errno.h>

#include "testhelp.h"
#include "mount-cifs/retry.h"

START_TEST(classification)
{
	struct cifsaf_candidate v4 = testhelp_addr("192.0.2.1"), v6 = testhelp_addr("2001:db8::1");
	static const int next[] = { ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EINPROGRESS };
	static const int stop[] = { EACCES, EIO, ENODEV, EHOSTDOWN, ENOENT, EPERM };
	size_t i;

	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		ck_assert_int_eq(cifsaf_retry_after(next[i], &v4), CIFSAF_RETRY_NEXT_ADDRESS);
		ck_assert_int_eq(cifsaf_retry_after(next[i], &v6), CIFSAF_RETRY_NEXT_ADDRESS);
	}
	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++) {
		ck_assert_int_eq(cifsaf_retry_after(stop[i], &v4), CIFSAF_RETRY_STOP);
		ck_assert_int_eq(cifsaf_retry_after(stop[i], &v6), CIFSAF_RETRY_STOP);
	}
	/* A kernel that cannot parse IPv6 answers EINVAL: move on for IPv6 only. */
	ck_assert_int_eq(cifsaf_retry_after(EINVAL, &v6), CIFSAF_RETRY_NEXT_ADDRESS);
	ck_assert_int_eq(cifsaf_retry_after(EAFNOSUPPORT, &v6), CIFSAF_RETRY_NEXT_ADDRESS);
	ck_assert_int_eq(cifsaf_retry_after(EINVAL, &v4), CIFSAF_RETRY_STOP);
}
END_TEST

START_TEST(mount_retry_decisions)
{
	struct cifsaf_candidate v4 = testhelp_addr("192.0.2.1");
	struct cifsaf_retry_state s = { false, false, false, false, 0, true };

	ck_assert_int_eq(cifsaf_mount_retry_next(ENXIO, &v4, &s), CIFSAF_MOUNT_UPPERCASE);
	s.uppercased = true;
	ck_assert_int_eq(cifsaf_mount_retry_next(ENXIO, &v4, &s), CIFSAF_MOUNT_STOP);
	s.uppercased = false;
	s.ascii_names = false;	/* cifs-utils refuses to upper-case non-ASCII names */
	ck_assert_int_eq(cifsaf_mount_retry_next(ENXIO, &v4, &s), CIFSAF_MOUNT_STOP);

	ck_assert_int_eq(cifsaf_mount_retry_next(ENOKEY, &v4, &s), CIFSAF_MOUNT_STOP);	/* no krb5 */
	s.krb5 = true;
	ck_assert_int_eq(cifsaf_mount_retry_next(ENOKEY, &v4, &s), CIFSAF_MOUNT_STOP);	/* no SUDO_UID */
	s.sudo_uid = 1000;
	ck_assert_int_eq(cifsaf_mount_retry_next(ENOKEY, &v4, &s), CIFSAF_MOUNT_SUDO_CRUID);
	s.cruid_set = true;
	ck_assert_int_eq(cifsaf_mount_retry_next(ENOKEY, &v4, &s), CIFSAF_MOUNT_STOP);
	s.cruid_set = false;
	s.sudo_cruid_tried = true;
	ck_assert_int_eq(cifsaf_mount_retry_next(ENOKEY, &v4, &s), CIFSAF_MOUNT_STOP);

	ck_assert_int_eq(cifsaf_mount_retry_next(ETIMEDOUT, &v4, &s), CIFSAF_MOUNT_NEXT_ADDRESS);
	ck_assert_int_eq(cifsaf_mount_retry_next(EACCES, &v4, &s), CIFSAF_MOUNT_STOP);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("retry");
	TCase *tc = testhelp_tcase("retry");

	tcase_add_test(tc, classification);
	tcase_add_test(tc, mount_retry_decisions);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
