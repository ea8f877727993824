/* adsite_io.h: the real seams of the AD site step (adsite.h): SRV queries
 * through the system resolver (res_query, in libresolv before glibc 2.34)
 * in a forked child that is killed when its time is up, and the LDAP
 * pings over connected UDP sockets (a connected socket takes datagrams
 * from its DC's address and port only), polled together.  Nothing newer
 * than glibc 2.5 / kernel 2.6.18 is used. */
#ifndef CIFSAF_ADSITE_IO_H
#define CIFSAF_ADSITE_IO_H

#include "adsite.h"

struct cifsaf_site_io {
	int fds[CIFSAF_SITE_PINGS_MAX];
	int urandom;		/* /dev/urandom, or -1 */
	uint32_t fallback;	/* message ids when /dev/urandom cannot be read */
};

/* Fill io for one run of the step (no socket open yet).  Returns 0. */
int cifsaf_site_io_init(struct cifsaf_site_io *io);
/* Close whatever is still open. */
void cifsaf_site_io_done(struct cifsaf_site_io *io);

extern const struct cifsaf_site_ops cifsaf_site_real_ops;

#endif
