/* seams.h: the real seams both programs plug into resolver/decide and
 * resolver/dcache: the running kernel's release, getaddrinfo and the socket
 * prober, and the keyring the decision cache lives under.  No printing;
 * callers report. */
#ifndef CIFSAF_SEAMS_H
#define CIFSAF_SEAMS_H

#include "resolver/decide.h"
#include "resolver/kernel.h"
#include "resolver/keyring.h"

/* The kernel release: uname, or CIFS_AF_KERNEL_RELEASE when not setuid.
 * Returns 0 or -errno; *ret_release names what was parsed ("" when uname
 * failed). */
int kernel_facts(struct cifsaf_kernel *ret, const char **ret_release);

/* Lookups by getaddrinfo in forked children, probes by non-blocking
 * connect. */
extern const struct cifsaf_decide_ops real_decide_ops;

/* The keyring the cache lives under: root's user keyring, or the session
 * keyring when CIFS_AF_KEYRING=session (tests; never when setuid).
 * Returns 0, or -EINVAL when CIFS_AF_KEYRING names neither. */
int cache_keyring(struct cifsaf_keyring *k);

#endif
