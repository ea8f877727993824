/* report.c: decision -> text. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <syslog.h>
#include <talloc.h>

#include "report.h"

const char *cifsaf_report_kernel_caps(const struct cifsaf_kernel *k)
{
	if (!k->ipv6)
		return "ip= takes IPv4 only";
	if (!k->scope_ids)
		return "ip= takes IPv4, and IPv6 of at most 34 characters without scope";
	return "ip= takes IPv4 and IPv6 (numeric scope ids)";
}

static const char *addr_text(void *mem, const struct cifsaf_candidate *c)
{
	char buf[CIFSAF_ADDRSTRLEN];

	if (cifsaf_candidate_format(c, buf, sizeof(buf)) < 0)
		return "?";
	return talloc_strdup(mem, buf);
}

static const char *attempt_text(void *mem, const struct cifsaf_attempt *a)
{
	switch (a->state) {
	case CIFSAF_ATTEMPT_FAILED:
		return talloc_asprintf(mem, "failed after %lld ms: %s",
				       (long long)(a->finished_ms - a->started_ms), strerror(-a->error));
	case CIFSAF_ATTEMPT_TIMED_OUT:
		return talloc_asprintf(mem, "no answer in %lld ms",
				       (long long)(a->finished_ms - a->started_ms));
	case CIFSAF_ATTEMPT_ABANDONED:
		return talloc_asprintf(mem, "no answer in %lld ms (another connected first)",
				       (long long)(a->finished_ms - a->started_ms));
	case CIFSAF_ATTEMPT_CONNECTED:
		return talloc_asprintf(mem, "connected in %lld ms",
				       (long long)(a->finished_ms - a->started_ms));
	case CIFSAF_ATTEMPT_NOT_TRIED:
		break;
	}
	return "not tried";
}

/* The AD site step in words: the site and the candidates it moved first,
 * or why there is no site order; NULL when the step did not run. */
static const char *site_text(void *mem, const struct cifsaf_decision *d)
{
	char what[512];
	const char *s;
	size_t i;

	if (d->site.state == CIFSAF_SITE_NOT_RUN || d->host == NULL)
		return NULL;
	cifsaf_site_describe(&d->site, d->host, what, sizeof(what));
	s = talloc_asprintf(mem, "site %s", what);
	if (s == NULL || d->site.state != CIFSAF_SITE_FOUND)
		return s == NULL || d->site.state == CIFSAF_SITE_OFF ? s :
		       talloc_asprintf(mem, "%s; no site order", s);
	if (d->n_site_first == 0)
		return talloc_asprintf(mem, "%s; none of them is an address of %s: no site order", s,
				       d->host);
	s = talloc_asprintf(mem, "%s; %s:", s, d->site_moved ? "moved first" : "first already");
	for (i = 0; s != NULL && i < d->n_site_first; i++)
		s = talloc_asprintf(mem, "%s %s", s, addr_text(mem, &d->ordered[i]));
	return s;
}

static const char *gai_text(int gai_error, int sys_errno)
{
	if (gai_error == EAI_SYSTEM && sys_errno != 0)
		return strerror(sys_errno);
	return gai_strerror(gai_error);
}

static const char *resolver_error_text(const struct cifsaf_decision *d)
{
	return gai_text(d->gai_error, d->gai_errno);
}

/* "AAAA: 2 in 12 ms" and the other outcomes of one lookup. */
static const char *lookup_text(void *mem, const struct cifsaf_lookup_result *l)
{
	const char *name = cifsaf_lookup_family_name(l->family);
	long long ms = (long long)l->ms;

	switch (l->outcome) {
	case CIFSAF_LOOKUP_ANSWERED:
		return talloc_asprintf(mem, "%s: %zu in %lld ms", name, l->n_addrs, ms);
	case CIFSAF_LOOKUP_FAILED:
		return talloc_asprintf(mem, "%s: none in %lld ms (%s)", name, ms,
				       gai_text(l->gai_error, l->sys_errno));
	case CIFSAF_LOOKUP_TIMED_OUT:
		return talloc_asprintf(mem, "%s: no answer in %lld ms (gave up)", name, ms);
	case CIFSAF_LOOKUP_ABANDONED:
		return talloc_asprintf(mem, "%s: no answer in %lld ms (went on without it)", name, ms);
	case CIFSAF_LOOKUP_PENDING:
		break;
	}
	return talloc_asprintf(mem, "%s: no outcome", name);
}

