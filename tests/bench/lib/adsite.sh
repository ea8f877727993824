# shellcheck shell=bash
#
# tests/bench/lib/adsite.sh - decision time for an AD domain name with the
# site step (tests/lib/addc.sh's Samba DC and dnsmasq, the client in a
# namespace of its own), sourced by tests/bench/run.sh.  Three cases, the
# helper run -f -v each time:
#   site       the DCs answer the LDAP ping (built-in settings)
#   off        the same name with ad-site 0
#   dropped    UDP 389 dropped on the DC side: the step waits its budget
# and, when BENCH_CIFS_UTILS_75 names a mount.cifs of cifs-utils 7.1 or
# later (built from source beside the project; Debian 12 has 7.0, which
# has no site step), the same three with it.  The domain's name has four
# addresses (two DCs, two families); the other site's DC comes first in
# resolver order.
#
# Needs tests/lib/netns.sh, netns-guest.sh and addc.sh sourced, and $top.
: "${top:?tests/bench/lib/adsite.sh needs \$top, the source tree}"

# bench_adsite RUNS HELPER OUT: RUNS rounds of site and off, then RUNS of
# dropped, into OUT/runs.tsv (case, helper, run, exit status, wall time in
# microseconds) and OUT/trace-CASE-HELPER-RUN.txt (the -v output).
bench_adsite() {
	local runs=$1 helper=$2 out=$3 dc=cifsaf-bdc-$$ cl=cifsaf-bcl-$$ work run kind h
	local helpers=("cifs-af=$helper")
	[ -n "${BENCH_CIFS_UTILS_75:-}" ] && helpers+=("cifs-utils-7.5=$BENCH_CIFS_UTILS_75")
	mkdir -p "$out" || return 1
	cifsaf_addc_need >/dev/null && cifsaf_addc_provision || return 1
	cifsaf_tmpdir work || return 1
	mkdir -p "$work/mnt" || return 1
	cifsaf_addc_topology "$dc" "$cl" "$work" "" || return 1
	cifsaf_ns_hosts "$cl" "$CIFSAF_ADDC_DC1_V4 ad.test" "$CIFSAF_ADDC_DC2_V4 ad.test" \
		"$CIFSAF_ADDC_DC1_V6 ad.test" "$CIFSAF_ADDC_DC2_V6 ad.test" || return 1
	: >"$out/conf-site"
	printf 'ad-site 0\n' >"$out/conf-off"
	: >"$out/runs.tsv"
	printf 'samba-ad-dc: %s; provisioned in %s ms (0: cached), up in %s ms\n' \
		"$(dpkg-query -W -f='${Version}' samba-ad-dc)" "$CIFSAF_ADDC_PROVISION_MS" \
		"$CIFSAF_ADDC_STARTUP_MS" >"$out/setup.txt"
	for kind in site off dropped; do
		[ "$kind" = dropped ] && { cifsaf_addc_cldap_drop "$dc" || return 1; }
		for ((run = 1; run <= runs; run++)); do
			for h in "${helpers[@]}"; do
				[[ $kind == off && ${h%%=*} != cifs-af ]] && continue
				_bench_adsite_one "$cl" "$kind" "${h%%=*}" "${h#*=}" "$run" "$work" "$out" || return 1
			done
		done
	done
}

# One run: CIFS_AF_CONFIG is what cifs-af reads; cifs-utils reads nothing.
_bench_adsite_one() {
	local cl=$1 kind=$2 name=$3 bin=$4 run=$5 work=$6 out=$7 conf t0 t1 status
	conf=$out/conf-site
	[ "$kind" = off ] && conf=$out/conf-off
	t0=${EPOCHREALTIME//[!0-9]/}
	ip netns exec "$cl" env CIFS_AF_CONFIG="$conf" CIFS_AF_KERNEL_RELEASE=6.1.0-27-amd64 \
		"$bin" //ad.test/share "$work/mnt" -f -v -o guest >"$out/trace-$kind-$name-$run.txt" 2>&1
	status=$?
	t1=${EPOCHREALTIME//[!0-9]/}
	printf '%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$run" "$status" "$((t1 - t0))" >>"$out/runs.tsv"
}
