# shellcheck shell=bash
#
# tests/e2e/lib/harness.sh - the host side of the end-to-end tests, shared
# by tests/e2e/run.sh and tests/demo.sh: the servers in a network
# namespace, the helpers under test, and one qemu guest per helper.
#
# The network (documentation ranges only; everything is inside namespace
# $E2E_NS, whose only link is the tap device of the guest):
#
#   guest eth0 192.0.2.10, 2001:db8::10  ──tap0──  namespace $E2E_NS:
#     192.0.2.1   2001:db8::1   smbd (all addresses), dnsmasq (192.0.2.1:53)
#     2001:db8::2               every TCP segment dropped      (ip6tables DROP)
#     2001:db8::3               every TCP connection reset     (ip6tables REJECT tcp-reset)
#     192.0.2.4                 every TCP segment dropped      (iptables DROP)
#     2001:db8::d1 ... ::d8     every TCP segment dropped      (ip6tables DROP)
#     192.0.2.53 (on lo)        dnsmasq's upstream for noaaaa.test; swallows
#                               every packet, so it never answers
#
# DNS (dnsmasq, real queries from the guest's glibc resolver):
#   fs.test        A 192.0.2.1  AAAA 2001:db8::1   healthy dual stack
#   v6drop.test    A 192.0.2.1  AAAA 2001:db8::2   IPv6 path blackholed
#   v6refused.test A 192.0.2.1  AAAA 2001:db8::3   IPv6 refused
#   v4drop.test    A 192.0.2.4  AAAA 2001:db8::1   IPv4 path blackholed
#   dead8.test     A 192.0.2.1  AAAA 2001:db8::d1 ... ::d8 (all eight
#                  blackholed): many dead addresses of the first family
#   noaaaa.test    A 192.0.2.1  AAAA never answered: dnsmasq answers A from
#                  its own record and forwards the AAAA query (it has no
#                  AAAA record for the name) to the dead upstream.
#   v6only.test    AAAA 2001:db8::1 only (a local domain: A is NODATA)
#
# Samba shares: share (hello.txt), share2 and share3 (the same directory,
# for the decision cache's several shares of one server), and dfs, a DFS
# root (msdfs root) whose link "link" refers to \\v6drop.test\share and
# "v6link" to \\v6only.test\share.
# Each fault has an address of its own, so all scenarios run in one boot,
# without the guest having to ask the host to change rules in between.
#
# Needs: $top; tests/lib/netns.sh, netns-guest.sh and build.sh sourced.
: "${top:?tests/e2e/lib/harness.sh needs \$top, the source tree}"
# shellcheck source=tests/lib/addc.sh
. "$top/tests/lib/addc.sh"
# shellcheck source=tests/e2e/lib/adsite.sh
. "$top/tests/e2e/lib/adsite.sh"

E2E_NS=cifsaf-e2e-$$
E2E_TAP=tap0
E2E_SERVER_V4=192.0.2.1
E2E_SERVER_V6=2001:db8::1
E2E_V6_DROPPED=2001:db8::2
E2E_V6_REFUSED=2001:db8::3
E2E_V4_DROPPED=192.0.2.4
E2E_DEAD_DNS=192.0.2.53
E2E_V6_DEAD8="2001:db8::d1 2001:db8::d2 2001:db8::d3 2001:db8::d4 2001:db8::d5 2001:db8::d6 2001:db8::d7 2001:db8::d8"
E2E_GUEST_V4=192.0.2.10
E2E_GUEST_V6=2001:db8::10
E2E_MOUNT_OPTS="username=nobody,password="
# What tests/lib/netns.sh's smbd puts in hello.txt.
# shellcheck disable=SC2034 # used by expect.sh
E2E_KNOWN_CONTENT="hello from samba"

# Seconds one guest run may take, boot to power-off.  A full run of every
# scenario takes 1-2 minutes under TCG; this only stops a hung guest.
: "${E2E_GUEST_LIMIT:=600}"

