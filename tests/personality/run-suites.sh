#!/bin/bash
# tests/personality/run-suites.sh MOUNT_CIFS DNSRESOLVER [UNIT_DIR]: the
# helper and cifs-af.dnsresolver under Linux 2.6.18's answers
# (docs/building.md, "The 2.6.18 kernel personality"):
#   1. the launcher's self-test (tests/personality/selftest.sh), and the
#      Check suites of UNIT_DIR (a build's tests/unit), when given;
#   2. the decision tests against real Samba, the mtab tests, the setuid
#      user mounts and the decision cache with cifs-af.dnsresolver
#      (tests/integration/), each with every run of the programs under
#      the launcher (tests/lib/launch.sh) and CIFS_AF_KERNEL_RELEASE set
#      to RHEL 5's, where a suite does not name a release itself;
#   3. what only this kernel shows: -N's error, and the bounding set
#      that cannot be pruned, said once under -v and once in syslog.
# Any binaries will do: the host build's or the portable ones.  Needs
# root; ends with "N passed, M failed" (one count per step).
set -u
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 MOUNT_CIFS DNSRESOLVER [UNIT_DIR]" >&2; exit 2; }
helper=$(readlink -f "$1")
upcall=$(readlink -f "$2")
units=${3:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/personality
mkdir -p "$out"
. "$top/tests/lib/build.sh"
cifsaf_require_root "network namespaces, setuid checks, seccomp"

pass=0 fail=0
# step NAME LOG CMD...: run a suite, its output in LOG; its count and, when
# it fails, its failures.
step() {
	local name=$1 log=$2 start=$SECONDS rc
	shift 2
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS: $name: $(tail -n 1 "$log") ($((SECONDS - start)) s)"
	else
		fail=$((fail + 1))
		echo "FAIL: $name: $(tail -n 1 "$log") ($((SECONDS - start)) s)"
		grep -E -A8 '^(FAIL|NOTE)' "$log" | head -60 | sed 's/^/    /'
	fi
	grep '^NOTE' "$log" | sed 's/^/    /'
}

step "the launcher's self-test" "$out/selftest.out" "$top/tests/personality/selftest.sh" "$out"
[ -x "$out/linux-2.6.18" ] || { echo "$pass passed, $fail failed"; exit 1; }

# unit_suites DIR: every Check suite in DIR under the launcher.
unit_suites() {
	local t line good=0 bad=0
	for t in "$1"/check_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		line=$(CK_DEFAULT_TIMEOUT=20 "$out/linux-2.6.18" "$t" 2>&1 | tail -n 1)
		if [[ $line == "100%: Checks: "* ]]; then
			good=$((good + 1))
			echo "PASS: $(basename "$t"): $line"
		else
			bad=$((bad + 1))
			echo "FAIL: $(basename "$t"): $line"
		fi
	done
	echo "$good passed, $bad failed"
	[ $bad -eq 0 ] && [ $good -gt 0 ]
}
if [ -n "$units" ]; then
	step "the unit suites (Check) of $units" "$out/units.out" unit_suites "$units"
fi

export CIFS_AF_TEST_LAUNCH=$out/linux-2.6.18 CIFS_AF_TEST_PERSONALITY=2.6.18
export CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5
integration=$top/tests/integration
step "decision against real Samba in a network namespace" "$out/decision.out" \
	"$integration/decision-netns.sh" "$helper"
step "mtab in a private mount namespace (regular /etc/mtab)" "$out/mtab.out" \
	"$integration/mtab-namespace.sh" "$helper"
step "setuid user mounts from /etc/fstab" "$out/setuid.out" "$integration/setuid-user-mount.sh" "$helper"
step "decision cache and cifs-af.dnsresolver against the kernel keyring" "$out/keyring.out" \
	"$integration/keyring-netns.sh" "$helper" "$upcall"
step "what only 2.6.18 shows: -N, the kept bounding set said once" "$out/only-2.6.18.out" \
	"$top/tests/personality/only-2.6.18.sh" "$helper" "$upcall"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
