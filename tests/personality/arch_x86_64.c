/* arch_x86_64.c: 2.6.18's answers on x86_64, numbered by the kernel's own
 * x86_64 header (this file includes no other syscall header). */
#include <errno.h>
#include <linux/audit.h>
#include <asm/unistd_64.h>

#include "rules.h"

#define ANY_FROM(v) { (v), 0xffffffffu }

const struct k2618_arch k2618_x86_64 = {
	.name = "x86_64",
	.audit_arch = AUDIT_ARCH_X86_64,
	/* move_pages was the last call 2.6.18 added; x32 calls (bit 30)
	 * are above it too. */
	.first_new = __NR_move_pages + 1,
	.n_flagged = 5,
	.flagged = {
		{ __NR_pipe2, 1 }, { __NR_dup3, 2 }, { __NR_accept4, 3 },
		{ __NR_epoll_create1, 0 }, { __NR_inotify_init1, 0 },
	},
	/* getrlimit/setrlimit are prlimit64 since glibc 2.26; the resolver
	 * sends its A and AAAA queries with sendmmsg. */
	.n_allowed = 2,
	.allowed = { __NR_prlimit64, __NR_sendmmsg },
	.n_ops = 3,
	.ops = {
		/* KEYCTL_GET_SECURITY (17, 2.6.26) and later */
		{ "keyctl", __NR_keyctl, 0, EOPNOTSUPP, 1, { ANY_FROM(17) } },
		/* PR_GET_SECCOMP (21, 2.6.23) and later, the bounding set's
		 * PR_CAPBSET_READ/DROP (23/24, 2.6.25) among them */
		{ "prctl", __NR_prctl, 0, EINVAL, 1, { ANY_FROM(21) } },
		/* F_SETOWN_EX..F_GETOWNER_UIDS, the OFD locks, and
		 * F_DUPFD_CLOEXEC (1030, 2.6.24) and later */
		{ "fcntl", __NR_fcntl, 1, EINVAL, 3, { { 15, 17 }, { 36, 38 }, ANY_FROM(1027) } },
	},
	.capget = __NR_capget,
	.capset = __NR_capset,
	.open = __NR_open,
	.openat = __NR_openat,
};

const char *const k2618_absent_files[] = {
	"/proc/sys/kernel/cap_last_cap",
	0,
};
