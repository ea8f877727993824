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

enum cifsaf_mount_retry cifsaf_mount_retry_next(int err, const struct cifsaf_candidate *tried,
						const struct cifsaf_retry_state *s)
{
	/* Old servers answer ENXIO for a share name in the wrong case. */
	if (err == ENXIO && !s->uppercased && s->ascii_names)
		return CIFSAF_MOUNT_UPPERCASE;
	/* sudo with Kerberos: the ticket cache belongs to the invoking user. */
	if (err == ENOKEY && s->krb5 && !s->cruid_set && !s->sudo_cruid_tried && s->sudo_uid != 0)
		return CIFSAF_MOUNT_SUDO_CRUID;
	if (cifsaf_retry_after(err, tried) == CIFSAF_RETRY_NEXT_ADDRESS)
		return CIFSAF_MOUNT_NEXT_ADDRESS;
	return CIFSAF_MOUNT_STOP;
}
