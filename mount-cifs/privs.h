/* privs.h: capabilities the helper keeps, and which optional features this
 * build has (so a missing one is reported, never silently skipped). */
#ifndef CIFSAF_PRIVS_H
#define CIFSAF_PRIVS_H

#include <stdbool.h>

/* Keep only CAP_SYS_ADMIN (mount) and CAP_DAC_READ_SEARCH (reach the mount
 * point) in the effective, permitted and bounding sets.  Returns 0; 1 when
 * the bounding set could not be pruned (kernels before 2.6.25) but the other
 * sets were limited; -ENOTSUP when built without libcap-ng; or -errno. */
int cifsaf_privs_limit(void);

bool cifsaf_have_libcap_ng(void);
bool cifsaf_have_keyutils(void);

/* "libcap-ng: yes, keyutils: no" and so on, for -V. */
const char *cifsaf_features_text(void);

#endif
