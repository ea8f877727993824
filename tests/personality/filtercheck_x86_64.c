/* filtercheck_x86_64.c: the x86_64 verdicts (filtercheck.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <asm/unistd_64.h>

#include "filtercheck.h"

const struct k2618_case k2618_cases_x86_64[] = {
#include "filtercheck_cases.h"
	CASE_ARG(__NR_accept4, 3, 0, ALLOW),
	CASE_ARG(__NR_accept4, 3, 02000000, FAIL(ENOSYS)),
	CASE(__NR_sendmmsg, ALLOW),
	/* an x32 call: 2.6.18 had no x32 */
	{ "x32 read", 0x40000000, { 0 }, FAIL(ENOSYS) },
};
const unsigned k2618_n_cases_x86_64 = sizeof(k2618_cases_x86_64) / sizeof(k2618_cases_x86_64[0]);
