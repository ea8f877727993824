# shellcheck shell=bash
#
# tests/lib/addc.sh - a real Samba Active Directory domain controller for
# cifs-af's site tests, in a network namespace, with two sites.
#
#   . tests/lib/netns.sh; . tests/lib/netns-guest.sh; . tests/lib/addc.sh
#   cifsaf_trap_cleanup
#   cifsaf_addc_need                           # Debian's samba-ad-dc and friends
#   cifsaf_addc_provision                      # build/addc/template (cached)
#   cifsaf_ns_create DCNS; cifsaf_ns_create CLIENTNS
#   cifsaf_addc_link DCNS CLIENTNS "203.0.113.10 2001:db8:3::10" "$CIFSAF_ADDC_DC_ADDRS"
#   cifsaf_addc_start DCNS WORKDIR             # samba on every DC address
#   cifsaf_dnsmasq_start DCNS WORKDIR 192.0.2.53 $(cifsaf_addc_dns_lines)
#
# The domain (realm AD.TEST, NetBIOS ADTEST) has one Samba DC, "dc1", whose
# server object is in Default-First-Site-Name.  It answers on two sets of
# addresses, and DNS (dnsmasq, which puts the targets' A/AAAA records in
# the additional section, as Windows DNS does; Samba 4.17's own DNS sends
# none) publishes them as two DCs:
#
#   dc1.ad.test  192.0.2.20     2001:db8:3:1::20 Default-First-Site-Name
#   dc2.ad.test  198.51.100.20  2001:db8:2::20   Site2
#
# dc1's IPv6 address shares 63 bits with the netns client's 2001:db8:3::10,
# dc2's 47: RFC 6724 rule 9 (glibc's getaddrinfo sorts by it) puts the
# other site's DC first in resolver order, which the site step must undo.
# The per-site SRV records (_ldap._tcp.SITE._sites.dc._msdcs.ad.test) are
# what makes "the DC of Site2" a different address from the other DC's;
# the CLDAP reply of either address names the client's site from the
# address the ping came from: 203.0.113.0/24, 2001:db8:3::/64 (the netns
# client), 192.0.2.0/24 and 2001:db8::/64 (the end-to-end guest) are
# subnets of Site2, 198.51.100.0/24 of Default-First-Site-Name.  The
# domain name ad.test itself has all four addresses, like any AD domain.
#
# Provisioning (samba-tool domain provision, then the sites and subnets)
# takes 10-20 s; its result is kept in build/addc/template, keyed by the
# Samba version and CIFSAF_ADDC_LAYOUT, and copied for each run.  That is
# safe: the template holds a throw-away test realm with a fixed password,
# nothing a run changes is written back, and the copy has the same paths
# inside it (smb.conf is written anew for each run).
#
# Public functions:
#   cifsaf_addc_need
#   cifsaf_addc_provision                 sets CIFSAF_ADDC_TEMPLATE, CIFSAF_ADDC_PROVISION_MS
#   cifsaf_addc_link DCNS CLIENTNS "CLIENT-ADDRS" "DC-ADDRS"
#   cifsaf_addc_start NS WORKDIR [ADDR...]   sets CIFSAF_ADDC_PID, CIFSAF_ADDC_STARTUP_MS
#   cifsaf_addc_dns_lines                 dnsmasq lines for the records above
#   cifsaf_addc_cldap_drop NS             UDP 389 to every DC address dropped
#   cifsaf_addc_topology DCNS CLIENTNS WORKDIR "EXTRA-DC-ADDRS" [DNSMASQ-LINE...]
#                                         all of the above for the netns client
#
# Needs tests/lib/netns.sh (registries, cleanup) sourced first, and $top.
: "${top:?tests/lib/addc.sh needs \$top, the source tree}"

if [[ -n "${_CIFSAF_ADDC_LOADED:-}" ]]; then
    return 0
fi
_CIFSAF_ADDC_LOADED=1

