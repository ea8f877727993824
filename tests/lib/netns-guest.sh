# shellcheck shell=bash
#
# tests/lib/netns-guest.sh - what a qemu guest needs from a test namespace:
# a tap device carrying the server's addresses, a real DNS server
# (dnsmasq), and addresses that swallow every packet.  Built on
# tests/lib/netns.sh: everything started here is recorded in its
# registries, so cifsaf_cleanup removes it too (also on Ctrl-C once
# cifsaf_trap_cleanup is set).
#
#   . tests/lib/netns.sh
#   . tests/lib/netns-guest.sh
#   cifsaf_ns_create NS
#   cifsaf_tap_create NS tap0 192.0.2.1/24 2001:db8::1/64
#   cifsaf_dnsmasq_start NS WORKDIR 192.0.2.1 "host-record=fs.test,192.0.2.1,2001:db8::1"
#   cifsaf_blackhole NS 192.0.2.53
#
# Public functions:
#   cifsaf_tap_create NS DEV ADDR/PREFIX...
#   cifsaf_blackhole NS ADDR
#   cifsaf_dnsmasq_start NS WORKDIR LISTEN-ADDR [CONFIG-LINE...]

if [[ -n "${_CIFSAF_NETNS_GUEST_LOADED:-}" ]]; then
    return 0
fi
_CIFSAF_NETNS_GUEST_LOADED=1

if [[ -z "${_CIFSAF_NETNS_LOADED:-}" ]]; then
    printf 'cifsaf: error: source tests/lib/netns.sh before netns-guest.sh\n' >&2
    return 1
fi

# Seconds to wait for dnsmasq to listen on port 53.
: "${CIFSAF_DNSMASQ_TIMEOUT:=10}"

# cifsaf_tap_create NS DEV ADDR/PREFIX...
# Create tap device DEV inside NS (so it disappears with the namespace and
# can never carry traffic outside it), bring it up and give it the
# addresses.  IPv6 addresses get `nodad`: the guest on the other end
# should not wait for duplicate address detection on our side.  Until a
# qemu process opens DEV it has no carrier, but its addresses already
# work locally, so servers can bind to them before the guest boots.
cifsaf_tap_create() {
    local ns=${1:-} dev=${2:-} a
    _cifsaf_check_ns_name "$ns" || return 1
    if [[ ! "$dev" =~ ^[A-Za-z0-9_.-]{1,15}$ ]]; then
        _cifsaf_die "cifsaf_tap_create: invalid device name '$dev'"
        return 1
    fi
    shift 2
    ip -n "$ns" tuntap add dev "$dev" mode tap ||
        { _cifsaf_die "cannot create tap $dev in $ns"; return 1; }
    _CIFSAF_LINKS+=("$ns $dev")
    ip -n "$ns" link set "$dev" up ||
        { _cifsaf_die "cannot bring $dev up in $ns"; return 1; }
    for a in "$@"; do
        if [[ "$a" != */* ]]; then
            _cifsaf_die "cifsaf_tap_create: address '$a' needs a prefix length"
            return 1
        fi
        if _cifsaf_is_ipv6 "$a"; then
            ip -n "$ns" -6 addr add "$a" dev "$dev" nodad ||
                { _cifsaf_die "cannot add $a to $dev in $ns"; return 1; }
        else
            ip -n "$ns" -4 addr add "$a" dev "$dev" ||
                { _cifsaf_die "cannot add $a to $dev in $ns"; return 1; }
        fi
    done
}

# cifsaf_blackhole NS ADDR
# Give NS the address ADDR (on lo) and silently drop every packet that
# arrives for it, whatever the protocol.  The drop is in the raw table's
# PREROUTING chain, not in OUTPUT: a local sender (e.g. dnsmasq forwarding
# a query) then sees its send succeed and waits for an answer that never
# comes, exactly like a dead upstream server.  (Dropped in OUTPUT, sendto()
# fails with EPERM and dnsmasq answers REFUSED at once.)  The raw table is
# also out of reach of cifsaf_fault_clear, which only flushes INPUT.
cifsaf_blackhole() {
    local ns=${1:-} addr=${2:-} tool
    _cifsaf_check_ns_name "$ns" || return 1
    if [[ -z "$addr" || "$addr" == */* ]]; then
        _cifsaf_die "cifsaf_blackhole: want a bare address, not '$addr'"
        return 1
    fi
    cifsaf_ns_addr "$ns" "$addr" || return 1
    if _cifsaf_is_ipv6 "$addr"; then tool=ip6tables; else tool=iptables; fi
    command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    ip netns exec "$ns" "$tool" -w -t raw -I PREROUTING 1 -d "$addr" -j DROP ||
        { _cifsaf_die "cifsaf_blackhole: $tool raw drop rule for $addr in $ns failed"; return 1; }
}

