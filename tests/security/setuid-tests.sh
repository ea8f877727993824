# shellcheck shell=bash
# tests/security/setuid-tests.sh: the CVE classes and defects against the
# helper installed setuid, run by an unprivileged user whose options come
# from this namespace's /etc/fstab.  mount(2) cannot be intercepted in a
# setuid process (LD_PRELOAD is ignored), and this machine's kernel has no
# cifs: what would reach the kernel is read from -v's "kernel mount
# options" line, which the parent prints just before mount(2).
# Sourced by run.sh after lib.sh and root-tests.sh.

m=$home/m
cat >/etc/fstab <<EOF
/dev/root / ext4 defaults 0 0
//192.0.2.1/s $m cifs user,guest,vers=3.0 0 0
//192.0.2.1/s $home/planted cifs user,guest 0 0
//192.0.2.1/nfs $m nfs user 0 0
//192.0.2.1/nouser $m cifs guest 0 0
//192.0.2.1/cred $m cifs user,credentials=$tmp/root-only.cred 0 0
//192.0.2.1/link $m cifs user,credentials=$home/cred-link 0 0
//192.0.2.1/named $m cifs user,pass=SECRETPW 0 0
//192.0.2.1/krb $m cifs user,sec=krb5 0 0
//192.0.2.1/noname $m cifs user,pass=SECRETPW 0 0
//192.0.2.1/longip $m cifs user,guest,ip=$(repeat A 5000) 0 0
//192.0.2.1/ask $m cifs user 0 0
//192.0.2.1/vialink $tmp/links/m cifs user,guest 0 0
//192.0.2.1/viahome $home/rootlink cifs user,guest 0 0
//192.0.2.1/s $tmp/nl\\012none\\040/etc\\040tmpfs\\040rw\\0400\\0400 cifs user,guest 0 0
EOF

# CVE-2009-2948: a setuid helper must not read files for the caller.
begin "CVE-2009-2948 (a), setuid: a root-only credentials file named in fstab"
run_as user //192.0.2.1/cred "$m" -f -n -v
want_fail
want_out "Permission denied"
end
begin "CVE-2009-2948 (b), setuid: credentials= through a symlink to /etc/shadow"
run_as user //192.0.2.1/link "$m" -f -n -v
want_fail
want_out "Permission denied"
end
begin "CVE-2009-2948 (c), setuid: -o credentials=/etc/shadow is not used at all"
run_as user //192.0.2.1/s "$m" -f -n -v -o credentials=/etc/shadow,credentials=$tmp/root-only.cred
want_status 0
want_out 'kernel mount options: ip=192.0.2.1,unc=\\192.0.2.1\s,vers=3.0,uid=4321,gid=4321,user='
want_no_out "credentials"
end

# CVE-2010-0547 (d): an fstab mount point holding an escaped newline.
mkdir -p "$tmp/$(printf 'nl\nnone /etc tmpfs rw 0 0')"
chown "$uid:$uid" "$tmp/$(printf 'nl\nnone /etc tmpfs rw 0 0')"
begin "CVE-2010-0547 (d), setuid: a newline from fstab's \\012 is refused"
run_as user //192.0.2.1/s "$tmp/$(printf 'nl\nnone /etc tmpfs rw 0 0')" -f
want_status 1
want_out "illegal character 0x0a"
end

# CVE-2010-0787 (b): the fstab mount point is a link the caller made to
# /etc.  Following it would turn the line for $home/planted into one for
# /etc: links the caller could have made are not followed.
ln -s /etc "$home/planted"
chown -h "$uid:$uid" "$home/planted"
begin "CVE-2010-0787 (b), setuid: an fstab mount point the caller linked to /etc"
run_as user //192.0.2.1/s "$home/planted" -f
want_status 1
want_out "no match for /etc"
end
rm -f "$home/planted"

# CVE-2010-0787 (c): a link root made in a directory only root may change
# is followed; root's link in a directory the caller may write is not (the
# caller could swap it).
mkdir -p "$tmp/links"
ln -s "$m" "$tmp/links/m"
ln -s "$m" "$home/rootlink"
begin "CVE-2010-0787 (c), setuid: an fstab mount point through root's link in a root-only directory"
run_as user //192.0.2.1/vialink "$m" -f -n -v
want_status 0
want_out 'kernel mount options: ip=192.0.2.1,unc=\\192.0.2.1\vialink,'
end
begin "CVE-2010-0787 (c), setuid: root's link in a directory the caller may write is not followed"
run_as user //192.0.2.1/viahome "$m" -f -n
want_status 1
want_out "no match for $m"
end
rm -f "$home/rootlink"

