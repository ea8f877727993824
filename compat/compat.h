/* compat.h: replacements for what glibc 2.5 / kernel 2.6.18 lack, chosen by
 * configure.  Code elsewhere calls only the cifsaf_* names declared here, so
 * the choice between the system function and the fallback is made in one
 * place. */
#ifndef CIFSAF_COMPAT_H
#define CIFSAF_COMPAT_H

#include <stddef.h>
#include <stdint.h>

/* getenv() that returns NULL when the process runs with elevated privileges
 * (setuid/setgid or file capabilities, i.e. AT_SECURE), so a setuid helper
 * never acts on environment seams set by the caller. */
char *cifsaf_secure_getenv(const char *name);

/* Nonzero when the process is running with elevated privileges (AT_SECURE,
 * or real and effective ids differ on systems without getauxval). */
int cifsaf_is_secure_exec(void);

/* Zero memory in a way the compiler may not elide (secrets). */
void cifsaf_memzero(void *p, size_t len);

/* Mark a descriptor close-on-exec / non-blocking with fcntl: SOCK_CLOEXEC,
 * O_CLOEXEC and pipe2 need kernel 2.6.27 / glibc 2.9.  Return 0 or -errno. */
int cifsaf_fd_set_cloexec(int fd);
int cifsaf_fd_set_nonblock(int fd);

/* pipe() with both ends close-on-exec.  Return 0 or -errno. */
int cifsaf_pipe_cloexec(int fds[2]);

#ifdef HAVE_KEYUTILS
/* keyctl_reject (kernel 2.6.39, keyutils 1.5) where there is one, else
 * keyctl_negate, whose requests fail with ENOKEY instead of error.
 * Return 0 or -errno. */
int cifsaf_keyctl_reject(int32_t key, unsigned timeout_s, int error);
#endif

#endif
