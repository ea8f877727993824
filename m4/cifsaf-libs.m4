# cifsaf-libs.m4: find a library with pkg-config first, then by probing its
# header and a symbol, because RHEL 5-era -devel packages may lack .pc files.
#
# CIFSAF_FIND_LIB(PREFIX, PKG, HEADER, LIB, SYMBOL, [ACTION-IF-FOUND], [ACTION-IF-NOT-FOUND])
# On success sets PREFIX_CFLAGS and PREFIX_LIBS (AC_SUBST) and runs ACTION-IF-FOUND.
AC_DEFUN([CIFSAF_FIND_LIB], [
  cifsaf_found_$1=no
  PKG_CHECK_MODULES([$1], [$2], [cifsaf_found_$1=yes], [
    cifsaf_save_LIBS=$LIBS
    AC_CHECK_HEADER([$3], [
      AC_CHECK_LIB([$4], [$5], [cifsaf_found_$1=yes
        $1_CFLAGS=
        $1_LIBS=-l$4])])
    LIBS=$cifsaf_save_LIBS])
  AC_SUBST([$1_CFLAGS])
  AC_SUBST([$1_LIBS])
  AS_IF([test "x$cifsaf_found_$1" = xyes], [$6], [$7])
])
