/* credentials.h: the credentials= file (username, password, password2,
 * domain); program/secret.h reads it and the PASSWD* inputs. */
#ifndef CIFSAF_CREDENTIALS_H
#define CIFSAF_CREDENTIALS_H

#include <stddef.h>

#define CIFSAF_CREDENTIALS_FILE_MAX 16384	/* bytes */
#define CIFSAF_PASSWORD_INPUT_MAX 512		/* bytes read from PASSWD_FD/FILE */

/* Fields found in a credentials file; NULL when absent.  Every string is a
 * talloc child zeroed when freed. */
struct cifsaf_credentials {
	char *username;
	char *password;
	char *password2;
	char *domain;
};

/* Parse credentials file text.  Lines are KEY=VALUE with KEY one of
 * username/user, password/pass, password2/pass2, domain/dom/workgroup (any
 * case, blanks around the key ignored); the value is kept as written up to
 * the end of the line, a trailing CR removed.  Blank lines and lines
 * starting with '#' are skipped.  Returns 0, or -EINVAL with *ret_line (1-based)
 * and *ret_why naming what is wrong with that line, never its value. */
int cifsaf_credentials_parse(void *mem, const char *text, size_t len,
			     struct cifsaf_credentials **ret, unsigned *ret_line, const char **ret_why);

#endif