# The scenarios, in the order they run.  The default list is what
# tests/run-all.sh runs; E2E_PENDING (none now) would name scenarios written
# and asserted in full that wait for a feature not on main yet: `run.sh
# --all` or naming them runs them.
E2E_SCENARIOS_ALL="healthy v6-dropped v6-refused v4-dropped aaaa-unanswered fstab-mount fstab-all autofs user-fstab syslog config-v4only"
# The keyring scenarios (guest/keyring.sh): the decision cache and the
# kernel's own lookups through cifs-af.dnsresolver.
E2E_SCENARIOS_ALL+=" cache-shares dfs-referral dfs-v6only"
# The AD site step (lib/adsite.sh): //ad.test/share on a Samba AD DC with
# two sites, the guest in the second.
E2E_SCENARIOS_ALL+=" ad-site"
E2E_PENDING=""
# The guest that installs cifs-af's .deb (helper label cifs-af-deb,
# guest/deb.sh): dpkg installs cifs-utils, then cifs-af, whose preinst
# diverts cifs-utils' mount.cifs; these scenarios then run through
# mount(8) and the package's link (a setuid helper by dpkg-statoverride
# for the user mount, the packaged request-key.d file for the DFS
# referral), and the package is purged at the end.
E2E_DEB_SCENARIOS="healthy v6-dropped user-fstab dfs-referral"

# The packages the host side needs (the guest image adds its own).
E2E_PACKAGES="samba smbclient dnsmasq-base qemu-system-x86 iproute2 iptables cifs-utils"

e2e_default_scenarios() {
	local s out=
	for s in $E2E_SCENARIOS_ALL; do
		[[ " $E2E_PENDING " == *" $s "* ]] || out+="$s "
	done
	printf '%s\n' "${out% }"
}

# e2e_cifs_utils_helper: the path of Debian's packaged mount.cifs.
e2e_cifs_utils_helper() {
	dpkg -L cifs-utils 2>/dev/null | grep -m1 -E '/sbin/mount\.cifs$'
}

# e2e_scenarios_for LABEL SCENARIOS: what the LABEL guest runs of the
# requested SCENARIOS.  cifs-af-deb installs the package first and purges
# it last, and runs only the requested ones of E2E_DEB_SCENARIOS unless
# SCENARIOS were named on the command line (E2E_NAMED=1).
e2e_scenarios_for() {
	local s out=
	if [ "$1" != cifs-af-deb ]; then
		printf '%s\n' "$2"
		return
	fi
	for s in $2; do
		[ "${E2E_NAMED:-0}" = 1 ] || [[ " $E2E_DEB_SCENARIOS " == *" $s "* ]] && out+="$s "
	done
	printf 'deb-install %sdeb-purge\n' "$out"
}

# e2e_build_cifsaf: build cifs-af the way a distribution would
# (--prefix=/usr --sysconfdir=/etc, so its configuration file is
# /etc/cifs-af.conf) in build/e2e-helper; sets E2E_CIFSAF_HELPER.
e2e_build_cifsaf() {
	# A tree configured in place blocks VPATH builds.
	if [ -f "$top/config.status" ]; then
		make -C "$top" distclean >/dev/null 2>&1 || true
	fi
	cifsaf_bootstrap || return 1
	cifsaf_build e2e-helper --prefix=/usr --sysconfdir=/etc || return 1
	# shellcheck disable=SC2034 # for the callers
	E2E_CIFSAF_HELPER=$CIFSAF_BUILD_DIR/mount-cifs/mount.cifs
}

# e2e_prepare: packages, the kernel, autofs and the base image.  Prints
# progress through $1 (a function taking a message).
e2e_prepare() {
	local say=${1:-echo}
	# shellcheck disable=SC2086 # word lists on purpose
	cifsaf_need_packages $E2E_PACKAGES $E2E_IMAGE_PACKAGES || return 1
	"$say" "fetching Debian's kernel, autofs and busybox-static (cached in build/e2e/cache)"
	e2e_kernel_fetch || return 1
	e2e_autofs_fetch || return 1
	e2e_busybox_fetch || return 1
	"$say" "guest kernel $E2E_KVER; building the base initramfs if it changed"
	e2e_image_base || return 1
}

