/* resolve.c: name resolution through a lookup seam. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <talloc.h>

#include "resolve.h"

static int gai_lookup(void *ctx, const char *host, struct addrinfo **ret)
{
	struct addrinfo hints;

	(void)ctx;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	return getaddrinfo(host, NULL, &hints, ret);
}

static void gai_free(void *ctx, struct addrinfo *res)
{
	(void)ctx;
	freeaddrinfo(res);
}

const struct cifsaf_lookup_ops cifsaf_getaddrinfo_ops = {
	.lookup = gai_lookup,
	.free_result = gai_free,
};

int cifsaf_resolve(void *mem, const char *host, const struct cifsaf_lookup_ops *ops, void *ctx,
		   struct cifsaf_candidate **ret, size_t *ret_n, int *ret_gai_error, int *ret_errno)
{
	struct cifsaf_candidate *list, c;
	struct addrinfo *res = NULL, *ai;
	size_t n = 0, count = 0, i;
	int r;

	*ret_gai_error = 0;
	*ret_errno = 0;
	r = cifsaf_candidate_parse_literal(host, &c);
	if (r == 0 || r == -ENODEV) {
		if (r < 0)
			return r;
		list = talloc_array(mem, struct cifsaf_candidate, 1);
		if (list == NULL)
			return -ENOMEM;
		list[0] = c;
		*ret = list;
		*ret_n = 1;
		return 0;
	}

	errno = 0;
	r = ops->lookup(ctx, host, &res);
	if (r != 0) {
		*ret_gai_error = r;
		if (r == EAI_SYSTEM)
			*ret_errno = errno;
		return r == EAI_MEMORY ? -ENOMEM : -ENOENT;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next)
		count++;
	list = talloc_array(mem, struct cifsaf_candidate, count ? count : 1);
	if (list == NULL) {
		ops->free_result(ctx, res);
		return -ENOMEM;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (cifsaf_candidate_from_sockaddr(ai->ai_addr, ai->ai_addrlen, &c) < 0)
			continue;
		for (i = 0; i < n; i++)
			if (cifsaf_candidate_equal(&list[i], &c))
				break;
		if (i == n)
			list[n++] = c;
	}
	ops->free_result(ctx, res);
	if (n == 0) {
		talloc_free(list);
		*ret_gai_error = EAI_NONAME;
		return -ENOENT;
	}
	*ret = list;
	*ret_n = n;
	return 0;
}
