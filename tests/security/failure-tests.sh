# shellcheck shell=bash
# tests/security/failure-tests.sh: the helper when something under it fails:
# systemd-ask-password failing or answering too much, the child killed
# while it asks, fork refused, SIGCHLD ignored by the caller, too few file
# descriptors (for the child's pipe, for systemd-ask-password's), a mount
# point too deep to name, no /etc/fstab, a copy not installed setuid.  Each
# ends in a clean error with cifs-utils' status (exitstatus.h where
# cifs-utils has no case of its own), and no mount.
# Sourced by run.sh after setuid-tests.sh (its /etc/fstab and $m).

# A systemd-ask-password in PATH (root may choose PATH) that runs BODY.
fake_ask() {
	mkdir -p "$tmp/failbin"
	printf '#!/bin/bash\necho ran >>%s/fail-ask.log\n%s\n' "$tmp" "$1" >"$tmp/failbin/systemd-ask-password"
	chmod 755 "$tmp/failbin/systemd-ask-password"
	: >"$tmp/fail-ask.log"
}
asked() { [ -s "$tmp/fail-ask.log" ]; }
# A root mount that must ask, systemd looking running.
ask_root() {
	WRAP=$tmp/systemd-ns PATH_FOR_HELPER=$tmp/failbin:/usr/bin:/bin run_as root //192.0.2.1/s "$m" -o user=u
}

ask_fails() {	# ask_fails LABEL BODY MESSAGE
	begin "prompt, root: $1"
	fake_ask "$2"
	ask_root
	want_status 2
	want_out "$3"
	want_no_mount
	asked || bad "systemd-ask-password never ran"
	end
}
ask_fails "systemd-ask-password fails: the terminal next, and there is none" \
	'echo TYPEDPW; exit 1' "Error reading password, exiting"
ask_fails "systemd-ask-password answers 600 bytes: refused, not cut" \
	"printf 'TYPEDPW%0600d\\n' 0" "Password too long (at most 512 bytes)."
# shellcheck disable=SC2016 # $PPID is the fake's, the asking child
ask_fails "the child is killed while it asks" \
	'kill -KILL $PPID' "Child process terminated abnormally."

# fork() refused: a pids cgroup of our own, the helper its first process.
pids_root=
if [ -w /sys/fs/cgroup/pids/cgroup.procs ]; then
	pids_root=/sys/fs/cgroup/pids
elif grep -qw pids /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
	pids_root=/sys/fs/cgroup
fi
cg=$pids_root/cifsaf-security-$$
if [ -n "$pids_root" ] && mkdir "$cg"; then
	printf '#!/bin/bash\necho $$ >%s/cgroup.procs || exit 125\nexec "$@"\n' "$cg" >"$tmp/in-cgroup"
	chmod 755 "$tmp/in-cgroup"
	begin "fork refused (pids.max 1): the child cannot be started"
	echo 1 >"$cg/pids.max"
	PREFIX=$tmp/in-cgroup run_as root //192.0.2.1/s "$m" -o guest
	want_status 2
	want_out "cannot fork the unprivileged child: Resource temporarily unavailable"
	want_no_mount
	end
	begin "prompt, root: fork refused to systemd-ask-password (pids.max 2): the terminal next, and there is none"
	echo 2 >"$cg/pids.max"
	fake_ask 'echo TYPEDPW'
	PREFIX=$tmp/in-cgroup ask_root
	want_status 2
	want_out "Error reading password, exiting"
	want_no_mount
	asked && bad "systemd-ask-password ran"
	end
	rmdir "$cg"
else
	echo "SKIP: fork refused: no pids cgroup this test may make"
fi

begin "the caller ignores SIGCHLD: without the child's exit status, no mount"
printf '#!/usr/bin/python3\nimport os, signal, sys\nsignal.signal(signal.SIGCHLD, signal.SIG_IGN)\nos.execv(sys.argv[1], sys.argv[1:])\n' \
	>"$tmp/ignoring-sigchld"
chmod 755 "$tmp/ignoring-sigchld"
PREFIX=$tmp/ignoring-sigchld run_as root //192.0.2.1/s "$m" -o guest
want_status 2
want_out "waiting for the unprivileged child: No child processes"
want_no_mount
end

begin "prompt, root: SIGCHLD ignored: systemd-ask-password's answer without its exit status is not used"
fake_ask 'echo TYPEDPW'
PREFIX=$tmp/ignoring-sigchld ask_root
want_status 2
want_out "Error reading password, exiting"
want_no_mount
asked || bad "systemd-ask-password never ran"
end

begin "four file descriptors (RLIMIT_NOFILE): no pipe to the child, no mount"
PREFIX="prlimit --nofile=4" run_as root //192.0.2.1/s "$m" -o guest
want_status 2
want_out "cannot create a pipe to the unprivileged child: Too many open files"
want_no_mount
end

begin "prompt, root: five file descriptors: none left for systemd-ask-password's pipe, the terminal next"
fake_ask 'echo TYPEDPW'
PREFIX="prlimit --nofile=5" ask_root
want_status 2
want_out "Error reading password, exiting"
want_no_mount
asked && bad "systemd-ask-password ran"
end

# The helper enters the mount point, then names it from inside: a path
# longer than PATH_MAX cannot be named.
begin "a mount point deeper than PATH_MAX: cifs-utils' error, no mount"
cwd=$PWD
mkdir "$tmp/deep"
cd "$tmp/deep" || bad "cannot enter $tmp/deep"
component=$(repeat d 100)
for _ in $(seq 42); do
	if ! mkdir "$component" || ! cd "$component"; then
		bad "cannot go deeper than $PWD"
		break
	fi
done
run_as root //192.0.2.1/s . -o guest
cd "$cwd" || bad "cannot return to $cwd"
rm -rf "$tmp/deep"
want_status 2
want_out "Unable to resolve . to canonical path: "
want_no_mount
end

begin "no /etc/fstab, setuid: cifs-utils' error"
mv /etc/fstab /etc/fstab.away
run_as user //192.0.2.1/s "$m" -f
mv /etc/fstab.away /etc/fstab
want_status 16
want_out "Couldn't open /etc/fstab for reading!"
end

begin "a copy not installed setuid, run by a user: cifs-utils' refusal"
HELPER_COPY=$helper run_as user //192.0.2.1/s "$m" -f
want_status 1
want_out 'This program is not installed setuid root -  "user" CIFS mounts not supported.'
end
