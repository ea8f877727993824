# shellcheck shell=bash
# tests/security/lib.sh: the harness of the security suite.  Sourced by
# tests/security/run.sh inside a private mount namespace (private-etc.sh),
# after it set: top, helper (the built binary), tmp.
#
# Every run of the helper goes through run_as, which checks what every
# test must hold, whatever it is about:
#   - no crash or hang: killed after 30 s, no signal, no sanitizer report;
#   - nothing secret printed or logged: none of the SECRETS markers in the
#     helper's output or in the syslog records it wrote;
#   - /etc/mtab byte-identical, or exactly one complete new line;
#   - no shell started: /bin/sh is a logging wrapper here.
# A test is begin "ID: what"; runs and expectations; end.  Expectations
# that fail, and common checks that fail, fail the test.

uid=4321
user=cifsaftest
other_uid=4322
home=$tmp/home
suid=$tmp/sbin/mount.cifs
SECRETS="SECRETPW SECRETUSER SECRETDOM SHADOWSECRET SECRET1 SECRET2 SECRET3 SECRET4 SECRET5 TYPEDPW"
passed=0 failed=0 test_failed=0 test_name=

# --- the namespace: users, a regular mtab, a logging /bin/sh, /dev/log
security_setup() {
	echo "$user:x:$uid:$uid::/nonexistent:/bin/sh" >>"$tmp/etc/passwd"
	echo "other:x:$other_uid:$other_uid::/nonexistent:/bin/sh" >>"$tmp/etc/passwd"
	echo "$user:x:$uid:" >>"$tmp/etc/group"
	echo "other:x:$other_uid:" >>"$tmp/etc/group"
	echo "SHADOWSECRET:\$6\$salt\$hash:19000:0:99999:7:::" >>"$tmp/etc/shadow"
	for i in $(seq 1 40); do printf 'tmpfs /run/test%02d tmpfs rw 0 0\n' "$i"; done >"$tmp/etc/mtab"
	mkdir -p "$home/m" "$home/other" "$tmp/sbin" "$tmp/private" "$tmp/others"
	chown "$uid:$uid" "$home" "$home/m" "$home/other"
	chown "$other_uid:$other_uid" "$tmp/others"
	chmod 700 "$tmp/private" "$tmp/others"
	touch "$tmp/private/exists" "$tmp/others/exists"
	printf 'username=SECRETUSER\npassword=SECRETPW\ndomain=SECRETDOM\n' >"$tmp/root-only.cred"
	chmod 600 "$tmp/root-only.cred"
	ln -s /etc/shadow "$home/cred-link"
	chown -h "$uid:$uid" "$home/cred-link"
	mount --bind "$tmp/etc" /etc
	cp "$helper" "$suid"
	chown root:root "$suid"
	chmod 4755 "$suid"

	# /bin/sh logs every start, then runs the real one: a helper that
	# started a shell (popen, system) would be seen.
	cp /usr/bin/dash "$tmp/real-dash"
	printf '#!/bin/bash\necho "sh started by $PPID: $*" >>%s/shell.log\nexec %s/real-dash "$@"\n' \
		"$tmp" "$tmp" >"$tmp/sh-wrapper"
	chmod 755 "$tmp/sh-wrapper"
	: >"$tmp/shell.log"
	chmod 666 "$tmp/shell.log"
	mount --bind "$tmp/sh-wrapper" "$(readlink -f /bin/sh)"

	# A private /dev with a syslog socket of our own.
	mount -t tmpfs -o mode=0755 cifsaf-dev /dev
	for node in null:1:3 zero:1:5 random:1:8 urandom:1:9 tty:5:0; do
		IFS=: read -r name major minor <<<"$node"
		mknod -m 0666 "/dev/$name" c "$major" "$minor"
	done
	ln -s /proc/self/fd /dev/fd	# bash's process substitution
	: >"$tmp/syslog"
	python3 "$top/tests/integration/syslog-listen.py" /dev/log "$tmp/syslog" &
	listener=$!
	# shellcheck disable=SC2064 # fixed now
	trap "kill $listener 2>/dev/null; umount /etc 2>/dev/null; rm -rf '$tmp'" EXIT
	for _ in $(seq 200); do [ -S /dev/log ] && break; sleep 0.01; done
	[ -S /dev/log ] || { echo "no /dev/log listener"; return 1; }
	gcc -shared -fPIC -o "$tmp/mount-log.so" "$top/tests/oracle/mount-log.c" || return 1

	# WRAP=$tmp/systemd-ns [--trusted FILE]: the run in a mount namespace
	# of its own where systemd looks running, FILE (if given) over
	# /usr/bin/systemd-ask-password.
	cat >"$tmp/systemd-ns" <<'EOF'
#!/bin/bash
[ -n "${CIFSAF_SYSTEMD_NS:-}" ] || exec unshare -m env CIFSAF_SYSTEMD_NS=1 "$0" "$@"
mount -t tmpfs cifsaf-run /run && mkdir -p /run/systemd/system || exit 125
if [ "$1" = --trusted ]; then
	mount --bind "$2" /usr/bin/systemd-ask-password || exit 125
	shift 2
fi
exec "$@"
EOF
	chmod 755 "$tmp/systemd-ns"
}

