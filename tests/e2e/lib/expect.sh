# shellcheck shell=bash
#
# tests/e2e/lib/expect.sh - what each scenario must show, per helper.
#
# cifs-af must mount and read the known file in every scenario, over the
# address its policy says, within the time bounds below.  For Debian's
# cifs-utils (the baseline) the checks say what is true of it today
# (cifs-utils 7.0 on Debian 12), failures included, so that a changed
# baseline is noticed instead of silently recorded.
#
# Time bounds are measured from the start of the mount command to the
# file having been read, inside a TCG guest (no KVM), where a healthy
# mount takes 0.2-0.5 s.  They are generous against emulation noise but
# each one separates the behaviours that matter: a fallback that waits for
# one 250 ms connection attempt delay from one that waits for the kernel's
# ~10 s connect time-out.
#
# Needs harness.sh (e2e_field, e2e_lines, e2e_norm_addr, the addresses).

# The AAAA-unanswered case: glibc's resolver waits for the missing answer
# (resolv.conf defaults: 5 s time-out, retried, ~15 s in all) before
# getaddrinfo returns the A record; cifs-utils pays that wait.  cifs-af asks
# for A and AAAA in separate lookups at once and goes on 50 ms (the
# Resolution Delay) after the A answer, so its bound is the fast one.
E2E_RESOLVER_WAIT_MS=25000
E2E_FAST_MS=3000

_e2e_why() { E2E_WHY+=("$*"); }

# The fields of the result under check.
_e2e_get() { e2e_field "$E2E_LABEL" "$E2E_SCEN" "$1"; }

# mounted: exit 0, the known content read through the mount, unmounted
# cleanly afterwards.
_want_mounted() {
	local st content um
	st=$(_e2e_get status) content=$(_e2e_get content) um=$(_e2e_get umount)
	[ "$st" = 0 ] || _e2e_why "mount exited with status $st, want 0"
	[ "$content" = "$E2E_KNOWN_CONTENT" ] || _e2e_why "read '$content' through the mount, want '$E2E_KNOWN_CONTENT'"
	[ "$um" = 0 ] || _e2e_why "unmount status '$um', want 0"
}

# failed STATUS: the mount failed with that exit status; nothing was
# mounted and nothing read.
_want_failed() {
	local st content um
	st=$(_e2e_get status) content=$(_e2e_get content) um=$(_e2e_get umount)
	[ "$st" = "$1" ] || _e2e_why "mount exited with status $st, want $1 (the baseline's failure)"
	[ -z "$content" ] || _e2e_why "read '$content' although the mount should have failed"
	[ "$um" = - ] || _e2e_why "something was mounted although the mount should have failed"
}

# addr ADDR: the kernel connected to ADDR (addr= in /proc/mounts).
_want_addr() {
	local got
	got=$(_e2e_get addr)
	[ "$(e2e_norm_addr "$got")" = "$(e2e_norm_addr "$1")" ] ||
		_e2e_why "addr=${got:-(none)} in /proc/mounts, want $1"
}

# ms MIN MAX: the time from mount to readable file.
_want_ms() {
	local ms
	ms=$(_e2e_get ms)
	if ! [[ "$ms" =~ ^[0-9]+$ ]]; then
		_e2e_why "no time recorded"
	elif ((ms < $1 || ms > $2)); then
		_e2e_why "took $ms ms, want $1..$2 ms"
	fi
}

# field KEY VALUE: a scenario-specific fact.
_want_field() {
	local got
	got=$(_e2e_get "$1")
	[ "$got" = "$2" ] || _e2e_why "$1=$got, want $1=$2"
}

# field_re KEY REGEX: a scenario-specific fact matching REGEX (grep -E).
_want_field_re() {
	local got
	got=$(_e2e_get "$1")
	grep -qE -- "$2" <<<"$got" || _e2e_why "$1='$got', want it to match '$2'"
}

# log TEXT: a line the commands printed contains TEXT (fixed string).
_want_log() {
	e2e_lines "$E2E_LABEL" "$E2E_SCEN" log | grep -qF -- "$1" ||
		_e2e_why "the output has no '$1'"
}

