/* rules.h: what Linux 2.6.18 answers, per architecture, for the system
 * calls cifs-af, glibc 2.36 and the static libraries (talloc, libcap-ng,
 * libkeyutils) make; the filter (filter.c) and the supervisor
 * (supervisor.c) of the linux-2.6.18 launcher are built from it.
 *
 * The numbers come from the kernel headers, one translation unit per
 * architecture (arch_x86_64.c, arch_i386.c), so no number is written by
 * hand.  This header includes no syscall header of its own. */
#ifndef K2618_RULES_H
#define K2618_RULES_H

#include <stdint.h>

/* A system call that takes flags the kernel gained with it (2.6.27 and
 * later): ENOSYS unless its flag argument is 0, because glibc 2.36 makes
 * the flagless old call through it (pipe() is pipe2(fds, 0) on x86_64). */
struct k2618_flagged {
	int nr;
	int arg;
};

/* Values of one argument that 2.6.18 refuses, lo..hi inclusive. */
struct k2618_range {
	uint32_t lo, hi;
};

/* A call whose argument ARG (an operation or a command) 2.6.18 only knows
 * below some value: the others get ERRNO. */
struct k2618_op_rule {
	const char *what;
	int nr;
	int arg;
	int error;
	unsigned n_ranges;
	struct k2618_range ranges[3];
};

#define K2618_MAX_FLAGGED 6
#define K2618_MAX_ALLOWED 4
#define K2618_MAX_OPS 6

struct k2618_arch {
	const char *name;
	uint32_t audit_arch;
	/* The first system call number 2.6.18 did not have on this
	 * architecture: everything from here on gets ENOSYS, but for the
	 * calls below. */
	int first_new;
	unsigned n_flagged;
	struct k2618_flagged flagged[K2618_MAX_FLAGGED];
	/* Newer calls glibc 2.36 makes itself with no fallback, left alone. */
	unsigned n_allowed;
	int allowed[K2618_MAX_ALLOWED];
	unsigned n_ops;
	struct k2618_op_rule ops[K2618_MAX_OPS];
	/* Calls the supervisor answers (seccomp user notification). */
	int capget, capset, open, openat;
};

extern const struct k2618_arch k2618_x86_64, k2618_i386;

/* 2.6.18's only capability version (_LINUX_CAPABILITY_VERSION_1). */
#define K2618_CAP_VERSION 0x19980330u

/* Files 2.6.18 does not have whose absence changes what a library does:
 * libcap-ng reads the last capability from cap_last_cap (3.2), and
 * without it searches with PR_CAPBSET_READ (2.6.25). */
extern const char *const k2618_absent_files[];

#endif
