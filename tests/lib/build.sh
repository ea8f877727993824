# shellcheck shell=bash
# tests/lib/build.sh: shared by tests/run-all.sh and tests/demo.sh.
# Source it; needs $top (the source tree).  Every build is a VPATH build
# under $top/build/NAME so several flavours live side by side.

# The Debian packages a build and the unit tests need.
# shellcheck disable=SC2034 # used by the scripts that source this file
CIFSAF_BUILD_PACKAGES="gcc make autoconf automake pkg-config libtalloc-dev libcap-ng-dev libkeyutils-dev check python3"

# cifsaf_bootstrap: generate configure once per source tree.
cifsaf_bootstrap() {
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
		[ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		(cd "$top" && autoreconf -fi >/dev/null)
	fi
}

# cifsaf_build NAME [CONFIGURE-ARGS...]: configure (when needed) and make in
# $top/build/NAME; prints the directory's path in CIFSAF_BUILD_DIR.
cifsaf_build() {
	local name=$1
	shift
	CIFSAF_BUILD_DIR="$top/build/$name"
	mkdir -p "$CIFSAF_BUILD_DIR"
	local args="$*"
	if [ ! -f "$CIFSAF_BUILD_DIR/Makefile" ] || [ "$(cat "$CIFSAF_BUILD_DIR/.cifsaf-args" 2>/dev/null)" != "$args" ] ||
		[ "$top/configure" -nt "$CIFSAF_BUILD_DIR/Makefile" ]; then
		(cd "$CIFSAF_BUILD_DIR" && "$top/configure" "$@" >configure.out 2>&1) || {
			tail -30 "$CIFSAF_BUILD_DIR/configure.out" >&2
			return 1
		}
		printf '%s' "$args" >"$CIFSAF_BUILD_DIR/.cifsaf-args"
	fi
	make -C "$CIFSAF_BUILD_DIR" -j"$(nproc)" >"$CIFSAF_BUILD_DIR/make.out" 2>&1 || {
		tail -40 "$CIFSAF_BUILD_DIR/make.out" >&2
		return 1
	}
}

# cifsaf_require_root WHY: stop with a clear message unless running as root.
cifsaf_require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "$(basename "$0") must run as root ($1)" >&2
		exit 1
	fi
}

# cifsaf_el5_guard: the path of el5-api-guard.  The shared tool beside the
# repository is the authority; tests/tools/el5-api-guard is a pinned copy
# for checkouts that have no ../shared (a CI machine, a release tarball).
# When both exist they must be identical, so the copy cannot drift.
cifsaf_el5_guard() {
	local shared="$top/../shared/tools/el5-api-guard" pinned="$top/tests/tools/el5-api-guard"
	if [ -x "$shared" ]; then
		if ! cmp -s "$shared" "$pinned"; then
			echo "tests/tools/el5-api-guard differs from $shared: copy the shared one over it" >&2
			return 1
		fi
		echo "$shared"
	else
		echo "$pinned"
	fi
}
