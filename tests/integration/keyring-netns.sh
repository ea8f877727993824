#!/bin/bash
# tests/integration/keyring-netns.sh HELPER UPCALL: the decision cache and
# cifs-af.dnsresolver against the real kernel keyring and a real Samba
# server in a network namespace (names from /etc/netns/NS/hosts, faults
# from ip6tables), with mount(2) intercepted (tests/oracle/mount-log.c) so
# the helper's parent really gets to store what it mounted.
#
# The whole test runs in an anonymous session keyring of its own (keyctl
# session -) and the helper is told to keep its cache there
# (CIFS_AF_KEYRING=session), so root's user keyring on this machine is
# never touched.  The last part routes the kernel's own dns_resolver
# requests to UPCALL through a file in /etc/request-key.d/ for the length
# of one request each, and removes it.  Needs root and keyutils.
set -u
if [ "${CIFSAF_KEYRING_INNER:-}" != 1 ]; then
	command -v keyctl >/dev/null || { echo "FAIL: keyctl not found (package keyutils)"; echo "0 passed, 1 failed"; exit 1; }
	exec env CIFSAF_KEYRING_INNER=1 keyctl session - bash "$0" "$@"
fi
helper=$(readlink -f "$1")
upcall=$(readlink -f "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/integration
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/launch.sh"
cifsaf_trap_cleanup

NS=cifsaf-keys-$$
V4=192.0.2.10 V6=2001:db8::10 DEAD6=2001:db8::d1 DEAD6B=2001:db8::d2
cifsaf_tmpdir work
cifsaf_ns_create "$NS"
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128" "$DEAD6/128" "$DEAD6B/128"
cifsaf_ns_hosts "$NS" "$V6 fs.test" "$V4 fs.test" "$DEAD6 drop.test" "$V4 drop.test" "$V6 v6only.test" "$DEAD6 dead.test" "$DEAD6B dead.test"
mkdir -p "$work/samba" "$work/mnt"
cifsaf_smbd_start "$NS" "$work/samba" || { echo "FAIL: smbd did not start"; echo "0 passed, 1 failed"; exit 1; }
cifsaf_fault "$NS" drop "$DEAD6"
cifsaf_fault "$NS" drop "$DEAD6B"
gcc -shared -fPIC -o "$work/mount-log.so" "$top/tests/oracle/mount-log.c" || exit 1
CONF=$work/cifs-af.conf
: >"$CONF"

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }
has() { grep -qF -- "$2" <<<"$OUT" && ok "$1" || ko "$1: no '$2'" "$OUT"; }
hasnt() { grep -qF -- "$2" <<<"$OUT" && ko "$1: found '$2'" "$OUT" || ok "$1"; }

# mount_helper UNC [FLAGS...]: a real run (mount(2) intercepted, results
# from ERRNOS), -v, syslog records captured; sets OUT, LOG, STATUS, MS.
mount_helper() {
	local log=$work/syslog t0
	: >"$log"
	t0=$(date +%s%N)
	OUT=$(ip netns exec "$NS" unshare -m "$here/syslog-capture.sh" "$log" \
		env CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 CIFS_AF_CONFIG="$CONF" CIFS_AF_KEYRING=session \
		LD_PRELOAD="$work/mount-log.so" CIFSAF_MOUNT_LOG="$work/mount.log" \
		CIFSAF_MOUNT_ERRNOS="${ERRNOS:-}" \
		"${cifsaf_launch[@]}" "$helper" "$1" "$work/mnt" -n -v -o guest "${@:2}" 2>&1)
	STATUS=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
	LOG=$(cat "$log")
}
chosen() { sed -n 's/^mount.cifs kernel mount options: ip=\([^,]*\),.*/\1/p' <<<"$OUT" | tail -n 1; }
ring() { keyctl search @s keyring cifs-af 2>/dev/null; }
key_of() { keyctl search @s user "cifs-af:$1:445" 2>/dev/null; }
payload() { keyctl pipe "$(key_of "$1")" 2>/dev/null; }

echo "--- the cache, through mount.cifs"
mount_helper //drop.test/share
[ "$STATUS" -eq 0 ] && [ "$(chosen)" = "$V4" ] && ok "first mount races: IPv4 after the blackholed IPv6 ($MS ms)" \
	|| ko "first mount (exit $STATUS, ip=$(chosen))" "$OUT"
