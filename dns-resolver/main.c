/* main.c: cifs-af.dnsresolver, the request-key handler for dns_resolver
 * keys.  The kernel resolves host names itself for DFS referral targets
 * and, on recent kernels, when it reconnects; request-key runs this (as
 * root, with the kernel waiting) through /etc/request-key.d/:
 *
 *   cifs-af.dnsresolver [-v]... KEY           as request-key runs it (%k)
 *   cifs-af.dnsresolver -D [-v]... NAME INFO  debug: print the answer only
 *   cifs-af.dnsresolver -V                    what it is (version, build)
 *
 * Flow: capabilities dropped; the key's description read and checked
 * (resolver/dnsupcall.h); a typed query, dns-resolver-policy 0, or a build
 * without keyutils goes to key.dns_resolver unchanged (exec, same
 * arguments); otherwise the name is resolved, filtered for the kernel,
 * ordered by the cifs-af.conf policy and, within dns-resolver-probe-ms,
 * probed (the decision cache first), and the key is instantiated with the
 * answer in key.dns_resolver's format, or rejected.  One syslog record
 * (ident cifs-af.dnsresolver) says what was decided. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LIBCAP_NG
#include <cap-ng.h>
#endif

#include "compat/compat.h"
#include "program/config_load.h"
#include "program/log.h"
#include "program/report.h"
#include "program/seams.h"
#include "program/version.h"
#include "resolver/adsite_io.h"
#include "resolver/decide.h"
#include "resolver/sitecache.h"
#include "resolver/dnsupcall.h"
#include "resolver/keyring.h"

static const char *const key_dns_resolver[] = { "/sbin/key.dns_resolver", "/usr/sbin/key.dns_resolver" };

struct run {
	bool debug;
	bool version;
	int verbose;
	int32_t key;
	char **argv;		/* as given, for the hand-over to key.dns_resolver */
	const char *desc, *callout;
	size_t desc_len, callout_len;
};

static void usage(void)
{
	fprintf(stderr, "usage: %s [-v]... KEY\n       %s -D [-v]... NAME CALLOUT-INFO\n       %s -V\n"
		"The request-key handler for dns_resolver keys (see mount.cifs(8)).\n", progname,
		progname, progname);
}

/* request-key may start handlers with 0, 1 or 2 closed: a probe socket
 * would then become "stderr". */
static void standard_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

/* Nothing here needs a capability: the key's authorisation comes with the
 * request, and probes and lookups need none.  Dropped before any input is
 * read, and for whatever runs after us.  Returns false where the bounding
 * set stays full: libcap-ng leaves it alone on kernels without the
 * bounding set calls (before 2.6.25). */
static bool drop_capabilities(void)
{
#ifdef HAVE_LIBCAP_NG
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_apply(CAPNG_SELECT_BOTH) < 0)
		capng_apply(CAPNG_SELECT_CAPS);
	return cifsaf_capbset_read(CAP_CHOWN) >= 0;
#else
	return true;
#endif
}

/* A key serial: decimal, 1 to 2^31 - 1. */
static int parse_key(const char *s, int32_t *ret)
{
	long long v = 0;
	const char *p;

	if (*s == '\0' || *s == '0' || strlen(s) > 10)
		return -EINVAL;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (*p - '0');
	}
	if (v > INT32_MAX)
		return -EINVAL;
	*ret = (int32_t)v;
	return 0;
}

static int parse_args(int argc, char **argv, struct run *run)
{
	int i = 1;

	memset(run, 0, sizeof(*run));
	run->argv = argv;
	if (argc == 2 && strcmp(argv[1], "-V") == 0) {
		run->version = true;
		return 0;
	}
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "-D") == 0 && !run->debug)
			run->debug = true;
		else if (strcmp(argv[i], "-v") == 0)
			run->verbose++;
		else
			return -EINVAL;
	}
	if (run->debug) {
		if (argc - i != 2)
			return -EINVAL;
		run->desc = argv[i];
		run->desc_len = strlen(argv[i]);
		run->callout = argv[i + 1];
		run->callout_len = strlen(argv[i + 1]);
		return 0;
	}
	return argc - i == 1 ? parse_key(argv[i], &run->key) : -EINVAL;
}

static int refuse(const struct run *run, int error, unsigned timeout_s);

/* Hand the request to key.dns_resolver with our own arguments; only
 * returns when it could not be run, having refused the request. */
