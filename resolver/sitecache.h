/* sitecache.h: the client's Active Directory site per domain, kept beside
 * the decision cache (dcache.h) in root's cifs-af keyring:
 *
 *   user "cifs-af-site:DOMAIN"   payload "v1 site=Site2 stored=1767225600"
 *
 * DOMAIN in lower case, the site a DNS label (what _ldap._tcp.SITE._sites
 * takes).  The same trust rule as the decision cache: a key is used only
 * when root owns the keyring and the key and nobody else may write them,
 * only while it is younger than cache-ttl-s, and only root's mounts read
 * or write it.  With the site known, the site step asks DNS for the site's
 * DCs and sends no LDAP ping.  Pure but the keyring calls (the ops). */
#ifndef CIFSAF_SITECACHE_H
#define CIFSAF_SITECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcache.h"
#include "dnsname.h"

#define CIFSAF_SITE_CACHE_PREFIX "cifs-af-site:"
#define CIFSAF_SITE_NAME_SIZE (CIFSAF_DNS_LABEL_MAX + 1)

/* Is site a name the site step can ask DNS about: one DNS label, 1 to 63
 * letters, digits, '-' or '_', not starting or ending with '-'? */
bool cifsaf_site_name_valid(const char *site);

/* "cifs-af-site:DOMAIN" (lower case) into buf; -EINVAL for a domain that is
 * not a host name. */
int cifsaf_site_cache_description(const char *domain, char buf[CIFSAF_CACHE_DESC_MAX]);

/* The payload; returns its length or -EINVAL (site, time). */
int cifsaf_site_cache_encode(const char *site, int64_t stored, char buf[CIFSAF_CACHE_PAYLOAD_MAX]);
/* Strict: exactly what the encoder writes.  Returns 0 or -EBADMSG. */
int cifsaf_site_cache_decode(const char *buf, size_t len, char site[CIFSAF_SITE_NAME_SIZE],
			     int64_t *ret_stored);

/* Look the domain up (ttl_s 0: OFF, no keyring call).  ret as in
 * cifsaf_cache_lookup (entry unused; stored in entry.stored); site is set
 * on a HIT.  Returns 0, or -ENOMEM. */
int cifsaf_site_cache_lookup(const struct cifsaf_keyring_ops *ops, void *ctx, const char *domain,
			     long ttl_s, int64_t now_s, struct cifsaf_cache_lookup *ret,
			     char site[CIFSAF_SITE_NAME_SIZE]);

/* Keep site for domain for ttl_s seconds.  Returns 0 with *ret_key, or
 * -errno (-EPERM: a key or keyring someone else could write). */
int cifsaf_site_cache_store(const struct cifsaf_keyring_ops *ops, void *ctx, const char *domain,
			    const char *site, int64_t stored, long ttl_s, int32_t *ret_key);

#endif
