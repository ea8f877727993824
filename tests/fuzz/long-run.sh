#!/bin/bash
# tests/fuzz/long-run.sh [-j JOBS] CPU_SECONDS TARGET...: fuzz each target until it
# has used CPU_SECONDS of CPU time (user + system, whatever else the machine
# is doing), in rounds of at most 10 minutes on a corpus kept between
# rounds, JOBS fuzzing processes at a time (default 1).  The binaries are
# those tests/fuzz/run.sh builds (ASan+UBSan).
# docs/security.md records a run of this with 1800 s per target.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
jobs=1
if [ "${1:-}" = -j ]; then
	jobs=$2
	shift 2
fi
cpu_wanted=$1
shift
[ $# -gt 0 ] || { echo "usage: $0 [-j JOBS] CPU_SECONDS TARGET..." >&2; exit 2; }
# Build (and smoke-run for a second) with run.sh, so both use one build.
"$top/tests/fuzz/run.sh" -t 1 "$@" >/dev/null || { echo "FAIL: building the targets" >&2; exit 1; }
dir=$top/build/fuzz/fuzz
status=0
for t in "$@"; do
	corpus=$dir/$t.long-corpus artifacts=$dir/$t.long-artifacts/ log=$dir/$t.long.log
	rm -rf "$corpus" "$artifacts"
	mkdir -p "$corpus" "$artifacts"
	cp "$top/tests/fuzz/corpus/$t"/* "$corpus/"
	: >"$log"
	cpu=0 rounds=0 runs=0 wall=$SECONDS
	while [ "$cpu" -lt "$cpu_wanted" ]; do
		rounds=$((rounds + 1))
		# A round lasts what is still wanted, spread over the jobs,
		# between 10 s and 10 minutes.
		round=$(((cpu_wanted - cpu) / jobs + 1))
		[ "$round" -gt 600 ] && round=600
		[ "$round" -lt 10 ] && round=10
		TIMEFORMAT='%U %S'
		# time counts the workers too: they are the subshell's children.
		# With -jobs, libFuzzer copies each job's fuzz-N.log into its own
		# output when the job ends.
		used=$({ time (cd "$dir" && rm -f fuzz-*.log && "./fuzz_$t" -max_total_time="$round" \
			-timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
			-jobs="$jobs" -workers="$jobs" -artifact_prefix="$artifacts" "$corpus" \
			>>"$log" 2>&1; rm -f fuzz-*.log); } 2>&1)
		rc=$?
		cpu=$(awk -v c="$cpu" '{ printf "%d", c + $1 + $2 }' <<<"$used")
		if [ $rc -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
			echo "FAIL: fuzz_$t in round $rounds: $(ls "$artifacts" | tr '\n' ' ')"
			grep -E 'ERROR|check failed|runtime error' "$log" | tail -5
			status=1
			break
		fi
	done
	runs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{ s += $2 } END { print s + 0 }')
	cov=$(grep -ho 'cov: [0-9]*' "$log" | tail -1)
	[ $status -eq 0 ] && echo "PASS: fuzz_$t: $cpu CPU-seconds in $rounds rounds ($((SECONDS - wall)) s wall), $runs runs, $cov, corpus $(ls "$corpus" | wc -l) inputs, no crash"
done
exit $status
