/* main.c: the privileged parent of mount.cifs.
 *
 * It checks who is calling, limits its capabilities, enters the mount
 * point with the caller's rights and, for a user mount, finds the caller's
 * /etc/fstab line.  Then it forks the unprivileged child (child.c), which
 * handles everything the caller controls, rebuilds the mount from the
 * child's report and what it trusts itself, and mounts (mounting.c).  Only
 * the program layer (main.c, child.c, mounting.c, decision.c) prints, logs,
 * exits or mounts; the decisions come from the pure modules. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mntent.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <talloc.h>
#include <unistd.h>

#include "compat/compat.h"
#include "child.h"
#include "cmdline.h"
#include "exitstatus.h"
#include "fstab.h"
#include "handoff.h"
#include "invocation.h"
#include "keycache.h"
#include "mounting.h"
#include "privs.h"
#include "program/log.h"
#include "program/secret.h"
#include "unc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"\nUsage:  %s <remotetarget> <dir> -o <options>\n"
		"\nMount the remote target, specified as a UNC name, to a local directory.\n"
		"cifs-af: the server address is chosen by address-family policy.\n"
		"\nFlags: -f (fake: decide, print, do not mount), -n (no mtab), -v (verbose),\n"
		"       -r (read-only), -w (read-write), -s (sloppy), -t TYPE, -N NAMESPACE,\n"
		"       -h (help), -V (version)\n"
		"\nOptions (besides those the kernel takes):\n"
		"\taf=system|v4-only|v6-only|v4-preferred|v6-preferred|happy-eyeballs\n"
		"\tip=<address> (skip resolution and policy), port=<n>,\n"
		"\tuser=<name>, pass=<password>, domain=<domain>, ...\n"
		"\nEnvironment: CIFS_AF_KERNEL_RELEASE overrides the kernel release (ignored when setuid).\n"
		"See mount.cifs(8).\n", progname);
}

/* Enter the mount namespace libmount hands over with -N. */
static int enter_namespace(const char *path)
{
#ifdef HAVE_SETNS
	int fd = open(path, O_RDONLY);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNS) < 0)
		r = -errno;
	close(fd);
	return r;
#else
	(void)path;
	return -ENOSYS;
#endif
}

/* File-system ids: the caller's for a lookup made with their rights, then
 * back to root's.  Going back to fsuid 0 makes every permitted file
 * capability effective again (a kernel rule), so the DAC ones are lowered:
 * they are raised only around the calls that need them. */
static void fsids_caller(const struct invocation *inv)
{
	setfsgid(inv->caller_gid);
	setfsuid(inv->caller_uid);
}

static void fsids_restore(void)
{
	setfsuid(geteuid());
	setfsgid(getegid());
	cifsaf_privs_lower(CIFSAF_PRIV_DAC_READ_SEARCH);
	cifsaf_privs_lower(CIFSAF_PRIV_DAC_OVERRIDE);
}

/* chdir into the mount point with the caller's rights (for a user mount,
 * the caller's file-system ids: no existence oracle, CVE-2012-1586; for
 * root, CAP_DAC_READ_SEARCH), and canonicalise it from inside.  The mount
 * is then made on ".", so a path swapped for a symlink later cannot
 * redirect it (CVE-2010-0787). */
static int acquire_mountpoint(struct invocation *inv)
{
	bool raised = false;
	int status = 0;

	if (inv->user_mount)
		fsids_caller(inv);
	else
		raised = cifsaf_privs_raise(CIFSAF_PRIV_DAC_READ_SEARCH) == 0;
	if (chdir(inv->cmd->mountpoint) < 0) {
		fprintf(stderr, "Couldn't chdir to %s: %s\n", inv->cmd->mountpoint, strerror(errno));
		status = EX_USAGE;
	} else if (realpath(".", inv->canonical) == NULL) {
		fprintf(stderr, "Unable to resolve %s to canonical path: %s\n", inv->cmd->mountpoint,
			strerror(errno));
		status = EX_SYSERR;
	}
	if (inv->user_mount)
		fsids_restore();
	else if (raised)
		cifsaf_privs_lower(CIFSAF_PRIV_DAC_READ_SEARCH);
	return status;
}

