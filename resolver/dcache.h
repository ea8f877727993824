/* dcache.h: the decision cache (RFC 8305 section 4: "cache information
 * regarding the outcome of each connection attempt").
 *
 * After a probe race decided where a server answers, the winner is kept in
 * the kernel's keyring, so that the next mount of the same server tries that
 * address first, alone and at once, instead of paying the connection attempt
 * delay again.  Where it lives:
 *
 *   root's user keyring (_uid.0)
 *     keyring "cifs-af"                     possessor and owner: all; others: none
 *       user "cifs-af:HOST:PORT"            the same permissions; timeout cache-ttl-s
 *         payload "v1 family=ipv4 addr=192.0.2.1 port=445 stored=1767225600"
 *
 * HOST is the UNC's host in lower case (a DNS name, never a literal
 * address), PORT the port probed first (port=, else 445); the payload's
 * port is where the winner answered (139 after the port fallback), stored
 * the time of the race in seconds since the epoch.  Keys are trusted only
 * when root owns them and nobody else may write them (keydesc.h); a key is
 * used only while it is younger than cache-ttl-s, whatever its timeout, and
 * only when its address is still among the candidates the policy gives.
 *
 * Everything here is pure but the keyring calls, which go through
 * cifsaf_keyring_ops (keyring.h has the real ones), so the unit tests run
 * the logic against a fake keyring.  Nothing here logs. */
#ifndef CIFSAF_DCACHE_H
#define CIFSAF_DCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "candidate.h"
#include "keydesc.h"

#define CIFSAF_CACHE_TTL_DEFAULT_S 600
#define CIFSAF_CACHE_TTL_MAX_S 86400
#define CIFSAF_CACHE_KEYRING "cifs-af"
#define CIFSAF_CACHE_KEY_TYPE "user"
#define CIFSAF_CACHE_PREFIX "cifs-af:"
/* "cifs-af:" + a 253-byte name + ":65535" + NUL */
#define CIFSAF_CACHE_DESC_MAX (8 + 253 + 6 + 1)
/* The payload, at most: "v1 family=ipv6 addr=" + CIFSAF_ADDRSTRLEN +
 * " port=65535 stored=" + 19 digits, rounded up. */
#define CIFSAF_CACHE_PAYLOAD_MAX 128
/* Permissions of the keyring and of every key in it. */
#define CIFSAF_CACHE_PERM                                                                    \
	(CIFSAF_KEY_POSSESSOR(0x3f) | CIFSAF_KEY_USER(CIFSAF_KEY_VIEW | CIFSAF_KEY_READ |        \
						      CIFSAF_KEY_WRITE | CIFSAF_KEY_SEARCH |     \
						      CIFSAF_KEY_SETATTR))

/* The keyring calls the cache makes.  Serials are the kernel's key ids;
 * keyring 0 means the base keyring (root's user keyring, or what the real
 * ops were told to use instead).  Each returns 0 (describe and read: the
 * full length, which may exceed size; nothing past size is written) or
 * -errno, -ENOKEY when a search finds nothing. */
struct cifsaf_keyring_ops {
	int (*search)(void *ctx, int32_t keyring, const char *type, const char *desc, int32_t *ret);
	int (*describe)(void *ctx, int32_t key, char *buf, size_t size);
	int (*read)(void *ctx, int32_t key, char *buf, size_t size);
	int (*add)(void *ctx, int32_t keyring, const char *type, const char *desc, const void *data,
		   size_t len, int32_t *ret);
	int (*setperm)(void *ctx, int32_t key, uint32_t perm);
	int (*set_timeout)(void *ctx, int32_t key, unsigned seconds);
	int (*unlink)(void *ctx, int32_t key, int32_t keyring);
};

struct cifsaf_cache_entry {
	struct cifsaf_candidate addr;	/* the winner */
	uint16_t port;			/* where it answered */
	int64_t stored;			/* when it won, seconds since the epoch */
};

/* "cifs-af:HOST:PORT" into buf (CIFSAF_CACHE_DESC_MAX bytes), HOST in lower
 * case.  Returns 0, or -EINVAL when host is not a DNS name
 * (cifsaf_hostname_valid) or port is 0. */
int cifsaf_cache_description(const char *host, uint16_t port, char buf[CIFSAF_CACHE_DESC_MAX]);

/* The payload text into buf (CIFSAF_CACHE_PAYLOAD_MAX bytes); returns its
 * length, or -EINVAL for an entry that could not be read back (port 0, a
 * negative time, a scope on a global address). */
int cifsaf_cache_payload_encode(const struct cifsaf_cache_entry *e, char buf[CIFSAF_CACHE_PAYLOAD_MAX]);

/* Parse len bytes of payload.  Strict: exactly the encoder's fields, in its
 * order, one space apart, the address in its canonical text (numeric scope,
 * link-local only) and of the family named, the port 1-65535, the time in
 * decimal without leading zeros; nothing before or after.  Returns 0, or
 * -EBADMSG. */
int cifsaf_cache_payload_decode(const char *buf, size_t len, struct cifsaf_cache_entry *ret);

/* A valid cache-ttl-s: 0 (no cache) to CIFSAF_CACHE_TTL_MAX_S. */
bool cifsaf_cache_ttl_valid(long ttl_s);

enum cifsaf_cache_state {
	CIFSAF_CACHE_NONE = 0,		/* no lookup was made (nothing to say) */
	CIFSAF_CACHE_OFF,		/* cache-ttl-s 0 */
	CIFSAF_CACHE_SKIPPED,		/* not consulted; the caller set why */
	CIFSAF_CACHE_NOT_CACHEABLE,	/* the host is not a DNS name */
	CIFSAF_CACHE_UNAVAILABLE,	/* no keyring to read (error says why) */
	CIFSAF_CACHE_MISS,		/* no key for this host and port */
	CIFSAF_CACHE_IGNORED,		/* a key, not used (ignored says why) */
	CIFSAF_CACHE_HIT,
};

