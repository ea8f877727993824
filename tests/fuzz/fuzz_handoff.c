/* Fuzz target: the handoff decoder, where the privileged parent reads what
 * the unprivileged child sends.  Whatever is accepted must re-encode to the
 * same meaning. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "mount-cifs/handoff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	struct cifsaf_handoff *h = NULL, *again = NULL;
	uint8_t *buf;
	size_t len, i;
	int r;

	r = cifsaf_handoff_decode(mem, data, size, &h);
	if (r == 0) {
		FUZZ_CHECK(h->n_candidates <= CIFSAF_HANDOFF_CANDIDATES_MAX);
		FUZZ_CHECK(h->n_credentials <= CIFSAF_HANDOFF_CREDENTIALS_MAX);
		for (i = 0; i < h->n_candidates; i++)
			FUZZ_CHECK(h->candidates[i].family == AF_INET ||
				   h->candidates[i].family == AF_INET6);
		FUZZ_CHECK(cifsaf_handoff_encode(mem, h, &buf, &len) == 0);
		FUZZ_CHECK(cifsaf_handoff_decode(mem, buf, len, &again) == 0);
		FUZZ_CHECK(again->n_candidates == h->n_candidates);
		FUZZ_CHECK(again->n_credentials == h->n_credentials);
		FUZZ_CHECK(again->port == h->port);
		FUZZ_CHECK((again->password == NULL) == (h->password == NULL));
		if (h->password)
			FUZZ_CHECK(strcmp(again->password, h->password) == 0);
		for (i = 0; i < h->n_candidates; i++)
			FUZZ_CHECK(cifsaf_candidate_equal(&again->candidates[i], &h->candidates[i]));
	} else {
		FUZZ_CHECK(r == -EBADMSG);
	}
	talloc_free(mem);
	return 0;
}