# log_re REGEX: a line the commands printed matches REGEX (grep -E).
_want_log_re() {
	e2e_lines "$E2E_LABEL" "$E2E_SCEN" log | grep -qE -- "$1" ||
		_e2e_why "the output has no line matching '$1'"
}

# syslog COUNT [TEXT...]: COUNT records from mount.cifs, each TEXT in them.
_want_syslog() {
	local n=$1 lines got t
	shift
	lines=$(e2e_lines "$E2E_LABEL" "$E2E_SCEN" syslog)
	got=$(grep -c . <<<"$lines")
	[ "$got" = "$n" ] || _e2e_why "$got syslog records from mount.cifs, want $n"
	for t in "$@"; do
		grep -qF -- "$t" <<<"$lines" || _e2e_why "no syslog record with '$t'"
	done
}

# The guest asked dnsmasq for noaaaa.test's AAAA, dnsmasq forwarded the
# query to the dead upstream, and no answer ever came back.
_want_aaaa_unanswered() {
	local log=$E2E_WORK/dns/dnsmasq.log
	grep -q "query\[AAAA\] noaaaa.test from $E2E_GUEST_V4" "$log" ||
		_e2e_why "dnsmasq never saw the guest's AAAA query for noaaaa.test"
	grep -q "forwarded noaaaa.test to $E2E_DEAD_DNS" "$log" ||
		_e2e_why "dnsmasq did not forward the AAAA query to the dead upstream"
	if grep -qE "reply noaaaa.test is .*:" "$log"; then
		_e2e_why "an AAAA answer for noaaaa.test came back (the fault did not hold)"
	fi
}

