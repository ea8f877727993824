#!/bin/bash
# tests/bench/lib/cache-run.sh DEAD6 JOBS OUT: the jobs of
# tests/bench/lib/cache.sh, one after another, inside its namespace, its
# session keyring and the mount namespace whose /dev/log collects the
# records.  Before each job the cache key for dead.test says DEAD6 won the
# last race (the key a real mount over IPv6 would have left).  Writes
# OUT/runs.tsv (ID, exit status, wall time in microseconds) and
# OUT/trace-ID.txt.
set -u
dead6=$1 jobs=$2 out=$3
desc=cifs-af:dead.test:445

ring=$(keyctl newring cifs-af @s) && keyctl setperm "$ring" 0x3f2f0000 || exit 1
: >"$out/runs.tsv"
while IFS=$'\t' read -r id _name _run helper; do
	payload="v1 family=ipv6 addr=$dead6 port=445 stored=$(date +%s)"
	key=$(keyctl search "$ring" user "$desc" 2>/dev/null)
	if [ -n "$key" ]; then
		keyctl update "$key" "$payload" || exit 1
	else
		key=$(keyctl add user "$desc" "$payload" "$ring") && keyctl setperm "$key" 0x3f2f0000 || exit 1
	fi
	t0=${EPOCHREALTIME//[!0-9]/}
	CIFS_AF_KEYRING=session CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 \
		"$helper" "//dead.test/j$id" "$out/mnt" -f -v -o guest >"$out/trace-$id.txt" 2>&1
	status=$?
	t1=${EPOCHREALTIME//[!0-9]/}
	printf '%s\t%s\t%s\n' "$id" "$status" "$((t1 - t0))" >>"$out/runs.tsv"
done <"$jobs"
