#!/bin/bash
# tests/integration/decision-netns.sh HELPER: the helper's address decision
# (-f -v) against a real Samba server in a network namespace, names from
# /etc/netns/NS/hosts (and, for slow lookups, a fake DNS server), faults
# from ip6tables/iptables, rules from a cifs-af.conf given by CIFS_AF_CONFIG,
# and the syslog records read from a private /dev/log.  Every address lives
# on the namespace's loopback; nothing leaves it.  Needs root.
set -u
helper=$(readlink -f "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/integration
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/launch.sh"
cifsaf_trap_cleanup

NS=cifsaf-decide-$$
V4=192.0.2.10 V6=2001:db8::10 DNS=192.0.2.53
DEAD6="2001:db8::d1 2001:db8::d2 2001:db8::d3 2001:db8::d4 2001:db8::d5 2001:db8::d6 2001:db8::d7 2001:db8::d8"
LONG6=2001:db8:85a3:8d3:1319:8a2e:370:7348

cifsaf_tmpdir work
cifsaf_ns_create "$NS"
# shellcheck disable=SC2086
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128" "$LONG6/128" "$DNS/32" $DEAD6
hosts=("$V6 fs.test" "$V4 fs.test" "$V6 v6only.test" "$LONG6 long.test" "$V4 long.test")
for a in $DEAD6; do hosts+=("$a dead.test"); done
hosts+=("$V4 dead.test")
cifsaf_ns_hosts "$NS" "${hosts[@]}"
mkdir -p "$work/samba" "$work/mnt"
cifsaf_smbd_start "$NS" "$work/samba" || { echo "FAIL: smbd did not start"; echo "0 passed, 1 failed"; exit 1; }
CONF=$work/cifs-af.conf
: >"$CONF"
# With both families in /etc/hosts both answers come at once, but on a
# loaded machine one lookup child may not even be scheduled within the
# 50 ms Resolution Delay, and the decision then rightly goes on without
# it.  Tests that need both families use a delay no scheduler outlasts;
# the tests of the delay itself set theirs.
STEADY=$work/steady.conf
printf 'resolution-delay-ms 1000\n' >"$STEADY"

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }

# run_helper UNC [ARGS...]: sets OUT, STATUS and MS (wall time of the helper).
# The configuration is $CONF, or $STEADY while $CONF is empty; RELEASE
# overrides the kernel release; OPTS the -o options (default guest).
# run_conf: the configuration file a run of the helper gets.
run_conf() {
	if [ "$CONF" = "$work/cifs-af.conf" ] && [ ! -s "$CONF" ]; then
		echo "$STEADY"
	else
		echo "$CONF"
	fi
}

run_helper() {
	local t0 t1 conf
	conf=$(run_conf)
	t0=$(date +%s%N)
	OUT=$(ip netns exec "$NS" env CIFS_AF_KERNEL_RELEASE="${RELEASE:-6.1.0-27-amd64}" \
		CIFS_AF_CONFIG="$conf" "${cifsaf_launch[@]}" "$helper" "$1" "$work/mnt" -f -v -o "${OPTS:-guest}" "${@:2}" 2>&1)
	STATUS=$?
	t1=$(date +%s%N)
	MS=$(((t1 - t0) / 1000000))
}

# chosen: the ip= of the kernel option line.
chosen() { sed -n 's/^mount.cifs kernel mount options: ip=\([^,]*\),.*/\1/p' <<<"$OUT"; }
# kopts: the whole kernel option line.
kopts() { sed -n 's/^mount.cifs kernel mount options: //p' <<<"$OUT"; }

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
hasre() { grep -qE -- "$2" <<<"$OUT" && ok "$1" || ko "$1: no match for '$2'" "$OUT"; }
hasnt() { grep -qF -- "$2" <<<"$OUT" && ko "$1: found '$2'" "$OUT" || ok "$1"; }

