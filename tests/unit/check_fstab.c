/* Unit tests: mount-cifs/fstab.c, which /etc/fstab line a user mount uses. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/fstab.h"

/* A fake file system: "/home/u/link" is a symlink to "/home/u/m", and
 * "/root/m" cannot be reached by the caller. */
static char *fake_canonicalize(void *ctx, void *mem, const char *path)
{
	size_t len = strlen(path);

	(void)ctx;
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (strncmp(path, "/root", 5) == 0)
		return NULL;
	if (len == strlen("/home/u/link") && strncmp(path, "/home/u/link", len) == 0)
		return talloc_strdup(mem, "/home/u/m");
	return talloc_strndup(mem, path, len);
}

static int match(const struct cifsaf_fstab_entry *e, size_t n, const char *service,
		 const char *dir, size_t *index)
{
	return cifsaf_fstab_match(e, n, service, dir, fake_canonicalize, NULL, index);
}

START_TEST(first_matching_cifs_line)
{
	static const struct cifsaf_fstab_entry e[] = {
		{ "/dev/sda1", "/", "ext4", "defaults" },
		{ "//fs/share", "/home/u/other", "cifs", "user" },
		{ "//fs/share", "/home/u/m", "cifs", "user,guest" },
		{ "//fs/share", "/home/u/m", "cifs", "user,second" },
	};
	size_t i = 99;

	ck_assert_int_eq(match(e, 4, "//fs/share", "/home/u/m", &i), 0);
	ck_assert_uint_eq(i, 2);
}
END_TEST

START_TEST(other_types_never_match)
{
	static const struct cifsaf_fstab_entry e[] = {
		{ "//fs/share", "/home/u/m", "nfs", "user" },
		{ "//fs/share", "/home/u/m", "cifsx", "user" },
		{ "//fs/share", "/home/u/m", "smb3", "user,vers=3.1.1" },
	};
	size_t i = 99;

	ck_assert_int_eq(match(e, 2, "//fs/share", "/home/u/m", &i), -ENOENT);
	ck_assert_int_eq(match(e, 3, "//fs/share", "/home/u/m", &i), 0);
	ck_assert_uint_eq(i, 2);
}
END_TEST

START_TEST(paths_compared_canonically)
{
	static const struct cifsaf_fstab_entry e[] = {
		{ "//fs/share", "/home/u/link/", "cifs", "user" },
	};
	static const struct cifsaf_fstab_entry root_only[] = {
		{ "//fs/share", "/root/m", "cifs", "user" },
	};
	size_t i;

	ck_assert_int_eq(match(e, 1, "//fs/share", "/home/u/m", &i), 0);
	ck_assert_int_eq(match(e, 1, "//fs/share", "/home/u/other", &i), -ENOENT);
	/* A line the caller cannot resolve matches nothing, not even its
	 * literal text. */
	ck_assert_int_eq(match(root_only, 1, "//fs/share", "/root/m", &i), -ENOENT);
}
END_TEST

START_TEST(same_share_forms)
{
	ck_assert(cifsaf_fstab_same_share("//fs/share", "\\\\fs\\share"));
	ck_assert(cifsaf_fstab_same_share("//fs/share/", "//fs/share"));
	ck_assert(cifsaf_fstab_same_share("//FS/Share", "//fs/share"));
	ck_assert(cifsaf_fstab_same_share("//fs/share/a/b/", "\\\\fs\\share\\a\\b"));
	ck_assert(!cifsaf_fstab_same_share("//fs/share/a/B", "//fs/share/a/b"));
	ck_assert(!cifsaf_fstab_same_share("//fs/share", "//fs/share2"));
	ck_assert(!cifsaf_fstab_same_share("//fs/share", "//fs2/share"));
	ck_assert(!cifsaf_fstab_same_share("//fs/share", "//fs/share/sub"));
	/* Not a UNC on either side: never the same. */
	ck_assert(!cifsaf_fstab_same_share("fs:/share", "fs:/share"));
	ck_assert(!cifsaf_fstab_same_share("//fs/s,uid=0", "//fs/s,uid=0"));
}
END_TEST

