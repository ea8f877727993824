# shellcheck shell=bash
# tests/security/root-tests.sh: the CVE classes and defects, run as root
# with mount(2) intercepted (CALLS shows exactly what reached the kernel).
# Sourced by run.sh after lib.sh.  Literal addresses only: no DNS, no probe.

m=$home/m
S=//192.0.2.1/s

# CVE-2009-2948 / CVE-2022-29869 / B-10: a credentials file that is not one
# (root may name any file) is refused by line number, its text never shown.
begin "CVE-2009-2948 (d), root: credentials=/etc/shadow is refused without echoing it"
run_as root "$S" "$m" -f -n -v -o credentials=/etc/shadow
want_status 1
want_out "/etc/shadow:1: "
want_no_out "root:"
end

printf 'API_KEY=SECRET1\ntoken=SECRET2\nworkgroup=SECRET3\n' >"$tmp/app.env"
printf 'username=bob\nuserkey=SECRET4\n' >"$tmp/prefix1.cred"
printf 'domainx=SECRET5\n' >"$tmp/prefix2.cred"
for f in app.env prefix1.cred prefix2.cred; do
	begin "CVE-2022-29869, B-10, root: $f: keys matched exactly, values never echoed"
	run_as root "$S" "$m" -f -n -v -o "guest,credentials=$tmp/$f"
	want_status 1
	want_out "$tmp/$f:"
	want_no_mount
	end
done

# CVE-2010-0547 / CVE-2011-2724: a newline cannot forge an mtab entry, with
# or without -n; every caller of the check fails the mount.
for args in "-f" "-f -n" ""; do
	# shellcheck disable=SC2086
	begin "CVE-2010-0547 (a), root: newline in the device ($args)"
	# shellcheck disable=SC2086
	run_as root $'//192.0.2.1/s\nnone /etc tmpfs rw 0 0' "$m" $args -o guest
	want_status 1
	want_out "illegal character 0x0a"
	want_no_mount
	end
done
nl_dir=$tmp/$'nl\nnone /etc tmpfs rw 0 0'
mkdir -p "$nl_dir"
begin "CVE-2010-0547 (b), CVE-2011-2724, root: newline in the mount point"
run_as root "$S" "$nl_dir" -o guest
want_status 1
want_out "illegal character 0x0a"
want_no_mount
end
begin "CVE-2010-0547 (e), root: a trailing newline in the device"
run_as root $'//192.0.2.1/s\n' "$m" -o guest
want_status 1
want_no_mount
end
odd_dir=$tmp/$'sp ace\ttab\\back'
mkdir -p "$odd_dir"
begin "CVE-2010-0547 (e), root: space, tab and backslash escaped in the mtab line"
run_as root "$S" "$odd_dir" -o guest
want_status 0
[ "$(tail -1 /etc/mtab)" = "//192.0.2.1/s $tmp/sp\\040ace\\011tab\\134back cifs rw 0 0" ] ||
	bad "mtab line not escaped" "$(tail -1 /etc/mtab)"
end
begin "CVE-2010-0547 (e), root: a carriage return stays inside one mtab line"
run_as root $'//192.0.2.1/s\rx' "$m" -o guest
want_status 0	# an odd share name, but one line (the common check)
end

# CVE-2011-1678: a write cut short leaves mtab whole; also the remount
# path, which rewrites mtab through a temporary file.
begin "CVE-2011-1678 (a), root: RLIMIT_FSIZE during the append: exit 16, mtab unchanged"
before=$(cat /etc/mtab)
OUT=$(bash -c "ulimit -f 1; exec env -i LD_PRELOAD=$tmp/mount-log.so CIFSAF_MOUNT_LOG=/dev/null $SANITIZER_ENV '$helper' $S '$m' -o guest" 2>&1)
ST=$?
want_status 16
want_mtab_same "$before"
end
begin "CVE-2011-1678 (b), root: RLIMIT_FSIZE during a remount's rewrite: mtab unchanged"
OUT=$(bash -c "ulimit -f 1; exec env -i LD_PRELOAD=$tmp/mount-log.so CIFSAF_MOUNT_LOG=/dev/null $SANITIZER_ENV '$helper' $S '$m' -o guest,remount,ro" 2>&1)
ST=$?
want_status 16
want_mtab_same "$before"
ls /etc/.mtab* /etc/mtab~* >/dev/null 2>&1 && bad "a temporary or lock file was left" "$(ls -a /etc | grep mtab)"
end
begin "CVE-2011-1678 (c), root: ENOSPC on a full file system: exit 16, mtab unchanged"
mkdir -p "$tmp/full"
mount -t tmpfs -o size=64k cifsaf-full "$tmp/full"
# Exactly one page, so the append needs a page the file system lacks.
cp /etc/mtab "$tmp/full/mtab"
pad=$((4096 - $(wc -c <"$tmp/full/mtab") - 2))
{ printf '#'; repeat x "$pad"; printf '\n'; } >>"$tmp/full/mtab"
dd if=/dev/zero of="$tmp/full/filler" bs=4k >/dev/null 2>&1
before=$(cat "$tmp/full/mtab")
mount --bind "$tmp/full/mtab" /etc/mtab
OUT=$(env -i LD_PRELOAD="$tmp/mount-log.so" CIFSAF_MOUNT_LOG=/dev/null $SANITIZER_ENV "$helper" "$S" "$m" -o guest 2>&1)
ST=$?
want_status 16
want_mtab_same "$before"
umount /etc/mtab
umount "$tmp/full"
end

