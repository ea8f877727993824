/* probe_socket.c: TCP connect probes over real sockets. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include "compat/compat.h"
#include "probe_socket.h"

int64_t cifsaf_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int prober_destructor(struct cifsaf_socket_prober *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->fds[i] >= 0)
			close(p->fds[i]);
		p->fds[i] = -1;
	}
	return 0;
}

struct cifsaf_socket_prober *cifsaf_socket_prober_new(void *mem, size_t n)
{
	struct cifsaf_socket_prober *p = talloc_zero(mem, struct cifsaf_socket_prober);
	size_t i;

	if (p == NULL)
		return NULL;
	p->fds = talloc_array(p, int, n ? n : 1);
	if (p->fds == NULL) {
		talloc_free(p);
		return NULL;
	}
	p->n = n;
	for (i = 0; i < n; i++)
		p->fds[i] = -1;
	talloc_set_destructor(p, prober_destructor);
	return p;
}

static int64_t socket_now_ms(void *ctx)
{
	(void)ctx;
	return cifsaf_monotonic_ms();
}

static int socket_start(void *ctx, size_t idx, const struct cifsaf_candidate *c, uint16_t port)
{
	struct cifsaf_socket_prober *p = ctx;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, r;

	fd = socket(c->family, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	r = cifsaf_fd_set_cloexec(fd);
	if (r == 0)
		r = cifsaf_fd_set_nonblock(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	len = cifsaf_candidate_sockaddr(c, port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		p->fds[idx] = fd;
		return 1;
	}
	if (errno != EINPROGRESS) {
		r = -errno;
		close(fd);
		return r;
	}
	p->fds[idx] = fd;
	return 0;
}

static int socket_wait(void *ctx, int timeout_ms, size_t *ret_idx, int *ret_error)
{
	struct cifsaf_socket_prober *p = ctx;
	struct pollfd *pfd;
	size_t *owner;
	size_t i, k = 0;
	int r;

	pfd = talloc_array(p, struct pollfd, p->n);
	owner = talloc_array(p, size_t, p->n);
	if (pfd == NULL || owner == NULL) {
		talloc_free(pfd);
		talloc_free(owner);
		return -ENOMEM;
	}
	for (i = 0; i < p->n; i++) {
		if (p->fds[i] < 0)
			continue;
		pfd[k].fd = p->fds[i];
		pfd[k].events = POLLOUT;
		pfd[k].revents = 0;
		owner[k++] = i;
	}
	do
		r = poll(pfd, k, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		r = -errno;
		goto out;
	}
	r = 0;
	for (i = 0; i < k; i++) {
		int soerr = 0;
		socklen_t len = sizeof(soerr);

		if (pfd[i].revents == 0)
			continue;
		if (getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
			soerr = errno;
		*ret_idx = owner[i];
		*ret_error = -soerr;
		r = 1;
		break;
	}
out:
	talloc_free(pfd);
	talloc_free(owner);
	return r;
}

static void socket_close(void *ctx, size_t idx)
{
	struct cifsaf_socket_prober *p = ctx;

	if (p->fds[idx] >= 0)
		close(p->fds[idx]);
	p->fds[idx] = -1;
}

const struct cifsaf_probe_ops cifsaf_socket_probe_ops = {
	.now_ms = socket_now_ms,
	.start = socket_start,
	.wait = socket_wait,
	.close = socket_close,
};
