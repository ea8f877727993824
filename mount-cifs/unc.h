/* unc.h: the service argument //host/share[/prefix] split into its parts. */
#ifndef CIFSAF_UNC_H
#define CIFSAF_UNC_H

#define CIFSAF_UNC_MAX 1023
#define CIFSAF_UNC_HOST_MAX 1025
#define CIFSAF_UNC_SHARE_MAX 256

struct cifsaf_unc {
	char *host;	/* brackets of "[v6]" kept as written */
	char *share;
	char *prefix;	/* "" when none; separators turned into '/' */
};

/* Parse //host/share[/prefix] or \\host\share[\prefix] into talloc strings
 * under mem.  Returns 0, or -EINVAL with a static reason in *ret_why:
 * too short/long, URL form, missing // or \\, empty host or share, a part
 * longer than its limit, or a ',' in a part (it would inject kernel
 * options). */
int cifsaf_unc_parse(void *mem, const char *service, struct cifsaf_unc *ret, const char **ret_why);

/* "\\host\share" as the kernel's unc= wants it (talloc string under mem). */
char *cifsaf_unc_kernel_form(void *mem, const struct cifsaf_unc *unc);

#endif