# CVE-2010-0787: the mount point swapped for a symlink to /etc while the
# helper runs.  It enters the directory once, with the caller's rights, and
# mounts on "."; the canonical path it records is the directory it entered.
begin "CVE-2010-0787, setuid: 150 runs against a mount point swapped with a symlink to /etc"
ln -s /etc "$home/m_alt"
chown -h "$uid:$uid" "$home/m_alt"
# One process doing the renames, so that killing it stops them at once.
setpriv --reuid=$uid --regid=$uid --clear-groups /usr/bin/python3 -c "
import os, sys
h = sys.argv[1]
while True:
    for a, b in (('m', 'm_tmp'), ('m_alt', 'm'), ('m', 'm_alt'), ('m_tmp', 'm')):
        try:
            os.rename(h + '/' + a, h + '/' + b)
        except OSError:
            pass" "$home" &
swapper=$!
mounted=0 refused=0
for _ in $(seq 1 150); do
	run_as user //192.0.2.1/s "$m" -f
	if [ "$ST" -eq 0 ]; then mounted=$((mounted + 1)); else refused=$((refused + 1)); fi
done
kill "$swapper"
wait "$swapper" 2>/dev/null
# Put the real directory back at $m, wherever the swapper left it.
for name in m m_tmp m_alt; do
	if [ -L "$home/$name" ]; then
		rm -f "$home/$name"
	elif [ -d "$home/$name" ] && [ "$name" != m ]; then
		mv -T "$home/$name" "$m"
	fi
done
[ -d "$m" ] && [ ! -L "$m" ] || bad "could not restore $m"
grep -q ' /etc cifs' /etc/mtab && bad "a mount over /etc was recorded" "$(grep ' /etc cifs' /etc/mtab)"
bad_lines=$(grep "user=$user " /etc/mtab | grep -v "^//192.0.2.1/s $m cifs " || true)
[ -z "$bad_lines" ] || bad "a user mount recorded somewhere else" "$bad_lines"
echo "    ($mounted runs went ahead on the real directory, $refused were refused)"
# A race that never happened proves nothing.
[ "$refused" -gt 0 ] || bad "the mount point was never swapped during a run"
end

# CVE-2011-1678 (a): RLIMIT_FSIZE cannot leave a partial mtab line.
begin "CVE-2011-1678 (a), setuid: RLIMIT_FSIZE: exit 16, mtab unchanged, no lock left"
before=$(cat /etc/mtab)
OUT=$(setsid -w bash -c "ulimit -f 1; exec setpriv --reuid=$uid --regid=$uid --clear-groups \
	env -i USER=$user $SANITIZER_ENV '$suid' //192.0.2.1/s '$m' -f" 2>&1)
ST=$?
want_status 16
want_mtab_same "$before"
ls /etc/mtab~* >/dev/null 2>&1 && bad "a lock file was left"
end

# CVE-2011-3585: the caller kills the helper at random moments; the lock
# must never be left behind and mtab must stay whole.
begin "CVE-2011-3585, setuid: SIGKILL from the caller at random moments, 60 times"
for i in $(seq 1 60); do
	setpriv --reuid=$uid --regid=$uid --clear-groups env -i USER=$user $SANITIZER_ENV \
		"$suid" //192.0.2.1/s "$m" -f >/dev/null 2>&1 &
	pid=$!
	sleep "0.00$((i % 10))"
	setpriv --reuid=$uid --regid=$uid --clear-groups kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
sleep 0.2
ls /etc/mtab~* >/dev/null 2>&1 && bad "a stale lock is left" "$(ls /etc/mtab~*)"
awk 'NF != 6 && !/^#/' /etc/mtab | grep -q . && bad "an incomplete mtab line" "$(awk 'NF != 6' /etc/mtab)"
start=$SECONDS
run_as root //192.0.2.1/s "$m" -o guest
want_status 0
[ $((SECONDS - start)) -lt 10 ] || bad "the next mount waited $((SECONDS - start)) s for a lock"
end