# CVE-2020-14342: the password prompt never goes through a shell.  A fake
# systemd-ask-password earlier in PATH records its arguments (root may
# choose PATH); systemd is made to look running in a nested namespace.
mkdir -p "$tmp/fakebin"
cat >"$tmp/fakebin/systemd-ask-password" <<EOF
#!/bin/bash
printf '%s\n' "\$#" "\$@" >>$tmp/ask.log
echo TYPEDPW
EOF
chmod 755 "$tmp/fakebin/systemd-ask-password"
ask() {
	: >"$tmp/ask.log"
	rm -f /tmp/PWN*
	unshare -m bash -c "mount -t tmpfs cifsaf-run /run && mkdir -p /run/systemd/system && \
		env -i PATH=$tmp/fakebin:/usr/bin:/bin $SANITIZER_ENV ${1:+USER=\"\$1\"} \
		LD_PRELOAD=$tmp/mount-log.so CIFSAF_MOUNT_LOG=$tmp/calls timeout 30 '$helper' \"\$2\" '$m' -n -v -o \"\$3\"" \
		ask "$1" "$2" "$3" </dev/null >"$tmp/ask.out" 2>&1
	ST=$?
	OUT=$(cat "$tmp/ask.out")
	CALLS=$(cat "$tmp/calls")
}
while IFS='|' read -r label env_user service options; do
	begin "CVE-2020-14342 ($label), root: the prompt is one argument, no shell"
	: >"$tmp/calls"
	shell_before=$(wc -c <"$tmp/shell.log")
	ask "$env_user" "$service" "$options"
	want_status 0
	ls /tmp/PWN* >/dev/null 2>&1 && bad "a command in the prompt ran" "$(ls /tmp/PWN*)"
	[ "$(head -1 "$tmp/ask.log")" = 1 ] || bad "systemd-ask-password got $(head -1 "$tmp/ask.log") arguments" "$(cat "$tmp/ask.log")"
	grep -qF "Password for" "$tmp/ask.log" || bad "no prompt reached systemd-ask-password" "$(cat "$tmp/ask.log")"
	want_call ",pass=TYPEDPW"
	want_no_out TYPEDPW
	[ "$(wc -c <"$tmp/shell.log")" -eq "$shell_before" ] || bad "a shell was started"
	end
done <<'EOF'
a|x|//192.0.2.1/s|username=`touch /tmp/PWN1`
b|x|//192.0.2.1/s|username=$(touch /tmp/PWN2)
c|x|//192.0.2.1/s|username=x";touch /tmp/PWN3;"
d|x|//192.0.2.1/s$(touch /tmp/PWN4)|user=bob
e|$(touch /tmp/PWN5)|//192.0.2.1/s|vers=3.0
EOF
begin "CVE-2020-14342 (f), root: no systemd and no terminal: a clean error, no shell"
rm -f /tmp/PWN*
: >"$tmp/ask.log"
PATH_FOR_HELPER=$tmp/fakebin:/usr/bin:/bin run_as root "$S" "$m" -n -o 'username=`touch /tmp/PWN6`'
want_status 2
want_out "Error reading password"
ls /tmp/PWN* >/dev/null 2>&1 && bad "a command in the prompt ran"
[ -s "$tmp/ask.log" ] && bad "systemd-ask-password ran although systemd does not" "$(cat "$tmp/ask.log")"
end

