/* unc.c: UNC parsing.  Unlike cifs-utils' parse_unc, every part is a
 * NUL-terminated copy, a missing share is an error rather than a read past
 * the end, and separators that would reach the kernel are refused. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include "unc.h"

static int is_sep(char c)
{
	return c == '/' || c == '\\';
}

int cifsaf_unc_parse(void *mem, const char *service, struct cifsaf_unc *ret, const char **ret_why)
{
	size_t len = strlen(service), host_len, share_len;
	const char *host, *share, *prefix;
	struct cifsaf_unc unc;
	char *p;

	if (len > CIFSAF_UNC_MAX) {
		*ret_why = "UNC name too long";
		return -EINVAL;
	}
	if (len < 3) {
		*ret_why = "UNC name too short";
		return -EINVAL;
	}
	if (strncasecmp(service, "cifs://", 7) == 0 || strncasecmp(service, "smb://", 6) == 0) {
		*ret_why = "cifs:// and smb:// URLs are not supported";
		return -EINVAL;
	}
	if (!(service[0] == '/' && service[1] == '/') && !(service[0] == '\\' && service[1] == '\\')) {
		*ret_why = "UNC must begin with // or \\\\";
		return -EINVAL;
	}
	host = service + 2;
	host_len = strcspn(host, "/\\");
	if (host_len == 0) {
		*ret_why = "UNC has no host";
		return -EINVAL;
	}
	if (host_len > CIFSAF_UNC_HOST_MAX) {
		*ret_why = "host portion of UNC too long";
		return -EINVAL;
	}
	if (host[host_len] == '\0') {
		*ret_why = "UNC has no share";
		return -EINVAL;
	}
	share = host + host_len + 1;
	share_len = strcspn(share, "/\\");
	if (share_len == 0) {
		*ret_why = "UNC has no share";
		return -EINVAL;
	}
	if (share_len > CIFSAF_UNC_SHARE_MAX) {
		*ret_why = "share portion of UNC too long";
		return -EINVAL;
	}
	prefix = share + share_len;
	while (is_sep(*prefix))
		prefix++;
	if (memchr(host, ',', host_len) != NULL) {
		*ret_why = "',' in the host name would inject mount options";
		return -EINVAL;
	}
	if (memchr(share, ',', share_len) != NULL) {
		*ret_why = "',' in the share name would inject mount options";
		return -EINVAL;
	}
	if (strchr(prefix, ',') != NULL) {
		*ret_why = "',' in the prefix path would inject mount options";
		return -EINVAL;
	}

	unc.host = talloc_strndup(mem, host, host_len);
	unc.share = talloc_strndup(mem, share, share_len);
	unc.prefix = talloc_strdup(mem, prefix);
	if (unc.host == NULL || unc.share == NULL || unc.prefix == NULL) {
		talloc_free(unc.host);
		talloc_free(unc.share);
		talloc_free(unc.prefix);
		*ret_why = "out of memory";
		return -ENOMEM;
	}
	for (p = unc.prefix; *p != '\0'; p++)
		if (*p == '\\')
			*p = '/';
	*ret = unc;
	return 0;
}

char *cifsaf_unc_kernel_form(void *mem, const struct cifsaf_unc *unc)
{
	return talloc_asprintf(mem, "\\\\%s\\%s", unc->host, unc->share);
}
