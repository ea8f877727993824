#!/bin/bash
# tests/personality/selftest.sh [OUTDIR]: build the linux-2.6.18 launcher
# (tests/personality/build.sh) and prove each of its rules bites:
#   - the filter's verdict for every rule on both architectures, through
#     its interpreter (filtercheck);
#   - the x86_64 self-test under the launcher (2.6.18's answers) and
#     without it (the host's, for every rule that bites; the same, for
#     every call left alone), and the i386 one where this kernel runs
#     i386 programs (it says so where it does not);
#   - setuid under the launcher: installed by root, the filter lets a
#     setuid program gain its privileges, the supervisor answers it, and
#     the self-test passes as such a program; installed by anyone else, no
#     privileges are gained (no_new_privs), and the launcher says so.
# OUTDIR defaults to build/personality.  Needs root; ends with
# "N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/personality}
. "$top/tests/lib/netns.sh"
. "$top/tests/personality/build.sh"
# shellcheck disable=SC2086 # a word list
cifsaf_need_packages $K2618_PACKAGES || exit 1
k2618_build "$out" || { echo "FAIL: building the launcher"; echo "0 passed, 1 failed"; exit 1; }
launch=$out/linux-2.6.18

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }

# program NAME CMD...: one of the programs that print PASS/FAIL lines and a
# count; its lines shown, counted as one check.
program() {
	local name=$1 res
	shift
	res=$("$@" 2>&1)
	if [ $? -eq 0 ] && [[ $(tail -n 1 <<<"$res") == *" passed, 0 failed" ]]; then
		ok "$name: $(tail -n 1 <<<"$res")"
	else
		ko "$name" "$(grep -v '^PASS' <<<"$res")"
	fi
	grep '^PASS' <<<"$res" | sed 's/^/    /'
}

program "the filter's verdicts, x86_64 and i386" "$out/filtercheck"
program "x86_64 self-test on the host" "$out/selftest-x86_64" host
program "x86_64 self-test under linux-2.6.18" "$launch" "$out/selftest-x86_64" 2.6.18

i386=$("$out/selftest-i386" host 2>&1)
if [ $? -eq 126 ] || grep -q 'Exec format error' <<<"$i386"; then
	echo "NOTE: this kernel cannot run i386 programs (exec: Exec format error; no 32-bit" \
		"user mode, as in a PVM guest): the i386 rules are proven by the filter's verdicts only"
else
	program "i386 self-test on the host" "$out/selftest-i386" host
	program "i386 self-test under linux-2.6.18" "$launch" "$out/selftest-i386" 2.6.18
fi

# --- setuid
suid=$(mktemp -d)
trap 'rm -rf "$suid"' EXIT
chmod 755 "$suid"
cp /bin/cat "$out/selftest-x86_64" "$suid/"
chown root:root "$suid/cat" "$suid/selftest-x86_64"
chmod 4755 "$suid/cat" "$suid/selftest-x86_64"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
status=$("$launch" setpriv --reuid=65534 --regid=65534 --clear-groups "$suid/cat" /proc/self/status 2>&1)
grep -qP '^Uid:\t65534\t0\t0\t0$' <<<"$status" && grep -qP '^NoNewPrivs:\t0$' <<<"$status" &&
	grep -qP '^Seccomp:\t2$' <<<"$status" &&
	ok "filter installed by root: a setuid-root program run by nobody gains euid 0 and keeps the filter" ||
	ko "setuid under a root-installed filter" "$status"
program "the x86_64 self-test as a setuid-root program run by nobody, under linux-2.6.18" \
	"$launch" setpriv --reuid=65534 --regid=65534 --clear-groups "$suid/selftest-x86_64" 2.6.18
status=$(as_nobody "$launch" "$suid/cat" /proc/self/status 2>&1)
grep -qP '^Uid:\t65534\t65534\t65534\t65534$' <<<"$status" && grep -qP '^NoNewPrivs:\t1$' <<<"$status" &&
	grep -q 'not root: no_new_privs set, setuid programs will not gain privileges' <<<"$status" &&
	ok "filter installed by nobody: no_new_privs, no privileges gained, and the launcher says so" ||
	ko "setuid under a filter installed by nobody" "$status"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
