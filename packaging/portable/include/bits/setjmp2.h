/* bits/setjmp2.h, portable build: _FORTIFY_SOURCE's wrappers here call
 * __longjmp_chk, which glibc added in 2.11.
 * Targets before that get the plain functions, as glibc 2.5's own headers
 * (which had no setjmp2.h) gave them. */
#if __GLIBC_PREREQ(2, 11)
# include_next <bits/setjmp2.h>
#endif