# Bump when the template's content changes (sites, subnets, users).
CIFSAF_ADDC_LAYOUT=1
CIFSAF_ADDC_REALM=AD.TEST
CIFSAF_ADDC_DOMAIN=ad.test
CIFSAF_ADDC_NETBIOS=ADTEST
CIFSAF_ADDC_PASSWORD='cifs-af-Test-1'
CIFSAF_ADDC_SITE1=Default-First-Site-Name
CIFSAF_ADDC_SITE2=Site2
CIFSAF_ADDC_DC1_V4=192.0.2.20
CIFSAF_ADDC_DC1_V6=2001:db8:3:1::20
CIFSAF_ADDC_DC2_V4=198.51.100.20
CIFSAF_ADDC_DC2_V6=2001:db8:2::20
CIFSAF_ADDC_DC_ADDRS="$CIFSAF_ADDC_DC1_V4 $CIFSAF_ADDC_DC1_V6 $CIFSAF_ADDC_DC2_V4 $CIFSAF_ADDC_DC2_V6"
# "SUBNET SITE" pairs, made in the template.
CIFSAF_ADDC_SUBNETS=(
    "203.0.113.0/24 Site2" "2001:db8:3::/64 Site2"
    "192.0.2.0/24 Site2" "2001:db8::/64 Site2"
    "198.51.100.0/24 Default-First-Site-Name"
)
# A domain user for authenticated mounts (guest access is off on a DC).
CIFSAF_ADDC_USER=cifsaf
CIFSAF_ADDC_USER_PASSWORD='cifs-af-User-1'
# Debian's packages for a DC; samba-ad-provision has the schema files.
CIFSAF_ADDC_PACKAGES="samba-ad-dc samba-ad-provision winbind samba dnsmasq-base python3 iproute2 iptables"
: "${CIFSAF_ADDC_TIMEOUT:=60}"

cifsaf_addc_need() {
    # shellcheck disable=SC2086 # a word list
    cifsaf_need_packages $CIFSAF_ADDC_PACKAGES
}

_cifsaf_addc_samba_version() {
    dpkg-query -W -f='${Version}' samba-ad-dc 2>/dev/null
}

# The smb.conf of a DC whose state lives under DIR, answering on ADDRS.
# Only the services the tests use run: cldap (the LDAP ping), ldap and
# kdc (authenticated SMB), s3fs (smbd) with winbindd, rpc; no DNS (dnsmasq serves the zone),
# no replication, no NetBIOS, no DNS updates.
_cifsaf_addc_conf() {
    local dir=$1 addrs=$2
    cat <<CONF
# written by cifs-af tests/lib/addc.sh
[global]
    netbios name = DC1
    realm = $CIFSAF_ADDC_REALM
    workgroup = $CIFSAF_ADDC_NETBIOS
    server role = active directory domain controller
    interfaces = ${addrs:-127.0.0.1}
    bind interfaces only = yes
    server services = cldap, ldap, kdc, s3fs, rpc, winbindd
    dns forwarder = none
    private dir = $dir/private
    state directory = $dir/state
    cache directory = $dir/cache
    lock directory = $dir/lock
    pid directory = $dir/run
    ncalrpc dir = $dir/ncalrpc
    binddns dir = $dir/bind-dns
    log file = $dir/log/log.%m
    max log size = 0
    log level = 1
    disable netbios = yes
    smb ports = 445
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes

[sysvol]
    path = $dir/state/sysvol
    read only = no

[share]
    path = $dir/share
    read only = no
CONF
}

