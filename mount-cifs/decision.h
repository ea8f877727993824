/* decision.h: the unprivileged child's side of choosing the server address
 * (decision.c): the policy and timings, the real resolver and prober, and
 * what the decision is called on stderr and in syslog. */
#ifndef CIFSAF_DECISION_H
#define CIFSAF_DECISION_H

#include "invocation.h"
#include "resolver/decide.h"

/* Resolve, filter, order and probe; print the -v trace and write the one
 * syslog record.  Returns 0 with *ret, or -errno (*ret may still be set). */
int decide_address(void *mem, struct invocation *inv, struct cifsaf_decision **ret);

/* Print why no address could be chosen; returns the exit status. */
int explain_decision_failure(const struct invocation *inv, const struct cifsaf_decision *d, int r);

#endif