# e2e_servers_start WORKDIR: the namespace, tap0, smbd, dnsmasq and the
# faults.  Call cifsaf_trap_cleanup first.
e2e_servers_start() {
	local work=$1 a dead8_tap=() dead8_dns=()
	for a in $E2E_V6_DEAD8; do
		dead8_tap+=("$a/64")
		dead8_dns+=("host-record=dead8.test,$a")
	done
	mkdir -p "$work/samba/dfs" "$work/dns" || return 1
	# The DFS root's links: Samba reads "msdfs:SERVER\SHARE" symlinks.
	ln -s 'msdfs:v6drop.test\share' "$work/samba/dfs/link" || return 1
	ln -s 'msdfs:v6only.test\share' "$work/samba/dfs/v6link" || return 1
	# Samba answers a DFS referral (on IPC$) as the guest user, who must
	# reach the DFS root's links: the work directories become traversable
	# (not readable) for others.
	chmod o+x "$work" "$work/samba" || return 1
	local CIFSAF_SMBD_EXTRA_CONF
	CIFSAF_SMBD_EXTRA_CONF=$(e2e_smbd_extra "$work/samba")
	cifsaf_ns_create "$E2E_NS" || return 1
	cifsaf_tap_create "$E2E_NS" "$E2E_TAP" "$E2E_SERVER_V4/24" "$E2E_V4_DROPPED/24" \
		"$E2E_SERVER_V6/64" "$E2E_V6_DROPPED/64" "$E2E_V6_REFUSED/64" "${dead8_tap[@]}" || return 1
	cifsaf_blackhole "$E2E_NS" "$E2E_DEAD_DNS" || return 1
	cifsaf_smbd_start "$E2E_NS" "$work/samba" || return 1
	cifsaf_dnsmasq_start "$E2E_NS" "$work/dns" "$E2E_SERVER_V4" \
		"host-record=fs.test,$E2E_SERVER_V4,$E2E_SERVER_V6" \
		"host-record=v6drop.test,$E2E_SERVER_V4,$E2E_V6_DROPPED" \
		"host-record=v6refused.test,$E2E_SERVER_V4,$E2E_V6_REFUSED" \
		"host-record=v4drop.test,$E2E_V4_DROPPED,$E2E_SERVER_V6" \
		"host-record=noaaaa.test,$E2E_SERVER_V4" \
		"host-record=v6only.test,$E2E_SERVER_V6" "local=/v6only.test/" \
		"host-record=dead8.test,$E2E_SERVER_V4" "${dead8_dns[@]}" \
		"server=/noaaaa.test/$E2E_DEAD_DNS" $(cifsaf_addc_dns_lines) || return 1
	# Programs run in the namespace with `ip netns exec` (the demo's
	# decision-only runs, smbclient) resolve through dnsmasq as the guest
	# does: ip netns exec binds these files over /etc.
	printf 'nameserver %s\n' "$E2E_SERVER_V4" >"/etc/netns/$E2E_NS/resolv.conf" || return 1
	printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"/etc/netns/$E2E_NS/nsswitch.conf" || return 1
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"/etc/netns/$E2E_NS/hosts" || return 1
	cifsaf_fault "$E2E_NS" drop "$E2E_V6_DROPPED" || return 1
	cifsaf_fault "$E2E_NS" reject "$E2E_V6_REFUSED" || return 1
	cifsaf_fault "$E2E_NS" drop "$E2E_V4_DROPPED" || return 1
	for a in $E2E_V6_DEAD8; do
		cifsaf_fault "$E2E_NS" drop "$a" || return 1
	done
	# The AD DC only when a scenario needs it (run.sh sets E2E_WITH_ADDC):
	# the demo and the benchmark's guest never pay for it.
	if [ "${E2E_WITH_ADDC:-0}" = 1 ]; then
		e2e_addc_start "$work" || return 1
	fi
	E2E_WORK=$work
}

