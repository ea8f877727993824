/* selftest-more.c: the self-test's capability, file and glibc checks, and
 * the loop that runs every check (selftest.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#ifdef K2618_WITH_CAPNG
#include <cap-ng.h>
#endif

#include "selftest.h"

#define OK 0L

#ifdef __i386__
#define ARCH "i386"
#else
#define ARCH "x86_64"
#endif

static long result(long r)
{
	return r < 0 ? -errno : OK;
}

long k2618_in_child(long (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		long r = fn();

		_exit(r == 0 ? 0 : r < 0 && -r < 255 ? (int)-r : 255);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -EPROTO;
	return -(long)WEXITSTATUS(status);
}

/* ---- capget/capset: an EINVAL counts only with version 1 written back */
static long capget_version(unsigned version, int with_data)
{
	struct __user_cap_header_struct h = { version, 0 };
	struct __user_cap_data_struct d[2];
	long r = syscall(SYS_capget, &h, with_data ? d : NULL);

	if (r == 0)
		return OK;
	if (errno == EINVAL)
		return h.version == _LINUX_CAPABILITY_VERSION_1 ? -EINVAL : -EPROTO;
	return -errno;
}

long k2618_capget_v0(void) { return capget_version(0, 0); }
long k2618_capget_v2(void) { return capget_version(_LINUX_CAPABILITY_VERSION_2, 1); }
long k2618_capget_v3(void) { return capget_version(_LINUX_CAPABILITY_VERSION_3, 1); }
long k2618_capget_v1_null(void) { return capget_version(_LINUX_CAPABILITY_VERSION_1, 0); }
long k2618_capget_v1(void) { return capget_version(_LINUX_CAPABILITY_VERSION_1, 1); }
long k2618_capget_fault(void) { return result(syscall(SYS_capget, NULL, NULL)); }

/* capset the sets the process has (their low 32 bits, all 2.6.18 knows),
 * with VERSION.  In a child: version 1 drops capabilities 32 and up. */
static unsigned capset_with;
static long capset_same(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_1, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return -EPROTO;
	h.version = capset_with;
	h.pid = 0;
	if (syscall(SYS_capset, &h, d) == 0)
		return OK;
	if (errno == EINVAL)
		return h.version == _LINUX_CAPABILITY_VERSION_1 ? -EINVAL : -EPROTO;
	return -errno;
}

long k2618_capset_v3(void)
{
	capset_with = _LINUX_CAPABILITY_VERSION_3;
	return k2618_in_child(capset_same);
}

long k2618_capset_v1(void)
{
	capset_with = _LINUX_CAPABILITY_VERSION_1;
	return k2618_in_child(capset_same);
}

#ifdef K2618_WITH_CAPNG
/* libcap-ng 0.8.3 takes the last capability from cap_last_cap, and without
 * it searches with PR_CAPBSET_READ: on 2.6.18 both fail, it settles on 0
 * and refuses every other capability. */
long k2618_capng_update(void)
{
	capng_clear(CAPNG_SELECT_BOTH);
	return capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SYS_ADMIN) == 0 ? OK : -EINVAL;
}
#endif

/* ---- files */
static long opened(int fd)
{
	if (fd < 0)
		return -errno;
	close(fd);
	return OK;
}

long k2618_open_cap_last_cap(void) { return opened(open("/proc/sys/kernel/cap_last_cap", O_RDONLY)); }
long k2618_openat_cap_last_cap(void)
{
	return opened((int)syscall(SYS_openat, AT_FDCWD, "/proc/sys/kernel/cap_last_cap", O_RDONLY));
}
long k2618_open_osrelease(void) { return opened(open("/proc/sys/kernel/osrelease", O_RDONLY)); }

/* ---- glibc's own calls */
long k2618_glibc_pipe(void)
{
	int p[2];

	if (pipe(p) < 0)
		return -errno;
	close(p[0]);
	close(p[1]);
	return OK;
}

long k2618_glibc_getrlimit(void)
{
	struct rlimit rl;

	return result(getrlimit(RLIMIT_NOFILE, &rl));
}

long k2618_glibc_socket(void) { return opened(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)); }
long k2618_glibc_sendmmsg(void) { return result(sendmmsg(-1, NULL, 0, 0)); }

long k2618_glibc_getaddrinfo(void)
{
	struct addrinfo hints, *res = NULL;
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo("localhost", NULL, &hints, &res);
	if (res != NULL)
		freeaddrinfo(res);
	return r == 0 ? OK : -EPROTO;
}

long k2618_glibc_stat(void)
{
	struct stat st;

	return result(stat("/", &st));
}

long k2618_glibc_fork(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	if (pid < 0)
		return -errno;
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? OK : -EPROTO;
}

static void *thread_main(void *arg)
{
	return arg;
}

long k2618_glibc_thread(void)
{
	static int token;
	pthread_t t;
	void *back = NULL;
	int r = pthread_create(&t, NULL, thread_main, &token);

	if (r != 0)
		return -r;
	r = pthread_join(t, &back);
	return r != 0 ? -r : back == &token ? OK : -EPROTO;
}

long k2618_glibc_clock(void)
{
	struct timespec ts;

	return result(clock_gettime(CLOCK_MONOTONIC, &ts));
}

static const char *answer(long r)
{
	const char *name;

	if (r >= 0)
		return "success";
	name = strerrorname_np((int)-r);
	return name != NULL ? name : "an unknown error";
}

int k2618_run_checks(const struct k2618_check *c, unsigned n, int personality)
{
	unsigned i, pass = 0, fail = 0;

	for (i = 0; i < n; i++) {
		long got = c[i].call();
		int as_2618 = got == c[i].want;
		int ok = personality || !c[i].bites ? as_2618 : !as_2618;

		printf("%s: %s %s: %s: %s: %s (2.6.18: %s%s)\n", ok ? "PASS" : "FAIL", ARCH,
		       personality ? "under linux-2.6.18" : "on the host", c[i].rule, c[i].what, answer(got),
		       answer(c[i].want), c[i].bites ? "" : ", left alone");
		if (ok)
			pass++;
		else
			fail++;
		fflush(stdout);
	}
	printf("%u passed, %u failed\n", pass, fail);
	return fail != 0;
}
