#!/bin/bash
# tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [TARGET...]: build the libFuzzer
# targets with clang under ASan+UBSan (build/fuzz), replay every saved
# regression input, then fuzz each target for SECONDS (default 60) starting
# from its committed seeds, JOBS targets at a time (default 1).  Any crash, sanitizer report or failed check
# fails the run and names the input libFuzzer saved.
#
# Targets: mountopts unc credentials kernel_release address handoff afconf
# keyring srv cldap (all by default).  The long runs in docs/security.md use
# tests/fuzz/long-run.sh, which fuzzes each target to a CPU time.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/fuzz
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"

seconds=60 jobs=1
while getopts t:j: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-j JOBS] [TARGET...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mountopts unc credentials kernel_release address handoff afconf keyring srv cldap)
for t in "${targets[@]}"; do
	[ -f "$here/fuzz_$t.c" ] || { echo "no fuzz target '$t' (tests/fuzz/fuzz_$t.c)" >&2; exit 2; }
done

cifsaf_need_packages clang libclang-rt-14-dev $CIFSAF_BUILD_PACKAGES
cifsaf_bootstrap
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all"
# The libraries are built with coverage instrumentation but without
# libFuzzer's main; each target links it in.
cifsaf_build fuzz --enable-werror --disable-hardening CC=clang \
	CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $sanitize" || exit 1
build=$CIFSAF_BUILD_DIR
libs=$(sed -n 's/^\(TALLOC_LIBS\|CAPNG_LIBS\|KEYUTILS_LIBS\|LIBS\) = //p' "$build/Makefile" | tr '\n' ' ')
mkdir -p "$build/fuzz"

# fuzz_one TARGET: replay its regression inputs, then fuzz it from a
# scratch copy of the seeds (so the committed corpus only changes by hand);
# prints one PASS or FAIL line and what explains a failure.
fuzz_one() {
	local t=$1 bin=$build/fuzz/fuzz_$1 regressions=$here/regressions/$1 work artifacts start rc runs cov
	# Inputs that once failed stay as regression tests.
	if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
		if "$bin" "$regressions"/* >"$build/fuzz/$t.regressions.log" 2>&1; then
			echo "PASS: fuzz_$t replays $(ls "$regressions" | wc -l) regression inputs"
		else
			echo "FAIL: fuzz_$t on a regression input"; tail -30 "$build/fuzz/$t.regressions.log"
			return 1
		fi
	fi
	work=$build/fuzz/$t.corpus
	artifacts=$build/fuzz/$t.artifacts/
	rm -rf "$work" "$artifacts"
	mkdir -p "$work" "$artifacts"
	cp "$here/corpus/$t"/* "$work/"
	start=$SECONDS
	# One process per target: several targets run at once instead.
	(cd "$build/fuzz" && "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts" "$work") >"$build/fuzz/$t.log" 2>&1
	rc=$?
	runs=$(grep -h 'stat::number_of_executed_units' "$build/fuzz/$t.log" | awk '{ s += $2 } END { print s + 0 }')
	cov=$(grep -ho 'cov: [0-9]*' "$build/fuzz/$t.log" | tail -1)
	if [ $rc -eq 0 ] && [ -z "$(ls -A "$artifacts")" ]; then
		echo "PASS: fuzz_$t: $runs runs in $((SECONDS - start)) s, $cov, no crash"
		return 0
	fi
	echo "FAIL: fuzz_$t (exit $rc); saved inputs: $(ls "$artifacts" | tr '\n' ' ')"
	grep -E 'ERROR|check failed|runtime error|SUMMARY' "$build/fuzz/$t.log" | head -20
	return 1
}

status=0
for t in "${targets[@]}"; do
	# shellcheck disable=SC2086 # $libs and $sanitize are word lists
	clang -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $sanitize -I"$top" -I"$build" \
		"$here/fuzz_$t.c" "$build/mount-cifs/libhelper.a" "$build/program/libprogram.a" \
		"$build/resolver/libresolver.a" \
		"$build/compat/libcompat.a" $libs -o "$build/fuzz/fuzz_$t" || { echo "FAIL: building fuzz_$t"; exit 1; }
done

# JOBS targets at a time; each one's lines are shown together when it ends.
running=0
for t in "${targets[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n || status=1
		running=$((running - 1))
	fi
	fuzz_one "$t" >"$build/fuzz/$t.result" 2>&1 &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n || status=1
	running=$((running - 1))
done
for t in "${targets[@]}"; do
	cat "$build/fuzz/$t.result"
done
exit $status
