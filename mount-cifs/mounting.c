/* mounting.c: the privileged parent's work once the child has reported:
 * the options rebuilt from what the parent trusts, mount(2) over the
 * candidates with cifs-utils' retries, and the /etc/mtab record. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <talloc.h>
#include <unistd.h>

#include "compat/compat.h"
#include "credentials.h"
#include "exitstatus.h"
#include "handoff.h"
#include "mounting.h"
#include "mtab.h"
#include "privs.h"
#include "program/log.h"
#include "program/secret.h"
#include "retry.h"

int check_identity(const struct cifsaf_mount_options *o)
{
	/* A separator in a name would inject kernel options. */
	if (o->username != NULL && strchr(o->username, ',') != NULL) {
		warnx_("user name contains ',', which would inject mount options");
		return EX_USAGE;
	}
	if (o->domain != NULL && strchr(o->domain, ',') != NULL) {
		warnx_("domain contains ',', which would inject mount options");
		return EX_USAGE;
	}
	return 0;
}

/* The parent's own parse replays the credentials files in the order the
 * child read them; a file the child did not report is a broken handoff. */
struct replay {
	const struct cifsaf_handoff *handoff;
	size_t next;
};

static int replay_credentials(void *ctx, void *mem, const char *path,
			      struct cifsaf_credentials **ret, char **ret_why)
{
	struct replay *rp = ctx;
	const struct cifsaf_handoff_credentials *c;
	struct cifsaf_credentials *out;

	if (rp->next >= rp->handoff->n_credentials ||
	    strcmp(rp->handoff->credentials[rp->next].path, path) != 0) {
		*ret_why = talloc_asprintf(mem, "credentials file %s: not read by the unprivileged "
					   "child", path);
		return -EPROTO;
	}
	c = &rp->handoff->credentials[rp->next++];
	out = talloc_zero(mem, struct cifsaf_credentials);
	if (out == NULL)
		return -ENOMEM;
	out->username = cifsaf_secret_strdup(out, c->username);
	out->password = cifsaf_secret_strdup(out, c->password);
	out->password2 = cifsaf_secret_strdup(out, c->password2);
	out->domain = cifsaf_secret_strdup(out, c->domain);
	*ret = out;
	return 0;
}

/* cifs-utils gives a user mount the caller's uid= and gid= unless the
 * fstab line sets them; nosuid and nodev are forced here (cifs-utils lets
 * an fstab suid or dev undo them). */
static void user_mount_defaults(struct invocation *inv)
{
	struct cifsaf_mount_options *o = inv->opts;

	if (!o->uid.set && inv->caller_uid != 0) {
		o->uid.set = true;
		o->uid.value = inv->caller_uid;
	}
	if (!o->gid.set && inv->caller_gid != 0) {
		o->gid.set = true;
		o->gid.value = inv->caller_gid;
	}
	o->flags |= MS_NOSUID | MS_NODEV;
}

int options_from_handoff(void *mem, struct invocation *inv, const struct cifsaf_handoff *h)
{
	struct cifsaf_parse_env env;
	struct replay rp;
	char *reason = NULL, port[16];
	int r;

	memset(&env, 0, sizeof(env));
	rp.handoff = h;
	rp.next = 0;
	env.ids = &cifsaf_system_id_ops;
	env.load_credentials = replay_credentials;
	env.ctx = &rp;
	env.password = h->password;
	env.password2 = h->password2;
	r = cifsaf_mount_options_parse(mem, inv->optstr, &env, &inv->opts, &reason);
	if (r == 0 && rp.next != h->n_credentials)
		r = -EPROTO;
	if (r < 0) {
		warnx_("the privileged parent rejects the child's report: %s",
		       reason ? reason : strerror(-r));
		return EX_SYSERR;
	}
	if (inv->user_mount && !(inv->opts->flags & (CIFSAF_MS_USER | CIFSAF_MS_USERS))) {
		fprintf(stderr, "%s: permission denied\n", progname);
		return EX_USAGE;
	}
	if (!inv->opts->got_user) {
		if (h->default_username == NULL) {
			warnx_("the privileged parent rejects the child's report: no user name");
			return EX_SYSERR;
		}
		inv->opts->username = talloc_strdup(inv->opts, h->default_username);
		if (inv->opts->username == NULL)
			return EX_SYSERR;
	}
	if (h->prompted != NULL &&
	    cifsaf_mount_options_set_password(inv->opts, false, h->prompted) < 0) {
		warnx_("Password too long once commas are doubled (at most %d bytes).",
		       CIFSAF_PASSWORD_MAX);
		return EX_SYSERR;
	}
	r = check_identity(inv->opts);
	if (r != 0)
		return r;
	if (inv->cmd->sloppy)
		inv->opts->sloppy = true;
	if (inv->user_mount)
		user_mount_defaults(inv);
	inv->probe_port = cifsaf_mount_options_server_port(inv->opts);
	/* A probe found the server only on another port (139): the kernel
	 * must be told, unless the options already name one. */
	if (h->port != 0 && inv->opts->port == 0) {
		snprintf(port, sizeof(port), "port=%u", (unsigned)h->port);
		if (cifsaf_mount_options_add_passthrough(inv->opts, port) < 0)
			return EX_SYSERR;
		inv->opts->port = h->port;
	}
	return 0;
}

