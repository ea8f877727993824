# shellcheck shell=bash
#
# tests/bench/lib/startup.sh - start-up cost of one helper invocation that
# decides nothing: `-f -n` (no mount(2), no mtab) with a literal address,
# the same arguments for cifs-af and for Debian's cifs-utils, sourced by
# tests/bench/run.sh.  Nothing touches the network: a literal address is
# the only candidate, so cifs-af does no lookup and no probe.
#
# What is measured, per helper:
#   instructions  valgrind --tool=callgrind, the whole process tree: both
#                 helpers fork a privilege-separated child.  A forked child
#                 inherits callgrind's counters, so its own file would count
#                 the parent's work before fork() again; --dump-before=fork
#                 writes the parent's cost up to fork() into a file of its
#                 own and zeroes the counters, so that the sum of every
#                 file's "totals:" is each instruction once.
#                 --trace-children=yes would follow an exec (neither helper
#                 execs here).
#   peak RSS      GNU time's %M: the kernel's ru_maxrss for the waited-for
#                 tree, i.e. the largest process of it (not a sum).
#   wall time     bash's clock around each run, many runs.
#   system calls  strace -f -c, once: the calls of the whole tree, which
#                 the instruction count does not see and the wall time does.
#
# valgrind refuses to run a setuid file, and Debian installs cifs-utils'
# mount.cifs setuid root: the instruction count runs a mode 0755 copy of
# the same file (as root, the setuid bit changes nothing).

_BENCH_LITERAL_UNC=//192.0.2.1/share

# bench_startup CALLGRIND-RUNS TIMED-RUNS CIFSAF CIFSUTILS OUT: writes
# OUT/callgrind-HELPER-K/ (callgrind.out.* and valgrind.log), OUT/rss.tsv
# and OUT/wall.tsv (HELPER, run, value), OUT/strace-HELPER.txt.
bench_startup() {
	local cg_runs=$1 timed=$2 out=$5 h bin k dir args rc=0 t0 t1
	declare -A bins=([cifs-af]=$3 [cifs-utils]=$out/cifs-utils-mount.cifs)
	mkdir -p "$out/mnt" || return 1
	install -m 0755 "$4" "$out/cifs-utils-mount.cifs" || return 1
	args=("$_BENCH_LITERAL_UNC" "$out/mnt" -f -n -o guest)
	: >"$out/rss.tsv"
	: >"$out/wall.tsv"
	for h in cifs-af cifs-utils; do
		bin=${bins[$h]}
		for ((k = 1; k <= cg_runs; k++)); do
			dir=$out/callgrind-$h-$k
			rm -rf "$dir"
			mkdir -p "$dir" || return 1
			valgrind --tool=callgrind --trace-children=yes --dump-before=fork \
				--callgrind-out-file="$dir/callgrind.out.%p" "$bin" "${args[@]}" \
				>"$dir/valgrind.log" 2>&1 ||
				{ echo "bench: $h under callgrind failed (see $dir/valgrind.log)" >&2; rc=1; }
		done
		# The real file for the time and memory figures (setuid or not, run
		# by root it behaves the same).
		[ "$h" = cifs-utils ] && bin=$4
		strace -f -c -o "$out/strace-$h.txt" "$bin" "${args[@]}" >/dev/null 2>&1 ||
			{ echo "bench: $h under strace failed" >&2; rc=1; }
		for ((k = 1; k <= timed; k++)); do
			/usr/bin/time -f '%M' -o "$out/rss.one" "$bin" "${args[@]}" >/dev/null 2>&1 ||
				{ echo "bench: $h ${args[*]} failed" >&2; rc=1; }
			printf '%s\t%s\t%s\n' "$h" "$k" "$(tail -n 1 "$out/rss.one")" >>"$out/rss.tsv"
			t0=${EPOCHREALTIME//[!0-9]/}
			"$bin" "${args[@]}" >/dev/null 2>&1
			t1=${EPOCHREALTIME//[!0-9]/}
			printf '%s\t%s\t%s\n' "$h" "$k" "$((t1 - t0))" >>"$out/wall.tsv"
		done
	done
	rm -f "$out/rss.one"
	return "$rc"
}
