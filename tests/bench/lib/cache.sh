# shellcheck shell=bash
#
# tests/bench/lib/cache.sh - decision time with a dead cached winner
# (issue 17), sourced by tests/bench/run.sh.  One name, dead.test, has a
# dropped IPv6 address and a working IPv4 one (real Samba, as in
# lib/decision.sh); before every run the decision cache says the IPv6
# address won the last race, in a session keyring of the part's own
# (CIFS_AF_KEYRING=session).  The helper runs -f -v; its syslog record's
# "in N ms" is the decision time.  Two helpers, interleaved run by run:
#   now     this tree's (build/e2e-helper)
#   before  the tree as it was before issue 17 (commit $BENCH_CACHE_BEFORE):
#           it probed the cached address alone for one connection attempt
#           delay, then raced every address from the start
# cifs-utils has no cache; the report puts its figure for a dropped IPv6
# address (time to mount, part 1) beside them.
#
# Needs tests/lib/netns.sh and netns-smbd.sh sourced, and $top.
: "${top:?tests/bench/lib/cache.sh needs \$top, the source tree}"

BENCH_CACHE_BEFORE=107e740	# main before the cached winner became attempt one
_BENCH_CACHE_V4=192.0.2.10
_BENCH_CACHE_DEAD6=2001:db8::d1

# bench_cache_before_build: build the helper of $BENCH_CACHE_BEFORE from
# git (kept in build/bench-before, rebuilt when the commit changes); sets
# BENCH_CACHE_BEFORE_HELPER.  Fails, saying why, when the checkout has no
# such commit (a shallow clone, a release tarball).
bench_cache_before_build() {
	local dir=$top/build/bench-before
	BENCH_CACHE_BEFORE_HELPER=$dir/build/mount-cifs/mount.cifs
	if [ -x "$BENCH_CACHE_BEFORE_HELPER" ] && [ "$(cat "$dir/commit" 2>/dev/null)" = "$BENCH_CACHE_BEFORE" ]; then
		return 0
	fi
	git -C "$top" cat-file -e "$BENCH_CACHE_BEFORE^{commit}" 2>/dev/null || {
		echo "bench: commit $BENCH_CACHE_BEFORE (the helper before issue 17) is not in this checkout" >&2
		return 1
	}
	rm -rf "$dir"
	mkdir -p "$dir/src" "$dir/build" || return 1
	git -C "$top" archive "$BENCH_CACHE_BEFORE" | tar -x -C "$dir/src" || return 1
	(cd "$dir/src" && autoreconf -fi) >"$dir/build.log" 2>&1 &&
		(cd "$dir/build" && ../src/configure --prefix=/usr --sysconfdir=/etc && make -j"$(nproc)") \
			>>"$dir/build.log" 2>&1 || {
		echo "bench: building $BENCH_CACHE_BEFORE failed; log $dir/build.log" >&2
		tail -n 20 "$dir/build.log" >&2
		return 1
	}
	echo "$BENCH_CACHE_BEFORE" >"$dir/commit"
}

# bench_cache RUNS HELPER BEFORE OUT: RUNS rounds (HELPER, then BEFORE
# unless it is empty) into OUT/jobs.tsv (ID, helper name, run), runs.tsv
# (ID, exit status, wall time in microseconds), trace-ID.txt and
# syslog.txt (the records, from a private /dev/log).
bench_cache() {
	local runs=$1 helper=$2 before=$3 out=$4 ns=cifsaf-bcache-$$ work run id=0
	mkdir -p "$out" || return 1
	cifsaf_tmpdir work || return 1
	cifsaf_ns_create "$ns" || return 1
	cifsaf_ns_addr "$ns" "$_BENCH_CACHE_V4/32" "$_BENCH_CACHE_DEAD6/128" || return 1
	cifsaf_ns_hosts "$ns" "$_BENCH_CACHE_DEAD6 dead.test" "$_BENCH_CACHE_V4 dead.test" || return 1
	mkdir -p "$work/samba" "$out/mnt" || return 1
	cifsaf_smbd_start "$ns" "$work/samba" || return 1
	cifsaf_fault "$ns" drop "$_BENCH_CACHE_DEAD6" || return 1
	: >"$out/jobs.tsv"
	for ((run = 1; run <= runs; run++)); do
		id=$((id + 1))
		printf '%s\tnow\t%s\t%s\n' "$id" "$run" "$helper" >>"$out/jobs.tsv"
		if [ -n "$before" ]; then
			id=$((id + 1))
			printf '%s\tbefore\t%s\t%s\n' "$id" "$run" "$before" >>"$out/jobs.tsv"
		fi
	done
	if [ -n "$before" ]; then
		printf 'before: commit %s (%s)\n' "$BENCH_CACHE_BEFORE" "$before" >"$out/setup.txt"
	else
		printf 'before: commit %s, built in full runs only\n' "$BENCH_CACHE_BEFORE" >"$out/setup.txt"
	fi
	: >"$out/syslog.txt"
	keyctl session - ip netns exec "$ns" unshare -m "$top/tests/integration/syslog-capture.sh" \
		"$out/syslog.txt" bash "$top/tests/bench/lib/cache-run.sh" "$_BENCH_CACHE_DEAD6" \
		"$out/jobs.tsv" "$out" >/dev/null
}
