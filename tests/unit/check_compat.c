/* Unit tests: compat/compat.c (the glibc 2.5 / kernel 2.6.18 fallbacks). */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
	Suite *s = suite_create("compat");
	TCase *tc = testhelp_tcase("compat");

	tcase_add_test(tc, cloexec_and_nonblock_are_set);
	tcase_add_test(tc, memzero_clears);
	tcase_add_test(tc, secure_getenv_when_not_privileged);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