enum cifsaf_cache_ignored {
	CIFSAF_IGNORED_NONE,
	CIFSAF_IGNORED_KEYRING_UNTRUSTED,	/* the cifs-af keyring itself */
	CIFSAF_IGNORED_UNTRUSTED,	/* the key: owner or permissions */
	CIFSAF_IGNORED_MALFORMED,	/* describe text or payload */
	CIFSAF_IGNORED_EXPIRED,		/* stored more than cache-ttl-s ago */
	CIFSAF_IGNORED_FUTURE,		/* stored "later" than now: the clock moved */
};

/* What one lookup found; plain data, safe to copy. */
struct cifsaf_cache_lookup {
	enum cifsaf_cache_state state;
	enum cifsaf_cache_ignored ignored;
	const char *why;		/* SKIPPED: a static text */
	int error;			/* UNAVAILABLE: -errno */
	char description[CIFSAF_CACHE_DESC_MAX];
	int32_t keyring, key;		/* serials, 0 when none */
	uint32_t owner, perm;		/* IGNORED untrusted: what the kernel said */
	struct cifsaf_cache_entry entry;	/* HIT, and IGNORED expired */
	int64_t age_s;			/* now - stored */
	long ttl_s;
};

/* Look the host up.  ttl_s is cache-ttl-s (0: state OFF without a keyring
 * call), now_s the current time in seconds.  Returns 0 with *ret filled, or
 * -ENOMEM; every other problem is a state. */
int cifsaf_cache_lookup(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
			uint16_t port, long ttl_s, int64_t now_s, struct cifsaf_cache_lookup *ret);

/* The building blocks of lookup and store, for the other keys kept in the
 * cifs-af keyring (sitecache.h): read ret->description's payload (ret's
 * keyring, key, owner and perm filled on the way) into payload (size bytes,
 * not NUL-terminated; a payload of size bytes or more is malformed).
 * Returns 0 with *ret_len, or 1 with ret->state saying why there is none
 * (MISS, UNAVAILABLE, IGNORED). */
int cifsaf_cache_read_key(const struct cifsaf_keyring_ops *ops, void *ctx, char *payload, size_t size,
			  size_t *ret_len, struct cifsaf_cache_lookup *ret);
/* HIT, or IGNORED expired / future, by the age of a payload stored at
 * stored against ret->ttl_s. */
void cifsaf_cache_judge_age(struct cifsaf_cache_lookup *ret, int64_t stored, int64_t now_s);
/* Store n bytes of payload as the user key desc with the cache's trust
 * rules (see cifsaf_cache_store).  Returns 0 with *ret_key, or -errno. */
int cifsaf_cache_store_key(const struct cifsaf_keyring_ops *ops, void *ctx, const char *desc,
			   const char *payload, size_t n, long ttl_s, int32_t *ret_key);

/* Store e for host and port with the key's timeout ttl_s: the cifs-af
 * keyring is made in the base keyring if missing; a keyring or key someone
 * else could write is refused (-EPERM), never reused.  Returns 0 with
 * *ret_key, or -errno. */
int cifsaf_cache_store(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
		       uint16_t port, const struct cifsaf_cache_entry *e, long ttl_s,
		       int32_t *ret_key);

/* Remove the key for host and port from the cifs-af keyring, if there is
 * one.  Returns 0 (also when there was none) with *ret_key (0: none), or
 * -errno. */
int cifsaf_cache_forget(const struct cifsaf_keyring_ops *ops, void *ctx, const char *host,
			uint16_t port, int32_t *ret_key);

/* What became of a hit in the decision. */
enum cifsaf_cache_use {
	CIFSAF_CACHE_USE_NONE,		/* no hit, or nothing to probe */
	CIFSAF_CACHE_USE_CONFIRMED,	/* the cached winner answered at once: the cache decided */
	CIFSAF_CACHE_USE_NOT_CANDIDATE,	/* the cached address is not among the candidates now */
	CIFSAF_CACHE_USE_FAILED,	/* the cached winner did not answer in time */
	CIFSAF_CACHE_USE_WON_RACE,	/* it was slow: the others joined its race, it still won */
};

/* The process that read the key, after deciding: a winner that no longer
 * answers must not decide the next mount. */
bool cifsaf_cache_forget_after_decision(enum cifsaf_cache_use use);

/* Is a decision worth storing once mount(2) has worked with its winner?
 * Only a race's winner: a confirmed hit keeps its key (and its age: a
 * cached decision is raced again once it expires, so a path that heals is
 * found again). */
bool cifsaf_cache_worth_storing(bool raced, enum cifsaf_cache_use use);

/* What the child tells the parent (handoff.h), as flags. */
#define CIFSAF_CACHE_FLAG_STORE 0x01u	/* a race's winner: store it once mounted */
#define CIFSAF_CACHE_FLAG_FROM_CACHE 0x02u	/* the cache decided: forget it if mount(2) fails */

enum cifsaf_cache_after_mount {
	CIFSAF_CACHE_AFTER_NOTHING,
	CIFSAF_CACHE_AFTER_STORE,	/* store the address mount(2) worked with */
	CIFSAF_CACHE_AFTER_FORGET,
};

/* The parent, once mount(2) is done: mounted says whether it worked, used
 * with which candidate (0: the decision's winner).  A winner the kernel
 * could not use is replaced by the address it could, or forgotten. */
enum cifsaf_cache_after_mount cifsaf_cache_after_mount(unsigned flags, bool mounted, size_t used);

#endif
