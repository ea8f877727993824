# shellcheck shell=sh
# tests/e2e/guest/keyring.sh: the keyring scenarios, sourced by
# scenarios.sh (which has emit, now_ms, mounted, mount_addr, send_lines,
# the settings and the result format).  Like the others they report facts;
# tests/e2e/lib/expect-keyring.sh judges them.
#
#   cache-shares  three shares of the server whose IPv6 path is blackholed,
#                 mounted one after the other: how each was decided (a race
#                 or the decision cache), its time, and what keyctl shows
#                 in root's user keyring afterwards.
#   dfs-referral  the DFS root //fs.test/dfs, then a read through its link
#                 to \\v6drop.test\share: the kernel resolves v6drop.test
#                 itself, through request-key (cifs-af.dnsresolver, or
#                 key.dns_resolver on a system without it).
#   dfs-v6only    the same through the link to \\v6only.test\share, a name
#                 with an AAAA record only.

# Records of everything that speaks about keys and lookups: the helper, the
# request-key handlers, the kernel's CIFS messages as syslogd sees them.
keyring_syslog_new() {
	tail -n "+$((SYSLOG_MARK + 1))" /var/log/messages 2>/dev/null |
		grep -E 'mount\.cifs|dnsresolver|key\.dns_resolver|request-key' || true
}

# Each scenario starts without cached decisions, so that no scenario
# decides another's mount (cache-shares shows what the cache does).
keyring_reset() {
	keyctl clear %:cifs-af >/dev/null 2>&1 || true
}

# how_decided FILE: "cache" when the trace says the cache decided, "race"
# when probes raced, "none" otherwise.
how_decided() {
	if grep -q '^decided by the cache' "$1"; then
		echo cache
	elif grep -q '^probe .* started at' "$1"; then
		echo race
	else
		echo none
	fi
}

scen_cache_shares() {
	scen=cache-shares
	: >/tmp/e2e.out
	syslog_mark
	status=0 decided='' i=0 ms2='' ms3='' c2='' c3=''
	for share in share share2 share3; do
		i=$((i + 1))
		mkdir -p "/mnt/c$i"
		t0=$(now_ms)
		timeout -s KILL "$STEP_LIMIT" "$MOUNT" -v -t cifs "//$NAME_V6_DROPPED/$share" "/mnt/c$i" \
			-o "$MOUNT_OPTS" >/tmp/e2e.step 2>&1
		st=$?
		c=
		[ "$st" -eq 0 ] && c=$(head -n 1 "/mnt/c$i/hello.txt" 2>>/tmp/e2e.step)
		ms=$(($(now_ms) - t0))
		[ "$status" -eq 0 ] && status=$st
		decided="$decided${decided:+,}$(how_decided /tmp/e2e.step)"
		sed "s|^|$share: |" /tmp/e2e.step >>/tmp/e2e.out
		case $i in
		1) MS=$ms CONTENT=$c ;;
		2) ms2=$ms c2=$c ;;
		3) ms3=$ms c3=$c ;;
		esac
	done
	addr=$(mount_addr /mnt/c1) addr2=$(mount_addr /mnt/c2) addr3=$(mount_addr /mnt/c3)
	# What an administrator sees: keyctl show of root's user keyring.
	keyctl show @u >/tmp/e2e.keys 2>&1
	sed 's|^|keyctl: |' /tmp/e2e.keys >>/tmp/e2e.out
	keys=$(grep -c "user: cifs-af:$NAME_V6_DROPPED:445" /tmp/e2e.keys)
	um=0
	for i in 1 2 3; do
		if mounted "/mnt/c$i"; then
			"$UMOUNT" "/mnt/c$i" >>/tmp/e2e.out 2>&1 || um=1
			mounted "/mnt/c$i" && "$UMOUNT" -l "/mnt/c$i" 2>/dev/null
		fi
	done
	[ "$status" -eq 0 ] || um=-
	send_lines log "$scen" </tmp/e2e.out
	keyring_syslog_new | send_lines syslog "$scen"
	emit result "$scen" "status=$status" "ms=$MS" "content=$CONTENT" "addr=$addr" "umount=$um" \
		"ms2=$ms2" "content2=$c2" "addr2=$addr2" "ms3=$ms3" "content3=$c3" "addr3=$addr3" \
		"decided=$decided" "keys=$keys"
}

# dfs_scenario SCENARIO LINK: mount the DFS root, then read hello.txt
# through LINK; ms is the read through the link (the referral, the kernel's
# lookup and the second connection), addr the submount's.
dfs_scenario() {
	scen=$1 link=$2
	syslog_mark
	timeout -s KILL "$STEP_LIMIT" "$MOUNT" -t cifs "//$NAME_HEALTHY/dfs" /mnt/e2e -o "$MOUNT_OPTS" \
		>/tmp/e2e.out 2>&1
	STATUS=$?
	root_addr=$(mount_addr /mnt/e2e)
	CONTENT='' link_status=- addr=''
	t0=$(now_ms)
	if [ "$STATUS" -eq 0 ]; then
		CONTENT=$(timeout -s KILL "$STEP_LIMIT" head -n 1 "/mnt/e2e/$link/hello.txt" 2>>/tmp/e2e.out)
		link_status=$?
	fi
	MS=$(($(now_ms) - t0))
	addr=$(mount_addr "/mnt/e2e/$link")
	grep ' cifs ' /proc/mounts | sed 's|^|mounts: |' >>/tmp/e2e.out
	# The kernel's own words when the referral failed.
	[ "$link_status" = 0 ] || dmesg | grep -i -E 'cifs|dns' | tail -n 8 | sed 's|^|dmesg: |' >>/tmp/e2e.out
	um=-
	if mounted /mnt/e2e; then
		"$UMOUNT" -R /mnt/e2e >>/tmp/e2e.out 2>&1
		um=$?
		mounted /mnt/e2e && "$UMOUNT" -l /mnt/e2e 2>/dev/null
	fi
	# syslogd writes asynchronously: the upcall's record may lag a little.
	i=0
	while [ "$i" -lt 20 ] && ! keyring_syslog_new | grep -q -E 'dnsresolver|key\.dns_resolver'; do
		i=$((i + 1))
		sleep 0.1
	done
	send_lines log "$scen" </tmp/e2e.out
	keyring_syslog_new | send_lines syslog "$scen"
	emit result "$scen" "status=$STATUS" "ms=$MS" "content=$CONTENT" "addr=$addr" "umount=$um" \
		"root_addr=$root_addr" "link_status=$link_status"
}

scen_dfs_referral() { dfs_scenario dfs-referral link; }
scen_dfs_v6only() { dfs_scenario dfs-v6only v6link; }

keyring_scenario() {
	case $1 in
	cache-shares) scen_cache_shares ;;
	dfs-referral) scen_dfs_referral ;;
	dfs-v6only) scen_dfs_v6only ;;
	esac
}
