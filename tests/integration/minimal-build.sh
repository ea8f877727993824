#!/bin/bash
# tests/integration/minimal-build.sh HELPER UPCALL: a helper configured
# --without-libcap-ng --without-keyutils says so, and refuses to run setuid
# instead of running without dropping privileges; its -v trace says the
# decision cache is unavailable, and cifs-af.dnsresolver (UPCALL) says it
# cannot apply the policy and hands the request to key.dns_resolver.
# Needs root.
set -u
helper=$1
upcall=$2
pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; fail=$((fail + 1)); }

out=$("$helper" -V 2>&1)
grep -q "libcap-ng: no (built --without-libcap-ng)" <<<"$out" && grep -q "keyutils: no (built --without-keyutils: no decision cache" <<<"$out" \
	&& ok "-V names the missing features" || ko "-V names the missing features: $out"

tmp=$(mktemp -d /var/tmp/cifsaf-minimal.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/mnt"
cp "$helper" "$tmp/mount.cifs"
chown root:root "$tmp/mount.cifs"
chmod 4755 "$tmp/mount.cifs"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/mount.cifs" //192.0.2.1/s "$tmp/mnt" -f 2>&1)
status=$?
if [ $status -eq 1 ] && grep -q "no libcap-ng (configured --without-libcap-ng)" <<<"$out"; then
	ok "setuid run refused with the reason"
else
	ko "setuid run refused with the reason (exit $status): $out"
fi

out=$(CIFS_AF_KERNEL_RELEASE=6.1.0 "$helper" //192.0.2.1/s "$tmp/mnt" -f -v -o guest 2>&1)
grep -q "capabilities not limited: built without libcap-ng" <<<"$out" \
	&& ok "root run says capabilities are not limited" || ko "root run says capabilities are not limited: $out"

out=$(CIFS_AF_KERNEL_RELEASE=6.1.0 "$helper" //localhost/s "$tmp/mnt" -f -v -o guest 2>&1)
grep -q "cache: unavailable: built without keyutils (configure --without-keyutils)" <<<"$out" \
	&& ok "-v says the decision cache is unavailable" || ko "-v says the decision cache is unavailable: $out"

# -D sends its records to stderr as well as syslog.
out=$("$upcall" -D localhost "" 2>&1)
grep -q "built without keyutils: the policy is not applied" <<<"$out" \
	&& grep -q "passed to key.dns_resolver" <<<"$out" \
	&& ok "cifs-af.dnsresolver says it cannot apply the policy and passes the request on" \
	|| ko "cifs-af.dnsresolver without keyutils: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
