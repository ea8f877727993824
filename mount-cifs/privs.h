/* privs.h: capabilities the helper keeps, and which optional features this
 * build has (so a missing one is reported, never silently skipped). */
#ifndef CIFSAF_PRIVS_H
#define CIFSAF_PRIVS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Capabilities the parent raises around a call, or gives up for good. */
enum cifsaf_priv {
	CIFSAF_PRIV_DAC_READ_SEARCH,	/* root's mount point and mount(2) */
	CIFSAF_PRIV_DAC_OVERRIDE,	/* the /etc/mtab update */
	CIFSAF_PRIV_SYS_CHROOT,		/* setns() for -N, with CAP_SYS_ADMIN */
	CIFSAF_PRIV_SETID,		/* CAP_SETUID, CAP_SETGID, CAP_SETPCAP: for the child */
};

/* First thing, before any input is parsed: CAP_SYS_ADMIN, CAP_SYS_CHROOT,
 * CAP_SETUID, CAP_SETGID and CAP_SETPCAP effective; CAP_DAC_READ_SEARCH and
 * CAP_DAC_OVERRIDE permitted only; the bounding set pruned to those seven.
 * Returns 0; 1 when the kernel has no bounding set calls (before 2.6.25)
 * but the other sets were limited; -ENOTSUP when built without libcap-ng;
 * or -EPERM. */
int cifsaf_privs_limit(void);

/* Give up a capability for good: effective, permitted and, while
 * CAP_SETPCAP is still held, the bounding set.  0 or -errno. */
int cifsaf_privs_drop(enum cifsaf_priv p);

/* The child becomes the caller for good.  Its bounding set is emptied
 * first, so nothing it runs can gain a capability.  A caller other than
 * root: every uid and gid set to theirs (no way back), no capability left.
 * Root: no capability but CAP_DAC_READ_SEARCH, permitted only, for
 * credentials files root may read.  The process is made non-dumpable.
 * Returns 0 or -errno; -EPERM when the drop could not be verified. */
int cifsaf_privs_child(uid_t uid, gid_t gid);

/* Make a permitted capability effective, or not.  No-ops (returning 0)
 * without libcap-ng, where root keeps every capability anyway. */
int cifsaf_privs_raise(enum cifsaf_priv p);
void cifsaf_privs_lower(enum cifsaf_priv p);

/* What the functions above call, a seam for tests. */
struct cifsaf_privs_ops {
	/* The bounding set (compat.h): 0/1 or -errno; 0 or -errno. */
	int (*bound_read)(void *ctx, int cap);
	int (*bound_drop)(void *ctx, int cap);
	/* Write the effective and permitted sets whole through libcap-ng:
	 * 0, -EINVAL when it refuses a capability (it believes the kernel
	 * has fewer), or another -errno. */
	int (*set_libcapng)(void *ctx, uint64_t effective, uint64_t permitted);
	/* The same with capset version 1 (compat.h): 0 or -errno. */
	int (*set_v1)(void *ctx, uint32_t effective, uint32_t permitted);
};

/* Use OPS (NULL: the real calls) and forget every set recorded so far. */
void cifsaf_privs_set_ops(const struct cifsaf_privs_ops *ops, void *ctx);

bool cifsaf_have_libcap_ng(void);
bool cifsaf_have_keyutils(void);

/* "libcap-ng: yes, keyutils: no" and so on, for -V. */
const char *cifsaf_features_text(void);

#endif
