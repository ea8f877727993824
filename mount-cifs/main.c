/* main.c: the program layer of mount.cifs.  Everything that prints, logs,
 * exits or calls mount(2) lives here; the decisions come from the pure
 * modules in mount-cifs/ and resolver/. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <syslog.h>
#include <talloc.h>
#include <unistd.h>

#include "compat/compat.h"
#include "cmdline.h"
#include "credentials.h"
#include "mountopts.h"
#include "mtab.h"
#include "program.h"
#include "privs.h"
#include "prompt.h"
#include "retry.h"
#include "unc.h"
#include "resolver/decide.h"

const char *progname = "mount.cifs";

void warnx_(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

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
static unsigned long sudo_uid(void)
{
	const char *v = cifsaf_secure_getenv("SUDO_UID");
	unsigned long uid;
	char *end;

	if (getuid() != 0 || v == NULL || *v < '0' || *v > '9')
		return 0;
	errno = 0;
	uid = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || uid >= 0xffffffffUL)
		return 0;
	return uid;
}

/* Try the candidates in order.  Connect-class errors move to the next
 * address; ENXIO retries the same address once with upper-case names and
 * ENOKEY under krb5 once with cruid=SUDO_UID, as cifs-utils does. */
static int do_mount(void *mem, struct invocation *inv, const struct cifsaf_decision *d)
{
	unsigned long flags = cifsaf_mount_options_mount_flags(inv->opts);
	struct cifsaf_retry_state state;
	char ip[CIFSAF_ADDRSTRLEN], *options, *shown, *unc_kernel;
	size_t i = 0;
	int r, err = 0;

	memset(&state, 0, sizeof(state));
	state.krb5 = inv->opts->sec_krb5;
	state.cruid_set = inv->opts->cruid.set;
	state.sudo_uid = sudo_uid();
	state.ascii_names = all_ascii(inv->unc.host) && all_ascii(inv->unc.share) &&
			    all_ascii(inv->unc.prefix);
	while (i < d->n_mount_order) {
		if (cifsaf_candidate_format(&d->mount_order[i], ip, sizeof(ip)) < 0)
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
		if (mount(inv->source, ".", inv->cmd->fstype, flags, options) == 0)
			return 0;
		err = errno;
		talloc_free(options);
		switch (cifsaf_mount_retry_next(err, &d->mount_order[i], &state)) {
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
			if (++i == d->n_mount_order) {
				fprintf(stderr, "Unable to find suitable address.\n");
				return inv->opts->nofail ? 0 : EX_FAIL;
			}
			continue;
		case CIFSAF_MOUNT_STOP:
			break;
		}
		break;
	}
	if (err == ENODEV)
		fprintf(stderr, "mount error: %s filesystem not supported by the system\n",
			inv->cmd->fstype);
	fprintf(stderr, "mount error(%d): %s\n", err, strerror(err));
	fprintf(stderr, "Refer to the %s(8) manual page (e.g. man %s) and kernel log messages (dmesg)\n",
		progname, progname);
	return EX_FAIL;
}

/* Record the mount in /etc/mtab where it is a regular file (RHEL 5); where
 * it is missing or a symlink to /proc/mounts, the kernel's table is all
 * there is.  All signals are blocked while the file is locked and written,
 * so an interrupted update cannot leave a partial line or a stale lock. */
