/* afconf.c: the cifs-af.conf grammar (see afconf.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <string.h>
#include <talloc.h>

#include "adsite.h"
#include "afconf.h"
#include "dcache.h"
#include "decide.h"
#include "dnsupcall.h"

#define MS "of milliseconds"

static const struct {
	const char *name;
	long def, min, max;
	const char *unit;
} keys[CIFSAF_CONF_N_KEYS] = {
	/* RFC 8305: at least 100 ms between attempts, at most 2 s. */
	[CIFSAF_CONF_CONNECT_DELAY_MS] = { "connect-delay-ms", CIFSAF_CONNECT_DELAY_MS, 100, 2000, MS },
	/* Per attempt under the sequential policies; the kernel (3.0+) gives
	 * up on a port after 5 s, so 10 s is plenty. */
	[CIFSAF_CONF_PROBE_TIMEOUT_MS] = { "probe-timeout-ms", CIFSAF_PROBE_TIMEOUT_MS, 100, 10000, MS },
	/* Waiting for the other family after a first answer; beyond 1 s it
	 * costs more than it can save. */
	[CIFSAF_CONF_RESOLUTION_DELAY_MS] = { "resolution-delay-ms", CIFSAF_RESOLUTION_DELAY_MS, 10, 1000, MS },
	/* The DNS hard cap per lookup. */
	[CIFSAF_CONF_RESOLVE_TIMEOUT_MS] = { "resolve-timeout-ms", CIFSAF_RESOLVE_TIMEOUT_MS, 1000, 30000, MS },
	/* RFC 6555 suggests about ten minutes; a day at most, so that a path
	 * that heals is raced again the same day. */
	[CIFSAF_CONF_CACHE_TTL_S] = { "cache-ttl-s", CIFSAF_CACHE_TTL_DEFAULT_S, 0, CIFSAF_CACHE_TTL_MAX_S,
				      "of seconds" },
	[CIFSAF_CONF_DNS_RESOLVER_POLICY] = { "dns-resolver-policy", 1, 0, 1, "(0 or 1)" },
	/* The kernel waits for the upcall: the probes must end well inside
	 * the 5 s a kernel connect of its own would take. */
	[CIFSAF_CONF_DNS_RESOLVER_PROBE_MS] = { "dns-resolver-probe-ms", CIFSAF_DNS_RESOLVER_PROBE_MS, 0,
						5000, MS },
	[CIFSAF_CONF_AD_SITE] = { "ad-site", 1, 0, 1, "(0 or 1)" },
	/* Two SRV queries and one round of pings: 50 ms is a LAN at best;
	 * past 5 s it costs more than a DC across a WAN link does. */
	[CIFSAF_CONF_AD_SITE_BUDGET_MS] = { "ad-site-budget-ms", CIFSAF_SITE_BUDGET_MS,
					    CIFSAF_SITE_BUDGET_MIN_MS, CIFSAF_SITE_BUDGET_MAX_MS, MS },
};

#define MAX_WORDS 4

const char *cifsaf_config_key_name(enum cifsaf_config_key key)
{
	return keys[key].name;
}

const char *cifsaf_config_key_unit(enum cifsaf_config_key key)
{
	return keys[key].unit;
}

void cifsaf_config_key_range(enum cifsaf_config_key key, long *ret_min, long *ret_max)
{
	*ret_min = keys[key].min;
	*ret_max = keys[key].max;
}

struct cifsaf_config *cifsaf_config_new(void *mem)
{
	struct cifsaf_config *c = talloc_zero(mem, struct cifsaf_config);
	int i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < CIFSAF_CONF_N_KEYS; i++)
		c->value[i] = keys[i].def;
	return c;
}

int cifsaf_version_parse(const char *text, unsigned ret[CIFSAF_VERSION_PARTS], const char **ret_end)
{
	const char *p = text;
	unsigned long v;
	int n = 0;

	memset(ret, 0, CIFSAF_VERSION_PARTS * sizeof(ret[0]));
	while (*p >= '0' && *p <= '9') {
		if (n == CIFSAF_VERSION_PARTS)
			return -EINVAL;
		for (v = 0; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 65535)
				return -EINVAL;
		}
		ret[n++] = (unsigned)v;
		if (*p != '.' || p[1] < '0' || p[1] > '9')
			break;
		p++;
	}
	if (n == 0)
		return -EINVAL;
	*ret_end = p;
	return n;
}

