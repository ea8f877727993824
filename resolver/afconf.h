/* afconf.h: /etc/cifs-af.conf, parsed (pure: text in, rules and settings
 * out; the program layer reads the file and reports the diagnostics).
 *
 * One rule per line; '#' starts a comment that runs to the end of the line;
 * blank lines are ignored; words are separated by blanks (space or tab):
 *
 *   kernel <op><version> <policy>   op: < <= = >= >, e.g. kernel <2.6.31 v4-only
 *   kernel <glob> <policy>          fnmatch on the whole release, e.g.
 *                                   kernel 2.6.18-*.el5 v4-only
 *   host <glob> <policy>            the host as written in the UNC, any case
 *   connect-delay-ms N              (and the other settings below)
 *   cache-ttl-s N                   seconds a decision stays cached; 0: none
 *
 * Versions compare numerically per dotted component (missing ones are 0);
 * a release's distribution suffix is ignored (2.6.18-308.8.1.el5 compares
 * as 2.6.18).  A rule's version is numbers only.  The first matching host
 * rule wins, else the first matching kernel rule.  A malformed line is
 * reported and ignored; the rest of the file still counts. */
#ifndef CIFSAF_AFCONF_H
#define CIFSAF_AFCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"
#include "policy.h"

#define CIFSAF_CONFIG_FILE_MAX 65536	/* bytes; a larger file is refused whole */
#define CIFSAF_CONFIG_LINE_MAX 1024	/* bytes without the newline */
#define CIFSAF_VERSION_PARTS 4		/* 2.6.32.27 */
/* Host names longer than this never match a host rule (the UNC allows 1025). */
#define CIFSAF_CONFIG_HOST_MAX 1025

enum cifsaf_config_rule_kind {
	CIFSAF_RULE_KERNEL,
	CIFSAF_RULE_HOST,
};

enum cifsaf_version_op {
	CIFSAF_OP_GLOB = 0,	/* not a comparison: pattern is an fnmatch glob */
	CIFSAF_OP_LT,
	CIFSAF_OP_LE,
	CIFSAF_OP_EQ,
	CIFSAF_OP_GE,
	CIFSAF_OP_GT,
};

struct cifsaf_config_rule {
	enum cifsaf_config_rule_kind kind;
	enum cifsaf_version_op op;
	unsigned version[CIFSAF_VERSION_PARTS];
	char *pattern;		/* as written: "<2.6.31", "2.6.18-*.el5", "*.example.com" */
	enum cifsaf_policy policy;
	unsigned line;
};

/* The tunables; the key table in config.c gives each its name, default and
 * range.  A new key is one enum entry and one table row. */
enum cifsaf_config_key {
	CIFSAF_CONF_CONNECT_DELAY_MS,
	CIFSAF_CONF_PROBE_TIMEOUT_MS,
	CIFSAF_CONF_RESOLUTION_DELAY_MS,
	CIFSAF_CONF_RESOLVE_TIMEOUT_MS,
	CIFSAF_CONF_CACHE_TTL_S,		/* decision cache lifetime; 0: no cache */
	CIFSAF_CONF_DNS_RESOLVER_POLICY,	/* 1: cifs-af.dnsresolver applies the policy; 0: passes */
	CIFSAF_CONF_DNS_RESOLVER_PROBE_MS,	/* its probing budget; 0: policy order only */
	CIFSAF_CONF_AD_SITE,			/* 1: the AD site step (adsite.h); 0: off */
	CIFSAF_CONF_AD_SITE_BUDGET_MS,		/* its budget: DNS and LDAP pings together */
	CIFSAF_CONF_N_KEYS
};

struct cifsaf_config_diag {
	unsigned line;
	char *text;		/* what is wrong, without the path */
};

struct cifsaf_config {
	struct cifsaf_config_rule *rules;
	size_t n_rules;
	long value[CIFSAF_CONF_N_KEYS];
	unsigned set_on[CIFSAF_CONF_N_KEYS];	/* line that set it; 0: default */
	struct cifsaf_config_diag *diags;	/* in line order */
	size_t n_diags;
};

/* No rules, every default: what a missing file gives.  NULL on ENOMEM. */
struct cifsaf_config *cifsaf_config_new(void *mem);

/* Parse len bytes of text (NUL bytes included in len are errors of their
 * line).  Returns 0 with *ret (a talloc child of mem), or -ENOMEM.  Every
 * problem is a diagnostic, never a failure. */
int cifsaf_config_parse(void *mem, const char *text, size_t len, struct cifsaf_config **ret);

const char *cifsaf_config_key_name(enum cifsaf_config_key key);
/* The unit of a key's value, as words after "a number": "of milliseconds",
 * "of seconds", "(0 or 1)". */
const char *cifsaf_config_key_unit(enum cifsaf_config_key key);
/* The range a key is clamped to. */
void cifsaf_config_key_range(enum cifsaf_config_key key, long *ret_min, long *ret_max);

/* Leading dotted numbers of text ("2.6.18-308.el5" -> {2, 6, 18, 0}, *ret_end
 * at "-308.el5").  Returns the number of parts (1 or more), or -EINVAL when
 * text does not start with a digit, a part is over 65535, or there are more
 * than CIFSAF_VERSION_PARTS parts. */
int cifsaf_version_parse(const char *text, unsigned ret[CIFSAF_VERSION_PARTS], const char **ret_end);
int cifsaf_version_cmp(const unsigned a[CIFSAF_VERSION_PARTS], const unsigned b[CIFSAF_VERSION_PARTS]);

/* Does rule match this host (host rules) or kernel release (kernel rules)? */
bool cifsaf_config_rule_matches(const struct cifsaf_config_rule *r, const char *host,
				const char *release);

enum cifsaf_policy_source {
	CIFSAF_POLICY_FROM_AF_OPTION,
	CIFSAF_POLICY_FROM_HOST_RULE,
	CIFSAF_POLICY_FROM_KERNEL_RULE,
	CIFSAF_POLICY_FROM_BUILTIN,
};

struct cifsaf_policy_choice {
	enum cifsaf_policy policy;
	enum cifsaf_policy_source source;
	const struct cifsaf_config_rule *rule;	/* the host or kernel rule, else NULL */
	const char *builtin_why;		/* FROM_BUILTIN: cifsaf_policy_builtin's reason */
};

/* Precedence: af= (have_af), then the first matching host rule, then the
 * first matching kernel rule, then the built-in rule for the kernel. */
void cifsaf_config_choose(const struct cifsaf_config *c, bool have_af, enum cifsaf_policy af,
			  const char *host, const struct cifsaf_kernel *k,
			  struct cifsaf_policy_choice *ret);

#endif
