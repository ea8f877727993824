/* adsite_io.c: DNS in a child, UDP in the caller (see adsite_io.h). */
#include "config.h"

#include <arpa/nameser.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adsite_io.h"
#include "cldap.h"
#include "compat/compat.h"
#include "probe_socket.h"

int cifsaf_site_io_init(struct cifsaf_site_io *io)
{
	size_t i;

	for (i = 0; i < CIFSAF_SITE_PINGS_MAX; i++)
		io->fds[i] = -1;
	io->urandom = open("/dev/urandom", O_RDONLY);
	if (io->urandom >= 0)
		cifsaf_fd_set_cloexec(io->urandom);
	io->fallback = (uint32_t)getpid() ^ (uint32_t)time(NULL) ^ (uint32_t)cifsaf_monotonic_ms();
	return 0;
}

static void close_pings(void *ctx)
{
	struct cifsaf_site_io *io = ctx;
	size_t i;

	for (i = 0; i < CIFSAF_SITE_PINGS_MAX; i++) {
		if (io->fds[i] >= 0)
			close(io->fds[i]);
		io->fds[i] = -1;
	}
}

void cifsaf_site_io_done(struct cifsaf_site_io *io)
{
	close_pings(io);
	if (io->urandom >= 0)
		close(io->urandom);
	io->urandom = -1;
}

static int full_write(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The child: res_query, then the status and the answer on fd. */
static void query_child(int fd, const char *name) __attribute__((noreturn));
static void query_child(int fd, const char *name)
{
	static unsigned char answer[8192];
	int32_t n;

	if (res_init() != 0) {
		n = -EIO;
	} else {
		n = res_query(name, C_IN, T_SRV, answer, sizeof(answer));
		if (n < 0)
			n = h_errno == HOST_NOT_FOUND ? -ENOENT : h_errno == NO_DATA ? -ENODATA
				: h_errno == TRY_AGAIN ? -EAGAIN : -EIO;
	}
	if (full_write(fd, &n, sizeof(n)) < 0 ||
	    (n > 0 && full_write(fd, answer, (size_t)n > sizeof(answer) ? sizeof(answer) : (size_t)n) < 0))
		_exit(1);
	_exit(0);
}

/* Read from fd until want bytes or the deadline; returns how many. */
static size_t read_until(int fd, void *buf, size_t want, int64_t deadline)
{
	struct pollfd pfd;
	size_t got = 0;
	ssize_t n;
	int64_t left;

	while (got < want) {
		left = deadline - cifsaf_monotonic_ms();
		if (left <= 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		n = read(fd, (char *)buf + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static int real_srv_query(void *ctx, const char *name, int timeout_ms, uint8_t *buf, size_t size)
{
	struct sigaction dfl, old;
	int64_t deadline = cifsaf_monotonic_ms() + timeout_ms;
	int fds[2], r, status;
	int32_t n = 0;
	pid_t pid;

	(void)ctx;
	r = cifsaf_pipe_cloexec(fds);
	if (r < 0)
		return r;
	/* As lookup_fork.c: nobody reaps the child behind our back, so the
	 * kill below can never hit a recycled pid. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, &old);
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(fds[0]);
		close(fds[1]);
		sigaction(SIGCHLD, &old, NULL);
		return r;
	}
	if (pid == 0) {
		close(fds[0]);
		query_child(fds[1], name);
	}
	close(fds[1]);
	if (read_until(fds[0], &n, sizeof(n), deadline) != sizeof(n))
		r = -ETIMEDOUT;
	else if (n <= 0)
		r = n == 0 ? -EBADMSG : n;
	else if ((size_t)n > size || read_until(fds[0], buf, (size_t)n, deadline) != (size_t)n)
		r = (size_t)n > size ? -EBADMSG : -ETIMEDOUT;
	else
		r = n;
	close(fds[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGCHLD, &old, NULL);
	return r;
}

static int real_ping_send(void *ctx, size_t idx, const struct cifsaf_candidate *dc, const uint8_t *msg,
			  size_t len)
{
	struct cifsaf_site_io *io = ctx;
	struct sockaddr_storage ss;
	socklen_t sl = cifsaf_candidate_sockaddr(dc, CIFSAF_CLDAP_PORT, &ss);
	ssize_t n;
	int fd, r;

	if (idx >= CIFSAF_SITE_PINGS_MAX)
		return -EINVAL;
	fd = socket(dc->family, SOCK_DGRAM, IPPROTO_UDP);
	if (fd < 0)
		return -errno;
	if (cifsaf_fd_set_cloexec(fd) < 0 || cifsaf_fd_set_nonblock(fd) < 0 ||
	    connect(fd, (struct sockaddr *)&ss, sl) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	n = send(fd, msg, len, 0);
	if (n < 0 || (size_t)n != len) {
		r = n < 0 ? -errno : -EIO;
		close(fd);
		return r;
	}
	io->fds[idx] = fd;
	return 0;
}

static int real_ping_wait(void *ctx, int timeout_ms, size_t *ret_idx, uint8_t *buf, size_t size,
			  size_t *ret_len)
{
	struct cifsaf_site_io *io = ctx;
	struct pollfd pfd[CIFSAF_SITE_PINGS_MAX];
	size_t owner[CIFSAF_SITE_PINGS_MAX], i, k = 0;
	ssize_t n;
	int r;

	for (i = 0; i < CIFSAF_SITE_PINGS_MAX; i++) {
		if (io->fds[i] < 0)
			continue;
		pfd[k].fd = io->fds[i];
		pfd[k].events = POLLIN;
		pfd[k].revents = 0;
		owner[k++] = i;
	}
	if (k == 0)
		return 0;
	r = poll(pfd, k, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < k; i++) {
		if (pfd[i].revents == 0)
			continue;
		n = recv(pfd[i].fd, buf, size, 0);
		if (n < 0) {
			/* ICMP port unreachable comes back as ECONNREFUSED on a
			 * connected socket: that DC is done. */
			if (errno == EAGAIN || errno == EINTR)
				continue;
			close(io->fds[owner[i]]);
			io->fds[owner[i]] = -1;
			*ret_idx = owner[i];
			*ret_len = 0;
			return 1;
		}
		*ret_idx = owner[i];
		*ret_len = (size_t)n;
		return 1;
	}
	return 0;
}

static int64_t real_now(void *ctx)
{
	(void)ctx;
	return cifsaf_monotonic_ms();
}

static uint32_t real_random(void *ctx)
{
	struct cifsaf_site_io *io = ctx;
	uint32_t v;

	if (io->urandom >= 0 && read(io->urandom, &v, sizeof(v)) == (ssize_t)sizeof(v))
		return v;
	/* xorshift over a seed of pid, time and the clock */
	io->fallback ^= io->fallback << 13;
	io->fallback ^= io->fallback >> 17;
	io->fallback ^= io->fallback << 5;
	return io->fallback;
}

const struct cifsaf_site_ops cifsaf_site_real_ops = {
	.srv_query = real_srv_query,
	.ping_send = real_ping_send,
	.ping_wait = real_ping_wait,
	.ping_close = close_pings,
	.now_ms = real_now,
	.random = real_random,
};
