/* Fuzz target: the UNC parser, and the fstab share comparison built on it.
 * The input is a service; a NUL splits it into two for the comparison. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "mount-cifs/fstab.h"
#include "mount-cifs/unc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	const uint8_t *nul = memchr(data, '\0', size);
	size_t first = nul ? (size_t)(nul - data) : size;
	char *a = fuzz_string(mem, data, first);
	char *b = nul ? fuzz_string(mem, nul + 1, size - first - 1) : a;
	struct cifsaf_unc u;
	const char *why = NULL;
	char *kernel;
	int r;

	r = cifsaf_unc_parse(mem, a, &u, &why);
	if (r == 0) {
		/* No part may carry a separator into the kernel's options. */
		FUZZ_CHECK(strchr(u.host, ',') == NULL);
		FUZZ_CHECK(strchr(u.share, ',') == NULL);
		FUZZ_CHECK(strchr(u.prefix, ',') == NULL);
		FUZZ_CHECK(*u.host != '\0' && *u.share != '\0');
		FUZZ_CHECK(strlen(u.host) <= CIFSAF_UNC_HOST_MAX);
		FUZZ_CHECK(strlen(u.share) <= CIFSAF_UNC_SHARE_MAX);
		FUZZ_CHECK(strchr(u.prefix, '\\') == NULL);
		kernel = cifsaf_unc_kernel_form(mem, &u);
		FUZZ_CHECK(kernel != NULL);
		/* A service is always the same share as itself. */
		FUZZ_CHECK(cifsaf_fstab_same_share(a, a) == 1);
	} else {
		FUZZ_CHECK(r == -EINVAL && why != NULL);
		FUZZ_CHECK(cifsaf_fstab_same_share(a, b) == 0);
	}
	/* The comparison is symmetric. */
	FUZZ_CHECK(cifsaf_fstab_same_share(a, b) == cifsaf_fstab_same_share(b, a));
	talloc_free(mem);
	return 0;
}
