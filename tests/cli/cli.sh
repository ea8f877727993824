#!/bin/bash
# Command-line behaviour of the built helper: exit codes, messages and the
# kernel option line under -f -v, with literal addresses (no DNS, no network).
set -u
# The helper, like cifs-utils', refuses callers other than root unless it
# is installed setuid; the setuid case has its own test.
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: the helper runs only for root when not installed setuid"
	exit 77
fi
helper="${top_builddir:-.}/mount-cifs/mount.cifs"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/mnt"

# check NAME WANT_STATUS PATTERN [NOT_PATTERN] -- ARGS...: run the helper,
# compare its status, grep its combined output.
check() {
	local name=$1 want=$2 pattern=$3 notpattern=$4
	shift 5
	local out status
	out=$("$@" 2>&1)
	status=$?
	if [ "$status" -ne "$want" ]; then
		echo "FAIL: $name: exit $status, want $want"; echo "$out" | sed 's/^/    /'
		fail=$((fail + 1)); return
	fi
	if [ -n "$pattern" ] && ! grep -qF -- "$pattern" <<<"$out"; then
		echo "FAIL: $name: output lacks '$pattern'"; echo "$out" | sed 's/^/    /'
		fail=$((fail + 1)); return
	fi
	if [ -n "$notpattern" ] && grep -qF -- "$notpattern" <<<"$out"; then
		echo "FAIL: $name: output has '$notpattern'"; echo "$out" | sed 's/^/    /'
		fail=$((fail + 1)); return
	fi
	echo "PASS: $name"
	pass=$((pass + 1))
}

export CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64
m=$tmp/mnt

check "version" 0 "mount.cifs version: cifs-af" "" -- "$helper" -V
check "help" 0 "Usage:" "" -- "$helper" -h
check "unknown flag fails" 1 "invalid option -x" "" -- "$helper" //192.0.2.1/s "$m" -x
check "unknown long flag fails" 1 "invalid option --fake" "" -- "$helper" //192.0.2.1/s "$m" --fake
check "missing mount point" 1 "missing service or mount point" "" -- "$helper" //192.0.2.1/s
check "bad UNC" 1 "bad UNC" "" -- "$helper" fs:/share "$m" -f
check "comma in share refused" 1 "',' in the share" "" -- "$helper" "//192.0.2.1/s,uid=0" "$m" -f
check "bad af= named" 1 "af=fastest: unknown policy" "" -- "$helper" //192.0.2.1/s "$m" -f -o af=fastest
check "bad mount point" 1 "Couldn't chdir to $tmp/none" "" -- "$helper" //192.0.2.1/s "$tmp/none" -f
check "fake IPv4 literal" 0 \
	'mount.cifs kernel mount options: ip=192.0.2.1,unc=\\192.0.2.1\s,user=bob,pass=********' "secret" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o user=bob,pass=secret
check "fake IPv6 literal" 0 'kernel mount options: ip=2001:db8::1,unc=\\[2001:db8::1]\s' "" \
	-- "$helper" "//[2001:db8::1]/s" "$m" -f -v -o guest
check "smb3 name via -t" 0 "kernel mount options: ip=192.0.2.1" "" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -t smb3 -o guest
check "af= never reaches the kernel" 0 "kernel mount options: ip=192.0.2.1,unc=\\\\192.0.2.1\\s,vers=3.0,user=" "af=v4-only" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o af=v4-only,vers=3.0,guest
check "ip= override skips resolution" 0 "ip address 192.0.2.7 override specified" "" \
	-- "$helper" //name.invalid/s "$m" -f -v -o ip=192.0.2.7,guest
CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 \
	check "RHEL 5 cannot take an IPv6 literal" 32 "no address of 2001:db8::1 can be used" "" \
	-- "$helper" //2001:db8::1/s "$m" -f -v -o guest
CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 \
	check "RHEL 5 trace names the reason" 32 "kernel cannot parse IPv6 in ip=" "" \
	-- "$helper" //2001:db8::1/s "$m" -f -v -o guest
CIFS_AF_KERNEL_RELEASE=not-a-kernel \
	check "bad kernel release named" 1 'cannot understand kernel release "not-a-kernel"' "" \
	-- "$helper" //192.0.2.1/s "$m" -f -o guest
check "-f never mounts even twice" 0 "kernel mount options" "mount error" \
	-- "$helper" //192.0.2.1/s "$m" -f -f -v -o guest
check "newline refused" 1 "illegal character 0x0a" "" -- "$helper" $'//192.0.2.1/s\n' "$m" -f

# Credentials: file, PASSWD, PASSWD_FILE, PASSWD_FD; never a secret printed.
printf 'username=credu\npassword=filesecret\ndomain=CORP\n' >"$tmp/cred"
printf 'username=credu\nfilesecret\n' >"$tmp/badcred"
printf 'envfilesecret\nsecond line\n' >"$tmp/pwfile"
check "credentials file" 0 'ip=192.0.2.1,unc=\\192.0.2.1\s,user=credu,domain=CORP,pass=********' "filesecret" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o "cred=$tmp/cred"
check "malformed credentials line named, value hidden" 1 "$tmp/badcred:2: not a KEY=VALUE line" "filesecret" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o "credentials=$tmp/badcred"
check "missing credentials file" 1 "opening credential file $tmp/none" "" \
	-- "$helper" //192.0.2.1/s "$m" -f -o "cred=$tmp/none"
PASSWD=envsecret check "PASSWD wins over pass=" 0 "password specified twice, ignoring second" "envsecret" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o user=u,pass=optsecret
PASSWD_FILE=$tmp/pwfile check "PASSWD_FILE gives a password" 0 "user=u,pass=********" "envfilesecret" \
	-- "$helper" //192.0.2.1/s "$m" -f -v -o user=u
check "PASSWD_FD gives a password" 0 "user=u,pass=********" "envfilesecret" \
	-- env PASSWD_FD=3 "$helper" //192.0.2.1/s "$m" -f -v -o user=u 3<"$tmp/pwfile"
PASSWD_FD=x check "bad PASSWD_FD named" 1 "PASSWD_FD=x is not a file descriptor number" "" \
	-- "$helper" //192.0.2.1/s "$m" -f -o user=u

# The password prompt: on a terminal (a pty here), without echo; with no
# terminal at all, cifs-utils' error.
check "no terminal to ask on" 2 "Error reading password, exiting" "" \
	-- setsid "$helper" //192.0.2.1/s "$m" -f -v -o user=u
out=$(python3 "$(dirname "$0")/prompt-pty.py" "$helper" //192.0.2.1/s "$m" -f -v -o user=u 2>&1)
if grep -q "PROMPT: Password for u@//192.0.2.1/s: " <<<"$out" && grep -q "user=u,pass=\*\*\*\*\*\*\*\*" <<<"$out" \
	&& ! grep -q "typed,secret" <<<"$out" && grep -q "EXIT: 0" <<<"$out"; then
	echo "PASS: password prompt on a terminal, no echo"; pass=$((pass + 1))
else
	echo "FAIL: password prompt on a terminal"; sed 's/^/    /' <<<"$out"; fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
