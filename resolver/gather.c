/* gather.c: the resolution state machine (see gather.h for the rules). */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <talloc.h>

#include "gather.h"

/* glibc has EAI_NODATA under _GNU_SOURCE; elsewhere "no such name" is the
 * nearest meaning. */
#ifdef EAI_NODATA
#define GATHER_NODATA EAI_NODATA
#else
#define GATHER_NODATA EAI_NONAME
#endif

const char *cifsaf_lookup_family_name(int family)
{
	return family == AF_INET6 ? "AAAA" : family == AF_INET ? "A" : "A/AAAA";
}

void cifsaf_gather_init(struct cifsaf_gather *g, enum cifsaf_lookup_mode mode,
			const struct cifsaf_gather_params *params, int64_t now)
{
	memset(g, 0, sizeof(*g));
	g->params = *params;
	g->t0 = now;
	g->first_answer = -1;
	g->done_ms = -1;
	switch (mode) {
	case CIFSAF_LOOKUP_BOTH:
		g->lookups[0].family = AF_INET6;
		g->lookups[1].family = AF_INET;
		g->n_lookups = 2;
		break;
	case CIFSAF_LOOKUP_V4:
		g->lookups[0].family = AF_INET;
		g->n_lookups = 1;
		break;
	case CIFSAF_LOOKUP_V6:
		g->lookups[0].family = AF_INET6;
		g->n_lookups = 1;
		break;
	case CIFSAF_LOOKUP_UNSPEC:
		g->lookups[0].family = AF_UNSPEC;
		g->n_lookups = 1;
		break;
	}
}

static bool pending(const struct cifsaf_gather *g, size_t idx)
{
	return idx < g->n_lookups && g->lookups[idx].outcome == CIFSAF_LOOKUP_PENDING &&
	       g->done_ms < 0;
}

int cifsaf_gather_add(struct cifsaf_gather *g, size_t idx, const struct cifsaf_candidate *c)
{
	struct cifsaf_lookup_result *l = &g->lookups[idx];

	if (!pending(g, idx))
		return -EINVAL;
	if ((c->family != AF_INET && c->family != AF_INET6) ||
	    (l->family != AF_UNSPEC && l->family != c->family))
		return -EINVAL;
	if (l->n_addrs >= CIFSAF_LOOKUP_MAX_ADDRS)
		return -ENOSPC;
	g->addrs[idx][l->n_addrs++] = *c;
	return 0;
}

void cifsaf_gather_finish(struct cifsaf_gather *g, size_t idx, int gai_error, int sys_errno,
			  int64_t now)
{
	struct cifsaf_lookup_result *l = &g->lookups[idx];

	if (!pending(g, idx))
		return;
	l->ms = now - g->t0;
	if (gai_error == 0 && l->n_addrs == 0)
		gai_error = GATHER_NODATA;
	if (gai_error != 0) {
		l->outcome = CIFSAF_LOOKUP_FAILED;
		l->gai_error = gai_error;
		l->sys_errno = gai_error == EAI_SYSTEM ? sys_errno : 0;
		l->n_addrs = 0;	/* a failed lookup's partial answer is not used */
		return;
	}
	l->outcome = CIFSAF_LOOKUP_ANSWERED;
	if (g->first_answer < 0)
		g->first_answer = l->ms;
}

/* Mark every pending lookup with outcome at relative time rel. */
static void close_pending(struct cifsaf_gather *g, enum cifsaf_lookup_outcome outcome, int64_t rel)
{
	size_t i;

	for (i = 0; i < g->n_lookups; i++) {
		struct cifsaf_lookup_result *l = &g->lookups[i];

		if (l->outcome != CIFSAF_LOOKUP_PENDING)
			continue;
		l->outcome = outcome;
		l->ms = rel;
		l->n_addrs = 0;
		if (outcome == CIFSAF_LOOKUP_TIMED_OUT)
			l->gai_error = EAI_AGAIN;
	}
}

enum cifsaf_gather_step cifsaf_gather_next(struct cifsaf_gather *g, int64_t now, int64_t *ret_wake)
{
	int64_t rel = now - g->t0, delay_end;
	size_t i, open = 0;

	if (g->done_ms >= 0)
		return CIFSAF_GATHER_DONE;
	/* All lookups start together, so one cap covers each of them. */
	if (rel >= g->params.timeout_ms)
		close_pending(g, CIFSAF_LOOKUP_TIMED_OUT, rel);
	for (i = 0; i < g->n_lookups; i++)
		if (g->lookups[i].outcome == CIFSAF_LOOKUP_PENDING)
			open++;
	if (open == 0) {
		g->done_ms = rel;
		return CIFSAF_GATHER_DONE;
	}
	*ret_wake = g->t0 + g->params.timeout_ms;
	if (g->first_answer >= 0) {
		delay_end = g->first_answer + g->params.resolution_delay_ms;
		if (rel >= delay_end) {
			close_pending(g, CIFSAF_LOOKUP_ABANDONED, rel);
			g->done_ms = rel;
			return CIFSAF_GATHER_DONE;
		}
		if (g->t0 + delay_end < *ret_wake)
			*ret_wake = g->t0 + delay_end;
	}
	return CIFSAF_GATHER_WAIT;
}

/* Higher is more telling about the name itself. */
static int gai_rank(int e)
{
	switch (e) {
	case EAI_NONAME:
		return 6;
	case EAI_FAIL:
		return 5;
	case EAI_AGAIN:
		return 4;
	case EAI_SYSTEM:
		return 3;
	case EAI_MEMORY:
		return 2;
	case GATHER_NODATA:
		return 0;
#if defined(EAI_ADDRFAMILY)
	case EAI_ADDRFAMILY:
		return 0;
#endif
	default:
		return 1;	/* EAI_SERVICE, EAI_FAMILY, ...: our own misuse */
	}
}

int cifsaf_gai_error_pick(int a, int b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return gai_rank(b) > gai_rank(a) ? b : a;
}

int cifsaf_gather_result(const struct cifsaf_gather *g, void *mem, struct cifsaf_candidate **ret,
			 size_t *ret_n, int *ret_gai_error, int *ret_errno)
{
	struct cifsaf_candidate *list;
	size_t i, k, j, n = 0, total = 0;
	int gai = 0, err = 0;

	*ret_gai_error = 0;
	*ret_errno = 0;
	for (i = 0; i < g->n_lookups; i++)
		total += g->lookups[i].n_addrs;
	if (total == 0) {
		for (i = 0; i < g->n_lookups; i++) {
			const struct cifsaf_lookup_result *l = &g->lookups[i];
			int picked = cifsaf_gai_error_pick(gai, l->gai_error);

			if (picked != gai) {
				gai = picked;
				err = l->sys_errno;
			}
		}
		*ret_gai_error = gai ? gai : EAI_AGAIN;
		*ret_errno = gai == EAI_SYSTEM ? err : 0;
		return -ENOENT;
	}
	list = talloc_array(mem, struct cifsaf_candidate, total);
	if (list == NULL)
		return -ENOMEM;
	for (i = 0; i < g->n_lookups; i++) {
		for (k = 0; k < g->lookups[i].n_addrs; k++) {
			const struct cifsaf_candidate *c = &g->addrs[i][k];

			for (j = 0; j < n; j++)
				if (cifsaf_candidate_equal(&list[j], c))
					break;
			if (j == n)
				list[n++] = *c;
		}
	}
	*ret = list;
	*ret_n = n;
	return 0;
}
