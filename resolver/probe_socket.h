/* probe_socket.h: the real cifsaf_probe_ops: non-blocking TCP connects
 * (fcntl O_NONBLOCK, poll, SO_ERROR: all available on 2.6.18) and
 * CLOCK_MONOTONIC. */
#ifndef CIFSAF_PROBE_SOCKET_H
#define CIFSAF_PROBE_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include "race.h"

struct cifsaf_socket_prober {
	int *fds;	/* one per candidate, -1 when none */
	size_t n;
};

/* Allocate the descriptor table as a talloc child of mem.  A destructor
 * closes any descriptor still open.  Returns NULL on allocation failure. */
struct cifsaf_socket_prober *cifsaf_socket_prober_new(void *mem, size_t n);

extern const struct cifsaf_probe_ops cifsaf_socket_probe_ops;

/* Monotonic milliseconds; also used by the program layer for timings. */
int64_t cifsaf_monotonic_ms(void);

#endif
