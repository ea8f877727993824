/* privs.c: who holds which privilege, with libcap-ng; build features.
 *
 * The sets the process should hold are kept here and written whole each
 * time (what the kernel changed by itself, such as effective DAC
 * capabilities when fsuid returns to 0, is overwritten by the next write).
 * They go through libcap-ng; on kernels before 2.6.25 without
 * /proc/sys/kernel/cap_last_cap, libcap-ng (0.8.3) cannot learn the last
 * capability and refuses all but CAP_CHOWN, and then they go through
 * capset version 1, which is all those kernels know.  The bounding set is
 * pruned here with prctl, where the kernel has the calls (2.6.25). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifdef HAVE_LIBCAP_NG
#include <cap-ng.h>
#endif

#include "compat/compat.h"
#include "privs.h"

bool cifsaf_have_libcap_ng(void)
{
#ifdef HAVE_LIBCAP_NG
	return true;
#else
	return false;
#endif
}

bool cifsaf_have_keyutils(void)
{
#ifdef HAVE_KEYUTILS
	return true;
#else
	return false;
#endif
}

const char *cifsaf_features_text(void)
{
#if defined(HAVE_LIBCAP_NG) && defined(HAVE_KEYUTILS)
	return "libcap-ng: yes, keyutils: yes";
#elif defined(HAVE_LIBCAP_NG)
	return "libcap-ng: yes, keyutils: no (built --without-keyutils: no decision cache, "
	       "cifs-af.dnsresolver hands every request to key.dns_resolver)";
#elif defined(HAVE_KEYUTILS)
	return "libcap-ng: no (built --without-libcap-ng), keyutils: yes";
#else
	return "libcap-ng: no (built --without-libcap-ng), keyutils: no (built --without-keyutils: no "
	       "decision cache, cifs-af.dnsresolver hands every request to key.dns_resolver)";
#endif
}

#ifdef HAVE_LIBCAP_NG
#define BIT(cap) ((uint64_t)1 << (cap))
#define CAPS_MAX 64

/* Everything cifsaf_privs_limit keeps: the bounding set after it. */
static const uint64_t kept_caps = BIT(CAP_SYS_ADMIN) | BIT(CAP_SYS_CHROOT) | BIT(CAP_SETUID) |
	BIT(CAP_SETGID) | BIT(CAP_SETPCAP) | BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_DAC_OVERRIDE);

static int real_bound_read(void *ctx, int cap)
{
	(void)ctx;
	return cifsaf_capbset_read(cap);
}

static int real_bound_drop(void *ctx, int cap)
{
	(void)ctx;
	return cifsaf_capbset_drop(cap);
}

static int real_set_libcapng(void *ctx, uint64_t effective, uint64_t permitted)
{
	int cap;

	(void)ctx;
	capng_clear(CAPNG_SELECT_CAPS);
	for (cap = 0; cap < CAPS_MAX; cap++) {
		if ((permitted & BIT(cap)) && capng_update(CAPNG_ADD, CAPNG_PERMITTED, (unsigned)cap) < 0)
			return -EINVAL;
		if ((effective & BIT(cap)) && capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, (unsigned)cap) < 0)
			return -EINVAL;
	}
	return capng_apply(CAPNG_SELECT_CAPS) < 0 ? -EPERM : 0;
}

static int real_set_v1(void *ctx, uint32_t effective, uint32_t permitted)
{
	(void)ctx;
	return cifsaf_capset_v1(effective, permitted);
}

static const struct cifsaf_privs_ops real_ops = {
	real_bound_read, real_bound_drop, real_set_libcapng, real_set_v1,
};

enum bounds { BOUNDS_FULL, BOUNDS_PRUNED, BOUNDS_UNSUPPORTED };

static struct {
	const struct cifsaf_privs_ops *ops;
	void *ctx;
	uint64_t effective, permitted;
	enum bounds bounds;
	bool v1;		/* libcap-ng refused: capset version 1 from now on */
} st = { &real_ops, NULL, 0, 0, BOUNDS_FULL, false };

/* Write the sets.  0 or -EPERM. */
static int apply(void)
{
	int r;

	if (!st.v1) {
		r = st.ops->set_libcapng(st.ctx, st.effective, st.permitted);
		if (r != -EINVAL)
			return r < 0 ? -EPERM : 0;
		st.v1 = true;
	}
	/* Every capability kept here is below 32. */
	if ((st.effective | st.permitted) >> 32)
		return -EPERM;
	return st.ops->set_v1(st.ctx, (uint32_t)st.effective, (uint32_t)st.permitted) < 0 ? -EPERM : 0;
}

/* Drop every capability but kept_caps from the bounding set, up to the
 * first the kernel does not know.  0, 1 when the kernel has no bounding
 * set calls, or -errno (no CAP_SETPCAP). */
