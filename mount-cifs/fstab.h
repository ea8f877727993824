/* fstab.h: which /etc/fstab line a user mount may use.
 *
 * A setuid user mount takes its options from /etc/fstab only.  The line is
 * the first whose type is cifs or smb3, whose mount point is the caller's
 * (both canonical), and whose device names the same share as the caller's
 * (//host/share/prefix compared part by part: separators and trailing
 * slashes do not matter, host and share names are compared without regard
 * to case, as DNS and SMB treat them).  Unlike cifs-utils, a line of another
 * type (nfs) never allows a cifs mount, and the fstab mount point is
 * canonicalised before it is compared. */
#ifndef CIFSAF_FSTAB_H
#define CIFSAF_FSTAB_H

#include <stddef.h>

#define CIFSAF_FSTAB_PATH "/etc/fstab"

struct cifsaf_fstab_entry {
	const char *fsname, *dir, *type, *opts;
};

/* Canonicalise an fstab mount point as the caller sees it (realpath with
 * the caller's file-system ids).  Returns a talloc string under mem, or
 * NULL when it cannot be resolved (such a line matches no mount point). */
typedef char *(*cifsaf_canonicalize_fn)(void *ctx, void *mem, const char *path);

/* Find the line for service on canonical_dir.  Returns 0 with *ret_index,
 * or -ENOENT when no line matches. */
int cifsaf_fstab_match(const struct cifsaf_fstab_entry *entries, size_t n, const char *service,
		       const char *canonical_dir, cifsaf_canonicalize_fn canonicalize, void *ctx,
		       size_t *ret_index);

/* Is this the same share?  Both sides parsed as UNCs; 1 yes, 0 no. */
int cifsaf_fstab_same_share(const char *a, const char *b);

#endif
