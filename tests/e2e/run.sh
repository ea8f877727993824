#!/bin/bash
# tests/e2e/run.sh - end-to-end tests: a real kernel (Debian's, under qemu)
# mounts a real Samba share through mount(8) and the helper under test,
# with names served by a real DNS server and faults made by netfilter.
#
#   tests/e2e/run.sh [--helper cifs-af|cifs-utils|cifs-af-deb|both|all] [--helper-binary PATH]
#                    [--all] [--list] [SCENARIO...]
#
# --helper   which /sbin/mount.cifs the guest gets: cifs-af (built here,
#            as a distribution would: --prefix=/usr --sysconfdir=/etc),
#            Debian's cifs-utils (the baseline), cifs-af-deb (cifs-af's
#            .deb, installed by dpkg in the guest over Debian's cifs-utils,
#            for the scenarios of E2E_DEB_SCENARIOS), both (cifs-af and
#            cifs-utils) or all three (default), one guest boot each.
# --helper-binary PATH
#            cifs-af is the prebuilt helper PATH (a portable build's
#            OUTDIR/mount.cifs, say), with the cifs-af.dnsresolver beside
#            it; nothing is built.  Implies --helper cifs-af unless a
#            --helper after it says otherwise.
# --all      also the scenarios that wait for features not on main yet
#            (see E2E_PENDING in lib/harness.sh); naming them does the same.
# --list     print the scenarios and exit.
# SCENARIO   run only these (default: every scenario not pending).
#
# Run as root on Debian 12; it installs what it needs with apt-get.  Ends
# with "N passed, M failed" (one check per helper and scenario) and exits
# non-zero if any failed.  The guests' consoles and results are copied to
# build/e2e/logs/ for a look afterwards.  tests/e2e/README.md has the design.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/netns-guest.sh"
. "$top/tests/lib/build.sh"
. "$top/tests/e2e/lib/image.sh"
. "$top/tests/e2e/lib/harness.sh"
. "$top/tests/e2e/lib/expect.sh"
. "$top/packaging/deb-build.sh"

usage() {
	echo "usage: tests/e2e/run.sh [--helper cifs-af|cifs-utils|cifs-af-deb|both|all] [--helper-binary PATH] [--all] [--list] [SCENARIO...]" >&2
	exit 2
}

helpers="cifs-af cifs-utils cifs-af-deb" scenarios='' all=0 E2E_NAMED=0 prebuilt=
while [ $# -gt 0 ]; do
	case $1 in
	--helper)
		[ $# -ge 2 ] || usage
		case $2 in
		cifs-af | cifs-utils | cifs-af-deb) helpers=$2 ;;
		both) helpers="cifs-af cifs-utils" ;;
		all) helpers="cifs-af cifs-utils cifs-af-deb" ;;
		*) usage ;;
		esac
		shift ;;
	--helper=*) set -- --helper "${1#--helper=}" "${@:2}"; continue ;;
	--helper-binary)
		[ $# -ge 2 ] || usage
		[ -x "$2" ] || { echo "--helper-binary: $2 is not an executable file" >&2; exit 2; }
		prebuilt=$(readlink -f "$2") helpers=cifs-af
		shift ;;
	--helper-binary=*) set -- --helper-binary "${1#--helper-binary=}" "${@:2}"; continue ;;
	--all) all=1 ;;
	--list)
		for s in $E2E_SCENARIOS_ALL; do
			if [[ " $E2E_PENDING " == *" $s "* ]]; then echo "$s (pending: not in the default list)"; else echo "$s"; fi
		done
		exit 0 ;;
	-h | --help) usage ;;
	-*) usage ;;
	*)
		[[ " $E2E_SCENARIOS_ALL " == *" $1 "* ]] || { echo "unknown scenario '$1' (see --list)" >&2; exit 2; }
		scenarios+="$1 " E2E_NAMED=1 ;;
	esac
	shift
done
if [ -z "$scenarios" ]; then
	if [ "$all" = 1 ]; then scenarios=$E2E_SCENARIOS_ALL; else scenarios=$(e2e_default_scenarios); fi
fi
read -r -a list <<<"$scenarios"
scenarios="${list[*]}"

cifsaf_require_root "network namespaces, tap devices, qemu"
cifsaf_trap_cleanup
t_start=$SECONDS

# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES || { echo "0 passed, 1 failed"; exit 1; }
if [[ " $helpers " == *" cifs-af-deb "* ]]; then
	# shellcheck disable=SC2086 # a word list on purpose
	cifsaf_need_packages $CIFSAF_DEB_BUILD_PACKAGES || { echo "0 passed, 1 failed"; exit 1; }
fi
# An i386 helper takes Debian's 32-bit C library into the guest.
if [ -n "$prebuilt" ] && readelf -h "$prebuilt" 2>/dev/null | grep -q 'Machine:.*80386'; then
	cifsaf_need_packages libc6-i386 || { echo "0 passed, 1 failed"; exit 1; }
fi
say() { printf 'e2e: %s\n' "$*"; }
e2e_prepare say || { echo "e2e: preparing the guest image failed"; echo "0 passed, 1 failed"; exit 1; }

