/* bits/mqueue2.h, portable build: _FORTIFY_SOURCE's wrappers here call
 * __mq_open_2, which glibc added in 2.7.
 * Targets before that get the plain functions, as glibc 2.5's own headers
 * (which had no mqueue2.h) gave them. */
#if __GLIBC_PREREQ(2, 7)
# include_next <bits/mqueue2.h>
#endif
