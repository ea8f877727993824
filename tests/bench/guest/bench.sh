# shellcheck shell=sh
# shellcheck disable=SC2154 # NAME_*, MOUNT_OPTS, BENCH_*: from /etc/e2e/run.conf
# tests/bench/guest/bench.sh: the benchmark's guest side.  The bench image
# appends this file to tests/e2e/guest/scenarios.sh (E2E_GUEST_EXTRA in
# tests/e2e/lib/image.sh), so the e2e /init sources both and runs the
# single scenario "bench"; the e2e functions (mount_step, emit, mounted,
# send_lines, ...) are used as they are, and run_scenario is replaced.
#
# Settings (run.conf, from tests/bench/lib/e2e.sh):
#   BENCH_RUNS        how many timed mounts per scenario
#   BENCH_SCENARIOS   which ones, in the order of one round
#   BENCH_SERVER_V4, BENCH_SERVER_V6   the healthy server addresses
#
# Records, on the results channel like the e2e ones:
#   rtt     FAMILY  min=MS avg=MS max=MS     ping to the server (ICMP)
#   result  SCENARIO run=N status= ms= content= addr= umount=
#   log     SCENARIO TEXT                     what mount printed (errors)
#   syslog  bench   LINE                      every mount.cifs record, in
#                                             order, once all runs are done
# Like the e2e scenarios it reports facts only; the host computes the
# statistics and knows which helper ran.

# The DNS name each benchmark scenario mounts.
bench_name() {
	case $1 in
	healthy) echo "$NAME_HEALTHY" ;;
	v6-dropped) echo "$NAME_V6_DROPPED" ;;
	v6-refused) echo "$NAME_V6_REFUSED" ;;
	v4-dropped) echo "$NAME_V4_DROPPED" ;;
	aaaa-unanswered) echo "$NAME_NO_AAAA" ;;
	v6-dead8) echo "$NAME_V6_DEAD8" ;;
	*) return 1 ;;
	esac
}

# bench_rtt FAMILY ADDR: the round trip to the server through the emulated
# link, which the decision-time targets are stated against.  busybox ping
# ends with "round-trip min/avg/max = A/B/C ms".
bench_rtt() {
	line=$(ping -c 5 -W 2 "$2" 2>/dev/null | sed -n 's|.*min/avg/max = ||p')
	IFS=/ read -r rmin ravg rmax <<-EOF
		${line% ms}
	EOF
	emit rtt "$1" "min=$rmin" "avg=$ravg" "max=$rmax"
}

# bench_mount SCENARIO RUN: one timed mount through mount(8), exactly as a
# user types it, then the result record and the unmount.  No -v: the trace
# would add terminal output that cifs-utils does not print.
bench_mount() {
	name=$(bench_name "$1") || { emit result "$1" "run=$2" "status=unknown-scenario"; return; }
	# Every run decides afresh: cifs-af's decision cache (guest/keyring.sh)
	# would otherwise decide the later runs of a name, and the table is
	# about the decision a first mount makes.
	keyring_reset
	mount_step "$1" /mnt/e2e "$MOUNT" -t cifs "//$name/share" /mnt/e2e -o "$MOUNT_OPTS"
	addr=$(mount_addr /mnt/e2e)
	um=-
	if mounted /mnt/e2e; then
		"$UMOUNT" /mnt/e2e >>/tmp/e2e.out 2>&1
		um=$?
		mounted /mnt/e2e && "$UMOUNT" -l /mnt/e2e 2>/dev/null
	fi
	send_lines log "$1" </tmp/e2e.out
	emit result "$1" "run=$2" "status=$STATUS" "ms=$MS" "content=$CONTENT" "addr=$addr" "umount=$um"
}

bench_all() {
	bench_rtt 6 "$BENCH_SERVER_V6"
	bench_rtt 4 "$BENCH_SERVER_V4"
	# One unrecorded mount first, so that the first timed run does not also
	# pay for the first use of the cifs module, the helper's pages and the
	# neighbour caches; both helpers get the same.
	mount_step warm-up /mnt/e2e "$MOUNT" -t cifs "//$NAME_HEALTHY/share" /mnt/e2e -o "$MOUNT_OPTS"
	mounted /mnt/e2e && "$UMOUNT" /mnt/e2e
	# mount_step moves the mark at every mount: keep this one.
	syslog_mark
	bench_mark=$SYSLOG_MARK
	# Rounds, not one scenario after another: a slow spell of the host
	# (other jobs share its two cores) then spreads over every scenario
	# instead of landing on one.
	run=1
	while [ "$run" -le "$BENCH_RUNS" ]; do
		for s in $BENCH_SCENARIOS; do
			echo "bench guest: $s run $run"
			bench_mount "$s" "$run"
		done
		run=$((run + 1))
	done
	# syslogd writes asynchronously: give the last record time to land.
	sleep 1
	SYSLOG_MARK=$bench_mark
	syslog_new | send_lines syslog bench
}

run_scenario() {
	case $1 in
	bench) bench_all ;;
	*) emit result "$1" "status=unknown-scenario" ;;
	esac
}
