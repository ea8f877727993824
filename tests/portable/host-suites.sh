#!/bin/bash
# tests/portable/host-suites.sh X86_64-OUTDIR I386-OUTDIR: the portable
# binaries (packaging/build-portable's OUTDIRs) through the suites the
# normal build passes, on this machine's kernel:
#   x86_64: the decision tests against Samba, the decision cache and
#           cifs-af.dnsresolver against the kernel keyring, mtab, setuid
#           user mounts, the security suite, the differential test
#   i386:   the decision tests and mtab
# One suite at a time: the i386 ones beside others would only load the
# machine further.  Each suite's output is kept in build/portable/suites/;
# the failures are shown.  Needs root.  Ends with one line per suite and
# exits 1 if any failed.
#
# This project's machines run a kernel that refuses i386 programs
# (ENOEXEC: no 32-bit support).  There the i386 binaries run under
# qemu-i386 (user-mode emulation: the i386 program and its C library, the
# host kernel's 64-bit system calls); where the kernel runs them, directly.
# Under emulation a run of the helper takes 0.5 to 1 s more (qemu starts,
# translates the program, its lookup children and glibc's NSS modules), so
# the decision suite's wall-time bounds measure the emulator, and the two
# lookup children, each 100 to 300 ms under qemu, can answer further apart
# than the 50 ms Resolution Delay.  So a check that failed only on "took N
# ms, want A..B ms" with N above B (the address chosen was right; the
# helper's own trace still shows each probe's start time), or whose trace
# shows the decision going on without a lookup's answer after the
# Resolution Delay (RFC 8305, as the helper must), is listed as such and
# not counted.  Every other check counts as it does natively, a run faster
# than a lower bound too; a run with such a failure (a trace line that
# says "started at 1 ms" where the test wants 0, say) is run once more.
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

# slow_only LOG: the checks that failed on time alone (see above);
# real_failures LOG: how many failed on anything else.
slow_only() {
	awk 'function flush() { if (fail != "" && late) print fail; fail = ""; late = 0 }
		/^[^ ]/ { flush() }
		/^FAIL/ {
			fail = $0
			if (match($0, /: took [0-9]+ ms, want [0-9]+\.\.[0-9]+ ms$/)) {
				split(substr($0, RSTART), w, /[ .]+/)
				if (w[3] + 0 > w[7] + 0) late = 1
			}
		}
		/^    lookups: .*no answer in [0-9]+ ms \(went on without it\)/ { late = 1 }
		END { flush() }' "$1"
}
real_failures() {
	grep '^FAIL' "$1" | grep -cvxF -f <(slow_only "$1")
}

# suite [--emulated] NAME COMMAND...: run it, keep its output in
# $logs/NAME.out, show its result line and its failures; returns 1 when
# it failed.  --emulated: failures of timing alone do not count (see
# above), and a run with any other failure is run once more, on the
# project's rule for timing under load, before it counts.
suite() {
	local emulated=0 name log rc t0=$SECONDS timed result
	[ "$1" = --emulated ] && { emulated=1; shift; }
	name=$1
	shift
	log=$logs/$name.out
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && [ $emulated = 1 ] && [ "$(real_failures "$log")" -ne 0 ]; then
		echo "$name: $(real_failures "$log") failures other than timing under emulation; running it again"
		grep '^FAIL' "$log" | grep -vxF -f <(slow_only "$log") | sed "s/^/    $name (first run) | /"
		mv "$log" "$log.first"
		"$@" >"$log" 2>&1
		rc=$?
	fi
	result=$(printf '%-34s %s (%d s)' "$name:" "$(tail -n 1 "$log")" $((SECONDS - t0)))
	if [ $rc -ne 0 ] && [ $emulated = 1 ] && [ "$(real_failures "$log")" -eq 0 ] &&
		grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$log"; then
		timed=$(slow_only "$log" | wc -l)
		result+=" - all $timed failures are timing under emulation: not counted"
		rc=0
	fi
	if [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		result+=" FAILED"
		grep -A10 '^FAIL' "$log" | head -n 40 | sed "s/^/    $name | /"
	fi
	results+=("$result")
	return $rc
}

results=() failed=0
suite x86_64-decision "$top/tests/integration/decision-netns.sh" "$x64/mount.cifs"
suite x86_64-keyring "$top/tests/integration/keyring-netns.sh" "$x64/mount.cifs" "$x64/cifs-af.dnsresolver"
suite x86_64-mtab "$top/tests/integration/mtab-namespace.sh" "$x64/mount.cifs"
suite x86_64-setuid-user-mount "$top/tests/integration/setuid-user-mount.sh" "$x64/mount.cifs"
suite x86_64-security "$top/tests/security/run.sh" "$x64/mount.cifs"
suite x86_64-differential "$top/tests/oracle/differential.sh" "$x64/mount.cifs"
emulated=
[ $i386_emulated = 1 ] && emulated=--emulated
suite $emulated i386-decision "$top/tests/integration/decision-netns.sh" "$i386_helper"
suite i386-mtab "$top/tests/integration/mtab-namespace.sh" "$i386_helper"

printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ]
