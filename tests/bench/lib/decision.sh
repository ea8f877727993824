# shellcheck shell=bash
#
# tests/bench/lib/decision.sh - decision latency of the helper (-f -v, no
# mount) in a network namespace against the real Samba server of
# tests/lib/netns.sh, sourced by tests/bench/run.sh.
#
# Two sweeps, and the healthy case the targets are also stated for:
#   dead N    N blackholed IPv6 addresses (N = 1 2 4 8 16 64) and one
#             working IPv4 address under one name; built-in settings
#             (happy-eyeballs, 250 ms connection attempt delay)
#   delay D   one blackholed IPv6 and one IPv4 address, connect-delay-ms D
#             (D = 100 ... 2000) from a cifs-af.conf named by CIFS_AF_CONFIG
#   healthy   both families answer
# Every address is on the namespace's loopback, so one round trip is tens
# of microseconds: what is measured is the helper's own cost (lookups in
# forked children, probing, reporting) on top of the delays it waits on
# purpose.  The round trip itself is measured too (TCP connects to smbd).
#
# Needs tests/lib/netns.sh sourced and $top.
: "${top:?tests/bench/lib/decision.sh needs \$top, the source tree}"

BENCH_DEAD_COUNTS="1 2 4 8 16 64"
BENCH_DELAYS="100 150 250 500 1000 2000"
_BENCH_V4=192.0.2.10
_BENCH_V6=2001:db8::10
# The dead addresses: 2001:db8:dead::1 ... ::40 (64 of them), one DROP
# rule for their /64.
_BENCH_DEAD_PREFIX=2001:db8:dead::

# bench_decision RUNS HELPER OUT: run both sweeps RUNS times, interleaved
# (one round = every point once), into OUT: jobs.tsv (what ran),
# runs.tsv (exit status and wall time per job), trace-ID.txt (the -v
# trace), syslog.txt (the decision records, from a private /dev/log) and
# rtt.txt (TCP connect round trips in microseconds).
bench_decision() {
	local runs=$1 helper=$2 out=$3 ns=cifsaf-bench-$$ work i n d run id hosts=()
	mkdir -p "$out" || return 1
	cifsaf_tmpdir work || return 1
	cifsaf_ns_create "$ns" || return 1
	cifsaf_ns_addr "$ns" "$_BENCH_V4/32" "$_BENCH_V6/128" || return 1
	for ((i = 1; i <= 64; i++)); do
		cifsaf_ns_addr "$ns" "$_BENCH_DEAD_PREFIX$(printf '%x' "$i")/128" || return 1
	done
	# glibc puts IPv6 first (RFC 6724), so the dead family is the first one.
	hosts=("$_BENCH_V6 fs.test" "$_BENCH_V4 fs.test")
	for n in $BENCH_DEAD_COUNTS; do
		for ((i = 1; i <= n; i++)); do
			hosts+=("$_BENCH_DEAD_PREFIX$(printf '%x' "$i") dead$n.test")
		done
		hosts+=("$_BENCH_V4 dead$n.test")
	done
	cifsaf_ns_hosts "$ns" "${hosts[@]}" || return 1
	mkdir -p "$work/samba" "$out/mnt" || return 1
	cifsaf_smbd_start "$ns" "$work/samba" || return 1
	cifsaf_fault "$ns" drop "${_BENCH_DEAD_PREFIX}/64" || return 1

	# The configurations: an empty file (built-in settings) and one per delay.
	: >"$out/conf-default"
	for d in $BENCH_DELAYS; do
		printf 'connect-delay-ms %s\n' "$d" >"$out/conf-delay-$d"
	done
	# One job a line: ID KIND PARAM RUN UNC CONFIG.  The share name carries
	# the job's id, so each syslog record names its job.
	id=0
	: >"$out/jobs.tsv"
	for ((run = 1; run <= runs; run++)); do
		id=$((id + 1))
		printf '%s\thealthy\t0\t%s\t//fs.test/j%s\t%s\n' "$id" "$run" "$id" "$out/conf-default" >>"$out/jobs.tsv"
		for n in $BENCH_DEAD_COUNTS; do
			id=$((id + 1))
			printf '%s\tdead\t%s\t%s\t//dead%s.test/j%s\t%s\n' "$id" "$n" "$run" "$n" "$id" "$out/conf-default" >>"$out/jobs.tsv"
		done
		for d in $BENCH_DELAYS; do
			id=$((id + 1))
			printf '%s\tdelay\t%s\t%s\t//dead1.test/j%s\t%s\n' "$id" "$d" "$run" "$id" "$out/conf-delay-$d" >>"$out/jobs.tsv"
		done
	done

	ip netns exec "$ns" python3 "$top/tests/bench/lib/tcp-rtt.py" "$_BENCH_V6" 445 20 >"$out/rtt.txt" ||
		{ echo "bench: measuring the round trip failed" >&2; return 1; }
	: >"$out/syslog.txt"
	# One private /dev/log for all jobs (tests/integration/syslog-capture.sh).
	ip netns exec "$ns" unshare -m "$top/tests/integration/syslog-capture.sh" "$out/syslog.txt" \
		bash "$top/tests/bench/lib/decision-run.sh" "$helper" "$out/jobs.tsv" "$out"
}
