/* fstab.c: the /etc/fstab line a user mount may use (pure). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include "fstab.h"
#include "unc.h"

/* The prefix path without trailing separators (unc.c already turned '\'
 * into '/'), so //h/s/dir/ and //h/s/dir are the same share. */
static size_t prefix_len(const char *prefix)
{
	size_t len = strlen(prefix);

	while (len > 0 && prefix[len - 1] == '/')
		len--;
	return len;
}

int cifsaf_fstab_same_share(const char *a, const char *b)
{
	struct cifsaf_unc ua, ub;
	const char *why;
	void *mem = talloc_new(NULL);
	size_t la, lb;
	int same = 0;

	if (mem == NULL)
		return 0;
	if (cifsaf_unc_parse(mem, a, &ua, &why) == 0 && cifsaf_unc_parse(mem, b, &ub, &why) == 0) {
		la = prefix_len(ua.prefix);
		lb = prefix_len(ub.prefix);
		same = strcasecmp(ua.host, ub.host) == 0 && strcasecmp(ua.share, ub.share) == 0 &&
		       la == lb && strncmp(ua.prefix, ub.prefix, la) == 0;
	}
	talloc_free(mem);
	return same;
}

static int is_cifs_type(const char *type)
{
	return type != NULL && (strcmp(type, "cifs") == 0 || strcmp(type, "smb3") == 0);
}

int cifsaf_fstab_match(const struct cifsaf_fstab_entry *entries, size_t n, const char *service,
		       const char *canonical_dir, cifsaf_canonicalize_fn canonicalize, void *ctx,
		       size_t *ret_index)
{
	void *mem;
	char *dir;
	size_t i;
	int found = 0;

	mem = talloc_new(NULL);
	if (mem == NULL)
		return -ENOMEM;
	for (i = 0; i < n && !found; i++) {
		const struct cifsaf_fstab_entry *e = &entries[i];

		if (!is_cifs_type(e->type) || e->dir == NULL || e->fsname == NULL)
			continue;
		if (!cifsaf_fstab_same_share(e->fsname, service))
			continue;
		dir = canonicalize(ctx, mem, e->dir);
		if (dir != NULL && strcmp(dir, canonical_dir) == 0) {
			*ret_index = i;
			found = 1;
		}
		talloc_free(dir);
	}
	talloc_free(mem);
	return found ? 0 : -ENOENT;
}

/* Drop the last component of an absolute canonical path ("" is the root). */
static void drop_last(char *resolved)
{
	char *slash = strrchr(resolved, '/');

	if (slash != NULL)
		*slash = '\0';
}

char *cifsaf_fstab_trusted_path(void *mem, const char *path, const struct cifsaf_path_ops *ops,
				void *ctx)
{
	void *tmp;
	char *resolved, *rest, *next, *target, *component, *candidate;
	unsigned links = 0;
	int is_link;
	uid_t owner;
	size_t len;

	if (path == NULL || path[0] != '/')
		return NULL;
	tmp = talloc_new(NULL);
	if (tmp == NULL)
		return NULL;
	/* resolved: canonical so far, without a trailing slash ("" = root).
	 * rest: what is left to walk, links expanded in front of it. */
	resolved = talloc_strdup(tmp, "");
	rest = talloc_strdup(tmp, path);
	while (resolved != NULL && rest != NULL && *rest != '\0') {
		len = strcspn(rest, "/");
		component = talloc_strndup(tmp, rest, len);
		rest += len + (rest[len] == '/');
		if (component == NULL)
			goto fail;
		if (*component == '\0' || strcmp(component, ".") == 0)
			continue;
		if (strcmp(component, "..") == 0) {
			drop_last(resolved);
			continue;
		}
		candidate = talloc_asprintf(tmp, "%s/%s", resolved, component);
		if (candidate == NULL || strlen(candidate) >= PATH_MAX ||
		    ops->lstat(ctx, candidate, &is_link, &owner) < 0)
			goto fail;
		if (!is_link) {
			resolved = candidate;
			continue;
		}
		/* A link the caller made, or could swap for one, proves
		 * nothing about which directory the administrator meant. */
		if (owner != 0 || ops->writable(ctx, *resolved ? resolved : "/") ||
		    ++links > CIFSAF_FSTAB_LINKS_MAX || ops->readlink(ctx, tmp, candidate, &target) < 0)
			goto fail;
		if (target[0] == '/')
			resolved[0] = '\0';
		next = talloc_asprintf(tmp, "%s/%s", target, rest);
		if (next == NULL || strlen(next) >= 2 * PATH_MAX)
			goto fail;
		rest = next;
	}
	if (resolved == NULL || rest == NULL)
		goto fail;
	resolved = talloc_strdup(mem, *resolved ? resolved : "/");
	talloc_free(tmp);
	return resolved;
fail:
	talloc_free(tmp);
	return NULL;
}