static int update_mtab(void *mem, const struct invocation *inv)
{
	unsigned long flags = cifsaf_mount_options_mount_flags(inv->opts);
	const char *path = CIFSAF_MTAB_PATH;
	sigset_t all, old;
	char *line;
	int r;

	if (inv->cmd->nomtab || cifsaf_mtab_usable(path) < 0)
		return 0;
	line = cifsaf_mtab_line(mem, inv->source, inv->canonical, inv->cmd->fstype,
				cifsaf_mtab_options(mem, flags, NULL));
	if (line == NULL)
		return EX_SYSERR;
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, &old) < 0) {
		warnx_("Unable to block signals for the mtab update: %s", strerror(errno));
		return EX_FILEIO;
	}
	r = cifsaf_mtab_lock(path, CIFSAF_MTAB_LOCK_TIMEOUT_MS);
	if (r < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		warnx_("cannot lock mtab: %s", strerror(-r));
		return EX_FILEIO;
	}
	if (flags & MS_REMOUNT)
		r = cifsaf_mtab_remove_dir(mem, path, inv->canonical);
	if (r == 0)
		r = cifsaf_mtab_append(path, line);
	cifsaf_mtab_unlock(path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		warnx_("could not update mount table %s: %s", path, strerror(-r));
		return EX_FILEIO;
	}
	return 0;
}

/* The user name the kernel gets when no user= and no guest was given:
 * USER, else the caller's passwd entry.  cifs-utils crashes when both are
 * missing; this is an error instead. */
static const char *default_username(void)
{
	const char *user = getenv("USER");
	struct passwd *pw;

	if (user != NULL && *user != '\0')
		return user;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : NULL;
}

/* credentials= loader for the option parser: the file read whole (bounded)
 * and parsed; errors name the file and line, never a value. */
static int load_credentials(void *ctx, void *mem, const char *path, struct cifsaf_credentials **ret,
			    char **ret_why)
{
	const char *why = NULL;
	unsigned line = 0;
	size_t len;
	char *text;
	int r;

	(void)ctx;
	r = cifsaf_read_secret_file(mem, path, CIFSAF_CREDENTIALS_FILE_MAX, &text, &len);
	if (r == -EFBIG)
		*ret_why = talloc_asprintf(mem, "credentials file %s is larger than %d bytes", path,
					   CIFSAF_CREDENTIALS_FILE_MAX);
	else if (r == -EINVAL)
		*ret_why = talloc_asprintf(mem, "credentials file %s is not a regular file", path);
	else if (r < 0)
		*ret_why = talloc_asprintf(mem, "error %d (%s) opening credential file %s", -r,
					   strerror(-r), path);
	if (r < 0)
		return r;
	r = cifsaf_credentials_parse(mem, text, len, ret, &line, &why);
	talloc_free(text);
	if (r == -EINVAL)
		*ret_why = talloc_asprintf(mem, "%s:%u: %s", path, line, why);
	return r;
}

/* A password from NAME, NAME_FD or NAME_FILE, in that order (cifs-utils'
 * PASSWD* precedence).  PASSWD_FILE gives its first line; PASSWD_FD is read
 * to its end.  Returns 0 with *ret (NULL when none is set) or an exit code. */
static int password_from_environment(void *mem, const char *name, char **ret)
{
	char var[32], *text, *end;
	const char *value;
	unsigned long fd;
	size_t len;
	int r;

	*ret = NULL;
	value = getenv(name);
	if (value != NULL) {
		*ret = talloc_strdup(mem, value);
		cifsaf_secret_string(*ret);
		return *ret ? 0 : EX_SYSERR;
	}
	snprintf(var, sizeof(var), "%s_FD", name);
	value = getenv(var);
	if (value != NULL) {
		errno = 0;
		fd = strtoul(value, &end, 10);
		if (errno != 0 || *end != '\0' || value[0] == '\0' || fd > INT_MAX) {
			warnx_("%s=%s is not a file descriptor number", var, value);
			return EX_USAGE;
		}
		r = cifsaf_read_secret_fd(mem, (int)fd, CIFSAF_PASSWORD_INPUT_MAX, &text, &len);
		if (r < 0) {
			warnx_("reading the password from %s=%lu: %s", var, fd,
			       r == -EFBIG ? "longer than 512 bytes" : strerror(-r));
			return EX_SYSERR;
		}
		*ret = text;
		return 0;
	}
	snprintf(var, sizeof(var), "%s_FILE", name);
	value = getenv(var);
	if (value != NULL) {
		r = cifsaf_read_secret_file(mem, value, CIFSAF_PASSWORD_INPUT_MAX + 2, &text, &len);
		if (r < 0) {
			warnx_("reading the password file %s (%s): %s", value, var,
			       r == -EFBIG ? "longer than 512 bytes" :
			       r == -EINVAL ? "not a regular file" : strerror(-r));
			return EX_SYSERR;
		}
		text[strcspn(text, "\r\n")] = '\0';	/* one line, as documented */
		*ret = text;
	}
	return 0;
}