# port_fault drop|reject ADDR PORT: like cifsaf_fault, for one TCP port.
# The RST a reject sends is itself TCP to ADDR here, so it is let through.
port_fault() {
	local tool=iptables
	[[ $2 == *:* ]] && tool=ip6tables
	if [ "$1" = drop ]; then
		ip netns exec "$NS" "$tool" -w -I INPUT 1 -p tcp -d "$2" --dport "$3" -j DROP
	else
		ip netns exec "$NS" "$tool" -w -I INPUT 1 -p tcp -d "$2" --dport "$3" \
			! --tcp-flags RST RST -j REJECT --reject-with tcp-reset
	fi
}

echo "--- built-in policy, faults"
run_helper //fs.test/share
expect "healthy dual stack: IPv6 first (happy-eyeballs)" "$V6" 1000
has "trace shows the policy" "policy happy-eyeballs (built-in rule)"
has "trace shows both lookups, AAAA first" "lookups: AAAA: 1 in"
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
has "blackholed IPv6 reported" "probe $V6 port 445: started at 0 ms, no answer"
has "fallback named in the record" "policy happy-eyeballs"

for a in $DEAD6; do cifsaf_fault "$NS" drop "$a"; done
run_helper //dead.test/share
expect "8 dead IPv6 and 1 IPv4: one delay, not eight" "$V4" 1000 250

run_helper //fs.test/share -o af=v4-only
expect "af=v4-only never probes IPv6" "$V4" 500
has "af=v4-only leaves the IPv6 address out, and says so" "not tried $V6: left out by policy v4-only"
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
has "RHEL 5 rule named" "built-in rule, RHEL 5 cannot parse IPv6 in ip="
has "RHEL 5 drop reported, as the record's example has it" "dropped $V6 (kernel cannot parse IPv6 in ip=)"
RELEASE=2.6.18-308.8.1.el5 run_helper //fs.test/share -o af=happy-eyeballs
expect "RHEL 5 kernel with af=happy-eyeballs: IPv6 dropped" "$V4" 500
has "RHEL 5 drop reported" "dropped $V6: kernel cannot parse IPv6 in ip="

RELEASE=2.6.30 run_helper //long.test/share -o af=v6-preferred
expect "2.6.30 with a 36-character IPv6: dropped, IPv4 used" "$V4" 500
has "2.6.30 length limit reported" "dropped $LONG6: kernel takes at most 34 characters in ip="

run_helper //v6only.test/share -o af=v4-only
[ "$STATUS" -eq 32 ] && grep -q "no address of v6only.test can be used with policy v4-only" <<<"$OUT" \
	&& ok "v4-only on an IPv6-only name: clear error, exit 32" || ko "v4-only on an IPv6-only name (exit $STATUS)" "$OUT"

run_helper //nx.test/share
[ "$STATUS" -eq 1 ] && grep -q "could not resolve address for nx.test: Name or service not known" <<<"$OUT" \
	&& ! grep -q "Unknown error" <<<"$OUT" \
	&& ok "unknown name: the resolver's real error" || ko "unknown name (exit $STATUS)" "$OUT"

cifsaf_fault "$NS" drop "$V6"
cifsaf_fault "$NS" drop "$V4"
run_helper //fs.test/share -o guest,port=445
[ "$STATUS" -eq 32 ] && grep -q "no address of fs.test answered on port 445" <<<"$OUT" && [ "$MS" -lt 6500 ] \
	&& ok "everything blackholed, port=445: fails after the 5 s deadline ($MS ms)" || ko "everything blackholed (exit $STATUS, $MS ms)" "$OUT"
cifsaf_fault_clear "$NS"

