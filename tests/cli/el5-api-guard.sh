#!/bin/sh
# RHEL 5 portability: ../shared/tools/el5-api-guard must find no unguarded use
# of an API that gcc 4.1 / glibc 2.5 / kernel 2.6.18 lack.  The guard lives
# beside the repository, not in it: a build from a release tarball has no
# guard and skips (exit 77); tests/run-all.sh runs it unconditionally.
src=${top_srcdir:-.}
guard=${CIFSAF_EL5_GUARD:-$src/../shared/tools/el5-api-guard}
if [ ! -x "$guard" ]; then
	echo "el5-api-guard not found at $guard: skipped"
	exit 77
fi
cd "$src" || exit 1
exec "$guard" compat mount-cifs resolver
