#!/bin/sh
# RHEL 5 portability: el5-api-guard must find no unguarded use of an API
# that gcc 4.1 / glibc 2.5 / kernel 2.6.18 lack.  The shared tool beside the
# repository is used when present, else the pinned copy in tests/tools
# (tests/lib/build.sh's cifsaf_el5_guard says why and checks they agree).
src=${top_srcdir:-.}
guard=${CIFSAF_EL5_GUARD:-$src/../shared/tools/el5-api-guard}
[ -x "$guard" ] || guard=$src/tests/tools/el5-api-guard
cd "$src" || exit 1
exec "$guard" compat resolver program mount-cifs dns-resolver
