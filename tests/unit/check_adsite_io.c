/* Unit tests: resolver/adsite_io.c, the AD site step's real seams.  The
 * SRV query runs in a real forked child talking to the caller through a
 * real pipe; only the system resolver under it is a fake: this program
 * defines res_init and res_query itself, so the child's calls (adsite_io.o
 * is linked into this program) come here instead of to libresolv.  The
 * LDAP pings use real UDP sockets on 127.0.0.0/8 (loopback only). */
#include "config.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testhelp.h"
#include "resolver/adsite_io.h"
#include "resolver/cldap.h"
#include "resolver/probe_socket.h"

#define NAME "_ldap._tcp.dc._msdcs.ad.test"

/* ---------------------------------------------------- the fake resolver */

enum fake_mode {
	ANSWER,		/* msg, n_msg bytes (n_claimed returned when set) */
	FAIL,		/* -1 with h_err */
	INIT_FAILS,	/* res_init fails */
	HANG,		/* never returns */
	DIE,		/* the child exits without an answer */
	NO_PIPE,	/* every descriptor past stderr closed, then msg */
};

static struct {
	enum fake_mode mode;
	int h_err;
	uint8_t msg[512];
	int n_msg, n_claimed;
} fake;

/* These run in the child, which has its own copy of fake. */
int res_init(void)
{
	return fake.mode == INIT_FAILS ? -1 : 0;
}

int res_query(const char *name, int class, int type, unsigned char *answer, int anslen)
{
	int fd;

	if (strcmp(name, NAME) != 0 || class != C_IN || type != T_SRV) {
		h_errno = NO_RECOVERY;	/* asked the wrong thing: -EIO */
		return -1;
	}
	switch (fake.mode) {
	case FAIL:
		h_errno = fake.h_err;
		return -1;
	case HANG:
		for (;;)
			pause();
	case DIE:
		_exit(3);
	case NO_PIPE:
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		break;
	default:
		break;
	}
	memcpy(answer, fake.msg, (size_t)fake.n_msg < (size_t)anslen ? (size_t)fake.n_msg : (size_t)anslen);
	return fake.n_claimed ? fake.n_claimed : fake.n_msg;
}

static void fake_answer(int n)
{
	int i;

	memset(&fake, 0, sizeof(fake));
	fake.mode = ANSWER;
	fake.n_msg = n;
	for (i = 0; i < n; i++)
		fake.msg[i] = (uint8_t)(i * 7 + 1);
}

static void fake_fail(enum fake_mode mode, int h_err)
{
	memset(&fake, 0, sizeof(fake));
	fake.mode = mode;
	fake.h_err = h_err;
}

/* ----------------------------------------------------------------- helpers */

static struct cifsaf_site_io io;

static void io_setup(void)
{
	testhelp_setup();
	ck_assert_int_eq(cifsaf_site_io_init(&io), 0);
}

static void io_teardown(void)
{
	cifsaf_site_io_done(&io);
	testhelp_teardown();
}

/* The lowest free descriptor: the same before and after a call that
 * leaks none. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

static int srv(int timeout_ms, uint8_t *buf, size_t size)
{
	return cifsaf_site_real_ops.srv_query(&io, NAME, timeout_ms, buf, size);
}

/* No child is left behind: each was killed and reaped. */
static void assert_no_child(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

static void on_chld(int sig)
{
	(void)sig;
}

static void set_sigchld(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGCHLD, &sa, NULL), 0);
}

/* SIGCHLD is as the caller had it. */
static void assert_sigchld(void (*handler)(int))
{
	struct sigaction sa;

	ck_assert_int_eq(sigaction(SIGCHLD, NULL, &sa), 0);
	ck_assert(sa.sa_handler == handler);
}

/* ------------------------------------------------------------ SRV queries */

START_TEST(srv_answer_comes_back_whole)
{
	uint8_t buf[512];
	int fd = lowest_free_fd();

	fake_answer(300);
	set_sigchld(on_chld);
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(srv(2000, buf, sizeof(buf)), 300);
	ck_assert_int_eq(memcmp(buf, fake.msg, 300), 0);
	assert_no_child();
	assert_sigchld(on_chld);	/* SIG_DFL only while the child runs */
	ck_assert_int_eq(lowest_free_fd(), fd);
}
END_TEST

/* The resolver's h_errno, as the step reads it (adsite.c: no such name, no
 * SRV record, try again later, anything else). */
