/* Fuzz target: literal addresses and the ip= formatter.  Parsing a literal
 * and formatting it must round-trip; so must any sockaddr the resolver could
 * be handed, whatever its bytes. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "resolver/candidate.h"

static void round_trip(const struct cifsaf_candidate *c)
{
	char text[CIFSAF_ADDRSTRLEN], small[8];
	struct cifsaf_candidate back;
	int len;

	len = cifsaf_candidate_format(c, text, sizeof(text));
	FUZZ_CHECK(len > 0 && (size_t)len < sizeof(text) && strlen(text) == (size_t)len);
	FUZZ_CHECK(strchr(text, ',') == NULL);
	FUZZ_CHECK(cifsaf_candidate_text_len(c) <= (size_t)len);
	FUZZ_CHECK(cifsaf_candidate_parse_literal(text, &back) == 0);
	FUZZ_CHECK(cifsaf_candidate_equal(c, &back));
	/* Never truncated: a buffer too small is an error. */
	if ((size_t)len >= sizeof(small))
		FUZZ_CHECK(cifsaf_candidate_format(c, small, sizeof(small)) == -ENOSPC);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	struct cifsaf_candidate c;
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	int r;

	r = cifsaf_candidate_parse_literal(fuzz_string(mem, data, size), &c);
	if (r == 0) {
		FUZZ_CHECK(c.scope_id == 0 || c.family == AF_INET6);
		round_trip(&c);
	} else {
		FUZZ_CHECK(r == -EINVAL || r == -ENODEV);
	}

	/* The same bytes as a resolver's sockaddr. */
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	memcpy(&sin6.sin6_addr, data, size < 16 ? size : 16);
	if (size >= 20)
		memcpy(&sin6.sin6_scope_id, data + 16, 4);
	if (cifsaf_candidate_from_sockaddr((struct sockaddr *)&sin6, sizeof(sin6), &c) == 0) {
		/* Only a link-local address keeps a scope. */
		FUZZ_CHECK(c.scope_id == 0 || cifsaf_candidate_is_link_local(&c));
		round_trip(&c);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	memcpy(&sin.sin_addr, data, size < 4 ? size : 4);
	FUZZ_CHECK(cifsaf_candidate_from_sockaddr((struct sockaddr *)&sin, sizeof(sin), &c) == 0);
	round_trip(&c);
	talloc_free(mem);
	return 0;
}