# CVE-2022-27239 and every other length limit: refused cleanly, never
# truncated, never past a buffer.
limit() {	# limit LABEL WANT_STATUS ARGS...
	local label=$1 want=$2
	shift 2
	begin "CVE-2022-27239 (e), root: $label"
	run_as root "$@"
	want_status "$want"
	[ "$want" -eq 0 ] || want_no_mount
	end
}
limit "ip= of 5000 bytes" 1 "$S" "$m" -n -o "guest,ip=$(repeat A 5000)"
limit "addr= of 5000 bytes" 1 "$S" "$m" -n -o "guest,addr=$(repeat A 5000)"
limit "ip= of 1026 bytes" 1 "$S" "$m" -n -o "guest,ip=$(repeat a 1026)"
limit "a UNC of 1023 bytes" 0 "//192.0.2.1/s/$(repeat p 1009)" "$m" -n -o guest
limit "a UNC of 1024 bytes" 1 "//192.0.2.1/s/$(repeat p 1010)" "$m" -n -o guest
limit "a host of 1026 bytes" 1 "//$(repeat h 1026)/s" "$m" -n -o guest
limit "a share of 256 bytes" 0 "//192.0.2.1/$(repeat s 256)" "$m" -n -o guest
limit "a share of 257 bytes" 1 "//192.0.2.1/$(repeat s 257)" "$m" -n -o guest
limit "domain= of 256 bytes" 0 "$S" "$m" -n -o "guest,domain=$(repeat d 256)"
limit "domain= of 257 bytes" 1 "$S" "$m" -n -o "guest,domain=$(repeat d 257)"
limit "user= of 256 bytes" 0 "$S" "$m" -n -o "user=$(repeat u 256),pass=SECRETPW"
limit "user= of 257 bytes" 1 "$S" "$m" -n -o "user=$(repeat u 257),pass=SECRETPW"
limit "user= of 5000 bytes" 1 "$S" "$m" -n -o "user=$(repeat u 5000),pass=SECRETPW"
limit "a password of 512 bytes" 0 "$S" "$m" -n -o "user=u,pass=$(repeat p 512)"
limit "a password of 513 bytes" 1 "$S" "$m" -n -o "user=u,pass=$(repeat p 513)"
limit "a password of 5000 bytes" 1 "$S" "$m" -n -o "user=u,pass=$(repeat p 5000)"
ENV="PASSWD=$(repeat , 256)" limit "256 commas (512 once doubled)" 0 "$S" "$m" -n -o user=u
ENV="PASSWD=$(repeat , 257)" limit "257 commas (514 once doubled)" 1 "$S" "$m" -n -o user=u
printf 'username=u\npassword=%s\n' "$(repeat p 5000)" >"$tmp/long-line.cred"
limit "a credentials line of 5000 bytes" 1 "$S" "$m" -n -o "credentials=$tmp/long-line.cred"
repeat x 100000 >"$tmp/big.pw"
ENV="PASSWD_FILE=$tmp/big.pw" limit "PASSWD_FILE of 100 KB" 2 "$S" "$m" -n -o user=u
limit "-o of 4096 bytes in all" 1 "$S" "$m" -n -o "guest,$(repeat x 4090)"
limit "-o of 10000 bytes" 1 "$S" "$m" -n -o "guest,$(repeat x 10000)"
limit "-o over 4096 bytes in several pieces" 1 "$S" "$m" -n -o "guest,$(repeat x 3000)" -o "$(repeat y 3000)"
for n in 23 25; do
	limit "snapshot= of $n bytes" 1 "$S" "$m" -n -o "guest,snapshot=@GMT-$(repeat 1 $((n - 5)))"
done
limit "snapshot= of 24 bytes" 0 "$S" "$m" -n -o "guest,snapshot=@GMT-2024.02.29-12.00.00"

# B-1: a comma cannot smuggle options in through a name.
printf 'username=x,uid=0\npassword=SECRETPW\n' >"$tmp/comma-user.cred"
printf 'username=bob\npassword=SECRETPW\ndomain=D,sec=krb5\n' >"$tmp/comma-dom.cred"
for f in comma-user comma-dom; do
	begin "B-1, root: a ',' from a credentials file ($f) is refused"
	run_as root "$S" "$m" -n -v -o "credentials=$tmp/$f.cred"
	want_status 1
	want_out "contains ','"
	want_no_mount
	end
