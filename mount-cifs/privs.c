/* privs.c: who holds which privilege, with libcap-ng; build features. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifdef HAVE_LIBCAP_NG
#include <cap-ng.h>
#endif

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

#ifdef HAVE_LIBCAP_NG
/* Everything cifsaf_privs_limit keeps: the bounding set after it. */
static const int kept_caps[] = {
	CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SETUID, CAP_SETGID, CAP_SETPCAP,
	CAP_DAC_READ_SEARCH, CAP_DAC_OVERRIDE,
};

/* Whether the bounding set holds only kept_caps (kernel 2.6.25 and later). */
static bool bounds_pruned;

/* Remove one capability from the bounding set, while CAP_SETPCAP is held;
 * kernels before 2.6.25 have no bounding set to change. */
static void bound_drop(int cap)
{
#ifdef PR_CAPBSET_DROP
	prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
#else
	(void)cap;
#endif
}
#endif

/* libcap-ng's own record of the sets is kept up to date by every change
 * made here, and capng_apply writes whole sets: the process's sets are not
 * read back (each read parses /proc/self/status), and what the kernel
 * changed by itself (effective DAC capabilities when fsuid returns to 0)
 * is overwritten by the next apply. */
int cifsaf_privs_limit(void)
{
#ifdef HAVE_LIBCAP_NG
	size_t i;

	capng_clear(CAPNG_SELECT_BOTH);
	for (i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
		if (capng_update(CAPNG_ADD, CAPNG_PERMITTED | CAPNG_BOUNDING_SET, kept_caps[i]) < 0)
			return -EINVAL;
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SETUID,
			  CAP_SETGID, CAP_SETPCAP, -1) < 0)
		return -EINVAL;
	/* The bounding set can only be pruned with CAP_SETPCAP (held as root
	 * before this call) and PR_CAPBSET_DROP (kernel 2.6.25); older kernels
	 * get the capability sets limited and are told so. */
	if (capng_apply(CAPNG_SELECT_BOTH) == 0) {
		bounds_pruned = true;
		return 0;
	}
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return -EPERM;
	return 1;
#else
	return -ENOTSUP;
#endif
}

int cifsaf_privs_drop(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	int caps[3], n = 0, i;

	switch (p) {
	case CIFSAF_PRIV_SETID:
		caps[n++] = CAP_SETUID;
		caps[n++] = CAP_SETGID;
		caps[n++] = CAP_SETPCAP;	/* last: the bounding drops need it */
		break;
	case CIFSAF_PRIV_SYS_CHROOT:
		caps[n++] = CAP_SYS_CHROOT;
		break;
	case CIFSAF_PRIV_DAC_OVERRIDE:
		caps[n++] = CAP_DAC_OVERRIDE;
		break;
	default:
		caps[n++] = CAP_DAC_READ_SEARCH;
		break;
	}
	for (i = 0; i < n; i++) {
		bound_drop(caps[i]);
		if (capng_update(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED, caps[i]) < 0)
			return -EINVAL;
	}
	return capng_apply(CAPNG_SELECT_CAPS) < 0 ? -EPERM : 0;
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
	size_t i;

	/* Nothing the child runs (systemd-ask-password) may gain a
	 * capability, even as root.  After cifsaf_privs_limit the bounding
	 * set holds kept_caps only; otherwise every capability the kernel
	 * knows is dropped, until it says there is no such one. */
	if (bounds_pruned) {
		for (i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
			bound_drop(kept_caps[i]);
	} else {
#ifdef PR_CAPBSET_DROP
		for (cap = 0; prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0 || errno != EINVAL; cap++)
			;
#else
		(void)cap;
#endif
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
	capng_clear(CAPNG_SELECT_BOTH);
	if (uid == 0 && capng_update(CAPNG_ADD, CAPNG_PERMITTED, CAP_DAC_READ_SEARCH) < 0)
		return -EINVAL;
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return -EPERM;
#endif
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

#ifdef HAVE_LIBCAP_NG
static int cap_of(enum cifsaf_priv p)
{
	switch (p) {
	case CIFSAF_PRIV_DAC_OVERRIDE:
		return CAP_DAC_OVERRIDE;
	case CIFSAF_PRIV_SYS_CHROOT:
		return CAP_SYS_CHROOT;
	case CIFSAF_PRIV_SETID:
		return CAP_SETUID;
	default:
		return CAP_DAC_READ_SEARCH;
	}
}
#endif
int cifsaf_privs_raise(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, cap_of(p)) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS) < 0)
		return -EPERM;
#else
	(void)p;
#endif
	return 0;
}

void cifsaf_privs_lower(enum cifsaf_priv p)
{
#ifdef HAVE_LIBCAP_NG
	if (capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, cap_of(p)) == 0)
		capng_apply(CAPNG_SELECT_CAPS);
#else
	(void)p;
#endif
}
