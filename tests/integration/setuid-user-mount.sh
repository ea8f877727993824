#!/bin/bash
# tests/integration/setuid-user-mount.sh HELPER [ENV...]: the helper installed setuid
# root and run by an unprivileged user, inside a private mount namespace
# whose /etc is a copy with its own fstab, passwd and a regular mtab (as on
# RHEL 5).  This machine's kernel cannot mount cifs, so the mounts use -f:
# everything up to mount(2) runs for real, including the privilege split,
# the fstab match and the mtab update; the qemu guest tests mount for real.
# ENV (e.g. ASAN_OPTIONS=...) is passed to every run of the helper, whose
# environment is otherwise cleared.  Needs root.
set -u
helper=$(readlink -f "$1")
shift
sanitizer_env="$*"
. "$(dirname "$0")/../lib/private-etc.sh"
cifsaf_private_etc "$helper" "$@"
. "$(dirname "$0")/../lib/launch.sh"

# The test user, known only inside this namespace's /etc.
uid=4321
user=cifsaftest
echo "$user:x:$uid:$uid::/nonexistent:/bin/sh" >>"$tmp/etc/passwd"
echo "$user:x:$uid:" >>"$tmp/etc/group"
# A regular mtab over 1 KiB, so a 1-block RLIMIT_FSIZE bites.
for i in $(seq 1 40); do printf 'tmpfs /run/test%02d tmpfs rw 0 0\n' "$i"; done >"$tmp/etc/mtab"

home=$tmp/home
mkdir -p "$home/m" "$home/other" "$tmp/sbin" "$tmp/private"
ln -s "$home/m" "$home/link"
ln -s /etc "$home/etc-link"
chown "$uid:$uid" "$home" "$home/m" "$home/other"
touch "$tmp/private/exists"
chmod 700 "$tmp/private"
printf 'username=SECRETUSER\npassword=SECRETPW\n' >"$tmp/root-only.cred"
chmod 600 "$tmp/root-only.cred"

cat >"$tmp/etc/fstab" <<EOF
/dev/root / ext4 defaults 0 0
//192.0.2.1/nfs-typed $home/m nfs user 0 0
//192.0.2.1/s $home/m cifs user,guest,vers=3.0 0 0
//192.0.2.1/suid $home/m cifs user,guest,suid,dev 0 0
//192.0.2.1/nouser $home/m cifs guest 0 0
//[2001:db8::1]/v6 $home/m cifs users,guest 0 0
//192.0.2.1/named $home/m cifs user,pass=fstabpw 0 0
//192.0.2.1/cred $home/m cifs user,credentials=$tmp/root-only.cred 0 0
//192.0.2.1/ask $home/m cifs user,user=bob 0 0
EOF
mount --bind "$tmp/etc" /etc

suid=$tmp/sbin/mount.cifs
cp "$helper" "$suid"
chown root:root "$suid"
chmod 4755 "$suid"

pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2"; fail=$((fail + 1)); }

# as_user ARGS...: the setuid helper run by the test user with a clean
# environment (plus whatever the caller puts in EXTRA_ENV).
as_user() {
	# shellcheck disable=SC2086 # word lists
	"${cifsaf_launch[@]}" setpriv --reuid=$uid --regid=$uid --clear-groups \
		env -i PATH=/usr/bin:/bin USER=$user $sanitizer_env ${EXTRA_ENV:-} "$suid" "$@"
}
EXTRA_ENV=

# expect NAME STATUS PATTERN OUTPUT-STATUS OUTPUT
expect() {
	if [ "$4" -eq "$2" ] && grep -qF -- "$3" <<<"$5"; then
		ok "$1"
	else
		ko "$1 (exit $4, want $2; want '$3')" "$5"
	fi
}

mtab_before=$(cat /etc/mtab)
mtab_unchanged() { [ "$(cat /etc/mtab)" = "$mtab_before" ]; }