static void pass_on(const struct run *run, const char *why)
{
	size_t i;

	syslog(LOG_INFO, "%.*s: %s: passed to key.dns_resolver", (int)run->desc_len, run->desc, why);
	fflush(NULL);
	for (i = 0; i < sizeof(key_dns_resolver) / sizeof(key_dns_resolver[0]); i++)
		execv(key_dns_resolver[i], run->argv);
	syslog(LOG_ERR, "%.*s: cannot run key.dns_resolver (%s or %s): %s", (int)run->desc_len,
	       run->desc, key_dns_resolver[0], key_dns_resolver[1], strerror(errno));
	if (run->debug)
		warnx_("cannot run key.dns_resolver: %s", strerror(errno));
	refuse(run, ENOKEY, 10);
}

/* Refuse the request; the kernel's caller gets error. */
static int refuse(const struct run *run, int error, unsigned timeout_s)
{
	int r;

	if (run->debug) {
		warnx_("rejected: %s (for %u s)", strerror(error), timeout_s);
		return 1;
	}
	r = cifsaf_keyring_reject(run->key, timeout_s, error);
	if (r < 0)
		syslog(LOG_ERR, "key %ld: cannot reject: %s", (long)run->key, strerror(-r));
	else if (r == 1)
		syslog(LOG_NOTICE, "key %ld: made negative, not rejected with \"%s\": no KEYCTL_REJECT "
		       "here (kernel 2.6.39, keyutils 1.5), so the request fails with ENOKEY",
		       (long)run->key, strerror(error));
	return 1;
}

/* The key's description and the callout information, from the kernel. */
static int read_request(void *mem, struct run *run)
{
	char *text = talloc_size(mem, CIFSAF_KEY_DESCRIBE_MAX);
	char *info = talloc_size(mem, CIFSAF_UPCALL_CALLOUT_MAX);
	struct cifsaf_keydesc k;
	int n;

	if (text == NULL || info == NULL)
		return -ENOMEM;
	n = cifsaf_keyring_describe(run->key, text, CIFSAF_KEY_DESCRIBE_MAX);
	if (n < 0)
		return n;
	if (n > CIFSAF_KEY_DESCRIBE_MAX || cifsaf_keydesc_parse(text, (size_t)n, &k) < 0 ||
	    strcmp(k.type, CIFSAF_UPCALL_KEY_TYPE) != 0)
		return -EBADMSG;
	run->desc = k.description;
	run->desc_len = k.description_len;
	n = cifsaf_keyring_callout(info, CIFSAF_UPCALL_CALLOUT_MAX);
	if (n < 0)
		return n;
	if (n > CIFSAF_UPCALL_CALLOUT_MAX)
		return -E2BIG;
	run->callout = info;
	run->callout_len = (size_t)n;
	return 0;
}

/* The cache's keyring (program/seams.h); a CIFS_AF_KEYRING naming neither
 * keyring means root's user keyring here, as nobody reads our stderr. */
static void upcall_keyring(struct cifsaf_keyring *k)
{
	if (cache_keyring(k) < 0)
		cifsaf_keyring_init(k, CIFSAF_KEYRING_BASE_USER);
}

/* The policy for this host on this kernel, and the decision. */
static int decide(void *mem, const struct cifsaf_config *cfg, const char *host,
		  struct cifsaf_kernel *ret_kernel, struct cifsaf_cache_lookup *cache,
		  struct cifsaf_site_io *site_io, char site[CIFSAF_SITE_NAME_SIZE],
		  struct cifsaf_decision **ret)
{
	struct cifsaf_cache_lookup site_cache;
	struct cifsaf_decide_ops ops = real_decide_ops;
	const char *release;
	struct cifsaf_policy_choice choice;
	struct cifsaf_decide_input in;
	struct cifsaf_keyring keyring;
	int r;

