/* conffile.c: the bounded, ownership-checked read of the configuration. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat/compat.h"
#include "conffile.h"
#include "secret.h"

bool cifsaf_config_file_trusted(uid_t owner, mode_t mode)
{
	return owner == 0 && (mode & (S_IWGRP | S_IWOTH)) == 0;
}

int cifsaf_config_file_read(void *mem, const char *path, size_t max, bool check_owner, char **ret,
			    size_t *ret_len, uid_t *ret_owner, mode_t *ret_mode)
{
	struct stat st;
	int fd, r;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	r = cifsaf_fd_set_cloexec(fd);
	if (r == 0 && fstat(fd, &st) < 0)
		r = -errno;
	if (r == 0) {
		*ret_owner = st.st_uid;
		*ret_mode = st.st_mode;
		if (!S_ISREG(st.st_mode))
			r = -EINVAL;
		else if (check_owner && !cifsaf_config_file_trusted(st.st_uid, st.st_mode))
			r = -EPERM;
		else if (st.st_size > (off_t)max)
			r = -EFBIG;
	}
	/* The size is checked again while reading: the file may grow. */
	if (r == 0)
		r = cifsaf_read_secret_fd(mem, fd, max, ret, ret_len);
	close(fd);
	return r;
}
