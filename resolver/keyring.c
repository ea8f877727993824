/* keyring.c: libkeyutils behind cifsaf_keyring_ops (see keyring.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#ifdef HAVE_KEYUTILS
#include <keyutils.h>
#endif

#include "compat/compat.h"
#include "keyring.h"

int cifsaf_keyring_base_from_name(const char *name, enum cifsaf_keyring_base *ret)
{
	if (name == NULL || *name == '\0' || strcmp(name, "user") == 0) {
		*ret = CIFSAF_KEYRING_BASE_USER;
		return 0;
	}
	if (strcmp(name, "session") == 0) {
		*ret = CIFSAF_KEYRING_BASE_SESSION;
		return 0;
	}
	return -EINVAL;
}

bool cifsaf_keyring_supported(void)
{
#ifdef HAVE_KEYUTILS
	return true;
#else
	return false;
#endif
}

#ifdef HAVE_KEYUTILS

void cifsaf_keyring_init(struct cifsaf_keyring *k, enum cifsaf_keyring_base base)
{
	k->base = base == CIFSAF_KEYRING_BASE_SESSION ? KEY_SPEC_SESSION_KEYRING : KEY_SPEC_USER_KEYRING;
	k->possessed = false;
}

/* A key is "possessed" when the process reaches it from its own thread,
 * process or session keyring, and only then do the possessor's permissions
 * apply to calls made by serial number.  Root's session keyring does not
 * always lead to root's user keyring (request-key's upcalls, services
 * with a private session keyring), and a key add_key() makes in a keyring
 * the process does not possess gets its owner no right but view: it could
 * then not even be given its permissions.  So the base keyring is linked
 * into the thread keyring, which exists for this thread alone and goes
 * with it, once, before the first call. */
static void possess_base(struct cifsaf_keyring *k)
{
	if (k->possessed)
		return;
	k->possessed = true;
	/* Without a thread keyring (kernels before 2.6.10) calls go on with
	 * whatever rights the owner has. */
	keyctl_link(k->base, KEY_SPEC_THREAD_KEYRING);
}

static key_serial_t ring_of(void *ctx, int32_t keyring)
{
	possess_base(ctx);
	return keyring != 0 ? keyring : ((struct cifsaf_keyring *)ctx)->base;
}

static int k_search(void *ctx, int32_t keyring, const char *type, const char *desc, int32_t *ret)
{
	long r = keyctl_search(ring_of(ctx, keyring), type, desc, 0);

	if (r < 0)
		return errno == EKEYEXPIRED || errno == EKEYREVOKED ? -ENOKEY : -errno;
	*ret = (int32_t)r;
	return 0;
}

/* keyctl_describe counts the NUL it writes; callers want the text. */
static int k_describe(void *ctx, int32_t key, char *buf, size_t size)
{
	possess_base(ctx);
	return cifsaf_keyring_describe(key, buf, size);
}

static int k_read(void *ctx, int32_t key, char *buf, size_t size)
{
	long r;

	possess_base(ctx);
	r = keyctl_read(key, buf, size);
	return r < 0 ? -errno : r > INT32_MAX ? -E2BIG : (int)r;
}

static int k_add(void *ctx, int32_t keyring, const char *type, const char *desc, const void *data,
		 size_t len, int32_t *ret)
{
	key_serial_t r = add_key(type, desc, data, len, ring_of(ctx, keyring));

	if (r < 0)
		return -errno;
	*ret = r;
	return 0;
}

static int k_setperm(void *ctx, int32_t key, uint32_t perm)
{
	possess_base(ctx);
	return keyctl_setperm(key, perm) < 0 ? -errno : 0;
}

static int k_set_timeout(void *ctx, int32_t key, unsigned seconds)
{
	possess_base(ctx);
	return keyctl_set_timeout(key, seconds) < 0 ? -errno : 0;
}

static int k_unlink(void *ctx, int32_t key, int32_t keyring)
{
	return keyctl_unlink(key, ring_of(ctx, keyring)) < 0 ? -errno : 0;
}

const struct cifsaf_keyring_ops cifsaf_keyring_real_ops = {
	k_search, k_describe, k_read, k_add, k_setperm, k_set_timeout, k_unlink,
};

int cifsaf_keyring_describe(int32_t key, char *buf, size_t size)
{
	long r = keyctl_describe(key, buf, size);

	if (r < 0)
		return -errno;
	if (r == 0 || r > INT32_MAX)
		return -EBADMSG;
	return (int)r - 1;
}

int cifsaf_keyring_callout(char *buf, size_t size)
{
	long r = keyctl_read(KEY_SPEC_REQKEY_AUTH_KEY, buf, size);

	return r < 0 ? -errno : r > INT32_MAX ? -E2BIG : (int)r;
}

int cifsaf_keyring_instantiate(int32_t key, const void *data, size_t len, unsigned timeout_s)
{
	/* The timeout first: once instantiated, the key is no longer ours to
	 * change through the authorisation. */
	if (keyctl_set_timeout(key, timeout_s) < 0)
		return -errno;
	return keyctl_instantiate(key, data, len, 0) < 0 ? -errno : 0;
}

int cifsaf_keyring_reject(int32_t key, unsigned timeout_s, int error)
{
	return cifsaf_keyctl_reject(key, timeout_s, error);
}

#else /* !HAVE_KEYUTILS */

void cifsaf_keyring_init(struct cifsaf_keyring *k, enum cifsaf_keyring_base base)
{
	(void)base;
	k->base = 0;
	k->possessed = false;
}

static int none_search(void *ctx, int32_t keyring, const char *type, const char *desc, int32_t *ret)
{
	(void)ctx, (void)keyring, (void)type, (void)desc, (void)ret;
	return -ENOTSUP;
}

static int none_describe(void *ctx, int32_t key, char *buf, size_t size)
{
	(void)ctx, (void)key, (void)buf, (void)size;
	return -ENOTSUP;
}

static int none_add(void *ctx, int32_t keyring, const char *type, const char *desc, const void *data,
		    size_t len, int32_t *ret)
{
	(void)ctx, (void)keyring, (void)type, (void)desc, (void)data, (void)len, (void)ret;
	return -ENOTSUP;
}

static int none_setperm(void *ctx, int32_t key, uint32_t perm)
{
	(void)ctx, (void)key, (void)perm;
	return -ENOTSUP;
}

static int none_set_timeout(void *ctx, int32_t key, unsigned seconds)
{
	(void)ctx, (void)key, (void)seconds;
	return -ENOTSUP;
}

static int none_unlink(void *ctx, int32_t key, int32_t keyring)
{
	(void)ctx, (void)key, (void)keyring;
	return -ENOTSUP;
}

const struct cifsaf_keyring_ops cifsaf_keyring_real_ops = {
	none_search, none_describe, none_describe, none_add, none_setperm, none_set_timeout,
	none_unlink,
};

int cifsaf_keyring_describe(int32_t key, char *buf, size_t size)
{
	(void)key, (void)buf, (void)size;
	return -ENOTSUP;
}

int cifsaf_keyring_callout(char *buf, size_t size)
{
	(void)buf, (void)size;
	return -ENOTSUP;
}

int cifsaf_keyring_instantiate(int32_t key, const void *data, size_t len, unsigned timeout_s)
{
	(void)key, (void)data, (void)len, (void)timeout_s;
	return -ENOTSUP;
}

int cifsaf_keyring_reject(int32_t key, unsigned timeout_s, int error)
{
	(void)key, (void)timeout_s, (void)error;
	return -ENOTSUP;
}

#endif