# --- the match and what a user mount gets
out=$(as_user //192.0.2.1/s "$home/m" -f -v 2>&1); st=$?
expect "fstab user line: mounted with the fstab options, uid/gid of the caller" 0 \
	'kernel mount options: ip=192.0.2.1,unc=\\192.0.2.1\s,vers=3.0,uid=4321,gid=4321,user=' $st "$out"
if [ "${CIFS_AF_TEST_PERSONALITY:-}" = 2.6.18 ]; then
	[ "$(grep -c 'capability bounding set not pruned: the kernel cannot drop from it' <<<"$out")" -eq 1 ] &&
		ok "2.6.18: -v says once that the bounding set was kept" || ko "2.6.18: the kept bounding set under -v" "$out"
fi
last=$(tail -1 /etc/mtab)
[ "$last" = "//192.0.2.1/s $home/m cifs rw,nosuid,nodev,user=$user 0 0" ] &&
	[ "$(wc -l </etc/mtab)" -eq 41 ] &&
	ok "mtab: exactly one complete line, nosuid,nodev and user=$user" ||
	ko "mtab line for the user mount" "$(tail -2 /etc/mtab)"
mtab_before=$(cat /etc/mtab)

out=$(as_user //192.0.2.1/s "$home/m" -f -v -n -o uid=0,forceuid,suid,sec=krb5,cruid=0 2>&1); st=$?
if [ $st -eq 0 ] && ! grep -qE 'forceuid|uid=0|krb5|cruid' <<<"$out"; then
	ok "the caller's -o is not used"
else
	ko "the caller's -o is not used (exit $st)" "$out"
fi
mtab_unchanged && ok "-n leaves mtab alone" || ko "-n leaves mtab alone"

out=$(as_user '\\192.0.2.1\s\' "$home/link/" -f -n -v 2>&1); st=$?
expect "device and mount point compared canonically (backslashes, a symlink)" 0 \
	'kernel mount options: ip=192.0.2.1,unc=\\192.0.2.1\s,vers=3.0' $st "$out"

as_user //192.0.2.1/suid "$home/m" -f >/dev/null 2>&1; st=$?
last=$(tail -1 /etc/mtab)
[ $st -eq 0 ] && [ "$last" = "//192.0.2.1/suid $home/m cifs rw,nosuid,nodev,user=$user 0 0" ] &&
	ok "fstab suid,dev cannot undo nosuid,nodev" || ko "fstab suid,dev (exit $st)" "$last"
mtab_before=$(cat /etc/mtab)

# --- refusals, none of which touches mtab
out=$(as_user //192.0.2.1/unlisted "$home/m" -f 2>&1); st=$?
expect "no fstab line: permission denied" 1 "permission denied: no match for $home/m found in /etc/fstab" $st "$out"
out=$(as_user //192.0.2.1/s "$home/other" -f 2>&1); st=$?
expect "another mount point: permission denied" 1 "no match for $home/other" $st "$out"
out=$(as_user //192.0.2.1/nfs-typed "$home/m" -f 2>&1); st=$?
expect "an nfs line never allows a cifs mount" 1 "no match for $home/m" $st "$out"
out=$(as_user //192.0.2.1/nouser "$home/m" -f 2>&1); st=$?
expect "a line without user or users: permission denied" 1 "mount.cifs: permission denied" $st "$out"
out=$(as_user //192.0.2.1/s "$home/etc-link" -f 2>&1); st=$?
expect "a mount point that is a symlink to /etc is /etc, which has no line" 1 \
	"no match for /etc found" $st "$out"
out=$(as_user //192.0.2.1/s "$home/m" -f -N /proc/1/ns/mnt 2>&1); st=$?
expect "-N is for root only" 1 "only root may have the helper enter another mount namespace" $st "$out"
mtab_unchanged && ok "refusals leave mtab byte-identical" || ko "refusals changed mtab"

# The same error for a path that exists and one that does not, behind a
# directory the caller cannot search (CVE-2012-1586).
a=$(as_user //192.0.2.1/s "$tmp/private/exists" -f 2>&1); sa=$?
b=$(as_user //192.0.2.1/s "$tmp/private/missing" -f 2>&1); sb=$?
a=${a//$tmp\/private\/exists/PATH} b=${b//$tmp\/private\/missing/PATH}
[ "$a" = "$b" ] && grep -q "Permission denied" <<<"$a" && [ "$sa" -eq 1 ] && [ "$sb" -eq 1 ] &&
	ok "no existence oracle behind an unreadable directory" || ko "existence oracle" "$a
$b"

# --- the environment a setuid helper must not trust
out=$(EXTRA_ENV="CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 CIFS_AF_CONFIG=/nonexistent" \
	as_user '//[2001:db8::1]/v6' "$home/m" -f -n -v 2>&1); st=$?
expect "CIFS_AF_KERNEL_RELEASE ignored when setuid (the real kernel takes IPv6)" 0 \
	'kernel mount options: ip=2001:db8::1,' $st "$out"
rootout=$(env $sanitizer_env CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 "${cifsaf_launch[@]}" "$helper" '//[2001:db8::1]/v6' "$home/m" -f -n -o guest 2>&1); st=$?
expect "...while root may use it (the same mount on RHEL 5 is refused)" 32 "no address of" $st "$rootout"

out=$(EXTRA_ENV="USER=x,unc=\\\\evil\\other,uid=0" as_user //192.0.2.1/named "$home/m" -f -n -v 2>&1); st=$?
expect "a ',' in USER cannot inject options" 1 "user name contains ','" $st "$out"

out=$(as_user //192.0.2.1/cred "$home/m" -f -n -v 2>&1); st=$?
if [ $st -ne 0 ] && grep -q "Permission denied" <<<"$out" && ! grep -q SECRET <<<"$out"; then
	ok "a root-only credentials file is read with the caller's rights, nothing leaked"
else
	ko "root-only credentials file (exit $st)" "$out"
fi

# --- who holds what while the child waits for PASSWD_FD
fifo=$tmp/pw.fifo
mkfifo "$fifo"
exec 9<>"$fifo"
EXTRA_ENV="PASSWD_FD=3" as_user //192.0.2.1/ask "$home/m" -f -n -v 3<"$fifo" 9>&- >"$tmp/ask.out" 2>&1 &
background=$!
parent= child=
for _ in $(seq 1 100); do
	# the background job is a subshell running as_user; its child is the
	# helper (setpriv and env exec it), and the helper's child is ours.
	parent=$(pgrep -P "$background" | head -1)
	[ -n "$parent" ] && child=$(pgrep -P "$parent" | head -1)
	[ -n "$child" ] && grep -q '^Uid:.*4321' "/proc/$child/status" 2>/dev/null && break
	sleep 0.05
done
field() { awk -v k="$2:" '$1 == k { $1 = ""; print substr($0, 2) }' "/proc/$1/status"; }
# Kernels without the bounding set calls (the 2.6.18 personality) leave
# both processes the caller's bounding set.
want_p_bnd=0000000000200006 want_c_bnd=0000000000000000
if [ "${CIFS_AF_TEST_PERSONALITY:-}" = 2.6.18 ]; then
	want_p_bnd=$(field $$ CapBnd) want_c_bnd=$want_p_bnd
fi
if [ -n "$child" ]; then
	p_uid=$(field "$parent" Uid) p_prm=$(field "$parent" CapPrm) p_eff=$(field "$parent" CapEff)
	p_bnd=$(field "$parent" CapBnd)
	c_uid=$(field "$child" Uid) c_prm=$(field "$child" CapPrm) c_eff=$(field "$child" CapEff)
	c_bnd=$(field "$child" CapBnd)
	# parent: SYS_ADMIN effective; DAC_READ_SEARCH, DAC_OVERRIDE permitted
	# only; the bounding set those three.
	[ "$p_prm" = 0000000000200006 ] && [ "$p_eff" = 0000000000200000 ] &&
		[ "$p_bnd" = "$want_p_bnd" ] && [ "$p_uid" = "$uid 0 0 0" ] &&
		ok "parent: CapPrm $p_prm CapEff $p_eff CapBnd $p_bnd" ||
		ko "parent capabilities" "Uid $p_uid CapPrm $p_prm CapEff $p_eff CapBnd $p_bnd"
	[ "$c_uid" = "$uid $uid $uid $uid" ] && [ "$c_prm" = 0000000000000000 ] &&
		[ "$c_eff" = 0000000000000000 ] && [ "$c_bnd" = "$want_c_bnd" ] &&
		ok "child: every uid is the caller's, no capability, bounding set $c_bnd" ||
		ko "child credentials" "Uid $c_uid CapPrm $c_prm CapEff $c_eff CapBnd $c_bnd"
else
	ko "the child did not appear"
fi
printf 'typed,pw' >&9
exec 9>&-
wait "$background"; st=$?
out=$(cat "$tmp/ask.out")
expect "PASSWD_FD read by the child reaches the kernel string (masked)" 0 \
	'user=bob,pass=********' $st "$out"
grep -q 'typed' <<<"$out" && ko "the password was printed" "$out"

# --- a write cut short by RLIMIT_FSIZE is rolled back (CVE-2011-1678)
out=$(bash -c "ulimit -f 1; $(declare -f as_user); $(declare -p cifsaf_launch); uid=$uid user=$user suid=$suid sanitizer_env='$sanitizer_env'; as_user //192.0.2.1/s '$home/m' -f" 2>&1); st=$?
mtab_unchanged && [ $st -eq 16 ] && ok "RLIMIT_FSIZE: exit 16, mtab byte-identical" ||
	ko "RLIMIT_FSIZE (exit $st)" "$out"
[ ! -e /etc/mtab~ ] && ! ls /etc/mtab~* >/dev/null 2>&1 && ok "no lock file left behind" ||
	ko "a lock file was left behind"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
