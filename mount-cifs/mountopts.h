/* mountopts.h: the -o option string: what the helper consumes, what goes to
 * the kernel, and how the kernel's option string is assembled.  The table of
 * options and their effects follows cifs-utils 7.5 (7.2+ semantics), with
 * its defects fixed: values that do not fit are errors, not truncated or
 * wrapped, and fmask/dmask keep their value. */
#ifndef CIFSAF_MOUNTOPTS_H
#define CIFSAF_MOUNTOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "resolver/policy.h"

/* Longest option string mount(2) is given (one page, as the kernel copies). */
#define CIFSAF_KERNEL_OPTIONS_MAX 4096
#define CIFSAF_PASSWORD_MAX 512		/* bytes after commas are doubled */
#define CIFSAF_USERNAME_MAX 256
#define CIFSAF_DOMAIN_MAX 256
#define CIFSAF_IP_OPTION_MAX 1025	/* ip=/addr=: an address, or a host name as in a UNC */
#define CIFSAF_MASKED_SECRET "********"

/* Private flags for a bare user/users option (permission for user mounts
 * in fstab); never passed to mount(2). */
#define CIFSAF_MS_USER 0x80000000UL
#define CIFSAF_MS_USERS 0x40000000UL

/* Name lookups for uid=/gid=/cruid=/backupuid=/backupgid=: getpwnam and
 * getgrnam in production, a table in tests.  Return 0 or -ENOENT. */
struct cifsaf_id_ops {
	int (*user_id)(const char *name, uid_t *ret);
	int (*group_id)(const char *name, gid_t *ret);
};
extern const struct cifsaf_id_ops cifsaf_system_id_ops;

struct cifsaf_credentials;

/* What option parsing needs from outside: id lookups, the credentials file
 * loader (run where cred= stands, as cifs-utils does), and passwords from
 * the environment, which are set before the options and win over pass=. */
struct cifsaf_parse_env {
	const struct cifsaf_id_ops *ids;
	/* Returns 0, or -errno with *ret_why (talloc string under mem). */
	int (*load_credentials)(void *ctx, void *mem, const char *path,
				struct cifsaf_credentials **ret, char **ret_why);
	void *ctx;
	const char *password;	/* PASSWD/PASSWD_FD/PASSWD_FILE, or NULL */
	const char *password2;	/* PASSWD2*, or NULL */
};

struct cifsaf_numeric_id {
	bool set;
	unsigned long value;
};

struct cifsaf_mount_options {
	char **passthrough;		/* tokens for the kernel, in order */
	size_t n_passthrough;
	char **warnings;		/* for stderr, in order (never a secret) */
	size_t n_warnings;
	unsigned long flags;		/* MS_* plus CIFSAF_MS_USER(S) */
	char *ip;			/* ip=/addr= override, or NULL */
	bool have_policy;		/* af= given */
	enum cifsaf_policy policy;
	uint16_t port;			/* port= (also passed through), 0 = none */
	bool sloppy;
	char *username;			/* user=/username=; "" for guest */
	bool got_user;
	char *domain;			/* NULL: no domain= at all */
	char *password;			/* zeroed when freed; NULL = none given */
	char *password2;
	bool guest, sec_none, sec_krb5, nofail;
	struct cifsaf_numeric_id uid, cruid, gid, backupuid, backupgid;
	char *snapshot;			/* converted to NT time */
	char *credentials;		/* cred=/credentials= path */
	char *unc;			/* unc=/target=/path= value */
};

/* Parse a comma-separated option string.  Returns 0 and *ret (a talloc child
 * of mem), or -EINVAL/-E2BIG with *ret_why (talloc string under mem) naming
 * the offending option, never a secret value. */
int cifsaf_mount_options_parse(void *mem, const char *optstr, const struct cifsaf_parse_env *env,
			       struct cifsaf_mount_options **ret, char **ret_why);

/* Set the password (or password2) as a credentials file or the environment
 * gives it, after the options were parsed.  Returns 0, or -E2BIG when longer
 * than CIFSAF_PASSWORD_MAX once commas are doubled. */
int cifsaf_mount_options_set_password(struct cifsaf_mount_options *o, bool second,
				      const char *value);

/* Append a token (copied) to the options the kernel gets, after those
 * parsed.  Returns 0 or -ENOMEM. */
int cifsaf_mount_options_add_passthrough(struct cifsaf_mount_options *o, const char *token);

/* The port probes, messages and the cache use: port= if given, else 445
 * (the kernel's default). */
uint16_t cifsaf_mount_options_server_port(const struct cifsaf_mount_options *o);

/* The MS_* flags for mount(2): private bits removed. */
unsigned long cifsaf_mount_options_mount_flags(const struct cifsaf_mount_options *o);

/* Does this mount send a password (not guest, sec=none or sec=krb5*)? */
bool cifsaf_mount_options_sends_password(const struct cifsaf_mount_options *o);

/* Assemble, as cifs-utils 7.5 does:
 *   ip=IP,unc=UNC[,passthrough][,uid=][,cruid=][,gid=][,backupuid=][,backupgid=]
 *   [,snapshot=],user=NAME[,domain=D][,prefixpath=P][,sloppy][,pass=..][,password2=..]
 * with commas in passwords doubled.  With mask_secrets the passwords are
 * shown as ********.  Returns 0 and a talloc string (zeroed when freed), or
 * -E2BIG when the result would exceed CIFSAF_KERNEL_OPTIONS_MAX, -ENOMEM. */
int cifsaf_mount_options_kernel_string(void *mem, const struct cifsaf_mount_options *o,
				       const char *ip, const char *unc, const char *prefix,
				       bool mask_secrets, char **ret);

#endif