has "first mount: nothing cached yet" "cache: nothing cached for cifs-af:drop.test:445"
has "first mount: the parent stores the winner it mounted" "cache: stored $V4 port 445 for 600 s"
[ -n "$(ring)" ] && ok "keyring cifs-af made in the base keyring" || ko "no cifs-af keyring" "$(keyctl show @s)"
desc=$(keyctl rdescribe "$(key_of drop.test)" 2>/dev/null)
[[ $desc == "user;0;0;3f2f0000;cifs-af:drop.test:445" ]] && ok "key owned by root, possessor and owner only: $desc" \
	|| ko "key description/permissions" "$desc"
[[ $(payload drop.test) =~ ^v1\ family=ipv4\ addr=$V4\ port=445\ stored=[0-9]+$ ]] \
	&& ok "payload: $(payload drop.test)" || ko "payload" "$(payload drop.test)"
keyctl show @s | grep -q "user: cifs-af:drop.test:445" && ok "keyctl show lists the key" || ko "keyctl show" "$(keyctl show @s)"
first_ms=$MS

mount_helper //drop.test/share
[ "$STATUS" -eq 0 ] && [ "$(chosen)" = "$V4" ] && ok "second mount: IPv4 again ($MS ms, first $first_ms ms)" \
	|| ko "second mount (exit $STATUS)" "$OUT"
has "second mount: the cached winner is tried alone" "(cached, no stagger): started at 0 ms, connected in"
has "second mount: decided by the cache" "decided by the cache: no race"
hasnt "second mount: the blackholed IPv6 is never probed" "probe $DEAD6"
hasnt "second mount: a confirmed hit is not stored again" "cache: stored"
grep -q "decided by the cache (a race [0-9]* s ago)" <<<"$LOG" && ok "the syslog record says the cache decided" \
	|| ko "syslog record" "$LOG"
dec1=$(sed -n 's/.*: ip=[^ ]* in \([0-9]*\) ms.*/\1/p' <<<"$LOG")
[ -n "$dec1" ] && [ "$dec1" -lt 250 ] && ok "cached decision took $dec1 ms: less than one connection attempt delay" \
	|| ko "cached decision time '$dec1'" "$LOG"

echo "--- a cached winner that stopped answering"
key=$(key_of drop.test)
keyctl update "$key" "v1 family=ipv6 addr=$DEAD6 port=445 stored=$(date +%s)"
mount_helper //drop.test/share
has "the dead cached winner is attempt one of the race" "probe $DEAD6 port 445 (cached, attempt one): started at 0 ms, no answer in"
has "IPv4 follows it in the same race" "probe $V4 port 445: started at"
[ "$(grep -c "probe $DEAD6 port 445" <<<"$OUT")" -eq 1 ] && ok "the dead address gets one head start, not two" \
	|| ko "the dead address was probed more than once" "$OUT"
has "the child removes the key" "cache: key $key removed (its address did not answer)"
has "the parent stores the race's winner" "cache: stored $V4 port 445"
grep -q "cached $DEAD6 no answer in [0-9]* ms.*, the race went on from it" <<<"$LOG" && ok "the record names the dead cached winner" \
	|| ko "record of the dead winner" "$LOG"
[[ $(payload drop.test) == *"addr=$V4 "* ]] && ok "the cache holds IPv4 again" || ko "cache after the failure" "$(payload drop.test)"

echo "--- mount(2) fails where the cache pointed"
ERRNOS=113 mount_helper //drop.test/share
has "cache decided, mount(2) got EHOSTUNREACH there" "decided by the cache: no race"
has "the parent stores the address mount(2) worked with" "cache: stored $DEAD6 port 445"
keyctl update "$(key_of drop.test)" "v1 family=ipv4 addr=$V4 port=445 stored=$(date +%s)"
ERRNOS=113,113 mount_helper //drop.test/share
[ "$STATUS" -eq 32 ] && ok "every mount(2) failed: exit 32" || ko "mount failure exit $STATUS" "$OUT"
has "the parent forgets a cached winner the kernel could not use" "removed (mount(2) failed with its address)"
[ -z "$(key_of drop.test)" ] && ok "no key left" || ko "key left behind" "$(keyctl show @s)"

echo "--- keys nobody but root may have written"
mount_helper //fs.test/share
key=$(key_of fs.test)
[ -n "$key" ] && [[ $(payload fs.test) == *"addr=$V6 "* ]] && ok "healthy name cached: IPv6 won" || ko "fs.test not cached" "$OUT"
keyctl chown "$key" 65534
mount_helper //fs.test/share
has "a key owned by another uid is ignored" "ignored: owner uid 65534, permissions 3f2f0000: someone but root could write it"
has "and the race runs" "probe $V6 port 445: started at 0 ms"
has "and it is never written through" "cache: not stored: Operation not permitted"
grep -q "^<28>.*; cache key $key (cifs-af:fs.test:445) ignored: owner uid 65534" <<<"$LOG" \
	&& ok "the planted key is a syslog warning" || ko "planted-key record" "$LOG"
