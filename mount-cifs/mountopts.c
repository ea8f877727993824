/* mountopts.c: -o tokens -> struct cifsaf_mount_options (pure but for the
 * injectable id lookups).  One table maps each option name to its handler. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <talloc.h>
#include <time.h>

#include "compat/compat.h"
#include "credentials.h"
#include "mountopts.h"
#include "program/secret.h"

/* ------------------------------------------------------------ id lookups */

static int system_user_id(const char *name, uid_t *ret)
{
	struct passwd *pw = getpwnam(name);

	if (pw == NULL)
		return -ENOENT;
	*ret = pw->pw_uid;
	return 0;
}

static int system_group_id(const char *name, gid_t *ret)
{
	struct group *gr = getgrnam(name);

	if (gr == NULL)
		return -ENOENT;
	*ret = gr->gr_gid;
	return 0;
}

const struct cifsaf_id_ops cifsaf_system_id_ops = {
	.user_id = system_user_id,
	.group_id = system_group_id,
};

/* ---------------------------------------------------------------- parsing */

struct token {
	const char *key;	/* talloc copy of the part before '=' */
	const char *value;	/* part after '=', or NULL when there is none */
	const char *text;	/* the whole token, as written */
};

struct parser {
	struct cifsaf_mount_options *o;
	const struct cifsaf_parse_env *env;
	char *why;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p->why = talloc_vasprintf(p->o, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Append s (a talloc child of o, or NULL when its allocation failed) to a
 * growing string array of o. */
static int append_string(struct cifsaf_mount_options *o, char ***array, size_t *n, char *s)
{
	char **grown;

	if (s == NULL)
		return -ENOMEM;
	grown = talloc_realloc(o, *array, char *, *n + 1);
	if (grown == NULL)
		return -ENOMEM;
	grown[(*n)++] = s;
	*array = grown;
	return 0;
}

static int warn(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int warn(struct parser *p, const char *fmt, ...)
{
	struct cifsaf_mount_options *o = p->o;
	char *w;
	va_list ap;

	va_start(ap, fmt);
	w = talloc_vasprintf(o, fmt, ap);
	va_end(ap);
	return append_string(o, &o->warnings, &o->n_warnings, w);
}

int cifsaf_mount_options_add_passthrough(struct cifsaf_mount_options *o, const char *token)
{
	return append_string(o, &o->passthrough, &o->n_passthrough, talloc_strdup(o, token));
}

static int copy_text(struct parser *p, const char *text)
{
	return cifsaf_mount_options_add_passthrough(p->o, text);
}

static int copy_token(struct parser *p, const struct token *t)
{
	return copy_text(p, t->text);
}

static int set_string(struct parser *p, char **slot, const char *value)
{
	talloc_free(*slot);
	*slot = talloc_strdup(p->o, value);
	return *slot ? 0 : -ENOMEM;
}

/* Double every comma: the kernel reads ",," as a literal comma in pass=. */
static char *escape_password(void *mem, const char *value)
{
	size_t len = strlen(value), commas = 0, i, k = 0;
	char *out;

	for (i = 0; i < len; i++)
		commas += value[i] == ',';
	if (len + commas > CIFSAF_PASSWORD_MAX)
		return NULL;
	out = talloc_size(mem, len + commas + 1);
	if (out == NULL)
		return NULL;
	cifsaf_secret_string(out);
	for (i = 0; i < len; i++) {
		out[k++] = value[i];
		if (value[i] == ',')
			out[k++] = ',';
	}
	out[k] = '\0';
	return out;
}

int cifsaf_mount_options_set_password(struct cifsaf_mount_options *o, bool second,
				      const char *value)
{
	char **slot = second ? &o->password2 : &o->password;
	char *escaped = escape_password(o, value);

	if (escaped == NULL)
		return strlen(value) > CIFSAF_PASSWORD_MAX / 2 ? -E2BIG : -ENOMEM;
	talloc_free(*slot);
	*slot = escaped;
	return 0;
}

/* Numbers for ids: plain decimal digits that fit in 32 bits and are not
 * (uid_t)-1.  cifs-utils' strtoul also takes "+5", " 5" and "-1" and wraps
 * 4294967296 to 0. */
static int parse_id_number(const char *s, unsigned long *ret)
{
	unsigned long long v = 0;
	const char *c;

	if (*s == '\0')
		return -EINVAL;
	for (c = s; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*c - '0');
		if (v >= 0xffffffffULL)
			return -ERANGE;
	}
	*ret = (unsigned long)v;
	return 0;
}

enum id_kind { ID_USER, ID_GROUP };

/* name_first: uid/gid/cruid look the name up before trying a number;
 * backupuid/backupgid try the number first (as cifs-utils does). */
static int parse_id(struct parser *p, const struct token *t, enum id_kind kind, bool name_first,
		    struct cifsaf_numeric_id *ret)
{
	unsigned long num = 0;
	uid_t uid;
	gid_t gid;
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return 0;	/* cifs-utils drops an empty one */
	r = parse_id_number(t->value, &num);
	if (r == -ERANGE)
		return fail(p, "%s=%s: value out of range", t->key, t->value);
	if (r == 0 && !name_first) {
		ret->set = true;
		ret->value = num;
		return 0;
	}
	r = kind == ID_USER ? p->env->ids->user_id(t->value, &uid) : p->env->ids->group_id(t->value, &gid);
	if (r == 0) {
		ret->set = true;
		ret->value = kind == ID_USER ? (unsigned long)uid : (unsigned long)gid;
		return 0;
	}
	if (parse_id_number(t->value, &num) == 0) {
		ret->set = true;
		ret->value = num;
		return 0;
	}
	return fail(p, "bad option %s=\"%s\": no such %s", t->key, t->value,
		    kind == ID_USER ? "user" : "group");
}

static int opt_uid(struct parser *p, const struct token *t)
{
	return parse_id(p, t, ID_USER, true, &p->o->uid);
}

static int opt_cruid(struct parser *p, const struct token *t)
{
	return parse_id(p, t, ID_USER, true, &p->o->cruid);
}

static int opt_gid(struct parser *p, const struct token *t)
{
	return parse_id(p, t, ID_GROUP, true, &p->o->gid);
}

static int opt_backupuid(struct parser *p, const struct token *t)
{
	return parse_id(p, t, ID_USER, false, &p->o->backupuid);
}

static int opt_backupgid(struct parser *p, const struct token *t)
{
	return parse_id(p, t, ID_GROUP, false, &p->o->backupgid);
}

static int opt_user(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0') {
		if (strcmp(t->key, "username") == 0)
			return fail(p, "username specified with no parameter");
		p->o->flags |= CIFSAF_MS_USER;	/* fstab "user": permission, not a name */
		return 0;
	}
	if (strlen(t->value) > CIFSAF_USERNAME_MAX)
		return fail(p, "%s= is longer than %d bytes", t->key, CIFSAF_USERNAME_MAX);
	p->o->got_user = true;
	return set_string(p, &p->o->username, t->value);
}

static int opt_users(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0') {
		p->o->flags |= CIFSAF_MS_USERS;
		return 0;
	}
	return copy_token(p, t);
}

