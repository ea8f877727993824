/* bits/fcntl2.h, portable build: _FORTIFY_SOURCE's wrappers here call
 * __open_2, __open64_2 and __openat_2, which glibc added in 2.7.
 * Targets before that get the plain functions, as glibc 2.5's own headers
 * (which had no fcntl2.h) gave them. */
#if __GLIBC_PREREQ(2, 7)
# include_next <bits/fcntl2.h>
#endif
