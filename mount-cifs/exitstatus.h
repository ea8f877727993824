/* exitstatus.h: mount(8)'s exit status bits, as cifs-utils uses them; the
 * program layer returns them, the pure modules return -errno. */
#ifndef CIFSAF_EXITSTATUS_H
#define CIFSAF_EXITSTATUS_H

#define EX_USAGE 1
#define EX_SYSERR 2
#define EX_USER 8
#define EX_FILEIO 16
#define EX_FAIL 32

#endif
