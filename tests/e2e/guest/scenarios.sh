# shellcheck shell=sh
# tests/e2e/guest/scenarios.sh: the scenarios, run inside the guest by
# /init (busybox sh).  Each one goes through the transparent path: mount(8)
# (util-linux) finds /sbin/mount.cifs, whichever helper this image carries.
#
# The guest only reports what happened; the host decides whether that is
# right for the helper under test (tests/e2e/lib/expect.sh).  So nothing
# here knows which helper it runs, and the same facts are recorded for
# cifs-af and for cifs-utils.
#
# Results: one record a line on ttyS1, fields separated by tabs:
#   begin   SCENARIO
#   log     SCENARIO  TEXT        a line the commands printed (mount -v trace, errors)
#   syslog  SCENARIO  LINE        a line syslogd wrote for mount.cifs meanwhile
#   result  SCENARIO  KEY=VALUE...
# with these keys in every result:
#   status   exit status of the mount step (util-linux mount, or the first
#            access for autofs)
#   ms       milliseconds from the start of the mount step until the known
#            file had been read through the mount
#   content  the first line of hello.txt read through the mount (empty when
#            it could not be read)
#   addr     the addr= the kernel shows for the mount in /proc/mounts
#   umount   exit status of the unmount ("-" when nothing was mounted)
#
# Settings come from /etc/e2e/run.conf: MOUNT_OPTS, the names (NAME_*),
# the addresses, E2E_SCENARIOS.

# busybox sh runs its own applets in preference to PATH (Debian builds it
# standalone), so `mount` would be busybox's mount, which calls mount(2)
# without any helper.  util-linux's programs and coreutils' date are
# therefore always named by path.
MOUNT=/usr/bin/mount
UMOUNT=/usr/bin/umount

# Seconds one mount step may take before it is killed: far above any
# expected time (cifs-utils' failure after ~10 s, a ~15 s DNS time-out),
# low enough that a hang cannot eat the host's time limit.
STEP_LIMIT=60

now_ms() {
	/usr/bin/date +%s%3N
}

# mounted MOUNTPOINT: true when MOUNTPOINT is a mount point now.
mounted() {
	awk -v mp="$1" '$2 == mp { found = 1 } END { exit !found }' /proc/mounts
}

# mount_addr MOUNTPOINT: the addr= option of the cifs mount on MOUNTPOINT.
mount_addr() {
	awk -v mp="$1" '$2 == mp && $3 == "cifs" { print $4 }' /proc/mounts |
		tr ',' '\n' | sed -n 's/^addr=//p' | head -n 1
}

syslog_mark() {
	SYSLOG_MARK=$(wc -l </var/log/messages 2>/dev/null || echo 0)
}

# syslog_new: the mount.cifs lines syslogd wrote since syslog_mark.
syslog_new() {
	tail -n "+$((SYSLOG_MARK + 1))" /var/log/messages 2>/dev/null | grep 'mount\.cifs' || true
}

# send_lines KIND SCENARIO: each line of stdin as a KIND record.
send_lines() {
	while IFS= read -r line; do
		emit "$1" "$2" "$(printf '%s' "$line" | tr '\t\r' '  ')"
	done
}

# as_user CMD...: run CMD as $RUN_AS (tester), or as root when unset.
as_user() {
	if [ -n "${RUN_AS:-}" ]; then
		# busybox su would take options among the command's arguments
		# (`timeout -s KILL` became su's -s), so the command goes in one
		# -c string, each argument single-quoted.
		cmd=
		for a in "$@"; do
			cmd="$cmd '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
		done
		su -s /bin/sh -c "exec$cmd" "$RUN_AS"
	else
		"$@"
	fi
}

# mount_step SCENARIO MOUNTPOINT CMD...: run the mount command (as
# $RUN_AS when set), then read the known file through MOUNTPOINT.  Sets
# STATUS, MS, CONTENT; the command's output is in /tmp/e2e.out.
mount_step() {
	scen=$1 mp=$2
	shift 2
	syslog_mark
	t0=$(now_ms)
	as_user timeout -s KILL "$STEP_LIMIT" "$@" >/tmp/e2e.out 2>&1
	STATUS=$?
	CONTENT=
	if [ "$STATUS" -eq 0 ]; then
		CONTENT=$(as_user head -n 1 "$mp/hello.txt" 2>>/tmp/e2e.out)
	fi
	MS=$(($(now_ms) - t0))
}

# finish SCENARIO MOUNTPOINT [KEY=VALUE...]: record addr=, unmount (as
# $RUN_AS when set), send the output, the new syslog lines and the result.
finish() {
	scen=$1 mp=$2
	shift 2
	addr=$(mount_addr "$mp")
	um=-
	if mounted "$mp"; then
		as_user "$UMOUNT" "$mp" >>/tmp/e2e.out 2>&1
		um=$?
		# Whatever the outcome, leave nothing behind for the next scenario.
		mounted "$mp" && "$UMOUNT" -l "$mp" 2>/dev/null
	fi
	send_lines log "$scen" </tmp/e2e.out
	syslog_new | send_lines syslog "$scen"
	emit result "$scen" "status=$STATUS" "ms=$MS" "content=$CONTENT" "addr=$addr" "umount=$um" "$@"
}

