/* keycache.c: the program layer's side of the decision cache
 * (resolver/dcache.h): which keyring, the unprivileged child's lookup and
 * forgetting, and the privileged parent's store after mount(2).
 *
 * Who does what, and why (docs/security.md has the table):
 *  - Only a root caller's mounts use the cache.  The child of a user mount
 *    runs as the caller, cannot reach root's keyring, and decides under the
 *    caller's influence (signals, timing): its winners are never stored.
 *  - The child (uid 0, no capability) reads a key, trusting it only when
 *    root owns it and nobody else may write it, and removes a key whose
 *    address no longer answers.  Removing can only cost a race.
 *  - Only the parent adds keys, and only after mount(2) worked with the
 *    address: a probe's answer alone never becomes a cache entry. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <talloc.h>
#include <time.h>

#include "compat/compat.h"
#include "keycache.h"
#include "program/log.h"
#include "program/seams.h"
#include "resolver/sitecache.h"

/* What every lookup in root's keyring checks first: the cache is on, the
 * mount is root's, the keyring is named right.  Returns 0 with *k ready
 * for the lookup, or 1 with ret->state saying why there is none. */
static int lookup_prologue(const struct invocation *inv, long ttl_s, bool warn,
			   struct cifsaf_cache_lookup *ret, struct cifsaf_keyring *k)
{
	memset(ret, 0, sizeof(*ret));
	ret->ttl_s = ttl_s;
	if (ttl_s <= 0) {
		ret->state = CIFSAF_CACHE_OFF;
		return 1;
	}
	if (inv->user_mount) {
		ret->state = CIFSAF_CACHE_SKIPPED;
		ret->why = "a user mount neither reads nor writes root's keyring";
		return 1;
	}
	if (cache_keyring(k) < 0) {
		if (warn)
			warnx_("CIFS_AF_KEYRING=%s: expected user or session; the cache is not used",
			       cifsaf_secure_getenv("CIFS_AF_KEYRING"));
		ret->state = CIFSAF_CACHE_UNAVAILABLE;
		ret->error = -EINVAL;
		return 1;
	}
	return 0;
}

void cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret)
{
	struct cifsaf_keyring k;
	uint16_t port = cifsaf_mount_options_server_port(inv->opts);
	int r;

	if (lookup_prologue(inv, ttl_s, true, ret, &k) != 0)
		return;
	r = cifsaf_cache_lookup(&cifsaf_keyring_real_ops, &k, inv->unc.host, port, ttl_s,
				(int64_t)time(NULL), ret);
	if (r < 0) {
		ret->state = CIFSAF_CACHE_UNAVAILABLE;
		ret->error = r;
	}
}

void cache_after_decision(const struct invocation *inv, const struct cifsaf_decision *d, int r,
			  struct cifsaf_handoff *h)
{
	struct cifsaf_keyring k;
	bool raced = d->probed && d->race_error == 0 && r == 0;
	int err;

	if (cifsaf_cache_forget_after_decision(d->cache_use) && cache_keyring(&k) == 0) {
		err = cifsaf_keyring_real_ops.unlink(&k, d->cache.key, d->cache.keyring);
		if (err < 0)
			syslog(LOG_WARNING, "%s: cannot remove the cached decision %s (key %ld): %s",
			       inv->unc_display, d->cache.description, (long)d->cache.key, strerror(-err));
		if (inv->cmd->verbose)
			fprintf(stderr, "cache: key %ld removed%s%s\n", (long)d->cache.key,
				err < 0 ? ": failed: " : " (its address did not answer)",
				err < 0 ? strerror(-err) : "");
	}
	if (h == NULL || r < 0)
		return;
	switch (d->cache.state) {
	case CIFSAF_CACHE_MISS:
	case CIFSAF_CACHE_IGNORED:
	case CIFSAF_CACHE_HIT:
		break;
	default:
		return;
	}
	if (d->cache_use == CIFSAF_CACHE_USE_CONFIRMED)
		h->cache_flags = CIFSAF_CACHE_FLAG_FROM_CACHE;
	else if (cifsaf_cache_worth_storing(raced, d->cache_use))
		h->cache_flags = CIFSAF_CACHE_FLAG_STORE;
	if (h->cache_flags != 0)
		h->cache_ttl_s = (uint32_t)d->cache.ttl_s;
}

