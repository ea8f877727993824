/* config_load.h: the program layer's side of /etc/cifs-af.conf: which file,
 * reading it, and reporting its problems. */
#ifndef CIFSAF_CONFIG_LOAD_H
#define CIFSAF_CONFIG_LOAD_H

#include <stdbool.h>

#include "resolver/afconf.h"
#include "resolver/decide.h"

/* The file: CIFS_AF_CONFIG when set and not setuid, else CIFSAF_CONFIG_PATH
 * (configure's sysconfdir). */
const char *config_path(void);

/* Load the configuration for this run.  Every problem is reported once, on
 * stderr and to syslog, as "PATH:LINE: what is wrong" (or "PATH: ..." for
 * the file as a whole); none fails the mount: a bad line is ignored, a
 * missing, unreadable, oversized or untrusted file gives the built-in
 * defaults.  Under verbose one line says what was loaded.  Returns the
 * configuration (a talloc child of mem), or NULL when memory ran out. */
struct cifsaf_config *load_config(void *mem, const char *path, bool verbose);

/* Where the policy came from, in words for the trace and the record: "af=
 * mount option", "PATH:LINE: host PATTERN" (or kernel), or the built-in
 * rule's reason.  NULL when memory ran out. */
const char *config_policy_why(void *mem, const struct cifsaf_policy_choice *ch, const char *path);

/* The decision's timings as the configuration sets them (connect delay,
 * probe timeout, resolution delay, resolve timeout) and the AD site step
 * (ad-site, ad-site-budget-ms). */
void config_timings(const struct cifsaf_config *cfg, struct cifsaf_decide_input *in);

#endif
