/* resolve.c: literal addresses, or the concurrent lookups and their result. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "resolve.h"

int cifsaf_resolve(void *mem, const char *host, enum cifsaf_lookup_mode mode,
		   const struct cifsaf_gather_params *params, const struct cifsaf_lookup_ops *ops,
		   void *ctx, const struct cifsaf_lookup_watch *watch, struct cifsaf_resolution *ret)
{
	struct cifsaf_gather g;
	struct cifsaf_candidate c;
	int64_t t0;
	size_t i;
	int r;

	memset(ret, 0, sizeof(*ret));
	r = cifsaf_candidate_parse_literal(host, &c);
	if (r == 0 || r == -ENODEV) {
		ret->literal = true;
		if (r < 0)
			return r;
		ret->addrs = talloc_array(mem, struct cifsaf_candidate, 1);
		if (ret->addrs == NULL)
			return -ENOMEM;
		ret->addrs[0] = c;
		ret->n = 1;
		return 0;
	}

	t0 = ops->now_ms(ctx);
	r = cifsaf_lookup_run(&g, mode, params, host, ops, ctx, watch);
	ret->ms = ops->now_ms(ctx) - t0;
	ret->n_lookups = g.n_lookups;
	for (i = 0; i < g.n_lookups; i++)
		ret->lookups[i] = g.lookups[i];
	if (r < 0)
		return r;
	return cifsaf_gather_result(&g, mem, &ret->addrs, &ret->n, &ret->gai_error, &ret->sys_errno);
}
