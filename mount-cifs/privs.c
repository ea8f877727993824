/* privs.c: capability limiting with libcap-ng, and build features. */
#include "config.h"

#include <errno.h>
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
	return "libcap-ng: yes, keyutils: no (built --without-keyutils)";
#elif defined(HAVE_KEYUTILS)
	return "libcap-ng: no (built --without-libcap-ng), keyutils: yes";
#else
	return "libcap-ng: no (built --without-libcap-ng), keyutils: no (built --without-keyutils)";
#endif
}

int cifsaf_privs_limit(void)
{
#ifdef HAVE_LIBCAP_NG
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
			  CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH, -1) < 0)
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
