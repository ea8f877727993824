/* retry.c: errno -> next action, as a table rather than a switch hidden in
 * the mount loop. */
#include "config.h"

#include <errno.h>
#include <stddef.h>

#include "retry.h"

static const int next_address_errors[] = {
	ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EINPROGRESS,
};

enum cifsaf_retry_action cifsaf_retry_after(int err, const struct cifsaf_candidate *tried)
{
	size_t i;

	for (i = 0; i < sizeof(next_address_errors) / sizeof(next_address_errors[0]); i++)
		if (err == next_address_errors[i])
			return CIFSAF_RETRY_NEXT_ADDRESS;
	if (tried->family == AF_INET6 && (err == EINVAL || err == EAFNOSUPPORT))
		return CIFSAF_RETRY_NEXT_ADDRESS;
	return CIFSAF_RETRY_STOP;
}