static int opt_pass(struct parser *p, const struct token *t)
{
	bool second = t->key[strlen(t->key) - 1] == '2';
	char **slot = second ? &p->o->password2 : &p->o->password;
	int r;

	if (*slot != NULL)
		return warn(p, "%s specified twice, ignoring second", second ? "password2" : "password");
	r = cifsaf_mount_options_set_password(p->o, second, t->value ? t->value : "");
	if (r == -E2BIG)
		return fail(p, "%s is longer than %d bytes once commas are doubled",
			    second ? "password2" : "password", CIFSAF_PASSWORD_MAX);
	return r;
}

static int opt_sec(struct parser *p, const struct token *t)
{
	if (t->value != NULL && strncmp(t->value, "none", 4) == 0)
		p->o->sec_none = true;
	if (t->value != NULL && strncmp(t->value, "krb5", 4) == 0)
		p->o->sec_krb5 = true;
	return copy_token(p, t);
}

static int opt_ip(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0')
		return fail(p, "%s= needs an address", t->key);
	if (strlen(t->value) > CIFSAF_IP_OPTION_MAX)
		return fail(p, "%s= is longer than %d bytes", t->key, CIFSAF_IP_OPTION_MAX);
	return set_string(p, &p->o->ip, t->value);
}

static int opt_unc(struct parser *p, const struct token *t)
{
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return fail(p, "invalid path to network resource (%s= is empty)", t->key);
	r = set_string(p, &p->o->unc, t->value);
	return r < 0 ? r : copy_token(p, t);
}