echo "--- each af= value"
first=$(ip netns exec "$NS" getent ahosts fs.test | awk 'NR==1 {print $1}')
for spec in "system $first A/AAAA: 2 in" "v4-only $V4 AAAA: 1 in" "v6-only $V6 AAAA: 1 in" \
	"v4-preferred $V4 AAAA: 1 in" "v6-preferred $V6 AAAA: 1 in" "happy-eyeballs $V6 AAAA: 1 in"; do
	read -r policy want lookup <<<"$spec"
	run_helper //fs.test/share -o "af=$policy"
	expect "af=$policy" "$want" 500
	has "af=$policy named with its reason" "policy $policy (af= mount option)"
	has "af=$policy lookups" "lookups: $lookup"
	hasnt "af= is not passed to the kernel" "af=$policy,"
	[ "$policy" = system ] && has "af=system does not probe" "no probe: policy system keeps the resolver's order"
done

echo "--- cifs-af.conf"
printf 'host FS.TEST v4-only\nhost *.test v6-only\n' >"$CONF"
run_helper //fs.test/share
expect "host rule, any case: v4-only" "$V4" 500
has "host rule named by file and line" "policy v4-only ($CONF:1: host FS.TEST)"
run_helper //FS.Test/share
expect "host rule matches the UNC host in any case" "$V4" 500
run_helper //long.test/share
expect "first matching host rule wins: *.test v6-only" "$LONG6" 500
has "second host rule named" "$CONF:2: host *.test"
run_helper //fs.test/share -o af=v6-only
expect "af= beats a host rule" "$V6" 500

cat >"$CONF" <<EOF
# kernel rules: a glob, then comparisons; the first that matches wins
kernel 2.6.18-*.el5 happy-eyeballs
kernel <2.6.31 v6-preferred
kernel >=6 v4-preferred
host v6only.test system
EOF
RELEASE=2.6.18-308.8.1.el5 run_helper //fs.test/share
expect "kernel glob rule on RHEL 5: happy-eyeballs, IPv6 dropped by the kernel filter" "$V4" 500
has "kernel glob rule named" "policy happy-eyeballs ($CONF:2: kernel 2.6.18-*.el5)"
has "the kernel filter still applies" "dropped $V6: kernel cannot parse IPv6 in ip="
RELEASE=2.6.30 run_helper //fs.test/share
expect "kernel <2.6.31 rule: v6-preferred" "$V6" 500
has "kernel comparison rule named" "$CONF:3: kernel <2.6.31"
run_helper //fs.test/share
expect "kernel >=6 rule on 6.1: v4-preferred" "$V4" 500
RELEASE=5.10.0-28-amd64 run_helper //fs.test/share
expect "no rule matches 5.10: the built-in rule" "$V6" 500
has "built-in rule named" "policy happy-eyeballs (built-in rule)"
run_helper //v6only.test/share
has "a host rule beats a kernel rule" "policy system ($CONF:5: host v6only.test)"

cat >"$CONF" <<EOF
bogus line here
kernel >= 3.10 happy-eyeballs
host fs.test fastest
connect-delay-ms 1000
connect-delay-ms 300
host fs.test v6-only
EOF
run_helper //fs.test/share
expect "malformed lines: the mount goes on with the good ones" "$V6" 500
has "unknown keyword reported as PATH:LINE" "$CONF:1: unknown keyword 'bogus'"
has "operator apart from its version reported" "$CONF:2: kernel: write the operator and the version together, as >=3.10; line ignored"
has "unknown policy reported" "$CONF:3: unknown policy 'fastest'"
has "repeated setting reported" "$CONF:5: connect-delay-ms is already set on line 4; line ignored"
has "the good host rule is used" "policy v6-only ($CONF:6: host fs.test)"
[ "$(grep -c "^$CONF:" <<<"$OUT")" -eq 4 ] && ok "each bad line reported once" || ko "each bad line reported once" "$OUT"

printf 'connect-delay-ms 1000\n' >"$CONF"
cifsaf_fault "$NS" drop "$V6"
run_helper //fs.test/share
expect "connect-delay-ms 1000: IPv4 starts after 1000 ms" "$V4" 2000 1000
cifsaf_fault_clear "$NS"

