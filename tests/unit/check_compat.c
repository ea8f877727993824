/* Unit tests: compat/ (the glibc 2.5 / kernel 2.6.18 fallbacks). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testhelp.h"
#include "compat/compat.h"

START_TEST(cloexec_and_nonblock_are_set)
{
	int fds[2];

	ck_assert_int_eq(cifsaf_pipe_cloexec(fds), 0);
	ck_assert(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
	ck_assert(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
	ck_assert(!(fcntl(fds[0], F_GETFL) & O_NONBLOCK));
	ck_assert_int_eq(cifsaf_fd_set_nonblock(fds[0]), 0);
	ck_assert(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
	close(fds[0]);
	close(fds[1]);
	ck_assert_int_lt(cifsaf_fd_set_cloexec(fds[0]), 0);	/* closed: -EBADF */
	ck_assert_int_eq(cifsaf_fd_set_nonblock(fds[0]), -EBADF);
}
END_TEST

/* With no descriptor left, the pipe's error comes back. */
START_TEST(pipe_error_is_returned)
{
	struct rlimit was, none;
	int fds[2], r;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &was), 0);
	none = was;
	none.rlim_cur = 0;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &none), 0);
	r = cifsaf_pipe_cloexec(fds);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &was), 0);
	ck_assert_int_eq(r, -EMFILE);
}
END_TEST

START_TEST(memzero_clears)
{
	char secret[] = "hunter2";

	cifsaf_memzero(secret, sizeof(secret));
	ck_assert_int_eq(memcmp(secret, "\0\0\0\0\0\0\0\0", sizeof(secret)), 0);
}
END_TEST

START_TEST(secure_getenv_when_not_privileged)
{
	/* The unit tests never run setuid: the environment is honoured. */
	ck_assert_int_eq(cifsaf_is_secure_exec(), 0);
	setenv("CIFSAF_TEST_VAR", "x", 1);
	ck_assert_str_eq(cifsaf_secure_getenv("CIFSAF_TEST_VAR"), "x");
	unsetenv("CIFSAF_TEST_VAR");
	ck_assert_ptr_eq(cifsaf_secure_getenv("CIFSAF_TEST_VAR"), NULL);
}
END_TEST

START_TEST(reject_falls_back_only_where_the_kernel_lacks_it)
{
	/* 2.6.18 answers KEYCTL_REJECT with EOPNOTSUPP: a negative key. */
	ck_assert(cifsaf_keyctl_reject_missing(EOPNOTSUPP));
	ck_assert(cifsaf_keyctl_reject_missing(ENOSYS));
	/* Anything else is the key's or the caller's fault: reported. */
	ck_assert(!cifsaf_keyctl_reject_missing(EPERM));
	ck_assert(!cifsaf_keyctl_reject_missing(ENOKEY));
	ck_assert(!cifsaf_keyctl_reject_missing(EKEYREVOKED));
}
END_TEST

START_TEST(bounding_set_calls_answer)
{
	/* CAP_CHOWN is in every bounding set a test runs with. */
	int r = cifsaf_capbset_read(0);

	ck_assert(r == 1 || r == -EINVAL);
	/* Far past the last capability: EINVAL on every kernel. */
	ck_assert_int_eq(cifsaf_capbset_read(4096), -EINVAL);
	ck_assert_int_eq(cifsaf_capbset_drop(4096), -EINVAL);
}
END_TEST

/* The sets as capget version 1 sees them (capabilities 0 to 31). */
static void caps_v1(uint32_t *effective, uint32_t *permitted)
{
	uint32_t header[2] = { 0x19980330, 0 }, data[3] = { 0, 0, 0 };

	ck_assert_int_eq(syscall(SYS_capget, header, data), 0);
	*effective = data[0];
	*permitted = data[1];
}

START_TEST(capset_version_1_writes_the_sets)
{
	uint32_t eff, prm, eff2, prm2;

	/* The process's own sets written back (a version 1 capset clears
	 * capabilities 32 and up, which no test here needs). */
	caps_v1(&eff, &prm);
	ck_assert_int_eq(cifsaf_capset_v1(eff, prm), 0);
	caps_v1(&eff2, &prm2);
	ck_assert_uint_eq(eff2, eff);
	ck_assert_uint_eq(prm2, prm);
	/* An effective capability that is not permitted: refused, and
	 * nothing changed. */
	ck_assert_int_eq(cifsaf_capset_v1(1u << 21, 0), -EPERM);
	caps_v1(&eff2, &prm2);
	ck_assert_uint_eq(prm2, prm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compat");
	TCase *tc = testhelp_tcase("compat");

	tcase_add_test(tc, cloexec_and_nonblock_are_set);
	tcase_add_test(tc, pipe_error_is_returned);
	tcase_add_test(tc, memzero_clears);
	tcase_add_test(tc, secure_getenv_when_not_privileged);
	tcase_add_test(tc, reject_falls_back_only_where_the_kernel_lacks_it);
	tcase_add_test(tc, bounding_set_calls_answer);
	tcase_add_test(tc, capset_version_1_writes_the_sets);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
