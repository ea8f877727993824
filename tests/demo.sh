#!/bin/bash
# tests/demo.sh: the README's main job.  A real kernel (Debian's, booted
# under qemu) mounts a real Samba share by a name with A and AAAA records
# while the IPv6 path to the server is blackholed, first through cifs-af
# and then through Debian's cifs-utils, side by side:
#
#   1. builds cifs-af, fetches Debian's kernel and builds the guest image
#      (cached under build/e2e, so later runs skip this);
#   2. starts smbd and dnsmasq in a private network namespace and breaks
#      the IPv6 path with ip6tables;
#   3. boots the guest with cifs-af as /sbin/mount.cifs and mounts: healthy,
#      IPv6 blackholed (with -v: the decision step by step, then the syslog
#      notice), IPv6 refused;
#   4. boots it again with cifs-utils' mount.cifs for the same mounts;
#   5. shows cifs-af's decision for a RHEL 5 kernel (decision only);
#   6. ends with a table, and exits non-zero if anything behaved otherwise
#      than tests/e2e/lib/expect.sh says it must.
#
# Run as root on Debian 12; it installs what it needs with apt-get.  The
# installs, the build and the image go to build/demo.log: the screen shows
# one line per such step with its time, and when one fails, the log's path
# and its last lines.
# Nothing leaves the namespace: the guest's only link is a tap device in it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/netns-guest.sh"
. "$top/tests/lib/build.sh"
. "$top/tests/e2e/lib/image.sh"
. "$top/tests/e2e/lib/harness.sh"
. "$top/tests/e2e/lib/expect.sh"

cifsaf_require_root "it creates a network namespace and a tap device"
cifsaf_trap_cleanup

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

log=$top/build/demo.log
mkdir -p "$top/build"
: >"$log"

# logged WHAT COMMAND...: run COMMAND in this shell (it may set variables)
# with its output in the log; one line on the screen with the time it took.
# On failure: the log's path and its last lines, and the demo stops.
logged() {
	local what=$1 start=$SECONDS rc=0
	shift
	printf '    %s ... ' "$what"
	printf '\n=== %s\n' "$what" >>"$log"
	"$@" >>"$log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ]; then
		printf 'ok (%d s)\n' $((SECONDS - start))
		return 0
	fi
	printf 'FAILED after %d s\n' $((SECONDS - start))
	note "The whole log is $log; its last lines:"
	tail -n 25 "$log" | sed 's/^/      | /'
	exit 1
}

SCENARIOS="healthy v6-dropped v6-refused"
declare -A NAME=([healthy]=fs.test [v6-dropped]=v6drop.test [v6-refused]=v6refused.test)
declare -A TITLE=([healthy]="healthy dual stack" [v6-dropped]="IPv6 blackholed" [v6-refused]="IPv6 refused (TCP reset)")

say "1. Installing what is missing, building cifs-af, preparing the guest"
note "(their output goes to build/demo.log)"
# shellcheck disable=SC2086 # a word list on purpose
logged "the build's Debian packages" cifsaf_need_packages $CIFSAF_BUILD_PACKAGES
logged "building cifs-af in build/e2e-helper" e2e_build_cifsaf
logged "the guest: qemu, Samba, dnsmasq, Debian's kernel, the initramfs (cached in build/e2e)" \
	e2e_prepare echo
note "cifs-af:    $("$E2E_CIFSAF_HELPER" -V) (build/e2e-helper)"
CIFS_UTILS=$(e2e_cifs_utils_helper)
note "cifs-utils: $("$CIFS_UTILS" -V) ($CIFS_UTILS, Debian's package)"
note "guest: Debian's kernel $E2E_KVER under qemu (TCG), initramfs build/e2e/$(basename "$E2E_BASE")"

say "2. Starting the file server network: namespace $E2E_NS"
cifsaf_tmpdir work
logged "smbd, dnsmasq and the faults in the namespace" e2e_servers_start "$work"
note "smbd $(smbd --version | awk '{print $2}') serves //<name>/share with hello.txt on every server address"
note "dnsmasq answers the guest's DNS queries; for the names used here:"
for s in $SCENARIOS; do
	n=${NAME[$s]}
	# busybox nslookup asks the real server, as the guest's resolver will.
	addrs=$(ip netns exec "$E2E_NS" "$E2E_BUSYBOX" nslookup "$n" "$E2E_SERVER_V4" 2>/dev/null |
		awk '/^Address: / { print $2 }' | tr '\n' ' ')
	note "  $n -> $addrs"
