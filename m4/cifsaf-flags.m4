# cifsaf-flags.m4: probe compiler and linker flags instead of assuming them.
#
# CIFSAF_TRY_CFLAG(FLAG, VAR): append FLAG to VAR when the C compiler accepts
# it with warnings turned into errors (old gcc merely warns about unknown -f
# flags, which would otherwise pass the probe and break -Werror builds later).
AC_DEFUN([CIFSAF_TRY_CFLAG], [
  AS_VAR_PUSHDEF([cifsaf_cv], [cifsaf_cv_cflag_$1])
  AC_CACHE_CHECK([whether $CC accepts $1], [cifsaf_cv], [
    cifsaf_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $1"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
      [AS_VAR_SET([cifsaf_cv], [yes])], [AS_VAR_SET([cifsaf_cv], [no])])
    CFLAGS=$cifsaf_save_CFLAGS])
  AS_VAR_IF([cifsaf_cv], [yes], [$2="$$2 $1"])
  AS_VAR_POPDEF([cifsaf_cv])
])

# CIFSAF_TRY_LDFLAG(FLAG, VAR): append FLAG to VAR when a program links with it.
AC_DEFUN([CIFSAF_TRY_LDFLAG], [
  AS_VAR_PUSHDEF([cifsaf_cv], [cifsaf_cv_ldflag_$1])
  AC_CACHE_CHECK([whether the linker accepts $1], [cifsaf_cv], [
    cifsaf_save_LDFLAGS=$LDFLAGS
    cifsaf_save_CFLAGS=$CFLAGS
    LDFLAGS="$LDFLAGS $1"
    CFLAGS="$CFLAGS $HARDENING_CFLAGS -Werror"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
      [AS_VAR_SET([cifsaf_cv], [yes])], [AS_VAR_SET([cifsaf_cv], [no])])
    LDFLAGS=$cifsaf_save_LDFLAGS
    CFLAGS=$cifsaf_save_CFLAGS])
  AS_VAR_IF([cifsaf_cv], [yes], [$2="$$2 $1"])
  AS_VAR_POPDEF([cifsaf_cv])
])

# CIFSAF_TRY_FORTIFY(VAR): _FORTIFY_SOURCE only works with optimisation and
# some toolchains already define it; add -D_FORTIFY_SOURCE=2 only when a
# fortified call compiles with it and it is not predefined.
AC_DEFUN([CIFSAF_TRY_FORTIFY], [
  AC_CACHE_CHECK([whether _FORTIFY_SOURCE=2 can be used], [cifsaf_cv_fortify], [
    cifsaf_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -O2 -Werror -D_FORTIFY_SOURCE=2"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <string.h>]],
      [[char b[8]; strcpy(b, "x"); return b[0];]])],
      [cifsaf_cv_fortify=yes], [cifsaf_cv_fortify=no])
    CFLAGS=$cifsaf_save_CFLAGS])
  AS_IF([test "x$cifsaf_cv_fortify" = xyes], [$1="$$1 -D_FORTIFY_SOURCE=2"])
])
