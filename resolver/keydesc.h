/* keydesc.h: what the kernel says about a key, and host names fit for a key
 * description.  Pure: text in, checked fields out.
 *
 * keyctl_describe() gives "TYPE;UID;GID;PERM;DESCRIPTION": the type, the
 * owner and group in decimal, the permission mask as eight hex digits
 * (possessor, user, group, other: one byte each), then the description.
 * Both the decision cache (dcache.h) and the dns_resolver upcall
 * (dnsupcall.h) act on keys only after this text has been checked. */
#ifndef CIFSAF_KEYDESC_H
#define CIFSAF_KEYDESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest describe text acted on; the kernel's own limit on a key
 * description is 4095 bytes, and nothing here needs one that long. */
#define CIFSAF_KEY_DESCRIBE_MAX 4096
#define CIFSAF_KEY_TYPE_MAX 31
/* DNS: 253 characters in a name, 63 in a label (RFC 1035, RFC 2181). */
#define CIFSAF_HOSTNAME_MAX 253
#define CIFSAF_HOSTNAME_LABEL_MAX 63

/* Permission bits, as the kernel's keyctl ABI defines them: one byte each
 * for the possessor, the owner (user), the group and everybody else. */
#define CIFSAF_KEY_VIEW 0x01u
#define CIFSAF_KEY_READ 0x02u
#define CIFSAF_KEY_WRITE 0x04u
#define CIFSAF_KEY_SEARCH 0x08u
#define CIFSAF_KEY_LINK 0x10u
#define CIFSAF_KEY_SETATTR 0x20u
#define CIFSAF_KEY_POSSESSOR(bits) ((uint32_t)(bits) << 24)
#define CIFSAF_KEY_USER(bits) ((uint32_t)(bits) << 16)
#define CIFSAF_KEY_GROUP(bits) ((uint32_t)(bits) << 8)
#define CIFSAF_KEY_OTHER(bits) ((uint32_t)(bits))

struct cifsaf_keydesc {
	char type[CIFSAF_KEY_TYPE_MAX + 1];
	uint32_t uid, gid, perm;
	const char *description;	/* points into the parsed text */
	size_t description_len;
};

/* Parse describe text of len bytes (NUL bytes in it are refused).  Returns 0,
 * or -EBADMSG when a field is missing, empty, out of range or not in the
 * kernel's format, or the text is longer than CIFSAF_KEY_DESCRIBE_MAX.
 * ret->description points into text and is not NUL-terminated by this. */
int cifsaf_keydesc_parse(const char *text, size_t len, struct cifsaf_keydesc *ret);

/* Could anyone but root have written this key, or made it writable?  True
 * when the owner is not root, or the group or everybody else holds write,
 * setattr (which changes permissions) or link (which hands possession, and
 * with it the possessor's rights, to another keyring). */
bool cifsaf_keydesc_others_may_write(const struct cifsaf_keydesc *k);

/* Is name a DNS host name fit to appear in a key description: 1 to 253
 * bytes of letters, digits, '-' and '_' in dot-separated labels of 1 to 63
 * bytes, no label starting or ending with '-', an optional final dot?
 * Literal addresses of IPv4 pass (they are labels of digits); IPv6 ones
 * (':'), scopes ('%'), spaces, ';' and every other byte fail. */
bool cifsaf_hostname_valid(const char *name, size_t len);

#endif