static int opt_domain(struct parser *p, const struct token *t)
{
	if (t->value == NULL)	/* bare "dom": an empty domain= is sent */
		return set_string(p, &p->o->domain, "");
	if (t->value[0] == '\0') {	/* "domain=": no domain at all */
		talloc_free(p->o->domain);
		p->o->domain = NULL;
		return 0;
	}
	if (strlen(t->value) > CIFSAF_DOMAIN_MAX)
		return fail(p, "domain name too long (more than %d bytes)", CIFSAF_DOMAIN_MAX);
	return set_string(p, &p->o->domain, t->value);
}

/* The file's fields apply where cred= stands: a later user= wins over its
 * username, its password replaces one given before (environment or pass=). */
static int opt_credentials(struct parser *p, const struct token *t)
{
	struct cifsaf_mount_options *o = p->o;
	struct cifsaf_credentials *c = NULL;
	const char *too_long = NULL;
	char *why = NULL;
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return fail(p, "invalid credential file name specified");
	if (p->env->load_credentials == NULL)
		return fail(p, "%s=: credentials files cannot be used here", t->key);
	r = p->env->load_credentials(p->env->ctx, o, t->value, &c, &why);
	if (r < 0) {
		p->why = why ? why : talloc_asprintf(o, "credentials file %s: %s", t->value, strerror(-r));
		return r == -ENOMEM ? r : -EINVAL;
	}
	/* The file's fields have the limits of the options they stand for. */
	if (c->username && strlen(c->username) > CIFSAF_USERNAME_MAX)
		too_long = "user name";
	else if (c->domain && strlen(c->domain) > CIFSAF_DOMAIN_MAX)
		too_long = "domain";
	if (too_long != NULL) {
		talloc_free(c);
		return fail(p, "credentials file %s: the %s is longer than %d bytes", t->value,
			    too_long, CIFSAF_USERNAME_MAX);
	}
	r = set_string(p, &o->credentials, t->value);
	if (r == 0 && c->username != NULL) {
		o->got_user = true;
		r = set_string(p, &o->username, c->username);
	}
	if (r == 0 && c->domain != NULL)
		r = set_string(p, &o->domain, c->domain);
	if (r == 0 && c->password != NULL)
		r = cifsaf_mount_options_set_password(o, false, c->password);
	if (r == 0 && c->password2 != NULL)
		r = cifsaf_mount_options_set_password(o, true, c->password2);
	talloc_free(c);
	if (r == -E2BIG)
		return fail(p, "credentials file %s: password longer than %d bytes once commas are doubled",
			    t->value, CIFSAF_PASSWORD_MAX);
	return r;
}

/* fmask/dmask: deprecated names for file_mode/dir_mode.  cifs-utils loses
 * the value; it is kept here. */
static int opt_mask(struct parser *p, const struct token *t)
{
	const char *name = t->key[0] == 'f' ? "file_mode" : "dir_mode";
	char *renamed;
	int r;

	r = warn(p, "WARNING: CIFS mount option '%s' is deprecated. Use '%s' instead.", t->key, name);
	if (r < 0)
		return r;
	if (t->value == NULL || t->value[0] == '\0')
		return fail(p, "Option '%s' requires a numerical argument", t->key);
	renamed = talloc_asprintf(p->o, "%s=%s", name, t->value);
	if (renamed == NULL)
		return -ENOMEM;
	r = copy_text(p, renamed);
	talloc_free(renamed);
	return r;
}