/* cifs-utils asks when no password came from the environment, a
 * credentials file or pass=, unless guest, sec=none, sec=krb5* or remount
 * make one unnecessary. */
static int ask_password_if_needed(void *mem, struct invocation *inv)
{
	struct cifsaf_mount_options *o = inv->opts;
	char *prompt, *answer = NULL;
	int r;

	if (o->password != NULL || (o->flags & MS_REMOUNT) || !cifsaf_mount_options_sends_password(o))
		return 0;
	prompt = talloc_asprintf(mem, "Password for %s@%s: ", o->username, inv->cmd->service);
	if (prompt == NULL)
		return EX_SYSERR;
	r = cifsaf_prompt_password(mem, prompt, &answer);
	if (r == -E2BIG) {
		warnx_("Password too long (at most %d bytes).", CIFSAF_PASSWORD_MAX);
		return EX_SYSERR;
	}
	if (r < 0) {
		fprintf(stderr, "Error reading password, exiting\n");
		return EX_SYSERR;
	}
	r = cifsaf_mount_options_set_password(o, false, answer);
	talloc_free(answer);
	if (r < 0) {
		warnx_("Password too long once commas are doubled (at most %d bytes).", CIFSAF_PASSWORD_MAX);
		return EX_SYSERR;
	}
	return 0;
}

static int parse_options(void *mem, struct invocation *inv)
{
	struct cifsaf_parse_env env;
	char *reason = NULL, *optstr, *password = NULL, *password2 = NULL;
	const char *user;
	size_t i;
	int r;

	r = password_from_environment(mem, "PASSWD", &password);
	if (r == 0)
		r = password_from_environment(mem, "PASSWD2", &password2);
	if (r != 0)
		return r;
	memset(&env, 0, sizeof(env));
	env.ids = &cifsaf_system_id_ops;
	env.load_credentials = load_credentials;
	env.password = password;
	env.password2 = password2;

	/* -r is applied before -o, as in cifs-utils, so "-o rw" undoes it. */
	optstr = talloc_asprintf(mem, "%s%s", inv->cmd->readonly ? "ro," : "",
				 inv->cmd->options ? inv->cmd->options : "");
	if (optstr == NULL)
		return EX_SYSERR;
	cifsaf_secret_string(optstr);
	r = cifsaf_mount_options_parse(mem, optstr, &env, &inv->opts, &reason);
	talloc_free(optstr);
	talloc_free(password);
	talloc_free(password2);
	if (r < 0) {
		warnx_("%s", reason ? reason : strerror(-r));
		return EX_USAGE;
	}
	for (i = 0; i < inv->opts->n_warnings; i++)
		fprintf(stderr, "%s\n", inv->opts->warnings[i]);
	if (inv->cmd->sloppy)
		inv->opts->sloppy = true;
	if (!inv->opts->got_user) {
		user = default_username();
		if (user == NULL) {
			warnx_("no user name: give user= or set USER (uid %u has no passwd entry)",
			       (unsigned)getuid());
			return EX_USAGE;
		}
		inv->opts->username = talloc_strdup(inv->opts, user);
		if (inv->opts->username == NULL)
			return EX_SYSERR;
	}
	r = ask_password_if_needed(mem, inv);
	if (r != 0)
		return r;
	/* A separator in a name would inject kernel options. */
	if (strchr(inv->opts->username, ',') != NULL) {
		warnx_("user name contains ',', which would inject mount options");
		return EX_USAGE;
	}
	if (inv->opts->domain != NULL && strchr(inv->opts->domain, ',') != NULL) {
		warnx_("domain contains ',', which would inject mount options");
		return EX_USAGE;
	}
	return 0;
}

