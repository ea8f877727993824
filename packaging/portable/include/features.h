/* features.h, portable build: zig's C library headers are those of a
 * current glibc, told the target's version by __GLIBC_MINOR__ alone.  They
 * redirect the scanf family to __isoc99_sscanf and friends, which glibc
 * added in 2.7; before that the plain symbols are the only ones, so for
 * older targets the headers keep them (what glibc 2.5's own headers did). */
#include_next <features.h>

#if !__GLIBC_PREREQ(2, 7)
# undef __GLIBC_USE_DEPRECATED_SCANF
# define __GLIBC_USE_DEPRECATED_SCANF 1
#endif
