/* launcher.c: linux-2.6.18 COMMAND [ARG...]: run COMMAND with Linux
 * 2.6.18's answers for the system calls rules.h names (docs/building.md,
 * "The 2.6.18 kernel personality").
 *
 * The filter is installed in this process, which then execs COMMAND, so
 * COMMAND keeps this process's id, exit status and signals, and every
 * process it starts inherits the filter.  The supervisor that answers the
 * filter's notifications is forked before the filter exists (so it is not
 * filtered itself) and twice (so that COMMAND has no child it did not
 * start); it gets the listener over a socket and ends when no process uses
 * the filter any more.
 *
 * Run by root, the filter needs no no_new_privs, so a setuid program run
 * under it still gains its privileges.  Anyone else gets no_new_privs set
 * (the kernel's condition for a filter), and is told so. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "supervisor.h"

#define EXIT_LAUNCHER 125
#define EXIT_NOEXEC 127

static int send_fd(int sock, int fd)
{
	char byte = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg;
	struct cmsghdr *c;

	memset(&msg, 0, sizeof(msg));
	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg;
	struct cmsghdr *c;
	int fd;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (c == NULL || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* The grandchild: wait for the listener, then serve it.  Only stderr is
 * kept, for its own errors. */
static void supervisor_process(int sock)
{
	int listener = recv_fd(sock), null = open("/dev/null", O_RDWR);

	close(sock);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		close(null);
	}
	if (listener < 0)
		_exit(0);	/* the launcher failed and said why */
	_exit(k2618_supervise(listener));
}

static int start_supervisor(int sock_pair[2])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		pid_t grandchild = fork();

		if (grandchild == 0) {
			close(sock_pair[0]);
			supervisor_process(sock_pair[1]);
		}
		_exit(grandchild < 0 ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static int install_filter(void)
{
	static struct sock_filter insns[K2618_FILTER_MAX];
	struct sock_fprog prog;
	int n = k2618_filter_build(insns, K2618_FILTER_MAX), listener;

	if (n < 0) {
		fprintf(stderr, "linux-2.6.18: the filter does not fit in %d instructions\n", K2618_FILTER_MAX);
		return -1;
	}
	prog.len = (unsigned short)n;
	prog.filter = insns;
	listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
				&prog);
	if (listener < 0 && errno == EACCES) {
		/* Not root (no CAP_SYS_ADMIN): the kernel wants no_new_privs. */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
			perror("linux-2.6.18: PR_SET_NO_NEW_PRIVS");
			return -1;
		}
		fprintf(stderr, "linux-2.6.18: not root: no_new_privs set, setuid programs will not "
			"gain privileges\n");
		listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
					SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	}
	if (listener < 0)
		perror("linux-2.6.18: seccomp(SECCOMP_SET_MODE_FILTER)");
	return listener;
}

int main(int argc, char **argv)
{
	int sock_pair[2], listener, first = 1;

	if (argc > 1 && strcmp(argv[1], "--") == 0)
		first = 2;
	if (first >= argc || argv[first][0] == '-') {
		fprintf(stderr, "usage: linux-2.6.18 [--] COMMAND [ARG...]\n"
			"Runs COMMAND with Linux 2.6.18's answers to newer system calls "
			"(docs/building.md).\n");
		return EXIT_LAUNCHER;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock_pair) < 0) {
		perror("linux-2.6.18: socketpair");
		return EXIT_LAUNCHER;
	}
	if (start_supervisor(sock_pair) < 0) {
		perror("linux-2.6.18: starting the supervisor");
		return EXIT_LAUNCHER;
	}
	close(sock_pair[1]);
	listener = install_filter();
	if (listener < 0)
		return EXIT_LAUNCHER;
	/* From here on an open or capget would wait for the supervisor:
	 * nothing but handing it the listener, and exec. */
	if (send_fd(sock_pair[0], listener) < 0) {
		perror("linux-2.6.18: handing the listener to the supervisor");
		return EXIT_LAUNCHER;
	}
	close(listener);
	close(sock_pair[0]);
	execvp(argv[first], argv + first);
	fprintf(stderr, "linux-2.6.18: %s: %s\n", argv[first], strerror(errno));
	return EXIT_NOEXEC;
}
