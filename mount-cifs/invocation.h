/* invocation.h: everything one run of the helper knows about the mount it
 * is making, filled in by main.c and child.c and read by the modules they
 * call.  A type only: each module declares its own functions. */
#ifndef CIFSAF_INVOCATION_H
#define CIFSAF_INVOCATION_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cmdline.h"
#include "mountopts.h"
#include "unc.h"
#include "resolver/kernel.h"

struct invocation {
	struct cifsaf_cmdline *cmd;
	struct cifsaf_unc unc;
	struct cifsaf_mount_options *opts;
	struct cifsaf_kernel kernel;
	char *unc_display;	/* //host/share as typed, for messages */
	char *source;		/* the device for mount(2) and mtab; upper-cased by the ENXIO retry */
	char *optstr;		/* root's -o, or the fstab line's options (zeroed when freed) */
	char canonical[PATH_MAX];	/* the mount point, canonicalised from inside it */
	bool user_mount;	/* a caller other than root, through the setuid bit */
	uint16_t probe_port;	/* the port the decision probed first (port=, else 445) */
	long cache_ttl_s;	/* cache-ttl-s, once the decision read it */
	uid_t caller_uid;	/* the real ids the helper was started with */
	gid_t caller_gid;
};

#endif
