/* fuzz.h: shared by the libFuzzer targets in tests/fuzz/.  Each target feeds
 * its input to one parser of cifs-af and checks what the parser promises
 * (bounds, round trips, no leak on the talloc NULL context); a crash, a
 * sanitizer report or a failed check is a finding. */
#ifndef CIFSAF_FUZZ_H
#define CIFSAF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Track the talloc NULL context, so every target can check after each
 * input that it left nothing behind; the tracking context itself is freed
 * at exit, before LeakSanitizer's final check. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	talloc_enable_null_tracking();
	atexit(talloc_disable_null_tracking);
	return 0;
}

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
