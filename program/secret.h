/* secret.h: strings that hold a secret (a password, a credentials file, the
 * kernel option string, the child's report to the parent) and are zeroed
 * before talloc frees them, and the bounded reads that fill them.  No
 * printing; callers report. */
#ifndef CIFSAF_SECRET_H
#define CIFSAF_SECRET_H

#include <stddef.h>

/* Give a talloc string a destructor that zeroes it before it is freed. */
void cifsaf_secret_string(char *s);

/* talloc_strdup into a string zeroed when freed; NULL for NULL (or when
 * out of memory). */
char *cifsaf_secret_strdup(void *mem, const char *s);

/* Read a whole file of at most max bytes into a zeroed-on-free talloc
 * buffer (NUL-terminated; *ret_len excludes the NUL).  Returns 0, -errno,
 * -EINVAL when it is not a regular file, or -EFBIG when it is larger than
 * max. */
int cifsaf_read_secret_file(void *mem, const char *path, size_t max, char **ret, size_t *ret_len);

/* Read from a descriptor (PASSWD_FD, a pipe, an opened file) up to EOF, at
 * most max bytes, into a buffer as above.  Returns 0, -errno, or -EFBIG
 * when more than max bytes arrive. */
int cifsaf_read_secret_fd(void *mem, int fd, size_t max, char **ret, size_t *ret_len);

#endif
