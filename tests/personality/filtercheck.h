/* filtercheck.h: expected verdicts of the filter, one table per
 * architecture (filtercheck_x86_64.c, filtercheck_i386.c), each written
 * against its own kernel header, not derived from rules.h. */
#ifndef K2618_FILTERCHECK_H
#define K2618_FILTERCHECK_H

struct k2618_case {
	const char *what;
	int nr;
	unsigned long long args[6];
	unsigned want;		/* the seccomp action */
};

extern const struct k2618_case k2618_cases_x86_64[], k2618_cases_i386[];
extern const unsigned k2618_n_cases_x86_64, k2618_n_cases_i386;

#endif
