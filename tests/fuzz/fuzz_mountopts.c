/* Fuzz target: the -o option parser and the kernel option string.
 * The input is OPTIONS, then optionally a NUL and the text a credentials=
 * file would hold, so the credentials path through the parser is reached. */
#include "config.h"

#include <errno.h>
#include <sys/types.h>

#include "fuzz.h"
#include "mount-cifs/credentials.h"
#include "mount-cifs/mountopts.h"

static int user_id(const char *name, uid_t *ret)
{
	if (strcmp(name, "alice") != 0)
		return -ENOENT;
	*ret = 1000;
	return 0;
}

static int group_id(const char *name, gid_t *ret)
{
	if (strcmp(name, "staff") != 0)
		return -ENOENT;
	*ret = 50;
	return 0;
}

static const struct cifsaf_id_ops ids = { user_id, group_id };

struct cred_text {
	const char *text;
	size_t len;
};

static int load_credentials(void *ctx, void *mem, const char *path, struct cifsaf_credentials **ret,
			    char **ret_why)
{
	const struct cred_text *c = ctx;
	const char *why = NULL;
	unsigned line = 0;
	int r;

	(void)path;
	r = cifsaf_credentials_parse(mem, c->text, c->len, ret, &line, &why);
	if (r < 0)
		*ret_why = talloc_asprintf(mem, "line %u: %s", line, why);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	const uint8_t *nul = memchr(data, '\0', size);
	struct cifsaf_mount_options *o = NULL;
	struct cifsaf_parse_env env;
	struct cred_text cred;
	char *optstr, *why = NULL, *kernel = NULL, *shown = NULL;
	size_t optlen = nul ? (size_t)(nul - data) : size;
	int r;

	optstr = fuzz_string(mem, data, optlen);
	cred.text = nul ? (const char *)nul + 1 : "";
	cred.len = nul ? size - optlen - 1 : 0;
	memset(&env, 0, sizeof(env));
	env.ids = &ids;
	env.load_credentials = load_credentials;
	env.ctx = &cred;
	env.password = optlen % 3 == 0 ? "env,pass" : NULL;

	r = cifsaf_mount_options_parse(mem, optstr, &env, &o, &why);
	if (r == 0) {
		FUZZ_CHECK(o != NULL);
		r = cifsaf_mount_options_kernel_string(mem, o, "192.0.2.1", "\\\\fs\\share", "sub",
						       false, &kernel);
		FUZZ_CHECK(r == 0 || r == -E2BIG);
		if (r == 0) {
			FUZZ_CHECK(strlen(kernel) <= CIFSAF_KERNEL_OPTIONS_MAX);
			FUZZ_CHECK(strncmp(kernel, "ip=192.0.2.1,unc=", 17) == 0);
			r = cifsaf_mount_options_kernel_string(mem, o, "192.0.2.1", "\\\\fs\\share",
							       "sub", true, &shown);
			FUZZ_CHECK(r == 0 || r == -E2BIG);
		}
		FUZZ_CHECK(!o->username || strlen(o->username) <= CIFSAF_USERNAME_MAX ||
			   cred.len > 0);
		FUZZ_CHECK(!o->password || strlen(o->password) <= CIFSAF_PASSWORD_MAX);
		FUZZ_CHECK(!o->password2 || strlen(o->password2) <= CIFSAF_PASSWORD_MAX);
	} else {
		FUZZ_CHECK(r == -EINVAL || r == -E2BIG);
	}
	talloc_free(mem);
	return 0;
}
