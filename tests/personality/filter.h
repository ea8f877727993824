/* filter.h: the seccomp filter that gives 2.6.18's answers (rules.h). */
#ifndef K2618_FILTER_H
#define K2618_FILTER_H

#include <stddef.h>
#include <linux/filter.h>

#define K2618_FILTER_MAX 512

/* The whole program: x86_64 and i386 sections, chosen by the audit arch;
 * any other arch kills the process.  Returns the number of instructions,
 * or -1 when the program would not fit (a bug in the rules). */
int k2618_filter_build(struct sock_filter *out, size_t max);

/* Run PROG on one system call as the kernel would (the classic BPF subset
 * the builder emits) and return the action, for tests on a machine that
 * cannot run an architecture's programs.  ~0u when PROG is malformed. */
unsigned k2618_filter_run(const struct sock_filter *prog, size_t n, unsigned arch, int nr,
			  const unsigned long long args[6]);

#endif
