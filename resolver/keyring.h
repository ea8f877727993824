/* keyring.h: the kernel keyring through libkeyutils: the decision cache's
 * real cifsaf_keyring_ops, and the calls a request-key upcall makes.
 *
 * A build without keyutils (configure --without-keyutils) keeps these
 * functions, and every one of them returns -ENOTSUP, so callers say that
 * the feature is missing instead of skipping it silently. */
#ifndef CIFSAF_KEYRING_H
#define CIFSAF_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcache.h"

/* Which keyring the cache lives under. */
enum cifsaf_keyring_base {
	CIFSAF_KEYRING_BASE_USER,	/* the caller's user keyring: root's, for root */
	CIFSAF_KEYRING_BASE_SESSION,	/* the session keyring (tests: keyctl session -) */
};

struct cifsaf_keyring {
	int32_t base;			/* a KEY_SPEC_* id */
	bool possessed;			/* base linked into the thread keyring */
};

/* The base from CIFS_AF_KEYRING ("user" or "session"; unset: user), as the
 * program layer reads it (never when setuid).  Returns 0, or -EINVAL for
 * any other value. */
int cifsaf_keyring_base_from_name(const char *name, enum cifsaf_keyring_base *ret);
void cifsaf_keyring_init(struct cifsaf_keyring *k, enum cifsaf_keyring_base base);

extern const struct cifsaf_keyring_ops cifsaf_keyring_real_ops;

bool cifsaf_keyring_supported(void);

/* For a request-key upcall: the key under construction is key. */
/* Its describe text (see keydesc.h); returns the length or -errno. */
int cifsaf_keyring_describe(int32_t key, char *buf, size_t size);
/* The callout information the requester passed; returns its length (the
 * full length, which may exceed size) or -errno. */
int cifsaf_keyring_callout(char *buf, size_t size);
/* Instantiate key with data (the NUL the dns_resolver type wants
 * included in len) and give it a timeout.  0 or -errno. */
int cifsaf_keyring_instantiate(int32_t key, const void *data, size_t len, unsigned timeout_s);
/* Refuse to instantiate key: requests for it fail with error (an errno
 * value) for timeout_s seconds.  Kernels before 2.6.39 only know a
 * negative key, which fails with ENOKEY: 1 says that is what was made.
 * 0, 1 or -errno. */
int cifsaf_keyring_reject(int32_t key, unsigned timeout_s, int error);

#endif