# cifsaf_addc_provision: the provisioned domain, made once per Samba
# version and layout under build/addc/template.  Provisioning runs inside
# a namespace of its own (a DC's address must exist while it runs).
cifsaf_addc_provision() {
    local base=$top/build/addc stamp want ns t0 now tmp pair sam conf st=0
    want="samba-ad-dc $(_cifsaf_addc_samba_version) layout $CIFSAF_ADDC_LAYOUT"
    CIFSAF_ADDC_TEMPLATE=$base/template
    stamp=$CIFSAF_ADDC_TEMPLATE/.cifsaf-provisioned
    CIFSAF_ADDC_PROVISION_MS=0
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return 0
    fi
    command -v samba-tool >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    t0=$(_cifsaf_now_us)
    mkdir -p "$base" || return 1
    rm -rf "$CIFSAF_ADDC_TEMPLATE" "$base/template.new"
    tmp=$base/template.new
    mkdir -p "$tmp"/{private,state,cache,lock,run,ncalrpc,bind-dns,log,share,etc} || return 1
    chmod 0700 "$tmp/private"
    printf 'hello from the AD DC\n' >"$tmp/share/hello.txt"
    ns=cifsaf-prov-$$
    cifsaf_ns_create "$ns" || return 1
    cifsaf_ns_addr "$ns" "$CIFSAF_ADDC_DC1_V4" || return 1
    conf=$tmp/etc/smb.conf
    # An empty configuration to start from, so nothing of the host's
    # /etc/samba/smb.conf leaks into the template.
    : >"$tmp/etc/empty.conf"
    if ! ip netns exec "$ns" samba-tool domain provision -s "$tmp/etc/empty.conf" \
            --realm="$CIFSAF_ADDC_REALM" --domain="$CIFSAF_ADDC_NETBIOS" \
            --server-role=dc --dns-backend=NONE --host-name=dc1 \
            --host-ip="$CIFSAF_ADDC_DC1_V4" --adminpass="$CIFSAF_ADDC_PASSWORD" \
            --targetdir="$tmp" >"$base/provision.log" 2>&1; then
        _cifsaf_die "samba-tool domain provision failed (build/addc/provision.log)"
        tail -n 15 "$base/provision.log" >&2
        return 1
    fi
    _cifsaf_addc_conf "$tmp" "$CIFSAF_ADDC_DC1_V4" >"$conf"
    sam=$tmp/private/sam.ldb
    {
        samba-tool sites create "$CIFSAF_ADDC_SITE2" -s "$conf" -H "$sam" || st=1
        for pair in "${CIFSAF_ADDC_SUBNETS[@]}"; do
            # shellcheck disable=SC2086 # "SUBNET SITE"
            samba-tool sites subnet create $pair -s "$conf" -H "$sam" || st=1
        done
        samba-tool user create "$CIFSAF_ADDC_USER" "$CIFSAF_ADDC_USER_PASSWORD" \
            -s "$conf" -H "$sam" || st=1
    } >>"$base/provision.log" 2>&1
    if (( st != 0 )); then
        _cifsaf_die "creating the sites, subnets or the user failed (build/addc/provision.log)"
        tail -n 15 "$base/provision.log" >&2
        return 1
    fi
    mv "$tmp" "$CIFSAF_ADDC_TEMPLATE" || return 1
    printf '%s' "$want" >"$stamp"
    now=$(_cifsaf_now_us)
    CIFSAF_ADDC_PROVISION_MS=$(( (now - t0) / 1000 ))
    : "$CIFSAF_ADDC_PROVISION_MS"
}

# _cifsaf_addc_side NS DEV PEERNS PEERDEV ADDRS: ADDRS on NS's DEV, and a
# host route to each through PEERDEV in PEERNS.
_cifsaf_addc_side() {
    local ns=$1 dev=$2 peer=$3 peer_dev=$4 a
    for a in $5; do
        if _cifsaf_is_ipv6 "$a"; then
            ip -n "$ns" -6 addr add "$a/128" dev "$dev" nodad || return 1
            ip -n "$peer" -6 route add "$a/128" dev "$peer_dev" || return 1
        else
            ip -n "$ns" -4 addr add "$a/32" dev "$dev" || return 1
            ip -n "$peer" -4 route add "$a/32" dev "$peer_dev" || return 1
        fi
    done
}

# cifsaf_addc_link DCNS CLIENTNS "CLIENT-ADDRS" "DC-ADDRS": a veth pair
# between the namespaces, each side's addresses on its own end (IPv6
# neighbour discovery answers only for addresses of the link asked on),
# and a host route to each address of the other side through it.
cifsaf_addc_link() {
    local dc=$1 client=$2 dev_c=vcl0 dev_d=vdc0
    ip -n "$dc" link add "$dev_d" type veth peer name "$dev_c" netns "$client" ||
        { _cifsaf_die "cannot make a veth pair between $dc and $client"; return 1; }
    _CIFSAF_LINKS+=("$dc $dev_d")
    ip -n "$dc" link set "$dev_d" up && ip -n "$client" link set "$dev_c" up || return 1
    _cifsaf_addc_side "$client" "$dev_c" "$dc" "$dev_d" "$3" &&
        _cifsaf_addc_side "$dc" "$dev_d" "$client" "$dev_c" "$4"
}

