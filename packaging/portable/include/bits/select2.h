/* bits/select2.h, portable build: _FORTIFY_SOURCE's wrappers here call
 * __fdelt_chk (FD_SET and friends), which glibc added in 2.15.
 * Targets before that get the plain functions, as glibc 2.5's own headers
 * (which had no select2.h) gave them. */
#if __GLIBC_PREREQ(2, 15)
# include_next <bits/select2.h>
#endif
