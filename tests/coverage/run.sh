#!/bin/bash
# tests/coverage/run.sh: line and branch coverage of the sources across the
# unit suites and the host-side suites (docs/coverage.md).  Run as root:
#   1. configures and builds build/coverage with gcov instrumentation;
#   2. runs make check there, then each host-side suite once against its
#      binaries (the decision, keyring, AD site, mtab and setuid suites, the
#      security suite, the differential test, the suites under Linux
#      2.6.18's answers and the documentation examples);
#   3. prints gcovr's per-file table of lines and branches with the totals,
#      every exclusion marker with its reason, and fails naming each C
#      file under its floor (tests/coverage/floors).
# A failing suite fails the step too; its log is build/coverage/NAME.out.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"
cifsaf_require_root "the host-side suites: network namespaces, setuid checks"

# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES gcovr samba smbclient iproute2 iptables mandoc keyutils || exit 1

cifsaf_bootstrap
# Every program of the build links tests/coverage/gcov-exit.c (why: there).
shim=$top/build/coverage-shim/gcov-exit.o
mkdir -p "${shim%/*}"
gcc -c -O2 -o "$shim" "$top/tests/coverage/gcov-exit.c" || exit 1
coverage_build() {
	cifsaf_build coverage --disable-hardening CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage -Wl,--wrap=_exit" LIBS="$shim"
}
coverage_build || exit 1
build=$CIFSAF_BUILD_DIR
helper=$build/mount-cifs/mount.cifs
upcall=$build/dns-resolver/cifs-af.dnsresolver
# A tree built before the shim (and its _exit wrapper) is not relinked by make alone.
if ! nm "$helper" | grep -q __wrap__exit; then
	make -C "$build" clean >/dev/null 2>&1
	coverage_build || exit 1
fi

# Counts from this run only.
find "$build" -name '*.gcda' -delete

failed=0
suite() {
	local name=$1 start=$SECONDS
	shift
	if "$@" >"$build/$name.out" 2>&1; then
		echo "  $name: ok ($((SECONDS - start)) s)"
	else
		echo "  $name: FAILED ($((SECONDS - start)) s), log $build/$name.out"
		tail -n 15 "$build/$name.out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

suite check make -C "$build" check -j"$(nproc)"
# The setuid copies the suites make write their counts into the same
# .gcda files as the root runs (the paths are compiled in), possibly as
# the test user once privileges are dropped: every file make check made
# becomes writable for it.  An object no unit program links gets its file
# from the first root run, so later setuid runs of it may count nothing.
find "$build" -name '*.gcda' -exec chmod a+rw {} +
suite decision "$top/tests/integration/decision-netns.sh" "$helper"
suite keyring "$top/tests/integration/keyring-netns.sh" "$helper" "$upcall"
suite adsite "$top/tests/integration/adsite-netns.sh" "$helper" "$upcall"
find "$build" -name '*.gcda' -exec chmod a+rw {} +
suite mtab "$top/tests/integration/mtab-namespace.sh" "$helper"
suite setuid "$top/tests/integration/setuid-user-mount.sh" "$helper"
suite security "$top/tests/security/run.sh" "$helper"
suite differential "$top/tests/oracle/differential.sh" "$helper"
suite personality "$top/tests/personality/run-suites.sh" "$helper" "$upcall" "$build/tests/unit"
suite docs "$top/tests/docs/examples.sh" "$helper"

gcovr -r "$top" --object-directory "$build" --exclude "$top/tests/" \
	--json-summary "$build/coverage-summary.json" >/dev/null 2>"$build/gcovr.err" || {
	cat "$build/gcovr.err" >&2
	exit 1
}
python3 "$top/tests/coverage/report.py" "$build/coverage-summary.json" "$top/tests/coverage/floors" "$top"
rc=$?
[ "$failed" -eq 0 ] || echo "coverage: $failed suite(s) failed"
[ "$failed" -eq 0 ] && [ $rc -eq 0 ]
