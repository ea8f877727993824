/* mounting.h: the privileged side of mount.cifs after the child's report
 * (mounting.c): the parent's own parse of the options, mount(2) with
 * cifs-utils' retries, and mtab. */
#ifndef CIFSAF_MOUNTING_H
#define CIFSAF_MOUNTING_H

#include <stddef.h>

#include "handoff.h"
#include "invocation.h"
#include "mountopts.h"
#include "resolver/candidate.h"

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
