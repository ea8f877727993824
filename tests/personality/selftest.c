/* selftest.c: selftest 2.6.18|host: each rule of the linux-2.6.18 launcher
 * (rules.h), tried with a real call.  Under the launcher ("2.6.18") each
 * call must give 2.6.18's answer; without it ("host") every rule that
 * bites must give another answer, and every call left alone the same one.
 * Built for x86_64 and, with -m32, for i386; one PASS or FAIL line per
 * call, then "N passed, M failed". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <linux/net.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#include "selftest.h"

#define OK 0L

/* A raw call: its result, or -errno. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r < 0 ? -errno : r;
}
#define sys(nr, a, b, c, d) sys6((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* A call that makes a descriptor: OK (the descriptor closed) or -errno. */
static long fd_made(long r)
{
	if (r < 0)
		return r;
	close((int)r);
	return OK;
}
#define fd_sys(nr, a, b, c, d) fd_made(sys((nr), (a), (b), (c), (d)))

static char buf[512];
static sigset_t mask;

/* ---- calls 2.6.18 does not have: ENOSYS */
static long c_setns(void) { return sys(SYS_setns, -1, 0, 0, 0); }
static long c_getrandom(void) { return sys(SYS_getrandom, buf, 4, 1 /* GRND_NONBLOCK */, 0) < 0 ? -errno : OK; }
static long c_memfd(void) { return fd_sys(SYS_memfd_create, "k2618", 0, 0, 0); }
static long c_statx(void) { return sys6(SYS_statx, AT_FDCWD, (long)"/", 0, 0x7ff, (long)buf, 0); }
#ifdef SYS_eventfd
static long c_eventfd(void) { return fd_sys(SYS_eventfd, 0, 0, 0, 0); }
static long c_signalfd(void) { return fd_sys(SYS_signalfd, -1, &mask, 8, 0); }
#endif
static long c_timerfd(void) { return fd_sys(SYS_timerfd_create, CLOCK_MONOTONIC, 0, 0, 0); }
static long c_eventfd2(void) { return fd_sys(SYS_eventfd2, 0, 0, 0, 0); }
static long c_signalfd4(void) { return fd_sys(SYS_signalfd4, -1, &mask, 8, 0); }
static long c_epoll_pwait(void) { return sys6(SYS_epoll_pwait, -1, (long)buf, 1, 0, 0, 8); }
static long c_utimensat(void) { return sys(SYS_utimensat, AT_FDCWD, "/nonexistent-k2618", 0, 0); }
static long c_getcpu(void) { return sys(SYS_getcpu, buf, 0, 0, 0); }
static long c_clone3(void) { return sys(SYS_clone3, 0, 0, 0, 0); }
static long c_seccomp(void)
{
	static unsigned action = SECCOMP_RET_KILL_PROCESS;

	return sys(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action, 0);
}
static long c_pidfd_open(void) { return fd_sys(SYS_pidfd_open, getpid(), 0, 0, 0); }
static long c_rseq(void) { return sys(SYS_rseq, 0, 0, 0, 0); }
static long c_recvmmsg(void) { return sys6(SYS_recvmmsg, -1, 0, 0, 0, 0, 0); }
static long c_vmsplice(void) { return sys(SYS_vmsplice, -1, 0, 0, 0); }

/* ---- calls that take flags: ENOSYS with a flag */
static int fds[2];
static long c_pipe2(long flags)
{
	long r = sys(SYS_pipe2, fds, flags, 0, 0);

	if (r == 0) {
		close(fds[0]);
		close(fds[1]);
	}
	return r;
}
static long c_pipe2_cloexec(void) { return c_pipe2(O_CLOEXEC); }
static long c_pipe2_0(void) { return c_pipe2(0); }
static long c_dup3_cloexec(void) { return fd_sys(SYS_dup3, 0, 99, O_CLOEXEC, 0); }
static long c_dup3_0(void) { return fd_sys(SYS_dup3, 0, 99, 0, 0); }
static long c_epoll_create1_cloexec(void) { return fd_sys(SYS_epoll_create1, O_CLOEXEC, 0, 0, 0); }
static long c_epoll_create1_0(void) { return fd_sys(SYS_epoll_create1, 0, 0, 0, 0); }
static long c_inotify_init1_cloexec(void) { return fd_sys(SYS_inotify_init1, O_CLOEXEC, 0, 0, 0); }
static long c_inotify_init1_0(void) { return fd_sys(SYS_inotify_init1, 0, 0, 0, 0); }
static long c_accept4_cloexec(void) { return sys(SYS_accept4, -1, 0, 0, SOCK_CLOEXEC); }
static long c_accept4_0(void) { return sys(SYS_accept4, -1, 0, 0, 0); }