void cache_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted,
		       size_t used, uint16_t probe_port)
{
	struct cifsaf_cache_entry e;
	struct cifsaf_keyring k;
	char addr[CIFSAF_ADDRSTRLEN];
	int32_t key = 0;
	int r;

	/* -f decided without mounting: there is nothing to learn from. */
	if (inv->cmd->fake || inv->user_mount || h->cache_flags == 0 || cache_keyring(&k) < 0)
		return;
	switch (cifsaf_cache_after_mount(h->cache_flags, mounted, used)) {
	case CIFSAF_CACHE_AFTER_NOTHING:
		return;
	case CIFSAF_CACHE_AFTER_FORGET:
		r = cifsaf_cache_forget(&cifsaf_keyring_real_ops, &k, inv->unc.host, probe_port, &key);
		if (inv->cmd->verbose && r == 0 && key != 0)
			fprintf(stderr, "cache: key %ld removed (mount(2) failed with its address)\n",
				(long)key);
		if (r < 0)
			syslog(LOG_WARNING, "%s: cannot remove the cached decision: %s", inv->unc_display,
			       strerror(-r));
		return;
	case CIFSAF_CACHE_AFTER_STORE:
		break;
	}
	memset(&e, 0, sizeof(e));
	e.addr = h->candidates[used];
	e.port = cifsaf_mount_options_server_port(inv->opts);
	e.stored = (int64_t)time(NULL);
	r = cifsaf_cache_store(&cifsaf_keyring_real_ops, &k, inv->unc.host, probe_port, &e,
			       (long)h->cache_ttl_s, &key);
	if (cifsaf_candidate_format(&e.addr, addr, sizeof(addr)) < 0)
		strcpy(addr, "?");
	if (r < 0) {
		/* The mount worked; only the next one loses the head start. */
		syslog(LOG_WARNING, "%s: cannot cache the decision for %s in root's keyring: %s",
		       inv->unc_display, addr, strerror(-r));
		if (inv->cmd->verbose)
			fprintf(stderr, "cache: not stored: %s\n", strerror(-r));
		return;
	}
	if (inv->cmd->verbose)
		fprintf(stderr, "cache: stored %s port %u for %lu s (key %ld)\n", addr, (unsigned)e.port,
			(unsigned long)h->cache_ttl_s, (long)key);
}

void site_cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret,
		       char site[CIFSAF_SITE_NAME_SIZE])
{
	struct cifsaf_keyring k;
	int r;

	site[0] = '\0';
	/* A bad CIFS_AF_KEYRING is said once, by the decision cache's lookup. */
	if (lookup_prologue(inv, ttl_s, false, ret, &k) != 0)
		return;
	r = cifsaf_site_cache_lookup(&cifsaf_keyring_real_ops, &k, inv->unc.host, ttl_s,
				     (int64_t)time(NULL), ret, site);
	if (r < 0) {
		ret->state = CIFSAF_CACHE_UNAVAILABLE;
		ret->error = r;
	}
}

void site_after_decision(const struct invocation *inv, const struct cifsaf_decision *d,
			 struct cifsaf_handoff *h)
{
	/* Only what a ping taught, only for root's mounts, only with a cache. */
	if (!d->site.learned || inv->user_mount || inv->cache_ttl_s <= 0)
		return;
	h->site = talloc_strdup(h, d->site.site);
	h->site_ttl_s = (uint32_t)inv->cache_ttl_s;
}

void site_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted)
{
	struct cifsaf_keyring k;
	int32_t key = 0;
	int r;

	if (!mounted || inv->cmd->fake || inv->user_mount || h->site == NULL || cache_keyring(&k) < 0)
		return;
	r = cifsaf_site_cache_store(&cifsaf_keyring_real_ops, &k, inv->unc.host, h->site,
				    (int64_t)time(NULL), (long)h->site_ttl_s, &key);
	if (r < 0) {
		syslog(LOG_WARNING, "%s: cannot keep AD site %s in root's keyring: %s", inv->unc_display,
		       h->site, strerror(-r));
		if (inv->cmd->verbose)
			fprintf(stderr, "site cache: not stored: %s\n", strerror(-r));
		return;
	}
	if (inv->cmd->verbose)
		fprintf(stderr, "site cache: stored site %s for %lu s (key %ld)\n", h->site,
			(unsigned long)h->site_ttl_s, (long)key);
}
