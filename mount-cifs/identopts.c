/* identopts.c: the -o options that say who mounts: user=, the passwords,
 * domain=, the credentials file, guest, and the numeric ids (uid=, gid=,
 * cruid=, backupuid=, backupgid=) with their name lookups. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <talloc.h>

#include "credentials.h"
#include "identopts.h"
#include "program/secret.h"

/* ----------------------------------------------------------- id lookups */

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

/* ------------------------------------------------------------ passwords */

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

/* ------------------------------------------------------------------ ids */

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
		return optparser_fail(p, "%s=%s: value out of range", t->key, t->value);
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
	return optparser_fail(p, "bad option %s=\"%s\": no such %s", t->key, t->value,
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

/* ---------------------------------------------------- names and secrets */

static int opt_user(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0') {
		if (strcmp(t->key, "username") == 0)
			return optparser_fail(p, "username specified with no parameter");
		p->o->flags |= CIFSAF_MS_USER;	/* fstab "user": permission, not a name */
		return 0;
	}
	if (strlen(t->value) > CIFSAF_USERNAME_MAX)
		return optparser_fail(p, "%s= is longer than %d bytes", t->key, CIFSAF_USERNAME_MAX);
	p->o->got_user = true;
	return optparser_set_string(p, &p->o->username, t->value);
}

static int opt_users(struct parser *p, const struct token *t)
{
	if (t->value == NULL || t->value[0] == '\0') {
		p->o->flags |= CIFSAF_MS_USERS;
		return 0;
	}
	return optparser_copy_token(p, t);
}

static int opt_pass(struct parser *p, const struct token *t)
{
	bool second = t->key[strlen(t->key) - 1] == '2';
	char **slot = second ? &p->o->password2 : &p->o->password;
	int r;

	if (*slot != NULL)
		return optparser_warn(p, "%s specified twice, ignoring second",
				      second ? "password2" : "password");
	r = cifsaf_mount_options_set_password(p->o, second, t->value ? t->value : "");
	if (r == -E2BIG)
		return optparser_fail(p, "%s is longer than %d bytes once commas are doubled",
				      second ? "password2" : "password", CIFSAF_PASSWORD_MAX);
	return r;
}

static int opt_domain(struct parser *p, const struct token *t)
{
	if (t->value == NULL)	/* bare "dom": an empty domain= is sent */
		return optparser_set_string(p, &p->o->domain, "");
	if (t->value[0] == '\0') {	/* "domain=": no domain at all */
		talloc_free(p->o->domain);
		p->o->domain = NULL;
		return 0;
	}
	if (strlen(t->value) > CIFSAF_DOMAIN_MAX)
		return optparser_fail(p, "domain name too long (more than %d bytes)", CIFSAF_DOMAIN_MAX);
	return optparser_set_string(p, &p->o->domain, t->value);
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
		return optparser_fail(p, "invalid credential file name specified");
	if (p->env->load_credentials == NULL)
		return optparser_fail(p, "%s=: credentials files cannot be used here", t->key);
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
		return optparser_fail(p, "credentials file %s: the %s is longer than %d bytes",
				      t->value, too_long, CIFSAF_USERNAME_MAX);
	}
	r = optparser_set_string(p, &o->credentials, t->value);
	if (r == 0 && c->username != NULL) {
		o->got_user = true;
		r = optparser_set_string(p, &o->username, c->username);
	}
	if (r == 0 && c->domain != NULL)
		r = optparser_set_string(p, &o->domain, c->domain);
	if (r == 0 && c->password != NULL)
		r = cifsaf_mount_options_set_password(o, false, c->password);
	if (r == 0 && c->password2 != NULL)
		r = cifsaf_mount_options_set_password(o, true, c->password2);
	talloc_free(c);
	if (r == -E2BIG)
		return optparser_fail(p, "credentials file %s: password longer than %d bytes once "
				      "commas are doubled", t->value, CIFSAF_PASSWORD_MAX);
	return r;
}

static int opt_guest(struct parser *p, const struct token *t)
{
	(void)t;
	p->o->guest = true;
	p->o->got_user = true;
	return optparser_set_string(p, &p->o->username, "");
}

const struct optparser_option identity_options[] = {
	{ "user", opt_user },		{ "username", opt_user },
	{ "users", opt_users },
	{ "pass", opt_pass },		{ "password", opt_pass },
	{ "pass2", opt_pass },		{ "password2", opt_pass },
	{ "dom", opt_domain },		{ "domain", opt_domain },	{ "workgroup", opt_domain },
	{ "cred", opt_credentials },	{ "credentials", opt_credentials },
	{ "uid", opt_uid },		{ "cruid", opt_cruid },		{ "gid", opt_gid },
	{ "backupuid", opt_backupuid },	{ "backupgid", opt_backupgid },
	{ "guest", opt_guest },
};

const size_t n_identity_options = sizeof(identity_options) / sizeof(identity_options[0]);
