/* mount-log.c: an LD_PRELOAD interposer for the differential test.  It
 * replaces mount(2): the arguments are appended, one line per call, to the
 * file named by CIFSAF_MOUNT_LOG.  CIFSAF_MOUNT_ERRNOS (e.g. "6,0") gives the
 * result of each call in turn: 0 succeeds without mounting, N fails with
 * errno N; calls past the list succeed.
 * Only for tests run as root on binaries that are not setuid for the
 * caller (LD_PRELOAD is ignored under AT_SECURE). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>

/* The result for call number n (0-based) from CIFSAF_MOUNT_ERRNOS. */
static int result_for(int n)
{
	const char *p = getenv("CIFSAF_MOUNT_ERRNOS");
	char *end;
	long v = 0;

	if (p == NULL)
		return 0;
	for (; n >= 0; n--) {
		if (*p == '\0')
			return 0;
		v = strtol(p, &end, 10);
		p = *end == ',' ? end + 1 : end;
	}
	return (int)v;
}

int mount(const char *source, const char *target, const char *type, unsigned long flags,
	  const void *data)
{
	static int calls;
	const char *path = getenv("CIFSAF_MOUNT_LOG");
	int result = result_for(calls++);
	FILE *f;

	if (path == NULL)
		return 0;
	f = fopen(path, "a");
	if (f == NULL)
		return 0;
	fprintf(f, "source=%s\ttarget=%s\ttype=%s\tflags=0x%lx\tdata=%s\n", source ? source : "(null)",
		target ? target : "(null)", type ? type : "(null)", flags,
		data ? (const char *)data : "(null)");
	fclose(f);
	if (result != 0) {
		errno = result;
		return -1;
	}
	return 0;
}
