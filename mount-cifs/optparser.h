/* optparser.h: one -o parse in progress, shared by the files that handle
 * options (mountopts.c: the table and the values the kernel gets;
 * identopts.c: who mounts).  Handlers return 0 or -errno; on -EINVAL the
 * parser's why says which option is wrong, never a secret value. */
#ifndef CIFSAF_OPTPARSER_H
#define CIFSAF_OPTPARSER_H

#include "mountopts.h"

struct token {
	const char *key;	/* talloc copy of the part before '=' */
	const char *value;	/* part after '=', or NULL when there is none */
	const char *text;	/* the whole token, as written */
};

struct parser {
	struct cifsaf_mount_options *o;
	const struct cifsaf_parse_env *env;
	char *why;
};

/* An option name and its handler. */
struct optparser_option {
	const char *name;
	int (*handle)(struct parser *p, const struct token *t);
};

/* Set p->why from the format; returns -EINVAL. */
int optparser_fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Add a warning for stderr (never a secret).  0 or -ENOMEM. */
int optparser_warn(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Pass text, or the token as written, on to the kernel.  0 or -ENOMEM. */
int optparser_copy_text(struct parser *p, const char *text);
int optparser_copy_token(struct parser *p, const struct token *t);

/* Replace *slot with a copy of value, a talloc child of the options.  0 or
 * -ENOMEM. */
int optparser_set_string(struct parser *p, char **slot, const char *value);

#endif
