/* selftest.h: the self-test's checks (selftest.c, selftest-more.c). */
#ifndef K2618_SELFTEST_H
#define K2618_SELFTEST_H

struct k2618_check {
	const char *rule;
	const char *what;
	long (*call)(void);	/* 0 for success, or -errno */
	long want;		/* 2.6.18's answer: 0 (success) or -errno */
	int bites;		/* 1: the host answers otherwise; 0: left alone */
};

/* One PASS or FAIL line per check, then the count; the exit status. */
int k2618_run_checks(const struct k2618_check *checks, unsigned n, int personality);

/* A call with lasting effects, made in a child: its result. */
long k2618_in_child(long (*fn)(void));

/* selftest-more.c: capabilities, files, glibc's own calls. */
long k2618_capget_v0(void);
long k2618_capget_v2(void);
long k2618_capget_v3(void);
long k2618_capget_v1_null(void);
long k2618_capget_v1(void);
long k2618_capget_fault(void);
long k2618_capset_v3(void);
long k2618_capset_v1(void);
long k2618_capng_update(void);
long k2618_open_cap_last_cap(void);
long k2618_openat_cap_last_cap(void);
long k2618_open_osrelease(void);
long k2618_glibc_pipe(void);
long k2618_glibc_getrlimit(void);
long k2618_glibc_socket(void);
long k2618_glibc_sendmmsg(void);
long k2618_glibc_getaddrinfo(void);
long k2618_glibc_stat(void);
long k2618_glibc_fork(void);
long k2618_glibc_thread(void);
long k2618_glibc_clock(void);

#endif
