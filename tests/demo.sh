#!/bin/bash
# tests/demo.sh: the README's main job.  Builds cifs-af, starts a real Samba
# server for a dual-stack name inside a network namespace, and shows the
# helper deciding which address to mount, step by step, when both families
# work, when the IPv6 path is blackholed, and on a RHEL 5 kernel.  Run as
# root on Debian 12; it installs what it needs with apt-get.  Nothing leaves
# the namespace: every address is on its own loopback.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"

cifsaf_require_root "it creates a network namespace"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Installing what the demo needs (only what is missing)"
# shellcheck disable=SC2086
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES samba smbclient iproute2 iptables
echo "ok"

say "Building cifs-af (build/main)"
if [ -f "$top/config.status" ]; then make -C "$top" distclean >/dev/null 2>&1 || true; fi
cifsaf_bootstrap
cifsaf_build main
helper=$CIFSAF_BUILD_DIR/mount-cifs/mount.cifs
"$helper" -V

cifsaf_trap_cleanup
NS=cifsaf-demo-$$
V4=192.0.2.10 V6=2001:db8::10 NAME=fileserver.test

say "Starting a file server network: namespace $NS"
cifsaf_tmpdir work
mkdir -p "$work/samba" "$work/mnt"
cifsaf_ns_create "$NS"
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128"
cifsaf_ns_hosts "$NS" "$V6 $NAME" "$V4 $NAME"
echo "$NAME has an AAAA record $V6 and an A record $V4:"
ip netns exec "$NS" getent ahosts "$NAME" | awk '$2 == "STREAM" {print "    " $1}'
cifsaf_smbd_start "$NS" "$work/samba"
echo "Samba (smbd $(smbd --version | awk '{print $2}')) serves //$NAME/share with hello.txt"

rows=()
# scenario TITLE RELEASE [HELPER-OPTIONS...]
scenario() {
	local title=$1 release=$2
	shift 2
	say "$title"
	echo "\$ CIFS_AF_KERNEL_RELEASE=$release mount.cifs //$NAME/share /mnt -f -v -o guest $*"
	local t0 t1 out status ip ms content
	t0=$(date +%s%N)
	set +e
	out=$(ip netns exec "$NS" env CIFS_AF_KERNEL_RELEASE="$release" \
		"$helper" "//$NAME/share" "$work/mnt" -f -v -o guest "$@" 2>&1)
	status=$?
	set -e
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	sed 's/^/    /' <<<"$out"
	ip=$(sed -n 's/^mount.cifs kernel mount options: ip=\([^,]*\),.*/\1/p' <<<"$out")
	content="-"
	if [ "$status" -eq 0 ] && [ -n "$ip" ]; then
		echo "Reading hello.txt from the chosen address with smbclient:"
		content=$(ip netns exec "$NS" timeout 20 smbclient -N "//$ip/share" -c 'get hello.txt -' 2>/dev/null |
			grep -m1 hello || echo "(unreadable)")
		echo "    $content"
	fi
	rows+=("$(printf '%-34s | %-22s | %-14s | %5s ms | %s' "$title" "${ip:-(none, exit $status)}" \
		"$(sed -n 's/^policy \([a-z0-9-]*\).*/\1/p' <<<"$out" | head -1)" "$ms" "$content")")
}

scenario "1. Healthy dual stack" 6.1.0-27-amd64

say "Breaking the IPv6 path: ip6tables DROP for all TCP to $V6 (a blackhole)"
cifsaf_fault "$NS" drop "$V6"
echo "A plain connect to [$V6]:445 now gets no answer:"
if ip netns exec "$NS" timeout 2 bash -c "exec 3<>/dev/tcp/$V6/445" 2>/dev/null; then
	echo "    (it answered: the fault did not apply)"
else
	echo "    no answer after 2 s (cifs-utils would hand this address to the kernel first and wait ~10 s)"
fi
scenario "2. IPv6 blackholed" 6.1.0-27-amd64

cifsaf_fault_clear "$NS"
cifsaf_fault "$NS" reject "$V6"
scenario "3. IPv6 refused (TCP reset)" 6.1.0-27-amd64
cifsaf_fault_clear "$NS"

scenario "4. RHEL 5 kernel (2.6.18-*.el5)" 2.6.18-308.8.1.el5

say "Summary"
printf '%-34s | %-22s | %-14s | %8s | %s\n' "scenario" "ip= chosen" "policy" "decision" "hello.txt via that address"
printf '%s\n' "-----------------------------------+------------------------+----------------+----------+---------------------------"
printf '%s\n' "${rows[@]}"
echo
echo "Each decision above is what mount.cifs passes to the kernel as ip=; the -f flag stops"
echo "before mount(2), because this machine's kernel has no CIFS client."
