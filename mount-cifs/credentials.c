/* credentials.c: credentials file parsing (the bounded reads of secret
 * input are program/secret.c). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include "credentials.h"
#include "mountopts.h"
#include "program/secret.h"

static const struct {
	const char *key;
	size_t field;
} credential_keys[] = {
	{ "username", offsetof(struct cifsaf_credentials, username) },
	{ "user", offsetof(struct cifsaf_credentials, username) },
	{ "password", offsetof(struct cifsaf_credentials, password) },
	{ "pass", offsetof(struct cifsaf_credentials, password) },
	{ "password2", offsetof(struct cifsaf_credentials, password2) },
	{ "pass2", offsetof(struct cifsaf_credentials, password2) },
	{ "domain", offsetof(struct cifsaf_credentials, domain) },
	{ "dom", offsetof(struct cifsaf_credentials, domain) },
	{ "workgroup", offsetof(struct cifsaf_credentials, domain) },
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Handle one line (without its newline).  0, or -EINVAL with *ret_why. */
static int parse_line(struct cifsaf_credentials *c, const char *line, size_t len, const char **ret_why)
{
	const char *eq, *key = line, *key_end;
	size_t klen, vlen, i;
	char **slot;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	while (len > 0 && is_blank(*key)) {
		key++;
		len--;
	}
	if (len == 0 || *key == '#')
		return 0;
	eq = memchr(key, '=', len);
	if (eq == NULL) {
		*ret_why = "not a KEY=VALUE line";
		return -EINVAL;
	}
	key_end = eq;
	while (key_end > key && is_blank(key_end[-1]))
		key_end--;
	klen = (size_t)(key_end - key);
	vlen = len - (size_t)(eq + 1 - key);
	for (i = 0; i < sizeof(credential_keys) / sizeof(credential_keys[0]); i++) {
		if (strlen(credential_keys[i].key) == klen &&
		    strncasecmp(credential_keys[i].key, key, klen) == 0)
			break;
	}
	if (i == sizeof(credential_keys) / sizeof(credential_keys[0])) {
		*ret_why = "unknown key (expected username, password, password2 or domain)";
		return -EINVAL;
	}
	if (memchr(eq + 1, '\0', vlen) != NULL) {
		*ret_why = "NUL byte in the value";
		return -EINVAL;
	}
	slot = (char **)((char *)c + credential_keys[i].field);
	if (slot == &c->username && vlen > CIFSAF_USERNAME_MAX) {
		*ret_why = "user name longer than 256 bytes";
		return -EINVAL;
	}
	if (slot == &c->domain && vlen > CIFSAF_DOMAIN_MAX) {
		*ret_why = "domain longer than 256 bytes";
		return -EINVAL;
	}
	if ((slot == &c->password || slot == &c->password2) && vlen > CIFSAF_PASSWORD_MAX) {
		*ret_why = "password longer than 512 bytes";
		return -EINVAL;
	}
	talloc_free(*slot);
	*slot = talloc_strndup(c, eq + 1, vlen);
	if (*slot == NULL)
		return -ENOMEM;
	cifsaf_secret_string(*slot);
	return 0;
}

int cifsaf_credentials_parse(void *mem, const char *text, size_t len,
			     struct cifsaf_credentials **ret, unsigned *ret_line, const char **ret_why)
{
	struct cifsaf_credentials *c = talloc_zero(mem, struct cifsaf_credentials);
	const char *p = text, *end = text + len;
	unsigned line = 0;
	int r;

	if (c == NULL)
		return -ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t llen = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		r = parse_line(c, p, llen, ret_why);
		if (r < 0) {
			*ret_line = line;
			talloc_free(c);
			return r;
		}
		p += llen + (nl ? 1 : 0);
	}
	*ret = c;
	return 0;
}
