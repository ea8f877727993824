/* conffile.h: reading /etc/cifs-af.conf safely: bounded, never a FIFO or a
 * device, and under setuid only a file root owns that nobody else may
 * write.  No printing; the program layer reports. */
#ifndef CIFSAF_CONFFILE_H
#define CIFSAF_CONFFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* May a setuid helper act on a file with this owner and mode?  Only root's,
 * and not writable by group or others: anyone who can write it chooses
 * where a privileged mount connects. */
bool cifsaf_config_file_trusted(uid_t owner, mode_t mode);

/* Read path whole, at most max bytes, into a NUL-terminated talloc buffer
 * under mem.  check_owner applies cifsaf_config_file_trusted to the opened
 * file (fstat, so no swap between check and read).  Returns 0; -ENOENT
 * when missing; -EINVAL when not a regular file; -EPERM when not trusted
 * (*ret_owner and *ret_mode say why); -EFBIG when larger than max; other
 * -errno from open/read. */
int cifsaf_config_file_read(void *mem, const char *path, size_t max, bool check_owner, char **ret,
			    size_t *ret_len, uid_t *ret_owner, mode_t *ret_mode);

#endif
