/* fakering.c: a fake kernel keyring for the unit suites of the caches
 * (fakering.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fakering.h"

struct fake_ring fake_keys;

void fake_keyring_reset(void)
{
	memset(&fake_keys, 0, sizeof(fake_keys));
	fake_keys.next = 2000;
}

struct fake_key *fake_keyring_by_serial(int32_t serial)
{
	size_t i;

	for (i = 0; i < FAKE_KEYS; i++)
		if (fake_keys.keys[i].used && fake_keys.keys[i].serial == serial)
			return &fake_keys.keys[i];
	return NULL;
}

/* Searched recursively, as keyctl_search does. */
struct fake_key *fake_keyring_find(int32_t in, const char *type, const char *desc)
{
	struct fake_key *k;
	size_t i;

	for (i = 0; i < FAKE_KEYS; i++) {
		k = &fake_keys.keys[i];
		if (!k->used || k->parent != in)
			continue;
		if (strcmp(k->type, type) == 0 && strcmp(k->desc, desc) == 0)
			return k;
		if (strcmp(k->type, "keyring") == 0 && (k = fake_keyring_find(k->serial, type, desc)) != NULL)
			return k;
	}
	return NULL;
}

static int32_t ring_id(int32_t keyring)
{
	return keyring == 0 ? FAKE_BASE_RING : keyring;
}

static int f_search(void *ctx, int32_t keyring, const char *type, const char *desc, int32_t *ret)
{
	struct fake_key *k;

	(void)ctx;
	fake_keys.calls++;
	if (fake_keys.fail_search)
		return fake_keys.fail_search;
	k = fake_keyring_find(ring_id(keyring), type, desc);
	if (k == NULL)
		return -ENOKEY;
	*ret = k->serial;
	return 0;
}

static int f_describe(void *ctx, int32_t key, char *buf, size_t size)
{
	struct fake_key *k = fake_keyring_by_serial(key);
	char text[512];
	int n;

	(void)ctx;
	fake_keys.calls++;
	if (k == NULL)
		return -ENOKEY;
	n = snprintf(text, sizeof(text), "%s;%u;%u;%08x;%s", k->type, (unsigned)k->uid, (unsigned)k->gid,
		     (unsigned)k->perm, k->desc);
	memcpy(buf, text, (size_t)n < size ? (size_t)n : size);
	return n;
}

static int f_read(void *ctx, int32_t key, char *buf, size_t size)
{
	struct fake_key *k = fake_keyring_by_serial(key);

	(void)ctx;
	fake_keys.calls++;
	if (k == NULL)
		return -ENOKEY;
	memcpy(buf, k->payload, k->len < size ? k->len : size);
	return (int)k->len;
}

struct fake_key *fake_keyring_plant(int32_t parent, const char *type, const char *desc, const char *payload)
{
	size_t i;

	for (i = 0; i < FAKE_KEYS && fake_keys.keys[i].used; i++)
		;
	ck_assert_uint_lt(i, FAKE_KEYS);
	fake_keys.keys[i].used = true;
	fake_keys.keys[i].serial = fake_keys.next++;
	fake_keys.keys[i].parent = parent;
	snprintf(fake_keys.keys[i].type, sizeof(fake_keys.keys[i].type), "%s", type);
	snprintf(fake_keys.keys[i].desc, sizeof(fake_keys.keys[i].desc), "%s", desc);
	fake_keys.keys[i].perm = 0x3f010000;	/* the kernel's default for a new key */
	fake_keys.keys[i].len = payload ? strlen(payload) : 0;
	if (payload)
		memcpy(fake_keys.keys[i].payload, payload, fake_keys.keys[i].len);
	return &fake_keys.keys[i];
}

/* add_key: a key of the same type and description in that keyring is
 * updated in place, owner and permissions unchanged. */
static int f_add(void *ctx, int32_t keyring, const char *type, const char *desc, const void *data,
		 size_t len, int32_t *ret)
{
	struct fake_key *k;
	size_t i;

	(void)ctx;
	fake_keys.calls++;
	for (i = 0; i < FAKE_KEYS; i++) {
		k = &fake_keys.keys[i];
		if (k->used && k->parent == ring_id(keyring) && strcmp(k->type, type) == 0 &&
		    strcmp(k->desc, desc) == 0 && strcmp(type, "keyring") != 0) {
			memcpy(k->payload, data, len);
			k->len = len;
			*ret = k->serial;
			return 0;
		}
	}
	k = fake_keyring_plant(ring_id(keyring), type, desc, NULL);
	if (data != NULL)
		memcpy(k->payload, data, len);
	k->len = len;
	*ret = k->serial;
	return 0;
}

static int f_setperm(void *ctx, int32_t key, uint32_t perm)
{
	struct fake_key *k = fake_keyring_by_serial(key);

	(void)ctx;
	fake_keys.calls++;
	if (k == NULL)
		return -ENOKEY;
	k->perm = perm;
	return 0;
}

static int f_set_timeout(void *ctx, int32_t key, unsigned seconds)
{
	struct fake_key *k = fake_keyring_by_serial(key);

	(void)ctx;
	fake_keys.calls++;
	if (k == NULL)
		return -ENOKEY;
	k->timeout = seconds;
	return 0;
}

static int f_unlink(void *ctx, int32_t key, int32_t keyring)
{
	struct fake_key *k = fake_keyring_by_serial(key);

	(void)ctx;
	fake_keys.calls++;
	if (k == NULL || k->parent != ring_id(keyring))
		return -ENOENT;
	k->used = false;
	return 0;
}

const struct cifsaf_keyring_ops fake_keyring_ops = {
	f_search, f_describe, f_read, f_add, f_setperm, f_set_timeout, f_unlink,
};

/* Our keyring in the base, as a store would leave it. */
int32_t fake_keyring_ours(void)
{
	struct fake_key *k = fake_keyring_plant(FAKE_BASE_RING, "keyring", CIFSAF_CACHE_KEYRING, NULL);

	k->perm = CIFSAF_CACHE_PERM;
	return k->serial;
}

struct fake_key *fake_keyring_cached(int32_t parent, const char *desc, const char *payload)
{
	struct fake_key *k = fake_keyring_plant(parent, "user", desc, payload);

	k->perm = CIFSAF_CACHE_PERM;
	return k;
}
