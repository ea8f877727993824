/* decision.c: the program layer's side of choosing the server address:
 * the policy and its reason, the decision with the real resolver and
 * prober (program/seams.h), and the -v trace, syslog record and error text
 * of a decision. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <talloc.h>

#include "decision.h"
#include "exitstatus.h"
#include "keycache.h"
#include "program/config_load.h"
#include "program/report.h"
#include "program/seams.h"
#include "resolver/adsite_io.h"

/* Policy and timings: af=, then cifs-af.conf, then the built-in rule.  An
 * explicit ip= needs neither, so the file is not read then. */
static int decide_input(void *mem, const struct invocation *inv, struct cifsaf_decide_input *in,
			long *ret_cache_ttl_s)
{
	struct cifsaf_policy_choice choice;
	struct cifsaf_config *cfg;
	const char *path = config_path();

	cfg = inv->opts->ip != NULL ? cifsaf_config_new(mem) : load_config(mem, path, inv->cmd->verbose);
	if (cfg == NULL)
		return -ENOMEM;
	cifsaf_config_choose(cfg, inv->opts->have_policy, inv->opts->policy, inv->unc.host,
			     &inv->kernel, &choice);
	in->policy = choice.policy;
	in->policy_why = config_policy_why(mem, &choice, path);
	if (in->policy_why == NULL)
		return -ENOMEM;
	config_timings(cfg, in);
	*ret_cache_ttl_s = cfg->value[CIFSAF_CONF_CACHE_TTL_S];
	return 0;
}

/* Is there a race the cache could spare?  Not for ip=, a literal address
 * or a policy that does not probe. */
static bool cache_applies(const struct invocation *inv, enum cifsaf_policy policy)
{
	struct cifsaf_candidate literal;

	return inv->opts->ip == NULL && cifsaf_policy_probes(policy) &&
	       cifsaf_candidate_parse_literal(inv->unc.host, &literal) == -EINVAL;
}

int decide_address(void *mem, struct invocation *inv, struct cifsaf_decision **ret)
{
	struct cifsaf_decide_input in;
	struct cifsaf_decide_ops ops = real_decide_ops;
	struct cifsaf_cache_lookup cache, site_cache;
	struct cifsaf_site_io site_io;
	char site[CIFSAF_SITE_NAME_SIZE];
	long cache_ttl_s = 0;
	char *text;
	int priority, r;

	*ret = NULL;
	memset(&in, 0, sizeof(in));
	in.host = inv->unc.host;
	in.ip_override = inv->opts->ip;
	in.kernel = inv->kernel;
	r = decide_input(mem, inv, &in, &cache_ttl_s);
	if (r < 0)
		return r;
	inv->cache_ttl_s = cache_ttl_s;
	if (cache_applies(inv, in.policy)) {
		cache_lookup(inv, cache_ttl_s, &cache);
		in.cache = &cache;
	}
	/* The client's site, when root's keyring knows it: no LDAP ping. */
	memset(&site_cache, 0, sizeof(site_cache));
	if (in.site_step && inv->opts->ip == NULL) {
		site_cache_lookup(inv, cache_ttl_s, &site_cache, site);
		if (site_cache.state == CIFSAF_CACHE_HIT)
			in.site_cached = site;
	}
	in.port = cifsaf_mount_options_server_port(inv->opts);
	/* A user's port= is probed alone, as the kernel then tries only it. */
	in.fallback_port = inv->opts->port ? 0 : CIFSAF_FALLBACK_PORT;

	ops.site = &cifsaf_site_real_ops;
	ops.site_ctx = &site_io;
	cifsaf_site_io_init(&site_io);
	r = cifsaf_decide(mem, &in, &ops, ret);
	cifsaf_site_io_done(&site_io);
	if (*ret == NULL)
		return r;
	if (inv->cmd->verbose) {
		text = cifsaf_report_trace(mem, inv->unc.host, &inv->kernel, *ret);
		if (text != NULL)
			fputs(text, stderr);
	}
	text = cifsaf_report_summary(mem, inv->unc_display, &inv->kernel, *ret, r, &priority);
	if (text != NULL) {
		syslog(priority, "%s", text);
		if (inv->cmd->verbose)
			fprintf(stderr, "%s\n", text);
	}
	return r;
}

int explain_decision_failure(const struct invocation *inv, const struct cifsaf_decision *d, int r)
{
	if (r == -ENOENT && d != NULL && d->gai_error != 0) {
		fprintf(stderr, "mount error: could not resolve address for %s: %s\n",
			inv->unc.host,
			d->gai_error == EAI_SYSTEM && d->gai_errno ? strerror(d->gai_errno)
								  : gai_strerror(d->gai_error));
		return EX_USAGE;
	}
	if (d != NULL && !d->override && d->n_resolved == 0 && r != -ENODEV) {
		/* No lookup could run (fork, pipe or poll failed). */
		fprintf(stderr, "mount error: could not resolve address for %s: %s\n", inv->unc.host,
			strerror(-r));
		return EX_SYSERR;
	}
	if (r == -ENODEV) {
		fprintf(stderr, "mount error: unknown interface in the scope of %s\n", inv->unc.host);
		return EX_USAGE;
	}
	if (r == -EADDRNOTAVAIL) {
		fprintf(stderr, "mount error: no address of %s can be used with policy %s on kernel %s "
			"(see the reasons above with -v)\n", inv->unc.host,
			cifsaf_policy_name(d->policy), inv->kernel.release);
		return EX_FAIL;
	}
	if (d != NULL && d->probed) {
		fprintf(stderr, "mount error: no address of %s answered on port %u: %s\n",
			inv->unc.host, cifsaf_mount_options_server_port(inv->opts),
			strerror(-r));
		return EX_FAIL;
	}
	fprintf(stderr, "mount error: %s\n", strerror(-r));
	return EX_SYSERR;
}