# True if something in NS listens on UDP port 53 at ADDR.
_cifsaf_dns_listening() {
    local out
    out=$(ss -N "$1" -H -l -u -n 'sport = :53' 2>/dev/null) || out=
    [[ "$out" == *" $2:53 "* || "$out" == *" [$2]:53 "* ]]
}

# cifsaf_dnsmasq_start NS WORKDIR LISTEN-ADDR [CONFIG-LINE...]
# Start dnsmasq inside NS as a DNS server only (no DHCP, no /etc/hosts, no
# /etc/resolv.conf: it knows exactly what the CONFIG-LINEs say, e.g.
# host-record=NAME,V4,V6 or server=/NAME/UPSTREAM) on LISTEN-ADDR port 53.
# Its config, pid file and query log (WORKDIR/dnsmasq.log; every query and
# what became of it) stay under WORKDIR.  Waits until it listens.  Sets
# CIFSAF_DNSMASQ_PID and CIFSAF_DNSMASQ_LOG.
cifsaf_dnsmasq_start() {
    local ns=${1:-} work=${2:-} listen=${3:-} conf line pid t0 now
    _cifsaf_check_ns_name "$ns" || return 1
    _cifsaf_need_root "cifsaf_dnsmasq_start" || return 1
    if [[ -z "$work" || ! -d "$work" || -z "$listen" ]]; then
        _cifsaf_die "cifsaf_dnsmasq_start: need NS, an existing WORKDIR and a listen address"
        return 1
    fi
    shift 3
    command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    command -v dnsmasq >/dev/null 2>&1 ||
        { _cifsaf_die "dnsmasq not found (install package dnsmasq-base)"; return 1; }
    work=$(cd "$work" && pwd -P) || return 1
    conf=$work/dnsmasq.conf
    CIFSAF_DNSMASQ_LOG=$work/dnsmasq.log
    {
        printf '# written by cifs-af tests/lib/netns-guest.sh\n'
        # Nothing from the host: no /etc/hosts, no upstream from
        # /etc/resolv.conf, no polling of it.
        printf 'no-hosts\nno-resolv\nno-poll\n'
        # Only the given address, so a second instance elsewhere cannot
        # clash, and port 53 of the namespace is all ours.
        printf 'listen-address=%s\nbind-interfaces\nport=53\n' "$listen"
        # Stay root: the log file lives in a root-only temporary directory.
        printf 'user=root\n'
        printf 'log-queries=extra\nlog-facility=%s\n' "$CIFSAF_DNSMASQ_LOG"
        printf 'pid-file=%s/dnsmasq.pid\n' "$work"
        for line in "$@"; do
            printf '%s\n' "$line"
        done
    } >"$conf" || { _cifsaf_die "cannot write $conf"; return 1; }

    t0=$(_cifsaf_now_us)
    # -k: stay in the foreground, so $! is dnsmasq itself and an early exit
    # is seen at once.  `ip netns exec` execs it directly.
    ip netns exec "$ns" dnsmasq -k -C "$conf" </dev/null >>"$work/dnsmasq.stdout" 2>&1 &
    pid=$!
    disown "$pid" 2>/dev/null || true
    _CIFSAF_PIDS+=("$ns $pid")
    CIFSAF_DNSMASQ_PID=$pid
    while ! _cifsaf_dns_listening "$ns" "$listen"; do
        if ! _cifsaf_alive "$pid"; then
            _cifsaf_die "dnsmasq in $ns exited during startup (config $conf)"
            tail -n 5 "$work/dnsmasq.stdout" "$CIFSAF_DNSMASQ_LOG" >&2 2>/dev/null || true
            return 1
        fi
        now=$(_cifsaf_now_us)
        if (( now - t0 > CIFSAF_DNSMASQ_TIMEOUT * 1000000 )); then
            _cifsaf_die "dnsmasq in $ns not listening on $listen:53 after ${CIFSAF_DNSMASQ_TIMEOUT}s"
            return 1
        fi
        sleep 0.1
    done
    : "$CIFSAF_DNSMASQ_PID" "$CIFSAF_DNSMASQ_LOG"
}
