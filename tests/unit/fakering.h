/* fakering.h: a fake keyring that behaves as the kernel's does for what
 * the caches use (resolver/dcache.h, resolver/sitecache.h): nested
 * search, describe text, update in place keeping the owner and
 * permissions, unlink.  One per test process; reset it in the fixture. */
#ifndef CIFSAF_FAKERING_H
#define CIFSAF_FAKERING_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolver/dcache.h"

#define FAKE_KEYS 16
#define FAKE_BASE_RING 1000

struct fake_key {
	bool used;
	int32_t serial, parent;		/* parent: the keyring it is linked in */
	char type[16], desc[CIFSAF_CACHE_DESC_MAX];
	uint32_t uid, gid, perm;
	char payload[256];
	size_t len;
	unsigned timeout;
};

struct fake_ring {
	struct fake_key keys[FAKE_KEYS];
	int32_t next;
	int fail_search;		/* -errno for every search, 0: none */
	unsigned calls;
};

extern struct fake_ring fake_keys;
extern const struct cifsaf_keyring_ops fake_keyring_ops;

void fake_keyring_reset(void);
struct fake_key *fake_keyring_by_serial(int32_t serial);
/* Searched recursively from keyring in, as keyctl_search does. */
struct fake_key *fake_keyring_find(int32_t in, const char *type, const char *desc);
/* A key of type and desc in keyring parent (permissions the kernel's
 * default for a new key, 3f010000). */
struct fake_key *fake_keyring_plant(int32_t parent, const char *type, const char *desc,
				    const char *payload);
/* The cifs-af keyring in the base, as a store would leave it. */
int32_t fake_keyring_ours(void);
/* A user key with the cache's permissions. */
struct fake_key *fake_keyring_cached(int32_t parent, const char *desc, const char *payload);

#endif
