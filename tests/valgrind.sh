#!/bin/bash
# tests/valgrind.sh BUILD_DIR: every Check suite (in-process, CK_FORK=no) and
# the helper's -f -v path under valgrind memcheck with leak checking.  Any
# error or definite/indirect leak fails.
set -u
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
# Forked children are checked too (the unprivileged child exits with 99 on
# an error, which the helper passes on).  The name lookup children
# (resolver/lookup_fork.c) _exit holding a copy of the test's heap, so
# memcheck lists leaks for them that are not leaks, and their exit status
# is not looked at: memory errors from any process fail a run instead
# (memerrors below).
# shellcheck disable=SC2054 # the commas belong to valgrind options
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
	--suppressions="$top/tests/valgrind.supp")
ok=0 bad=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# memerrors FILE: memcheck reported a memory error (not a leak) in any process.
memerrors() {
	grep -qE '== (Invalid (read|write|free)|Mismatched free|Conditional jump|Use of uninitialised|Syscall param|Source and destination overlap)' "$1"
}

# memcheck_helper WHAT COMMAND...: one run of the helper (or the upcall
# program) under memcheck, with CIFS_AF_KERNEL_RELEASE set so that no run
# depends on this machine's kernel.  Exit 99 is valgrind's error exit.
memcheck_helper() {
	local what=$1
	shift
	CIFS_AF_KERNEL_RELEASE=6.1.0 "${vg[@]}" "$@" >"$tmp/helper.out" 2>&1
	if [ $? -eq 99 ] || memerrors "$tmp/helper.out"; then
		echo "memcheck FAILED: $what"
		sed 's/^/    /' "$tmp/helper.out" | head -60
		bad=$((bad + 1))
	else
		echo "memcheck clean: $what"
		ok=$((ok + 1))
	fi
}

for t in "$build"/tests/unit/check_*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	name=$(basename "$t")
	if CK_FORK=no CK_VERBOSITY=silent "${vg[@]}" "$t" >"$tmp/$name.out" 2>&1 && ! memerrors "$tmp/$name.out"; then
		echo "memcheck clean: $name"
		ok=$((ok + 1))
	else
		echo "memcheck FAILED: $name"
		sed 's/^/    /' "$tmp/$name.out" | head -60
		bad=$((bad + 1))
	fi
done
# The helper itself, through option parsing, the decision and the option
# string (literal address: no network).
mkdir "$tmp/mnt"
for args in "-f -v -o user=bob,pass=secret,vers=3.0" "-f -v -o af=v6-only,guest" "-x" "-V"; do
	# shellcheck disable=SC2086
	memcheck_helper "mount.cifs $args" "$build/mount-cifs/mount.cifs" //192.0.2.1/s "$tmp/mnt" $args
done
# A name: the lookups run in forked children, then the probes (nothing
# listens on localhost's 445/139 here, so the decision fails; only memcheck's
# verdict counts).
memcheck_helper "mount.cifs //localhost/s (lookups in children)" \
	"$build/mount-cifs/mount.cifs" //localhost/s "$tmp/mnt" -f -v -o guest
# cifs-af.dnsresolver in debug mode: the description and options parsed,
# cifs-af.conf, the decision and the payload (no key instantiated).
for args in "localhost list" "bad,name ''" "localhost list,x"; do
	eval "set -- $args"
	memcheck_helper "cifs-af.dnsresolver -D -v $args" "$build/dns-resolver/cifs-af.dnsresolver" -D -v "$@"
done
echo "valgrind: $ok clean, $bad with errors"
[ "$bad" -eq 0 ]