static int path_lstat(void *ctx, const char *path, int *ret_link, uid_t *ret_uid)
{
	struct stat st;

	(void)ctx;
	if (lstat(path, &st) < 0)
		return -errno;
	*ret_link = S_ISLNK(st.st_mode);
	*ret_uid = st.st_uid;
	return 0;
}

static int path_readlink(void *ctx, void *mem, const char *path, char **ret)
{
	char buf[PATH_MAX];
	ssize_t n;

	(void)ctx;
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	*ret = talloc_strdup(mem, buf);
	return *ret ? 0 : -ENOMEM;
}

/* access() checks the real ids, which are the caller's. */
static int path_writable(void *ctx, const char *dir)
{
	(void)ctx;
	return access(dir, W_OK) == 0;
}

static const struct cifsaf_path_ops caller_path_ops = {
	path_lstat, path_readlink, path_writable,
};

/* An fstab mount point as the caller would reach it (their file-system
 * ids), following only links the caller could not have planted. */
static char *canonicalize_as_caller(void *ctx, void *mem, const char *path)
{
	const struct invocation *inv = ctx;
	char *canonical;

	fsids_caller(inv);
	canonical = cifsaf_fstab_trusted_path(mem, path, &caller_path_ops, NULL);
	fsids_restore();
	return canonical;
}

#define FSTAB_ENTRIES_MAX 4096

/* A user mount takes its device and options from its /etc/fstab line
 * (fstab.h says which line); the -o the caller gave is not used. */
static int options_from_fstab(void *mem, struct invocation *inv)
{
	struct cifsaf_fstab_entry *entries;
	struct mntent *m;
	size_t n = 0, i;
	FILE *f;
	int r;

	entries = talloc_array(mem, struct cifsaf_fstab_entry, FSTAB_ENTRIES_MAX);
	if (entries == NULL)
		return EX_SYSERR;
	f = setmntent(CIFSAF_FSTAB_PATH, "r");
	if (f == NULL) {
		fprintf(stderr, "Couldn't open %s for reading!\n", CIFSAF_FSTAB_PATH);
		return EX_FILEIO;
	}
	while (n < FSTAB_ENTRIES_MAX && (m = getmntent(f)) != NULL) {
		entries[n].fsname = talloc_strdup(entries, m->mnt_fsname);
		entries[n].dir = talloc_strdup(entries, m->mnt_dir);
		entries[n].type = talloc_strdup(entries, m->mnt_type);
		entries[n].opts = talloc_strdup(entries, m->mnt_opts);
		cifsaf_secret_string((char *)entries[n].opts);	/* may hold pass= */
		if (!entries[n].fsname || !entries[n].dir || !entries[n].type || !entries[n].opts) {
			endmntent(f);
			return EX_SYSERR;
		}
		n++;
	}
	endmntent(f);
	r = cifsaf_fstab_match(entries, n, inv->cmd->service, inv->canonical,
			       canonicalize_as_caller, inv, &i);
	if (r == -ENOENT) {
		fprintf(stderr, "%s: permission denied: no match for %s found in %s\n", progname,
			inv->canonical, CIFSAF_FSTAB_PATH);
		return EX_USAGE;
	}
	if (r < 0)
		return EX_SYSERR;
	inv->source = talloc_strdup(mem, entries[i].fsname);
	inv->optstr = talloc_asprintf(mem, "%s%s", inv->cmd->readonly ? "ro," : "", entries[i].opts);
	cifsaf_secret_string(inv->optstr);
	talloc_free(entries);
	return inv->source && inv->optstr ? 0 : EX_SYSERR;
}

/* Fork the unprivileged child and take its report.  Returns 0 with *ret,
 * or the exit status (the child's own, when it failed: it said why). */
