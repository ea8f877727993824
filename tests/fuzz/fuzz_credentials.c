/* Fuzz target: the credentials= file parser, on raw bytes (NULs and all). */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "mount-cifs/credentials.h"

static void check_field(const char *s)
{
	/* A value ends at the end of its line. */
	if (s != NULL)
		FUZZ_CHECK(strchr(s, '\n') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *mem = talloc_new(NULL);
	struct cifsaf_credentials *c = NULL;
	const char *why = NULL;
	unsigned line = 0;
	int r;

	r = cifsaf_credentials_parse(mem, (const char *)data, size, &c, &line, &why);
	if (r == 0) {
		check_field(c->username);
		check_field(c->password);
		check_field(c->password2);
		check_field(c->domain);
	} else {
		FUZZ_CHECK(r == -EINVAL || r == -ENOMEM);
		if (r == -EINVAL)
			FUZZ_CHECK(line >= 1 && why != NULL);
	}
	talloc_free(mem);
	return 0;
}
