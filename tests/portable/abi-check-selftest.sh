#!/bin/bash
# tests/portable/abi-check-selftest.sh: every rule of packaging/abi-check
# bites.  Builds small programs, each breaking one rule (with the portable
# build's own zig toolchain, so that nothing else is wrong with them, or
# with Debian's gcc where a host build is the point or zig refuses the
# flag), and checks that
# abi-check fails each one naming what is wrong, and passes a program that
# breaks none.  Prints one line per case and a closing count; exits 1 when
# a rule did not bite.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
portable_dir=$top/build/portable
check=$top/packaging/abi-check
# shellcheck source=packaging/portable/versions.sh
. "$top/packaging/portable/versions.sh"
# shellcheck source=packaging/portable/deps.sh
. "$top/packaging/portable/deps.sh"
. "$top/tests/lib/netns.sh"

# gcc and libtalloc-dev for the host builds; npm for the toolchain when
# build/portable has none yet.
packages="gcc libtalloc-dev binutils"
command -v npm >/dev/null 2>&1 || packages+=" npm"
# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $packages || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$portable_dir"
portable_toolchain || exit 1
portable_toolchain_wrappers x86_64 "$tmp/tools" || exit 1
cc=$tmp/tools/bin/cc
# What the portable build gives a program: the hardening abi-check wants.
hardening="-O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -pie -Wl,-z,relro -Wl,-z,now"

cat >"$tmp/good.c" <<'EOF'
#include <stdio.h>
#include <string.h>
/* Pointers in data: a PIE needs relative relocations for them. */
static const char *const words[] = { "one", "two", "three" };
int main(int argc, char **argv)
{
	char b[16];
	strncpy(b, argc > 1 ? argv[1] : words[argc % 3], sizeof(b) - 1);
	b[sizeof(b) - 1] = '\0';
	printf("%s\n", b);
	return 0;
}
EOF
cat >"$tmp/ifunc.c" <<'EOF'
#include <stdio.h>
static int impl(void) { return 0; }
static int (*resolve(void))(void) { return impl; }
int pick(void) __attribute__((ifunc("resolve")));
int main(void) { printf("%d\n", pick()); return pick(); }
EOF
cat >"$tmp/textrel.c" <<'EOF'
#include <stdio.h>
/* An absolute address in the text segment: the loader must write there. */
__asm__(".text\n.globl textref\ntextref: .quad main\n");
extern const void *textref;
int main(void) { printf("%p\n", textref); return 0; }
EOF
cat >"$tmp/abinote.c" <<'EOF'
#include <stdio.h>
/* A second ABI note asking for Linux 3.2.0, as current toolchains write. */
__asm__(".section .note.ABI-tag.new,\"a\",@note\n.balign 4\n.long 4\n.long 16\n.long 1\n"
	".asciz \"GNU\"\n.long 0\n.long 3\n.long 2\n.long 0\n.text\n");
int main(void) { printf("x\n"); return 0; }
EOF
cat >"$tmp/clock.c" <<'EOF'
#include <stdio.h>
#include <time.h>
int main(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); printf("%ld\n", (long)t.tv_sec); return 0; }
EOF
cat >"$tmp/talloc.c" <<'EOF'
#include <stdio.h>
#include <talloc.h>
int main(void) { void *m = talloc_new(NULL); printf("%p\n", m); talloc_free(m); return 0; }
EOF

