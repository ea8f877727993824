#!/bin/bash
# tests/integration/decision-netns.sh HELPER: the helper's address decision
# (-f -v) against a real Samba server in a network namespace, names from
# /etc/netns/NS/hosts, faults from ip6tables/iptables.  Every address lives
# on the namespace's loopback; nothing leaves it.  Needs root.
set -u
helper=$(readlink -f "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
cifsaf_trap_cleanup

NS=cifsaf-decide-$$
V4=192.0.2.10 V6=2001:db8::10
DEAD6="2001:db8::d1 2001:db8::d2 2001:db8::d3 2001:db8::d4 2001:db8::d5 2001:db8::d6 2001:db8::d7 2001:db8::d8"
LONG6=2001:db8:85a3:8d3:1319:8a2e:370:7348

cifsaf_tmpdir work
cifsaf_ns_create "$NS"
# shellcheck disable=SC2086
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128" "$LONG6/128" $DEAD6
hosts=("$V6 fs.test" "$V4 fs.test" "$V6 v6only.test" "$LONG6 long.test" "$V4 long.test")
for a in $DEAD6; do hosts+=("$a dead.test"); done
hosts+=("$V4 dead.test")
cifsaf_ns_hosts "$NS" "${hosts[@]}"
mkdir -p "$work/samba" "$work/mnt"
cifsaf_smbd_start "$NS" "$work/samba" || { echo "FAIL: smbd did not start"; echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }

# run_helper UNC [ARGS...]: sets OUT, STATUS and MS (wall time of the helper).
run_helper() {
	local t0 t1
	t0=$(date +%s%N)
	OUT=$(ip netns exec "$NS" env CIFS_AF_KERNEL_RELEASE="${RELEASE:-6.1.0-27-amd64}" \
		"$helper" "$1" "$work/mnt" -f -v -o guest "${@:2}" 2>&1)
	STATUS=$?
	t1=$(date +%s%N)
	MS=$(((t1 - t0) / 1000000))
}

# chosen: the ip= of the kernel option line.
chosen() { sed -n 's/^mount.cifs kernel mount options: ip=\([^,]*\),.*/\1/p' <<<"$OUT"; }

# expect NAME WANT_IP MAX_MS [MIN_MS]
expect() {
	local name=$1 want=$2 max=$3 min=${4:-0} got
	got=$(chosen)
	if [ "$STATUS" -ne 0 ] || [ "$got" != "$want" ]; then
		ko "$name: exit $STATUS, ip=$got, want ip=$want" "$OUT"
	elif [ "$MS" -gt "$max" ] || [ "$MS" -lt "$min" ]; then
		ko "$name: took $MS ms, want $min..$max ms" "$OUT"
	else
		ok "$name: ip=$got in $MS ms"
	fi
}

has() { grep -qF -- "$2" <<<"$OUT" && ok "$1" || ko "$1: no '$2'" "$OUT"; }

run_helper //fs.test/share
expect "healthy dual stack: IPv6 first (happy-eyeballs)" "$V6" 1000
has "trace shows the policy" "policy happy-eyeballs (built-in rule)"
has "trace shows both addresses" "resolved fs.test in"

# The chosen address serves the share: the real Samba answers there.
if ip netns exec "$NS" smbclient -N "//$(chosen)/share" -c 'get hello.txt -' 2>/dev/null | grep -q "hello from samba"; then
	ok "Samba serves hello.txt at the chosen address"
else
	ko "Samba serves hello.txt at the chosen address"
fi

cifsaf_fault "$NS" drop "$V6"
run_helper //fs.test/share
expect "IPv6 blackholed: IPv4 after one connection attempt delay" "$V4" 1000 250
has "blackholed IPv6 reported" "probe $V6: started at 0 ms, no answer"
has "fallback named in the record" "policy happy-eyeballs"

for a in $DEAD6; do cifsaf_fault "$NS" drop "$a"; done
run_helper //dead.test/share
expect "8 dead IPv6 and 1 IPv4: one delay, not eight" "$V4" 1000 250

run_helper //fs.test/share -o af=v4-only
expect "af=v4-only never probes IPv6" "$V4" 500
cifsaf_fault_clear "$NS"

cifsaf_fault "$NS" reject "$V6"
run_helper //fs.test/share
expect "IPv6 refused: IPv4 at once" "$V4" 240
has "refusal reported" "Connection refused"
cifsaf_fault_clear "$NS"

cifsaf_fault "$NS" drop "$V4"
run_helper //fs.test/share -o af=v4-preferred
expect "IPv4 dropped under v4-preferred: IPv6 after the probe timeout" "$V6" 3000 2000
cifsaf_fault_clear "$NS"

RELEASE=2.6.18-308.8.1.el5 run_helper //fs.test/share
expect "RHEL 5 kernel: v4-only, no probe" "$V4" 500
has "RHEL 5 drop reported" "dropped $V6: kernel cannot parse IPv6 in ip="
has "RHEL 5 rule named" "built-in rule, RHEL 5 cannot parse IPv6 in ip="

RELEASE=2.6.30 run_helper //long.test/share -o af=v6-preferred
expect "2.6.30 with a 36-character IPv6: dropped, IPv4 used" "$V4" 500
has "2.6.30 length limit reported" "dropped $LONG6: kernel takes at most 34 characters in ip="

run_helper //fs.test/share -o af=v6-only
expect "af=v6-only" "$V6" 500

run_helper //fs.test/share -o af=system
first=$(ip netns exec "$NS" getent ahosts fs.test | awk 'NR==1 {print $1}')
expect "af=system keeps getaddrinfo's first address without probing" "$first" 500
has "af=system does not probe" "no probe: policy system keeps the resolver's order"

run_helper //v6only.test/share -o af=v4-only
[ "$STATUS" -eq 32 ] && grep -q "no address of v6only.test can be used" <<<"$OUT" \
	&& ok "v4-only on an IPv6-only name: clear error, exit 32" || ko "v4-only on an IPv6-only name (exit $STATUS)" "$OUT"

run_helper //nx.test/share
[ "$STATUS" -eq 1 ] && grep -q "could not resolve address for nx.test: Name or service not known" <<<"$OUT" \
	&& ! grep -q "Unknown error" <<<"$OUT" \
	&& ok "unknown name: the resolver's real error" || ko "unknown name (exit $STATUS)" "$OUT"

cifsaf_fault "$NS" drop "$V6"
cifsaf_fault "$NS" drop "$V4"
run_helper //fs.test/share
[ "$STATUS" -eq 32 ] && grep -q "no address of fs.test answered on port 445" <<<"$OUT" && [ "$MS" -lt 6500 ] \
	&& ok "everything blackholed: fails after the 5 s deadline ($MS ms)" || ko "everything blackholed (exit $STATUS, $MS ms)" "$OUT"
cifsaf_fault_clear "$NS"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
