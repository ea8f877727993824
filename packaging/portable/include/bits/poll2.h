/* bits/poll2.h, portable build: _FORTIFY_SOURCE's wrappers here call
 * __poll_chk and __ppoll_chk, which glibc added in 2.16.
 * Targets before that get the plain functions, as glibc 2.5's own headers
 * (which had no poll2.h) gave them. */
#if __GLIBC_PREREQ(2, 16)
# include_next <bits/poll2.h>
#endif