# True when NS has UDP 389 and TCP 445 listeners on ADDR.
_cifsaf_addc_listening() {
    local ns=$1 addr=$2 out
    [[ "$addr" == *:* ]] && addr="[$addr]"
    out=$(ss -N "$ns" -H -l -u -n "src $addr:389" 2>/dev/null) || return 1
    [[ -n "$out" ]] || return 1
    out=$(ss -N "$ns" -H -l -t -n "src $addr:445" 2>/dev/null) || return 1
    [[ -n "$out" ]]
}

# _cifsaf_addc_answers NS ADDR: one LDAP ping (the request captured in
# tests/unit/data, for ad.test) answered by ADDR within a second.  A
# socket that listens is not yet a DC that answers: samba's first ping
# after start-up can take longer than the site step's budget.
_cifsaf_addc_answers() {
    ip netns exec "$1" python3 -c '
import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1.0)
s.sendto(open(sys.argv[2], "rb").read(), (a, 389))
try:
    s.recv(4096)
except OSError:
    sys.exit(1)' "$2" "$top/tests/unit/data/cldap-request.bin" 2>/dev/null
}

# cifsaf_addc_start NS WORKDIR [ADDR...]: a copy of the template in
# WORKDIR/dc and samba on ADDR... (default: all four DC addresses, which
# must be on NS's interfaces), as PID 1 of its own PID namespace (see
# cifsaf_smbd_start in netns.sh for why).  Waits until CLDAP and SMB
# listen on every address and each answers an LDAP ping.
cifsaf_addc_start() {
    local ns=$1 work=$2 dir wrapper t0 now a addrs
    shift 2
    addrs="${*:-$CIFSAF_ADDC_DC_ADDRS}"
    [[ -n "${CIFSAF_ADDC_TEMPLATE:-}" && -d "$CIFSAF_ADDC_TEMPLATE" ]] ||
        { _cifsaf_die "cifsaf_addc_start: call cifsaf_addc_provision first"; return 1; }
    command -v samba >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    dir=$(cd "$work" && pwd -P)/dc || return 1
    rm -rf "$dir"
    cp -a "$CIFSAF_ADDC_TEMPLATE" "$dir" || return 1
    # The template's paths are its own; this copy's smb.conf points at
    # the copy, so nothing a run does reaches the template.
    _cifsaf_addc_conf "$dir" "$addrs" >"$dir/etc/smb.conf"
    # The private database refers to its own directory by the path it was
    # made in only through smb.conf, which is what -s names.
    t0=$(_cifsaf_now_us)
    ip netns exec "$ns" unshare --pid --fork --kill-child=TERM \
        samba --foreground -s "$dir/etc/smb.conf" --debug-stdout \
        </dev/null >>"$dir/log/samba.stdout" 2>&1 &
    wrapper=$!
    disown "$wrapper" 2>/dev/null || true
    _CIFSAF_PIDS+=("$ns $wrapper")
    CIFSAF_ADDC_PID=$wrapper
    for a in $addrs; do
        while ! _cifsaf_addc_listening "$ns" "$a" || ! _cifsaf_addc_answers "$ns" "$a"; do
            if ! _cifsaf_alive "$wrapper"; then
                _cifsaf_die "samba in $ns exited during startup ($dir/log/samba.stdout)"
                tail -n 15 "$dir/log/samba.stdout" >&2
                return 1
            fi
            now=$(_cifsaf_now_us)
            if (( now - t0 > CIFSAF_ADDC_TIMEOUT * 1000000 )); then
                _cifsaf_die "samba in $ns not listening on $a (389/udp, 445/tcp) or not answering an LDAP ping after ${CIFSAF_ADDC_TIMEOUT}s"
                tail -n 15 "$dir/log/samba.stdout" >&2
                return 1
            fi
            sleep 0.1
        done
    done
    now=$(_cifsaf_now_us)
    CIFSAF_ADDC_STARTUP_MS=$(( (now - t0) / 1000 ))
    : "$CIFSAF_ADDC_PID" "$CIFSAF_ADDC_STARTUP_MS"
}