# cifs_mount SCENARIO NAME [MOUNT-ARGS...]: the transparent path,
# `mount -t cifs //NAME/share /mnt/e2e -o OPTS`.
cifs_mount() {
	scen=$1 name=$2
	shift 2
	mount_step "$scen" /mnt/e2e "$MOUNT" "$@" -t cifs "//$name/share" /mnt/e2e -o "$MOUNT_OPTS"
	finish "$scen" /mnt/e2e
}

e2e_setup() {
	mkdir -p /mnt/e2e /mnt/fstab /mnt/all /mnt/user /auto
	chown tester:tester /mnt/user
	printf '/bin/sh\n' >/etc/shells
	# The fstab scenarios' entries: noauto where `mount -a` must leave them.
	cat >/etc/fstab <<-EOF
		# written by tests/e2e/guest/scenarios.sh
		//$NAME_HEALTHY/share /mnt/fstab cifs $MOUNT_OPTS,noauto 0 0
		//$NAME_HEALTHY/share /mnt/all cifs $MOUNT_OPTS 0 0
		//$NAME_HEALTHY/share /mnt/user cifs $MOUNT_OPTS,noauto,user 0 0
	EOF
}

# --- the scenarios --------------------------------------------------------

scen_healthy() { cifs_mount healthy "$NAME_HEALTHY"; }

# -v: mount(8) passes it on, and the helper prints its decision trace.
scen_v6_dropped() { cifs_mount v6-dropped "$NAME_V6_DROPPED" -v; }

scen_v6_refused() { cifs_mount v6-refused "$NAME_V6_REFUSED"; }

scen_v4_dropped() { cifs_mount v4-dropped "$NAME_V4_DROPPED"; }

scen_aaaa_unanswered() { cifs_mount aaaa-unanswered "$NAME_NO_AAAA"; }

# An fstab entry by its mount point.
scen_fstab_mount() {
	mount_step fstab-mount /mnt/fstab "$MOUNT" /mnt/fstab
	finish fstab-mount /mnt/fstab
}

# Every cifs entry of fstab without noauto: exactly /mnt/all.
scen_fstab_all() {
	mount_step fstab-all /mnt/all "$MOUNT" -a -t cifs
	n=$(awk '$3 == "cifs"' /proc/mounts | wc -l)
	finish fstab-all /mnt/all "cifs_mounts=$n"
}

