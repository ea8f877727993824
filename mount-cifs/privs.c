/* privs.c: who holds which privilege, with libcap-ng; build features. */
#include "config.h"

#include <errno.h>
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

int cifsaf_privs_limit(void)
{
#ifdef HAVE_LIBCAP_NG
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
			  CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SETUID, CAP_SETGID, CAP_SETPCAP, -1) < 0 ||
	    capng_updatev(CAPNG_ADD, CAPNG_PERMITTED | CAPNG_BOUNDING_SET, CAP_DAC_READ_SEARCH,
			  CAP_DAC_OVERRIDE, -1) < 0)
		return -EINVAL;
	/* The bounding set can only be pruned with CAP_SETPCAP (held as root
	 * before this call) and PR_CAPBSET_DROP (kernel 2.6.25); older kernels
	 * get the capability sets limited and are told so. */
	if (capng_apply(CAPNG_SELECT_BOTH) == 0)
		return 0;
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
	const int all = CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET;
	int r;

	capng_get_caps_process();
	switch (p) {
	case CIFSAF_PRIV_SETID:
		r = capng_updatev(CAPNG_DROP, all, CAP_SETUID, CAP_SETGID, CAP_SETPCAP, -1);
		break;
	case CIFSAF_PRIV_SYS_CHROOT:
		r = capng_update(CAPNG_DROP, all, CAP_SYS_CHROOT);
		break;
	case CIFSAF_PRIV_DAC_OVERRIDE:
		r = capng_update(CAPNG_DROP, all, CAP_DAC_OVERRIDE);
		break;
	default:
		r = capng_update(CAPNG_DROP, all, CAP_DAC_READ_SEARCH);
		break;
	}
	if (r < 0)
		return -EINVAL;
	/* The bounds go first while CAP_SETPCAP is still effective; where
	 * the kernel cannot drop from them, the sets alone are changed. */
	if (capng_apply(CAPNG_SELECT_BOTH) == 0 || capng_apply(CAPNG_SELECT_CAPS) == 0)
		return 0;
	return -EPERM;
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
	/* Nothing the child runs (systemd-ask-password) may gain a
	 * capability, even as root; kernels before 2.6.25 cannot do this. */
	capng_get_caps_process();
	capng_clear(CAPNG_SELECT_BOUNDS);
	capng_apply(CAPNG_SELECT_BOUNDS);
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
	capng_get_caps_process();
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
	capng_get_caps_process();
	if (capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, cap_of(p)) == 0)
		capng_apply(CAPNG_SELECT_CAPS);
#else
	(void)p;
#endif
}