START_TEST(srv_resolver_errors_are_mapped)
{
	static const struct {
		enum fake_mode mode;
		int h_err, want;
	} cases[] = {
		{ FAIL, HOST_NOT_FOUND, -ENOENT },
		{ FAIL, NO_DATA, -ENODATA },
		{ FAIL, TRY_AGAIN, -EAGAIN },
		{ FAIL, NO_RECOVERY, -EIO },
		{ INIT_FAILS, 0, -EIO },
	};
	uint8_t buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fake_fail(cases[i].mode, cases[i].h_err);
		ck_assert_msg(srv(2000, buf, sizeof(buf)) == cases[i].want, "case %zu", i);
		assert_no_child();
	}
}
END_TEST

/* res_query returning 0 bytes is no DNS message. */
START_TEST(srv_empty_answer_is_bad)
{
	uint8_t buf[64];

	fake_answer(0);
	ck_assert_int_eq(srv(2000, buf, sizeof(buf)), -EBADMSG);
	assert_no_child();
}
END_TEST

START_TEST(srv_answer_larger_than_the_buffer_is_bad)
{
	uint8_t buf[64];

	fake_answer(100);
	ck_assert_int_eq(srv(2000, buf, sizeof(buf)), -EBADMSG);
	assert_no_child();
}
END_TEST

/* glibc's res_query may return the length a truncated answer would have
 * had: the child sends what it holds (8192 bytes), the caller waits for
 * the rest, gets end of file, and gives up at once. */
START_TEST(srv_answer_cut_short_is_a_timeout)
{
	static uint8_t buf[16384];

	fake_answer(200);
	fake.n_claimed = 9000;
	ck_assert_int_eq(srv(5000, buf, sizeof(buf)), -ETIMEDOUT);
	ck_assert_int_eq(memcmp(buf, fake.msg, 200), 0);
	assert_no_child();
}
END_TEST

START_TEST(srv_child_without_answer)
{
	uint8_t buf[64];
	int fd = lowest_free_fd();

	fake_fail(DIE, 0);
	ck_assert_int_eq(srv(5000, buf, sizeof(buf)), -ETIMEDOUT);
	assert_no_child();
	/* The child whose pipe is gone cannot write its answer either. */
	fake_answer(40);
	fake.mode = NO_PIPE;
	ck_assert_int_eq(srv(5000, buf, sizeof(buf)), -ETIMEDOUT);
	assert_no_child();
	ck_assert_int_eq(lowest_free_fd(), fd);
}
END_TEST

/* A resolver that never answers: the child is killed at the deadline. */
START_TEST(srv_silent_resolver_times_out)
{
	uint8_t buf[64];
	int64_t t0;

	fake_fail(HANG, 0);
	t0 = cifsaf_monotonic_ms();
	ck_assert_int_eq(srv(100, buf, sizeof(buf)), -ETIMEDOUT);
	ck_assert_int_ge(cifsaf_monotonic_ms() - t0, 100);	/* waited for it */
	assert_no_child();
	/* no time at all: not one read */
	ck_assert_int_eq(srv(0, buf, sizeof(buf)), -ETIMEDOUT);
	assert_no_child();
}
END_TEST

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A timer firing in the caller: poll is interrupted and goes on waiting. */
static void start_alarm(int ms)
{
	struct sigaction sa;
	struct itimerval it;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = ms * 1000;
	alarms = 0;
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
}

START_TEST(srv_signal_does_not_end_the_wait)
{
	uint8_t buf[64];
	int64_t t0;

	fake_fail(HANG, 0);
	start_alarm(30);
	t0 = cifsaf_monotonic_ms();
	ck_assert_int_eq(srv(300, buf, sizeof(buf)), -ETIMEDOUT);
	ck_assert_int_eq(alarms, 1);
	ck_assert_int_ge(cifsaf_monotonic_ms() - t0, 300);	/* the whole wait */
	assert_no_child();
}
END_TEST

START_TEST(srv_pipe_failure)
{
	struct rlimit was;
	uint8_t buf[64];
	int r;

	fake_answer(10);
	testhelp_limit(RLIMIT_NOFILE, 0, &was);
	r = srv(2000, buf, sizeof(buf));
	testhelp_restore_limit(RLIMIT_NOFILE, &was);
	ck_assert_int_eq(r, -EMFILE);
}
END_TEST

/* fork fails (RLIMIT_NPROC 0; root is exempt from it, so the real uid is
 * nobody's for the call, the saved uid root's to come back). */
