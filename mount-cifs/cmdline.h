/* cmdline.h: mount.cifs {service} {mountpoint} [-sfnvrwhV] [-o options]
 * [-t type] [-N namespace], with cifs-utils' long forms. */
#ifndef CIFSAF_CMDLINE_H
#define CIFSAF_CMDLINE_H

#include <stdbool.h>

struct cifsaf_cmdline {
	const char *fstype;	/* "cifs" or "smb3", from the program name or -t */
	const char *service;
	const char *mountpoint;
	char *options;		/* every -o joined with ',' in order; zeroed when freed */
	const char *namespace_path;	/* -N */
	bool fake, nomtab, verbose, sloppy, readonly;
	bool help, version;
};

/* Parse argv (GNU getopt; argv may be permuted).  Flags repeated are the
 * same as given once.  Returns 0 and *ret (talloc child of mem), or -EINVAL
 * with *ret_why (talloc string) for an unknown flag, a bad -t type or missing
 * arguments, or -E2BIG when the -o given add up to more than the kernel
 * takes (CIFSAF_KERNEL_OPTIONS_MAX). */
int cifsaf_cmdline_parse(void *mem, int argc, char **argv, struct cifsaf_cmdline **ret,
			 char **ret_why);

/* "cifs" for any program name but mount.smb3 (cifs-utils leaves the type
 * unset for other names; cifs is what a renamed copy means). */
const char *cifsaf_fstype_for_program(const char *argv0);

#endif
