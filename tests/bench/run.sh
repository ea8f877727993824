#!/bin/bash
# tests/bench/run.sh - the benchmarks: cifs-af beside Debian's cifs-utils
# 7.0 (tests/bench/README.md, docs/performance.md).
#
#   tests/bench/run.sh [--short] [--runs N] [--docs] [--report-only]
#
# Runs, one after the other (never two qemu or two measurements at once):
#   1. time to mount in the end-to-end guest: Debian's kernel under qemu
#      mounts real Samba through mount(8), per fault scenario, RUNS times
#      with cifs-af and RUNS times with cifs-utils (tests/bench/lib/e2e.sh);
#   2. decision latency (-f -v) in a network namespace against the number
#      of dead IPv6 candidates and against connect-delay-ms
#      (tests/bench/lib/decision.sh);
#   3. decision time with a dead cached IPv6 winner, this tree's helper
#      beside the one before issue 17 (commit BENCH_CACHE_BEFORE, built
#      from git in full runs only) (tests/bench/lib/cache.sh);
#   4. decision time for an AD domain name: the site step with the DCs
#      answering, with UDP 389 dropped, and turned off, against a Samba
#      AD DC (tests/bench/lib/adsite.sh; BENCH_CIFS_UTILS_75 adds
#      cifs-utils 7.5 built from source);
#   5. start-up cost of -f -n with a literal address: instructions
#      (callgrind, whole process tree), peak RSS, wall time
#      (tests/bench/lib/startup.sh);
# then prints the tables and the targets (tests/bench/report.py) and plots
# time to mount per scenario (tests/bench/time-to-mount.gp).
#
# --short        one run per cell: what tests/run-all.sh runs so that the
#                benchmark cannot rot; it checks that the table is
#                complete and well formed, never the timings.
# --runs N       timed mounts per scenario and helper, and decisions per
#                point (default 7 and 10).
# --docs         also copy the plot to docs/performance-time-to-mount.png.
# --report-only  the tables and plot again from the raw output of the last
#                run of this mode.
#
# Output in build/bench/full/ (build/bench/short/ with --short): the raw
# records of every part, machine.txt, results.md, time-to-mount.png.
# Exits non-zero when a part could not run or the table is incomplete.
# Run as root on Debian 12; it installs what it needs with apt-get.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/netns-guest.sh"
. "$top/tests/lib/build.sh"
. "$top/tests/e2e/lib/image.sh"
. "$top/tests/e2e/lib/harness.sh"
. "$top/tests/bench/lib/e2e.sh"
. "$top/tests/bench/lib/decision.sh"
. "$top/tests/bench/lib/cache.sh"
. "$top/tests/lib/addc.sh"
. "$top/tests/bench/lib/adsite.sh"
. "$top/tests/bench/lib/startup.sh"

usage() {
	echo "usage: tests/bench/run.sh [--short] [--runs N] [--docs] [--report-only]" >&2
	exit 2
}

mode=full runs='' docs=0 report_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--short) mode=short ;;
	--runs)
		[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage
		runs=$2
		shift ;;
	--docs) docs=1 ;;
	--report-only) report_only=1 ;;
	*) usage ;;
	esac
	shift
done
# Full: at least 5 runs per cell (issue 8), 7 for a median that one
# outlier cannot move; the callgrind counts barely vary, 3 show that they
# do not.  Short: everything once.
if [ "$mode" = full ]; then
	e2e_runs=${runs:-7} dec_runs=${runs:-10} cg_runs=3 timed=50
else
	e2e_runs=${runs:-1} dec_runs=${runs:-1} cg_runs=1 timed=5
fi
out=$top/build/bench/$mode

_bench_say() { printf 'bench: %s\n' "$*"; }

# load LABEL: the load average now, in machine.txt; the machine's two cores
# are shared, and the figures are only as good as the quiet they had.
load() {
	printf 'load %s: %s\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
}

machine_facts() {
	local cpu mem rev
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
	rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$top" diff --quiet HEAD 2>/dev/null || rev="$rev (with uncommitted changes)"
	{
		printf 'date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
		printf 'mode: %s (e2e runs %s, decision runs %s, callgrind runs %s, timed start-ups %s)\n' \
			"$mode" "$e2e_runs" "$dec_runs" "$cg_runs" "$timed"
		printf 'host: %s cores (nproc), %s, %s, kernel %s\n' "$(nproc)" "$cpu" "$mem" "$(uname -r)"
		printf 'qemu: %s, -accel tcg -cpu max -smp 1 -m 512 (no KVM)\n' "$(qemu-system-x86_64 --version | head -n 1)"
		printf 'samba: %s; dnsmasq: %s\n' "$(smbd --version)" "$(dnsmasq --version | head -n 1)"
		printf 'cifs-utils: %s (%s)\n' "$(dpkg-query -W -f='${Version}' cifs-utils)" "$CIFS_UTILS"
		printf 'cifs-af: %s, commit %s, built in build/e2e-helper (%s)\n' "$("$E2E_CIFSAF_HELPER" -V 2>&1 | head -n 1)" \
			"$rev" "$(sed -n "s/^CFLAGS='\(.*\)'$/CFLAGS=\1/p" "$top/build/e2e-helper/config.log" | head -n 1)"
		printf 'valgrind: %s; gcc: %s\n' "$(valgrind --version)" "$(gcc --version | head -n 1)"
	} >"$out/machine.txt"
}

