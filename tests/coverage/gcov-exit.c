/*
 * tests/coverage/gcov-exit.c: linked into the coverage build only
 * (tests/coverage/run.sh).  Two things gcov's instrumentation would get
 * wrong without it:
 *
 * - gcov writes its .gcda files when a process exits; the security suites
 *   run the helper under RLIMIT_FSIZE of one block (CVE-2011-1678), where
 *   that write would kill the process with SIGXFSZ and turn the helper's
 *   exit status 16 into a signal.  Ignoring SIGXFSZ at exit makes the
 *   write fail with EFBIG instead: that run's counts are lost, its exit
 *   status is the helper's own.  Destructors of the default priority run
 *   before gcov's (priority 99).
 *
 * - A forked child that ends with _exit() (the lookup children, the AD
 *   site step's DNS child, the password prompt's askpass child) runs no
 *   exit handlers, so gcov never writes what it ran: those lines counted
 *   as never run although every lookup runs them.  The build links with
 *   -Wl,--wrap=_exit, so the sources' calls of _exit() come here, write
 *   the counts, then end the process as _exit() does.
 */
#include <signal.h>
#include <unistd.h>

extern void __gcov_dump(void);
extern void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));

static void __attribute__((destructor)) cifsaf_gcov_exit_quietly(void)
{
	signal(SIGXFSZ, SIG_IGN);
}

void __wrap__exit(int status)
{
	signal(SIGXFSZ, SIG_IGN);
	__gcov_dump();
	__real__exit(status);
}
