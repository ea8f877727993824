/* fstab.h: which /etc/fstab line a user mount may use.
 *
 * A setuid user mount takes its options from /etc/fstab only.  The line is
 * the first whose type is cifs or smb3, whose mount point is the caller's
 * (both canonical), and whose device names the same share as the caller's
 * (//host/share/prefix compared part by part: separators and trailing
 * slashes do not matter, host and share names are compared without regard
 * to case, as DNS and SMB treat them).  Unlike cifs-utils, a line of another
 * type (nfs) never allows a cifs mount, and the fstab mount point is
 * canonicalised before it is compared -- following only symbolic links the
 * caller could not have made or replaced (cifsaf_fstab_trusted_path): a
 * line for /home/u/m must not become a line for /etc because the caller
 * turned /home/u/m into a link to /etc. */
#ifndef CIFSAF_FSTAB_H
#define CIFSAF_FSTAB_H

#include <stddef.h>
#include <sys/types.h>

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

/* What resolving an fstab mount point needs from the file system. */
struct cifsaf_path_ops {
	/* lstat: 0 with *ret_link (nonzero for a symbolic link) and the
	 * owner in *ret_uid, or -errno. */
	int (*lstat)(void *ctx, const char *path, int *ret_link, uid_t *ret_uid);
	/* readlink into a talloc string under mem; 0 or -errno. */
	int (*readlink)(void *ctx, void *mem, const char *path, char **ret);
	/* Nonzero when the caller may add, remove or rename entries of dir. */
	int (*writable)(void *ctx, const char *dir);
};

#define CIFSAF_FSTAB_LINKS_MAX 40	/* as the kernel's MAXSYMLINKS */

/* The canonical form of an absolute path, following a symbolic link only
 * when root owns it and the caller cannot write to the directory holding
 * it.  Returns a talloc string under mem, or NULL when the path is not
 * absolute, does not resolve, passes an untrusted link, or is too long. */
char *cifsaf_fstab_trusted_path(void *mem, const char *path, const struct cifsaf_path_ops *ops,
				void *ctx);

/* Is this the same share?  Both sides parsed as UNCs; 1 yes, 0 no. */
int cifsaf_fstab_same_share(const char *a, const char *b);

#endif