declare -A helper_path
for h in $helpers; do
	case $h in
	cifs-af)
		if [ -n "$prebuilt" ]; then
			helper_path[$h]=$prebuilt
		else
			e2e_build_cifsaf || { echo "e2e: building cifs-af failed"; echo "0 passed, 1 failed"; exit 1; }
			helper_path[$h]=$E2E_CIFSAF_HELPER
		fi ;;
	cifs-utils)
		helper_path[$h]=$(e2e_cifs_utils_helper)
		[ -x "${helper_path[$h]}" ] || { echo "e2e: Debian's cifs-utils mount.cifs not found"; echo "0 passed, 1 failed"; exit 1; } ;;
	cifs-af-deb)
		# The package of this tree (packaging/deb-build.sh: built from
		# `make dist` once per source state, shared with the packaging test).
		{ e2e_build_cifsaf && cifsaf_deb_build "$top/build/e2e-helper"; } ||
			{ echo "e2e: building cifs-af's .deb failed"; echo "0 passed, 1 failed"; exit 1; }
		helper_path[$h]=$CIFSAF_DEB
		say "$h: ${CIFSAF_DEB#"$top"/} (cifs-af $(dpkg-deb -f "$CIFSAF_DEB" Version), installed by dpkg in the guest)"
		continue ;;
	esac
	# An i386 helper does not run on this machine's kernel; the guest's runs it.
	version=$("${helper_path[$h]}" -V 2>/dev/null | head -n 1)
	say "$h: ${helper_path[$h]} (${version:-$(readelf -h "${helper_path[$h]}" | sed -n 's/^ *Machine: *//p'), run in the guest only})"
done

cifsaf_tmpdir work
[[ " $scenarios " == *" ad-site "* ]] && E2E_WITH_ADDC=1
say "starting smbd and dnsmasq in namespace $E2E_NS, faults on their own addresses"
e2e_servers_start "$work" || { echo "e2e: the servers did not start"; echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0 failures=
# on_record LINE: progress while a guest runs, and the check of each
# scenario as soon as its result arrives.
on_record() {
	local kind scen
	IFS=$'\t' read -r kind scen _ <<<"$1"
	case $kind in
	boot) say "$current: guest booted (${1##*uptime=} s after power-on)" ;;
	fatal | error) say "$current: guest: ${1#*$'\t'}" ;;
	result)
		if e2e_check "$current" "$scen"; then
			pass=$((pass + 1))
			printf 'PASS: %s %s: %s\n' "$current" "$scen" "$(outcome "$current" "$scen")"
		else
			fail=$((fail + 1))
			failures+=" $current/$scen"
			printf 'FAIL: %s %s: %s\n' "$current" "$scen" "$(outcome "$current" "$scen")"
			printf '    - %s\n' "${E2E_WHY[@]}"
			e2e_lines "$current" "$scen" log | tail -n 15 | sed 's/^/    | /'
			e2e_lines "$current" "$scen" syslog | sed 's/^/    syslog | /'
		fi ;;
	esac
}

# outcome LABEL SCENARIO: "mounted over ADDR in N ms", "failed (exit N) after
# N ms", or, when mount(8) succeeded but the file was never read (a DFS link
# that could not be followed), "unreadable (exit 0) after N ms".
outcome() {
	local st ms addr
	st=$(e2e_field "$1" "$2" status) ms=$(e2e_field "$1" "$2" ms) addr=$(e2e_field "$1" "$2" addr)
	if [ "$2" = deb-install ]; then
		printf 'dpkg -i: exit %s in %s ms, %s' "$st" "$ms" "$(e2e_field "$1" "$2" version | sed 's/ (.*//')"
	elif [ "$st" = 0 ] && [ -n "$addr" ]; then
		printf 'mounted over %s, read the file in %s ms' "$(e2e_short_addr "$addr")" "$ms"
	elif [ "$st" = 0 ]; then
		printf 'unreadable (exit 0) after %s ms' "$ms"
	else
		printf 'failed (exit %s) after %s ms' "$st" "$ms"
	fi
}

mkdir -p "$E2E_BUILD/logs"
declare -A helper_scenarios
rows=
for h in $helpers; do
	helper_scenarios[$h]=$(e2e_scenarios_for "$h" "$scenarios")
	for s in ${helper_scenarios[$h]}; do
		[[ " $rows " == *" $s "* ]] || rows+=" $s"
	done
done
for h in $helpers; do
	current=$h
	say "$h: booting the guest (qemu TCG, kernel $E2E_KVER) for: ${helper_scenarios[$h]}"
	if ! e2e_guest_run "$h" "${helper_path[$h]}" "${helper_scenarios[$h]}" on_record; then
		fail=$((fail + 1))
		failures+=" $h/guest"
		echo "FAIL: $h: the guest run did not complete"
	fi
	say "$h: guest ran for $E2E_GUEST_SECONDS s"
	# Scenarios the guest never reported on fail too.
	for s in ${helper_scenarios[$h]}; do
		e2e_has_result "$h" "$s" && continue
		fail=$((fail + 1))
		failures+=" $h/$s"
		echo "FAIL: $h $s: no result from the guest"
	done
	cp "$work/results-$h.txt" "$work/console-$h.log" "$E2E_BUILD/logs/" 2>/dev/null
done
cp "$work/dns/dnsmasq.log" "$E2E_BUILD/logs/" 2>/dev/null

# The side-by-side table.
echo
printf '%-16s' scenario
for h in $helpers; do printf ' | %-44s' "$h"; done
echo
for s in $rows; do
	printf '%-16s' "$s"
	for h in $helpers; do
		if [[ " ${helper_scenarios[$h]} " != *" $s "* ]]; then
			printf ' | %-44s' "-"
		elif e2e_has_result "$h" "$s"; then
			verdict=ok
			[[ " $failures " == *" $h/$s "* ]] && verdict=FAIL
			printf ' | %-4s %-39s' "$verdict" "$(outcome "$h" "$s" | sed 's/, read the file in/ in/; s/ after / /')"
		else
			printf ' | %-44s' "(no result)"
		fi
	done
	echo
done
echo
say "e2e step took $((SECONDS - t_start)) s; logs in build/e2e/logs/"
[ -n "$failures" ] && echo "failed:$failures"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
