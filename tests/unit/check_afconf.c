/* Unit tests: resolver/afconf.c, the cifs-af.conf grammar, version
 * comparison, globs and the policy precedence. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "resolver/afconf.h"

static struct cifsaf_config *parse(const char *text)
{
	struct cifsaf_config *c = NULL;

	ck_assert_int_eq(cifsaf_config_parse(test_mem, text, strlen(text), &c), 0);
	return c;
}

/* The text of the only diagnostic, which must be on line. */
static const char *only_diag(const char *text, unsigned line)
{
	struct cifsaf_config *c = parse(text);

	ck_assert_msg(c->n_diags == 1, "%zu diagnostics for \"%s\"", c->n_diags, text);
	ck_assert_uint_eq(c->diags[0].line, line);
	return c->diags[0].text;
}

static void assert_contains(const char *s, const char *part)
{
	ck_assert_msg(strstr(s, part) != NULL, "\"%s\" does not contain \"%s\"", s, part);
}

START_TEST(empty_file_and_comments)
{
	struct cifsaf_config *c = parse("# nothing\n\n   \t \n  # indented comment\n");

	ck_assert_uint_eq(c->n_rules, 0);
	ck_assert_uint_eq(c->n_diags, 0);
	ck_assert_int_eq(c->value[CIFSAF_CONF_CONNECT_DELAY_MS], 250);
	ck_assert_int_eq(c->value[CIFSAF_CONF_PROBE_TIMEOUT_MS], 2000);
	ck_assert_int_eq(c->value[CIFSAF_CONF_RESOLUTION_DELAY_MS], 50);
	ck_assert_int_eq(c->value[CIFSAF_CONF_RESOLVE_TIMEOUT_MS], 10000);
	ck_assert_uint_eq(c->set_on[CIFSAF_CONF_CONNECT_DELAY_MS], 0);
	c = parse("");
	ck_assert_uint_eq(c->n_rules + c->n_diags, 0);
}
END_TEST

START_TEST(rules_and_settings)
{
	struct cifsaf_config *c = parse("kernel <2.6.31 v4-only   # old kernels\n"
					"kernel\t2.6.18-*.el5\tv4-only\r\n"
					"kernel >=3.10 happy-eyeballs\n"
					"host *.example.com v6-preferred\n"
					"connect-delay-ms 300\n"
					"probe-timeout-ms 1500\n"
					"resolution-delay-ms 80\n"
					"resolve-timeout-ms 4000");

	ck_assert_uint_eq(c->n_diags, 0);
	ck_assert_uint_eq(c->n_rules, 4);
	ck_assert_int_eq(c->rules[0].kind, CIFSAF_RULE_KERNEL);
	ck_assert_int_eq(c->rules[0].op, CIFSAF_OP_LT);
	ck_assert_uint_eq(c->rules[0].version[0], 2);
	ck_assert_uint_eq(c->rules[0].version[2], 31);
	ck_assert_int_eq(c->rules[0].policy, CIFSAF_POLICY_V4_ONLY);
	ck_assert_str_eq(c->rules[0].pattern, "<2.6.31");
	ck_assert_uint_eq(c->rules[0].line, 1);
	ck_assert_int_eq(c->rules[1].op, CIFSAF_OP_GLOB);
	ck_assert_str_eq(c->rules[1].pattern, "2.6.18-*.el5");
	ck_assert_int_eq(c->rules[2].op, CIFSAF_OP_GE);
	ck_assert_int_eq(c->rules[3].kind, CIFSAF_RULE_HOST);
	ck_assert_int_eq(c->rules[3].policy, CIFSAF_POLICY_V6_PREFERRED);
	ck_assert_uint_eq(c->rules[3].line, 4);
	ck_assert_int_eq(c->value[CIFSAF_CONF_CONNECT_DELAY_MS], 300);
	ck_assert_uint_eq(c->set_on[CIFSAF_CONF_CONNECT_DELAY_MS], 5);
	ck_assert_int_eq(c->value[CIFSAF_CONF_PROBE_TIMEOUT_MS], 1500);
	ck_assert_int_eq(c->value[CIFSAF_CONF_RESOLUTION_DELAY_MS], 80);
	ck_assert_int_eq(c->value[CIFSAF_CONF_RESOLVE_TIMEOUT_MS], 4000);
}
END_TEST

