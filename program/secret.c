/* secret.c: strings zeroed when freed, and bounded reads into them (see
 * secret.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "compat/compat.h"
#include "secret.h"

static int zero_on_free(char *s)
{
	cifsaf_memzero(s, talloc_get_size(s));
	return 0;
}

void cifsaf_secret_string(char *s)
{
	if (s != NULL)
		talloc_set_destructor(s, zero_on_free);
}

char *cifsaf_secret_strdup(void *mem, const char *s)
{
	char *copy;

	if (s == NULL)
		return NULL;
	copy = talloc_strdup(mem, s);
	cifsaf_secret_string(copy);
	return copy;
}

/* Where a secret buffer starts: most inputs (a password, a credentials
 * file, the child's report) are far smaller than their limits, and a secret
 * buffer is zeroed whole when freed. */
#define SECRET_BUFFER_START 1024

/* Grow a secret buffer to size bytes: the old one is zeroed as it is freed. */
static char *grow_secret(void *mem, char *buf, size_t len, size_t size)
{
	char *bigger = talloc_size(mem, size);

	if (bigger != NULL) {
		cifsaf_secret_string(bigger);
		memcpy(bigger, buf, len);
	}
	talloc_free(buf);
	return bigger;
}

/* Read to the end, at most max bytes, into a buffer that grows as needed
 * (one byte past max is asked for, to tell "exactly max" from "more"). */
static int read_all(void *mem, int fd, size_t max, char **ret, size_t *ret_len)
{
	size_t size = max + 2 < SECRET_BUFFER_START ? max + 2 : SECRET_BUFFER_START, len = 0;
	char *buf = talloc_size(mem, size);
	ssize_t n;
	int r;

	if (buf == NULL)
		return -ENOMEM;
	cifsaf_secret_string(buf);
	for (;;) {
		if (len + 1 == size) {	/* full but for the NUL */
			buf = grow_secret(mem, buf, len, size * 2 < max + 2 ? size * 2 : max + 2);
			if (buf == NULL)
				return -ENOMEM;
			size = talloc_get_size(buf);
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			talloc_free(buf);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			talloc_free(buf);
			return -EFBIG;
		}
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

int cifsaf_read_secret_file(void *mem, const char *path, size_t max, char **ret, size_t *ret_len)
{
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;	/* a FIFO or device could block or never end */
	} else {
		r = read_all(mem, fd, max, ret, ret_len);
	}
	close(fd);
	return r;
}

int cifsaf_read_secret_fd(void *mem, int fd, size_t max, char **ret, size_t *ret_len)
{
	return read_all(mem, fd, max, ret, ret_len);
}