sed 's/^#\([a-z]\)/\1/' "$top/cifs-af.conf" >"$CONF"
run_helper //fs.test/share
expect "the shipped cifs-af.conf, every line uncommented: the built-in choice" "$V6" 500
has "the shipped file's rules all parse" "config $CONF: 5 rules, 0 problems"
has "its kernel rule names itself" "policy happy-eyeballs ($CONF:"
CONF=relative.conf run_helper //fs.test/share
expect "a relative CIFS_AF_CONFIG: built-in defaults" "$V6" 500
has "a relative CIFS_AF_CONFIG is refused" "CIFS_AF_CONFIG=relative.conf: not an absolute path"

CONF=$work/missing.conf run_helper //fs.test/share
expect "CIFS_AF_CONFIG naming a missing file: built-in defaults" "$V6" 500
has "missing file named" "$work/missing.conf: No such file or directory (CIFS_AF_CONFIG); built-in defaults apply"
mkdir -p "$work/conf-dir"
CONF=$work/conf-dir run_helper //fs.test/share
expect "CIFS_AF_CONFIG naming a directory: built-in defaults" "$V6" 500
has "a directory is not used" "$work/conf-dir: not a regular file; ignored, built-in defaults apply"
head -c 65537 /dev/zero | tr '\0' '#' >"$work/big.conf"
CONF=$work/big.conf run_helper //fs.test/share
expect "a cifs-af.conf over 64 KiB: built-in defaults" "$V6" 500
has "an oversized file is refused whole" "$work/big.conf: larger than 65536 bytes; ignored, built-in defaults apply"
: >"$CONF"

echo "--- port 139"
port_fault reject "$V6" 445
port_fault reject "$V4" 445
run_helper //fs.test/share
expect "445 refused everywhere: 139 raced, IPv6 wins" "$V6" 500
has "139 race in the trace" "no address answered on port 445: probing port 139"
has "139 winner in the trace" "chose $V6 port 139 (passed as port=139)"
k=$(kopts)
[ "$(grep -o 'port=139' <<<"$k" | wc -l)" -eq 1 ] && [[ $k == *",port=139,"* ]] \
	&& ok "port=139 passed to the kernel once, among the passthrough options" || ko "port=139 in the kernel options" "$OUT"
if ip netns exec "$NS" smbclient -N -p 139 "//$(chosen)/share" -c 'get hello.txt -' 2>/dev/null | grep -q "hello from samba"; then
	ok "Samba serves hello.txt on port 139 at the chosen address"
else
	ko "Samba serves hello.txt on port 139 at the chosen address"
fi
run_helper //fs.test/share -o guest,port=445
[ "$STATUS" -eq 32 ] && grep -q "no address of fs.test answered on port 445" <<<"$OUT" \
	&& ! grep -q "probing port 139" <<<"$OUT" \
	&& ok "a user's port=445 is probed alone: no 139 fallback" || ko "user port=445 (exit $STATUS)" "$OUT"
run_helper //fs.test/share -o guest,port=139
expect "a user's port=139 is probed directly" "$V6" 500
[ "$(kopts | grep -o 'port=' | wc -l)" -eq 1 ] && ok "a user's port= is never doubled" || ko "user port= doubled" "$OUT"
run_helper //v6only.test/share
expect "one candidate: no probe at all (the kernel tries 445 and 139 itself)" "$V6" 500
hasnt "one candidate: no probe line" "probe "
hasnt "one candidate: no port= added" "port=139"
cifsaf_fault_clear "$NS"
port_fault drop "$V6" 445
port_fault drop "$V4" 445
run_helper //fs.test/share
expect "445 blackholed everywhere: 139 after the 5 s deadline" "$V6" 6500 5000
hasre "timed out 445 probes reported" "probe $V4 port 445: started at 25[0-9] ms, no answer in"
cifsaf_fault_clear "$NS"

