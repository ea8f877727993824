/* Unit tests: resolver/probe_socket.c, the real connect probes, against
 * listeners on 127.0.0.1 (loopback only). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <talloc.h>
#include <unistd.h>

#include "testhelp.h"
#include "resolver/probe_socket.h"

/* A listening socket on 127.0.0.1 with a kernel-chosen port. */
static int listen_loopback(uint16_t *ret_port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*ret_port = ntohs(sin.sin_port);
	return fd;
}

START_TEST(connects_to_a_listener)
{
	struct cifsaf_socket_prober *p = cifsaf_socket_prober_new(test_mem, 1);
	struct cifsaf_candidate c = testhelp_addr("127.0.0.1");
	struct cifsaf_race_params params = { 0, 250, 0, 2000, NULL, 0 };
	struct cifsaf_attempt a[1];
	size_t winner = 99;
	int lfd = listen_loopback(&params.port);

	ck_assert_int_eq(cifsaf_race(&c, 1, &params, &cifsaf_socket_probe_ops, p, a, &winner), 0);
	ck_assert_uint_eq(winner, 0);
	ck_assert_int_eq(a[0].state, CIFSAF_ATTEMPT_CONNECTED);
	ck_assert_int_eq(p->fds[0], -1);	/* closed after the race */
	close(lfd);
}
END_TEST

/* One race against the listener arg (non-blocking), its connection then
 * accepted and closed so that the backlog never fills. */
static int race_in(void *mem, void *arg)
{
	const int *lfd = arg;
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	struct cifsaf_socket_prober *p = cifsaf_socket_prober_new(mem, 1);
	struct cifsaf_candidate c = testhelp_addr("127.0.0.1");
	struct cifsaf_race_params params = { 0, 250, 0, 2000, NULL, 0 };
	struct cifsaf_attempt a[1];
	size_t winner = 99;
	int r, fd;

	if (p == NULL)
		return -ENOMEM;
	ck_assert_int_eq(getsockname(*lfd, (struct sockaddr *)&sin, &len), 0);
	params.port = ntohs(sin.sin_port);
	r = cifsaf_race(&c, 1, &params, &cifsaf_socket_probe_ops, p, a, &winner);
	talloc_free(p);
	while ((fd = accept(*lfd, NULL, NULL)) >= 0)
		close(fd);
	return r;
}

/* Every allocation that fails gives -ENOMEM, every socket closed. */
START_TEST(out_of_memory)
{
	uint16_t port;
	int lfd = listen_loopback(&port);

	ck_assert_int_eq(fcntl(lfd, F_SETFL, O_NONBLOCK), 0);
	ck_assert_int_eq(testhelp_until_memory_suffices(race_in, &lfd), 0);
	close(lfd);
}
END_TEST

START_TEST(refused_port_fails_fast)
{
	struct cifsaf_socket_prober *p = cifsaf_socket_prober_new(test_mem, 2);
	struct cifsaf_candidate c[2] = { testhelp_addr("127.0.0.1"), testhelp_addr("127.0.0.1") };
	struct cifsaf_race_params params = { 0, 250, 0, 2000, NULL, 0 };
	struct cifsaf_attempt a[2];
	size_t winner;
	int lfd = listen_loopback(&params.port);

	close(lfd);	/* nothing listens there now: RST */
	ck_assert_int_eq(cifsaf_race(c, 2, &params, &cifsaf_socket_probe_ops, p, a, &winner),
			 -ECONNREFUSED);
	ck_assert_int_eq(a[0].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_eq(a[1].state, CIFSAF_ATTEMPT_FAILED);
	ck_assert_int_lt(a[1].started_ms, 250);	/* the failure started the next at once */
}
END_TEST

START_TEST(destructor_closes_open_sockets)
{
	struct cifsaf_socket_prober *p = cifsaf_socket_prober_new(test_mem, 1);
	struct cifsaf_candidate c = testhelp_addr("127.0.0.1");
	uint16_t port;
	int lfd = listen_loopback(&port), fd;

	ck_assert_int_ge(cifsaf_socket_probe_ops.start(p, 0, &c, port), 0);
	fd = p->fds[0];
	ck_assert_int_ge(fd, 0);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	talloc_free(p);
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);	/* closed by the destructor */
	close(lfd);
}
END_TEST

START_TEST(monotonic_clock_moves_forward)
{
	int64_t a = cifsaf_monotonic_ms(), b;

	usleep(20000);
	b = cifsaf_monotonic_ms();
	ck_assert_int_ge(b - a, 19);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("probe_socket");
	TCase *tc = testhelp_tcase("probe_socket");

	tcase_add_test(tc, out_of_memory);
	tcase_add_test(tc, connects_to_a_listener);
	tcase_add_test(tc, refused_port_fails_fast);
	tcase_add_test(tc, destructor_closes_open_sockets);
	tcase_add_test(tc, monotonic_clock_moves_forward);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
