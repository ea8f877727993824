/* program.h: what the files of the program layer (main.c, decision.c)
 * share.  Only the program layer prints, logs, exits or mounts; the pure
 * modules it drives are declared in their own headers. */
#ifndef CIFSAF_PROGRAM_H
#define CIFSAF_PROGRAM_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cmdline.h"
#include "mountopts.h"
#include "unc.h"
#include "resolver/decide.h"

struct cifsaf_handoff;

/* mount(8)'s exit status bits, as cifs-utils uses them. */
#define EX_USAGE 1
#define EX_SYSERR 2
#define EX_USER 8
#define EX_FILEIO 16
#define EX_FAIL 32

/* The name the program was started as, for messages. */
extern const char *progname;

/* "PROGNAME: message\n" on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Everything one run of the helper knows about the mount it is making. */
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

/* The port probes and messages use: port= if given, else 445. */
uint16_t server_port(const struct cifsaf_mount_options *o);

/* The kernel release: uname, or CIFS_AF_KERNEL_RELEASE when not setuid.
 * Returns 0 or -errno; *ret_release names what was parsed. */
int kernel_facts(struct cifsaf_kernel *ret, const char **ret_release);

/* Resolve, filter, order and probe; print the -v trace and write the one
 * syslog record.  Returns 0 with *ret, or -errno (*ret may still be set). */
int decide_address(void *mem, struct invocation *inv, struct cifsaf_decision **ret);

/* keycache.c: the decision cache (resolver/dcache.h) for this mount.
 * The child's lookup: off, skipped for user mounts, or what root's keyring
 * holds for the host and port (never fails; ret->state says what
 * happened). */
void cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret);
/* The child, after deciding (d may be NULL): a cached winner that did not
 * answer is removed; with h (a decision that will be mounted), the handoff
 * gets the cache flags and ttl. */
void cache_after_decision(const struct invocation *inv, const struct cifsaf_decision *d, int r,
			  struct cifsaf_handoff *h);
/* The parent, once mount(2) is done (mounted: it worked, with candidate
 * used): store, replace or forget as cifsaf_cache_after_mount says.
 * Failures are logged; they never fail the mount. */
void cache_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted,
		       size_t used, uint16_t probe_port);

/* keycache.c: the client's AD site for the UNC's host (resolver/sitecache.h),
 * root's mounts only: the child's lookup (site set on a HIT), the child's
 * note in the handoff of a site a ping taught it, the parent's store once
 * mount(2) worked. */
void site_cache_lookup(const struct invocation *inv, long ttl_s, struct cifsaf_cache_lookup *ret,
		       char site[CIFSAF_SITE_NAME_SIZE]);
void site_after_decision(const struct invocation *inv, const struct cifsaf_decision *d,
			 struct cifsaf_handoff *h);
void site_after_mount(const struct invocation *inv, const struct cifsaf_handoff *h, bool mounted);

/* Print why no address could be chosen; returns the exit status. */
int explain_decision_failure(const struct invocation *inv, const struct cifsaf_decision *d, int r);

/* child.c: the unprivileged side.  Becomes the caller, parses the options,
 * reads credentials, prompts, decides the address and writes the handoff
 * to fd.  Returns the exit status for the child. */
int child_run(void *mem, struct invocation *inv, int fd);

/* mounting.c: the privileged side. */
/* Refuse a user name or domain that would inject kernel options; returns
 * 0 or the exit status, having said why. */
int check_identity(const struct cifsaf_mount_options *o);
/* Rebuild inv->opts from inv->optstr and the child's report (the parent's
 * own parse), with the user-mount rules applied.  0 or the exit status. */
int options_from_handoff(void *mem, struct invocation *inv, const struct cifsaf_handoff *h);
/* mount(2) over the candidates, with cifs-utils' retries (-f stops before
 * the call).  0 or the exit status; *ret_used is the candidate mount(2)
 * worked with, or n when nothing was mounted (-f, nofail). */
int do_mount(void *mem, struct invocation *inv, const struct cifsaf_candidate *c, size_t n,
	     size_t *ret_used);
/* The /etc/mtab record where mtab is a regular file.  0 or the exit status. */
int update_mtab(void *mem, const struct invocation *inv);

#endif