START_TEST(srv_fork_failure)
{
	struct rlimit was;
	uint8_t buf[64];
	int fd = lowest_free_fd(), r;
	uid_t uid = getuid();

	fake_answer(10);
	set_sigchld(on_chld);
	if (uid == 0)
		ck_assert_int_eq(setresuid(65534, 65534, 0), 0);
	testhelp_limit(RLIMIT_NPROC, 0, &was);
	r = srv(2000, buf, sizeof(buf));
	testhelp_restore_limit(RLIMIT_NPROC, &was);
	if (uid == 0)
		ck_assert_int_eq(setresuid(0, 0, 0), 0);
	ck_assert_int_eq(r, -EAGAIN);
	assert_sigchld(on_chld);
	ck_assert_int_eq(lowest_free_fd(), fd);	/* the pipe closed */
}
END_TEST

/* ------------------------------------------------------------- LDAP pings */

/* A UDP socket bound to ADDR port 389, or -1 where this user may not bind
 * a port under 1024. */
static int dc_socket(const char *addr)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(CIFSAF_CLDAP_PORT);
	ck_assert_int_eq(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		ck_assert_int_eq(errno, EACCES);
		ck_assert_int_ne(geteuid(), 0);
		close(fd);
		return -1;
	}
	return fd;
}

static const uint8_t ping[] = { 0x30, 0x05, 0x02, 0x01, 0x07, 0x63, 0x00 };

START_TEST(ping_reply_from_the_dc)
{
	struct cifsaf_candidate dc = testhelp_addr("127.61.0.1");
	int sfd = dc_socket("127.61.0.1"), other;
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	uint8_t buf[64];
	size_t idx = 99, len = 99;

	if (sfd < 0)
		return;	/* not root: no port 389 (checked in dc_socket) */
	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, 3, &dc, ping, sizeof(ping)), 0);
	ck_assert_int_ge(io.fds[3], 0);
	ck_assert(fcntl(io.fds[3], F_GETFD) & FD_CLOEXEC);
	ck_assert(fcntl(io.fds[3], F_GETFL) & O_NONBLOCK);
	ck_assert_int_eq(recvfrom(sfd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl), sizeof(ping));
	ck_assert_int_eq(memcmp(buf, ping, sizeof(ping)), 0);
	/* A datagram from anyone else is not the DC's reply. */
	other = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(other, 0);
	ck_assert_int_eq(sendto(other, "x", 1, 0, (struct sockaddr *)&from, fl), 1);
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 50, &idx, buf, sizeof(buf), &len), 0);
	close(other);
	ck_assert_int_eq(sendto(sfd, "reply", 5, 0, (struct sockaddr *)&from, fl), 5);
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 2000, &idx, buf, sizeof(buf), &len), 1);
	ck_assert_uint_eq(idx, 3);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(buf, "reply", 5), 0);
	cifsaf_site_real_ops.ping_close(&io);
	ck_assert_int_eq(io.fds[3], -1);
	close(sfd);
}
END_TEST

/* Nobody on port 389: ICMP port unreachable, that DC is done. */
START_TEST(ping_refused_ends_that_dc)
{
	struct cifsaf_candidate dc = testhelp_addr("127.61.0.2");
	uint8_t buf[64];
	size_t idx = 99, len = 99;

	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, 0, &dc, ping, sizeof(ping)), 0);
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 2000, &idx, buf, sizeof(buf), &len), 1);
	ck_assert_uint_eq(idx, 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(io.fds[0], -1);
	/* nothing left to wait for */
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 2000, &idx, buf, sizeof(buf), &len), 0);
}
END_TEST

START_TEST(ping_send_errors)
{
	struct cifsaf_candidate dc = testhelp_addr("127.61.0.3");
	struct cifsaf_candidate bcast = testhelp_addr("255.255.255.255");
	static uint8_t huge[70000];
	struct rlimit was;
	int fd = lowest_free_fd(), r;

	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, CIFSAF_SITE_PINGS_MAX, &dc, ping, sizeof(ping)),
			 -EINVAL);
	/* connect: broadcast without SO_BROADCAST */
	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, 1, &bcast, ping, sizeof(ping)), -EACCES);
	ck_assert_int_eq(io.fds[1], -1);
	/* send: more than a datagram holds */
	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, 1, &dc, huge, sizeof(huge)), -EMSGSIZE);
	ck_assert_int_eq(io.fds[1], -1);
	ck_assert_int_eq(lowest_free_fd(), fd);	/* both sockets closed */
	/* socket: no descriptor left */
	testhelp_limit(RLIMIT_NOFILE, 0, &was);
	r = cifsaf_site_real_ops.ping_send(&io, 1, &dc, ping, sizeof(ping));
	testhelp_restore_limit(RLIMIT_NOFILE, &was);
	ck_assert_int_eq(r, -EMFILE);
	ck_assert_int_eq(io.fds[1], -1);
}
END_TEST

