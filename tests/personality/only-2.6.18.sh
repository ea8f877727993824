#!/bin/bash
# tests/personality/only-2.6.18.sh HELPER UPCALL: what the helper and
# cifs-af.dnsresolver do only on a kernel without setns (3.0) and without
# the bounding set calls (2.6.25), run under CIFS_AF_TEST_LAUNCH (the
# linux-2.6.18 launcher), and the same runs without it, which must not say
# so.  Nothing needs a network: the helper's address is a literal, -f stops
# before mount(2), and the upcall's -D resolves localhost.  Needs root.
set -u
helper=$(readlink -f "$1")
upcall=$(readlink -f "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/launch.sh"
[ ${#cifsaf_launch[@]} -gt 0 ] || { echo "FAIL: CIFS_AF_TEST_LAUNCH is not set"; echo "0 passed, 1 failed"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# No decision cache: nothing here may touch root's keyring.
printf 'cache-ttl-s 0\n' >"$work/cifs-af.conf"
export CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 CIFS_AF_CONFIG=$work/cifs-af.conf

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }
kept="capability bounding set not pruned: the kernel cannot drop from it (needs 2.6.25)"

# --- -N: setns is 3.0's
out=$("${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$work" -f -n -N /proc/self/ns/mnt -o guest 2>&1); st=$?
[ $st -eq 1 ] && grep -qx "mount.cifs: -N /proc/self/ns/mnt: entering a mount namespace needs setns(), which this system lacks" <<<"$out" \
	&& ! grep -q "kernel mount options" <<<"$out" \
	&& ok "-N: exit 1, 'needs setns(), which this system lacks', nothing decided" || ko "-N under 2.6.18 (exit $st)" "$out"
out=$("$helper" //192.0.2.1/s "$work" -f -n -N /proc/self/ns/mnt -o guest 2>&1); st=$?
[ $st -eq 0 ] && ! grep -q setns <<<"$out" && ok "-N on this machine's kernel: entered, exit 0" \
	|| ko "-N on the host (exit $st)" "$out"

# --- the bounding set: once under -v, once in syslog
# logged LOG CMD...: CMD with a private /dev/log whose records go to LOG.
logged() {
	unshare -m "$top/tests/integration/syslog-capture.sh" "$@" 2>&1
}
log=$work/syslog
: >"$log"
out=$(logged "$log" "${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$work" -f -n -v -o guest); st=$?
records=$(grep -cF "mount.cifs[" "$log")
[ $st -eq 0 ] && [ "$(grep -cF "$kept" <<<"$out")" -eq 1 ] && ok "-v says once: $kept" \
	|| ko "the kept bounding set under -v (exit $st)" "$out"
[ "$(grep -cF "$kept" "$log")" -eq 1 ] && grep -F "$kept" "$log" | grep -qE '^<29>.* mount\.cifs\[[0-9]+\]: ' \
	&& ok "syslog says once, daemon.notice, ident mount.cifs ($records records in all)" \
	|| ko "the kept bounding set in syslog" "$(cat "$log")"
grep -q "//192.0.2.1/s: policy v4-only (kernel 2.6.18-308.8.1.el5" "$log" \
	&& ok "and the decision's own record follows" || ko "the decision record" "$(cat "$log")"
: >"$log"
out=$(logged "$log" "${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$work" -f -n -o guest); st=$?
[ $st -eq 0 ] && ! grep -qF "$kept" <<<"$out" && [ "$(grep -cF "$kept" "$log")" -eq 1 ] \
	&& ok "without -v: syslog only" || ko "the kept bounding set without -v (exit $st)" "$out
$(cat "$log")"
: >"$log"
out=$(logged "$log" "$helper" //192.0.2.1/s "$work" -f -n -v -o guest); st=$?
[ $st -eq 0 ] && ! grep -qF "bounding set" <<<"$out" && ! grep -qF "bounding set" "$log" \
	&& ok "on this machine's kernel the bounding set is pruned, and nothing says otherwise" \
	|| ko "the host run (exit $st)" "$out
$(cat "$log")"

# --- cifs-af.dnsresolver drops every capability; the bounding set stays
out=$("${cifsaf_launch[@]}" "$upcall" -D localhost "" 2>&1); st=$?
[ $st -eq 0 ] && [ "$(grep -cF "$kept" <<<"$out")" -eq 1 ] && [ "$(tail -n 1 <<<"$out")" = 127.0.0.1 ] \
	&& ok "cifs-af.dnsresolver says once that the bounding set was kept, and answers" \
	|| ko "cifs-af.dnsresolver under 2.6.18 (exit $st)" "$out"
out=$("$upcall" -D localhost "" 2>&1); st=$?
[ $st -eq 0 ] && ! grep -qF "bounding set" <<<"$out" && ok "cifs-af.dnsresolver on this machine's kernel: no such notice" \
	|| ko "cifs-af.dnsresolver on the host (exit $st)" "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
