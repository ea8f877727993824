#!/bin/bash
# tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [TARGET...]: build the libFuzzer
# targets with clang under ASan+UBSan (build/fuzz), replay every saved
# regression input, then fuzz each target for SECONDS (default 60) starting
# from its committed seeds.  Any crash, sanitizer report or failed check
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

status=0
for t in "${targets[@]}"; do
	bin=$build/fuzz/fuzz_$t
	# shellcheck disable=SC2086 # $libs and $sanitize are word lists
	clang -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $sanitize -I"$top" -I"$build" \
		"$here/fuzz_$t.c" "$build/mount-cifs/libhelper.a" "$build/program/libprogram.a" \
		"$build/resolver/libresolver.a" \
		"$build/compat/libcompat.a" $libs -o "$bin" || { echo "FAIL: building fuzz_$t"; status=1; continue; }

	# Inputs that once failed stay as regression tests.
	regressions=$here/regressions/$t
	if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
		if "$bin" "$regressions"/* >"$build/fuzz/$t.regressions.log" 2>&1; then
			echo "PASS: fuzz_$t replays $(ls "$regressions" | wc -l) regression inputs"
		else
			echo "FAIL: fuzz_$t on a regression input"; tail -30 "$build/fuzz/$t.regressions.log"
			status=1
			continue
		fi
	fi

	# Fuzz from a scratch copy of the seeds, so the committed corpus only
	# changes by hand.
	work=$build/fuzz/$t.corpus
	artifacts=$build/fuzz/$t.artifacts/
	rm -rf "$work" "$artifacts"
	mkdir -p "$work" "$artifacts"
	cp "$here/corpus/$t"/* "$work/"
	start=$SECONDS
	# With -j, libFuzzer runs JOBS processes, each writing fuzz-N.log in
	# its working directory, and copies each into its own output when
	# the job ends.
	(cd "$build/fuzz" && "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=8192 -jobs="$jobs" -workers="$jobs" -print_final_stats=1 \
		-artifact_prefix="$artifacts" "$work") >"$build/fuzz/$t.log" 2>&1
	rc=$?
	rm -f "$build/fuzz"/fuzz-*.log
	runs=$(grep -h 'stat::number_of_executed_units' "$build/fuzz/$t.log" | awk '{ s += $2 } END { print s + 0 }')
	cov=$(grep -ho 'cov: [0-9]*' "$build/fuzz/$t.log" | tail -1)
	if [ $rc -eq 0 ] && [ -z "$(ls -A "$artifacts")" ]; then
		echo "PASS: fuzz_$t: $runs runs in $((SECONDS - start)) s, $cov, no crash"
	else
		echo "FAIL: fuzz_$t (exit $rc); saved inputs: $(ls "$artifacts" | tr '\n' ' ')"
		grep -E 'ERROR|check failed|runtime error|SUMMARY' "$build/fuzz/$t.log" | head -20
		status=1
	fi
done
exit $status
