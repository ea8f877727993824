/* mountopts.c: -o tokens -> struct cifsaf_mount_options (pure but for the
 * injectable id lookups).  Tables map each option name to its handler: the
 * flags and the values here, who mounts in identopts.c; the kernel's option
 * string is assembled in kernelopts.c. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <talloc.h>
#include <time.h>

#include "identopts.h"
#include "mountopts.h"
#include "optparser.h"
#include "program/secret.h"

/* --------------------------------------------------------------- values */

static int opt_sec(struct parser *p, const struct token *t)
{
	if (t->value != NULL && strncmp(t->value, "none", 4) == 0)
		p->o->sec_none = true;
	if (t->value != NULL && strncmp(t->value, "krb5", 4) == 0)
		p->o->sec_krb5 = true;
	return optparser_copy_token(p, t);
}

static int opt_ip(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0')
		return optparser_fail(p, "%s= needs an address", t->key);
	if (strlen(t->value) > CIFSAF_IP_OPTION_MAX)
		return optparser_fail(p, "%s= is longer than %d bytes", t->key, CIFSAF_IP_OPTION_MAX);
	return optparser_set_string(p, &p->o->ip, t->value);
}

static int opt_unc(struct parser *p, const struct token *t)
{
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return optparser_fail(p, "invalid path to network resource (%s= is empty)", t->key);
	r = optparser_set_string(p, &p->o->unc, t->value);
	return r < 0 ? r : optparser_copy_token(p, t);
}

/* fmask/dmask: deprecated names for file_mode/dir_mode.  cifs-utils loses
 * the value; it is kept here. */
static int opt_mask(struct parser *p, const struct token *t)
{
	const char *name = t->key[0] == 'f' ? "file_mode" : "dir_mode";
	char *renamed;
	int r;

	r = optparser_warn(p, "WARNING: CIFS mount option '%s' is deprecated. Use '%s' instead.",
			   t->key, name);
	if (r < 0)
		return r;
	if (t->value == NULL || t->value[0] == '\0')
		return optparser_fail(p, "Option '%s' requires a numerical argument", t->key);
	renamed = talloc_asprintf(p->o, "%s=%s", name, t->value);
	if (renamed == NULL)
		return -ENOMEM;
	r = optparser_copy_text(p, renamed);
	talloc_free(renamed);
	return r;
}

static int opt_mode(struct parser *p, const struct token *t)
{
	int r;

	if (t->value == NULL || t->value[0] == '\0')
		return optparser_fail(p, "Option '%s' requires a numerical argument", t->key);
	if (t->value[0] != '0') {
		r = optparser_warn(p, "WARNING: '%s' not expressed in octal.", t->key);
		if (r < 0)
			return r;
	}
	return optparser_copy_token(p, t);
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
		return optparser_copy_token(p, t);
	memset(&tm, 0, sizeof(tm));
	end = strlen(t->value) == 24 ? strptime(t->value, "@GMT-%Y.%m.%d-%H.%M.%S", &tm) : NULL;
	if (end == NULL || *end != '\0')
		return optparser_fail(p, "bad snapshot token %s (want @GMT-YYYY.MM.DD-HH.MM.SS)", t->value);
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
		return optparser_fail(p, "port=%s is not a port number (1-65535)", t->value ? t->value : "");
	errno = 0;
	v = strtoul(t->value, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		return optparser_fail(p, "port=%s is not a port number (1-65535)", t->value);
	p->o->port = (uint16_t)v;
	return optparser_copy_token(p, t);
}

static int opt_af(struct parser *p, const struct token *t)
{
	if (cifsaf_policy_from_name(t->value ? t->value : "", &p->o->policy) < 0)
		return optparser_fail(p, "af=%s: unknown policy (expected system, v4-only, v6-only, "
				      "v4-preferred, v6-preferred or happy-eyeballs)",
				      t->value ? t->value : "");
	p->o->have_policy = true;
	return 0;
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
	return optparser_copy_token(p, t);
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

/* The options the kernel gets (or that only the helper reads); identopts.c
 * has those that say who mounts. */
static const struct optparser_option value_options[] = {
	{ "sec", opt_sec },
	{ "ip", opt_ip },		{ "addr", opt_ip },
	{ "unc", opt_unc },		{ "target", opt_unc },		{ "path", opt_unc },
	{ "fmask", opt_mask },		{ "dmask", opt_mask },
	{ "file_mode", opt_mode },	{ "dir_mode", opt_mode },	{ "dirm", opt_mode },
	{ "snapshot", opt_snapshot },
	{ "port", opt_port },
	{ "af", opt_af },
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
	for (i = 0; r == -ENOENT && i < N_ELEMENTS(value_options); i++)
		if (strcmp(key, value_options[i].name) == 0)
			r = value_options[i].handle(p, &t);
	for (i = 0; r == -ENOENT && i < n_identity_options; i++)
		if (strcmp(key, identity_options[i].name) == 0)
			r = identity_options[i].handle(p, &t);
	if (r == -ENOENT)
		r = strncmp(key, "x-", 2) == 0 ? 0 : optparser_copy_token(p, &t);
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
