/* caps.c: the capability calls whose kernel interface changed after
 * 2.6.18 (compat.h): the bounding set (2.6.25) and capset version 1. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"

#ifndef PR_CAPBSET_READ
#define PR_CAPBSET_READ 23
#endif
#ifndef PR_CAPBSET_DROP
#define PR_CAPBSET_DROP 24
#endif

int cifsaf_capbset_read(int cap)
{
	int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);

	return r < 0 ? -errno : r;
}

int cifsaf_capbset_drop(int cap)
{
	return prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 ? -errno : 0;
}

/* The kernel's layout of _LINUX_CAPABILITY_VERSION_1's header and sets. */
struct cap_header_v1 {
	uint32_t version;
	int pid;
};

struct cap_data_v1 {
	uint32_t effective, permitted, inheritable;
};

int cifsaf_capset_v1(uint32_t effective, uint32_t permitted)
{
	struct cap_header_v1 header = { 0x19980330, 0 };
	struct cap_data_v1 data = { effective, permitted, 0 };

	return syscall(SYS_capset, &header, &data) < 0 ? -errno : 0;
}