#ifdef __i386__
/* ---- i386: socketcall stops at SYS_RECVMSG; the direct calls are 4.3's */
static long socketcall(int call, long a, long b, long c, long d)
{
	unsigned long args[6] = { (unsigned long)a, (unsigned long)b, (unsigned long)c, (unsigned long)d, 0, 0 };

	return sys(SYS_socketcall, call, args, 0, 0);
}
static long c_sc_accept4_cloexec(void) { return socketcall(SYS_ACCEPT4, -1, 0, 0, SOCK_CLOEXEC); }
static long c_sc_accept4_0(void) { return socketcall(SYS_ACCEPT4, -1, 0, 0, 0); }
static long c_sc_recvmmsg(void) { return socketcall(SYS_RECVMMSG, -1, 0, 0, 0); }
static long c_sc_sendmmsg(void) { return socketcall(SYS_SENDMMSG, -1, 0, 0, 0); }
static long c_sc_socket(void) { return fd_made(socketcall(SYS_SOCKET, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, 0)); }
static long c_socket_direct(void) { return fd_sys(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0); }
static long c_sendmmsg_direct(void) { return sys(SYS_sendmmsg, -1, 0, 0, 0); }
#define SYS_FCNTL SYS_fcntl64
#else
#define SYS_FCNTL SYS_fcntl
#endif

/* ---- prctl: options from PR_GET_SECCOMP (21) on get EINVAL */
static long c_capbset_read(void) { return sys(SYS_prctl, PR_CAPBSET_READ, CAP_CHOWN, 0, 0); }
static long c_get_seccomp(void) { return sys(SYS_prctl, PR_GET_SECCOMP, 0, 0, 0); }
static long c_ambient(void) { return sys(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0); }
static long c_get_dumpable(void) { return sys(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0) < 0 ? -errno : OK; }
static long c_get_name(void) { return sys(SYS_prctl, PR_GET_NAME, buf, 0, 0); }

static long capbset_drop(void) { return sys(SYS_prctl, PR_CAPBSET_DROP, CAP_MKNOD, 0, 0); }
static long c_capbset_drop(void) { return k2618_in_child(capbset_drop); }
static long set_nnp(void) { return sys(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0); }
static long c_set_nnp(void) { return k2618_in_child(set_nnp); }

/* ---- keyctl: operations after KEYCTL_ASSUME_AUTHORITY (16) */
static long c_get_security(void) { return sys(SYS_keyctl, KEYCTL_GET_SECURITY, KEY_SPEC_SESSION_KEYRING, buf, sizeof(buf)) < 0 ? -errno : OK; }
static long c_reject(void) { return sys(SYS_keyctl, KEYCTL_REJECT, 0x7ffffff0, 1, ENOKEY); }
static long c_invalidate(void) { return sys(SYS_keyctl, KEYCTL_INVALIDATE, 0x7ffffff0, 0, 0); }
static long c_key_caps(void) { return sys(SYS_keyctl, KEYCTL_CAPABILITIES, buf, 4, 0) < 0 ? -errno : OK; }
static long c_assume_authority(void) { return sys(SYS_keyctl, KEYCTL_ASSUME_AUTHORITY, 0, 0, 0); }
/* What 2.6.18 offers the decision cache, on one key. */
static long c_key_life(void)
{
	long key, ring = sys(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1, 0);

	if (ring < 0)
		return ring;
	key = sys6(SYS_add_key, (long)"user", (long)"k2618:selftest", (long)"v", 1, ring, 0);
	if (key < 0)
		return key;
	if (sys(SYS_request_key, "user", "k2618:selftest", 0, ring) != key ||
	    sys(SYS_keyctl, KEYCTL_SEARCH, ring, "user", "k2618:selftest") != key ||
	    sys(SYS_keyctl, KEYCTL_DESCRIBE, key, buf, sizeof(buf)) < 0 ||
	    sys(SYS_keyctl, KEYCTL_READ, key, buf, sizeof(buf)) != 1 ||
	    sys(SYS_keyctl, KEYCTL_SETPERM, key, 0x3f010000, 0) < 0 ||
	    sys(SYS_keyctl, KEYCTL_SET_TIMEOUT, key, 60, 0) < 0 ||
	    sys(SYS_keyctl, KEYCTL_REVOKE, key, 0, 0) < 0)
		return -errno;
	return sys(SYS_keyctl, KEYCTL_UNLINK, key, ring, 0);
}

