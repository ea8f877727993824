/* config_load.c: /etc/cifs-af.conf for this run, and what a decision takes
 * from it (see config_load.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <talloc.h>

#include "compat/compat.h"
#include "conffile.h"
#include "config_load.h"

#ifndef CIFSAF_CONFIG_PATH
#define CIFSAF_CONFIG_PATH "/etc/cifs-af.conf"
#endif

const char *config_path(void)
{
	const char *env = cifsaf_secure_getenv("CIFS_AF_CONFIG");

	return env != NULL && *env != '\0' ? env : CIFSAF_CONFIG_PATH;
}

/* One problem, once, to both places. */
static void report(int priority, const char *text)
{
	fprintf(stderr, "%s\n", text);
	syslog(priority, "%s", text);
}

/* Why the file as a whole is not used; NULL when being absent is fine. */
static char *file_problem(void *mem, const char *path, int r, uid_t owner, mode_t mode)
{
	switch (r) {
	case -ENOENT:
		/* No file is the normal case; a file named in the environment
		 * was asked for, so its absence is worth a word. */
		if (strcmp(path, CIFSAF_CONFIG_PATH) == 0)
			return NULL;
		return talloc_asprintf(mem, "%s: %s (CIFS_AF_CONFIG); built-in defaults apply", path,
				       strerror(-r));
	case -EINVAL:
		return talloc_asprintf(mem, "%s: not a regular file; ignored, built-in defaults apply",
				       path);
	case -EPERM:
		return talloc_asprintf(mem, "%s: %s; ignored when running setuid, built-in defaults "
				       "apply", path, owner != 0 ? "not owned by root"
				       : (mode & S_IWOTH) ? "writable by others" : "writable by its group");
	case -EFBIG:
		return talloc_asprintf(mem, "%s: larger than %d bytes; ignored, built-in defaults apply",
				       path, CIFSAF_CONFIG_FILE_MAX);
	default:
		return talloc_asprintf(mem, "%s: cannot read: %s; built-in defaults apply", path,
				       strerror(-r));
	}
}

struct cifsaf_config *load_config(void *mem, const char *path, bool verbose)
{
	struct cifsaf_config *c = NULL;
	uid_t owner = 0;
	mode_t mode = 0;
	char *text = NULL, *msg;
	size_t len = 0, i;
	int r;

	/* The decision runs in the mount point (cifs-utils' order), so a
	 * relative CIFS_AF_CONFIG would name a file there: refuse it. */
	if (path[0] != '/') {
		msg = talloc_asprintf(mem, "CIFS_AF_CONFIG=%s: not an absolute path; built-in "
				      "defaults apply", path);
		if (msg == NULL)
			return NULL;
		report(LOG_WARNING, msg);
		return cifsaf_config_new(mem);
	}
	r = cifsaf_config_file_read(mem, path, CIFSAF_CONFIG_FILE_MAX, cifsaf_is_secure_exec() != 0,
				    &text, &len, &owner, &mode);
	if (r == -ENOMEM)
		return NULL;
	if (r < 0) {
		msg = file_problem(mem, path, r, owner, mode);
		if (msg != NULL)
			report(LOG_WARNING, msg);
		if (verbose)
			fprintf(stderr, "config %s: %s, built-in defaults\n", path,
				r == -ENOENT ? "not present" : "not used");
		return cifsaf_config_new(mem);
	}
	r = cifsaf_config_parse(mem, text, len, &c);
	talloc_free(text);
	if (r < 0)
		return NULL;
	for (i = 0; i < c->n_diags; i++) {
		msg = talloc_asprintf(mem, "%s:%u: %s", path, c->diags[i].line, c->diags[i].text);
		if (msg == NULL)
			return NULL;
		report(LOG_WARNING, msg);
	}
	if (verbose)
		fprintf(stderr, "config %s: %zu rule%s, %zu problem%s\n", path, c->n_rules,
			c->n_rules == 1 ? "" : "s", c->n_diags, c->n_diags == 1 ? "" : "s");
	return c;
}

const char *config_policy_why(void *mem, const struct cifsaf_policy_choice *ch, const char *path)
{
	switch (ch->source) {
	case CIFSAF_POLICY_FROM_AF_OPTION:
		return "af= mount option";
	case CIFSAF_POLICY_FROM_HOST_RULE:
	case CIFSAF_POLICY_FROM_KERNEL_RULE:
		return talloc_asprintf(mem, "%s:%u: %s %s", path, ch->rule->line,
				       ch->rule->kind == CIFSAF_RULE_HOST ? "host" : "kernel",
				       ch->rule->pattern);
	case CIFSAF_POLICY_FROM_BUILTIN:
		break;
	}
	return ch->builtin_why;
}

void config_timings(const struct cifsaf_config *cfg, struct cifsaf_decide_input *in)
{
	in->connect_delay_ms = (int)cfg->value[CIFSAF_CONF_CONNECT_DELAY_MS];
	in->probe_timeout_ms = (int)cfg->value[CIFSAF_CONF_PROBE_TIMEOUT_MS];
	in->resolution_delay_ms = (int)cfg->value[CIFSAF_CONF_RESOLUTION_DELAY_MS];
	in->resolve_timeout_ms = (int)cfg->value[CIFSAF_CONF_RESOLVE_TIMEOUT_MS];
	in->site_step = cfg->value[CIFSAF_CONF_AD_SITE] != 0;
	in->site_budget_ms = (int)cfg->value[CIFSAF_CONF_AD_SITE_BUDGET_MS];
}
