#!/bin/bash
# tests/portable/host-suites.sh X86_64-OUTDIR I386-OUTDIR: the portable
# binaries (packaging/build-portable's OUTDIRs) through the suites the
# normal build passes, on this machine's kernel:
#   x86_64: the decision tests against Samba, the decision cache and
#           cifs-af.dnsresolver against the kernel keyring, mtab, setuid
#           user mounts, the security suite, the differential test
#   i386:   the decision tests and mtab
# Each suite's output is kept in build/portable/suites/; the failures are
# shown.  Needs root.  Ends with one line per suite and exits 1 if any
# failed.
#
# This project's machines run a kernel that refuses i386 programs
# (ENOEXEC: no 32-bit support).  There the i386 binaries run under
# qemu-i386 (user-mode emulation: the i386 program and its C library, the
# host kernel's 64-bit system calls); where the kernel runs them, directly.
# Under emulation a run of the helper takes 0.5 to 1 s more (qemu starts,
# translates the program, its lookup children and glibc's NSS modules), so
# the decision suite's wall-time bounds measure the emulator: a check that
# failed only on "took N ms, want A..B ms" with N above B (the address
# chosen was right; the helper's own trace still shows each probe's start
# time) is listed as such and not counted.  Every other check counts as it
# does natively, a run faster than a lower bound too.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
[ $# -eq 2 ] || { echo "usage: tests/portable/host-suites.sh X86_64-OUTDIR I386-OUTDIR" >&2; exit 2; }
x64=$(readlink -f "$1") x32=$(readlink -f "$2")
logs=$top/build/portable/suites
mkdir -p "$logs"
cifsaf_need_packages libc6-i386 || exit 1

# i386: a helper that runs the binary, directly or through qemu-i386.  The
# suites take the helper's path, so a wrapper script named mount.cifs
# stands in for it; qemu-i386 keeps the environment (CIFS_AF_*, ...) and
# argv[0]'s name, so messages and syslog say mount.cifs as the binary does.
i386_emulated=0
if "$x32/mount.cifs" -V >/dev/null 2>&1; then
	i386_helper=$x32/mount.cifs i386_how="directly"
else
	cifsaf_need_packages qemu-user || exit 1
	mkdir -p "$logs/i386-helper"
	printf '#!/bin/sh\n# the i386 portable helper, through user-mode emulation\nexec qemu-i386 %s "$@"\n' \
		"'$x32/mount.cifs'" >"$logs/i386-helper/mount.cifs"
	chmod 0755 "$logs/i386-helper/mount.cifs"
	i386_helper=$logs/i386-helper/mount.cifs i386_how="through qemu-i386 (this kernel refuses i386 programs)"
	i386_emulated=1
fi
"$i386_helper" -V | head -n 2 | grep -q '^build: portable i386' ||
	{ echo "FAIL: the i386 helper does not say it is the portable i386 build"; exit 1; }
echo "i386 binaries run $i386_how"

# slow_only LOG: the checks that failed only on taking longer than their
# bound; real_failures LOG: how many failed on anything else.
slow_only() {
	awk '/^FAIL/ && match($0, /: took [0-9]+ ms, want [0-9]+\.\.[0-9]+ ms$/) {
		split(substr($0, RSTART), w, /[ .]+/)
		if (w[3] + 0 > w[7] + 0) print }' "$1"
}
real_failures() {
	grep '^FAIL' "$1" | grep -cvxF -f <(slow_only "$1")
}

results=() failed=0
# suite [--emulated] NAME COMMAND...: run it, keep its output, show its
# last line and its failures.  --emulated: failures of wall time alone do
# not count (see above).
suite() {
	local emulated=0 name log rc t0=$SECONDS timed
	[ "$1" = --emulated ] && { emulated=1; shift; }
	name=$1
	shift
	log=$logs/$name.out
	"$@" >"$log" 2>&1
	rc=$?
	results+=("$(printf '%-34s %s (%d s)' "$name:" "$(tail -n 1 "$log")" $((SECONDS - t0)))")
	if [ $rc -ne 0 ] && [ $emulated = 1 ] && [ "$(real_failures "$log")" -eq 0 ] &&
		grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$log"; then
		timed=$(slow_only "$log" | wc -l)
		results[-1]+=" - all $timed failures are runs slower than a bound, under emulation: not counted"
		slow_only "$log" | sed "s/^FAIL: /    $name | slower under emulation: /"
		rc=0
	fi
	if [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		results[-1]+=" FAILED"
		grep -A10 '^FAIL' "$log" | head -n 40 | sed "s/^/    $name | /"
	fi
}

suite x86_64-decision "$top/tests/integration/decision-netns.sh" "$x64/mount.cifs"
suite x86_64-keyring "$top/tests/integration/keyring-netns.sh" "$x64/mount.cifs" "$x64/cifs-af.dnsresolver"
suite x86_64-mtab "$top/tests/integration/mtab-namespace.sh" "$x64/mount.cifs"
suite x86_64-setuid-user-mount "$top/tests/integration/setuid-user-mount.sh" "$x64/mount.cifs"
suite x86_64-security "$top/tests/security/run.sh" "$x64/mount.cifs"
suite x86_64-differential "$top/tests/oracle/differential.sh" "$x64/mount.cifs"
if [ $i386_emulated = 1 ]; then
	suite --emulated i386-decision "$top/tests/integration/decision-netns.sh" "$i386_helper"
else
	suite i386-decision "$top/tests/integration/decision-netns.sh" "$i386_helper"
fi
suite i386-mtab "$top/tests/integration/mtab-namespace.sh" "$i386_helper"

printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ]