static int opt_mode(struct parser *p, const struct token *t)
{
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return fail(p, "Option '%s' requires a numerical argument", t->key);
	if (t->value[0] != '0') {
		r = warn(p, "WARNING: '%s' not expressed in octal.", t->key);
		if (r < 0)
			return r;
	}
	return copy_token(p, t);
}

/* snapshot=@GMT-YYYY.MM.DD-HH.MM.SS becomes the NT time the kernel wants. */
static int opt_snapshot(struct parser *p, const struct token *t)
{
	struct tm tm;
	const char *end;
	time_t secs;

	if (t->value == NULL || t->value[0] == '\0')
		return 0;
	if (strncmp(t->value, "@GMT-", 5) != 0)
		return copy_token(p, t);
	memset(&tm, 0, sizeof(tm));
	end = strlen(t->value) == 24 ? strptime(t->value, "@GMT-%Y.%m.%d-%H.%M.%S", &tm) : NULL;
	if (end == NULL || *end != '\0')
		return fail(p, "bad snapshot token %s (want @GMT-YYYY.MM.DD-HH.MM.SS)", t->value);
	secs = timegm(&tm);
	talloc_free(p->o->snapshot);
	p->o->snapshot = talloc_asprintf(p->o, "%llu",
					 (unsigned long long)secs * 10000000ULL + 116444736000000000ULL);
	return p->o->snapshot ? 0 : -ENOMEM;
}

