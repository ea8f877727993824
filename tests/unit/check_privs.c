/* Unit tests: mount-cifs/privs.c with a fake kernel and a fake libcap-ng:
 * a current kernel, and 2.6.18 (no bounding set calls, and a libcap-ng
 * that finds no capability but CAP_CHOWN there, so capset version 1). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <linux/capability.h>

#include "testhelp.h"
#include "mount-cifs/privs.h"

#define BIT(cap) ((uint64_t)1 << (cap))

#ifdef HAVE_LIBCAP_NG
struct fake_kernel {
	bool has_bounds;	/* PR_CAPBSET_READ/DROP (2.6.25) */
	int last_cap;
	bool libcapng_refuses;	/* libcap-ng found last_cap 0 */
	int drop_error;		/* what PR_CAPBSET_DROP gives a known capability */
	uint64_t bounds, effective, permitted;
	int bound_reads, bound_drops, by_libcapng, by_v1;
};

static int f_bound_read(void *ctx, int cap)
{
	struct fake_kernel *k = ctx;

	k->bound_reads++;
	if (!k->has_bounds || cap > k->last_cap)
		return -EINVAL;
	return (k->bounds & BIT(cap)) != 0;
}

static int f_bound_drop(void *ctx, int cap)
{
	struct fake_kernel *k = ctx;

	k->bound_drops++;
	if (!k->has_bounds || cap > k->last_cap)
		return -EINVAL;
	if (k->drop_error != 0)
		return -k->drop_error;
	k->bounds &= ~BIT(cap);
	return 0;
}

static int f_set_libcapng(void *ctx, uint64_t effective, uint64_t permitted)
{
	struct fake_kernel *k = ctx;

	if (k->libcapng_refuses && ((effective | permitted) & ~BIT(CAP_CHOWN)))
		return -EINVAL;
	k->by_libcapng++;
	k->effective = effective;
	k->permitted = permitted;
	return 0;
}

static int f_set_v1(void *ctx, uint32_t effective, uint32_t permitted)
{
	struct fake_kernel *k = ctx;

	k->by_v1++;
	k->effective = effective;
	k->permitted = permitted;
	return 0;
}

static const struct cifsaf_privs_ops fake_ops = { f_bound_read, f_bound_drop, f_set_libcapng, f_set_v1 };

static const uint64_t kept = BIT(CAP_SYS_ADMIN) | BIT(CAP_SYS_CHROOT) | BIT(CAP_SETUID) | BIT(CAP_SETGID) |
	BIT(CAP_SETPCAP) | BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE);
static const uint64_t kept_effective = BIT(CAP_SYS_ADMIN) | BIT(CAP_SYS_CHROOT) | BIT(CAP_SETUID) |
	BIT(CAP_SETGID) | BIT(CAP_SETPCAP);

static void use(struct fake_kernel *k, bool has_bounds, bool refuses)
{
	memset(k, 0, sizeof(*k));
	k->has_bounds = has_bounds;
	k->last_cap = has_bounds ? 40 : 30;
	k->libcapng_refuses = refuses;
	k->bounds = k->last_cap == 40 ? BIT(41) - 1 : BIT(31) - 1;
	cifsaf_privs_set_ops(&fake_ops, k);
}

static void teardown_ops(void)
{
	cifsaf_privs_set_ops(NULL, NULL);
}

START_TEST(current_kernel_prunes_the_bounding_set)
{
	struct fake_kernel k;

	use(&k, true, false);
	ck_assert_int_eq(cifsaf_privs_limit(), 0);
	ck_assert_uint_eq(k.bounds, kept);
	ck_assert_uint_eq(k.permitted, kept);
	ck_assert_uint_eq(k.effective, kept_effective);
	ck_assert_int_eq(k.by_v1, 0);
	ck_assert_int_eq(cifsaf_privs_drop(CIFSAF_PRIV_SETID), 0);
	ck_assert_uint_eq(k.bounds, kept & ~(BIT(CAP_SETUID) | BIT(CAP_SETGID) | BIT(CAP_SETPCAP)));
	ck_assert_uint_eq(k.effective, BIT(CAP_SYS_ADMIN) | BIT(CAP_SYS_CHROOT));
	ck_assert_int_eq(k.by_v1, 0);
}
END_TEST