/* ---- fcntl: commands 2.6.18 did not have */
static long with_pipe(int cmd, long arg)
{
	long r;

	if (pipe(fds) < 0)
		return -EPROTO;
	r = sys(SYS_FCNTL, fds[0], cmd, arg, 0);
	if (cmd == F_DUPFD_CLOEXEC || cmd == F_DUPFD)
		r = fd_made(r);
	close(fds[0]);
	close(fds[1]);
	return r < 0 ? r : OK;
}
static long c_dupfd_cloexec(void) { return with_pipe(F_DUPFD_CLOEXEC, 100); }
static long c_getpipe_sz(void) { return with_pipe(F_GETPIPE_SZ, 0); }
static long c_getown_ex(void) { return with_pipe(F_GETOWN_EX, (long)buf); }
static long c_dupfd(void) { return with_pipe(F_DUPFD, 100); }
static long c_getfd(void) { return with_pipe(F_GETFD, 0); }
static long c_ofd_getlk(void)
{
	struct flock fl;
	int fd = open("/etc/passwd", O_RDONLY);
	long r;

	if (fd < 0)
		return -EPROTO;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_RDLCK;
	r = sys(SYS_FCNTL, fd, F_OFD_GETLK, &fl, 0);
	close(fd);
	return r;
}

#define BITES(rule, what, fn, want) { rule, what, fn, want, 1 }
#define ALONE(rule, what, fn, want) { rule, what, fn, want, 0 }
#define NEW "calls 2.6.18 lacks: ENOSYS"
#define FLAGS "flags 2.6.27 added: ENOSYS unless 0"
#define PRCTL "prctl from PR_GET_SECCOMP (21) on: EINVAL"
#define KEYCTL "keyctl after KEYCTL_ASSUME_AUTHORITY (16): EOPNOTSUPP"
#define FCNTL "fcntl commands 2.6.18 lacks: EINVAL"
#define CAPS "capget/capset: version 1 only"
#define FILES "files 2.6.18 lacks: ENOENT"
#define GLIBC "glibc 2.36's own calls: left alone"