done
begin "B-1, root: a ',' from USER is refused"
ENV="USER=x,unc=\\\\evil\\other,uid=0" run_as root "$S" "$m" -n -o pass=SECRETPW
want_status 1
want_no_mount
end

# B-2: SUDO_UID is honoured for root only, and once.
begin "B-2, root: ENOKEY under krb5 retries once with cruid=SUDO_UID"
ENV="SUDO_UID=1000 CIFSAF_MOUNT_ERRNOS=126,126" run_as root "$S" "$m" -n -o sec=krb5,user=u
want_status 32
[ "$(grep -c . <<<"$CALLS")" -eq 2 ] || bad "want 2 mount(2) calls" "$CALLS"
want_call "cruid=1000"
end

# B-3: no read past the device, no stale bytes from unc=.
begin "B-3, root: //host without a share is a bad UNC"
run_as root //192.0.2.1 "$m" -n -o guest
want_status 1
want_out "bad UNC"
want_no_mount
end
begin "B-3, root: a longer unc= does not bleed into a shorter device"
run_as root //192.0.2.1/s "$m" -n -o guest,unc=//other/share2
want_status 0
want_call 'unc=\\192.0.2.1\s,'
want_no_call 'unc=\\192.0.2.1\share2'
end

# B-4: passwords at the limit never overwrite password2.
for n in 511 512; do
	begin "B-4, root: a password of $n bytes once doubled keeps password2"
	ENV="PASSWD2=SECOND PASSWD=$(repeat p $((n - 4))),," run_as root "$S" "$m" -n -o user=u
	want_status 0
	want_call ",password2=SECOND"
	end
done
for n in 513 514; do
	begin "B-4, root: a password of $n bytes once doubled is refused"
	ENV="PASSWD2=SECOND PASSWD=$(repeat p $((n - 4))),," run_as root "$S" "$m" -n -o user=u
	want_fail
	want_no_mount
	end
done

# B-5: no partial credentials from a long option string.
begin "B-5, root: options that would push pass= past 4096 bytes are refused"
run_as root "$S" "$m" -n -o "user=u,pass=SECRETPW,$(repeat x 4060)"
want_status 1
want_no_mount
end

# B-6: ids that do not fit.
for opt in uid=4294967296 gid=-1 cruid=99999999999 backupuid=4294967295; do
	begin "B-6, root: $opt is an error"
	run_as root "$S" "$m" -n -o "guest,$opt"
	want_status 1
	want_no_mount
	end
done

# B-8: a name with many addresses gives a bounded, well-formed list.
for i in $(seq 1 40); do
	echo "192.0.2.$((i + 100)) many.test"
	echo "2001:db8::$((i + 100)) many.test"
done >>/etc/hosts
begin "B-8, root: 40 A and 40 AAAA records: at most 16 per family tried"
ENV="CIFS_AF_KERNEL_RELEASE=6.1.0 CIFSAF_MOUNT_ERRNOS=$(repeat 1 40 | sed 's/1/111,/g')" \
	run_as root //many.test/s "$m" -n -o guest,af=system
want_status 32
[ "$(grep -c . <<<"$CALLS")" -eq 32 ] || bad "want 32 mount(2) calls" "$(grep -c . <<<"$CALLS") calls"
[ "$(grep -c 'ip=192\.' <<<"$CALLS")" -eq 16 ] || bad "want 16 IPv4 calls" "$CALLS"
end

# B-11: an unknown or unsupported flag is never success.
for args in "-x" "--fake" "-t nfs" "-N /nonexistent/ns"; do
	begin "B-11, root: $args fails"
	# shellcheck disable=SC2086
	run_as root "$S" "$m" -n $args -o guest
	want_fail
	want_no_mount
	end
done

begin "B-11, root: -t cifs.sub (as libmount passes a subtype) mounts type cifs"
run_as root "$S" "$m" -n -t cifs.sub -o guest
want_status 0
want_call "type=cifs	"
end

# B-12: flags given twice are flags given once.
begin "B-12, root: -f -f never mounts"
run_as root "$S" "$m" -f -f -n -o guest
want_status 0
want_no_mount
end
begin "B-12, root: -n -n leaves mtab alone"
before=$(cat /etc/mtab)
run_as root "$S" "$m" -n -n -o guest
want_status 0
want_mtab_same "$before"
end
begin "B-12, root: -v -v is still verbose"
run_as root "$S" "$m" -n -v -v -o guest
want_out "kernel mount options:"
end