echo "--- syslog records"
# logged NAME UNC [ARGS...]: run the helper with a private /dev/log; LOG
# gets the records.  The password is there to prove it is never logged.
logged() {
	local log=$work/syslog.$1
	: >"$log"
	OUT=$(ip netns exec "$NS" unshare -m "$here/syslog-capture.sh" "$log" \
		env CIFS_AF_KERNEL_RELEASE="${RELEASE:-6.1.0-27-amd64}" CIFS_AF_CONFIG="$(run_conf)" \
		"${cifsaf_launch[@]}" "$helper" "$2" "$work/mnt" -f -o "user=bob,pass=SECRETxyz${3:+,$3}" 2>&1)
	STATUS=$?
	LOG=$(cat "$log")
}
# record_check NAME UNC PRI WHAT: exactly one decision record for UNC, with
# priority PRI (<29> daemon.notice, <28> daemon.warning, <27> daemon.err),
# containing WHAT, from ident mount.cifs, and no secret anywhere.
record_check() {
	local recs
	recs=$(grep -F "$2: " <<<"$LOG")
	if [ "$(grep -c . <<<"$recs")" -ne 1 ]; then
		ko "$1: exactly one record (got $(grep -c . <<<"$recs"))" "$LOG"
	elif [[ $recs != "$3"* ]] || [[ $recs != *" mount.cifs["[0-9]*"]: "* ]]; then
		ko "$1: priority $3 and ident mount.cifs" "$recs"
	elif [[ $recs != *"$4"* ]]; then
		ko "$1: record names '$4'" "$recs"
	elif grep -q SECRETxyz <<<"$LOG$OUT"; then
		ko "$1: the password leaked" "$LOG"
	else
		ok "$1: one $3 record: ${recs#*]: }"
	fi
}
logged healthy //fs.test/share
record_check "healthy" //fs.test/share "<29>" "policy happy-eyeballs (kernel 6.1.0-27-amd64: built-in rule): ip=$V6 in "
record_check "healthy, lookup times" //fs.test/share "<29>" "(AAAA: 1 in "
cifsaf_fault "$NS" drop "$V6"
logged fallback //fs.test/share
record_check "IPv6 blackholed: a warning" //fs.test/share "<28>" "ip=$V4 in "
record_check "IPv6 blackholed: its fate" //fs.test/share "<28>" "; $V6 no answer in "
cifsaf_fault_clear "$NS"
RELEASE=2.6.18-308.8.1.el5 logged rhel5 //fs.test/share
record_check "RHEL 5: a warning naming the rule" //fs.test/share "<28>" \
	"policy v4-only (kernel 2.6.18-308.8.1.el5: built-in rule, RHEL 5 cannot parse IPv6 in ip=): ip=$V4 in "
record_check "RHEL 5: and the IPv6 address it dropped" //fs.test/share "<28>" \
	"; dropped $V6 (kernel cannot parse IPv6 in ip=)"
RELEASE=2.6.18-308.8.1.el5 logged rhel5-drop //fs.test/share af=happy-eyeballs
record_check "kernel filter dropped IPv6: a warning" //fs.test/share "<28>" "dropped $V6 (kernel cannot parse IPv6 in ip=)"
printf 'host fs.test v4-only\nnonsense\n' >"$CONF"
logged config //fs.test/share
record_check "host rule in the record" //fs.test/share "<29>" "policy v4-only (kernel 6.1.0-27-amd64: $CONF:1: host fs.test): ip=$V4"
[ "$(grep -c "^<28>.*mount.cifs\[[0-9]*\]: $CONF:2: unknown keyword 'nonsense'" <<<"$LOG")" -eq 1 ] \
	&& ok "bad config line: one daemon.warning record" || ko "bad config line record" "$LOG"