# --- tests
begin() {
	test_name=$1
	test_failed=0
}

bad() {
	[ $test_failed -eq 0 ] && echo "FAIL: $test_name"
	test_failed=1
	echo "    $1"
	[ -n "${2:-}" ] && sed 's/^/        /' <<<"$2" | head -20
}

end() {
	if [ $test_failed -eq 0 ]; then
		echo "PASS: $test_name"
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

# mtab_check BEFORE: byte-identical, or BEFORE plus one complete line.
mtab_check() {
	local before=$1 after added
	after=$(cat /etc/mtab; echo x)
	after=${after%x}
	[ "$after" = "$before" ] && return 0
	if [ "${after:0:${#before}}" = "$before" ]; then
		added=${after:${#before}}
		if [[ "$added" == *$'\n' ]] && [ "$(printf '%s' "$added" | wc -l)" -eq 1 ] &&
			[ "$(printf '%s' "$added" | awk '{ print NF }')" = 6 ]; then
			return 0
		fi
	fi
	bad "mtab neither unchanged nor one complete new line" "$(diff <(printf '%s' "$before") /etc/mtab)"
	return 1
}

# run_as WHO ARGS...: run the helper.  WHO is root (the built binary, with
# mount(2) logged by an LD_PRELOAD interposer into CALLS), user (the setuid
# copy, as the test user) or nopw (the setuid copy, as a uid without a
# passwd entry).  ENV (a word list) adds to the clean environment; WRAP (a
# command, run as root) runs the whole of it, PREFIX (a command, run as WHO)
# runs the helper; HELPER_COPY replaces the setuid copy for user.  Sets
# OUT (stdout and stderr), ST (status), CALLS and LOG (new syslog records).
run_as() {
	local who=$1 before log_before shell_before m
	shift
	before=$(cat /etc/mtab; echo x)
	before=${before%x}
	log_before=$(wc -c <"$tmp/syslog")
	shell_before=$(wc -c <"$tmp/shell.log")
	: >"$tmp/calls"
	case $who in
	root)
		# shellcheck disable=SC2086 # ENV and SANITIZER_ENV are word lists
		# setsid: no controlling terminal, so a prompt cannot wait on one.
		OUT=$(${WRAP:-} setsid -w env -i PATH="${PATH_FOR_HELPER:-/usr/bin:/bin}" USER=root $SANITIZER_ENV ${ENV:-} \
			LD_PRELOAD="$tmp/mount-log.so" CIFSAF_MOUNT_LOG="$tmp/calls" \
			timeout 30 ${PREFIX:-} "$helper" "$@" </dev/null 2>&1)
		ST=$? ;;
	user | nopw)
		local id=$uid
		[ "$who" = nopw ] && id=4242
		# shellcheck disable=SC2086
		OUT=$(${WRAP:-} setsid -w setpriv --reuid=$id --regid=$id --clear-groups env -i PATH="${PATH_FOR_HELPER:-/usr/bin:/bin}" \
			$([ "$who" = user ] && echo USER=$user) $SANITIZER_ENV ${ENV:-} \
			timeout 30 ${PREFIX:-} "${HELPER_COPY:-$suid}" "$@" </dev/null 2>&1)
		ST=$? ;;
	esac
	sleep 0.02	# let the listener write what the helper logged
	CALLS=$(cat "$tmp/calls")
	LOG=$(tail -c +$((log_before + 1)) "$tmp/syslog")
	if [ "$ST" -ge 124 ]; then
		bad "crashed or hung: exit $ST" "$OUT"
	fi
	if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' <<<"$OUT"; then
		bad "sanitizer report" "$OUT"
	fi
	for m in $SECRETS; do
		if grep -qF "$m" <<<"$OUT$LOG"; then
			bad "secret $m printed or logged" "$OUT
$LOG"
		fi
	done
	mtab_check "$before"
	if [ "$(wc -c <"$tmp/shell.log")" -ne "$shell_before" ]; then
		bad "a shell was started" "$(tail -c +$((shell_before + 1)) "$tmp/shell.log")"
	fi
}

# Expectations on the last run.
want_status() { [ "$ST" -eq "$1" ] || bad "exit $ST, want $1" "$OUT"; }
want_fail() { [ "$ST" -ne 0 ] || bad "exit 0, want a failure" "$OUT"; }
want_out() { grep -qF -- "$1" <<<"$OUT" || bad "output lacks '$1'" "$OUT"; }
want_no_out() { ! grep -qF -- "$1" <<<"$OUT" || bad "output has '$1'" "$OUT"; }
want_no_mount() { [ -z "$CALLS" ] || bad "mount(2) was called" "$CALLS"; }
want_call() { grep -qF -- "$1" <<<"$CALLS" || bad "mount(2) data lacks '$1'" "$CALLS"; }
want_no_call() { ! grep -qF -- "$1" <<<"$CALLS" || bad "mount(2) data has '$1'" "$CALLS"; }
want_mtab_same() { [ "$(cat /etc/mtab)" = "$1" ] || bad "mtab changed" "$(diff <(echo "$1") /etc/mtab)"; }

# A line of N bytes of character C.
repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }
