/* Fuzz target: what the decision cache and cifs-af.dnsresolver read from
 * the kernel's keyring.  The first byte picks the parser, the rest is its
 * input:
 *   0  a cache payload: accepted ones re-encode to the very same bytes
 *   1  keyctl_describe text: accepted ones re-format to the same text
 *   2  a dns_resolver key description: a host is a valid name, a typed
 *      query holds ':'
 *   3  dns_resolver callout options: accepted ones hold no ',' and only
 *      printable bytes; a refused word is inside the input and holds ',' */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "resolver/dcache.h"
#include "resolver/dnsupcall.h"
#include "resolver/keydesc.h"

static void payload(const char *in, size_t n)
{
	struct cifsaf_cache_entry e;
	char again[CIFSAF_CACHE_PAYLOAD_MAX];
	int len;

	if (cifsaf_cache_payload_decode(in, n, &e) != 0)
		return;
	FUZZ_CHECK(e.port != 0 && e.stored >= 0);
	FUZZ_CHECK(e.addr.family == AF_INET || e.addr.family == AF_INET6);
	FUZZ_CHECK(e.addr.scope_id == 0 || cifsaf_candidate_is_link_local(&e.addr));
	len = cifsaf_cache_payload_encode(&e, again);
	FUZZ_CHECK(len > 0 && (size_t)len == n && memcmp(again, in, n) == 0);
}

static void describe(const char *in, size_t n)
{
	struct cifsaf_keydesc k;
	char head[CIFSAF_KEY_TYPE_MAX + 40];
	int len;

	if (cifsaf_keydesc_parse(in, n, &k) != 0)
		return;
	FUZZ_CHECK(k.type[0] != '\0' && strlen(k.type) <= CIFSAF_KEY_TYPE_MAX);
	FUZZ_CHECK(k.description >= in && k.description + k.description_len == in + n);
	len = snprintf(head, sizeof(head), "%s;%u;%u;%08x;", k.type, (unsigned)k.uid, (unsigned)k.gid,
		       (unsigned)k.perm);
	FUZZ_CHECK(len > 0 && (size_t)len + k.description_len == n && memcmp(head, in, (size_t)len) == 0);
	/* the trust rule never lets another owner through */
	if (k.uid != 0)
		FUZZ_CHECK(cifsaf_keydesc_others_may_write(&k));
}

static void description(const char *in, size_t n)
{
	struct cifsaf_upcall_request r;

	if (cifsaf_upcall_parse_description(in, n, &r) != 0)
		return;
	if (r.kind == CIFSAF_UPCALL_PASS) {
		FUZZ_CHECK(memchr(in, ':', n) != NULL);
		return;
	}
	FUZZ_CHECK(memchr(in, ':', n) == NULL);
	FUZZ_CHECK(strlen(r.host) == n && memcmp(r.host, in, n) == 0);
	FUZZ_CHECK(cifsaf_hostname_valid(r.host, n));
}

static void options(const char *in, size_t n)
{
	struct cifsaf_upcall_options o;
	const char *bad;
	size_t i;
	int r = cifsaf_upcall_parse_options(in, n, &o, &bad);

	if (r == 0) {
		FUZZ_CHECK(memchr(in, ',', n) == NULL);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(in[i] >= ' ' && in[i] <= '~');
	} else if (r == -EINVAL && bad != NULL) {
		FUZZ_CHECK(bad >= in && bad < in + n);
		FUZZ_CHECK(memchr(bad, ',', (size_t)(in + n - bad)) != NULL);
	} else {
		FUZZ_CHECK(r == -EINVAL || (r == -E2BIG && n > CIFSAF_UPCALL_CALLOUT_MAX));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data + 1;
	size_t n = size - 1;

	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		payload(in, n);
		break;
	case 1:
		describe(in, n);
		break;
	case 2:
		description(in, n);
		break;
	default:
		options(in, n);
		break;
	}
	return 0;
}