/* Every lookup's outcome joined with sep; "" when no lookup was made. */
static const char *lookups_text(void *mem, const struct cifsaf_decision *d, const char *sep)
{
	char *s = talloc_strdup(mem, "");
	size_t i;

	for (i = 0; s != NULL && i < d->n_lookups; i++)
		s = talloc_asprintf_append(s, "%s%s", i ? sep : "", lookup_text(mem, &d->lookups[i]));
	return s ? s : "";
}

/* What the cache lookup found, in words, or NULL when there was none. */
const char *cifsaf_report_cache_lookup(void *mem, const struct cifsaf_cache_lookup *c)
{
	const char *key = talloc_asprintf(mem, "key %ld (%s)", (long)c->key, c->description);

	switch (c->state) {
	case CIFSAF_CACHE_NONE:
		return NULL;
	case CIFSAF_CACHE_OFF:
		return "off (cache-ttl-s 0)";
	case CIFSAF_CACHE_SKIPPED:
		return talloc_asprintf(mem, "not used: %s", c->why);
	case CIFSAF_CACHE_NOT_CACHEABLE:
		return "not used: the host is not a DNS name";
	case CIFSAF_CACHE_UNAVAILABLE:
		if (c->error == -ENOTSUP)
			return "unavailable: built without keyutils (configure --without-keyutils)";
		return talloc_asprintf(mem, "unavailable: cannot read the keyring: %s", strerror(-c->error));
	case CIFSAF_CACHE_MISS:
		return talloc_asprintf(mem, "nothing cached for %s", c->description);
	case CIFSAF_CACHE_HIT:
		return talloc_asprintf(mem, "%s: %s port %u won a race %lld s ago", key,
				       addr_text(mem, &c->entry.addr), (unsigned)c->entry.port,
				       (long long)c->age_s);
	case CIFSAF_CACHE_IGNORED:
		break;
	}
	switch (c->ignored) {
	case CIFSAF_IGNORED_KEYRING_UNTRUSTED:
		return talloc_asprintf(mem, "keyring %ld (%s) ignored: owner uid %u, permissions %08x: "
				       "someone but root could write it", (long)c->keyring,
				       CIFSAF_CACHE_KEYRING, (unsigned)c->owner, (unsigned)c->perm);
	case CIFSAF_IGNORED_UNTRUSTED:
		return talloc_asprintf(mem, "%s ignored: owner uid %u, permissions %08x: someone but "
				       "root could write it", key, (unsigned)c->owner, (unsigned)c->perm);
	case CIFSAF_IGNORED_MALFORMED:
		return talloc_asprintf(mem, "%s ignored: not a cifs-af decision", key);
	case CIFSAF_IGNORED_EXPIRED:
		return talloc_asprintf(mem, "%s ignored: stored %lld s ago, cache-ttl-s is %ld", key,
				       (long long)c->age_s, c->ttl_s);
	case CIFSAF_IGNORED_FUTURE:
		return talloc_asprintf(mem, "%s ignored: stored %lld s in the future (the clock moved)",
				       key, (long long)-c->age_s);
	case CIFSAF_IGNORED_NONE:
		break;
	}
	return "ignored";
}

/* A key someone else could have written is worth a warning: it was planted,
 * or the cache's keyring was tampered with. */
static bool cache_untrusted(const struct cifsaf_decision *d)
{
	return d->cache.state == CIFSAF_CACHE_IGNORED &&
	       (d->cache.ignored == CIFSAF_IGNORED_UNTRUSTED ||
		d->cache.ignored == CIFSAF_IGNORED_KEYRING_UNTRUSTED);
}

/* The race that produced the outcome: the fallback port's when it ran. */
static const struct cifsaf_attempt *final_attempts(const struct cifsaf_decision *d)
{
	return d->port_fallback ? d->fallback_attempts : d->attempts;
}

