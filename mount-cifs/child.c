/* child.c: the unprivileged side of the helper.
 *
 * Forked by the parent once the mount point is known, it becomes the caller
 * for good (privs.c) and then does everything that touches input the caller
 * controls: the option string, credentials and password files (read with
 * the caller's rights), the password prompt, the environment, DNS answers
 * and the probes.  What the parent needs from all that travels back as a
 * handoff message (handoff.h); the parent checks it and trusts nothing
 * else. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <talloc.h>
#include <unistd.h>

#include "child.h"
#include "compat/compat.h"
#include "credentials.h"
#include "decision.h"
#include "exitstatus.h"
#include "handoff.h"
#include "keycache.h"
#include "mounting.h"
#include "privs.h"
#include "program/log.h"
#include "program/secret.h"
#include "program/seams.h"
#include "prompt.h"

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

/* Root's child keeps CAP_DAC_READ_SEARCH permitted so root can name any
 * file; anyone else reads with their own rights only. */
static int read_secret_file(void *mem, const char *path, size_t max, char **ret, size_t *ret_len)
{
	bool raised = getuid() == 0 && cifsaf_privs_raise(CIFSAF_PRIV_DAC_READ_SEARCH) == 0;
	int r = cifsaf_read_secret_file(mem, path, max, ret, ret_len);

	if (raised)
		cifsaf_privs_lower(CIFSAF_PRIV_DAC_READ_SEARCH);
	return r;
}

/* credentials= loader for the option parser: the file read whole (bounded)
 * and parsed; errors name the file and line, never a value.  What the file
 * held is recorded for the parent, which replays it in its own parse. */
static int load_credentials(void *ctx, void *mem, const char *path, struct cifsaf_credentials **ret,
			    char **ret_why)
{
	struct cifsaf_handoff *handoff = ctx;
	const char *why = NULL;
	unsigned line = 0;
	size_t len;
	char *text;
	int r;

	r = read_secret_file(mem, path, CIFSAF_CREDENTIALS_FILE_MAX, &text, &len);
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
	if (r < 0)
		return r;
	r = cifsaf_handoff_add_credentials(handoff, path, (*ret)->username, (*ret)->password,
					   (*ret)->password2, (*ret)->domain);
	if (r == -E2BIG)
		*ret_why = talloc_asprintf(mem, "more than %d credentials files",
					   CIFSAF_HANDOFF_CREDENTIALS_MAX);
	if (r < 0)
		talloc_free(*ret);
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
		if (strlen(value) > CIFSAF_PASSWORD_INPUT_MAX) {
			warnx_("%s is longer than %d bytes", name, CIFSAF_PASSWORD_INPUT_MAX);
			return EX_USAGE;
		}
		*ret = cifsaf_secret_strdup(mem, value);
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
		r = read_secret_file(mem, value, CIFSAF_PASSWORD_INPUT_MAX + 2, &text, &len);
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
static int ask_password_if_needed(void *mem, struct invocation *inv, struct cifsaf_handoff *h)
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
	if (r < 0) {
		talloc_free(answer);
		warnx_("Password too long once commas are doubled (at most %d bytes).", CIFSAF_PASSWORD_MAX);
		return EX_SYSERR;
	}
	h->prompted = talloc_steal(h, answer);
	return 0;
}

static int parse_options(void *mem, struct invocation *inv, struct cifsaf_handoff *h)
{
	struct cifsaf_parse_env env;
	char *reason = NULL;
	const char *user;
	size_t i;
	int r;

	r = password_from_environment(h, "PASSWD", &h->password);
	if (r == 0)
		r = password_from_environment(h, "PASSWD2", &h->password2);
	if (r != 0)
		return r;
	memset(&env, 0, sizeof(env));
	env.ids = &cifsaf_system_id_ops;
	env.load_credentials = load_credentials;
	env.ctx = h;
	env.password = h->password;
	env.password2 = h->password2;

	r = cifsaf_mount_options_parse(mem, inv->optstr, &env, &inv->opts, &reason);
	if (r < 0) {
		warnx_("%s", reason ? reason : strerror(-r));
		return EX_USAGE;
	}
	for (i = 0; i < inv->opts->n_warnings; i++)
		fprintf(stderr, "%s\n", inv->opts->warnings[i]);
	if (inv->user_mount && !(inv->opts->flags & (CIFSAF_MS_USER | CIFSAF_MS_USERS))) {
		fprintf(stderr, "%s: permission denied\n", progname);
		return EX_USAGE;
	}
	if (!inv->opts->got_user) {
		user = default_username();
		if (user == NULL) {
			warnx_("no user name: give user= or set USER (uid %u has no passwd entry)",
			       (unsigned)getuid());
			return EX_USAGE;
		}
		if (strlen(user) > CIFSAF_USERNAME_MAX) {
			warnx_("the user name from USER is longer than %d bytes", CIFSAF_USERNAME_MAX);
			return EX_USAGE;
		}
		h->default_username = talloc_strdup(h, user);
		inv->opts->username = talloc_strdup(inv->opts, user);
		if (h->default_username == NULL || inv->opts->username == NULL)
			return EX_SYSERR;
	}
	r = ask_password_if_needed(mem, inv, h);
	if (r != 0)
		return r;
	r = check_identity(inv->opts);
	return r;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int child_run(void *mem, struct invocation *inv, int fd)
{
	struct cifsaf_handoff *h;
	struct cifsaf_decision *d = NULL;
	const char *release = "";
	uint8_t *msg;
	size_t len;
	int r;

	r = cifsaf_privs_child(inv->caller_uid, inv->caller_gid);
	if (r < 0) {
		warnx_("cannot drop privileges to uid %u: %s", (unsigned)inv->caller_uid,
		       strerror(-r));
		return EX_SYSERR;
	}
	h = talloc_zero(mem, struct cifsaf_handoff);
	if (h == NULL)
		return EX_SYSERR;

	r = kernel_facts(&inv->kernel, &release);
	if (r < 0) {
		warnx_("cannot understand kernel release \"%s\"", release);
		return EX_USAGE;
	}
	r = parse_options(mem, inv, h);
	if (r != 0)
		return r;

	r = decide_address(mem, inv, &d);
	if (d != NULL)
		cache_after_decision(inv, d, r, r == 0 ? h : NULL);
	if (d != NULL && r == 0)
		site_after_decision(inv, d, h);
	if (r < 0)
		return explain_decision_failure(inv, d, r);
	h->candidates = d->mount_order;
	h->n_candidates = d->n_mount_order;
	/* Only the 139 race's win is news to the parent: it adds port=. */
	h->port = d->port_fallback ? d->port : 0;

	r = cifsaf_handoff_encode(mem, h, &msg, &len);
	if (r == 0)
		r = write_all(fd, msg, len);
	if (r < 0) {
		warnx_("cannot hand the mount over to the privileged parent: %s", strerror(-r));
		return EX_SYSERR;
	}
	return 0;
}
