/* mtab.c: lock, append with rollback, remove, and line formatting. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include "compat/compat.h"
#include "mtab.h"
#include "resolver/probe_socket.h"

int cifsaf_mtab_usable(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -EMLINK;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return 0;
}

char *cifsaf_mtab_options(void *mem, unsigned long flags, const char *mount_user)
{
	return talloc_asprintf(mem, "%s%s%s%s%s%s%s%s", flags & MS_RDONLY ? "ro" : "rw",
			       flags & MS_MANDLOCK ? ",mand" : "", flags & MS_NOEXEC ? ",noexec" : "",
			       flags & MS_NOSUID ? ",nosuid" : "", flags & MS_NODEV ? ",nodev" : "",
			       flags & MS_SYNCHRONOUS ? ",sync" : "", mount_user ? ",user=" : "",
			       mount_user ? mount_user : "");
}

static char *escape_field(void *mem, const char *s)
{
	char *out = talloc_strdup(mem, "");

	for (; out != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			out = talloc_asprintf_append(out, "\\%03o", (unsigned char)*s);
		else
			out = talloc_asprintf_append(out, "%c", *s);
	}
	return out;
}

char *cifsaf_mtab_line(void *mem, const char *fsname, const char *dir, const char *type,
		       const char *options)
{
	void *tmp = talloc_new(mem);
	char *line = NULL, *f, *d, *t, *o;

	if (tmp == NULL)
		return NULL;
	f = escape_field(tmp, fsname);
	d = escape_field(tmp, dir);
	t = escape_field(tmp, type);
	o = escape_field(tmp, options);
	if (f && d && t && o)
		line = talloc_asprintf(mem, "%s %s %s %s 0 0\n", f, d, t, o);
	talloc_free(tmp);
	return line;
}

/* util-linux's protocol: make PATH~PID, then link it to PATH~.  Whoever
 * links first holds the lock. */
int cifsaf_mtab_lock(const char *path, int timeout_ms)
{
	char own[4096], lock[4096];
	int64_t start = cifsaf_monotonic_ms();
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	int fd, r = 0;

	if (snprintf(own, sizeof(own), "%s~%d", path, (int)getpid()) >= (int)sizeof(own) ||
	    snprintf(lock, sizeof(lock), "%s~", path) >= (int)sizeof(lock))
		return -ENAMETOOLONG;
	fd = open(own, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	for (;;) {
		if (link(own, lock) == 0)
			break;
		if (errno != EEXIST) {
			r = -errno;
			break;
		}
		if (cifsaf_monotonic_ms() - start >= timeout_ms) {
			r = -ETIMEDOUT;
			break;
		}
		nanosleep(&pause, NULL);
	}
	unlink(own);
	return r;
}

void cifsaf_mtab_unlock(const char *path)
{
	char lock[4096];

	if (snprintf(lock, sizeof(lock), "%s~", path) < (int)sizeof(lock))
		unlink(lock);
}

int cifsaf_mtab_append(const char *path, const char *line)
{
	size_t len = strlen(line), done = 0;
	struct stat st;
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	while (r == 0 && done < len) {
		ssize_t n = write(fd, line + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = n < 0 ? -errno : -EIO;
		else
			done += (size_t)n;
	}
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (r < 0 && ftruncate(fd, st.st_size) < 0)
		r = -errno;	/* both failed: report the later one */
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

int cifsaf_mtab_remove_dir(void *mem, const char *path, const char *dir)
{
	char *tmp_path, *slash;
	FILE *in = NULL, *out = NULL;
	struct mntent *m;
	int fd = -1, r = 0;

	tmp_path = talloc_strdup(mem, path);
	if (tmp_path == NULL)
		return -ENOMEM;
	slash = strrchr(tmp_path, '/');
	tmp_path = slash ? talloc_asprintf(mem, "%.*s/.mtab.cifs.XXXXXX", (int)(slash - tmp_path),
					   tmp_path)
			 : talloc_strdup(mem, ".mtab.cifs.XXXXXX");
	if (tmp_path == NULL)
		return -ENOMEM;
	in = setmntent(path, "r");
	if (in == NULL)
		return -errno;
	fd = mkstemp(tmp_path);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	out = fdopen(fd, "w");
	if (out == NULL) {
		r = -errno;
		close(fd);
		goto out_unlink;
	}
	while ((m = getmntent(in)) != NULL) {
		if (strcmp(m->mnt_dir, dir) == 0)
			continue;
		if (addmntent(out, m) != 0) {
			r = -EIO;
			break;
		}
	}
	if (r == 0 && (fflush(out) != 0 || fsync(fileno(out)) < 0))
		r = -errno;
	if (fclose(out) != 0 && r == 0)
		r = -errno;
	if (r == 0 && chmod(tmp_path, 0644) < 0)
		r = -errno;
	if (r == 0 && rename(tmp_path, path) < 0)
		r = -errno;
out_unlink:
	if (r < 0)
		unlink(tmp_path);
out:
	endmntent(in);
	return r;
}