START_TEST(every_operator)
{
	static const struct {
		const char *word;
		enum cifsaf_version_op op;
	} ops[] = {
		{ "<3", CIFSAF_OP_LT }, { "<=3", CIFSAF_OP_LE }, { "=3", CIFSAF_OP_EQ },
		{ ">=3", CIFSAF_OP_GE }, { ">3", CIFSAF_OP_GT },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char *line = talloc_asprintf(test_mem, "kernel %s system", ops[i].word);
		struct cifsaf_config *c = parse(line);

		ck_assert_uint_eq(c->n_rules, 1);
		ck_assert_int_eq(c->rules[0].op, ops[i].op);
		ck_assert_uint_eq(c->rules[0].version[0], 3);
	}
}
END_TEST

START_TEST(malformed_lines_are_reported_and_ignored)
{
	assert_contains(only_diag("# ok\nbogus 1\n", 2), "unknown keyword 'bogus'");
	assert_contains(only_diag("bogus 1\n", 1), "; line ignored");
	assert_contains(only_diag("kernel v4-only\n", 1), "found 1 word after 'kernel'");
	assert_contains(only_diag("kernel\n", 1), "found 0 words after 'kernel'");
	assert_contains(only_diag("kernel <3 v4-only extra words\n", 1), "found 4 words");
	assert_contains(only_diag("kernel >= 3.10 happy-eyeballs\n", 1),
			"write the operator and the version together, as >=3.10");
	assert_contains(only_diag("kernel <=> v4-only\n", 1), "'<=>' is not an operator");
	assert_contains(only_diag("kernel =< v4-only\n", 1), "'=<' is not an operator");
	assert_contains(only_diag("kernel < v4-only\n", 1), "'<' is not an operator and a version");
	assert_contains(only_diag("kernel <2.6.x v4-only\n", 1), "'<2.6.x' is not an operator and a version");
	assert_contains(only_diag("kernel <2.6. v4-only\n", 1), "is not an operator and a version");
	assert_contains(only_diag("kernel =2.6.18-308.el5 v4-only\n", 1), "use a glob such as 2.6.18-*.el5");
	assert_contains(only_diag("kernel <1.2.3.4.5 v4-only\n", 1), "at most 4");
	assert_contains(only_diag("kernel <65536 v4-only\n", 1), "each at most 65535");
	assert_contains(only_diag("kernel <2.6.31 fastest\n", 1), "unknown policy 'fastest'");
	assert_contains(only_diag("kernel <2.6.31 V4-ONLY\n", 1), "unknown policy 'V4-ONLY'");
	assert_contains(only_diag("host fs.example.com\n", 1), "host takes a glob, then a policy");
	assert_contains(only_diag("host a b c\n", 1), "found 3 words after 'host'");
	assert_contains(only_diag("host * sometimes\n", 1), "unknown policy 'sometimes'");
	assert_contains(only_diag("connect-delay-ms\n", 1), "connect-delay-ms takes one number");
	assert_contains(only_diag("probe-timeout-ms 1 2\n", 1), "found 2 words after it");
	assert_contains(only_diag("resolution-delay-ms fast\n", 1), "'fast' is not a whole number");
	assert_contains(only_diag("resolve-timeout-ms -5\n", 1), "'-5' is not a whole number");
	assert_contains(only_diag("connect-delay-ms 12ms\n", 1), "'12ms' is not a whole number");
	assert_contains(only_diag("connect-delay-ms 300\nconnect-delay-ms 400\n", 2),
			"connect-delay-ms is already set on line 1; line ignored");
	assert_contains(only_diag("host * v4-only\001\n", 1), "control character 0x01");
	assert_contains(only_diag("host * v4-only\177\n", 1), "control character 0x7f");
}
END_TEST

