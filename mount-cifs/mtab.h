/* mtab.h: /etc/mtab updates for systems that still keep a regular mtab
 * (RHEL 5).  Paths are parameters so tests work on temporary files. */
#ifndef CIFSAF_MTAB_H
#define CIFSAF_MTAB_H

#include <stddef.h>

#define CIFSAF_MTAB_PATH "/etc/mtab"
#define CIFSAF_MTAB_LOCK_TIMEOUT_MS 30000	/* util-linux's MOUNTLOCK_MAXTIME */

/* 0 when path is a regular file to update; -ENOENT when missing (not
 * created), -EMLINK when a symlink (to /proc/mounts: the kernel keeps it),
 * other -errno from lstat. */
int cifsaf_mtab_usable(const char *path);

/* The options field: ro|rw[,mand][,noexec][,nosuid][,nodev][,sync][,user=NAME]
 * (user only when mount_user is not NULL).  Talloc string under mem. */
char *cifsaf_mtab_options(void *mem, unsigned long flags, const char *mount_user);

/* One mtab line, fields escaped as getmntent expects (space, tab, newline
 * and backslash as \ooo octal).  Talloc string under mem, ends in '\n'. */
char *cifsaf_mtab_line(void *mem, const char *fsname, const char *dir, const char *type,
		       const char *options);

/* Take the util-linux lock (PATH~), waiting up to timeout_ms; 0 or -errno
 * (-ETIMEDOUT when another holder kept it). */
int cifsaf_mtab_lock(const char *path, int timeout_ms);
void cifsaf_mtab_unlock(const char *path);

/* Append one line; on any failure the file is cut back to its old size, so
 * it holds either exactly one new complete line or nothing new.  0 or -errno.
 * The caller holds the lock. */
int cifsaf_mtab_append(const char *path, const char *line);

/* Remove every entry whose mount point is dir (for remount), through a
 * temporary file in the same directory renamed over path.  0 or -errno. */
int cifsaf_mtab_remove_dir(void *mem, const char *path, const char *dir);

#endif
