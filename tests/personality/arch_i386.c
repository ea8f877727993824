/* arch_i386.c: 2.6.18's answers on i386, numbered by the kernel's own i386
 * header (this file includes no other syscall header). */
#include <errno.h>
#include <linux/audit.h>
#include <asm/unistd_32.h>

#include "rules.h"

#define ANY_FROM(v) { (v), 0xffffffffu }

const struct k2618_arch k2618_i386 = {
	.name = "i386",
	.audit_arch = AUDIT_ARCH_I386,
	/* move_pages was the last call 2.6.18 added.  The direct socket
	 * calls (4.3) are above it: glibc 2.36 goes through socketcall. */
	.first_new = __NR_move_pages + 1,
	.n_flagged = 4,
	.flagged = {
		{ __NR_pipe2, 1 }, { __NR_dup3, 2 },
		{ __NR_epoll_create1, 0 }, { __NR_inotify_init1, 0 },
	},
	.n_allowed = 1,
	.allowed = { __NR_prlimit64 },
	.n_ops = 5,
	.ops = {
		{ "keyctl", __NR_keyctl, 0, EOPNOTSUPP, 1, { ANY_FROM(17) } },
		{ "prctl", __NR_prctl, 0, EINVAL, 1, { ANY_FROM(21) } },
		{ "fcntl", __NR_fcntl, 1, EINVAL, 3, { { 15, 17 }, { 36, 38 }, ANY_FROM(1027) } },
		{ "fcntl64", __NR_fcntl64, 1, EINVAL, 3, { { 15, 17 }, { 36, 38 }, ANY_FROM(1027) } },
		/* 2.6.18's socketcall stops at SYS_RECVMSG (17): SYS_ACCEPT4
		 * (18) and SYS_RECVMMSG (19) get EINVAL.  SYS_SENDMMSG (20)
		 * is glibc's resolver's, left alone. */
		{ "socketcall", __NR_socketcall, 0, EINVAL, 2, { { 18, 19 }, ANY_FROM(21) } },
	},
	.capget = __NR_capget,
	.capset = __NR_capset,
	.open = __NR_open,
	.openat = __NR_openat,
};
