/* program.h: what the files of the program layer (main.c, decision.c)
 * share.  Only the program layer prints, logs, exits or mounts; the pure
 * modules it drives are declared in their own headers. */
#ifndef CIFSAF_PROGRAM_H
#define CIFSAF_PROGRAM_H

#include <limits.h>
#include <stdint.h>

#include "cmdline.h"
#include "mountopts.h"
#include "unc.h"
#include "resolver/decide.h"

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
	char *source;		/* the service as typed; upper-cased by the ENXIO retry */
	char canonical[PATH_MAX];	/* the mount point, canonicalised from inside it */
};

/* The port probes and messages use: port= if given, else 445. */
uint16_t server_port(const struct cifsaf_mount_options *o);

/* The kernel release: uname, or CIFS_AF_KERNEL_RELEASE when not setuid.
 * Returns 0 or -errno; *ret_release names what was parsed. */
int kernel_facts(struct cifsaf_kernel *ret, const char **ret_release);

/* Resolve, filter, order and probe; print the -v trace and write the one
 * syslog record.  Returns 0 with *ret, or -errno (*ret may still be set). */
int decide_address(void *mem, struct invocation *inv, struct cifsaf_decision **ret);

/* Print why no address could be chosen; returns the exit status. */
int explain_decision_failure(const struct invocation *inv, const struct cifsaf_decision *d, int r);

#endif
