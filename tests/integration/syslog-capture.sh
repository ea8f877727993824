#!/bin/bash
# tests/integration/syslog-capture.sh OUT CMD [ARG...]: run CMD with a
# private /dev/log whose records are appended to OUT.  Must run in a mount
# namespace of its own (unshare -m): a tmpfs goes over /dev with the few
# device nodes a helper needs, and syslog-listen.py binds /dev/log there.
# CMD's stdout and stderr pass through; the exit status is CMD's.
set -u
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
mount --make-rprivate / || exit 125
mount -t tmpfs -o mode=0755 cifsaf-dev /dev || exit 125
for node in null:1:3 zero:1:5 random:1:8 urandom:1:9 tty:5:0; do
	IFS=: read -r name major minor <<<"$node"
	mknod -m 0666 "/dev/$name" c "$major" "$minor" || exit 125
done
python3 "$here/syslog-listen.py" /dev/log "$out" &
listener=$!
for _ in $(seq 200); do
	[ -S /dev/log ] && break
	sleep 0.01
done
[ -S /dev/log ] || { echo "syslog-capture: no /dev/log listener" >&2; kill "$listener"; exit 125; }
"$@"
status=$?
kill -TERM "$listener"
wait "$listener"
exit "$status"