	memset(&in, 0, sizeof(in));
	r = kernel_facts(&in.kernel, &release);
	if (r < 0)
		return r;
	*ret_kernel = in.kernel;
	cifsaf_config_choose(cfg, false, CIFSAF_POLICY_SYSTEM, host, &in.kernel, &choice);
	in.host = host;
	in.policy = choice.policy;
	in.policy_why = config_policy_why(mem, &choice, config_path());
	in.port = CIFSAF_DEFAULT_PORT;
	in.fallback_port = CIFSAF_FALLBACK_PORT;
	config_timings(cfg, &in);
	in.probe_budget_ms = (int)cfg->value[CIFSAF_CONF_DNS_RESOLVER_PROBE_MS];
	in.no_probe = in.probe_budget_ms == 0;
	/* The kernel waits on this answer: the site step may take no longer
	 * than the probing may. */
	if (in.probe_budget_ms > 0 && in.site_budget_ms > in.probe_budget_ms)
		in.site_budget_ms = in.probe_budget_ms;
	if (in.policy_why == NULL)
		return -ENOMEM;
	memset(cache, 0, sizeof(*cache));
	if (!in.no_probe && cifsaf_policy_probes(in.policy)) {
		upcall_keyring(&keyring);
		cifsaf_cache_lookup(&cifsaf_keyring_real_ops, &keyring, host, CIFSAF_DEFAULT_PORT,
				    cfg->value[CIFSAF_CONF_CACHE_TTL_S], (int64_t)time(NULL), cache);
		in.cache = cache;
	}
	/* The AD site step, the client's site from the keyring when it is
	 * there, so the kernel's DFS referrals to a domain go to a DC of
	 * this client's site as the mount's own decision does. */
	site[0] = '\0';
	if (in.site_step) {
		upcall_keyring(&keyring);
		cifsaf_site_cache_lookup(&cifsaf_keyring_real_ops, &keyring, host,
					 cfg->value[CIFSAF_CONF_CACHE_TTL_S], (int64_t)time(NULL), &site_cache,
					 site);
		if (site_cache.state == CIFSAF_CACHE_HIT)
			in.site_cached = site;
	}
	ops.site = &cifsaf_site_real_ops;
	ops.site_ctx = site_io;
	cifsaf_site_io_init(site_io);
	r = cifsaf_decide(mem, &in, &ops, ret);
	cifsaf_site_io_done(site_io);
	return r;
}

/* Learn from the decision as mount.cifs's parent does, with the probe's
 * answer as the evidence: the upcall is root and the kernel connects next. */
static void update_cache(const struct cifsaf_decision *d, int r, const char *host, long ttl_s)
{
	struct cifsaf_cache_entry e;
	struct cifsaf_keyring keyring;
	int32_t key;
	int r2;

	if (d->cache.state != CIFSAF_CACHE_MISS && d->cache.state != CIFSAF_CACHE_IGNORED &&
	    d->cache.state != CIFSAF_CACHE_HIT)
		return;
	upcall_keyring(&keyring);
	if (cifsaf_cache_forget_after_decision(d->cache_use))
		cifsaf_keyring_real_ops.unlink(&keyring, d->cache.key, d->cache.keyring);
	if (!cifsaf_cache_worth_storing(d->probed && r == 0, d->cache_use))
		return;
	memset(&e, 0, sizeof(e));
	e.addr = d->mount_order[0];
	e.port = d->port;
	e.stored = (int64_t)time(NULL);
	r2 = cifsaf_cache_store(&cifsaf_keyring_real_ops, &keyring, host, CIFSAF_DEFAULT_PORT, &e, ttl_s,
				&key);
	if (r2 < 0)
		syslog(LOG_WARNING, "dns_resolver %s: cannot cache the decision: %s", host, strerror(-r2));
}

/* A site an LDAP ping taught is kept for the next lookup of the domain
 * (and the next mount), as the decision cache keeps a race's winner. */
static void update_site_cache(const struct cifsaf_decision *d, const char *host, long ttl_s)
{
	struct cifsaf_keyring keyring;
	int32_t key;
	int r;

	if (!d->site.learned || ttl_s <= 0)
		return;
	upcall_keyring(&keyring);
	r = cifsaf_site_cache_store(&cifsaf_keyring_real_ops, &keyring, host, d->site.site,
				    (int64_t)time(NULL), ttl_s, &key);
	if (r < 0)
		syslog(LOG_WARNING, "dns_resolver %s: cannot keep AD site %s: %s", host, d->site.site,
		       strerror(-r));
}

