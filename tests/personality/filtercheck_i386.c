/* filtercheck_i386.c: the i386 verdicts (filtercheck.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <asm/unistd_32.h>

#include "filtercheck.h"

const struct k2618_case k2618_cases_i386[] = {
#include "filtercheck_cases.h"
	CASE_ARG(__NR_fcntl64, 1, 13, ALLOW),
	CASE_ARG(__NR_fcntl64, 1, 16, FAIL(EINVAL)),
	CASE_ARG(__NR_fcntl64, 1, 37, FAIL(EINVAL)),
	CASE_ARG(__NR_fcntl64, 1, 1030, FAIL(EINVAL)),
	CASE_ARG(__NR_socketcall, 0, 1, ALLOW),
	CASE_ARG(__NR_socketcall, 0, 17, ALLOW),
	CASE_ARG(__NR_socketcall, 0, 18, FAIL(EINVAL)),
	CASE_ARG(__NR_socketcall, 0, 19, FAIL(EINVAL)),
	CASE_ARG(__NR_socketcall, 0, 20, ALLOW),
	CASE_ARG(__NR_socketcall, 0, 21, FAIL(EINVAL)),
	/* the direct socket calls (4.3); glibc 2.36 uses socketcall */
	CASE(__NR_socket, FAIL(ENOSYS)),
	CASE(__NR_accept4, FAIL(ENOSYS)),
	CASE(__NR_sendmmsg, FAIL(ENOSYS)),
	/* the 64-bit time calls (5.1): glibc 2.36 falls back on ENOSYS */
	CASE(__NR_clock_gettime64, FAIL(ENOSYS)),
	CASE(__NR_futex_time64, FAIL(ENOSYS)),
	CASE(__NR_clock_gettime, ALLOW),
	CASE(__NR_futex, ALLOW),
	CASE(__NR_fstatat64, ALLOW),
	CASE(__NR_arch_prctl, FAIL(ENOSYS)),
};
const unsigned k2618_n_cases_i386 = sizeof(k2618_cases_i386) / sizeof(k2618_cases_i386[0]);