static const struct k2618_check checks[] = {
	BITES(NEW, "setns(-1, 0)", c_setns, -ENOSYS),
	BITES(NEW, "getrandom(4 bytes)", c_getrandom, -ENOSYS),
	BITES(NEW, "memfd_create", c_memfd, -ENOSYS),
	BITES(NEW, "statx(\"/\")", c_statx, -ENOSYS),
#ifdef SYS_eventfd
	BITES(NEW, "eventfd(0)", c_eventfd, -ENOSYS),
	BITES(NEW, "signalfd(-1)", c_signalfd, -ENOSYS),
#endif
	BITES(NEW, "timerfd_create", c_timerfd, -ENOSYS),
	BITES(NEW, "eventfd2(0, 0): eventfd itself is 2.6.22's", c_eventfd2, -ENOSYS),
	BITES(NEW, "signalfd4(-1, 0): signalfd itself is 2.6.22's", c_signalfd4, -ENOSYS),
	BITES(NEW, "epoll_pwait", c_epoll_pwait, -ENOSYS),
	BITES(NEW, "utimensat", c_utimensat, -ENOSYS),
	BITES(NEW, "getcpu", c_getcpu, -ENOSYS),
	BITES(NEW, "clone3", c_clone3, -ENOSYS),
	BITES(NEW, "seccomp(GET_ACTION_AVAIL)", c_seccomp, -ENOSYS),
	BITES(NEW, "pidfd_open", c_pidfd_open, -ENOSYS),
	BITES(NEW, "rseq", c_rseq, -ENOSYS),
	BITES(NEW, "recvmmsg", c_recvmmsg, -ENOSYS),
	ALONE(NEW, "vmsplice(-1), 2.6.17's, still there", c_vmsplice, -EBADF),
	BITES(FLAGS, "pipe2(O_CLOEXEC)", c_pipe2_cloexec, -ENOSYS),
	ALONE(FLAGS, "pipe2(0), glibc's pipe()", c_pipe2_0, OK),
	BITES(FLAGS, "dup3(0, 99, O_CLOEXEC)", c_dup3_cloexec, -ENOSYS),
	ALONE(FLAGS, "dup3(0, 99, 0)", c_dup3_0, OK),
	BITES(FLAGS, "epoll_create1(EPOLL_CLOEXEC)", c_epoll_create1_cloexec, -ENOSYS),
	ALONE(FLAGS, "epoll_create1(0)", c_epoll_create1_0, OK),
	BITES(FLAGS, "inotify_init1(IN_CLOEXEC)", c_inotify_init1_cloexec, -ENOSYS),
	ALONE(FLAGS, "inotify_init1(0)", c_inotify_init1_0, OK),
#ifdef __i386__
	BITES(NEW, "accept4(0), the direct call (4.3)", c_accept4_0, -ENOSYS),
	BITES(NEW, "accept4(SOCK_CLOEXEC), the direct call (4.3)", c_accept4_cloexec, -ENOSYS),
	BITES(NEW, "socket, the direct call (4.3)", c_socket_direct, -ENOSYS),
	BITES(NEW, "sendmmsg, the direct call (4.3)", c_sendmmsg_direct, -ENOSYS),
	BITES("socketcall past SYS_RECVMSG: EINVAL", "socketcall(SYS_ACCEPT4, SOCK_CLOEXEC)", c_sc_accept4_cloexec, -EINVAL),
	BITES("socketcall past SYS_RECVMSG: EINVAL", "socketcall(SYS_ACCEPT4, 0)", c_sc_accept4_0, -EINVAL),
	BITES("socketcall past SYS_RECVMSG: EINVAL", "socketcall(SYS_RECVMMSG)", c_sc_recvmmsg, -EINVAL),
	ALONE(GLIBC, "socketcall(SYS_SENDMMSG), the resolver's", c_sc_sendmmsg, -EBADF),
	ALONE(GLIBC, "socketcall(SYS_SOCKET, SOCK_CLOEXEC), openlog's", c_sc_socket, OK),
#else
	BITES(FLAGS, "accept4(-1, SOCK_CLOEXEC)", c_accept4_cloexec, -ENOSYS),
	ALONE(FLAGS, "accept4(-1, 0)", c_accept4_0, -EBADF),
#endif
	BITES(PRCTL, "PR_CAPBSET_READ(CAP_CHOWN)", c_capbset_read, -EINVAL),
	BITES(PRCTL, "PR_CAPBSET_DROP(CAP_MKNOD), in a child", c_capbset_drop, -EINVAL),
	BITES(PRCTL, "PR_GET_SECCOMP", c_get_seccomp, -EINVAL),
	BITES(PRCTL, "PR_SET_NO_NEW_PRIVS, in a child", c_set_nnp, -EINVAL),
	BITES(PRCTL, "PR_CAP_AMBIENT(IS_SET)", c_ambient, -EINVAL),
	ALONE(PRCTL, "PR_GET_DUMPABLE", c_get_dumpable, OK),
	ALONE(PRCTL, "PR_GET_NAME", c_get_name, OK),
	BITES(KEYCTL, "KEYCTL_GET_SECURITY(session keyring)", c_get_security, -EOPNOTSUPP),
	BITES(KEYCTL, "KEYCTL_REJECT", c_reject, -EOPNOTSUPP),
	BITES(KEYCTL, "KEYCTL_INVALIDATE", c_invalidate, -EOPNOTSUPP),
	BITES(KEYCTL, "KEYCTL_CAPABILITIES", c_key_caps, -EOPNOTSUPP),
	ALONE(KEYCTL, "KEYCTL_ASSUME_AUTHORITY(0)", c_assume_authority, OK),
	ALONE(KEYCTL, "add_key, request_key, search, describe, read, setperm, set_timeout, revoke, unlink",
	      c_key_life, OK),
	BITES(FCNTL, "F_DUPFD_CLOEXEC (2.6.24)", c_dupfd_cloexec, -EINVAL),
	BITES(FCNTL, "F_GETPIPE_SZ (2.6.35)", c_getpipe_sz, -EINVAL),
	BITES(FCNTL, "F_GETOWN_EX (2.6.32)", c_getown_ex, -EINVAL),
	BITES(FCNTL, "F_OFD_GETLK (3.15)", c_ofd_getlk, -EINVAL),
	ALONE(FCNTL, "F_DUPFD", c_dupfd, OK),
	ALONE(FCNTL, "F_GETFD", c_getfd, OK),
	BITES(CAPS, "capget(version 0, NULL): EINVAL, version 1 written back", k2618_capget_v0, -EINVAL),
	BITES(CAPS, "capget(version 3): EINVAL, version 1 written back", k2618_capget_v3, -EINVAL),
	BITES(CAPS, "capget(version 2): EINVAL, version 1 written back", k2618_capget_v2, -EINVAL),
	BITES(CAPS, "capget(version 1, NULL): EFAULT", k2618_capget_v1_null, -EFAULT),
	BITES(CAPS, "capset(version 3): EINVAL, version 1 written back", k2618_capset_v3, -EINVAL),
	ALONE(CAPS, "capget(version 1)", k2618_capget_v1, OK),
	ALONE(CAPS, "capset(version 1), the sets unchanged", k2618_capset_v1, OK),
	ALONE(CAPS, "capget(NULL header): EFAULT", k2618_capget_fault, -EFAULT),
#ifdef K2618_WITH_CAPNG
	BITES(CAPS, "libcap-ng: capng_update(CAP_SYS_ADMIN) refused (it finds no capability but 0)",
	      k2618_capng_update, -EINVAL),
#endif
	BITES(FILES, "open(/proc/sys/kernel/cap_last_cap)", k2618_open_cap_last_cap, -ENOENT),
	BITES(FILES, "openat(/proc/sys/kernel/cap_last_cap)", k2618_openat_cap_last_cap, -ENOENT),
	ALONE(FILES, "open(/proc/sys/kernel/osrelease)", k2618_open_osrelease, OK),
	ALONE(GLIBC, "pipe()", k2618_glibc_pipe, OK),
	ALONE(GLIBC, "getrlimit (prlimit64)", k2618_glibc_getrlimit, OK),
	ALONE(GLIBC, "socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC), openlog's", k2618_glibc_socket, OK),
	ALONE(GLIBC, "sendmmsg(-1), the resolver's", k2618_glibc_sendmmsg, -EBADF),
	ALONE(GLIBC, "getaddrinfo(localhost)", k2618_glibc_getaddrinfo, OK),
	ALONE(GLIBC, "stat(\"/\")", k2618_glibc_stat, OK),
	ALONE(GLIBC, "fork and waitpid", k2618_glibc_fork, OK),
	ALONE(GLIBC, "pthread_create and pthread_join (clone3 falls back to clone)", k2618_glibc_thread, OK),
	ALONE(GLIBC, "clock_gettime(CLOCK_MONOTONIC)", k2618_glibc_clock, OK),
};

int main(int argc, char **argv)
{
	sigemptyset(&mask);
	if (argc != 2 || (strcmp(argv[1], "2.6.18") != 0 && strcmp(argv[1], "host") != 0)) {
		fprintf(stderr, "usage: %s 2.6.18|host\n", argv[0]);
		return 2;
	}
	return k2618_run_checks(checks, sizeof(checks) / sizeof(checks[0]), strcmp(argv[1], "2.6.18") == 0);
}
