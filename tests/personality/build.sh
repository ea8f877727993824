# shellcheck shell=bash
# tests/personality/build.sh: build the linux-2.6.18 launcher and its
# tests with the host compiler.  Source it; needs $top.
#
#   k2618_build OUTDIR   linux-2.6.18, filtercheck, selftest-x86_64 and,
#                        where gcc -m32 works (gcc-multilib), selftest-i386
#
# The i386 self-test is a real i386 glibc program; the launcher itself is
# x86_64 and filters both.

# The Debian packages the launcher and its tests need: libcap-ng for the
# self-test's libcap-ng check, gcc-multilib for the i386 self-test,
# libc6-i386 to run it.
# shellcheck disable=SC2034 # used by the scripts that source this file
K2618_PACKAGES="gcc libc6-dev libcap-ng-dev gcc-multilib libc6-i386"

k2618_build() {
	local out=$1 src=$top/tests/personality
	local cflags="-std=gnu99 -O2 -g -Wall -Wextra -Werror"
	mkdir -p "$out" || return 1
	# shellcheck disable=SC2086 # a word list
	gcc $cflags -o "$out/linux-2.6.18" "$src/launcher.c" "$src/filter.c" "$src/supervisor.c" \
		"$src/arch_x86_64.c" "$src/arch_i386.c" &&
		gcc $cflags -o "$out/filtercheck" "$src/filtercheck.c" "$src/filtercheck_x86_64.c" \
			"$src/filtercheck_i386.c" "$src/filter.c" "$src/arch_x86_64.c" "$src/arch_i386.c" &&
		gcc $cflags -DK2618_WITH_CAPNG -o "$out/selftest-x86_64" "$src/selftest.c" \
			"$src/selftest-more.c" -lcap-ng -lpthread &&
		gcc -m32 $cflags -o "$out/selftest-i386" "$src/selftest.c" "$src/selftest-more.c" -lpthread
}