START_TEST(ignored_lines_do_not_count)
{
	struct cifsaf_config *c = parse("kernel <2.6.31 fastest\nconnect-delay-ms 1x\nhost *.test v4-only\n");

	ck_assert_uint_eq(c->n_diags, 2);
	ck_assert_uint_eq(c->n_rules, 1);
	ck_assert_int_eq(c->rules[0].kind, CIFSAF_RULE_HOST);
	ck_assert_int_eq(c->value[CIFSAF_CONF_CONNECT_DELAY_MS], 250);
	/* the duplicate is ignored: the first value stays */
	c = parse("connect-delay-ms 300\nconnect-delay-ms 400\n");
	ck_assert_int_eq(c->value[CIFSAF_CONF_CONNECT_DELAY_MS], 300);
}
END_TEST

START_TEST(out_of_range_values_are_clamped)
{
	static const struct {
		enum cifsaf_config_key key;
		const char *line;
		long want;
	} cases[] = {
		{ CIFSAF_CONF_CONNECT_DELAY_MS, "connect-delay-ms 50", 100 },
		{ CIFSAF_CONF_CONNECT_DELAY_MS, "connect-delay-ms 5000", 2000 },
		{ CIFSAF_CONF_PROBE_TIMEOUT_MS, "probe-timeout-ms 0", 100 },
		{ CIFSAF_CONF_PROBE_TIMEOUT_MS, "probe-timeout-ms 999999999999999999999", 10000 },
		{ CIFSAF_CONF_RESOLUTION_DELAY_MS, "resolution-delay-ms 1", 10 },
		{ CIFSAF_CONF_RESOLUTION_DELAY_MS, "resolution-delay-ms 1001", 1000 },
		{ CIFSAF_CONF_RESOLVE_TIMEOUT_MS, "resolve-timeout-ms 999", 1000 },
		{ CIFSAF_CONF_RESOLVE_TIMEOUT_MS, "resolve-timeout-ms 30001", 30000 },
		{ CIFSAF_CONF_CACHE_TTL_S, "cache-ttl-s 86401", 86400 },
		{ CIFSAF_CONF_DNS_RESOLVER_POLICY, "dns-resolver-policy 2", 1 },
		{ CIFSAF_CONF_DNS_RESOLVER_PROBE_MS, "dns-resolver-probe-ms 5001", 5000 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cifsaf_config *c = parse(cases[i].line);

		ck_assert_int_eq(c->value[cases[i].key], cases[i].want);
		ck_assert_uint_eq(c->n_diags, 1);
		assert_contains(c->diags[0].text, "is outside");
		ck_assert_ptr_eq(strstr(c->diags[0].text, "line ignored"), NULL);
	}
}
END_TEST

START_TEST(bounded_lines)
{
	char *text = talloc_array(test_mem, char, CIFSAF_CONFIG_LINE_MAX + 40);
	struct cifsaf_config *c;
	size_t n;

	/* exactly the limit is fine */
	memset(text, ' ', CIFSAF_CONFIG_LINE_MAX + 1);
	memcpy(text, "host * v4-only", 14);
	c = parse(talloc_strndup(test_mem, text, CIFSAF_CONFIG_LINE_MAX));
	ck_assert_uint_eq(c->n_rules, 1);
	/* one byte more is an error of that line; the next line still counts */
	n = CIFSAF_CONFIG_LINE_MAX + 1;
	memcpy(text + n, "\nhost x v6-only\n", 17);
	c = parse(text);
	ck_assert_uint_eq(c->n_rules, 1);
	ck_assert_int_eq(c->rules[0].policy, CIFSAF_POLICY_V6_ONLY);
	ck_assert_uint_eq(c->n_diags, 1);
	assert_contains(c->diags[0].text, "line longer than 1024 bytes");
	/* NUL bytes */
	ck_assert_int_eq(cifsaf_config_parse(test_mem, "host *\0 v4-only\nhost y v4-only", 30, &c), 0);
	ck_assert_uint_eq(c->n_diags, 1);
	ck_assert_uint_eq(c->diags[0].line, 1);
	assert_contains(c->diags[0].text, "NUL byte");
	ck_assert_uint_eq(c->n_rules, 1);
}
END_TEST

START_TEST(versions)
{
	unsigned a[CIFSAF_VERSION_PARTS], b[CIFSAF_VERSION_PARTS];
	const char *end;

	ck_assert_int_eq(cifsaf_version_parse("2.6.18-308.8.1.el5", a, &end), 3);
	ck_assert_str_eq(end, "-308.8.1.el5");
	ck_assert_int_eq(cifsaf_version_parse("2.6.18", b, &end), 3);
	ck_assert_int_eq(cifsaf_version_cmp(a, b), 0);
	ck_assert_int_eq(cifsaf_version_parse("2.6.32.27", a, &end), 4);
	ck_assert_int_eq(cifsaf_version_cmp(a, b), 1);
	ck_assert_int_eq(cifsaf_version_parse("3", a, &end), 1);
	ck_assert_int_eq(cifsaf_version_parse("3.0.0", b, &end), 3);
	ck_assert_int_eq(cifsaf_version_cmp(a, b), 0);		/* missing parts are 0 */
	ck_assert_int_eq(cifsaf_version_parse("2.6.9", a, &end), 3);
	ck_assert_int_eq(cifsaf_version_parse("2.6.10", b, &end), 3);
	ck_assert_int_eq(cifsaf_version_cmp(a, b), -1);		/* numeric, not text */
	ck_assert_int_eq(cifsaf_version_parse("6.1.0-27-amd64", a, &end), 3);
	ck_assert_int_eq(cifsaf_version_parse("5.15.0rc1", a, &end), 3);
	ck_assert_str_eq(end, "rc1");
	ck_assert_int_eq(cifsaf_version_parse("4.18.", a, &end), 2);
	ck_assert_str_eq(end, ".");
	ck_assert_int_eq(cifsaf_version_parse("v5", a, &end), -EINVAL);
	ck_assert_int_eq(cifsaf_version_parse("", a, &end), -EINVAL);
	ck_assert_int_eq(cifsaf_version_parse("99999", a, &end), -EINVAL);
	ck_assert_int_eq(cifsaf_version_parse("1.2.3.4.5", a, &end), -EINVAL);
}
END_TEST

static bool kmatch(const char *rule, const char *release)
{
	char *line = talloc_asprintf(test_mem, "kernel %s system", rule);
	struct cifsaf_config *c = parse(line);

	ck_assert_uint_eq(c->n_rules, 1);
	return cifsaf_config_rule_matches(&c->rules[0], "any", release);
}

static bool hmatch(const char *glob, const char *host)
{
	char *line = talloc_asprintf(test_mem, "host %s system", glob);
	struct cifsaf_config *c = parse(line);

	ck_assert_uint_eq(c->n_rules, 1);
	return cifsaf_config_rule_matches(&c->rules[0], host, "6.1.0");
}

START_TEST(kernel_rules_match)
{
	ck_assert(kmatch("<2.6.31", "2.6.30"));
	ck_assert(kmatch("<2.6.31", "2.6.18-308.8.1.el5"));
	ck_assert(!kmatch("<2.6.31", "2.6.31"));
	ck_assert(kmatch("<=2.6.31", "2.6.31-1-generic"));
	ck_assert(kmatch("=2.6.18", "2.6.18-308.8.1.el5"));	/* suffix ignored */
	ck_assert(!kmatch("=2.6.18", "2.6.18.1"));
	ck_assert(kmatch(">=3.10", "3.10.0-1160.el7.x86_64"));
	ck_assert(kmatch(">=3.10", "6.1.0-27-amd64"));
	ck_assert(!kmatch(">=3.10", "3.9.11"));
	ck_assert(kmatch(">3", "3.0.1"));
	ck_assert(!kmatch(">3", "3.0.0"));
	ck_assert(kmatch("<2.6.32.27", "2.6.32.26"));
	/* globs match the whole release, case and all */
	ck_assert(kmatch("2.6.18-*.el5", "2.6.18-308.8.1.el5"));
	ck_assert(!kmatch("2.6.18-*.el5", "2.6.18-308.8.1.el5xen"));
	ck_assert(kmatch("2.6.18-*.el5*", "2.6.18-308.8.1.el5xen"));
	ck_assert(!kmatch("2.6.18", "2.6.18-308.8.1.el5"));
	ck_assert(kmatch("*el7*", "3.10.0-1160.el7.x86_64"));
	ck_assert(!kmatch("*EL7*", "3.10.0-1160.el7.x86_64"));
}
END_TEST

START_TEST(host_rules_match_any_case)
{
	ck_assert(hmatch("fs.example.com", "fs.example.com"));
	ck_assert(hmatch("fs.example.com", "FS.Example.COM"));
	ck_assert(hmatch("*.EXAMPLE.com", "fs.example.com"));
	ck_assert(!hmatch("*.example.com", "example.com"));
	ck_assert(!hmatch("fs", "fs.example.com"));		/* whole name */
	ck_assert(hmatch("fs?", "FS1"));
	ck_assert(hmatch("192.0.2.*", "192.0.2.10"));		/* as written, literals too */
	ck_assert(hmatch("*", "anything"));
}
END_TEST

START_TEST(precedence)
{
	struct cifsaf_config *c = parse("kernel <2.6.31 v4-only\n"
					"kernel <3 v6-only\n"
					"host *.slow.test v4-preferred\n"
					"host fs.slow.test system\n");
	struct cifsaf_policy_choice ch;
	struct cifsaf_kernel k;

	ck_assert_int_eq(cifsaf_kernel_parse("2.6.30", &k), 0);
	/* af= first */
	cifsaf_config_choose(c, true, CIFSAF_POLICY_V6_ONLY, "fs.slow.test", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_V6_ONLY);
	ck_assert_int_eq(ch.source, CIFSAF_POLICY_FROM_AF_OPTION);
	ck_assert_ptr_eq(ch.rule, NULL);
	/* then the first matching host rule, whatever the kernel rules say */
	cifsaf_config_choose(c, false, CIFSAF_POLICY_V6_ONLY, "FS.slow.test", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_V4_PREFERRED);
	ck_assert_int_eq(ch.source, CIFSAF_POLICY_FROM_HOST_RULE);
	ck_assert_uint_eq(ch.rule->line, 3);
	/* then the first matching kernel rule */
	cifsaf_config_choose(c, false, CIFSAF_POLICY_SYSTEM, "other.test", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_V4_ONLY);
	ck_assert_int_eq(ch.source, CIFSAF_POLICY_FROM_KERNEL_RULE);
	ck_assert_uint_eq(ch.rule->line, 1);
	ck_assert_int_eq(cifsaf_kernel_parse("2.6.35", &k), 0);
	cifsaf_config_choose(c, false, CIFSAF_POLICY_SYSTEM, "other.test", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_V6_ONLY);
	ck_assert_uint_eq(ch.rule->line, 2);
	/* then the built-in rule */
	ck_assert_int_eq(cifsaf_kernel_parse("6.1.0", &k), 0);
	cifsaf_config_choose(c, false, CIFSAF_POLICY_SYSTEM, "other.test", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_HAPPY_EYEBALLS);
	ck_assert_int_eq(ch.source, CIFSAF_POLICY_FROM_BUILTIN);
	ck_assert_str_eq(ch.builtin_why, "built-in rule");
	ck_assert_int_eq(cifsaf_kernel_parse("2.6.18-308.8.1.el5", &k), 0);
	cifsaf_config_choose(cifsaf_config_new(test_mem), false, CIFSAF_POLICY_SYSTEM, "x", &k, &ch);
	ck_assert_int_eq(ch.policy, CIFSAF_POLICY_V4_ONLY);
	assert_contains(ch.builtin_why, "RHEL 5");
	/* no configuration at all */
	cifsaf_config_choose(NULL, false, CIFSAF_POLICY_SYSTEM, "x", &k, &ch);
	ck_assert_int_eq(ch.source, CIFSAF_POLICY_FROM_BUILTIN);
}
END_TEST

START_TEST(key_table)
{
	long lo, hi;

	ck_assert_str_eq(cifsaf_config_key_name(CIFSAF_CONF_CONNECT_DELAY_MS), "connect-delay-ms");
	cifsaf_config_key_range(CIFSAF_CONF_CONNECT_DELAY_MS, &lo, &hi);
	ck_assert_int_eq(lo, 100);
	ck_assert_int_eq(hi, 2000);
	ck_assert_str_eq(cifsaf_config_key_name(CIFSAF_CONF_RESOLVE_TIMEOUT_MS), "resolve-timeout-ms");
}
END_TEST

START_TEST(keyring_keys)
{
	struct cifsaf_config *c = parse("");

	/* the defaults: a ten-minute cache, the upcall on, probing 2 s */
	ck_assert_int_eq(c->value[CIFSAF_CONF_CACHE_TTL_S], 600);
	ck_assert_int_eq(c->value[CIFSAF_CONF_DNS_RESOLVER_POLICY], 1);
	ck_assert_int_eq(c->value[CIFSAF_CONF_DNS_RESOLVER_PROBE_MS], 2000);
	/* 0 is in range for each: it turns the feature off */
	c = parse("cache-ttl-s 0\ndns-resolver-policy 0\ndns-resolver-probe-ms 0\n");
	ck_assert_uint_eq(c->n_diags, 0);
	ck_assert_int_eq(c->value[CIFSAF_CONF_CACHE_TTL_S], 0);
	ck_assert_int_eq(c->value[CIFSAF_CONF_DNS_RESOLVER_POLICY], 0);
	ck_assert_int_eq(c->value[CIFSAF_CONF_DNS_RESOLVER_PROBE_MS], 0);
	ck_assert_uint_eq(c->set_on[CIFSAF_CONF_DNS_RESOLVER_PROBE_MS], 3);
	/* each says its own unit */
	assert_contains(only_diag("cache-ttl-s 10m\n", 1), "cache-ttl-s: '10m' is not a whole number of seconds");
	assert_contains(only_diag("dns-resolver-policy on\n", 1),
			"dns-resolver-policy: 'on' is not a whole number (0 or 1)");
	assert_contains(only_diag("connect-delay-ms\n", 1), "takes one number of milliseconds");
	assert_contains(only_diag("cache-ttl\n", 1), "cache-ttl-s, dns-resolver-policy or dns-resolver-probe-ms");
	ck_assert_str_eq(cifsaf_config_key_unit(CIFSAF_CONF_CACHE_TTL_S), "of seconds");
}
END_TEST

static int parse_in(void *mem, void *arg)
{
	static const char text[] = "# c\nkernel <2.6.32 v4-only\nhost *.corp v6-first\n"
				   "connect-delay-ms 100\nbogus line\nhost [ v4-only\n";
	struct cifsaf_config *c = NULL;
	int r = cifsaf_config_parse(mem, text, sizeof(text) - 1, &c);

	(void)arg;
	if (r == -ENOMEM)
		ck_assert_ptr_eq(c, NULL);
	return r;
}

/* Every allocation that fails gives -ENOMEM and leaves nothing behind. */
START_TEST(out_of_memory)
{
	ck_assert_int_eq(testhelp_until_memory_suffices(parse_in, NULL), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("afconf");
	TCase *tc = testhelp_tcase("afconf");

	tcase_add_test(tc, empty_file_and_comments);
	tcase_add_test(tc, rules_and_settings);
	tcase_add_test(tc, every_operator);
	tcase_add_test(tc, malformed_lines_are_reported_and_ignored);
	tcase_add_test(tc, ignored_lines_do_not_count);
	tcase_add_test(tc, out_of_range_values_are_clamped);
	tcase_add_test(tc, bounded_lines);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, kernel_rules_match);
	tcase_add_test(tc, host_rules_match_any_case);
	tcase_add_test(tc, precedence);
	tcase_add_test(tc, key_table);
	tcase_add_test(tc, keyring_keys);
	tcase_add_test(tc, out_of_memory);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