# cifsaf_addc_dns_lines [FIRST]: dnsmasq lines for the domain: both DCs'
# host records, the domain name's four addresses, the global and per-site
# SRV records of _ldap._tcp.  (dnsmasq rotates a name's addresses between
# answers, as a round-robin AD DNS does.)
cifsaf_addc_dns_lines() {
    local d=$CIFSAF_ADDC_DOMAIN
    printf '%s\n' \
        "host-record=dc1.$d,$CIFSAF_ADDC_DC1_V4,$CIFSAF_ADDC_DC1_V6" \
        "host-record=dc2.$d,$CIFSAF_ADDC_DC2_V4,$CIFSAF_ADDC_DC2_V6" \
        "host-record=$d,$CIFSAF_ADDC_DC1_V4,$CIFSAF_ADDC_DC1_V6" \
        "host-record=$d,$CIFSAF_ADDC_DC2_V4,$CIFSAF_ADDC_DC2_V6" \
        "srv-host=_ldap._tcp.dc._msdcs.$d,dc1.$d,389,0,100" \
        "srv-host=_ldap._tcp.dc._msdcs.$d,dc2.$d,389,0,100" \
        "srv-host=_ldap._tcp.$CIFSAF_ADDC_SITE1._sites.dc._msdcs.$d,dc1.$d,389,0,100" \
        "srv-host=_ldap._tcp.$CIFSAF_ADDC_SITE2._sites.dc._msdcs.$d,dc2.$d,389,0,100"
}

# cifsaf_addc_cldap_drop NS: every UDP datagram to port 389 of NS dropped
# on arrival (the LDAP pings go unanswered; TCP and DNS still work).
cifsaf_addc_cldap_drop() {
    local ns=$1 tool
    for tool in iptables ip6tables; do
        ip netns exec "$ns" "$tool" -w -I INPUT 1 -p udp --dport 389 -j DROP || return 1
    done
}

# The netns client's addresses: in Site2's subnets.
CIFSAF_ADDC_CLIENT_V4=203.0.113.10
CIFSAF_ADDC_CLIENT_V6=2001:db8:3::10
CIFSAF_ADDC_DNS=192.0.2.53

# cifsaf_addc_topology DCNS CLIENTNS WORKDIR "EXTRA-DC-ADDRS" [DNSMASQ-LINE...]:
# both namespaces made and linked (the client on its two addresses, the DC
# side on the DC addresses, CIFSAF_ADDC_DNS and EXTRA-DC-ADDRS), samba on
# the DC addresses, dnsmasq on CIFSAF_ADDC_DNS with the domain's records
# and the extra lines, and the client's resolv.conf naming it.  Call
# cifsaf_addc_provision first; the client's hosts file is the caller's.
cifsaf_addc_topology() {
    local dc=$1 client=$2 work=$3 extra=$4 zone=()
    shift 4
    cifsaf_ns_create "$dc" && cifsaf_ns_create "$client" || return 1
    cifsaf_addc_link "$dc" "$client" "$CIFSAF_ADDC_CLIENT_V4 $CIFSAF_ADDC_CLIENT_V6" \
        "$CIFSAF_ADDC_DC_ADDRS $CIFSAF_ADDC_DNS $extra" || return 1
    cifsaf_addc_start "$dc" "$work" || return 1
    mapfile -t zone < <(cifsaf_addc_dns_lines)
    cifsaf_dnsmasq_start "$dc" "$work" "$CIFSAF_ADDC_DNS" "${zone[@]}" "$@" || return 1
    # One try, 2 s: a dead DNS server costs the site step its budget, not
    # glibc's 5 s times 2.
    printf 'nameserver %s\noptions timeout:2 attempts:1\n' "$CIFSAF_ADDC_DNS" >"/etc/netns/$client/resolv.conf"
}
