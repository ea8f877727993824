/* report.h: words for a decision: the -v trace and the one syslog record.
 * Pure formatting; the program layer decides where the text goes. */
#ifndef CIFSAF_REPORT_H
#define CIFSAF_REPORT_H

#include "resolver/decide.h"

/* The syslog record: UNC, policy and why, the address chosen and the time
 * taken, and every other candidate's fate.  *ret_priority gets LOG_NOTICE, or
 * LOG_WARNING when the kernel filter dropped candidates or a candidate of
 * the first family failed and the other family won; LOG_ERR when nothing
 * could be chosen (err < 0).  A decision the cache made says so; a cache key
 * ignored because someone but root could have written it is named, and makes
 * the record a warning.  Returns a talloc string under mem or NULL. */
char *cifsaf_report_summary(void *mem, const char *unc, const struct cifsaf_kernel *k,
			    const struct cifsaf_decision *d, int err, int *ret_priority);

/* The step-by-step trace printed under -v, one line per step, each ending
 * in a newline.  Returns a talloc string under mem or NULL. */
char *cifsaf_report_trace(void *mem, const char *host, const struct cifsaf_kernel *k,
			  const struct cifsaf_decision *d);

/* What the decision cache's lookup found, in words (no "cache: " prefix),
 * or NULL when no lookup was made.  The text may be a static string or a
 * talloc string under mem. */
const char *cifsaf_report_cache_lookup(void *mem, const struct cifsaf_cache_lookup *c);

/* What ip= on this kernel accepts, in words. */
const char *cifsaf_report_kernel_caps(const struct cifsaf_kernel *k);

#endif
