/* mountopts.h: the -o option string: what the helper consumes, what goes to
 * the kernel, and how the kernel's option string is assembled. */
#ifndef CIFSAF_MOUNTOPTS_H
#define CIFSAF_MOUNTOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolver/policy.h"

/* Longest option string mount(2) is given (one page, as the kernel copies). */
#define CIFSAF_KERNEL_OPTIONS_MAX 4096
#define CIFSAF_PASSWORD_MAX 512
#define CIFSAF_MASKED_SECRET "********"

struct cifsaf_mount_options {
	char **passthrough;		/* tokens for the kernel, in order */
	size_t n_passthrough;
	char *ip;			/* ip=/addr= override, or NULL */
	bool have_policy;		/* af= given */
	enum cifsaf_policy policy;
	uint16_t port;			/* port= (also passed through), 0 = none */
	char *password;			/* pass=/password=, zeroed when freed */
	char *password2;		/* pass2=/password2=, zeroed when freed */
	bool sloppy;
};

/* Parse a comma-separated option string.  Returns 0 and *ret (a talloc child
 * of mem), or -EINVAL with *ret_why (talloc string under mem) naming the
 * offending option, never its secret value. */
int cifsaf_mount_options_parse(void *mem, const char *optstr, struct cifsaf_mount_options **ret,
			       char **ret_why);

/* Assemble ip=IP,unc=UNC[,passthrough][,prefixpath=P][,sloppy][,pass=..][,password2=..]
 * with commas in passwords doubled.  With mask_secrets the passwords are
 * shown as ********.  Returns 0 and a talloc string (zeroed when freed), or
 * -E2BIG when the result would exceed CIFSAF_KERNEL_OPTIONS_MAX, -ENOMEM. */
int cifsaf_mount_options_kernel_string(void *mem, const struct cifsaf_mount_options *o,
				       const char *ip, const char *unc, const char *prefix,
				       bool mask_secrets, char **ret);

/* Give a talloc string a destructor that zeroes it before it is freed. */
void cifsaf_secret_string(char *s);

#endif