: >"$CONF"
logged override //fs.test/share ip=192.0.2.10
record_check "ip= override: no resolution, no policy" //fs.test/share "<29>" "ip=192.0.2.10 given by the user"
logged unknown //nx.test/share
record_check "unknown name: an error record" //nx.test/share "<27>" "cannot resolve the host: Name or service not known"
# A kernel that cannot prune the bounding set (2.6.18) adds its one notice.
others=$LOG
if [ "${CIFS_AF_TEST_PERSONALITY:-}" = 2.6.18 ] && [ "$(grep -cF "bounding set not pruned" <<<"$LOG")" -eq 1 ]; then
	others=$(grep -vF "bounding set not pruned" <<<"$LOG")
fi
[ "$(grep -c . <<<"$others")" -eq 1 ] && ok "unknown name: nothing else logged" || ko "unknown name: other records" "$LOG"

echo "--- slow name resolution (fake DNS at $DNS)"
# fs.dns has both records, AAAA dropped; late.dns answers AAAA after 1.5 s,
# soon.dns after 150 ms.  glibc's resolver waits 5 s per try, 2 tries.
ip netns exec "$NS" python3 "$here/fake-dns.py" "$DNS" "fs.dns,$V4,$V6,drop" \
	"late.dns,$V4,$V6,1500" "soon.dns,$V4,$V6,150" "both.dns,$V4,$V6,now" \
	>"$work/dns.log" 2>&1 &
dns_pid=$!
printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$DNS" >"/etc/netns/$NS/resolv.conf"
sed -i 's/^hosts:.*/hosts:\tfiles dns/' "/etc/netns/$NS/nsswitch.conf"
for _ in $(seq 100); do
	ip netns exec "$NS" getent ahostsv4 both.dns >/dev/null 2>&1 && break
	sleep 0.05
done

run_helper //both.dns/share
expect "DNS, both answer: IPv6" "$V6" 1500
printf 'resolution-delay-ms 50\n' >"$CONF"
run_helper //fs.dns/share
expect "DNS, AAAA dropped: IPv4 after the 50 ms resolution delay, not the 10 s DNS timeout" "$V4" 1000
has "AAAA given up after the resolution delay" "lookups: AAAA: no answer in"
has "A answered" "; A: 1 in"
SLOW_AAAA_MS=$MS
run_helper //late.dns/share
expect "DNS, AAAA after 1.5 s: IPv4, the late answer ignored" "$V4" 1000
printf 'resolution-delay-ms 500\n' >"$CONF"
run_helper //soon.dns/share
expect "DNS, AAAA after 150 ms within a 500 ms resolution delay: IPv6" "$V6" 1500 150
printf 'resolve-timeout-ms 2000\n' >"$CONF"
run_helper //fs.dns/share -o af=system
[ "$STATUS" -eq 1 ] && grep -q "A/AAAA: no answer in 2[0-9][0-9][0-9] ms (gave up)" <<<"$OUT" \
	&& grep -q "Temporary failure in name resolution" <<<"$OUT" && [ "$MS" -ge 2000 ] && [ "$MS" -lt 4000 ] \
	&& ok "af=system (one AF_UNSPEC lookup) stalls on the dropped AAAA until the 2 s cap kills it ($MS ms)" \
	|| ko "af=system with a dropped AAAA (exit $STATUS, $MS ms)" "$OUT"
: >"$CONF"
printf 'resolution-delay-ms 50\n' >"$CONF"
run_helper //fs.dns/share -o af=v4-only
expect "DNS, af=v4-only with the AAAA query dropped: IPv4 after the resolution delay" "$V4" 500
: >"$CONF"
[ -z "$(ip netns pids "$NS" | xargs -r ps -o comm= -p 2>/dev/null | grep -x mount.cifs)" ] \
	&& ok "no lookup child left behind" || ko "lookup children left behind"
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
cifsaf_ns_resolv "$NS"
sed -i 's/^hosts:.*/hosts:\tfiles/' "/etc/netns/$NS/nsswitch.conf"
echo "decision time with the AAAA query dropped: $SLOW_AAAA_MS ms"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