# e2e_smbd_extra DIR: the shares beyond cifsaf_smbd_start's "share" (whose
# directory is DIR/share): two more names for it, and the DFS root DIR/dfs.
e2e_smbd_extra() {
	local s
	# force user: the guest account could not enter the root-only work
	# directory (as for "share").
	for s in share2 share3; do
		printf '[%s]\n    path = %s/share\n    guest ok = yes\n    read only = yes\n    force user = root\n' \
			"$s" "$1"
	done
	printf '[dfs]\n    path = %s/dfs\n    msdfs root = yes\n    guest ok = yes\n    read only = yes\n    force user = root\n' \
		"$1"
}

# e2e_settings LABEL SCENARIOS OUT: the guest's /etc/e2e/run.conf.
# E2E_SETTINGS_EXTRA (shell assignments, e.g. the benchmark's repeat count)
# is appended when set.
e2e_settings() {
	cat >"$3" <<-EOF
		E2E_HELPER='$1'
		E2E_SCENARIOS='$2'
		GUEST_V4=$E2E_GUEST_V4
		GUEST_V6=$E2E_GUEST_V6
		DNS_SERVER=$E2E_SERVER_V4
		MOUNT_OPTS='$E2E_MOUNT_OPTS'
		NAME_HEALTHY=fs.test
		NAME_V6_DROPPED=v6drop.test
		NAME_V6_REFUSED=v6refused.test
		NAME_V4_DROPPED=v4drop.test
		NAME_NO_AAAA=noaaaa.test
		NAME_V6_ONLY=v6only.test
		NAME_V6_DEAD8=dead8.test
		NAME_AD=$CIFSAF_ADDC_DOMAIN
		AD_MOUNT_OPTS='$E2E_ADDC_MOUNT_OPTS'
		AD_ROUTES='$CIFSAF_ADDC_DC_ADDRS'
		SERVER_V6=$E2E_SERVER_V6
	EOF
	if [ -n "${E2E_SETTINGS_EXTRA:-}" ]; then
		printf '%s\n' "$E2E_SETTINGS_EXTRA" >>"$3"
	fi
}

# e2e_guest_run LABEL HELPER SCENARIOS [ON-RECORD]: boot the guest with
# HELPER as /sbin/mount.cifs, run SCENARIOS, wait for it to power off.
# Each result record is passed to ON-RECORD (a function taking the line)
# as it arrives, so callers can show progress.  The records end up in
# $E2E_WORK/results-LABEL.txt, the console in console-LABEL.log.  Sets
# E2E_GUEST_SECONDS.  Fails when the guest did not report "done".
e2e_guest_run() {
	local label=$1 helper=$2 scenarios=$3 on_record=${4:-:}
	local initrd=$E2E_WORK/initrd-$label.img settings=$E2E_WORK/run-$label.conf
	local results=$E2E_WORK/results-$label.txt console=$E2E_WORK/console-$label.log
	local pid seen=0 n line t0=$SECONDS
	E2E_GUEST_SECONDS=0
	# Empty before the image is made: a run that fails there has no results.
	: >"$results"
	: >"$console"
	e2e_settings "$label" "$scenarios" "$settings"
	e2e_image_initrd "$label" "$helper" "$settings" "$initrd" || return 1
	# One vCPU: the machine's two cores are shared, and TCG with one
	# thread is what the reference timings were measured with.
	ip netns exec "$E2E_NS" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$E2E_VMLINUZ" -initrd "$initrd" \
		-append "console=ttyS0 quiet loglevel=4 panic=-1" \
		-netdev "tap,id=n0,ifname=$E2E_TAP,script=no,downscript=no" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:e2:e0:10 \
		-chardev "file,id=con,path=$console" -serial chardev:con \
		-chardev "file,id=res,path=$results" -serial chardev:res \
		</dev/null >"$E2E_WORK/qemu-$label.out" 2>&1 &
	pid=$!
	_CIFSAF_PIDS+=("$E2E_NS $pid")
	# Follow the results file while the guest runs.  Polling (not a
	# blocking `wait`) keeps Ctrl-C and the time limit responsive.
	while :; do
		n=$(wc -l <"$results")
		while ((seen < n)); do
			seen=$((seen + 1))
			line=$(sed -n "${seen}p" "$results")
			"$on_record" "$line"
		done
		_cifsaf_alive "$pid" || break
		if ((SECONDS - t0 > E2E_GUEST_LIMIT)); then
			echo "e2e: the $label guest ran longer than ${E2E_GUEST_LIMIT}s; stopping it" >&2
			kill -KILL "$pid" 2>/dev/null
		fi
		sleep 0.2
	done
	wait "$pid" 2>/dev/null || true
	# Records written just before power-off.
	n=$(wc -l <"$results")
	while ((seen < n)); do
		seen=$((seen + 1))
		"$on_record" "$(sed -n "${seen}p" "$results")"
	done
	# shellcheck disable=SC2034 # for the callers
	E2E_GUEST_SECONDS=$((SECONDS - t0))
	if ! grep -q '^done' "$results"; then
		echo "e2e: the $label guest did not finish; its console said:" >&2
		tail -n 30 "$console" >&2
		sed 's/^/    qemu: /' "$E2E_WORK/qemu-$label.out" >&2
		grep '^fatal' "$results" >&2
		return 1
	fi
}