START_TEST(service_must_match)
{
	static const struct cifsaf_fstab_entry e[] = {
		{ "//fs/share", "/home/u/m", "cifs", "user" },
	};
	size_t i;

	ck_assert_int_eq(match(e, 1, "//evil/share", "/home/u/m", &i), -ENOENT);
	ck_assert_int_eq(match(e, 1, "//fs/share,ip=192.0.2.1", "/home/u/m", &i), -ENOENT);
	ck_assert_int_eq(match(e, 0, "//fs/share", "/home/u/m", &i), -ENOENT);
}
END_TEST

/* A fake file system for the trusted resolver.  Directories: /, /home,
 * /data, /data/home, /data/home/u, /data/home/u/m, /etc.  Links:
 *   /home      -> /data/home   root's, in / (trusted)
 *   /data/home/u/evil -> /etc  the caller's, in their own directory
 *   /data/home/u/planted -> /etc  root's, but in a directory the caller can write
 *   /data/rel  -> home/u        root's, relative
 *   /data/loop -> /data/loop    root's, a loop */
static const struct {
	const char *path, *target;
	uid_t owner;
} fake_fs[] = {
	{ "/home", "/data/home", 0 },		{ "/data", NULL, 0 },
	{ "/data/home", NULL, 0 },		{ "/data/home/u", NULL, 1000 },
	{ "/data/home/u/m", NULL, 1000 },	{ "/etc", NULL, 0 },
	{ "/data/home/u/evil", "/etc", 1000 },	{ "/data/home/u/planted", "/etc", 0 },
	{ "/data/rel", "home/u", 0 },		{ "/data/loop", "/data/loop", 0 },
};

static int fake_lstat(void *ctx, const char *path, int *ret_link, uid_t *ret_uid)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(fake_fs) / sizeof(fake_fs[0]); i++)
		if (strcmp(fake_fs[i].path, path) == 0) {
			*ret_link = fake_fs[i].target != NULL;
			*ret_uid = fake_fs[i].owner;
			return 0;
		}
	return -ENOENT;
}

static int fake_readlink(void *ctx, void *mem, const char *path, char **ret)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(fake_fs) / sizeof(fake_fs[0]); i++)
		if (strcmp(fake_fs[i].path, path) == 0 && fake_fs[i].target) {
			*ret = talloc_strdup(mem, fake_fs[i].target);
			return 0;
		}
	return -EINVAL;
}

/* The caller (uid 1000) can write to their own directory only. */
static int fake_writable(void *ctx, const char *dir)
{
	(void)ctx;
	return strcmp(dir, "/data/home/u") == 0 || strcmp(dir, "/data/home/u/m") == 0;
}

static const struct cifsaf_path_ops fake_ops = { fake_lstat, fake_readlink, fake_writable };

static void trusted(const char *path, const char *want)
{
	char *got = cifsaf_fstab_trusted_path(test_mem, path, &fake_ops, NULL);

	if (want == NULL)
		ck_assert_msg(got == NULL, "%s resolved to %s", path, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s: got %s, want %s", path,
			      got ? got : "NULL", want);
}

START_TEST(trusted_links_only)
{
	trusted("/home/u/m", "/data/home/u/m");		/* root's link in / */
	trusted("/home//u/./m/", "/data/home/u/m");
	trusted("/data/home/u/m/../m", "/data/home/u/m");
	trusted("/data/rel/m", "/data/home/u/m");	/* relative target */
	trusted("/", "/");
	trusted("/etc", "/etc");
	/* The caller's own link, or one in a directory they can write:
	 * proof of nothing. */
	trusted("/home/u/evil", NULL);
	trusted("/data/home/u/planted", NULL);
	trusted("/data/loop", NULL);
	trusted("/data/home/u/missing", NULL);
	trusted("relative/path", NULL);
	trusted(NULL, NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fstab");
	TCase *tc = testhelp_tcase("fstab");

	tcase_add_test(tc, first_matching_cifs_line);
	tcase_add_test(tc, other_types_never_match);
	tcase_add_test(tc, paths_compared_canonically);
	tcase_add_test(tc, same_share_forms);
	tcase_add_test(tc, service_must_match);
	tcase_add_test(tc, trusted_links_only);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