START_TEST(current_kernel_child_empties_the_bounding_set)
{
	struct fake_kernel k;

	use(&k, true, false);
	ck_assert_int_eq(cifsaf_privs_limit(), 0);
	/* Forked before the parent gives up CAP_SETPCAP. */
	ck_assert_int_eq(cifsaf_privs_child(0, 0), 0);
	ck_assert_uint_eq(k.bounds, 0);
	ck_assert_uint_eq(k.permitted, BIT(CAP_DAC_READ_SEARCH));
	ck_assert_uint_eq(k.effective, 0);
	ck_assert_int_eq(k.by_v1, 0);
}
END_TEST

START_TEST(kernel_2_6_18_keeps_the_bounding_set_and_says_so)
{
	struct fake_kernel k;

	use(&k, false, true);
	/* 1: the bounding set is kept, the other sets limited. */
	ck_assert_int_eq(cifsaf_privs_limit(), 1);
	ck_assert_int_eq(k.bound_reads, 1);
	ck_assert_int_eq(k.bound_drops, 0);
	ck_assert_uint_eq(k.bounds, BIT(31) - 1);
	/* libcap-ng refused, so capset version 1 wrote them. */
	ck_assert_int_eq(k.by_libcapng, 0);
	ck_assert_int_eq(k.by_v1, 1);
	ck_assert_uint_eq(k.permitted, kept);
	ck_assert_uint_eq(k.effective, kept_effective);
	/* Raised and lowered around a call, and given up for good. */
	ck_assert_int_eq(cifsaf_privs_raise(CIFSAF_PRIV_DAC_READ_SEARCH), 0);
	ck_assert_uint_eq(k.effective, kept_effective | BIT(CAP_DAC_READ_SEARCH));
	cifsaf_privs_lower(CIFSAF_PRIV_DAC_READ_SEARCH);
	ck_assert_uint_eq(k.effective, kept_effective);
	ck_assert_int_eq(cifsaf_privs_drop(CIFSAF_PRIV_SYS_CHROOT), 0);
	ck_assert_uint_eq(k.permitted, kept & ~BIT(CAP_SYS_CHROOT));
	ck_assert_int_eq(k.bound_drops, 0);
	ck_assert_int_eq(k.by_libcapng, 0);
	/* The child: one try at the bounding set, which the kernel lacks. */
	ck_assert_int_eq(cifsaf_privs_child(0, 0), 0);
	ck_assert_int_eq(k.bound_drops, 1);
	ck_assert_uint_eq(k.permitted, BIT(CAP_DAC_READ_SEARCH));
	ck_assert_uint_eq(k.effective, 0);
	ck_assert_int_eq(k.by_libcapng, 0);
}
END_TEST

START_TEST(old_kernel_with_a_libcapng_that_copes)
{
	struct fake_kernel k;

	/* A kernel before 2.6.25 where libcap-ng knows the capabilities (an
	 * older libcap-ng, or one that found cap_last_cap). */
	use(&k, false, false);
	ck_assert_int_eq(cifsaf_privs_limit(), 1);
	ck_assert_int_eq(k.by_v1, 0);
	ck_assert_uint_eq(k.permitted, kept);
	ck_assert_int_eq(cifsaf_privs_drop(CIFSAF_PRIV_SETID), 0);
	ck_assert_int_eq(k.by_v1, 0);
	ck_assert_int_eq(k.bound_drops, 0);
}
END_TEST

START_TEST(no_setpcap_fails_the_limit)
{
	struct fake_kernel k;

	use(&k, true, false);
	k.drop_error = EPERM;
	ck_assert_int_eq(cifsaf_privs_limit(), -EPERM);
}
END_TEST

