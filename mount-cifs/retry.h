/* retry.h: what to do after mount(2) failed for one address. */
#ifndef CIFSAF_RETRY_H
#define CIFSAF_RETRY_H

#include "resolver/candidate.h"

enum cifsaf_retry_action {
	CIFSAF_RETRY_STOP,		/* report the error */
	CIFSAF_RETRY_NEXT_ADDRESS,	/* try the next candidate */
};

/* err is the positive errno from mount(2).  Connect-class errors move on
 * (cifs-utils misses ENETUNREACH and ETIMEDOUT), and so do EINVAL and
 * EAFNOSUPPORT for an IPv6 address (a kernel that cannot parse it). */
enum cifsaf_retry_action cifsaf_retry_after(int err, const struct cifsaf_candidate *tried);

#endif