# e2e_check LABEL SCENARIO: 0 if the scenario's result is what LABEL
# (cifs-af or cifs-utils) must show; otherwise the reasons are in E2E_WHY.
e2e_check() {
	E2E_LABEL=$1 E2E_SCEN=$2
	E2E_WHY=()
	if ! e2e_has_result "$1" "$2"; then
		_e2e_why "the guest reported no result for it"
		return 1
	fi
	# The .deb's helper must do all that the copied build does.
	local helper=$1
	case "$1:$2" in
	cifs-af-deb:deb-*) ;;
	cifs-af-deb:*) helper=cifs-af ;;
	esac
	case "$helper:$2" in
	# --- cifs-af: every scenario mounts and reads the file --------------
	cifs-af:healthy)
		# Happy eyeballs starts with IPv6, which answers at once.
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_syslog 1 "daemon.notice" "ip=$E2E_SERVER_V6" ;;
	cifs-af:v6-dropped)
		# IPv4 wins one connection attempt delay (250 ms) after the
		# blackholed IPv6 attempt started: never sooner, and far below
		# cifs-utils' ~10 s failure.
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 250 2000
		# The IPv6 attempt starts first and never answers; the IPv4 one
		# starts no sooner than the 250 ms connection attempt delay.
		_want_log_re "^probe $E2E_V6_DROPPED port 445: started at [0-9]+ ms, no answer"
		_want_log_re "^probe ${E2E_SERVER_V4//./\\.} port 445: started at (2[5-9][0-9]|[3-9][0-9]{2}|[0-9]{4,}) ms, connected"
		_want_log "policy happy-eyeballs"
		_want_log "mount.cifs kernel mount options: ip=$E2E_SERVER_V4,"
		_want_syslog 1 "daemon.warn" "ip=$E2E_SERVER_V4" ;;
	cifs-af:v6-refused)
		# A reset starts the IPv4 attempt at once.
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 0 2000
		_want_syslog 1 "$E2E_V6_REFUSED failed after" "Connection refused" ;;
	cifs-af:v4-dropped)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS" ;;
	cifs-af:aaaa-unanswered)
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 0 "$E2E_FAST_MS"
		_want_aaaa_unanswered ;;
	cifs-af:fstab-mount)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS" ;;
	cifs-af:fstab-all)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_field cifs_mounts 1 ;;
	cifs-af:autofs)
		_want_field armed yes; _want_field mounted_before no
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 5000 ;;
	cifs-af:user-fstab)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_field mount_uid 1000; _want_field mount_gid 1000
		_want_field nosuid yes; _want_field nodev yes ;;
	cifs-af:syslog)
		# One record, a warning (the other family won after a failure),
		# naming the share, the policy, the address and the failed one.
		_want_mounted; _want_addr "$E2E_SERVER_V4"
		_want_field records 1
		_want_syslog 1 "daemon.warn mount.cifs[" "//v6drop.test/share: policy happy-eyeballs" \
			"ip=$E2E_SERVER_V4 in" "$E2E_V6_DROPPED no answer" ;;
	cifs-af:config-v4only)
		# `kernel >=0 v4-only` matches every kernel: IPv6 is never tried.
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 0 "$E2E_FAST_MS"
		_want_log "policy v4-only"
		_want_log "cifs-af.conf" ;;

	# --- cifs-utils 7.0: the baseline as it is ---------------------------
	cifs-utils:healthy | cifs-utils:v4-dropped | cifs-utils:fstab-mount)
		# getaddrinfo order: IPv6 first; a dead IPv4 is never tried.
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_syslog 0 ;;
	cifs-utils:fstab-all)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_field cifs_mounts 1 ;;
	cifs-utils:v6-dropped | cifs-utils:syslog)
		# The kernel gives up on the blackholed IPv6 address after ~10 s
		# with EINPROGRESS, which 7.0 does not retry: exit 32, and not a
		# word to syslog.
		_want_failed 32; _want_ms 8000 20000
		_want_log "mount error(115): Operation now in progress"
		[ "$2" = v6-dropped ] && _want_log "mount.cifs kernel mount options: ip=$E2E_V6_DROPPED,"
		_want_syslog 0 ;;
	cifs-utils:v6-refused)
		# A reset is ECONNREFUSED at once, which cifs-utils does retry
		# with the next address.
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 0 "$E2E_FAST_MS" ;;
	cifs-utils:aaaa-unanswered)
		# Waits for the resolver's time-outs (at least one 5 s round).
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 5000 "$E2E_RESOLVER_WAIT_MS"
		_want_aaaa_unanswered ;;
	cifs-utils:autofs)
		_want_field armed yes; _want_field mounted_before no
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 5000 ;;
	cifs-utils:user-fstab)
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_field mount_uid 1000; _want_field mount_gid 1000
		_want_field nosuid yes; _want_field nodev yes ;;
	cifs-utils:config-v4only)
		# cifs-utils does not read /etc/cifs-af.conf: IPv6 as usual.
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS" ;;
	*:cache-shares | *:dfs-referral | *:dfs-v6only)
		e2e_check_keyring "$helper" "$2" ;;
	*:ad-site)
		e2e_check_adsite "$helper" "$2" ;;

	# --- cifs-af's .deb installed by dpkg over cifs-utils ----------------
	cifs-af-deb:deb-install)
		# dpkg installed cifs-utils, then cifs-af: its preinst diverted
		# cifs-utils' files (six diversions, dpkg --verify clean), the
		# link is in place, the statoverride made the helper setuid.
		_want_field status 0; _want_field owner_status 0
		_want_field_re before '^mount\.cifs version: [0-9]'
		_want_field_re version "^mount\.cifs version: cifs-af "
		_want_field link /usr/libexec/cifs-af/mount.cifs
		_want_field diversions 6; _want_field verify 0
		_want_field_re kept '^mount\.cifs\.distrib version: [0-9]'
		_want_field mode 4755; _want_field request_key 1 ;;
	cifs-af-deb:deb-purge)
		# Purged: no diversion, cifs-utils' own helper mounts again
		# (IPv6 first, no syslog record).
		_want_field purge_status 0; _want_field diversions 0; _want_field verify 0
		_want_field link ""; _want_field conf absent
		_want_field_re version '^mount\.cifs version: [0-9]'
		_want_mounted; _want_addr "$E2E_SERVER_V6"; _want_ms 0 "$E2E_FAST_MS"
		_want_syslog 0 ;;
	*)
		_e2e_why "no expectation for helper $1 in scenario $2" ;;
	esac
	((${#E2E_WHY[@]} == 0))
}

# shellcheck source=tests/e2e/lib/expect-keyring.sh
. "$top/tests/e2e/lib/expect-keyring.sh"