/* Did a candidate of the first family fail while the other family won? */
static int fell_back(const struct cifsaf_decision *d)
{
	const struct cifsaf_attempt *a;
	size_t i;
	int first = d->ordered[0].family;

	if (!d->probed || d->ordered[d->winner].family == first)
		return 0;
	a = final_attempts(d);
	for (i = 0; i < d->n_ordered; i++)
		if (d->ordered[i].family == first && a[i].state != CIFSAF_ATTEMPT_NOT_TRIED &&
		    a[i].state != CIFSAF_ATTEMPT_CONNECTED)
			return 1;
	return 0;
}

/* One candidate's fate for the record: with the port fallback, each port's. */
static const char *fate_text(void *mem, const struct cifsaf_decision *d, size_t i, int err)
{
	if (!d->probed)
		return "not tried";
	if (!d->port_fallback)
		return attempt_text(mem, &d->attempts[i]);
	if (err == 0 && i == d->winner)
		return talloc_asprintf(mem, "port %u %s", (unsigned)d->probe_port,
				       attempt_text(mem, &d->attempts[i]));
	return talloc_asprintf(mem, "port %u %s, port %u %s", (unsigned)d->probe_port,
			       attempt_text(mem, &d->attempts[i]), (unsigned)d->port,
			       attempt_text(mem, &d->fallback_attempts[i]));
}

char *cifsaf_report_summary(void *mem, const char *unc, const struct cifsaf_kernel *k,
			    const struct cifsaf_decision *d, int err, int *ret_priority)
{
	const char *dns, *text;
	char *s;
	size_t i;

	*ret_priority = LOG_NOTICE;
	if (d->override) {
		s = talloc_asprintf(mem, "%s: ip=%s given by the user (kernel %s): no resolution, "
				    "no policy", unc, d->n_mount_order ? addr_text(mem, &d->mount_order[0])
				    : "?", k->release);
	} else {
		s = talloc_asprintf(mem, "%s: policy %s (kernel %s: %s)", unc,
				    cifsaf_policy_name(d->policy), k->release, d->policy_why);
	}
	if (s == NULL)
		return NULL;

	dns = lookups_text(mem, d, ", ");
	if (err < 0) {
		*ret_priority = LOG_ERR;
		if (d->gai_error != 0)
			s = talloc_asprintf_append(s, ": cannot resolve the host: %s",
						   resolver_error_text(d));
		else if (d->n_resolved == 0)	/* the lookups could not even start */
			s = talloc_asprintf_append(s, ": cannot resolve the host: %s", strerror(-err));
		else if (d->n_ordered == 0)
			s = talloc_asprintf_append(s, ": no usable address");
		else
			s = talloc_asprintf_append(s, ": no address connected in %lld ms",
						   (long long)d->probe_ms);
		if (s != NULL && *dns != '\0')
			s = talloc_asprintf_append(s, " (%s)", dns);
	} else if (!d->override) {
		s = talloc_asprintf_append(s, ": ip=%s", addr_text(mem, &d->ordered[d->winner]));
		if (s != NULL && d->port_fallback)
			s = talloc_asprintf_append(s, " port=%u", (unsigned)d->port);
		if (s != NULL)
			s = talloc_asprintf_append(s, " in %lld ms",
						   (long long)(d->resolve_ms + d->site.ms + d->probe_ms -
							       d->probe_early_ms));
		if (s != NULL && d->cache_use == CIFSAF_CACHE_USE_CONFIRMED)
			s = talloc_asprintf_append(s, ", decided by the cache (a race %lld s ago)",
						   (long long)d->cache.age_s);
		if (s != NULL && *dns != '\0')
			s = talloc_asprintf_append(s, " (%s)", dns);
		if (fell_back(d))
			*ret_priority = LOG_WARNING;
	}
	text = site_text(mem, d);
	if (s != NULL && text != NULL)
		s = talloc_asprintf_append(s, "; %s", text);
	if (s != NULL && d->cache_in_race)
		s = talloc_asprintf_append(s, "; cached %s %s, the race went on from it",
					   addr_text(mem, &d->cache.entry.addr),
					   fate_text(mem, d, d->cache_index, err));
	else if (s != NULL && d->cache_use == CIFSAF_CACHE_USE_FAILED)
		s = talloc_asprintf_append(s, "; cached %s %s, raced again",
					   addr_text(mem, &d->cache.entry.addr),
					   attempt_text(mem, &d->cache_attempt));
	if (s != NULL && cache_untrusted(d)) {
		s = talloc_asprintf_append(s, "; cache %s", cifsaf_report_cache_lookup(mem, &d->cache));
		if (*ret_priority == LOG_NOTICE)
			*ret_priority = LOG_WARNING;
	}
	/* Decided by the cache: the other candidates were never probed. */
	for (i = 0; s != NULL && d->cache_use != CIFSAF_CACHE_USE_CONFIRMED && i < d->n_ordered; i++) {
		if ((err == 0 && i == d->winner && !d->port_fallback) ||
		    (d->cache_in_race && i == d->cache_index))
			continue;
		s = talloc_asprintf_append(s, "; %s %s", addr_text(mem, &d->ordered[i]),
					   fate_text(mem, d, i, err));
	}
	for (i = 0; s != NULL && i < d->n_excluded; i++)
		s = talloc_asprintf_append(s, "; %s not tried (policy %s)",
					   addr_text(mem, &d->excluded[i]), cifsaf_policy_name(d->policy));
	for (i = 0; s != NULL && i < d->n_dropped; i++) {
		s = talloc_asprintf_append(s, "; dropped %s (%s)",
					   addr_text(mem, &d->dropped[i].candidate),
					   cifsaf_kernel_verdict_text(d->dropped[i].verdict));
		if (err == 0)
			*ret_priority = LOG_WARNING;
	}
	return s;
}