static int prune_bounds(void)
{
	int cap, r;

	if (st.ops->bound_read(st.ctx, CAP_CHOWN) < 0) {
		st.bounds = BOUNDS_UNSUPPORTED;
		return 1;
	}
	for (cap = 0; cap < CAPS_MAX; cap++) {
		if (kept_caps & BIT(cap))
			continue;
		r = st.ops->bound_drop(st.ctx, cap);
		if (r == -EINVAL)
			break;
		if (r < 0)
			return r;
	}
	st.bounds = BOUNDS_PRUNED;
	return 0;
}
#endif

void cifsaf_privs_set_ops(const struct cifsaf_privs_ops *ops, void *ctx)
{
#ifdef HAVE_LIBCAP_NG
	st.ops = ops != NULL ? ops : &real_ops;
	st.ctx = ctx;
	st.effective = st.permitted = 0;
	st.bounds = BOUNDS_FULL;
	st.v1 = false;
#else
	(void)ops, (void)ctx;
#endif
}

int cifsaf_privs_limit(void)
{
#ifdef HAVE_LIBCAP_NG
	int pruned;

	st.permitted = kept_caps;
	st.effective = BIT(CAP_SYS_ADMIN) | BIT(CAP_SYS_CHROOT) | BIT(CAP_SETUID) | BIT(CAP_SETGID) |
		       BIT(CAP_SETPCAP);
	/* First, while root still has CAP_SETPCAP effective. */
	pruned = prune_bounds();
	if (pruned < 0)
		return -EPERM;
	if (apply() < 0)
		return -EPERM;
	return pruned;
#else
	return -ENOTSUP;
#endif
}

int cifsaf_privs_drop(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	uint64_t caps;
	int cap;

	switch (p) {
	case CIFSAF_PRIV_SETID:
		caps = BIT(CAP_SETUID) | BIT(CAP_SETGID) | BIT(CAP_SETPCAP);
		break;
	case CIFSAF_PRIV_SYS_CHROOT:
		caps = BIT(CAP_SYS_CHROOT);
		break;
	case CIFSAF_PRIV_DAC_OVERRIDE:
		caps = BIT(CAP_DAC_OVERRIDE);
		break;
	default:
		caps = BIT(CAP_DAC_READ_SEARCH);
		break;
	}
	/* CAP_SETPCAP last: the bounding drops need it. */
	if (st.bounds == BOUNDS_PRUNED)
		for (cap = 0; cap < CAPS_MAX; cap++)
			if ((caps & BIT(cap)) && cap != CAP_SETPCAP)
				st.ops->bound_drop(st.ctx, cap);
	if (st.bounds == BOUNDS_PRUNED && (caps & BIT(CAP_SETPCAP)))
		st.ops->bound_drop(st.ctx, CAP_SETPCAP);
	st.effective &= ~caps;
	st.permitted &= ~caps;
	return apply();
#else
	(void)p;
	return 0;
#endif
}

int cifsaf_privs_child(uid_t uid, gid_t gid)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
#ifdef HAVE_LIBCAP_NG
	int cap;

	/* Nothing the child runs (systemd-ask-password) may gain a
	 * capability, even as root.  After cifsaf_privs_limit the bounding
	 * set holds kept_caps only; otherwise every capability the kernel
	 * knows is dropped, until it says there is no such one (at once,
	 * on kernels without the call). */
	for (cap = 0; cap < CAPS_MAX; cap++) {
		if (st.bounds == BOUNDS_PRUNED && !(kept_caps & BIT(cap)))
			continue;
		if (st.ops->bound_drop(st.ctx, cap) == -EINVAL && st.bounds != BOUNDS_PRUNED)
			break;
	}
#endif
	if (uid != 0) {
		/* setresuid with CAP_SETUID sets all three ids, so the saved
		 * uid cannot bring root back; the kernel then clears the
		 * capability sets itself. */
		if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			return -errno;
		if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0)
			return -errno;
		if (ru != uid || eu != uid || su != uid || rg != gid || eg != gid || sg != gid)
			return -EPERM;
		if (setuid(0) == 0)
			return -EPERM;
	}
#ifdef HAVE_LIBCAP_NG
	st.effective = 0;
	st.permitted = uid == 0 ? BIT(CAP_DAC_READ_SEARCH) : 0;
	if (apply() < 0)
		return -EPERM;
#endif
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

#ifdef HAVE_LIBCAP_NG
static uint64_t cap_of(enum cifsaf_priv p)
{
	switch (p) {
	case CIFSAF_PRIV_DAC_OVERRIDE:
		return BIT(CAP_DAC_OVERRIDE);
	case CIFSAF_PRIV_SYS_CHROOT:
		return BIT(CAP_SYS_CHROOT);
	case CIFSAF_PRIV_SETID:
		return BIT(CAP_SETUID);
	default:
		return BIT(CAP_DAC_READ_SEARCH);
	}
}
#endif

int cifsaf_privs_raise(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	st.effective |= cap_of(p) & st.permitted;
	if (!(st.effective & cap_of(p)))
		return -EPERM;
	return apply();
#else
	(void)p;
	return 0;
#endif
}

void cifsaf_privs_lower(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	st.effective &= ~cap_of(p);
	apply();
#else
	(void)p;
#endif
}
