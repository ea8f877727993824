/* handoff.h: what the unprivileged child hands the privileged parent.
 *
 * The child parses the options, reads credentials and password files with
 * the caller's rights, asks for a password and resolves the server.  The
 * parent must not trust any of that: it re-parses the option string it
 * chose itself (root's -o, or the /etc/fstab line of a user mount) and takes
 * from the child only values it cannot learn without the caller's rights:
 * the passwords, the credentials files' fields, the user name to default
 * to, and the server addresses (binary, formatted by the parent).  The
 * message is a flat list of tagged, length-checked records; anything
 * malformed, oversized or incomplete is refused as a whole. */
#ifndef CIFSAF_HANDOFF_H
#define CIFSAF_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include "resolver/candidate.h"
#include "resolver/dcache.h"
#include "resolver/sitecache.h"

/* Limits: no string a mount needs is longer, and no message bigger. */
#define CIFSAF_HANDOFF_STRING_MAX 4096
#define CIFSAF_HANDOFF_CREDENTIALS_MAX 16	/* credentials= files in one -o */
#define CIFSAF_HANDOFF_CANDIDATES_MAX 32	/* 16 per family */
#define CIFSAF_HANDOFF_MAX 65536

/* One credentials= file as the child read it; fields NULL when absent. */
struct cifsaf_handoff_credentials {
	char *path;
	char *username, *password, *password2, *domain;
};

/* Every string is a talloc child zeroed when freed. */
struct cifsaf_handoff {
	char *password, *password2;	/* PASSWD* / PASSWD2*, NULL when unset */
	struct cifsaf_handoff_credentials *credentials;	/* in the order loaded */
	size_t n_credentials;
	char *prompted;			/* the answer to the password prompt */
	char *default_username;		/* USER or the caller's name, when no user= */
	struct cifsaf_candidate *candidates;	/* the order to try in mount(2) */
	size_t n_candidates;
	uint16_t port;			/* a probe chose this port (0: as the options say) */
	/* The decision cache (dcache.h): CIFSAF_CACHE_FLAG_STORE or _FROM_CACHE,
	 * never both, and the cache-ttl-s the child read; 0 and 0 when the
	 * child did not use the cache.  With a flag there is a ttl, and the
	 * other way round. */
	unsigned cache_flags;
	uint32_t cache_ttl_s;
	/* The client's AD site, learned by an LDAP ping for the UNC's host:
	 * the parent keeps it for site_ttl_s once mount(2) worked (a root
	 * mount; sitecache.h).  NULL when there is nothing to keep. */
	char *site;
	uint32_t site_ttl_s;
};

/* Append a credentials record (strings copied; NULL fields stay NULL).
 * Returns 0, -E2BIG past the limits, or -ENOMEM. */
int cifsaf_handoff_add_credentials(struct cifsaf_handoff *h, const char *path,
				   const char *username, const char *password,
				   const char *password2, const char *domain);

/* Serialise h into a talloc buffer under mem (zeroed when freed).  Returns
 * 0, -E2BIG when a string or the whole message exceeds its limit, -EINVAL
 * when the cache fields do not go together, -ENOMEM. */
int cifsaf_handoff_encode(void *mem, const struct cifsaf_handoff *h, uint8_t **ret,
			  size_t *ret_len);

/* Parse a message.  Returns 0 and *ret (talloc child of mem), or -EBADMSG
 * for anything malformed: an unknown or repeated record, a field before its
 * credentials record, a string with a NUL or over its limit, an impossible
 * address, too many records, cache flags that do not go together or a
 * cache ttl out of range, cache flags without a candidate, or a missing end
 * record. */
int cifsaf_handoff_decode(void *mem, const uint8_t *buf, size_t len, struct cifsaf_handoff **ret);

#endif