static bool all_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void uppercase(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* SUDO_UID for the ENOKEY retry: only for real root, never when setuid. */
static unsigned long sudo_uid(const struct invocation *inv)
{
	const char *v = cifsaf_secure_getenv("SUDO_UID");
	unsigned long uid;
	char *end;

	if (inv->caller_uid != 0 || v == NULL || *v < '0' || *v > '9')
		return 0;
	errno = 0;
	uid = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || uid >= 0xffffffffUL)
		return 0;
	return uid;
}

/* mount(2) on the mount point, which is the working directory: the path
 * the caller named was resolved once, with their rights, by the chdir. */
static int mount_here(const struct invocation *inv, unsigned long flags, const char *options)
{
	bool raised = cifsaf_privs_raise(CIFSAF_PRIV_DAC_READ_SEARCH) == 0;
	int r = mount(inv->source, ".", inv->cmd->fstype, flags, options) == 0 ? 0 : errno;

	if (raised)
		cifsaf_privs_lower(CIFSAF_PRIV_DAC_READ_SEARCH);
	return r;
}

/* Try the candidates in order.  Connect-class errors move to the next
 * address; ENXIO retries the same address once with upper-case names and
 * ENOKEY under krb5 once with cruid=SUDO_UID, as cifs-utils does. */
int do_mount(void *mem, struct invocation *inv, const struct cifsaf_candidate *c, size_t n,
	     size_t *ret_used)
{
	unsigned long flags = cifsaf_mount_options_mount_flags(inv->opts);
	struct cifsaf_retry_state state;
	char ip[CIFSAF_ADDRSTRLEN], *options, *shown, *unc_kernel;
	size_t i = 0;
	int r, err = 0;

	*ret_used = n;
	memset(&state, 0, sizeof(state));
	state.krb5 = inv->opts->sec_krb5;
	state.cruid_set = inv->opts->cruid.set;
	state.sudo_uid = sudo_uid(inv);
	state.ascii_names = all_ascii(inv->unc.host) && all_ascii(inv->unc.share) &&
			    all_ascii(inv->unc.prefix);
	while (i < n) {
		if (cifsaf_candidate_format(&c[i], ip, sizeof(ip)) < 0)
			return EX_SYSERR;
		unc_kernel = cifsaf_unc_kernel_form(mem, &inv->unc);
		if (unc_kernel == NULL)
			return EX_SYSERR;
		r = cifsaf_mount_options_kernel_string(mem, inv->opts, ip, unc_kernel,
						       inv->unc.prefix, false, &options);
		if (r == 0)
			r = cifsaf_mount_options_kernel_string(mem, inv->opts, ip, unc_kernel,
							       inv->unc.prefix, true, &shown);
		if (r == -E2BIG) {
			fprintf(stderr, "Options string too long (the kernel takes at most %d bytes)\n",
				CIFSAF_KERNEL_OPTIONS_MAX);
			return EX_USAGE;
		}
		if (r < 0)
			return EX_SYSERR;
		if (inv->cmd->verbose)
			fprintf(stderr, "%s kernel mount options: %s\n", progname, shown);
		if (inv->cmd->fake)
			return 0;
		err = mount_here(inv, flags, options);
		talloc_free(options);
		if (err == 0) {
			*ret_used = i;
			return 0;
		}
		switch (cifsaf_mount_retry_next(err, &c[i], &state)) {
		case CIFSAF_MOUNT_UPPERCASE:
			fprintf(stderr, "Retrying with upper case share name\n");
			state.uppercased = true;
			uppercase(inv->unc.host);
			uppercase(inv->unc.share);
			uppercase(inv->unc.prefix);
			uppercase(inv->source);
			continue;
		case CIFSAF_MOUNT_SUDO_CRUID:
			state.sudo_cruid_tried = true;
			inv->opts->cruid.set = true;
			inv->opts->cruid.value = state.sudo_uid;
			continue;
		case CIFSAF_MOUNT_NEXT_ADDRESS:
			fprintf(stderr, "mount error(%d): could not connect to %s\n", err, ip);
			if (++i == n) {
				fprintf(stderr, "Unable to find suitable address.\n");
				return inv->opts->nofail ? 0 : EX_FAIL;
			}
			continue;
		case CIFSAF_MOUNT_STOP:
			break;
		}
		break;
	}
	/* cifs-utils' lines follow unchanged for scripts that read them; this
	 * one says which address the failure belongs to. */
	fprintf(stderr, "%s: mount(2) of %s with ip=%s failed: %s (errno %d)\n", progname,
		inv->unc_display, ip, strerror(err), err);
	if (err == ENODEV)
		fprintf(stderr, "mount error: %s filesystem not supported by the system\n",
			inv->cmd->fstype);
	else if (err == EHOSTDOWN)
		fprintf(stderr, "mount error: Server abruptly closed the connection.\n"
			"This can happen if the server does not support the SMB version you are "
			"trying to use.\n"
			"The default SMB version recently changed from SMB1 to SMB2.1 and above. "
			"Try mounting with vers=1.0.\n");
	fprintf(stderr, "mount error(%d): %s\n", err, strerror(err));
	fprintf(stderr, "Refer to the %s(8) manual page (e.g. man %s) and kernel log messages (dmesg)\n",
		progname, progname);
	return EX_FAIL;
}

