/* lookup_fork.c: concurrent lookups in child processes, a poll() loop in the
 * parent (see lookup_fork.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat/compat.h"
#include "lookup_fork.h"
#include "probe_socket.h"

static int gai_lookup(void *ctx, const char *host, int family, struct addrinfo **ret)
{
	struct addrinfo hints;

	(void)ctx;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	return getaddrinfo(host, NULL, &hints, ret);
}

static void gai_free(void *ctx, struct addrinfo *res)
{
	(void)ctx;
	freeaddrinfo(res);
}

static int64_t gai_now(void *ctx)
{
	(void)ctx;
	return cifsaf_monotonic_ms();
}

const struct cifsaf_lookup_ops cifsaf_getaddrinfo_ops = {
	.lookup = gai_lookup,
	.free_result = gai_free,
	.now_ms = gai_now,
};

/* What a child writes: every address, then one END.  A record is far below
 * PIPE_BUF, so each write() lands whole. */
enum { RECORD_ADDRESS = 1, RECORD_END = 2 };

struct lookup_record {
	int32_t kind;
	int32_t family;
	uint32_t scope_id;
	int32_t gai_error;
	int32_t sys_errno;
	unsigned char addr[16];
};

struct child {
	pid_t pid;
	int fd;			/* read end; -1 once the lookup's outcome is known */
	size_t fill;
	unsigned char buf[sizeof(struct lookup_record)];
};

