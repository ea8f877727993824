/* child.h: the unprivileged side of mount.cifs (child.c). */
#ifndef CIFSAF_CHILD_H
#define CIFSAF_CHILD_H

#include "invocation.h"

/* Become the caller, parse the options, read credentials, prompt, decide
 * the address and write the handoff to fd.  Returns the exit status for
 * the child. */
int child_run(void *mem, struct invocation *inv, int fd);

#endif
