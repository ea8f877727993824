/* retry.h: what to do after mount(2) failed for one address. */
#ifndef CIFSAF_RETRY_H
#define CIFSAF_RETRY_H

#include <stdbool.h>

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

/* Everything the retry decision looks at besides the errno. */
struct cifsaf_retry_state {
	bool uppercased;	/* the ENXIO retry was made */
	bool sudo_cruid_tried;	/* the ENOKEY retry was made */
	bool krb5;		/* sec=krb5* */
	bool cruid_set;		/* cruid= given */
	unsigned long sudo_uid;	/* SUDO_UID when the real uid is 0 and not setuid; 0 = none */
	bool ascii_names;	/* host, share and prefix have no byte >= 0x80 */
};

enum cifsaf_mount_retry {
	CIFSAF_MOUNT_STOP,
	CIFSAF_MOUNT_NEXT_ADDRESS,
	CIFSAF_MOUNT_UPPERCASE,		/* same address, names upper-cased (ENXIO, once) */
	CIFSAF_MOUNT_SUDO_CRUID,	/* same address, cruid=SUDO_UID (ENOKEY with krb5, once) */
};

/* The whole decision after mount(2) failed with err (positive errno). */
enum cifsaf_mount_retry cifsaf_mount_retry_next(int err, const struct cifsaf_candidate *tried,
						const struct cifsaf_retry_state *s);