/* Record the mount in /etc/mtab where it is a regular file (RHEL 5); where
 * it is missing or a symlink to /proc/mounts, the kernel's table is all
 * there is.  The real uid becomes root first, so the caller can no longer
 * signal the process, and all other signals are blocked while the file is
 * locked and written: an update cannot be cut short into a partial line or
 * a stale lock (CVE-2011-1678, CVE-2011-3585). */
int update_mtab(void *mem, const struct invocation *inv)
{
	unsigned long flags = cifsaf_mount_options_mount_flags(inv->opts);
	const char *path = CIFSAF_MTAB_PATH;
	const char *mount_user = NULL;
	struct sigaction ignore, old_xfsz;
	struct passwd *pw;
	sigset_t all, old;
	bool raised;
	char *line;
	int r;

	if (inv->cmd->nomtab || cifsaf_mtab_usable(path) < 0)
		return 0;
	if (inv->user_mount) {
		pw = getpwuid(inv->caller_uid);
		if (pw == NULL) {
			warnx_("uid %u has no passwd entry to record in %s", (unsigned)inv->caller_uid,
			       path);
			return EX_FILEIO;
		}
		mount_user = pw->pw_name;
	}
	line = cifsaf_mtab_line(mem, inv->source, inv->canonical, inv->cmd->fstype,
				cifsaf_mtab_options(mem, flags, mount_user));
	if (line == NULL)
		return EX_SYSERR;
	if (inv->user_mount && setreuid(geteuid(), (uid_t)-1) < 0) {
		warnx_("Unable to set real uid to effective uid: %s", strerror(errno));
		return EX_FILEIO;
	}
	/* A write past RLIMIT_FSIZE must fail with EFBIG and be rolled back.
	 * SIGXFSZ is ignored, not blocked: the kernel queues a blocked signal
	 * even when ignored, and it would kill the helper once unblocked. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &ignore, &old_xfsz);
	sigfillset(&all);
	sigdelset(&all, SIGXFSZ);
	if (sigprocmask(SIG_SETMASK, &all, &old) < 0) {
		warnx_("Unable to block signals for the mtab update: %s", strerror(errno));
		sigaction(SIGXFSZ, &old_xfsz, NULL);
		return EX_FILEIO;
	}
	raised = cifsaf_privs_raise(CIFSAF_PRIV_DAC_OVERRIDE) == 0;
	r = cifsaf_mtab_lock(path, CIFSAF_MTAB_LOCK_TIMEOUT_MS);
	if (r < 0) {
		if (raised)
			cifsaf_privs_lower(CIFSAF_PRIV_DAC_OVERRIDE);
		sigprocmask(SIG_SETMASK, &old, NULL);
		sigaction(SIGXFSZ, &old_xfsz, NULL);
		warnx_("cannot lock mtab: %s", strerror(-r));
		return EX_FILEIO;
	}
	if (flags & MS_REMOUNT)
		r = cifsaf_mtab_remove_dir(mem, path, inv->canonical);
	if (r == 0)
		r = cifsaf_mtab_append(path, line);
	cifsaf_mtab_unlock(path);
	if (raised)
		cifsaf_privs_lower(CIFSAF_PRIV_DAC_OVERRIDE);
	sigprocmask(SIG_SETMASK, &old, NULL);
	sigaction(SIGXFSZ, &old_xfsz, NULL);
	if (r < 0) {
		warnx_("could not update mount table %s: %s", path, strerror(-r));
		return EX_FILEIO;
	}
	return 0;
}
