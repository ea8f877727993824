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

/* Nonzero when the program was started with elevated privileges (AT_SECURE,
 * or, on systems without getauxval, real and effective ids differing when
 * it started: still so after it has given them up). */
int cifsaf_is_secure_exec(void);

/* Zero memory in a way the compiler may not elide (secrets). */
void cifsaf_memzero(void *p, size_t len);

/* Mark a descriptor close-on-exec / non-blocking with fcntl: SOCK_CLOEXEC,
 * O_CLOEXEC and pipe2 need kernel 2.6.27 / glibc 2.9.  Return 0 or -errno. */
int cifsaf_fd_set_cloexec(int fd);
int cifsaf_fd_set_nonblock(int fd);

/* pipe() with both ends close-on-exec.  Return 0 or -errno. */
int cifsaf_pipe_cloexec(int fds[2]);

/* The capability bounding set's calls (kernel 2.6.25).  Older kernels
 * answer every capability with EINVAL, as newer ones answer one past
 * their last: cifsaf_capbset_read(CAP_CHOWN) tells the two apart.  The
 * request numbers are the kernel's ABI, so a binary built against older
 * headers still uses the calls where the kernel has them.
 * Return 0 or 1 (read), 0 (drop), or -errno. */
int cifsaf_capbset_read(int cap);
int cifsaf_capbset_drop(int cap);

/* capset() with _LINUX_CAPABILITY_VERSION_1, the one version every kernel
 * takes and the only one 2.6.18 knows: capabilities 0 to 31, nothing
 * inheritable; a newer kernel clears 32 and up.  0 or -errno. */
int cifsaf_capset_v1(uint32_t effective, uint32_t permitted);

/* setns() (kernel 3.0, glibc 2.14): the wrapper, or without one the
 * system call by its number.  0 or -errno; -ENOSYS when the kernel (or,
 * with neither, this build) has no such call. */
int cifsaf_setns(int fd, int nstype);

/* Whether ERROR, from keyctl_reject, says the kernel has no such call
 * (before 2.6.39), so that a negative key must do. */
int cifsaf_keyctl_reject_missing(int error);

#ifdef HAVE_KEYUTILS
/* keyctl_reject (kernel 2.6.39, keyutils 1.5) where there is one, else
 * keyctl_negate, whose requests fail with ENOKEY instead of error.
 * Return 0 (rejected), 1 (negated instead), or -errno. */
int cifsaf_keyctl_reject(int32_t key, unsigned timeout_s, int error);
#endif

#endif