static int opt_port(struct parser *p, const struct token *t)
{
	unsigned long v;
	char *end;

	if (t->value == NULL || t->value[0] < '0' || t->value[0] > '9')
		return fail(p, "port=%s is not a port number (1-65535)", t->value ? t->value : "");
	errno = 0;
	v = strtoul(t->value, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		return fail(p, "port=%s is not a port number (1-65535)", t->value);
	p->o->port = (uint16_t)v;
	return copy_token(p, t);
}

static int opt_af(struct parser *p, const struct token *t)
{
	if (cifsaf_policy_from_name(t->value ? t->value : "", &p->o->policy) < 0)
		return fail(p, "af=%s: unknown policy (expected system, v4-only, v6-only, "
			    "v4-preferred, v6-preferred or happy-eyeballs)", t->value ? t->value : "");
	p->o->have_policy = true;
	return 0;
}

static int opt_guest(struct parser *p, const struct token *t)
{
	(void)t;
	p->o->guest = true;
	p->o->got_user = true;
	return set_string(p, &p->o->username, "");
}

static int opt_nofail(struct parser *p, const struct token *t)
{
	(void)t;
	p->o->nofail = true;
	return 0;
}

static int opt_ignore(struct parser *p, const struct token *t)
{
	(void)p;
	(void)t;
	return 0;
}

static int opt_nolock(struct parser *p, const struct token *t)
{
	p->o->flags &= ~(unsigned long)MS_MANDLOCK;
	return copy_token(p, t);
}

/* Flag options: set or clear one MS_* bit, never sent as text. */
static const struct {
	const char *name;
	unsigned long flag;
	bool set;
} flag_options[] = {
	{ "ro", MS_RDONLY, true },	{ "rw", MS_RDONLY, false },
	{ "nosuid", MS_NOSUID, true },	{ "suid", MS_NOSUID, false },
	{ "nodev", MS_NODEV, true },	{ "dev", MS_NODEV, false },
	{ "noexec", MS_NOEXEC, true },	{ "exec", MS_NOEXEC, false },
	{ "mand", MS_MANDLOCK, true },	{ "nomand", MS_MANDLOCK, false },
	{ "remount", MS_REMOUNT, true },
};

static const struct {
	const char *name;
	int (*handle)(struct parser *p, const struct token *t);
} handlers[] = {
	{ "user", opt_user },		{ "username", opt_user },
	{ "users", opt_users },
	{ "pass", opt_pass },		{ "password", opt_pass },
	{ "pass2", opt_pass },		{ "password2", opt_pass },
	{ "sec", opt_sec },
	{ "ip", opt_ip },		{ "addr", opt_ip },
	{ "unc", opt_unc },		{ "target", opt_unc },		{ "path", opt_unc },
	{ "dom", opt_domain },		{ "domain", opt_domain },	{ "workgroup", opt_domain },
	{ "cred", opt_credentials },	{ "credentials", opt_credentials },
	{ "uid", opt_uid },		{ "cruid", opt_cruid },		{ "gid", opt_gid },
	{ "backupuid", opt_backupuid },	{ "backupgid", opt_backupgid },
	{ "fmask", opt_mask },		{ "dmask", opt_mask },
	{ "file_mode", opt_mode },	{ "dir_mode", opt_mode },	{ "dirm", opt_mode },
	{ "snapshot", opt_snapshot },
	{ "port", opt_port },
	{ "af", opt_af },
	{ "guest", opt_guest },
	{ "nofail", opt_nofail },
	{ "_netdev", opt_ignore },	{ "comment", opt_ignore },
	{ "nolock", opt_nolock },	{ "nobrl", opt_nolock },
};

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

static int parse_token(struct parser *p, const char *text)
{
	const char *eq = strchr(text, '=');
	struct token t;
	char *key;
	size_t i;
	int r;

	key = eq ? talloc_strndup(p->o, text, (size_t)(eq - text)) : talloc_strdup(p->o, text);
	if (key == NULL)
		return -ENOMEM;
	t.key = key;
	t.value = eq ? eq + 1 : NULL;
	t.text = text;

	r = -ENOENT;
	for (i = 0; r == -ENOENT && i < N_ELEMENTS(flag_options); i++) {
		if (eq == NULL && strcmp(key, flag_options[i].name) == 0) {
			if (flag_options[i].set)
				p->o->flags |= flag_options[i].flag;
			else
				p->o->flags &= ~flag_options[i].flag;
			r = 0;
		}
	}
	for (i = 0; r == -ENOENT && i < N_ELEMENTS(handlers); i++)
		if (strcmp(key, handlers[i].name) == 0)
			r = handlers[i].handle(p, &t);
	if (r == -ENOENT)
		r = strncmp(key, "x-", 2) == 0 ? 0 : copy_token(p, &t);
	talloc_free(key);
	return r;
}

int cifsaf_mount_options_parse(void *mem, const char *optstr, const struct cifsaf_parse_env *env,
			       struct cifsaf_mount_options **ret, char **ret_why)
{
	struct parser p;
	const char *s = optstr ? optstr : "";
	char *token;
	int r = 0;

	*ret_why = NULL;
	if (strlen(s) > CIFSAF_KERNEL_OPTIONS_MAX) {
		*ret_why = talloc_asprintf(mem, "option string longer than %d bytes",
					   CIFSAF_KERNEL_OPTIONS_MAX);
		return -E2BIG;
	}
	p.o = talloc_zero(mem, struct cifsaf_mount_options);
	if (p.o == NULL)
		return -ENOMEM;
	p.env = env;
	p.why = NULL;
	/* Environment passwords come first, so a pass= option is "twice". */
	if (env->password != NULL)
		r = cifsaf_mount_options_set_password(p.o, false, env->password);
	if (r == 0 && env->password2 != NULL)
		r = cifsaf_mount_options_set_password(p.o, true, env->password2);
	if (r == -E2BIG)
		p.why = talloc_asprintf(p.o, "password from the environment longer than %d bytes "
					"once commas are doubled", CIFSAF_PASSWORD_MAX);
	while (r == 0 && *s != '\0') {
		size_t len = strcspn(s, ",");

		if (len > 0) {
			/* Tokens may hold a password: zero the copy too. */
			token = talloc_strndup(p.o, s, len);
			if (token == NULL) {
				r = -ENOMEM;
				break;
			}
			cifsaf_secret_string(token);
			r = parse_token(&p, token);
			talloc_free(token);
		}
		s += len;
		if (*s == ',')
			s++;
	}
	if (r < 0) {
		*ret_why = p.why ? talloc_steal(mem, p.why) : NULL;
		talloc_free(p.o);
		return r;
	}
	*ret = p.o;
	return 0;
}
