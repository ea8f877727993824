/* Fuzz target: the cifs-af.conf parser, on raw bytes (NULs and all), and the
 * rule matching it feeds. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "resolver/afconf.h"

static unsigned count_lines(const uint8_t *data, size_t size)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size > 0 && data[size - 1] != '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const releases[] = { "2.6.18-308.8.1.el5", "6.1.0-27-amd64", "3" };
	void *mem = talloc_new(NULL);
	unsigned lines = count_lines(data, size), last = 0;
	struct cifsaf_policy_choice ch;
	struct cifsaf_config *c = NULL;
	struct cifsaf_kernel k;
	size_t i, j;
	long lo, hi;
	int r;

	r = cifsaf_config_parse(mem, (const char *)data, size, &c);
	if (r < 0) {
		FUZZ_CHECK(r == -ENOMEM);
		goto out;
	}
	for (i = 0; i < c->n_diags; i++) {
		/* every problem names a line of the input, in order, in words */
		FUZZ_CHECK(c->diags[i].line >= 1 && c->diags[i].line <= lines);
		FUZZ_CHECK(c->diags[i].line >= last);
		last = c->diags[i].line;
		FUZZ_CHECK(c->diags[i].text != NULL && c->diags[i].text[0] != '\0');
	}
	for (i = 0; i < CIFSAF_CONF_N_KEYS; i++) {
		cifsaf_config_key_range((enum cifsaf_config_key)i, &lo, &hi);
		FUZZ_CHECK(c->value[i] >= lo && c->value[i] <= hi);
		FUZZ_CHECK(c->set_on[i] <= lines);
	}
	for (i = 0; i < c->n_rules; i++) {
		const char *p = c->rules[i].pattern;

		FUZZ_CHECK(c->rules[i].line >= 1 && c->rules[i].line <= lines);
		FUZZ_CHECK(p != NULL && p[0] != '\0' && strlen(p) <= CIFSAF_CONFIG_LINE_MAX);
		/* a word: no blank, no '#', no control character */
		for (j = 0; p[j] != '\0'; j++)
			FUZZ_CHECK(p[j] != ' ' && p[j] != '\t' && p[j] != '#' &&
				   ((unsigned char)p[j] >= 0x20 && p[j] != 0x7f));
		for (j = 0; j < sizeof(releases) / sizeof(releases[0]); j++)
			(void)cifsaf_config_rule_matches(&c->rules[i], p, releases[j]);
	}
	for (j = 0; j < sizeof(releases) / sizeof(releases[0]); j++) {
		FUZZ_CHECK(cifsaf_kernel_parse(releases[j], &k) == 0);
		cifsaf_config_choose(c, false, CIFSAF_POLICY_SYSTEM, "fs.example.com", &k, &ch);
		FUZZ_CHECK((ch.rule != NULL) == (ch.source == CIFSAF_POLICY_FROM_HOST_RULE ||
						 ch.source == CIFSAF_POLICY_FROM_KERNEL_RULE));
		if (ch.rule != NULL)
			FUZZ_CHECK(ch.policy == ch.rule->policy);
		else
			FUZZ_CHECK(ch.builtin_why != NULL);
	}
out:
	talloc_free(mem);
	return 0;
}
