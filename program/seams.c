/* seams.c: the real kernel release, lookups, probes and keyring (see
 * seams.h). */
#include "config.h"

#include <errno.h>
#include <sys/utsname.h>

#include "compat/compat.h"
#include "resolver/lookup_fork.h"
#include "resolver/probe_socket.h"
#include "seams.h"

int kernel_facts(struct cifsaf_kernel *ret, const char **ret_release)
{
	static struct utsname uts;
	const char *release = cifsaf_secure_getenv("CIFS_AF_KERNEL_RELEASE");

	*ret_release = "";

	if (release == NULL || *release == '\0') {
		if (uname(&uts) < 0)
			return -errno;
		release = uts.release;
	}
	*ret_release = release;
	return cifsaf_kernel_parse(release, ret);
}

static void *socket_prober_new(void *mem, size_t n)
{
	return cifsaf_socket_prober_new(mem, n);
}

/* The AD site step's seams need a context of each run's own (its sockets):
 * callers copy these ops and set site and site_ctx (adsite_io.h). */
const struct cifsaf_decide_ops real_decide_ops = {
	&cifsaf_getaddrinfo_ops, NULL, &cifsaf_socket_probe_ops, socket_prober_new, NULL, NULL,
};

int cache_keyring(struct cifsaf_keyring *k)
{
	const char *name = cifsaf_secure_getenv("CIFS_AF_KEYRING");
	enum cifsaf_keyring_base base;

	if (cifsaf_keyring_base_from_name(name, &base) < 0)
		return -EINVAL;
	cifsaf_keyring_init(k, base);
	return 0;
}
