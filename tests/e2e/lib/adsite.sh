# shellcheck shell=bash
#
# tests/e2e/lib/adsite.sh - the host side of the ad-site scenario: the
# Samba AD DC of tests/lib/addc.sh in a namespace of its own, reached by
# the guest through the servers' namespace, and what the scenario must
# show per helper.  Sourced by harness.sh.
#
#   guest 192.0.2.10, 2001:db8::10 ──tap0── $E2E_NS ──veth── $E2E_ADDC_NS:
#     dc1 192.0.2.20 2001:db8:3:1::20 (Default-First-Site-Name)
#     dc2 198.51.100.20 2001:db8:2::20 (Site2: the guest's subnets are Site2's)
#
# The guest reaches the DC addresses through host routes via 192.0.2.1 /
# 2001:db8::1 (the scenario adds them); $E2E_NS forwards, and answers ARP
# and neighbour solicitations for the guest's addresses on the DC's side
# (proxy ARP / NDP), so the DC routes its replies back without knowing of
# the tap link.  dnsmasq of $E2E_NS serves the domain (cifsaf_addc_dns_lines).
: "${top:?tests/e2e/lib/adsite.sh needs \$top, the source tree}"

E2E_ADDC_NS=cifsaf-e2edc-$$
# The guest mounts with the domain's user: a DC has no guest access.
E2E_ADDC_MOUNT_OPTS="username=$CIFSAF_ADDC_USER,password=$CIFSAF_ADDC_USER_PASSWORD,domain=$CIFSAF_ADDC_NETBIOS"
E2E_ADDC_CONTENT="hello from the AD DC"

# e2e_addc_start WORKDIR: provision (cached), the DC's namespace and its
# link to $E2E_NS, samba.  Call after the servers' namespace exists.
e2e_addc_start() {
	local work=$1 dc=$E2E_ADDC_NS srv=$E2E_NS a d
	cifsaf_addc_need >/dev/null && cifsaf_addc_provision || return 1
	cifsaf_ns_create "$dc" || return 1
	ip -n "$dc" link add vdc0 type veth peer name vsrv0 netns "$srv" || return 1
	_CIFSAF_LINKS+=("$dc vdc0")
	ip -n "$dc" link set vdc0 up && ip -n "$srv" link set vsrv0 up || return 1
	for a in $CIFSAF_ADDC_DC_ADDRS; do
		if [[ $a == *:* ]]; then
			ip -n "$dc" -6 addr add "$a/128" dev vdc0 nodad && ip -n "$srv" -6 route add "$a/128" dev vsrv0
		else
			ip -n "$dc" -4 addr add "$a/32" dev vdc0 && ip -n "$srv" -4 route add "$a/32" dev vsrv0
		fi || return 1
	done
	ip -n "$dc" -4 route add "$E2E_GUEST_V4/32" dev vdc0 &&
		ip -n "$dc" -6 route add "$E2E_GUEST_V6/128" dev vdc0 || return 1
	ip netns exec "$srv" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.vsrv0.proxy_arp=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv6.conf.vsrv0.proxy_ndp=1 || return 1
	ip -n "$srv" -6 neigh add proxy "$E2E_GUEST_V6" dev vsrv0 || return 1
	mkdir -p "$work/addc" || return 1
	cifsaf_addc_start "$dc" "$work/addc" || return 1
	# The share lives under the root-only work directory: the domain
	# user's smbd must be able to pass through it.
	for d in "$work" "$work/addc" "$work/addc/dc"; do
		chmod o+x "$d" || return 1
	done
}

# e2e_check_adsite LABEL SCENARIO: as e2e_check, for ad-site.
e2e_check_adsite() {
	local st content addr
	st=$(_e2e_get status) content=$(_e2e_get content) addr=$(e2e_norm_addr "$(_e2e_get addr)")
	[ "$st" = 0 ] || _e2e_why "mount exited with status $st, want 0"
	[ "$content" = "$E2E_ADDC_CONTENT" ] || _e2e_why "read '$content' through the mount, want '$E2E_ADDC_CONTENT'"
	[ "$(_e2e_get umount)" = 0 ] || _e2e_why "unmount status '$(_e2e_get umount)', want 0"
	case $1 in
	cifs-af)
		# The site's DC, whichever address DNS gave first.
		[ "$addr" = "$(e2e_norm_addr "$CIFSAF_ADDC_DC2_V4")" ] ||
			[ "$addr" = "$(e2e_norm_addr "$CIFSAF_ADDC_DC2_V6")" ] ||
			_e2e_why "addr=$(_e2e_get addr) in /proc/mounts, want Site2's DC ($CIFSAF_ADDC_DC2_V4 or $CIFSAF_ADDC_DC2_V6)"
		_want_log_re "^site Site2 in [0-9]+ ms \\(.* answered the LDAP ping"
		_want_log "moved first:"
		_want_syslog 1 "//ad.test/share: policy happy-eyeballs" "site Site2 in" ;;
	cifs-utils)
		# 7.0 has no site step: getaddrinfo order, and DNS rotates.
		[ -n "$addr" ] || _e2e_why "no addr= in /proc/mounts" ;;
	esac
}