START_TEST(ping_wait_errors)
{
	struct pollfd one;
	struct rlimit was;
	uint8_t buf[64];
	size_t idx = 99, len = 99;
	bool limited;
	int p[2], r;

	/* nothing sent: nothing to wait for, at once */
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 10000, &idx, buf, sizeof(buf), &len), 0);
	/* A signal ends the wait early with no reply: the caller's loop
	 * (adsite.c) waits again for what is left of its budget. */
	ck_assert_int_eq(pipe(p), 0);
	io.fds[2] = p[0];	/* never readable */
	start_alarm(30);
	ck_assert_int_eq(cifsaf_site_real_ops.ping_wait(&io, 10000, &idx, buf, sizeof(buf), &len), 0);
	ck_assert_int_eq(alarms, 1);
	ck_assert_uint_eq(idx, 99);
	/* poll's own error: more descriptors than RLIMIT_NOFILE allows.
	 * valgrind keeps the kernel's limit as it was (it emulates the
	 * call), so there poll cannot fail this way: asked first. */
	testhelp_limit(RLIMIT_NOFILE, 0, &was);
	one.fd = p[0];
	one.events = POLLIN;
	limited = poll(&one, 1, 0) < 0 && errno == EINVAL;
	r = limited ? cifsaf_site_real_ops.ping_wait(&io, 10000, &idx, buf, sizeof(buf), &len) : -EINVAL;
	testhelp_restore_limit(RLIMIT_NOFILE, &was);
	ck_assert_int_eq(r, -EINVAL);
	ck_assert_int_eq(io.fds[2], p[0]);	/* still the caller's to close */
	close(p[1]);
}
END_TEST

/* ----------------------------------------------------------- message ids */

START_TEST(random_from_urandom)
{
	uint32_t a, b, c;

	ck_assert_int_ge(io.urandom, 0);
	ck_assert(fcntl(io.urandom, F_GETFD) & FD_CLOEXEC);
	io.fallback = 1;
	a = cifsaf_site_real_ops.random(&io);
	b = cifsaf_site_real_ops.random(&io);
	c = cifsaf_site_real_ops.random(&io);
	ck_assert(a != b || b != c);	/* 2^-64 */
	ck_assert_uint_eq(io.fallback, 1);	/* not used */
}
END_TEST

/* Without /dev/urandom: xorshift32 over the seed. */
START_TEST(random_without_urandom)
{
	close(io.urandom);
	io.urandom = -1;
	io.fallback = 1;
	ck_assert_uint_eq(cifsaf_site_real_ops.random(&io), 270369u);
	ck_assert_uint_eq(cifsaf_site_real_ops.random(&io), 67634689u);
	ck_assert_uint_eq(io.fallback, 67634689u);
}
END_TEST

START_TEST(done_closes_everything)
{
	struct cifsaf_candidate dc = testhelp_addr("127.61.0.3");
	int fd = lowest_free_fd();

	ck_assert_int_eq(cifsaf_site_real_ops.ping_send(&io, 5, &dc, ping, sizeof(ping)), 0);
	cifsaf_site_io_done(&io);
	ck_assert_int_eq(io.fds[5], -1);
	ck_assert_int_eq(io.urandom, -1);
	ck_assert_int_lt(lowest_free_fd(), fd);	/* urandom's too */
	ck_assert_int_eq(cifsaf_site_io_init(&io), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("adsite_io");
	TCase *tc = tcase_create("adsite_io");

	tcase_add_checked_fixture(tc, io_setup, io_teardown);
	tcase_add_test(tc, srv_answer_comes_back_whole);
	tcase_add_test(tc, srv_resolver_errors_are_mapped);
	tcase_add_test(tc, srv_empty_answer_is_bad);
	tcase_add_test(tc, srv_answer_larger_than_the_buffer_is_bad);
	tcase_add_test(tc, srv_answer_cut_short_is_a_timeout);
	tcase_add_test(tc, srv_child_without_answer);
	tcase_add_test(tc, srv_silent_resolver_times_out);
	tcase_add_test(tc, srv_signal_does_not_end_the_wait);
	tcase_add_test(tc, srv_pipe_failure);
	tcase_add_test(tc, srv_fork_failure);
	tcase_add_test(tc, ping_reply_from_the_dc);
	tcase_add_test(tc, ping_refused_ends_that_dc);
	tcase_add_test(tc, ping_send_errors);
	tcase_add_test(tc, ping_wait_errors);
	tcase_add_test(tc, random_from_urandom);
	tcase_add_test(tc, random_without_urandom);
	tcase_add_test(tc, done_closes_everything);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
