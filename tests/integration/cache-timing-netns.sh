#!/bin/bash
# tests/integration/cache-timing-netns.sh HELPER: what the decision cache
# costs and saves, timed against a real Samba server in a network
# namespace, the cache in an anonymous session keyring (as keyring-netns.sh).
#
# A dead cached IPv6 winner (ip6tables drops it) must give ip= IPv4 within
# the connection attempt delay plus 20 ms (issue 17: the cached attempt is
# attempt one of the race, not a probe before it).  A cached winner is
# probed as soon as its family's lookup has returned it: with a real DNS
# server (fake-dns.py) answering AAAA 40 ms after A, a miss probes once
# both have answered, a hit's probe of the cached IPv4 starts as A answers.  A hit's and a miss's times
# are printed beside each other.  Each figure is the median of 10 decisions with -f,
# read from the syslog record's "ip=ADDR in N ms" (resolution and probing,
# not process start).  Needs root and keyutils.
set -u
if [ "${CIFSAF_TIMING_INNER:-}" != 1 ]; then
	command -v keyctl >/dev/null || { echo "FAIL: keyctl not found (package keyutils)"; echo "0 passed, 1 failed"; exit 1; }
	exec env CIFSAF_TIMING_INNER=1 keyctl session - bash "$0" "$@"
fi
helper=$(readlink -f "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/integration
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/launch.sh"
cifsaf_trap_cleanup

NS=cifsaf-timing-$$
V4=192.0.2.10 V6=2001:db8::10 DEAD6=2001:db8::d1 DNS=192.0.2.53
DELAY=250	# connect-delay-ms, set in the configuration below
RUNS=${CIFSAF_TIMING_RUNS:-10}
cifsaf_tmpdir work
cifsaf_ns_create "$NS"
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128" "$DEAD6/128" "$DNS/32"
cifsaf_ns_hosts "$NS" "$V6 fs.test" "$V4 fs.test" "$DEAD6 drop.test" "$V4 drop.test"
# slow.dns comes from DNS only, its AAAA answer 40 ms after A's (inside
# the Resolution Delay: both families are candidates).
AAAA_LATE=40
ip netns exec "$NS" python3 "$here/fake-dns.py" "$DNS" "slow.dns,$V4,$V6,$AAAA_LATE" >/dev/null 2>&1 &
cifsaf_ns_resolv "$NS" "$DNS"
sed -i 's/^hosts:.*/hosts:\tfiles dns/' "/etc/netns/$NS/nsswitch.conf"
for _ in $(seq 100); do
	ip netns exec "$NS" getent ahostsv4 slow.dns >/dev/null 2>&1 && break
	sleep 0.05
done
mkdir -p "$work/samba" "$work/mnt"
cifsaf_smbd_start "$NS" "$work/samba" || { echo "FAIL: smbd did not start"; echo "0 passed, 1 failed"; exit 1; }
cifsaf_fault "$NS" drop "$DEAD6"
gcc -shared -fPIC -o "$work/mount-log.so" "$top/tests/oracle/mount-log.c" || exit 1
CONF=$work/cifs-af.conf
echo "connect-delay-ms $DELAY" >"$CONF"

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }

# run_helper UNC FLAGS...: one run in the namespace, syslog captured; sets
# OUT, LOG, STATUS, DEC (the record's decision time in ms) and IP.
run_helper() {
	local log=$work/syslog
	: >"$log"
	OUT=$(ip netns exec "$NS" unshare -m "$here/syslog-capture.sh" "$log" \
		env CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 CIFS_AF_CONFIG="$CONF" CIFS_AF_KEYRING=session \
		LD_PRELOAD="$work/mount-log.so" CIFSAF_MOUNT_LOG="$work/mount.log" \
		"${cifsaf_launch[@]}" "$helper" "$1" "$work/mnt" -n -v -o guest "${@:2}" 2>&1)
	STATUS=$?
	LOG=$(cat "$log")
	DEC=$(sed -n 's/.*: ip=[^ ]* in \([0-9]*\) ms.*/\1/p' <<<"$LOG" | tail -n 1)
	IP=$(sed -n 's/.*: ip=\([^ ]*\) in [0-9]* ms.*/\1/p' <<<"$LOG" | tail -n 1)
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
ring() { keyctl search @s keyring cifs-af 2>/dev/null; }

# put_key HOST FAMILY ADDR: the cache entry a race would have stored.
put_key() {
	local desc="cifs-af:$1:445" payload="v1 family=$2 addr=$3 port=445 stored=$(date +%s)" key
	key=$(keyctl search @s user "$desc" 2>/dev/null)
	if [ -n "$key" ]; then
		keyctl update "$key" "$payload"
	else
		key=$(keyctl add user "$desc" "$payload" "$(ring)") && keyctl setperm "$key" 0x3f2f0000
	fi
}
drop_key() {
	local key
	key=$(keyctl search @s user "cifs-af:$1:445" 2>/dev/null) && keyctl unlink "$key" "$(ring)" >/dev/null
}

# A real mount (mount(2) intercepted) makes the cifs-af keyring.
run_helper //drop.test/share
[ "$STATUS" -eq 0 ] && [ -n "$(ring)" ] && ok "a first mount makes the cache keyring" \
	|| ko "first mount (exit $STATUS)" "$OUT"

# decision UNC IP TEXT ARRAY: one -f decision that must choose IP and print
# TEXT; its time is appended to ARRAY, a wrong one counted in WRONG.
decision() {
	run_helper "$1" -f
	[ "$STATUS" -eq 0 ] && [ "$IP" = "$2" ] && grep -qF -- "$3" <<<"$OUT" \
		|| { WRONG=$((WRONG + 1)); ko "$1: exit $STATUS, ip=$IP; wanted $2 and '$3'" "$OUT"; }
	eval "$4+=(\"\${DEC:-99999}\")"
}

echo "--- a dead cached IPv6 winner, $RUNS decisions"
times=() WRONG=0
for _ in $(seq "$RUNS"); do
	put_key drop.test ipv6 "$DEAD6"
	decision //drop.test/share "$V4" "probe $DEAD6 port 445 (cached, attempt one)" times
done
dead=$(printf '%s\n' "${times[@]}" | median)
[ "$WRONG" -eq 0 ] && ok "each decision: ip=$V4 after the cached attempt" || ko "$WRONG of $RUNS decisions wrong"
[ "$dead" -le $((DELAY + 20)) ] && ok "dead cached winner: median $dead ms <= $DELAY + 20 ms (${times[*]})" \
	|| ko "dead cached winner: median $dead ms > $DELAY + 20 ms (${times[*]})"

# misses_and_hits HOST FAMILY ADDR [MISS-ADDR]: RUNS times a miss (no key,
# wanting ip=MISS-ADDR, default ADDR) then a hit (ADDR cached, wanting
# ip=ADDR); sets the medians miss and hit (ms),
# the times miss_t and hit_t, and in early_t when each hit's probe started
# ("N ms into the lookups") and in resolved_t when its lookups were done.
misses_and_hits() {
	miss_t=() hit_t=() early_t=() resolved_t=() WRONG=0
	for _ in $(seq "$RUNS"); do
		drop_key "$1"
		decision "//$1/share" "${4:-$3}" "cache: nothing cached for cifs-af:$1:445" miss_t
		put_key "$1" "$2" "$3"
		decision "//$1/share" "$3" "decided by the cache: no race" hit_t
		early_t+=("$(sed -n "s/^cache: probing $3 from its A*A answer on, \([0-9]*\) ms into the lookups$/\1/p" <<<"$OUT")")
		resolved_t+=("$(sed -n "s/^resolved $1 in \([0-9]*\) ms:.*/\1/p" <<<"$OUT")")
	done
	miss=$(printf '%s\n' "${miss_t[@]}" | median)
	hit=$(printf '%s\n' "${hit_t[@]}" | median)
	[ "$WRONG" -eq 0 ] && ok "$1: each miss raced, each hit was decided by the cache" || ko "$1: $WRONG decisions wrong"
}

# early_probes MARGIN: every hit's probe started at least MARGIN ms before
# the lookups were done.
early_probes() {
	local i bad=0
	for i in "${!early_t[@]}"; do
		[[ ${early_t[i]} =~ ^[0-9]+$ ]] && [ $((early_t[i] + $1)) -le "${resolved_t[i]:-0}" ] || bad=$((bad + 1))
	done
	[ "$bad" -eq 0 ] && ok "each hit's probe started with its family's answer, at ${early_t[*]} ms; lookups done at ${resolved_t[*]} ms" \
		|| ko "$bad hits' probes started late or not early (at '${early_t[*]}' ms; lookups done at ${resolved_t[*]} ms)"
}

echo "--- a healthy name, $RUNS misses and $RUNS hits"
misses_and_hits fs.test ipv6 "$V6"
early_probes 0
# Not asserted: both lookups answer from /etc/hosts within a millisecond of
# each other and a connect here takes less than one, so a hit and a miss
# differ by scheduling noise (the cached probe's head start is that connect).
echo "INFO: healthy hit median $hit ms, miss median $miss ms (hits ${hit_t[*]}; misses ${miss_t[*]})"

echo "--- AAAA answered $AAAA_LATE ms after A, $RUNS misses and $RUNS hits on the cached IPv4"
misses_and_hits slow.dns ipv4 "$V4" "$V6"
[ "$miss" -ge "$AAAA_LATE" ] && ok "miss: median $miss ms >= the $AAAA_LATE ms AAAA is late (${miss_t[*]})" \
	|| ko "miss: median $miss ms < $AAAA_LATE ms: the scenario did not delay AAAA (${miss_t[*]})"
# The cached IPv4 is probed as A answers, while the lookups still wait for
# AAAA; a miss probes only after it has come.
early_probes $((AAAA_LATE / 2))
echo "INFO: hit median $hit ms, miss median $miss ms (hits ${hit_t[*]}; misses ${miss_t[*]})"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