static int answer(void *mem, const struct run *run, const struct cifsaf_config *cfg, const char *host,
		  const struct cifsaf_upcall_options *opts)
{
	struct cifsaf_cache_lookup cache;
	struct cifsaf_kernel kernel;
	struct cifsaf_site_io site_io;
	char site[CIFSAF_SITE_NAME_SIZE];
	struct cifsaf_decision *d = NULL;
	struct cifsaf_candidate *c = NULL;
	size_t n = 0;
	char *payload, *record, *text, *unc;
	int r, len, priority = LOG_NOTICE, error;
	unsigned timeout_s;

	r = decide(mem, cfg, host, &kernel, &cache, &site_io, site, &d);
	if (d == NULL) {
		syslog(LOG_ERR, "dns_resolver %s: %s", host, strerror(-r));
		return refuse(run, EKEYREJECTED, 10);
	}
	/* No probe answered: the policy's order still beats none, and the
	 * kernel's own connect may get through where a probe did not. */
	if (r == 0) {
		c = d->mount_order;
		n = d->n_mount_order;
	} else if (d->n_ordered > 0 && d->probed) {
		c = d->ordered;
		n = d->n_ordered;
	}
	n = cifsaf_upcall_filter(opts, c, n);
	unc = talloc_asprintf(mem, "dns_resolver %s", host);
	record = unc ? cifsaf_report_summary(mem, unc, &kernel, d, r, &priority) : NULL;
	if (run->verbose && (text = cifsaf_report_trace(mem, host, &kernel, d)) != NULL)
		fputs(text, stderr);
	payload = talloc_size(mem, CIFSAF_UPCALL_PAYLOAD_MAX);
	len = payload ? cifsaf_upcall_payload(c, n, opts->list, payload, CIFSAF_UPCALL_PAYLOAD_MAX) : -ENOMEM;
	if (len < 0) {
		cifsaf_upcall_rejection(d->gai_error, &error, &timeout_s);
		syslog(priority < LOG_WARNING ? priority : LOG_WARNING, "%s; answered nothing (%s)",
		       record ? record : host, strerror(error));
		return refuse(run, error, timeout_s);
	}
	/* A probe that found nobody is not the end here: say so, not more. */
	if (r < 0)
		priority = LOG_WARNING;
	syslog(priority, "%s; answered %s", record ? record : host, payload);
	if (run->debug) {
		printf("%s\n", payload);
	} else {
		r = cifsaf_keyring_instantiate(run->key, payload, (size_t)len, CIFSAF_UPCALL_KEY_TTL_S);
		if (r < 0) {
			syslog(LOG_ERR, "dns_resolver %s: cannot instantiate key %ld: %s", host,
			       (long)run->key, strerror(-r));
			return 1;
		}
	}
	update_cache(d, r, host, cfg->value[CIFSAF_CONF_CACHE_TTL_S]);
	update_site_cache(d, host, cfg->value[CIFSAF_CONF_CACHE_TTL_S]);
	return 0;
}

int main(int argc, char **argv)
{
	struct cifsaf_upcall_request req;
	struct cifsaf_upcall_options opts;
	struct cifsaf_config *cfg;
	struct run run;
	const char *bad;
	void *mem;
	int r, status;
	bool bounds_dropped;

	standard_fds();
	bounds_dropped = drop_capabilities();
	r = parse_args(argc, argv, &run);
	if (r == 0 && run.version) {
		program_version_print("cifs-af.dnsresolver");
		return 0;
	}
	/* -D is run by hand: every record goes to stderr too. */
	program_log_open("cifs-af.dnsresolver", NULL, run.debug ? LOG_PERROR : 0);
	if (!bounds_dropped)
		syslog(LOG_NOTICE, "capability bounding set not pruned: the kernel cannot drop from it "
		       "(needs 2.6.25)");
	if (r < 0) {
		usage();
		syslog(LOG_ERR, "bad command line; expected a key id (request-key's %%k)");
		return 2;
	}
	if (!cifsaf_keyring_supported()) {
		if (run.debug)
			warnx_("built without keyutils: the policy is not applied");
		run.desc = run.debug ? run.desc : "?";
		run.desc_len = strlen(run.desc);
		pass_on(&run, "built without keyutils (configure --without-keyutils): the policy is not applied");
		return 1;
	}
	mem = talloc_new(NULL);
	if (mem == NULL)
		return 1;
	status = 1;
	r = run.debug ? 0 : read_request(mem, &run);
	if (r < 0) {
		syslog(LOG_ERR, "key %ld: %s", (long)run.key,
		       r == -EBADMSG ? "not a dns_resolver key under construction" : strerror(-r));
		status = refuse(&run, EINVAL, 10);
		goto out;
	}
	r = cifsaf_upcall_parse_description(run.desc, run.desc_len, &req);
	if (r < 0) {
		syslog(LOG_ERR, "key %ld: description is not a host name (%zu bytes)", (long)run.key,
		       run.desc_len);
		status = refuse(&run, EINVAL, 10);
		goto out;
	}
	if (req.kind == CIFSAF_UPCALL_PASS) {
		pass_on(&run, "a typed query");
		goto out;
	}
	cfg = load_config(mem, config_path(), run.debug && run.verbose);
	if (cfg == NULL)
		goto out;
	if (cfg->value[CIFSAF_CONF_DNS_RESOLVER_POLICY] == 0) {
		pass_on(&run, "dns-resolver-policy 0 in cifs-af.conf");
		goto out;
	}
	r = cifsaf_upcall_parse_options(run.callout, run.callout_len, &opts, &bad);
	if (r < 0) {
		syslog(LOG_ERR, "dns_resolver %s: %s", req.host,
		       r == -E2BIG ? "callout information too long" :
		       bad ? "an option holds ','" : "callout information is not printable text");
		status = refuse(&run, EINVAL, 10);
		goto out;
	}
	status = answer(mem, &run, cfg, req.host, &opts);
out:
	talloc_free(mem);
	closelog();
	return status;
}