static int run_child(void *mem, struct invocation *inv, struct cifsaf_handoff **ret)
{
	char *msg = NULL;
	size_t len = 0;
	int fds[2], status, r, read_error;
	pid_t pid;

	r = cifsaf_pipe_cloexec(fds);
	if (r < 0) {
		warnx_("cannot create a pipe to the unprivileged child: %s", strerror(-r));
		return EX_SYSERR;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		warnx_("cannot fork the unprivileged child: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return EX_SYSERR;
	}
	if (pid == 0) {
		close(fds[0]);
		status = child_run(mem, inv, fds[1]);
		close(fds[1]);
		talloc_free(mem);
		closelog();
		exit(status);
	}
	close(fds[1]);
	r = cifsaf_privs_drop(CIFSAF_PRIV_SETID);
	read_error = cifsaf_read_secret_fd(mem, fds[0], CIFSAF_HANDOFF_MAX, &msg, &len);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			warnx_("waiting for the unprivileged child: %s", strerror(errno));
			return EX_SYSERR;
		}
	}
	if (!WIFEXITED(status)) {
		fprintf(stderr, "Child process terminated abnormally.\n");
		return EX_SYSERR;
	}
	if (WEXITSTATUS(status) != 0)
		return WEXITSTATUS(status);
	if (r < 0) {
		warnx_("cannot drop CAP_SETUID and CAP_SETGID: %s", strerror(-r));
		return EX_SYSERR;
	}
	r = read_error;
	if (r == 0)
		r = cifsaf_handoff_decode(mem, (const uint8_t *)msg, len, ret);
	talloc_free(msg);
	if (r < 0) {
		warnx_("the privileged parent rejects the child's report: %s",
		       r == -EBADMSG || r == -EFBIG ? "malformed" : strerror(-r));
		return EX_SYSERR;
	}
	return 0;
}

/* Who may run the helper, and what the process keeps. */
static int check_caller(struct invocation *inv)
{
	int r;

	if (geteuid() != 0) {
		fprintf(stderr, "This program is not installed setuid root -  "
			"\"user\" CIFS mounts not supported.\n");
		return EX_USAGE;
	}
	if (inv->user_mount && !cifsaf_have_libcap_ng()) {
		warnx_("this build has no libcap-ng (configured --without-libcap-ng), so it "
		       "cannot drop privileges and refuses to run setuid");
		return EX_USAGE;
	}
	if (inv->cmd->namespace_path != NULL) {
		/* A namespace the caller built could hold an /etc/fstab of
		 * their own: only root may send the helper elsewhere. */
		if (inv->user_mount) {
			warnx_("-N %s: only root may have the helper enter another mount namespace",
			       inv->cmd->namespace_path);
			return EX_USAGE;
		}
		r = enter_namespace(inv->cmd->namespace_path);
		if (r == -ENOSYS) {
			warnx_("-N %s: entering a mount namespace needs setns(), which this system lacks",
			       inv->cmd->namespace_path);
			return EX_USAGE;
		}
		if (r < 0) {
			warnx_("-N %s: %s", inv->cmd->namespace_path, strerror(-r));
			return EX_USAGE;
		}
	}
	r = cifsaf_privs_drop(CIFSAF_PRIV_SYS_CHROOT);
	if (r < 0) {
		warnx_("cannot drop CAP_SYS_CHROOT: %s", strerror(-r));
		return EX_SYSERR;
	}
	return 0;
}

/* What limiting the capabilities at start came to, said once the command
 * line says whether to be verbose.  A bounding set the kernel cannot prune
 * (before 2.6.25) goes to syslog too, once per run: a program the child of
 * a root mount ran could regain every capability. */
