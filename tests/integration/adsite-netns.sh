#!/bin/bash
# tests/integration/adsite-netns.sh HELPER UPCALL: the AD site step against
# a real Samba AD DC (tests/lib/addc.sh: two sites, this client in Site2)
# with dnsmasq serving the domain's A/AAAA and SRV records, the client in a
# network namespace of its own linked to the DC's.  Faults: UDP 389
# dropped (iptables), to every DC or to the site's DC alone, TCP to one
# site address dropped, and a fake DC (fake-cldap.py) answering the LDAP
# ping with broken replies.  Real runs
# (mount(2) intercepted, tests/oracle/mount-log.c) keep the site in an
# anonymous session keyring of the test's own (CIFS_AF_KEYRING=session);
# syslog records come from a private /dev/log.  Needs root.
set -u
if [ "${CIFSAF_ADSITE_INNER:-}" != 1 ]; then
	command -v keyctl >/dev/null || { echo "FAIL: keyctl not found (package keyutils)"; echo "0 passed, 1 failed"; exit 1; }
	exec env CIFSAF_ADSITE_INNER=1 keyctl session - bash "$0" "$@"
fi
helper=$(readlink -f "$1")
upcall=$(readlink -f "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/integration
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/netns-guest.sh"
. "$top/tests/lib/addc.sh"
cifsaf_trap_cleanup

DC=cifsaf-addc-$$ CL=cifsaf-adcl-$$
CLIENT4=$CIFSAF_ADDC_CLIENT_V4 CLIENT6=$CIFSAF_ADDC_CLIENT_V6
DC1_4=$CIFSAF_ADDC_DC1_V4 DC1_6=$CIFSAF_ADDC_DC1_V6 DC2_4=$CIFSAF_ADDC_DC2_V4 DC2_6=$CIFSAF_ADDC_DC2_V6
# The fake DCs of fake.test: their LDAP pings get broken replies; the
# name's own addresses are the real DC's, so the probes connect.
FAKE_MODES="192.0.2.31=truncated 192.0.2.32=oversized 192.0.2.33=badlength 192.0.2.34=loop 2001:db8:3:1::31=garbage 2001:db8:3:1::32=wrongid"
FAKES=$(for s in $FAKE_MODES; do printf '%s ' "${s%=*}"; done)
BUDGET=500
t_setup=$SECONDS

cifsaf_addc_need >/dev/null || { echo "FAIL: installing the AD DC packages"; echo "0 passed, 1 failed"; exit 1; }
cifsaf_addc_provision || { echo "FAIL: provisioning the AD DC"; echo "0 passed, 1 failed"; exit 1; }
cifsaf_tmpdir work
mkdir -p "$work/mnt"
zone=("host-record=fake.test,$DC1_4,$DC1_6" "host-record=fake.test,$DC2_4,$DC2_6"
	"host-record=multi.test,$DC1_4" "host-record=multi.test,$DC2_4" "host-record=one.test,$DC1_4,$DC1_6"
	"local=/multi.test/")
i=0
for a in $FAKES; do
	i=$((i + 1))
	zone+=("host-record=fake$i.fake.test,$a" "srv-host=_ldap._tcp.dc._msdcs.fake.test,fake$i.fake.test,389")
done
cifsaf_addc_topology "$DC" "$CL" "$work" "$FAKES" "${zone[@]}" ||
	{ echo "FAIL: the DC, its link or dnsmasq did not come up"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck disable=SC2086
ip netns exec "$DC" python3 "$here/fake-cldap.py" "$top/tests/unit/data/cldap-dc1.bin" $FAKE_MODES \
	</dev/null >"$work/fake-cldap.log" 2>&1 &
_CIFSAF_PIDS+=("$DC $!")
# The client: the domain's addresses from its hosts file (other site's DC
# first), SRV records from dnsmasq.
HOSTS=("$DC1_4 ad.test fake.test" "$DC2_4 ad.test fake.test multi.test" "$DC1_6 ad.test fake.test"
	"$DC2_6 ad.test fake.test" "$DC1_4 multi.test one.test" "$DC1_6 one.test")
cifsaf_ns_hosts "$CL" "${HOSTS[@]}"
gcc -shared -fPIC -o "$work/mount-log.so" "$top/tests/oracle/mount-log.c" || exit 1
echo "setup: DC provisioned in ${CIFSAF_ADDC_PROVISION_MS} ms (0: cached), samba up in ${CIFSAF_ADDC_STARTUP_MS} ms, $((SECONDS - t_setup)) s in all"

CONF=$work/cifs-af.conf
printf 'resolution-delay-ms 1000\n' >"$CONF"
pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }
has() { grep -qF -- "$2" <<<"$OUT" && ok "$1" || ko "$1: no '$2'" "$OUT"; }
hasre() { grep -qE -- "$2" <<<"$OUT" && ok "$1" || ko "$1: no match for '$2'" "$OUT"; }
hasnt() { grep -qF -- "$2" <<<"$OUT" && ko "$1: found '$2'" "$OUT" || ok "$1"; }

# run_helper UNC [ARGS...]: -f -v in the client's namespace; OUT, STATUS, MS.
run_helper() {
	local t0=$(date +%s%N)
	OUT=$(ip netns exec "$CL" env CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 CIFS_AF_CONFIG="$CONF" \
		CIFS_AF_KEYRING=session "$helper" "$1" "$work/mnt" -f -v -o guest "${@:2}" 2>&1)
	STATUS=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
}
# mount_helper UNC: a real run, mount(2) intercepted, syslog captured; LOG.
mount_helper() {
	local log=$work/syslog t0=$(date +%s%N)
	: >"$log"
	OUT=$(ip netns exec "$CL" unshare -m "$here/syslog-capture.sh" "$log" \
		env CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 CIFS_AF_CONFIG="$CONF" CIFS_AF_KEYRING=session \
		LD_PRELOAD="$work/mount-log.so" CIFSAF_MOUNT_LOG="$work/mount.log" \
		"$helper" "$1" "$work/mnt" -n -v -o guest 2>&1)
	STATUS=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
	LOG=$(cat "$log")
}
chosen() { sed -n 's/^mount.cifs kernel mount options: ip=\([^,]*\),.*/\1/p' <<<"$OUT" | tail -n 1; }
site_ms() { sed -n 's/^site .* in \([0-9]*\) ms.*/\1/p' <<<"$OUT" | head -n 1; }
srv_queries() { grep -c "query\[SRV\] _ldap._tcp" "$CIFSAF_DNSMASQ_LOG"; }
site_key() { keyctl search @s user "cifs-af-site:$1" 2>/dev/null; }

echo "--- the client's site's DC first, against resolver order"
run_helper //ad.test/share
has "resolver order puts the other site's DC first" "resolved ad.test in"
hasre "  ... and it is $DC1_6" "^resolved ad.test in [0-9]+ ms: $DC1_6 "
hasre "the trace names the site and who answered" "^site Site2 in [0-9]+ ms \(.* answered the LDAP ping in [0-9]+ ms, 4 DCs pinged; the site has 2 DC addresses\)"
has "the trace names the candidates moved first" "moved first: $DC2_6 $DC2_4"
has "candidates: the site's DCs, then the rest (happy-eyeballs inside)" "candidates in order: $DC2_6 $DC2_4 $DC1_6 $DC1_4"
[ "$STATUS" -eq 0 ] && [ "$(chosen)" = "$DC2_6" ] && ok "the decision lands on the site's DC: ip=$DC2_6 ($MS ms)" \
	|| ko "decision: exit $STATUS, ip=$(chosen)" "$OUT"
step_ms=$(site_ms)
echo "    site step: ${step_ms} ms"

printf 'resolution-delay-ms 1000\nad-site 0\n' >"$CONF"
before=$(srv_queries)
run_helper //ad.test/share
[ "$(chosen)" = "$DC1_6" ] && ok "ad-site 0: resolver order, ip=$DC1_6 ($MS ms)" || ko "ad-site 0: ip=$(chosen)" "$OUT"
has "ad-site 0: the trace says the step is off" "site not looked for (ad-site 0)"
[ "$(srv_queries)" = "$before" ] && ok "ad-site 0: no SRV query reached DNS" || ko "ad-site 0 asked DNS for SRV" "$(tail -5 "$CIFSAF_DNSMASQ_LOG")"
printf 'resolution-delay-ms 1000\n' >"$CONF"

echo "--- the other DC answers sooner: the site DC's LDAP service silent"
# UDP 389 to Site2's DC dropped: only the other site's DC answers the
# ping, and its reply names this client's site.
for a in "$DC2_4" "$DC2_6"; do
	tool=iptables
	[[ $a == *:* ]] && tool=ip6tables
	ip netns exec "$DC" "$tool" -w -I INPUT 1 -p udp -d "$a" --dport 389 -j DROP
done
run_helper //ad.test/share
hasre "the other site's DC answered the LDAP ping" "^site Site2 in [0-9]+ ms \\(($DC1_4|$DC1_6) answered"
[ "$(chosen)" = "$DC2_6" ] && ok "and the site's DC is still first: ip=$DC2_6" || ko "site DC silent on 389: ip=$(chosen)" "$OUT"
ms=$(site_ms)
[ -n "$ms" ] && [ "$ms" -lt "$BUDGET" ] && ok "  ... without waiting for the silent DCs ($ms ms)" || ko "site step '$ms' ms" "$OUT"

echo "--- happy-eyeballs races inside the site order"
# TCP to the site DC's IPv6 address dropped: its IPv4 address, the
# second candidate, wins one connection attempt delay later.
ip netns exec "$DC" ip6tables -w -I INPUT 1 -p tcp -d "$DC2_6" -j DROP
run_helper //ad.test/share
has "the silent site address is probed first" "probe $DC2_6 port 445: started at 0 ms, no answer"
hasre "  ... then the site's other address, one attempt delay later" "^probe $DC2_4 port 445: started at 2[5-9][0-9] ms, connected"
[ "$(chosen)" = "$DC2_4" ] && ok "the site's IPv4 address wins: ip=$DC2_4" || ko "site IPv6 dropped: ip=$(chosen)" "$OUT"
ip netns exec "$DC" iptables -w -F INPUT
ip netns exec "$DC" ip6tables -w -F INPUT

echo "--- a DNS server that rotates the domain's addresses"
printf 'hosts:\tdns\n' >"/etc/netns/$CL/nsswitch.conf"
on_site=0 plain=0
for _ in 1 2 3 4; do
	run_helper //ad.test/share -o af=v4-only
	[ "$(chosen)" = "$DC2_4" ] && on_site=$((on_site + 1))
done
[ "$on_site" -eq 4 ] && ok "rotation: the site's DC in 4 of 4 decisions" || ko "rotation: site DC in $on_site of 4" "$OUT"
printf 'resolution-delay-ms 1000\nad-site 0\n' >"$CONF"
for _ in 1 2 3 4; do
	run_helper //ad.test/share -o af=v4-only
	[ "$(chosen)" = "$DC2_4" ] && plain=$((plain + 1))
done
[ "$plain" -lt 4 ] && ok "ad-site 0 follows the rotation: the site's DC in $plain of 4" || ko "ad-site 0: site DC in $plain of 4"
printf 'resolution-delay-ms 1000\n' >"$CONF"
cifsaf_ns_hosts "$CL" "${HOSTS[@]}"

echo "--- UDP 389 dropped"
cifsaf_addc_cldap_drop "$DC"
printf 'resolution-delay-ms 1000\nad-site-budget-ms %s\n' "$BUDGET" >"$CONF"
run_helper //ad.test/share
has "the trace says why there is no site order" "site none in"
hasre "  ... no reply within the budget" "no LDAP ping reply from 4 DCs within $BUDGET ms; no site order"
[ "$(chosen)" = "$DC1_6" ] && ok "no site order: resolver order, ip=$DC1_6" || ko "UDP 389 dropped: ip=$(chosen)" "$OUT"
ms=$(site_ms)
[ -n "$ms" ] && [ "$ms" -ge "$BUDGET" ] && [ "$ms" -le $((BUDGET + 100)) ] \
	&& ok "the step took $ms ms: the budget ($BUDGET ms), not more" || ko "site step took '$ms' ms" "$OUT"
dropped_ms=$MS
echo "--- fewer addresses, and names that are no AD domain"
before=$(srv_queries)
run_helper //one.test/share
hasnt "one A and one AAAA: no site step" "site "
[ "$(srv_queries)" = "$before" ] && ok "  ... and no SRV query" || ko "one.test asked DNS for SRV"
run_helper //multi.test/share
has "two A records, no SRV record: not an AD domain" "site none in"
has "  ... said so" "no SRV record _ldap._tcp.dc._msdcs.multi.test (not an AD domain)"
ip netns exec "$DC" iptables -w -F INPUT
ip netns exec "$DC" ip6tables -w -F INPUT

echo "--- broken replies from a fake DC"
run_helper //fake.test/share
[ "$STATUS" -eq 0 ] && ok "six broken replies: the decision goes on (exit 0, ip=$(chosen))" || ko "fake DCs: exit $STATUS" "$OUT"
hasre "  ... ignored, and counted" "no LDAP ping reply from 6 DCs within $BUDGET ms; 5 malformed replies ignored; no site order"
[ "$(grep -c . "$work/fake-cldap.log")" -eq 0 ] && ok "the fake DC saw well-formed requests" || ko "fake DC log" "$(cat "$work/fake-cldap.log")"

echo "--- the site in the keyring"
printf 'resolution-delay-ms 1000\n' >"$CONF"
mount_helper //ad.test/share
[ "$STATUS" -eq 0 ] && [ "$(chosen)" = "$DC2_6" ] && ok "a real mount (mount(2) intercepted) on the site's DC" \
	|| ko "real mount: exit $STATUS ip=$(chosen)" "$OUT"
has "the parent keeps the site it mounted with" "site cache: stored site Site2 for 600 s"
key=$(site_key ad.test)
desc=$(keyctl rdescribe "$key" 2>/dev/null)
[[ $desc == "user;0;0;3f2f0000;cifs-af-site:ad.test" ]] && ok "key root's, possessor and owner only: $desc" || ko "site key" "$desc"
[[ $(keyctl pipe "$key" 2>/dev/null) =~ ^v1\ site=Site2\ stored=[0-9]+$ ]] && ok "payload: $(keyctl pipe "$key")" || ko "site payload"
grep -q "site Site2 in [0-9]* ms (.* answered the LDAP ping.*moved first: $DC2_6 $DC2_4" <<<"$LOG" \
	&& ok "the syslog record names the site and what moved first" || ko "syslog record" "$LOG"
cifsaf_addc_cldap_drop "$DC"
run_helper //ad.test/share
has "with the site cached no ping is needed (UDP 389 still dropped)" "site Site2 in"
has "  ... the trace says it came from the cache" "(cached; the site has 2 DC addresses)"
[ "$(chosen)" = "$DC2_6" ] && ok "  ... and the site's DC wins: ip=$DC2_6 in $MS ms" || ko "cached site: ip=$(chosen)" "$OUT"
ms=$(site_ms)
[ -n "$ms" ] && [ "$ms" -lt "$BUDGET" ] && ok "  ... in $ms ms, no budget spent" || ko "cached site step '$ms' ms" "$OUT"
keyctl chown "$key" 65534
run_helper //ad.test/share
hasre "a site key someone else owns is not used" "no LDAP ping reply from 4 DCs"
keyctl unlink "$key" @s >/dev/null 2>&1
keyctl unlink "$key" "$(keyctl search @s keyring cifs-af)" >/dev/null 2>&1
ip netns exec "$DC" iptables -w -F INPUT
ip netns exec "$DC" ip6tables -w -F INPUT

echo "--- cifs-af.dnsresolver orders the kernel's lookups the same way"
# upcall_ad: -D -v for ad.test in the client's namespace; OUT.
upcall_ad() {
	OUT=$(ip netns exec "$CL" env CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 CIFS_AF_CONFIG="$CONF" CIFS_AF_KEYRING=session \
		"$upcall" -D -v ad.test 'list' 2>&1)
}
upcall_ad
hasre "the upcall's trace names the site" "^site Site2 in [0-9]+ ms"
hasre "the answer puts the site's DCs first" "^$DC2_6,$DC2_4,"
key=$(site_key ad.test)
[ -n "$key" ] && ok "the upcall keeps the site it learned" || ko "no site key after the upcall" "$(keyctl show @s)"
cifsaf_addc_cldap_drop "$DC"
upcall_ad
has "the next upcall takes the site from the keyring (UDP 389 dropped)" "(cached; the site has 2 DC addresses)"
hasre "  ... and puts the site's DCs first" "^$DC2_6,$DC2_4,"
ip netns exec "$DC" iptables -w -F INPUT
ip netns exec "$DC" ip6tables -w -F INPUT
keyctl chown "$key" 65534
upcall_ad
hasre "a site key someone else owns: the upcall pings" "^site Site2 in [0-9]+ ms \\(.* answered the LDAP ping"
has "  ... and says it cannot keep the site" "dns_resolver ad.test: cannot keep AD site Site2: Operation not permitted"
hasre "  ... the answer all the same" "^$DC2_6,$DC2_4,"
# The kernel waits on the upcall: with UDP 389 dropped its pings get no
# more than dns-resolver-probe-ms, even when ad-site-budget-ms is longer.
keyctl unlink "$key" "$(keyctl search @s keyring cifs-af)" >/dev/null 2>&1
cifsaf_addc_cldap_drop "$DC"
printf 'resolution-delay-ms 1000\nad-site-budget-ms %s\ndns-resolver-probe-ms 150\n' "$BUDGET" >"$CONF"
upcall_ad
ms=$(site_ms)
hasre "the upcall with UDP 389 dropped: no site order" "no LDAP ping reply from 4 DCs within 150 ms; no site order"
[ -n "$ms" ] && [ "$ms" -ge 150 ] && [ "$ms" -le 250 ] \
	&& ok "  ... after $ms ms: dns-resolver-probe-ms (150), not ad-site-budget-ms ($BUDGET)" || ko "upcall site step '$ms' ms" "$OUT"
ip netns exec "$DC" iptables -w -F INPUT
ip netns exec "$DC" ip6tables -w -F INPUT

echo "times: site step ${step_ms} ms with DCs answering; helper ${dropped_ms} ms with UDP 389 dropped (budget $BUDGET ms)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