report() {
	local subtitle
	python3 "$top/tests/bench/report.py" "$out" "$e2e_runs" "$dec_runs" "$cg_runs" "$timed" |
		tee "$out/table.txt"
	local rc=${PIPESTATUS[0]}
	subtitle="runs per bar: $e2e_runs (whiskers: min to max); $(sed -n 's/^host: \([0-9]*\) cores (nproc), \([^,]*\),.*/\2, \1 cores/p' "$out/machine.txt"); guest under qemu TCG; $(sed -n 's/^date: //p' "$out/machine.txt")"
	if gnuplot -e "datafile='$out/time-to-mount.dat'; outfile='$out/time-to-mount.png'; subtitle='$subtitle'" \
		"$top/tests/bench/time-to-mount.gp"; then
		echo "plot: $out/time-to-mount.png"
		if [ "$docs" = 1 ]; then
			cp "$out/time-to-mount.png" "$top/docs/performance-time-to-mount.png" &&
				echo "plot copied to docs/performance-time-to-mount.png"
		fi
	else
		echo "bench: gnuplot failed" >&2
		rc=1
	fi
	return "$rc"
}

cifsaf_require_root "network namespaces, a tap device, qemu, setuid helpers"
if [ "$report_only" = 1 ]; then
	[ -f "$out/machine.txt" ] || { echo "bench: no earlier $mode run in $out" >&2; exit 1; }
	report
	exit
fi
cifsaf_trap_cleanup
t_start=$SECONDS

# shellcheck disable=SC2086 # word lists on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES $E2E_PACKAGES valgrind time strace gnuplot-nox keyutils ||
	{ echo "bench: installing packages failed" >&2; exit 1; }
e2e_build_cifsaf || { echo "bench: building cifs-af failed" >&2; exit 1; }
# The helper before issue 17, for part 3: a second build, so full runs only.
BENCH_CACHE_BEFORE_HELPER=
if [ "$mode" = full ]; then
	_bench_say "building the helper of commit $BENCH_CACHE_BEFORE (before issue 17) in build/bench-before"
	bench_cache_before_build || exit 1
fi
CIFS_UTILS=$(e2e_cifs_utils_helper)
[ -x "$CIFS_UTILS" ] || { echo "bench: Debian's cifs-utils mount.cifs not found" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out" || exit 1
machine_facts
rc=0

load "before the e2e part"
_bench_say "1/5 time to mount in the qemu guest, $e2e_runs runs per scenario and helper"
bench_e2e "$e2e_runs" "$E2E_CIFSAF_HELPER" "$CIFS_UTILS" "$out/e2e" || rc=1
printf 'guest kernel: %s\n' "${E2E_KVER:-unknown}" >>"$out/machine.txt"
# Stop the guest's servers before the next part measures anything.
cifsaf_cleanup

load "before the decision part"
_bench_say "2/5 decision latency in a network namespace, $dec_runs runs per point"
bench_decision "$dec_runs" "$E2E_CIFSAF_HELPER" "$out/decision" || rc=1
cifsaf_cleanup

load "before the decision cache part"
_bench_say "3/5 decision with a dead cached winner, $dec_runs runs per helper"
bench_cache "$dec_runs" "$E2E_CIFSAF_HELPER" "$BENCH_CACHE_BEFORE_HELPER" "$out/cache" || rc=1
cifsaf_cleanup

load "before the AD site part"
_bench_say "4/5 decision time for an AD domain name, $dec_runs runs per case"
bench_adsite "$dec_runs" "$E2E_CIFSAF_HELPER" "$out/adsite" || rc=1
cifsaf_cleanup

load "before the start-up part"
_bench_say "5/5 start-up cost: callgrind x$cg_runs, peak RSS and wall time x$timed"
bench_startup "$cg_runs" "$timed" "$E2E_CIFSAF_HELPER" "$CIFS_UTILS" "$out/startup" || rc=1
load "at the end"

echo
report || rc=1
_bench_say "took $((SECONDS - t_start)) s; raw output in ${out#"$top"/}/"
exit "$rc"