/* One "probe" line per candidate of one race. */
static char *trace_probes(void *mem, char *s, const struct cifsaf_decision *d,
			 const struct cifsaf_attempt *attempts, uint16_t port)
{
	size_t i;

	for (i = 0; s != NULL && i < d->n_ordered; i++) {
		const struct cifsaf_attempt *a = &attempts[i];

		if (d->cache_in_race && i == d->cache_index && attempts == d->attempts)
			s = talloc_asprintf_append(s, "probe %s port %u (cached, attempt one): started "
						   "at %lld ms, %s\n", addr_text(mem, &d->ordered[i]),
						   (unsigned)port, (long long)a->started_ms,
						   attempt_text(mem, a));
		else if (a->state == CIFSAF_ATTEMPT_NOT_TRIED)
			s = talloc_asprintf_append(s, "probe %s port %u: not tried\n",
						   addr_text(mem, &d->ordered[i]), (unsigned)port);
		else
			s = talloc_asprintf_append(s, "probe %s port %u: started at %lld ms, %s\n",
						   addr_text(mem, &d->ordered[i]), (unsigned)port,
						   (long long)a->started_ms, attempt_text(mem, a));
	}
	return s;
}

char *cifsaf_report_trace(void *mem, const char *host, const struct cifsaf_kernel *k,
			  const struct cifsaf_decision *d)
{
	const char *text;
	char *s;
	size_t i;

	s = talloc_asprintf(mem, "kernel %s: %s\n", k->release, cifsaf_report_kernel_caps(k));
	if (s == NULL)
		return NULL;
	if (d->override) {
		s = talloc_asprintf_append(s, "ip address %s override specified: no resolution, "
					   "no policy\n", d->n_resolved ? addr_text(mem, &d->resolved[0]) : "?");
	} else {
		s = talloc_asprintf_append(s, "policy %s (%s)\n", cifsaf_policy_name(d->policy),
					   d->policy_why);
		if (s != NULL && d->n_lookups > 0)
			s = talloc_asprintf_append(s, "lookups: %s\n", lookups_text(mem, d, "; "));
		if (s != NULL && d->gai_error != 0)
			s = talloc_asprintf_append(s, "resolving %s failed after %lld ms: %s\n", host,
						   (long long)d->resolve_ms, resolver_error_text(d));
		else if (s != NULL) {
			s = talloc_asprintf_append(s, "resolved %s in %lld ms:", host,
						   (long long)d->resolve_ms);
			for (i = 0; s != NULL && i < d->n_resolved; i++)
				s = talloc_asprintf_append(s, " %s", addr_text(mem, &d->resolved[i]));
			if (s != NULL)
				s = talloc_asprintf_append(s, "\n");
		}
	}
	for (i = 0; s != NULL && i < d->n_dropped; i++)
		s = talloc_asprintf_append(s, "dropped %s: %s\n",
					   addr_text(mem, &d->dropped[i].candidate),
					   cifsaf_kernel_verdict_text(d->dropped[i].verdict));
	for (i = 0; s != NULL && i < d->n_excluded; i++)
		s = talloc_asprintf_append(s, "not tried %s: left out by policy %s\n",
					   addr_text(mem, &d->excluded[i]), cifsaf_policy_name(d->policy));
	text = site_text(mem, d);
	if (s != NULL && text != NULL)
		s = talloc_asprintf_append(s, "%s\n", text);
	if (s != NULL && d->n_ordered > 0) {
		s = talloc_asprintf_append(s, "candidates in order:");
		for (i = 0; s != NULL && i < d->n_ordered; i++)
			s = talloc_asprintf_append(s, " %s", addr_text(mem, &d->ordered[i]));
		if (s != NULL)
			s = talloc_asprintf_append(s, "\n");
	}
	text = cifsaf_report_cache_lookup(mem, &d->cache);
	if (s != NULL && text != NULL)
		s = talloc_asprintf_append(s, "cache: %s\n", text);
	if (s != NULL && d->cache_early)
		s = talloc_asprintf_append(s, "cache: probing %s from its %s answer on, %lld ms into "
					   "the lookups\n", addr_text(mem, &d->cache.entry.addr),
					   cifsaf_lookup_family_name(d->cache.entry.addr.family),
					   (long long)d->cache_early_at_ms);
	if (s != NULL && d->cache_use == CIFSAF_CACHE_USE_NOT_CANDIDATE)
		s = talloc_asprintf_append(s, "cache: %s port %u is not a candidate now: racing\n",
					   addr_text(mem, &d->cache.entry.addr), (unsigned)d->cache.entry.port);
	if (s != NULL && !d->cache_in_race && (d->cache_use == CIFSAF_CACHE_USE_CONFIRMED ||
					       d->cache_use == CIFSAF_CACHE_USE_FAILED))
		s = talloc_asprintf_append(s, "probe %s port %u (cached, no stagger): started at %lld ms, "
					   "%s%s\n", addr_text(mem, &d->cache.entry.addr),
					   (unsigned)d->cache.entry.port,
					   (long long)d->cache_attempt.started_ms,
					   attempt_text(mem, &d->cache_attempt),
					   d->cache_use == CIFSAF_CACHE_USE_FAILED ? ": racing" : "");
	if (d->probed) {
		s = trace_probes(mem, s, d, d->attempts, d->probe_port);
		if (s != NULL && d->port_fallback) {
			s = talloc_asprintf_append(s, "no address answered on port %u: probing port %u\n",
						   (unsigned)d->probe_port, (unsigned)d->port);
			s = trace_probes(mem, s, d, d->fallback_attempts, d->port);
		}
	} else if (s != NULL && d->n_ordered > 1 && !d->override &&
		   d->cache_use != CIFSAF_CACHE_USE_CONFIRMED) {
		s = talloc_asprintf_append(s, "no probe: policy %s keeps the resolver's order\n",
					   cifsaf_policy_name(d->policy));
	}
	if (s != NULL && d->n_mount_order > 0 && d->port_fallback)
		s = talloc_asprintf_append(s, "chose %s port %u (passed as port=%u)\n",
					   addr_text(mem, &d->mount_order[0]), (unsigned)d->port,
					   (unsigned)d->port);
	else if (s != NULL && d->n_mount_order > 0)
		s = talloc_asprintf_append(s, "chose %s\n", addr_text(mem, &d->mount_order[0]));
	if (s != NULL && d->cache_use == CIFSAF_CACHE_USE_CONFIRMED)
		s = talloc_asprintf_append(s, "decided by the cache: no race\n");
	return s;
}