static int run(void *mem, int argc, char **argv)
{
	struct invocation inv;
	struct cifsaf_decision *d = NULL;
	const char *why, *release = "";
	char *reason = NULL;
	int r;

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

	if (cifsaf_is_secure_exec() && getuid() != 0) {
		if (!cifsaf_have_libcap_ng())
			warnx_("this build has no libcap-ng (configured --without-libcap-ng), so it "
			       "cannot drop privileges and refuses to run setuid");
		else
			warnx_("mounts by users other than root are not supported by this version");
		return EX_USAGE;
	}
	if (geteuid() == 0) {
		r = cifsaf_privs_limit();
		if (r == -ENOTSUP && inv.cmd->verbose)
			warnx_("capabilities not limited: built without libcap-ng");
		else if (r == 1 && inv.cmd->verbose)
			warnx_("capability bounding set not pruned: the kernel cannot drop from it (needs 2.6.25)");
		else if (r < 0 && r != -ENOTSUP) {
			warnx_("cannot limit capabilities: %s", strerror(-r));
			return EX_SYSERR;
		}
	}

	if (inv.cmd->namespace_path != NULL) {
		r = enter_namespace(inv.cmd->namespace_path);
		if (r == -ENOSYS) {
			warnx_("-N %s: entering a mount namespace needs setns(), which this system lacks",
			       inv.cmd->namespace_path);
			return EX_USAGE;
		}
		if (r < 0) {
			warnx_("-N %s: %s", inv.cmd->namespace_path, strerror(-r));
			return EX_USAGE;
		}
	}

	/* cifs-utils' order: the mount point is checked before the options. */
	if (chdir(inv.cmd->mountpoint) < 0) {
		fprintf(stderr, "Couldn't chdir to %s: %s\n", inv.cmd->mountpoint, strerror(errno));
		return EX_USAGE;
	}
	if (realpath(".", inv.canonical) == NULL) {
		fprintf(stderr, "Unable to resolve %s to canonical path: %s\n", inv.cmd->mountpoint,
			strerror(errno));
		return EX_SYSERR;
	}

	if (strchr(inv.cmd->service, '\n') != NULL || strchr(inv.cmd->mountpoint, '\n') != NULL) {
		warnx_("illegal character 0x0a in mount entry");
		return EX_USAGE;
	}
	r = cifsaf_unc_parse(mem, inv.cmd->service, &inv.unc, &why);
	if (r < 0) {
		fprintf(stderr, "%s: bad UNC (%s): %s\n", progname, inv.cmd->service, why);
		return EX_USAGE;
	}
	inv.unc_display = talloc_asprintf(mem, "//%s/%s", inv.unc.host, inv.unc.share);
	inv.source = talloc_strdup(mem, inv.cmd->service);
	if (inv.unc_display == NULL || inv.source == NULL)
		return EX_SYSERR;

	r = kernel_facts(&inv.kernel, &release);
	if (r < 0) {
		warnx_("cannot understand kernel release \"%s\"", release);
		return EX_USAGE;
	}

	r = parse_options(mem, &inv);
	if (r != 0)
		return r;

	r = decide_address(mem, &inv, &d);
	if (r < 0)
		return explain_decision_failure(&inv, d, r);
	r = do_mount(mem, &inv, d);
	if (r != 0)
		return r;
	return update_mtab(mem, &inv);
}

int main(int argc, char **argv)
{
	TALLOC_CTX *mem;
	int status;

	if (argc > 0 && argv[0] != NULL) {
		const char *base = strrchr(argv[0], '/');

		progname = base ? base + 1 : argv[0];
	}
	openlog("mount.cifs", LOG_PID, LOG_DAEMON);
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
