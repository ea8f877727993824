/* supervisor.c: the answers a seccomp filter cannot give by itself, because
 * they depend on memory the call points to (seccomp user notification).
 *
 *  - capget/capset: 2.6.18 knows only _LINUX_CAPABILITY_VERSION_1.  Any
 *    other version in the header gets EINVAL, and the kernel writes version
 *    1 into the header first (libcap-ng learns the version that way).  A
 *    version 1 capget with no data pointer gets EFAULT (2.6.18 copies the
 *    sets out unconditionally); every other version 1 call goes on in the
 *    real kernel.
 *  - open/openat of a file 2.6.18 does not have (rules.h) get ENOENT;
 *    every other path goes on.
 *
 * The target's memory is read and written with process_vm_readv/writev,
 * which needs the rights of ptrace: root's, or the same user's. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "rules.h"
#include "supervisor.h"

static int mem_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

static int mem_write(pid_t pid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_writev(pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

/* A NUL-terminated string, read up to each page's end so that an unmapped
 * page after a short string does not fail the read.  A string that does
 * not end within SIZE is cut (no path of ours is that long). */
static int read_string(pid_t pid, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0, chunk;

	while (got < size - 1) {
		chunk = 4096 - ((addr + got) & 4095);
		if (chunk > size - 1 - got)
			chunk = size - 1 - got;
		if (mem_read(pid, addr + got, buf + got, chunk) < 0)
			return -1;
		if (memchr(buf + got, '\0', chunk) != NULL)
			return 0;
		got += chunk;
	}
	buf[size - 1] = '\0';
	return 0;
}

static const struct k2618_arch *arch_of(uint32_t audit_arch)
{
	if (audit_arch == k2618_x86_64.audit_arch)
		return &k2618_x86_64;
	if (audit_arch == k2618_i386.audit_arch)
		return &k2618_i386;
	return NULL;
}

static void answer_caps(int listener, const struct seccomp_notif *req, bool is_get,
			struct seccomp_notif_resp *resp)
{
	uint32_t header[2];	/* version, pid */
	const uint32_t v1 = K2618_CAP_VERSION;

	if (mem_read(req->pid, req->data.args[0], header, sizeof(header)) < 0) {
		resp->error = -EFAULT;
		return;
	}
	if (header[0] == v1) {
		if (is_get && req->data.args[1] == 0)
			resp->error = -EFAULT;
		else
			resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		return;
	}
	/* The pid may have been reused since the call was made. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) {
		resp->error = -ESRCH;
		return;
	}
	resp->error = mem_write(req->pid, req->data.args[0], &v1, sizeof(v1)) < 0 ? -EFAULT : -EINVAL;
}

static void answer_open(const struct seccomp_notif *req, uint64_t path_addr,
			struct seccomp_notif_resp *resp)
{
	char path[PATH_MAX];
	size_t i;

	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (read_string(req->pid, path_addr, path, sizeof(path)) < 0)
		return;	/* the kernel gives EFAULT itself */
	for (i = 0; k2618_absent_files[i] != NULL; i++) {
		if (strcmp(path, k2618_absent_files[i]) == 0) {
			resp->flags = 0;
			resp->error = -ENOENT;
			return;
		}
	}
}

static void answer(int listener, const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	const struct k2618_arch *a = arch_of(req->data.arch);
	int nr = req->data.nr;

	if (a == NULL) {
		resp->error = -ENOSYS;
	} else if (nr == a->capget || nr == a->capset) {
		answer_caps(listener, req, nr == a->capget, resp);
	} else if (nr == a->open) {
		answer_open(req, req->data.args[0], resp);
	} else if (nr == a->openat) {
		answer_open(req, req->data.args[1], resp);
	} else {
		fprintf(stderr, "linux-2.6.18: supervisor: unexpected %s call %d\n", a->name, nr);
		resp->error = -ENOSYS;
	}
}

int k2618_supervise(int listener)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct pollfd pfd;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		perror("linux-2.6.18: supervisor: SECCOMP_GET_NOTIF_SIZES");
		return 1;
	}
	req = calloc(1, sizes.seccomp_notif);
	resp = calloc(1, sizes.seccomp_notif_resp);
	if (req == NULL || resp == NULL)
		return 1;
	for (;;) {
		pfd.fd = listener;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("linux-2.6.18: supervisor: poll");
			return 1;
		}
		/* POLLHUP alone: no process uses the filter any more. */
		if (!(pfd.revents & POLLIN))
			return 0;
		memset(req, 0, sizes.seccomp_notif);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;	/* the caller died meanwhile */
			perror("linux-2.6.18: supervisor: SECCOMP_IOCTL_NOTIF_RECV");
			return 1;
		}
		memset(resp, 0, sizes.seccomp_notif_resp);
		resp->id = req->id;
		answer(listener, req, resp);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 && errno != ENOENT)
			perror("linux-2.6.18: supervisor: SECCOMP_IOCTL_NOTIF_SEND");
	}
}