int cifsaf_version_cmp(const unsigned a[CIFSAF_VERSION_PARTS], const unsigned b[CIFSAF_VERSION_PARTS])
{
	int i;

	for (i = 0; i < CIFSAF_VERSION_PARTS; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* ASCII case folding into buf, the same in every locale (host names are
 * ASCII or punycode).  False when text does not fit. */
static bool fold(const char *text, char *buf, size_t size)
{
	size_t i, len = strlen(text);

	if (len >= size)
		return false;
	for (i = 0; i <= len; i++)
		buf[i] = (char)tolower((unsigned char)text[i]);
	return true;
}

static bool host_matches(const char *pattern, const char *host)
{
	char p[CIFSAF_CONFIG_LINE_MAX + 1], h[CIFSAF_CONFIG_HOST_MAX + 1];

	return fold(pattern, p, sizeof(p)) && fold(host, h, sizeof(h)) && fnmatch(p, h, 0) == 0;
}

bool cifsaf_config_rule_matches(const struct cifsaf_config_rule *r, const char *host,
				const char *release)
{
	unsigned have[CIFSAF_VERSION_PARTS];
	const char *end;
	int cmp;

	if (r->kind == CIFSAF_RULE_HOST)
		return host_matches(r->pattern, host);
	if (r->op == CIFSAF_OP_GLOB)
		return fnmatch(r->pattern, release, 0) == 0;
	if (cifsaf_version_parse(release, have, &end) < 0)
		return false;
	cmp = cifsaf_version_cmp(have, r->version);
	switch (r->op) {
	case CIFSAF_OP_LT:
		return cmp < 0;
	case CIFSAF_OP_LE:
		return cmp <= 0;
	case CIFSAF_OP_EQ:
		return cmp == 0;
	case CIFSAF_OP_GE:
		return cmp >= 0;
	case CIFSAF_OP_GT:
		return cmp > 0;
	case CIFSAF_OP_GLOB:
		break;
	}
	return false;
}

void cifsaf_config_choose(const struct cifsaf_config *c, bool have_af, enum cifsaf_policy af,
			  const char *host, const struct cifsaf_kernel *k,
			  struct cifsaf_policy_choice *ret)
{
	static const enum cifsaf_config_rule_kind order[] = { CIFSAF_RULE_HOST, CIFSAF_RULE_KERNEL };
	size_t i, o;

	memset(ret, 0, sizeof(*ret));
	if (have_af) {
		ret->policy = af;
		ret->source = CIFSAF_POLICY_FROM_AF_OPTION;
		return;
	}
	for (o = 0; c != NULL && o < 2; o++) {
		for (i = 0; i < c->n_rules; i++) {
			const struct cifsaf_config_rule *r = &c->rules[i];

			if (r->kind != order[o] || !cifsaf_config_rule_matches(r, host, k->release))
				continue;
			ret->policy = r->policy;
			ret->source = order[o] == CIFSAF_RULE_HOST ? CIFSAF_POLICY_FROM_HOST_RULE
								   : CIFSAF_POLICY_FROM_KERNEL_RULE;
			ret->rule = r;
			return;
		}
	}
	ret->policy = cifsaf_policy_builtin(k, &ret->builtin_why);
	ret->source = CIFSAF_POLICY_FROM_BUILTIN;
}

/* ------------------------------------------------------------------ parser */

struct parser {
	struct cifsaf_config *c;
	unsigned line;
	int err;		/* -ENOMEM once an allocation failed */
};

static void vdiag(struct parser *p, bool ignored, const char *fmt, va_list ap)
{
	struct cifsaf_config_diag *grown;
	char *text;

	text = talloc_vasprintf(p->c, fmt, ap);
	if (text != NULL && ignored)
		text = talloc_strdup_append(text, "; line ignored");
	grown = text ? talloc_realloc(p->c, p->c->diags, struct cifsaf_config_diag, p->c->n_diags + 1)
		     : NULL;
	if (grown == NULL) {
		talloc_free(text);
		p->err = -ENOMEM;
		return;
	}
	grown[p->c->n_diags].line = p->line;
	grown[p->c->n_diags].text = text;
	p->c->diags = grown;
	p->c->n_diags++;
}

/* A malformed line: reported, and the line is not used. */
static void diag(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diag(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(p, true, fmt, ap);
	va_end(ap);
}

/* A line used with a correction (a value clamped to its range). */
static void note(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(p, false, fmt, ap);
	va_end(ap);
}

static int policy_word(struct parser *p, const char *word, enum cifsaf_policy *ret)
{
	if (cifsaf_policy_from_name(word, ret) == 0)
		return 0;
	diag(p, "unknown policy '%s' (expected system, v4-only, v6-only, v4-preferred, "
	     "v6-preferred or happy-eyeballs)", word);
	return -EINVAL;
}

static bool is_op_char(char ch)
{
	return ch == '<' || ch == '>' || ch == '=';
}

/* "<2.6.31" -> op and version; anything else not starting with an operator
 * is a glob. */
static int kernel_pattern(struct parser *p, const char *word, struct cifsaf_config_rule *r)
{
	static const struct {
		const char *text;
		enum cifsaf_version_op op;
	} ops[] = {
		{ "<=", CIFSAF_OP_LE }, { ">=", CIFSAF_OP_GE }, { "<", CIFSAF_OP_LT },
		{ ">", CIFSAF_OP_GT }, { "=", CIFSAF_OP_EQ },
	};
	const char *end;
	size_t i, len;

	r->op = CIFSAF_OP_GLOB;
	if (!is_op_char(word[0]))
		return 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		len = strlen(ops[i].text);
		if (strncmp(word, ops[i].text, len) == 0 && !is_op_char(word[len])) {
			r->op = ops[i].op;
			break;
		}
	}
	if (r->op == CIFSAF_OP_GLOB) {
		diag(p, "kernel: '%s' is not an operator (expected <, <=, =, >= or >)", word);
		return -EINVAL;
	}
	if (cifsaf_version_parse(word + len, r->version, &end) < 0 || *end != '\0') {
		diag(p, "kernel: '%s' is not an operator and a version (numbers separated by dots, at "
		     "most %d, each at most 65535, e.g. <2.6.31; use a glob such as 2.6.18-*.el5 to "
		     "match a distribution suffix)", word, CIFSAF_VERSION_PARTS);
		return -EINVAL;
	}
	return 0;
}

/* "<", "<=", "=", ">=" or ">" alone. */
static bool is_bare_op(const char *word)
{
	size_t len = strlen(word);

	return (len == 1 && is_op_char(word[0])) ||
	       (len == 2 && (word[0] == '<' || word[0] == '>') && word[1] == '=');
}

static void add_rule(struct parser *p, enum cifsaf_config_rule_kind kind, char **w, int n)
{
	struct cifsaf_config_rule r, *grown;

	if (n != 3) {
		if (kind == CIFSAF_RULE_KERNEL && n == 4 && is_bare_op(w[1]))
			diag(p, "kernel: write the operator and the version together, as %s%s", w[1], w[2]);
		else if (kind == CIFSAF_RULE_KERNEL)
			diag(p, "kernel takes a version condition or a glob, then a policy (e.g. "
			     "'kernel <2.6.31 v4-only'); found %d word%s after 'kernel'", n - 1,
			     n == 2 ? "" : "s");
		else
			diag(p, "host takes a glob, then a policy (e.g. 'host *.example.com v4-only'); "
			     "found %d word%s after 'host'", n - 1, n == 2 ? "" : "s");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.line = p->line;
	if (kind == CIFSAF_RULE_KERNEL && kernel_pattern(p, w[1], &r) < 0)
		return;
	if (policy_word(p, w[2], &r.policy) < 0)
		return;
	grown = talloc_realloc(p->c, p->c->rules, struct cifsaf_config_rule, p->c->n_rules + 1);
	r.pattern = grown ? talloc_strdup(grown, w[1]) : NULL;
	if (grown != NULL)
		p->c->rules = grown;
	if (r.pattern == NULL) {
		p->err = -ENOMEM;
		return;
	}
	p->c->rules[p->c->n_rules++] = r;
}

static void set_key(struct parser *p, enum cifsaf_config_key key, char **w, int n)
{
	const char *name = keys[key].name, *s;
	long v = 0;

	if (n != 2) {
		diag(p, "%s takes one number %s; found %d word%s after it", name, keys[key].unit,
		     n - 1, n == 2 ? "" : "s");
		return;
	}
	for (s = w[1]; *s >= '0' && *s <= '9'; s++)
		if (v < 1000000000L)
			v = v * 10 + (*s - '0');
	if (*s != '\0' || s == w[1]) {
		diag(p, "%s: '%s' is not a whole number %s", name, w[1], keys[key].unit);
		return;
	}
	if (p->c->set_on[key] != 0) {
		diag(p, "%s is already set on line %u", name, p->c->set_on[key]);
		return;
	}
	if (v < keys[key].min || v > keys[key].max) {
		note(p, "%s %s is outside %ld-%ld: using %ld", name, w[1], keys[key].min, keys[key].max,
		     v < keys[key].min ? keys[key].min : keys[key].max);
		v = v < keys[key].min ? keys[key].min : keys[key].max;
	}
	p->c->value[key] = v;
	p->c->set_on[key] = p->line;
}

/* One line, without its newline; buf is a writable copy. */
static void parse_line(struct parser *p, char *buf, size_t len)
{
	char *w[MAX_WORDS], *s, *hash;
	int n = 0, i;

	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		diag(p, "NUL byte in the line");
		return;
	}
	hash = strchr(buf, '#');
	if (hash != NULL)
		*hash = '\0';
	for (s = buf; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t') {
			diag(p, "control character 0x%02x in the line", (unsigned)(unsigned char)*s);
			return;
		}
		if (*s == 0x7f) {
			diag(p, "control character 0x7f in the line");
			return;
		}
	}
	/* Every word is counted; the first MAX_WORDS are kept, which is more
	 * than any line takes, so a longer line is refused by its count. */
	for (s = buf;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if (n < MAX_WORDS)
			w[n] = s;
		n++;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
	}
	if (n == 0)
		return;
	if (strcmp(w[0], "kernel") == 0) {
		add_rule(p, CIFSAF_RULE_KERNEL, w, n);
		return;
	}
	if (strcmp(w[0], "host") == 0) {
		add_rule(p, CIFSAF_RULE_HOST, w, n);
		return;
	}
	for (i = 0; i < CIFSAF_CONF_N_KEYS; i++) {
		if (strcmp(w[0], keys[i].name) == 0) {
			set_key(p, (enum cifsaf_config_key)i, w, n);
			return;
		}
	}
	diag(p, "unknown keyword '%s' (expected kernel, host, connect-delay-ms, probe-timeout-ms, "
	     "resolution-delay-ms, resolve-timeout-ms, cache-ttl-s, dns-resolver-policy or "
	     "dns-resolver-probe-ms)", w[0]);
}

int cifsaf_config_parse(void *mem, const char *text, size_t len, struct cifsaf_config **ret)
{
	struct parser p;
	char buf[CIFSAF_CONFIG_LINE_MAX + 1];
	size_t pos = 0, n;
	const char *nl;

	p.c = cifsaf_config_new(mem);
	if (p.c == NULL)
		return -ENOMEM;
	p.line = 0;
	p.err = 0;
	while (pos < len && p.err == 0) {
		p.line++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n > CIFSAF_CONFIG_LINE_MAX) {
			diag(&p, "line longer than %d bytes", CIFSAF_CONFIG_LINE_MAX);
		} else {
			memcpy(buf, text + pos, n);
			buf[n] = '\0';
			parse_line(&p, buf, n);
		}
		pos += n + 1;
	}
	if (p.err < 0) {
		talloc_free(p.c);
		return p.err;
	}
	*ret = p.c;
	return 0;
}
