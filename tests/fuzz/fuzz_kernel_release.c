/* Fuzz target: the kernel release parser and what it decides about ip=. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "resolver/kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	char *release = fuzz_string(mem, data, size);
	struct cifsaf_kernel k;
	struct cifsaf_candidate c;
	enum cifsaf_kernel_verdict v;
	int r;

	r = cifsaf_kernel_parse(release, &k);
	if (r == 0) {
		FUZZ_CHECK(strlen(k.release) <= CIFSAF_KERNEL_RELEASE_MAX);
		/* Facts that follow from the version, whatever the text. */
		if (cifsaf_kernel_cmp(&k, 2, 6, 23) < 0 || k.rhel5)
			FUZZ_CHECK(!k.ipv6);
		if (cifsaf_kernel_cmp(&k, 2, 6, 31) >= 0 && !k.rhel5)
			FUZZ_CHECK(k.ipv6 && k.scope_ids && k.ipv6_max_len == 0);
		FUZZ_CHECK(cifsaf_kernel_cmp(&k, k.version[0], k.version[1], k.version[2]) == 0);
		memset(&c, 0, sizeof(c));
		c.family = AF_INET;
		FUZZ_CHECK(cifsaf_kernel_check(&k, &c) == CIFSAF_KERNEL_ACCEPTS);
		c.family = AF_INET6;
		c.addr.v6.s6_addr[0] = 0xfe;
		c.addr.v6.s6_addr[1] = 0x80;
		v = cifsaf_kernel_check(&k, &c);	/* link-local, no scope */
		FUZZ_CHECK(v != CIFSAF_KERNEL_ACCEPTS);
		FUZZ_CHECK(cifsaf_kernel_verdict_text(v) != NULL);
	} else {
		FUZZ_CHECK(r == -EINVAL);
	}
	talloc_free(mem);
	return 0;
}
