/* filtercheck.c: the filter's verdict for each call of filtercheck.h's
 * tables, through filter.c's interpreter.  This is what proves the i386
 * rules on a machine that cannot run i386 programs; the live self-test
 * (selftest.c) proves the kernel agrees wherever it can run them. */
#include <stdio.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "filtercheck.h"

static unsigned pass, fail;

static void expect(const char *arch, const char *what, unsigned got, unsigned want)
{
	int ok = got == want;

	printf("%s: filter, %s: %s: action %#x (want %#x)\n", ok ? "PASS" : "FAIL", arch, what, got, want);
	if (ok)
		pass++;
	else
		fail++;
}

static void run_table(const struct sock_filter *prog, int n, const char *arch, unsigned audit_arch,
		      const struct k2618_case *c, unsigned count)
{
	unsigned i;

	for (i = 0; i < count; i++)
		expect(arch, c[i].what, k2618_filter_run(prog, (size_t)n, audit_arch, c[i].nr, c[i].args),
		       c[i].want);
}

int main(void)
{
	static struct sock_filter prog[K2618_FILTER_MAX];
	static const unsigned long long none[6];
	int n = k2618_filter_build(prog, K2618_FILTER_MAX);

	if (n < 0) {
		printf("FAIL: the filter does not fit in %d instructions\n0 passed, 1 failed\n", K2618_FILTER_MAX);
		return 1;
	}
	printf("filter: %d instructions\n", n);
	run_table(prog, n, "x86_64", AUDIT_ARCH_X86_64, k2618_cases_x86_64, k2618_n_cases_x86_64);
	run_table(prog, n, "i386", AUDIT_ARCH_I386, k2618_cases_i386, k2618_n_cases_i386);
	expect("aarch64", "any call from another architecture kills",
	       k2618_filter_run(prog, (size_t)n, AUDIT_ARCH_AARCH64, 0, none), SECCOMP_RET_KILL_PROCESS);
	printf("%u passed, %u failed\n", pass, fail);
	return fail != 0;
}