# An indirect autofs map: /auto/share is mounted by the first access to a
# file in it.  The mount step is that access (`head` of the file).
scen_autofs() {
	# browse_mode no: /auto/share does not even exist before the access.
	printf '[ autofs ]\nbrowse_mode = no\n' >/etc/autofs.conf
	printf '/auto /etc/auto.e2e --timeout=600\n' >/etc/auto.master
	printf 'share -fstype=cifs,%s ://%s/share\n' "$MOUNT_OPTS" "$NAME_HEALTHY" >/etc/auto.e2e
	chmod 0644 /etc/auto.master /etc/auto.e2e
	# In a session of its own: processes started by /init are in process
	# group 0, and the kernel refuses an autofs mount for pgrp 0 ("could
	# not find process group 0"), which automount reports as "test mount
	# forbidden".  On a real system a service manager does the same.
	# -f -v: in the foreground (a child of this shell) with its progress on
	# stderr, which goes to the log.
	setsid automount -f -v /etc/auto.master >/tmp/automount.out 2>&1 &
	apid=$!
	i=0
	until awk '$2 == "/auto" && $3 == "autofs" { f = 1 } END { exit !f }' /proc/mounts; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			break
		fi
		sleep 0.1
	done
	armed=no
	awk '$2 == "/auto" && $3 == "autofs" { f = 1 } END { exit !f }' /proc/mounts && armed=yes
	before=no
	mounted /auto/share && before=yes
	syslog_mark
	t0=$(now_ms)
	CONTENT=$(timeout -s KILL "$STEP_LIMIT" head -n 1 /auto/share/hello.txt 2>/tmp/e2e.out)
	STATUS=$?
	MS=$(($(now_ms) - t0))
	addr=$(mount_addr /auto/share)
	# automount unmounts what it mounted, and /auto, when it gets SIGTERM;
	# umount=0 says it did.
	um=-
	mounted /auto/share && um=1
	kill -TERM "$apid" 2>/dev/null
	i=0
	while mounted /auto && [ "$i" -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if [ "$um" = 1 ] && ! mounted /auto/share && ! mounted /auto; then
		um=0
	fi
	mounted /auto && kill -KILL "$apid" 2>/dev/null
	wait "$apid"
	mounted /auto/share && "$UMOUNT" -l /auto/share
	mounted /auto && "$UMOUNT" -l /auto
	cat /tmp/automount.out >>/tmp/e2e.out
	send_lines log autofs </tmp/e2e.out
	syslog_new | send_lines syslog autofs
	emit result autofs "status=$STATUS" "ms=$MS" "content=$CONTENT" "addr=$addr" "umount=$um" \
		"armed=$armed" "mounted_before=$before"
}

# The fstab `user` entry, mounted, read and unmounted by the unprivileged
# user tester: util-linux's setuid mount runs the setuid helper for them.
scen_user_fstab() {
	RUN_AS=tester
	mount_step user-fstab /mnt/user "$MOUNT" /mnt/user
	# What a user mount must look like (cifs-utils: the caller's uid= and
	# gid= unless fstab says otherwise, and nosuid,nodev).
	opts=$(awk '$2 == "/mnt/user" && $3 == "cifs" { print $4 }' /proc/mounts | tr ',' '\n')
	uid=$(printf '%s\n' "$opts" | sed -n 's/^uid=//p')
	gid=$(printf '%s\n' "$opts" | sed -n 's/^gid=//p')
	nosuid=no nodev=no
	printf '%s\n' "$opts" | grep -qx nosuid && nosuid=yes
	printf '%s\n' "$opts" | grep -qx nodev && nodev=yes
	finish user-fstab /mnt/user "mount_uid=$uid" "mount_gid=$gid" "nosuid=$nosuid" "nodev=$nodev"
	RUN_AS=
}

# The syslog record of a mount through a blackholed IPv6 path.  syslogd
# writes asynchronously: give the record up to 3 s to appear.
scen_syslog() {
	mount_step syslog /mnt/e2e "$MOUNT" -t cifs "//$NAME_V6_DROPPED/share" /mnt/e2e -o "$MOUNT_OPTS"
	i=0
	while [ "$i" -lt 30 ] && [ -z "$(syslog_new)" ]; do
		i=$((i + 1))
		sleep 0.1
	done
	finish syslog /mnt/e2e "records=$(syslog_new | wc -l)"
}

# /etc/cifs-af.conf with a kernel rule forcing IPv4 for every kernel, then
# a healthy dual-stack name (whose IPv6 would otherwise win).
scen_config_v4only() {
	printf '# written by tests/e2e/guest/scenarios.sh\nkernel >=0 v4-only\n' >/etc/cifs-af.conf
	chmod 0644 /etc/cifs-af.conf
	cifs_mount config-v4only "$NAME_HEALTHY" -v
	rm -f /etc/cifs-af.conf
}

# An AD domain name with two DCs of two sites (A and AAAA each): the site
# step must put this client's site's DC first.  The DC addresses are off
# the tap link's prefixes (or beside the guest's): host routes via the
# servers' namespace reach them.
scen_ad_site() {
	for a in $AD_ROUTES; do
		case $a in
		*:*) ip -6 route add "$a/128" via "$SERVER_V6" 2>/dev/null ;;
		*) ip route add "$a/32" via "$DNS_SERVER" 2>/dev/null ;;
		esac
	done
	# A larger site budget than the default 500 ms: under qemu's
	# emulation the guest's first LDAP pings through the namespaces'
	# fresh paths have been seen to take longer (tests/integration/
	# adsite-netns.sh checks the default budget on this machine).  The
	# file is named by CIFS_AF_CONFIG, so a package's /etc/cifs-af.conf
	# stays untouched.
	printf '# written by tests/e2e/guest/scenarios.sh\nad-site-budget-ms 3000\n' >/tmp/ad-site.conf
	chmod 0644 /tmp/ad-site.conf
	mount_step ad-site /mnt/e2e env CIFS_AF_CONFIG=/tmp/ad-site.conf "$MOUNT" -v -t cifs "//$NAME_AD/share" \
		/mnt/e2e -o "$AD_MOUNT_OPTS"
	i=0
	while [ "$i" -lt 30 ] && [ -z "$(syslog_new)" ]; do
		i=$((i + 1))
		sleep 0.1
	done
	finish ad-site /mnt/e2e
}

run_scenario() {
	emit begin "$1"
	# A scenario that went wrong must not leave a mount for the next one.
	for mp in /mnt/e2e /mnt/fstab /mnt/all /mnt/user; do
		mounted "$mp" && "$UMOUNT" -l "$mp"
	done
	RUN_AS=
	keyring_reset
	case $1 in
	healthy) scen_healthy ;;
	v6-dropped) scen_v6_dropped ;;
	v6-refused) scen_v6_refused ;;
	v4-dropped) scen_v4_dropped ;;
	aaaa-unanswered) scen_aaaa_unanswered ;;
	fstab-mount) scen_fstab_mount ;;
	fstab-all) scen_fstab_all ;;
	autofs) scen_autofs ;;
	user-fstab) scen_user_fstab ;;
	syslog) scen_syslog ;;
	config-v4only) scen_config_v4only ;;
	cache-shares | dfs-referral | dfs-v6only) keyring_scenario "$1" ;;
	ad-site) scen_ad_site ;;
	deb-install) scen_deb_install ;;
	deb-purge) scen_deb_purge ;;
	*) emit result "$1" "status=unknown-scenario" ;;
	esac
}

# shellcheck source=tests/e2e/guest/keyring.sh
. /etc/e2e/keyring.sh
# shellcheck source=tests/e2e/guest/deb.sh
. /etc/e2e/deb.sh
