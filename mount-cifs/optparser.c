/* optparser.c: the state of one -o parse and what every option handler
 * uses to record a value, a warning or the reason for an error (see
 * optparser.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <talloc.h>

#include "optparser.h"

int optparser_fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p->why = talloc_vasprintf(p->o, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Append s (a talloc child of o, or NULL when its allocation failed) to a
 * growing string array of o. */
static int append_string(struct cifsaf_mount_options *o, char ***array, size_t *n, char *s)
{
	char **grown;

	if (s == NULL)
		return -ENOMEM;
	grown = talloc_realloc(o, *array, char *, *n + 1);
	if (grown == NULL)
		return -ENOMEM;
	grown[(*n)++] = s;
	*array = grown;
	return 0;
}

int optparser_warn(struct parser *p, const char *fmt, ...)
{
	struct cifsaf_mount_options *o = p->o;
	char *w;
	va_list ap;

	va_start(ap, fmt);
	w = talloc_vasprintf(o, fmt, ap);
	va_end(ap);
	return append_string(o, &o->warnings, &o->n_warnings, w);
}

int cifsaf_mount_options_add_passthrough(struct cifsaf_mount_options *o, const char *token)
{
	return append_string(o, &o->passthrough, &o->n_passthrough, talloc_strdup(o, token));
}

int optparser_copy_text(struct parser *p, const char *text)
{
	return cifsaf_mount_options_add_passthrough(p->o, text);
}

int optparser_copy_token(struct parser *p, const struct token *t)
{
	return optparser_copy_text(p, t->text);
}

int optparser_set_string(struct parser *p, char **slot, const char *value)
{
	talloc_free(*slot);
	*slot = talloc_strdup(p->o, value);
	return *slot ? 0 : -ENOMEM;
}
