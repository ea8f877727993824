#!/bin/bash
# tests/integration/mtab-namespace.sh HELPER: /etc/mtab handling as on RHEL 5
# (a regular file), inside a private mount namespace whose /etc is a copy
# with a regular mtab.  -f records the mount as cifs-utils does; nothing
# needs a network (literal address, single candidate).  Needs root.
set -u
helper=$(readlink -f "$1")
. "$(dirname "$0")/../lib/private-etc.sh"
. "$(dirname "$0")/../lib/launch.sh"
cifsaf_private_etc "$@"
printf 'proc /proc proc rw 0 0\n' >"$tmp/etc/mtab"
mount --bind "$tmp/etc" /etc
mkdir -p "$tmp/mnt" "$tmp/mnt point"
# The release only names the kernel: every address here is a literal IPv4.
export CIFS_AF_KERNEL_RELEASE=${CIFS_AF_KERNEL_RELEASE:-6.1.0}

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; sed 's/^/    /' /etc/mtab; fail=$((fail + 1)); }

"${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$tmp/mnt" -f -o user=u,pass=p
[ "$(tail -1 /etc/mtab)" = "//192.0.2.1/s $tmp/mnt cifs rw 0 0" ] && [ "$(wc -l </etc/mtab)" -eq 2 ] \
	&& ok "-f adds exactly one complete line" || ko "-f adds exactly one complete line"

before=$(cat /etc/mtab)
"${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$tmp/mnt" -f -n -o user=u,pass=p
[ "$(cat /etc/mtab)" = "$before" ] && ok "-n leaves mtab untouched" || ko "-n leaves mtab untouched"

"${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$tmp/mnt point" -f -o user=u,pass=p,ro,nosuid,nodev,noexec
[ "$(tail -1 /etc/mtab)" = "//192.0.2.1/s $tmp/mnt\\040point cifs ro,noexec,nosuid,nodev 0 0" ] \
	&& ok "flags and an escaped space in the mount point" || ko "flags and an escaped space in the mount point"

"${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$tmp/mnt" -f -o user=u,pass=p,remount,ro
[ "$(grep -c " $tmp/mnt cifs" /etc/mtab)" -eq 1 ] && grep -q "^//192.0.2.1/s $tmp/mnt cifs ro 0 0$" /etc/mtab \
	&& ok "remount replaces the entry" || ko "remount replaces the entry"

[ ! -e /etc/mtab~ ] && ! ls /etc/mtab~* >/dev/null 2>&1 && ok "no lock file left behind" || ko "no lock file left behind"

before=$(cat /etc/mtab)
out=$("${cifsaf_launch[@]}" "$helper" $'//192.0.2.1/s\n' "$tmp/mnt" -f -n -o user=u,pass=p 2>&1)
[ $? -eq 1 ] && grep -q "illegal character 0x0a" <<<"$out" && [ "$(cat /etc/mtab)" = "$before" ] \
	&& ok "newline refused even with -n" || ko "newline refused even with -n"

: >"$tmp/lock-holder"
ln "$tmp/lock-holder" /etc/mtab~ 2>/dev/null || cp "$tmp/lock-holder" /etc/mtab~
start=$SECONDS
out=$(timeout 60 "${cifsaf_launch[@]}" "$helper" //192.0.2.1/s "$tmp/mnt" -f -o user=u,pass=p 2>&1)
status=$?
rm -f /etc/mtab~
[ $status -eq 16 ] && grep -q "cannot lock mtab" <<<"$out" && [ "$(cat /etc/mtab)" = "$before" ] \
	&& ok "a held lock: exit 16 after $((SECONDS - start)) s, mtab unchanged" || ko "a held lock (exit $status): $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
