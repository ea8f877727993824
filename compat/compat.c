/* compat.c: fallbacks for APIs newer than glibc 2.5 / kernel 2.6.18. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_SYS_AUXV_H
#include <sys/auxv.h>
#endif
#ifdef HAVE_KEYUTILS
#include <keyutils.h>
#endif

#include "compat.h"

#if defined(HAVE___SECURE_GETENV) && !HAVE_DECL___SECURE_GETENV
/* glibc before 2.17 exports __secure_getenv but no public header declares
 * it.  Without this prototype gcc 4.1 takes it for a function returning
 * int, which truncates the pointer on x86_64. */
extern char *__secure_getenv(const char *name);
#endif

#if !(defined(HAVE_GETAUXVAL) && defined(AT_SECURE))
/* Without getauxval (glibc before 2.16: the portable builds for glibc 2.5)
 * whether the program was started set-id is noted once, before main.
 * Asked later it could no longer tell: the helper's unprivileged child
 * takes the caller's ids for good, yet still acts for a set-id program
 * (which askpass it may run, which environment it may trust). */
static int started_set_id;

static void __attribute__((constructor)) note_started_set_id(void)
{
	started_set_id = getuid() != geteuid() || getgid() != getegid();
}
#endif

int cifsaf_is_secure_exec(void)
{
#if defined(HAVE_GETAUXVAL) && defined(AT_SECURE)
	return getauxval(AT_SECURE) != 0;
#else
	return started_set_id;
#endif
}

char *cifsaf_secure_getenv(const char *name)
{
#if defined(HAVE_SECURE_GETENV)
	return secure_getenv(name);
#elif defined(HAVE___SECURE_GETENV)
	return __secure_getenv(name);
#else
	if (cifsaf_is_secure_exec())
		return NULL;
	return getenv(name);
#endif
}

void cifsaf_memzero(void *p, size_t len)
{
#if defined(HAVE_EXPLICIT_BZERO)
	explicit_bzero(p, len);
#else
	/* A volatile function pointer keeps the compiler from proving the
	 * store dead and dropping it. */
	static void *(*const volatile memset_v)(void *, int, size_t) = memset;
	memset_v(p, 0, len);
#endif
}

int cifsaf_fd_set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)
		return -errno;
	return 0;
}

int cifsaf_fd_set_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

int cifsaf_pipe_cloexec(int fds[2])
{
	int r;

	if (pipe(fds) < 0)
		return -errno;
	r = cifsaf_fd_set_cloexec(fds[0]);
	if (r == 0)
		r = cifsaf_fd_set_cloexec(fds[1]);
	if (r < 0) {
		close(fds[0]);
		close(fds[1]);
	}
	return r;
}

/* A kernel older than the library answers an unknown keyctl operation with
 * EOPNOTSUPP (ENOSYS where it has no keyctl at all). */
int cifsaf_setns(int fd, int nstype)
{
#if defined(HAVE_SETNS)
	return setns(fd, nstype) < 0 ? -errno : 0;
#elif defined(SYS_setns)
	/* glibc before 2.14 has no wrapper; the system call number is the
	 * kernel's ABI, so a binary built for glibc 2.5 still enters a
	 * namespace on a kernel that has the call. */
	return syscall(SYS_setns, fd, nstype) < 0 ? -errno : 0;
#else
	(void)fd;
	(void)nstype;
	return -ENOSYS;
#endif
}

int cifsaf_keyctl_reject_missing(int error)
{
	return error == EOPNOTSUPP || error == ENOSYS;
}

#ifdef HAVE_KEYUTILS
int cifsaf_keyctl_reject(int32_t key, unsigned timeout_s, int error)
{
#ifdef HAVE_KEYCTL_REJECT
	if (keyctl_reject(key, timeout_s, (unsigned)error, 0) == 0)
		return 0;
	if (!cifsaf_keyctl_reject_missing(errno))
		return -errno;
#else
	(void)error;
#endif
	return keyctl_negate(key, timeout_s, 0) < 0 ? -errno : 1;
}
#endif