passed=0 failed=0
# expect NAME WANT BUILD-COMMAND... -- CHECK-ARGS...: build, then abi-check
# must fail with WANT (a fixed string) in its output; WANT "ok": must pass.
expect() {
	local name=$1 want=$2 out rc
	shift 2
	local build=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do build+=("$1"); shift; done
	shift
	if ! "${build[@]}" >"$tmp/build.log" 2>&1; then
		echo "FAIL: $name: could not build the test program: $(tail -n 3 "$tmp/build.log" | tr '\n' ' ')"
		failed=$((failed + 1))
		return
	fi
	out=$("$check" "$@" 2>&1)
	rc=$?
	if [ "$want" = ok ]; then
		if [ $rc -eq 0 ]; then
			echo "PASS: $name: passes"; passed=$((passed + 1))
		else
			echo "FAIL: $name: should pass:"; printf '%s\n' "$out" | sed 's/^/    /'; failed=$((failed + 1))
		fi
	elif [ $rc -eq 1 ] && grep -qF -- "$want" <<<"$out"; then
		echo "PASS: $name: $(grep -F -- "$want" <<<"$out" | head -n 1 | sed 's/^ *//')"
		passed=$((passed + 1))
	else
		echo "FAIL: $name: want exit 1 and '$want', got exit $rc:"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

t=$tmp
# shellcheck disable=SC2086 # flag lists on purpose
{
expect "a program breaking no rule" ok $cc $hardening "$t/good.c" -o "$t/good" -- "$t/good"
expect "class: another architecture" "class: ELF64" true -- --arch i386 "$t/good"
cp "$t/good" "$t/osabi" && printf '\x09' | dd of="$t/osabi" bs=1 seek=7 conv=notrunc status=none
expect "class: OS/ABI" "class: OS/ABI is UNIX - FreeBSD" true -- "$t/osabi"
echo "not an ELF file" >"$t/text"
expect "class: not ELF at all" "not an ELF file" true -- "$t/text"
expect "interp: another ld.so" "interp: /lib/ld-musl-x86_64.so.1" \
	$cc $hardening -Wl,--dynamic-linker=/lib/ld-musl-x86_64.so.1 "$t/good.c" -o "$t/interp" -- "$t/interp"
expect "needed: a host build with shared talloc" "needed: libtalloc.so.2 is not part of glibc" \
	gcc -O2 "$t/talloc.c" -o "$t/host-talloc" -ltalloc -- "$t/host-talloc"
expect "versions: a library's own version" "versions: TALLOC_" true -- "$t/host-talloc"
expect "versions: a host build" "versions: GLIBC_2.34 (outside GLIBC_2.2.5 to GLIBC_2.5), needed by __libc_start_main" \
	gcc -O2 "$t/good.c" -o "$t/host" -- "$t/host"
expect "versions: one symbol newer than 2.5" "versions: GLIBC_2.17 (outside GLIBC_2.2.5 to GLIBC_2.5), needed by clock_gettime" \
	"$PORTABLE_ZIG" cc -target x86_64-linux-gnu.2.17 $hardening "$t/clock.c" -o "$t/clock" -- "$t/clock"
expect "elf: DT_RELR" "elf: DT_RELR" gcc -O2 -Wl,-z,pack-relative-relocs "$t/good.c" -o "$t/relr" -- "$t/relr"
expect "elf: IRELATIVE" "elf: IRELATIVE relocations" $cc $hardening "$t/ifunc.c" -o "$t/ifunc" -- "$t/ifunc"
expect "elf: text relocations" "elf: text relocations" \
	$cc $hardening -Wl,-z,notext "$t/textrel.c" -o "$t/textrel" -- "$t/textrel"
expect "elf: RUNPATH" "elf: (RUNPATH)" $cc $hardening -Wl,-rpath,/opt/lib "$t/good.c" -o "$t/rpath" -- "$t/rpath"
expect "elf: DT_GNU_HASH alone" "elf: no DT_HASH" \
	$cc $hardening -Wl,--hash-style=gnu "$t/good.c" -o "$t/gnuhash" -- "$t/gnuhash"
expect "elf: DT_FLAGS_1" "elf: DT_FLAGS_1 NODELETE" \
	$cc $hardening -Wl,-z,nodelete "$t/good.c" -o "$t/nodelete" -- "$t/nodelete"
expect "elf: ABI note" "elf: the ABI note asks for Linux 3.2.0" \
	$cc $hardening "$t/abinote.c" -o "$t/abinote" -- "$t/abinote"
expect "hardening: PIE" "hardening: not a PIE" \
	$cc -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -Wl,-z,relro -Wl,-z,now "$t/good.c" -o "$t/nopie" -- "$t/nopie"
expect "hardening: RELRO" "hardening: no RELRO" $cc $hardening -Wl,-z,norelro "$t/good.c" -o "$t/norelro" -- "$t/norelro"
expect "hardening: BIND_NOW" "hardening: no BIND_NOW" $cc $hardening -Wl,-z,lazy "$t/good.c" -o "$t/lazy" -- "$t/lazy"
expect "hardening: stack" "hardening: executable stack" \
	gcc -O2 -Wl,-z,execstack "$t/good.c" -o "$t/execstack" -- "$t/execstack"
expect "hardening: stack protector" "hardening: no stack protector" \
	$cc $hardening -fno-stack-protector "$t/good.c" -o "$t/nossp" -- "$t/nossp"
expect "hardening: FORTIFY" "hardening: no FORTIFY" $cc $hardening -U_FORTIFY_SOURCE "$t/good.c" -o "$t/nofortify" -- "$t/nofortify"
}

echo "abi-check self-test: $passed cases as expected, $failed not"
[ "$failed" -eq 0 ]