# e2e_field LABEL SCENARIO KEY: a value of the scenario's result record.
e2e_field() {
	awk -F '\t' -v s="$2" -v k="$3" '
		$1 == "result" && $2 == s {
			for (i = 3; i <= NF; i++)
				if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit }
		}' "$E2E_WORK/results-$1.txt"
}

# e2e_lines LABEL SCENARIO KIND: the texts of the scenario's KIND records
# (log or syslog), one a line.
e2e_lines() {
	awk -F '\t' -v s="$2" -v k="$3" '$1 == k && $2 == s { print $3 }' "$E2E_WORK/results-$1.txt"
}

# e2e_has_result LABEL SCENARIO: true when the guest reported a result.
e2e_has_result() {
	awk -F '\t' -v s="$2" '$1 == "result" && $2 == s { f = 1 } END { exit !f }' "$E2E_WORK/results-$1.txt"
}

# e2e_norm_addr ADDR: one spelling for an address, so that /proc/mounts'
# fully expanded IPv6 (2001:0db8:0000:...) compares equal to 2001:db8::1.
e2e_norm_addr() {
	local a=${1,,} head tail g out='' n i
	if [[ "$a" != *:* ]]; then
		printf '%s\n' "$a"
		return
	fi
	if [[ "$a" == *::* ]]; then
		head=${a%%::*} tail=${a#*::}
		n=0
		[ -n "$head" ] && n=$((n + $(tr -cd ':' <<<"$head" | wc -c) + 1))
		[ -n "$tail" ] && n=$((n + $(tr -cd ':' <<<"$tail" | wc -c) + 1))
		a=$head
		for ((i = n; i < 8; i++)); do a+=${a:+:}0; done
		[ -n "$tail" ] && a+=:$tail
	fi
	IFS=: read -r -a g <<<"$a"
	for i in "${g[@]}"; do out+=$(printf '%x:' "0x$i"); done
	printf '%s\n' "${out%:}"
}

# e2e_short_addr ADDR: the usual short spelling (2001:db8::1) for tables.
e2e_short_addr() {
	local a
	a=$(e2e_norm_addr "$1")
	[[ "$a" == *:* ]] || { printf '%s\n' "$a"; return; }
	# The first run of two or more zero groups becomes "::".
	a=$(sed -E 's/(^|:)0(:0)+(:|$)/::/' <<<"$a")
	printf '%s\n' "$a"
}