keyctl unlink "$key" "$(ring)" >/dev/null
mount_helper //fs.test/share
key=$(key_of fs.test)
keyctl setperm "$key" 0x3f2f0004
mount_helper //fs.test/share
has "a key others may write is ignored" "ignored: owner uid 0, permissions 3f2f0004"
keyctl setperm "$key" 0x3f2f0000
keyctl setperm "$(ring)" 0x3f2f0404
mount_helper //fs.test/share
has "a cifs-af keyring others may write is ignored as a whole" "keyring $(ring) (cifs-af) ignored"
keyctl setperm "$(ring)" 0x3f2f0000

echo "--- off, and -f"
keyctl clear @s
printf 'cache-ttl-s 0\n' >"$CONF"
mount_helper //drop.test/share
has "cache-ttl-s 0: off" "cache: off (cache-ttl-s 0)"
[ -z "$(ring)" ] && ok "cache-ttl-s 0: nothing stored" || ko "stored with the cache off" "$(keyctl show @s)"
: >"$CONF"
OUT=$(ip netns exec "$NS" env CIFS_AF_KEYRING=session CIFS_AF_CONFIG="$CONF" "${cifsaf_launch[@]}" "$helper" //drop.test/share \
	"$work/mnt" -f -v -o guest 2>&1)
