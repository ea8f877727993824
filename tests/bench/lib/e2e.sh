# shellcheck shell=bash
#
# tests/bench/lib/e2e.sh - time to mount in the end-to-end guest (Debian's
# kernel under qemu, mount(8), Samba, dnsmasq; tests/e2e), sourced by
# tests/bench/run.sh after tests/lib/netns.sh, netns-guest.sh, build.sh and
# tests/e2e/lib/image.sh and harness.sh.
#
# It reuses the e2e harness as it is: one namespace with smbd, dnsmasq and
# the faults (e2e_servers_start), one guest boot per helper
# (e2e_guest_run), results over the second serial port.  Two hooks of the
# harness make the guest a benchmark: E2E_GUEST_EXTRA appends
# tests/bench/guest/bench.sh to the guest's scenario script (its "bench"
# scenario mounts every scenario below RUNS times, in rounds) and
# E2E_SETTINGS_EXTRA passes the repeat count.
: "${top:?tests/bench/lib/e2e.sh needs \$top, the source tree}"

# The scenarios, in the order of one round, and the names they mount (the
# DNS records are in tests/e2e/lib/harness.sh).
BENCH_E2E_SCENARIOS="healthy v6-dropped v6-refused v4-dropped aaaa-unanswered v6-dead8"
declare -A BENCH_E2E_NAME=([healthy]=fs.test [v6-dropped]=v6drop.test [v6-refused]=v6refused.test
	[v4-dropped]=v4drop.test [aaaa-unanswered]=noaaaa.test [v6-dead8]=dead8.test)

# Progress while a guest runs: one line per timed mount.
_bench_e2e_record() {
	local kind scen rest
	IFS=$'\t' read -r kind scen rest <<<"$1"
	case $kind in
	boot) printf 'bench: %s guest booted\n' "$_bench_e2e_label" ;;
	rtt) printf 'bench: %s guest: round trip to the server over IPv%s: %s\n' "$_bench_e2e_label" "$scen" "$rest" ;;
	result)
		printf 'bench: %s %-16s %s\n' "$_bench_e2e_label" "$scen" \
			"$(tr '\t' ' ' <<<"$rest" | sed 's/ content=[^=]* addr=/ addr=/')" ;;
	fatal | error) printf 'bench: %s guest: %s\n' "$_bench_e2e_label" "$scen $rest" ;;
	esac
}

# bench_e2e RUNS CIFSAF CIFSUTILS OUT: both guests, into OUT/results-HELPER.txt
# (the guests' records), OUT/console-HELPER.log, OUT/dnsmasq.log and
# OUT/names.tsv (scenario, DNS name).
bench_e2e() {
	local runs=$1 out=$4 work h s rc=0
	declare -A path=([cifs-af]=$2 [cifs-utils]=$3)
	mkdir -p "$out" || return 1
	e2e_prepare _bench_say || return 1
	cifsaf_tmpdir work || return 1
	e2e_servers_start "$work" || return 1
	: >"$out/names.tsv"
	for s in $BENCH_E2E_SCENARIOS; do
		printf '%s\t%s\n' "$s" "${BENCH_E2E_NAME[$s]}" >>"$out/names.tsv"
	done
	# shellcheck disable=SC2034 # both read by tests/e2e/lib (image.sh, harness.sh)
	E2E_GUEST_EXTRA=$top/tests/bench/guest/bench.sh
	# shellcheck disable=SC2034
	E2E_SETTINGS_EXTRA="BENCH_RUNS=$runs
BENCH_SCENARIOS='$BENCH_E2E_SCENARIOS'
BENCH_SERVER_V4=$E2E_SERVER_V4
BENCH_SERVER_V6=$E2E_SERVER_V6"
	for h in cifs-af cifs-utils; do
		_bench_e2e_label=$h
		_bench_say "$h: booting the guest (qemu TCG, kernel $E2E_KVER): $runs rounds of $BENCH_E2E_SCENARIOS"
		e2e_guest_run "$h" "${path[$h]}" bench _bench_e2e_record || rc=1
		_bench_say "$h: guest ran for $E2E_GUEST_SECONDS s"
		cp "$E2E_WORK/results-$h.txt" "$E2E_WORK/console-$h.log" "$out/" || rc=1
	done
	cp "$E2E_WORK/dns/dnsmasq.log" "$out/" || rc=1
	unset E2E_GUEST_EXTRA E2E_SETTINGS_EXTRA
	return "$rc"
}
