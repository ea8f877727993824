/* mount-log.c: an LD_PRELOAD interposer for the differential test.  It
 * replaces mount(2): the arguments are appended, one line per call, to the
 * file named by CIFSAF_MOUNT_LOG, and the call succeeds without mounting.
 * Only for tests run as root on binaries that are not setuid for the
 * caller (LD_PRELOAD is ignored under AT_SECURE). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>

int mount(const char *source, const char *target, const char *type, unsigned long flags,
	  const void *data)
{
	const char *path = getenv("CIFSAF_MOUNT_LOG");
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
	return 0;
}
