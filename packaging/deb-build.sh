# shellcheck shell=bash
# packaging/deb-build.sh: cifs-af's Debian packages for the working tree,
# built once per source state and shared by packaging/test-deb.sh and the
# end-to-end guest that installs the .deb (tests/e2e).  Source it; needs
# $top (the source tree).
#
#   cifsaf_deb_build TREE
#
# TREE is a configured build directory (build/main, build/e2e-helper).
# `make dist` there gives the release tarball; packaging/make-apt-repo
# --no-repo builds the source and binary packages from it with
# dpkg-buildpackage into build/deb/KEY/, where KEY is a digest of the
# tarball's files (names and contents, not times).  A later call with the
# same sources reuses that directory instead of building again; a changed
# source replaces it.  Sets CIFSAF_DEB_DIR (the directory) and CIFSAF_DEB
# (the cifs-af .deb in it).
#
# The build runs with DEB_BUILD_OPTIONS=nocheck unless the caller sets
# DEB_BUILD_OPTIONS: `make check` of the same sources is a step of
# tests/run-all.sh already.

# The Debian packages dpkg-buildpackage and debian/control's
# Build-Depends need, beyond CIFSAF_BUILD_PACKAGES (tests/lib/build.sh).
# shellcheck disable=SC2034 # used by the scripts that source this file
CIFSAF_DEB_BUILD_PACKAGES="dpkg-dev debhelper"

_cifsaf_deb_msg() { printf 'deb-build: %s\n' "$*" >&2; }

cifsaf_deb_build() {
	local tree=$1 tarball key unpacked cache=$top/build/deb dir log
	make -C "$tree" dist-gzip >"$tree/dist.out" 2>&1 || {
		tail -20 "$tree/dist.out" >&2
		_cifsaf_deb_msg "make dist in $tree failed"
		return 1
	}
	tarball=$(ls "$tree"/cifs-af-*.tar.gz 2>/dev/null | head -n 1)
	[ -f "$tarball" ] || { _cifsaf_deb_msg "make dist in $tree left no cifs-af-*.tar.gz"; return 1; }
	# The digest of the files, sorted by name: a tarball made again from
	# the same sources (other times, another build directory) has the
	# same one.
	unpacked=$(mktemp -d "${TMPDIR:-/tmp}/cifs-af-deb-key.XXXXXX") || return 1
	tar -xzf "$tarball" -C "$unpacked" || { rm -rf "$unpacked"; return 1; }
	key=$(cd "$unpacked" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum |
		sha256sum | cut -c1-16)
	rm -rf "$unpacked"
	dir=$cache/$key
	if [ ! -e "$dir/.complete" ]; then
		rm -rf "$cache"
		mkdir -p "$cache"
		log=$cache/make-apt-repo.out
		_cifsaf_deb_msg "building the Debian packages from $(basename "$tarball") (log: ${log#"$top"/})"
		DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck parallel=$(nproc)} \
			"$top/packaging/make-apt-repo" --no-repo --tarball "$tarball" "$dir" >"$log" 2>&1 || {
			tail -30 "$log" >&2
			_cifsaf_deb_msg "packaging/make-apt-repo --no-repo failed"
			rm -rf "$dir"
			return 1
		}
		touch "$dir/.complete"
	fi
	CIFSAF_DEB_DIR=$dir
	CIFSAF_DEB=$(ls "$dir"/cifs-af_*.deb 2>/dev/null | head -n 1)
	[ -f "$CIFSAF_DEB" ] || { _cifsaf_deb_msg "no cifs-af_*.deb in $dir"; return 1; }
}