START_TEST(raising_what_was_given_up_fails)
{
	struct fake_kernel k;

	use(&k, false, true);
	ck_assert_int_eq(cifsaf_privs_limit(), 1);
	ck_assert_int_eq(cifsaf_privs_drop(CIFSAF_PRIV_DAC_OVERRIDE), 0);
	ck_assert_int_eq(cifsaf_privs_raise(CIFSAF_PRIV_DAC_OVERRIDE), -EPERM);
	ck_assert_uint_eq(k.effective & BIT(CAP_DAC_OVERRIDE), 0);
}
END_TEST

START_TEST(each_capability_raised_lowered_and_dropped_alone)
{
	static const struct {
		enum cifsaf_priv p;
		uint64_t raised;	/* what raising it makes effective */
		uint64_t caps;		/* what dropping it gives up */
	} privs[] = {
		{ CIFSAF_PRIV_DAC_READ_SEARCH, BIT(CAP_DAC_READ_SEARCH), BIT(CAP_DAC_READ_SEARCH) },
		{ CIFSAF_PRIV_DAC_OVERRIDE, BIT(CAP_DAC_OVERRIDE), BIT(CAP_DAC_OVERRIDE) },
		{ CIFSAF_PRIV_SYS_CHROOT, BIT(CAP_SYS_CHROOT), BIT(CAP_SYS_CHROOT) },
		{ CIFSAF_PRIV_SETID, BIT(CAP_SETUID), BIT(CAP_SETUID) | BIT(CAP_SETGID) | BIT(CAP_SETPCAP) },
	};
	struct fake_kernel k;
	size_t i;

	use(&k, true, false);
	ck_assert_int_eq(cifsaf_privs_limit(), 0);
	for (i = 0; i < sizeof(privs) / sizeof(privs[0]); i++) {
		ck_assert_int_eq(cifsaf_privs_raise(privs[i].p), 0);
		ck_assert_uint_eq(k.effective & privs[i].raised, privs[i].raised);
		cifsaf_privs_lower(privs[i].p);
		ck_assert_uint_eq(k.effective & privs[i].raised, 0);
		ck_assert_int_eq(cifsaf_privs_drop(privs[i].p), 0);
		ck_assert_uint_eq(k.permitted & privs[i].caps, 0);
		if (privs[i].p != CIFSAF_PRIV_SETID)	/* after it, no CAP_SETPCAP to drop bounds */
			ck_assert_uint_eq(k.bounds & privs[i].caps, 0);
		ck_assert_int_eq(cifsaf_privs_raise(privs[i].p), -EPERM);
	}
	ck_assert_uint_eq(k.permitted, BIT(CAP_SYS_ADMIN));
	ck_assert(cifsaf_have_libcap_ng());
#ifdef HAVE_KEYUTILS
	ck_assert(cifsaf_have_keyutils());
#else
	ck_assert(!cifsaf_have_keyutils());
#endif
}
END_TEST
#else
START_TEST(without_libcap_ng_nothing_is_limited)
{
	ck_assert_int_eq(cifsaf_privs_limit(), -ENOTSUP);
	ck_assert_int_eq(cifsaf_privs_raise(CIFSAF_PRIV_DAC_OVERRIDE), 0);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("privs");
	TCase *tc = testhelp_tcase("privs");

#ifdef HAVE_LIBCAP_NG
	tcase_add_checked_fixture(tc, NULL, teardown_ops);
	tcase_add_test(tc, current_kernel_prunes_the_bounding_set);
	tcase_add_test(tc, current_kernel_child_empties_the_bounding_set);
	tcase_add_test(tc, kernel_2_6_18_keeps_the_bounding_set_and_says_so);
	tcase_add_test(tc, old_kernel_with_a_libcapng_that_copes);
	tcase_add_test(tc, no_setpcap_fails_the_limit);
	tcase_add_test(tc, each_capability_raised_lowered_and_dropped_alone);
	tcase_add_test(tc, raising_what_was_given_up_fails);
#else
	tcase_add_test(tc, without_libcap_ng_nothing_is_limited);
#endif
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