[ -z "$(key_of drop.test)" ] && ok "-f decides but never stores" || ko "-f stored a key" "$(keyctl show @s)"
OUT=$(ip netns exec "$NS" env CIFS_AF_KEYRING=bogus "${cifsaf_launch[@]}" "$helper" //drop.test/share "$work/mnt" -f -v -o guest 2>&1)
has "a bad CIFS_AF_KEYRING is named" "CIFS_AF_KEYRING=bogus: expected user or session; the cache is not used"

echo "--- cifs-af.dnsresolver -D (the answer, no key instantiated)"
keyctl clear @s
# upcall ARGS...: run it in the namespace with the test's keyring and config.
# Its records go to stderr under -D; the answer is the last line.
upcall() {
	OUT=$(ip netns exec "$NS" env CIFS_AF_KERNEL_RELEASE="${KREL:-6.1.0-27-amd64}" CIFS_AF_CONFIG="$CONF" \
		CIFS_AF_KEYRING=session "${cifsaf_launch[@]}" "$upcall" "$@" 2>&1)
	STATUS=$?
}
upcall -D drop.test ""
[ "$STATUS" -eq 0 ] && [ "$(tail -n 1 <<<"$OUT")" = "$V4" ] && ok "drop.test: the probed IPv4 address" || ko "drop.test answer" "$OUT"
has "one record with the decision and the answer" "dns_resolver drop.test: policy happy-eyeballs"
has "the answer is in the record" "; answered $V4"
[[ $(payload drop.test) == *"addr=$V4 "* ]] && ok "the upcall caches its race's winner" || ko "upcall cache" "$(keyctl show @s)"
upcall -D -v drop.test ""
has "the upcall uses the cache too" "decided by the cache: no race"
key=$(key_of drop.test)
keyctl update "$key" "v1 family=ipv6 addr=$DEAD6 port=445 stored=$(date +%s)"
upcall -D -v drop.test ""
[ "$(tail -n 1 <<<"$OUT")" = "$V4" ] && ok "a dead cached winner: the upcall races on to IPv4" || ko "dead cached winner answer" "$OUT"
[ "$(key_of drop.test)" != "$key" ] && [[ $(payload drop.test) == *"addr=$V4 "* ]] \
	&& ok "  ... removes its key and caches IPv4" || ko "cache after the dead winner" "$(keyctl show @s)"
upcall -D fs.test list
[ "$(tail -n 1 <<<"$OUT")" = "$V6,$V4" ] && ok "list: every address, the winner first" || ko "list answer" "$OUT"
upcall -D fs.test "ipv4 list"
[ "$(tail -n 1 <<<"$OUT")" = "$V4" ] && ok "ipv4 option: IPv4 only" || ko "ipv4 answer" "$OUT"
key=$(key_of fs.test)
keyctl chown "$key" 65534
upcall -D fs.test ""
[ "$STATUS" -eq 0 ] && [ "$(tail -n 1 <<<"$OUT")" = "$V6" ] && ok "a cache key someone else owns: the upcall answers all the same" \
	|| ko "planted key answer" "$OUT"
has "  ... and says it could not cache the decision" "dns_resolver fs.test: cannot cache the decision: Operation not permitted"
keyctl unlink "$key" "$(ring)" >/dev/null
printf 'dns-resolver-probe-ms 300\n' >"$CONF"
upcall -D dead.test ""
[ "$STATUS" -eq 0 ] && [ "$(tail -n 1 <<<"$OUT")" = "$DEAD6" ] \
	&& ok "no address answered the probes: the policy's order all the same" || ko "dead.test answer" "$OUT"
has "  ... said in the record" "no address connected in "
has "  ... with the answer" "; answered $DEAD6"
[ -z "$(key_of dead.test)" ] && ok "  ... and nothing cached" || ko "dead.test cached" "$(keyctl show @s)"
: >"$CONF"
KREL=not-a-release upcall -D fs.test ""
[ "$STATUS" -eq 1 ] && has "a kernel release that does not parse: rejected" "rejected: Key was rejected by service" \
	|| ko "bad kernel release (exit $STATUS)" "$OUT"
upcall -D v6only.test ""
[ "$(tail -n 1 <<<"$OUT")" = "$V6" ] && ok "an IPv6-only name gets its IPv6 address (key.dns_resolver: IPv4 only)" \
	|| ko "v6only answer" "$OUT"
upcall -D v6only.test ipv4
[ "$STATUS" -ne 0 ] && has "no address of the family asked for: rejected" "rejected: No data available"
upcall -D fs.test "list,ipv6"
[ "$STATUS" -ne 0 ] && has "an option holding ',' is refused" "an option holds ','"
upcall -D 'bad name' ""
[ "$STATUS" -ne 0 ] && has "a description that is not a host name is refused" "description is not a host name"
keyctl clear @s
printf 'dns-resolver-probe-ms 0\n' >"$CONF"
upcall -D drop.test ""
[ "$(tail -n 1 <<<"$OUT")" = "$DEAD6" ] && ok "dns-resolver-probe-ms 0: the policy's order, unprobed" || ko "no-probe answer" "$OUT"
printf 'dns-resolver-policy 0\n' >"$CONF"
upcall -D drop.test ""
has "dns-resolver-policy 0: passed on" "dns-resolver-policy 0 in cifs-af.conf: passed to key.dns_resolver"
: >"$CONF"
# key.dns_resolver itself only talks on a terminal; script(1) gives it one.
OUT=$(ip netns exec "$NS" script -qc "${cifsaf_launch[*]:+${cifsaf_launch[*]} }$upcall -D -v afsdb:cell.invalid ''" /dev/null 2>&1)
grep -q "passed to key.dns_resolver" <<<"$OUT" && grep -q "Query type: 'afsdb'" <<<"$OUT" \
	&& ok "afsdb: runs key.dns_resolver with the same arguments" || ko "afsdb pass-through" "$OUT"
upcall -x
[ "$STATUS" -eq 2 ] && has "a bad command line is refused" "usage: cifs-af.dnsresolver"
upcall 0
[ "$STATUS" -eq 2 ] && ok "key id 0 is refused" || ko "key id 0 (exit $STATUS)" "$OUT"
for bad in 12a 2147483648 "-D fs.test" "-D -D fs.test x"; do
	# shellcheck disable=SC2086 # the words of the case
	upcall $bad
	[ "$STATUS" -eq 2 ] && has "refused: $bad" "usage: cifs-af.dnsresolver" || ko "'$bad' (exit $STATUS)" "$OUT"
done
upcall -V
[ "$STATUS" -eq 0 ] && has "-V: what it is" "cifs-af.dnsresolver version: cifs-af" || ko "-V (exit $STATUS)" "$OUT"
# key.dns_resolver missing (/dev/null over it in a mount namespace): a
# typed query, and any query under dns-resolver-policy 0, is refused, not
# left waiting.
no_key_dns_resolver() {
	OUT=$(ip netns exec "$NS" unshare -m sh -c 'for f in /sbin/key.dns_resolver /usr/sbin/key.dns_resolver; do
			[ -e "$f" ] && mount --bind /dev/null "$f"; done; exec "$@"' sh \
		env CIFS_AF_CONFIG="$CONF" "${cifsaf_launch[@]}" "$upcall" -D "$@" 2>&1)
	STATUS=$?
}
for query in afsdb:cell.invalid "fs.test with dns-resolver-policy 0"; do
	[[ $query == *policy* ]] && printf 'dns-resolver-policy 0\n' >"$CONF"
	no_key_dns_resolver "${query%% *}" ''
	[ "$STATUS" -eq 1 ] && has "no key.dns_resolver to pass $query to: named" "cannot run key.dns_resolver: Permission denied" \
		|| ko "no key.dns_resolver, $query (exit $STATUS)" "$OUT"
	has "  ... and the request refused" "rejected: Required key not available (for 10 s)"
done
: >"$CONF"

echo "--- keys that are no request for us (syslog captured)"
# upcall_logged KEY: as request-key runs it, records in LOG.
upcall_logged() {
	local log=$work/syslog
	: >"$log"
	OUT=$(ip netns exec "$NS" unshare -m "$here/syslog-capture.sh" "$log" env CIFS_AF_CONFIG="$CONF" \
		CIFS_AF_KEYRING=session "${cifsaf_launch[@]}" "$upcall" "$1" 2>&1)
	STATUS=$?
	LOG=$(cat "$log")
}
key=$(keyctl add user cifsaf-test:revoked x @s)
keyctl revoke "$key"
upcall_logged "$key"
[ "$STATUS" -eq 1 ] && grep -q "key $key: Key has been revoked" <<<"$LOG" \
	&& ok "a key that cannot be read: refused, said in syslog" || ko "revoked key (exit $STATUS)" "$OUT$LOG"
grep -q "key $key: cannot reject: " <<<"$LOG" && ok "  ... and that it cannot be rejected either" || ko "revoked key reject" "$LOG"
key=$(keyctl add user cifsaf-test:plain x @s)
upcall_logged "$key"
[ "$STATUS" -eq 1 ] && grep -q "key $key: not a dns_resolver key under construction" <<<"$LOG" \
	&& ok "a user key: not ours to answer" || ko "user key (exit $STATUS)" "$OUT$LOG"
[ "$(keyctl pipe "$key")" = x ] && ok "  ... and left as it was" || ko "user key changed" "$(keyctl pipe "$key")"
keyctl unlink "$key" @s >/dev/null

echo "--- through request-key and the kernel's dns_resolver key type"
conf=/etc/request-key.d/cifs-af-test-$$.conf
request() {
	printf 'create dns_resolver * * %s %%k\n' "${cifsaf_launch[*]:+${cifsaf_launch[*]} }$upcall" >"$conf"
	OUT=$(keyctl session - sh -c "keyctl request2 dns_resolver '$1' '$2' @s >/dev/null && keyctl print %dns_resolver:$1" 2>&1)
	STATUS=$?
	rm -f "$conf"
}
trap 'rm -f "$conf"; cifsaf_cleanup' EXIT
request localhost ""
[ "$STATUS" -eq 0 ] && [ "$(tail -n 1 <<<"$OUT")" = 127.0.0.1 ] \
	&& ok "the kernel accepts the payload: localhost is 127.0.0.1" || ko "request-key localhost" "$OUT"
# Callout information longer than the upcall reads (1024 bytes): refused
# as a bad request, where localhost would have been answered.
request localhost "$(head -c 1100 /dev/zero | tr '\0' x)"
if [ "${CIFS_AF_TEST_PERSONALITY:-}" = 2.6.18 ]; then
	[ "$STATUS" -ne 0 ] && grep -q "Required key not available" <<<"$OUT" \
		&& ok "request-key: 1100 bytes of callout information get a negative key" || ko "request-key long info" "$OUT"
else
	[ "$STATUS" -ne 0 ] && grep -q "Invalid argument" <<<"$OUT" \
		&& ok "request-key: 1100 bytes of callout information are rejected with EINVAL" || ko "request-key long info" "$OUT"
fi
request 'bad name!' ""
# key.dns_resolver would have said "No data available" (its lookup fails).
# 2.6.18 has no KEYCTL_REJECT: the key is made negative, which fails with
# ENOKEY.
if [ "${CIFS_AF_TEST_PERSONALITY:-}" = 2.6.18 ]; then
	[ "$STATUS" -ne 0 ] && grep -q "Required key not available" <<<"$OUT" \
		&& ok "request-key ran cifs-af.dnsresolver: a bad name gets a negative key (ENOKEY), 2.6.18 having no reject" \
		|| ko "request-key bad name" "$OUT"
else
	[ "$STATUS" -ne 0 ] && grep -q "Invalid argument" <<<"$OUT" \
		&& ok "request-key ran cifs-af.dnsresolver: a bad name is rejected with EINVAL" || ko "request-key bad name" "$OUT"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