static int report_limit(const struct invocation *inv, int limited)
{
	static const char kept_bounds[] =
		"capability bounding set not pruned: the kernel cannot drop from it (needs 2.6.25)";

	if (limited == -ENOTSUP && inv->cmd->verbose) {
		warnx_("capabilities not limited: built without libcap-ng");
	} else if (limited == 1) {
		syslog(LOG_NOTICE, "%s", kept_bounds);
		if (inv->cmd->verbose)
			warnx_("%s", kept_bounds);
	} else if (limited < 0 && limited != -ENOTSUP) {
		warnx_("cannot limit capabilities: %s", strerror(-limited));
		return EX_SYSERR;
	}
	return 0;
}

static int run(void *mem, int argc, char **argv)
{
	struct invocation inv;
	struct cifsaf_handoff *h = NULL;
	const char *why;
	char *reason = NULL;
	size_t used;
	int r, limited;

	/* Before any input is looked at, root keeps only what it needs. */
	limited = geteuid() == 0 ? cifsaf_privs_limit() : 0;
	memset(&inv, 0, sizeof(inv));
	r = cifsaf_cmdline_parse(mem, argc, argv, &inv.cmd, &reason);
	if (r < 0) {
		warnx_("%s", reason ? reason : strerror(-r));
		usage(stderr);
		return EX_USAGE;
	}
	if (inv.cmd->help) {
		usage(stdout);
		return 0;
	}
	if (inv.cmd->version) {
		printf("%s version: cifs-af %s (%s)\n", progname, PACKAGE_VERSION, cifsaf_features_text());
		return 0;
	}
	inv.caller_uid = getuid();
	inv.caller_gid = getgid();
	inv.user_mount = inv.caller_uid != 0;
	r = report_limit(&inv, limited);
	if (r == 0)
		r = check_caller(&inv);
	if (r != 0)
		return r;

	/* cifs-utils' order: the mount point is checked before the options. */
	r = acquire_mountpoint(&inv);
	if (r != 0)
		return r;
	if (strchr(inv.cmd->service, '\n') != NULL || strchr(inv.canonical, '\n') != NULL) {
		warnx_("illegal character 0x0a in mount entry");
		return EX_USAGE;
	}
	if (inv.user_mount) {
		r = options_from_fstab(mem, &inv);
		if (r != 0)
			return r;
	} else {
		/* -r is applied before -o, as in cifs-utils, so "-o rw" undoes it. */
		inv.source = talloc_strdup(mem, inv.cmd->service);
		inv.optstr = talloc_asprintf(mem, "%s%s", inv.cmd->readonly ? "ro," : "",
					     inv.cmd->options ? inv.cmd->options : "");
		cifsaf_secret_string(inv.optstr);
		if (inv.source == NULL || inv.optstr == NULL)
			return EX_SYSERR;
	}
	r = cifsaf_unc_parse(mem, inv.source, &inv.unc, &why);
	if (r < 0) {
		fprintf(stderr, "%s: bad UNC (%s): %s\n", progname, inv.source, why);
		return EX_USAGE;
	}
	inv.unc_display = talloc_asprintf(mem, "//%s/%s", inv.unc.host, inv.unc.share);
	if (inv.unc_display == NULL)
		return EX_SYSERR;

	r = run_child(mem, &inv, &h);
	if (r != 0)
		return r;
	r = options_from_handoff(mem, &inv, h);
	if (r != 0)
		return r;
	r = do_mount(mem, &inv, h->candidates, h->n_candidates, &used);
	cache_after_mount(&inv, h, r == 0 && used < h->n_candidates, used, inv.probe_port);
	site_after_mount(&inv, h, r == 0 && used < h->n_candidates);
	if (r != 0)
		return r;
	return update_mtab(mem, &inv);
}

int main(int argc, char **argv)
{
	TALLOC_CTX *mem;
	int status;

	program_log_open("mount.cifs", argc > 0 ? argv[0] : NULL, 0);
	mem = talloc_new(NULL);
	if (mem == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EX_SYSERR;
	}
	status = run(mem, argc, argv);
	talloc_free(mem);
	closelog();
	return status;
}
