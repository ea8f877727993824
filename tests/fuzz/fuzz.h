/* fuzz.h: shared by the libFuzzer targets in tests/fuzz/.  Each target feeds
 * its input to one parser of cifs-af and checks what the parser promises
 * (bounds, round trips); a crash, a sanitizer report (a leak included) or
 * a failed check is a finding. */
#ifndef CIFSAF_FUZZ_H
#define CIFSAF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Leaks are LeakSanitizer's to find: libFuzzer checks after any input that
 * allocated more than it freed.  talloc's NULL-context tracking is not used:
 * its context is a zero-size chunk that talloc points to at the chunk's
 * very end, which LeakSanitizer takes for no reference at all, so it would
 * be reported as a leak whenever such a check runs. */

/* A failed promise: report it and abort, so libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                            \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                             \
			abort();                                                    \
		}                                                                   \
	} while (0)

/* The input as a NUL-terminated talloc string (bytes after a NUL are cut,
 * as they would be in argv or a C string). */
static inline char *fuzz_string(void *mem, const uint8_t *data, size_t size)
{
	char *s = talloc_size(mem, size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