# CVE-2012-1586: the same answer for a path that exists and one that does
# not, behind directories the caller cannot search.
for dir in /root "$tmp/private" "$tmp/others"; do
	begin "CVE-2012-1586, setuid: no existence oracle under $dir"
	target=$dir/exists
	[ "$dir" = /root ] && target=/root/.bashrc
	run_as user //192.0.2.1/s "$target" -f
	a=${OUT//$target/PATH} sa=$ST
	run_as user //192.0.2.1/s "$dir/missing" -f
	b=${OUT//$dir\/missing/PATH}
	[ "$a" = "$b" ] && [ "$sa" = "$ST" ] || bad "different answers" "$a
---
$b"
	want_status 1
	want_out "Permission denied"
	end
done

# CVE-2020-14342, setuid: PATH is not trusted for systemd-ask-password, and
# nothing in the prompt reaches a shell.  systemd looks running here
# ($tmp/systemd-ns), with a fake of our own as the trusted tool; PATH's
# fake (root-tests.sh) may log, so a run of it would show.
cat >"$tmp/trusted-ask" <<EOF
#!/bin/bash
printf '%s\n' "\$#" "\$@" >>$tmp/trusted-ask.log
echo TYPEDPW
EOF
chmod 755 "$tmp/trusted-ask"
printf 'not a program\n' >"$tmp/not-executable"
if [ -e /usr/bin/systemd-ask-password ] && { [ ! -e /bin/systemd-ask-password ] ||
	[ /bin/systemd-ask-password -ef /usr/bin/systemd-ask-password ]; }; then
	begin "CVE-2020-14342, setuid: the trusted systemd-ask-password asks, never PATH's"
	: >"$tmp/ask.log"
	: >"$tmp/trusted-ask.log"
	chmod 666 "$tmp/ask.log" "$tmp/trusted-ask.log"
	rm -f /tmp/PWN*
	WRAP="$tmp/systemd-ns --trusted $tmp/trusted-ask" PATH_FOR_HELPER=$tmp/fakebin:/usr/bin:/bin \
		ENV='USER=$(touch${IFS}/tmp/PWN7)' run_as user //192.0.2.1/ask "$m" -f -n -v
	want_status 0
	want_out ',pass=********'
	[ "$(head -1 "$tmp/trusted-ask.log")" = 1 ] || bad "not one argument" "$(cat "$tmp/trusted-ask.log")"
	grep -qF 'Password for $(touch${IFS}/tmp/PWN7)@//192.0.2.1/ask: ' "$tmp/trusted-ask.log" ||
		bad "the prompt did not reach the trusted tool" "$(cat "$tmp/trusted-ask.log")"
	[ -s "$tmp/ask.log" ] && bad "the caller's systemd-ask-password ran" "$(cat "$tmp/ask.log")"
	ls /tmp/PWN* >/dev/null 2>&1 && bad "a command in the prompt ran"
	end
	begin "CVE-2020-14342, setuid: no executable systemd-ask-password where trusted: never PATH's"
	WRAP="$tmp/systemd-ns --trusted $tmp/not-executable" PATH_FOR_HELPER=$tmp/fakebin:/usr/bin:/bin \
		run_as user //192.0.2.1/ask "$m" -f -n
	want_status 2
	want_out "Error reading password, exiting"
	[ -s "$tmp/ask.log" ] && bad "the caller's systemd-ask-password ran" "$(cat "$tmp/ask.log")"
	end
else
	echo "SKIP: CVE-2020-14342, setuid: no /usr/bin/systemd-ask-password to stand in for"
fi

# CVE-2022-27239, setuid: an over-long ip= in fstab fails cleanly.
begin "CVE-2022-27239 (d), setuid: ip= of 5000 bytes in fstab"
run_as user //192.0.2.1/longip "$m" -f -n
want_status 1
want_out "ip= is longer than 1025 bytes"
end

# B-1: the caller's USER cannot inject options.
begin "B-1, setuid: USER with ',unc=...,ip=...,uid=0' is refused"
ENV='USER=x,unc=\\evil\other,ip=192.0.2.99,uid=0,forceuid' run_as user //192.0.2.1/named "$m" -f -n -v
want_status 1
want_out "contains ','"
want_no_out "forceuid"
end

# B-2: SUDO_UID is not honoured for a user mount.
begin "B-2, setuid: SUDO_UID never becomes cruid="
ENV="SUDO_UID=0" run_as user //192.0.2.1/krb "$m" -f -n -v
want_status 0
want_no_out "cruid="
end

# B-7: a caller without a passwd entry and without USER.
begin "B-7, setuid: a uid without a passwd entry gets an error, not a crash"
run_as nopw //192.0.2.1/noname "$m" -f -n
want_fail
end

# B-9: fstab's weaknesses in cifs-utils.
begin "B-9, setuid: an nfs line never allows a cifs mount"
run_as user //192.0.2.1/nfs "$m" -f -n
want_status 1
want_out "no match for $m"
end
begin "B-9, setuid: a cifs line without user or users"
run_as user //192.0.2.1/nouser "$m" -f -n
want_status 1
want_out "mount.cifs: permission denied"
end

# B-11: -N would let the caller pick the namespace whose fstab is read.
begin "B-11, setuid: -N is refused for users"
run_as user //192.0.2.1/s "$m" -f -n -N /proc/1/ns/mnt
want_status 1
want_out "only root"
end