done
note "faults (ip6tables in the namespace):"
ip netns exec "$E2E_NS" ip6tables -S INPUT | grep -E -- "-d ($E2E_V6_DROPPED|$E2E_V6_REFUSED)" | sed 's/^/        /'
note "a plain connect to [$E2E_V6_DROPPED]:445 from inside the namespace:"
if ip netns exec "$E2E_NS" timeout 2 bash -c "exec 3<>/dev/tcp/$E2E_V6_DROPPED/445" 2>/dev/null; then
	note "  it answered: the fault did not apply"
else
	note "  no answer after 2 s: a blackhole"
fi

# on_record LINE: narrate the guest's records as they arrive.
on_record() {
	local kind scen text kernel
	IFS=$'\t' read -r kind scen text <<<"$1"
	case $kind in
	boot)
		kernel=${1#*kernel=}
		note "guest booted (${1##*uptime=} s after power-on), kernel ${kernel%%$'\t'*}" ;;
	begin)
		echo
		note "[${TITLE[$scen]}] \$ mount -t cifs //${NAME[$scen]}/share /mnt/e2e -o $E2E_MOUNT_OPTS$([ "$scen" = v6-dropped ] && echo ' -v')" ;;
	log) note "  | $text" ;;
	syslog) note "  syslog: ${text#* guest }" ;;
	result) note "  => $(outcome "$current" "$scen")" ;;
	fatal | error) note "  guest: $scen $text" ;;
	esac
}

# outcome LABEL SCENARIO
outcome() {
	local st ms addr
	st=$(e2e_field "$1" "$2" status) ms=$(e2e_field "$1" "$2" ms) addr=$(e2e_field "$1" "$2" addr)
	if [ "$st" = 0 ] && [ -n "$addr" ]; then
		printf 'mounted over %s; hello.txt read %s ms after the mount started' "$(e2e_short_addr "$addr")" "$ms"
	else
		printf 'FAILED: exit %s after %s ms' "$st" "$ms"
	fi
}

step=3
for h in cifs-af cifs-utils; do
	current=$h
	if [ "$h" = cifs-af ]; then helper=$E2E_CIFSAF_HELPER; else helper=$CIFS_UTILS; fi
	say "$step. Booting the guest with $h as /sbin/mount.cifs (about 5 s to boot under TCG)"
	step=$((step + 1))
	e2e_guest_run "$h" "$helper" "$SCENARIOS" on_record
	note "(guest powered off after $E2E_GUEST_SECONDS s)"
done

say "5. The same decision on a RHEL 5 kernel (decision only: -f stops before mount(2))"
note "\$ CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 mount.cifs //fs.test/share /mnt -f -v -o $E2E_MOUNT_OPTS"
rhel5=$(ip netns exec "$E2E_NS" env CIFS_AF_KERNEL_RELEASE=2.6.18-308.8.1.el5 \
	"$E2E_CIFSAF_HELPER" //fs.test/share "$work" -f -v -o "$E2E_MOUNT_OPTS" 2>&1) || true
while IFS= read -r line; do note "  | $line"; done <<<"$rhel5"
note "RHEL 5 cannot parse IPv6 in ip=, so the IPv6 address never reaches its kernel."

say "Summary: time from 'mount' to a readable file, in the guest"
printf '    %-26s | %-30s | %-30s\n' "case" "cifs-af" "cifs-utils $("$CIFS_UTILS" -V | awk '{print $NF}')"
printf '    %s\n' "---------------------------+--------------------------------+-------------------------------"
bad=0
for s in $SCENARIOS; do
	cells=()
	for h in cifs-af cifs-utils; do
		st=$(e2e_field "$h" "$s" status) ms=$(e2e_field "$h" "$s" ms) addr=$(e2e_field "$h" "$s" addr)
		secs=$(awk -v ms="$ms" 'BEGIN { printf "%.2f s", ms / 1000 }')
		if [ "$st" = 0 ] && [ -n "$addr" ]; then
			cell="$(e2e_short_addr "$addr"), $secs"
		else
			cell="fails (exit $st), $secs"
		fi
		# Anything other than the expected behaviour is flagged here.
		if ! e2e_check "$h" "$s"; then
			cell+=" (!)"
			bad=$((bad + 1))
			printf '    (!) %s %s: %s\n' "$h" "$s" "${E2E_WHY[*]}" >&2
		fi
		cells+=("$cell")
	done
	printf '    %-26s | %-30s | %-30s\n' "${TITLE[$s]}" "${cells[0]}" "${cells[1]}"
done
echo
if [ "$bad" -eq 0 ]; then
	echo "Both helpers behaved as expected: with IPv6 blackholed, cifs-af waited one 250 ms"
	echo "connection attempt delay, mounted over IPv4 and logged a warning; cifs-utils gave"
	echo "the dead IPv6 address to the kernel and failed after ~10 s."
else
	echo "$bad result(s) differ from what tests/e2e/lib/expect.sh expects (marked (!))."
	exit 1
fi