static int write_record(int fd, const struct lookup_record *rec)
{
	const char *p = (const char *)rec;
	size_t left = sizeof(*rec);
	ssize_t n;

	while (left > 0) {
		n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/* The child: look up, report, _exit (no atexit handlers, no stdio flush,
 * no talloc destructors of the parent's memory). */
static void child_main(int fd, const char *host, int family, const struct cifsaf_lookup_ops *ops,
		       void *ctx) __attribute__((noreturn));
static void child_main(int fd, const char *host, int family, const struct cifsaf_lookup_ops *ops,
		       void *ctx)
{
	struct addrinfo *res = NULL, *ai;
	struct lookup_record rec;
	struct cifsaf_candidate c;
	size_t n = 0;
	int r, saved;

	errno = 0;
	r = ops->lookup(ctx, host, family, &res);
	saved = errno;
	if (r == 0) {
		for (ai = res; ai != NULL && n < CIFSAF_LOOKUP_MAX_ADDRS; ai = ai->ai_next) {
			if (cifsaf_candidate_from_sockaddr(ai->ai_addr, ai->ai_addrlen, &c) < 0)
				continue;
			memset(&rec, 0, sizeof(rec));
			rec.kind = RECORD_ADDRESS;
			rec.family = c.family;
			rec.scope_id = c.scope_id;
			memcpy(rec.addr, &c.addr, c.family == AF_INET ? 4 : 16);
			if (write_record(fd, &rec) < 0)
				_exit(1);
			n++;
		}
		ops->free_result(ctx, res);
	}
	memset(&rec, 0, sizeof(rec));
	rec.kind = RECORD_END;
	rec.gai_error = r;
	rec.sys_errno = r == EAI_SYSTEM ? saved : 0;
	_exit(write_record(fd, &rec) < 0 ? 1 : 0);
}

static int start_child(struct child *kids, size_t idx, const char *host, int family,
		       const struct cifsaf_lookup_ops *ops, void *ctx)
{
	int fds[2], r;
	size_t i;
	pid_t pid;

	r = cifsaf_pipe_cloexec(fds);
	if (r < 0)
		return r;
	r = cifsaf_fd_set_nonblock(fds[0]);
	if (r < 0) {
		close(fds[0]);
		close(fds[1]);
		return r;
	}
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(fds[0]);
		close(fds[1]);
		return r;
	}
	if (pid == 0) {
		close(fds[0]);
		for (i = 0; i < idx; i++)
			if (kids[i].fd >= 0)
				close(kids[i].fd);
		child_main(fds[1], host, family, ops, ctx);
	}
	/* The parent keeps only the read end, so EOF means the child is gone. */
	close(fds[1]);
	kids[idx].pid = pid;
	kids[idx].fd = fds[0];
	kids[idx].fill = 0;
	return 0;
}

static void close_child_fd(struct child *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static void take_record(struct cifsaf_gather *g, size_t idx, struct child *k, int64_t now)
{
	struct lookup_record rec;
	struct cifsaf_candidate c;

	memcpy(&rec, k->buf, sizeof(rec));
	if (rec.kind == RECORD_ADDRESS && (rec.family == AF_INET || rec.family == AF_INET6)) {
		memset(&c, 0, sizeof(c));
		c.family = rec.family;
		c.scope_id = rec.scope_id;
		memcpy(&c.addr, rec.addr, rec.family == AF_INET ? 4 : 16);
		/* -ENOSPC (past the per-lookup limit) and late records are
		 * dropped on purpose. */
		(void)cifsaf_gather_add(g, idx, &c);
		return;
	}
	if (rec.kind == RECORD_END)
		cifsaf_gather_finish(g, idx, rec.gai_error, rec.sys_errno, now);
	else
		cifsaf_gather_finish(g, idx, EAI_FAIL, 0, now);	/* not our protocol */
	close_child_fd(k);
}

/* Read what child idx has written.  EOF before END means it died without
 * an answer: a non-recoverable failure of that lookup. */
static void drain(struct cifsaf_gather *g, size_t idx, struct child *k, int64_t now)
{
	ssize_t n;

	while (k->fd >= 0) {
		n = read(k->fd, k->buf + k->fill, sizeof(k->buf) - k->fill);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0) {
			cifsaf_gather_finish(g, idx, EAI_SYSTEM, errno, now);
			close_child_fd(k);
			return;
		}
		if (n == 0) {
			cifsaf_gather_finish(g, idx, EAI_FAIL, 0, now);
			close_child_fd(k);
			return;
		}
		k->fill += (size_t)n;
		if (k->fill == sizeof(k->buf)) {
			k->fill = 0;
			take_record(g, idx, k, now);
		}
	}
}

/* Kill whatever still runs and reap every child.  Until waitpid() the pid
 * cannot be reused (SIGCHLD is at its default), so the kill is safe even
 * when the child has just exited by itself. */
static void stop_children(struct child *kids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		close_child_fd(&kids[i]);
		if (kids[i].pid <= 0)
			continue;
		kill(kids[i].pid, SIGKILL);
		while (waitpid(kids[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
		kids[i].pid = -1;
	}
}

static int poll_timeout(int64_t wake, int64_t now)
{
	if (wake <= now)
		return 0;
	return wake - now > INT_MAX ? INT_MAX : (int)(wake - now);
}

/* Tell the watch of every lookup that has just had its outcome. */
static void tell_answered(const struct cifsaf_lookup_watch *watch, const struct cifsaf_gather *g,
			  const enum cifsaf_lookup_outcome *before)
{
	size_t i;

	for (i = 0; watch != NULL && i < g->n_lookups; i++)
		if (before[i] == CIFSAF_LOOKUP_PENDING && g->lookups[i].outcome != CIFSAF_LOOKUP_PENDING)
			watch->answered(watch->ctx, g, i);
}

int cifsaf_lookup_run(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode,
		      const struct cifsaf_gather_params *params, const char *host,
		      const struct cifsaf_lookup_ops *ops, void *ctx,
		      const struct cifsaf_lookup_watch *watch)
{
	enum cifsaf_lookup_outcome before[2];
	struct sigaction dfl, old;
	struct child kids[2];
	struct pollfd pfd[2];
	size_t owner[2], i, k;
	int64_t now, wake = 0;
	int r = 0, pr;

	for (i = 0; i < 2; i++) {
		kids[i].pid = -1;
		kids[i].fd = -1;
		kids[i].fill = 0;
	}
	cifsaf_gather_init(g, mode, params, ops->now_ms(ctx));
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	if (sigaction(SIGCHLD, &dfl, &old) < 0)
		return -errno;
	for (i = 0; i < g->n_lookups; i++) {
		r = start_child(kids, i, host, g->lookups[i].family, ops, ctx);
		if (r < 0)
			goto out;
	}
	for (;;) {
		now = ops->now_ms(ctx);
		if (cifsaf_gather_next(g, now, &wake) == CIFSAF_GATHER_DONE)
			break;
		for (i = 0, k = 0; i < g->n_lookups; i++) {
			if (kids[i].fd < 0)
				continue;
			pfd[k].fd = kids[i].fd;
			pfd[k].events = POLLIN;
			pfd[k].revents = 0;
			owner[k++] = i;
		}
		pr = poll(pfd, k, poll_timeout(wake, now));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0) {
			r = -errno;
			goto out;
		}
		now = ops->now_ms(ctx);
		for (i = 0; i < g->n_lookups; i++)
			before[i] = g->lookups[i].outcome;
		for (i = 0; i < k; i++)
			if (pfd[i].revents != 0)
				drain(g, owner[i], &kids[owner[i]], now);
		tell_answered(watch, g, before);
	}
out:
	stop_children(kids, 2);
	sigaction(SIGCHLD, &old, NULL);
	return r;
}
