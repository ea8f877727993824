#!/bin/bash
# tests/bench/lib/decision-run.sh HELPER JOBS OUT: run the decision jobs
# of tests/bench/lib/decision.sh, one after another, inside the benchmark
# namespace (and the private mount namespace whose /dev/log collects the
# records).  Writes OUT/runs.tsv (ID, exit status, wall time in
# microseconds) and OUT/trace-ID.txt (the helper's -v output).
set -u
helper=$1 jobs=$2 out=$3

: >"$out/runs.tsv"
while IFS=$'\t' read -r id _kind _param _run unc conf; do
	# Microseconds from bash's own clock, read without starting a process,
	# so the wall time holds the helper's start-up and nothing of ours.
	t0=${EPOCHREALTIME//[!0-9]/}
	CIFS_AF_CONFIG=$conf "$helper" "$unc" "$out/mnt" -f -v -o guest >"$out/trace-$id.txt" 2>&1
	status=$?
	t1=${EPOCHREALTIME//[!0-9]/}
	printf '%s\t%s\t%s\n' "$id" "$status" "$((t1 - t0))" >>"$out/runs.tsv"
done <"$jobs"
