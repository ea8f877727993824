# shellcheck shell=bash
#
# tests/lib/netns.sh - network-namespace helpers for cifs-af tests.
#
# Source this file from a bash script (it is safe under `set -euo pipefail`):
#
#   . "$(dirname "$0")/lib/netns.sh"
#   cifsaf_trap_cleanup
#   cifsaf_tmpdir WORK
#   cifsaf_ns_create cifsaf$$
#   cifsaf_ns_addr   cifsaf$$ 192.0.2.10/32 2001:db8::10/128
#   cifsaf_ns_hosts  cifsaf$$ "192.0.2.10 fs.test" "2001:db8::10 fs.test"
#   cifsaf_smbd_start cifsaf$$ "$WORK"
#
# Everything created here (namespaces, /etc/netns/NS directories, smbd
# processes, temporary directories) is recorded and removed by
# cifsaf_cleanup.  Callers only use documentation address ranges
# (192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32); the namespaces have no
# interface except lo, so no traffic can leave them.
#
# Public functions:
#   cifsaf_need_packages PKG...
#   cifsaf_tmpdir VAR
#   cifsaf_ns_create NS
#   cifsaf_ns_addr NS ADDR/PREFIX...
#   cifsaf_ns_resolv NS [NAMESERVER]
#   cifsaf_ns_hosts NS "ADDR NAME [ALIAS...]"...
#   cifsaf_ns_exec NS CMD [ARG...]
#   cifsaf_smbd_start NS WORKDIR
#   cifsaf_fault NS drop|reject ADDR
#   cifsaf_fault_clear NS
#   cifsaf_cleanup
#   cifsaf_trap_cleanup
#
# tests/lib/netns-guest.sh adds tap devices and dnsmasq on top of these
# registries (for a qemu guest inside a namespace).

# Guard against double sourcing: re-initialising the registries would make
# cifsaf_cleanup forget what an earlier part of the script created.
if [[ -n "${_CIFSAF_NETNS_LOADED:-}" ]]; then
    return 0
fi
_CIFSAF_NETNS_LOADED=1

# Registries consulted by cifsaf_cleanup.
_CIFSAF_NAMESPACES=()   # namespaces created by cifsaf_ns_create
_CIFSAF_PIDS=()         # "NS PID" of processes started by this library
_CIFSAF_TMPDIRS=()      # directories created by cifsaf_tmpdir
_CIFSAF_LINKS=()        # "NS DEV" of links created in our namespaces
_CIFSAF_MADE_ETC_NETNS=0  # 1 if this library created /etc/netns itself

# ---------------------------------------------------------------------------
# Internal helpers
# ---------------------------------------------------------------------------

_cifsaf_msg() {
    printf 'cifsaf: %s\n' "$*" >&2
}

_cifsaf_die() {
    printf 'cifsaf: error: %s\n' "$*" >&2
    return 1
}

# Namespace names end up in /run/netns and /etc/netns, so keep them simple.
_cifsaf_check_ns_name() {
    if [[ ! "${1:-}" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$ ]]; then
        _cifsaf_die "invalid namespace name '${1:-}'"
        return 1
    fi
}

_cifsaf_need_root() {
    if [[ "$(id -u)" != 0 ]]; then
        _cifsaf_die "$1 needs root"
        return 1
    fi
}

# Monotonic-enough clock in microseconds (EPOCHREALTIME may use a locale
# specific decimal separator, so strip every non-digit).
_cifsaf_now_us() {
    local t=${EPOCHREALTIME//[!0-9]/}
    printf '%s\n' "$t"
}

# True if PID exists and is not a zombie.
_cifsaf_alive() {
    local pid=$1 stat='' rest state
    [[ -r "/proc/$pid/stat" ]] || return 1
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || true
    [[ -n "$stat" ]] || return 1
    # Field 2 (comm) is in parentheses and may contain spaces; the state
    # is the first field after the last ')'.
    rest=${stat##*) }
    state=${rest%% *}
    [[ "$state" != Z && "$state" != X ]]
}

# Print the pid of the first child of PID (nothing if it has none).
_cifsaf_child_of() {
    local parent=$1 f stat rest ppid kids=''
    if [[ -r "/proc/$parent/task/$parent/children" ]]; then
        { read -r kids <"/proc/$parent/task/$parent/children"; } 2>/dev/null || true
        if [[ -n "$kids" ]]; then
            printf '%s\n' "${kids%% *}"
        fi
        return 0
    fi
    # Kernel without CONFIG_PROC_CHILDREN: scan /proc.
    for f in /proc/[0-9]*/stat; do
        stat=''
        { read -r stat <"$f"; } 2>/dev/null || true
        [[ -n "$stat" ]] || continue
        rest=${stat##*) }
        # rest = "STATE PPID PGRP ..."
        rest=${rest#* }
        ppid=${rest%% *}
        if [[ "$ppid" == "$parent" ]]; then
            f=${f#/proc/}
            printf '%s\n' "${f%/stat}"
            return 0
        fi
    done
    return 0
}

# True if PID lives in network namespace NS.
_cifsaf_pid_in_ns() {
    local pid=$1 ns=$2 names
    names=$(ip netns identify "$pid" 2>/dev/null) || return 1
    [[ " ${names//$'\n'/ } " == *" $ns "* ]]
}

# True if the argument looks like an IPv6 address.
_cifsaf_is_ipv6() {
    [[ "$1" == *:* ]]
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------

# cifsaf_need_packages PKG...
# Install the Debian packages that are not installed yet.  Silent when all
# of them are present.
cifsaf_need_packages() {
    local pkg status missing=()
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || status=
        if [[ "$status" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if (( ${#missing[@]} == 0 )); then
        return 0
    fi
    _cifsaf_need_root "installing packages" || return 1
    _cifsaf_msg "installing missing packages: ${missing[*]}"
    # Another apt run on the same machine holds the lock for a while:
    # wait for it instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2 ||
        { _cifsaf_die "apt-get update failed"; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
        install -y -q --no-install-recommends "${missing[@]}" >&2 ||
        { _cifsaf_die "apt-get install ${missing[*]} failed"; return 1; }
}

# ---------------------------------------------------------------------------
# Temporary directories
# ---------------------------------------------------------------------------

# cifsaf_tmpdir VAR
# Create a temporary directory, register it for cleanup and store its path
# in the variable named VAR.  (A variable is used instead of printing the
# path because $(...) would run the registration in a subshell.)
cifsaf_tmpdir() {
    local __cifsaf_var=${1:-} __cifsaf_dir
    # Names starting with __cifsaf_ would hit our own locals.
    if [[ ! "$__cifsaf_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ||
          "$__cifsaf_var" == __cifsaf_* ]]; then
        _cifsaf_die "cifsaf_tmpdir: invalid variable name '$__cifsaf_var'"
        return 1
    fi
    __cifsaf_dir=$(mktemp -d "${TMPDIR:-/tmp}/cifsaf.XXXXXXXX") ||
        { _cifsaf_die "mktemp -d failed"; return 1; }
    _CIFSAF_TMPDIRS+=("$__cifsaf_dir")
    printf -v "$__cifsaf_var" '%s' "$__cifsaf_dir"
}

# ---------------------------------------------------------------------------
# Namespaces
# ---------------------------------------------------------------------------

# cifsaf_ns_create NS
# Create network namespace NS with lo up, and /etc/netns/NS/.
cifsaf_ns_create() {
    local ns=${1:-}
    _cifsaf_check_ns_name "$ns" || return 1
    _cifsaf_need_root "cifsaf_ns_create" || return 1
    if [[ ! -d /etc/netns ]]; then
        mkdir -p /etc/netns || { _cifsaf_die "cannot create /etc/netns"; return 1; }
        _CIFSAF_MADE_ETC_NETNS=1
    fi
    ip netns add "$ns" ||
        { _cifsaf_die "ip netns add $ns failed"; return 1; }
    # Registered only once we know we created it: never delete a namespace
    # that belonged to someone else.
    _CIFSAF_NAMESPACES+=("$ns")
    ip -n "$ns" link set lo up ||
        { _cifsaf_die "cannot bring lo up in $ns"; return 1; }
    mkdir -p "/etc/netns/$ns" ||
        { _cifsaf_die "cannot create /etc/netns/$ns"; return 1; }
    cifsaf_ns_resolv "$ns"
}

# cifsaf_ns_resolv NS [NAMESERVER]: the namespace's /etc/resolv.conf (ip
# netns exec binds /etc/netns/NS/resolv.conf over the host's).  The default
# names the namespace's own loopback, where no server listens: a DNS query
# made there (an SRV lookup of the AD site step, a name nsswitch sends to
# dns) fails at once, and none can ever go to the host's nameserver.
cifsaf_ns_resolv() {
    local ns=${1:-} server=${2:-127.0.0.1}
    _cifsaf_check_ns_name "$ns" || return 1
    printf '# written by cifs-af tests/lib/netns.sh for namespace %s\nnameserver %s\n' "$ns" "$server" \
        >"/etc/netns/$ns/resolv.conf" ||
        { _cifsaf_die "cannot write /etc/netns/$ns/resolv.conf"; return 1; }
}

# cifsaf_ns_addr NS ADDR/PREFIX...
# Add addresses to lo in NS.  IPv6 addresses get `nodad` so they are usable
# at once instead of being "tentative" for a second or two.
cifsaf_ns_addr() {
    local ns=${1:-} a
    _cifsaf_check_ns_name "$ns" || return 1
    shift
    for a in "$@"; do
        if [[ "$a" != */* ]]; then
            if _cifsaf_is_ipv6 "$a"; then a+=/128; else a+=/32; fi
        fi
        if _cifsaf_is_ipv6 "$a"; then
            ip -n "$ns" -6 addr add "$a" dev lo nodad ||
                { _cifsaf_die "cannot add $a to lo in $ns"; return 1; }
        else
            ip -n "$ns" -4 addr add "$a" dev lo ||
                { _cifsaf_die "cannot add $a to lo in $ns"; return 1; }
        fi
    done
}

# cifsaf_ns_hosts NS "ADDR NAME [ALIAS...]"...
# Write /etc/netns/NS/hosts (localhost lines plus the given entries),
# nsswitch.conf (`hosts: files`) and host.conf (`multi on`).  `ip netns exec
# NS` bind-mounts these over /etc, so getaddrinfo() there sees only these
# entries and returns every address listed for a name.
cifsaf_ns_hosts() {
    local ns=${1:-} dir entry fields
    _cifsaf_check_ns_name "$ns" || return 1
    shift
    dir=/etc/netns/$ns
    for entry in "$@"; do
        read -r -a fields <<<"$entry"
        if (( ${#fields[@]} < 2 )); then
            _cifsaf_die "cifsaf_ns_hosts: entry '$entry' is not 'ADDR NAME'"
            return 1
        fi
    done
    mkdir -p "$dir" || { _cifsaf_die "cannot create $dir"; return 1; }
    {
        printf '# written by cifs-af tests/lib/netns.sh for namespace %s\n' "$ns"
        printf '127.0.0.1\tlocalhost\n'
        printf '::1\tlocalhost ip6-localhost ip6-loopback\n'
        for entry in "$@"; do
            read -r -a fields <<<"$entry"
            printf '%s\t%s\n' "${fields[0]}" "${fields[*]:1}"
        done
    } >"$dir/hosts" || { _cifsaf_die "cannot write $dir/hosts"; return 1; }
    {
        printf '# written by cifs-af tests/lib/netns.sh\n'
        printf 'passwd:\tfiles\n'
        printf 'group:\tfiles\n'
        printf 'shadow:\tfiles\n'
        printf 'hosts:\tfiles\n'
        printf 'networks:\tfiles\n'
        printf 'protocols:\tfiles\n'
        printf 'services:\tfiles\n'
    } >"$dir/nsswitch.conf" || { _cifsaf_die "cannot write $dir/nsswitch.conf"; return 1; }
    printf 'multi on\n' >"$dir/host.conf" ||
        { _cifsaf_die "cannot write $dir/host.conf"; return 1; }
}

# cifsaf_ns_exec NS CMD [ARG...]
# Run a command inside NS (with the /etc/netns/NS overrides in place).
cifsaf_ns_exec() {
    local ns=${1:-}
    _cifsaf_check_ns_name "$ns" || return 1
    shift
    ip netns exec "$ns" "$@"
}

# ---------------------------------------------------------------------------
# smbd (tests/lib/netns-smbd.sh)
# ---------------------------------------------------------------------------

# shellcheck source=tests/lib/netns-smbd.sh
. "$(dirname "${BASH_SOURCE[0]}")/netns-smbd.sh"

# ---------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------

# cifsaf_fault NS drop|reject ADDR
# Make TCP to ADDR inside NS fail: drop = silently discard (connect times
# out), reject = answer with a TCP reset (connection refused).  Rules are
# inserted at the top of INPUT, so the newest fault for an address wins.
#
# Inside the namespace both ends of a connection to ADDR are ADDR itself
# (the kernel uses the destination as source for local routes), so the
# RST that REJECT sends back is also "TCP to ADDR".  A plain
# `-p tcp -d ADDR -j REJECT --reject-with tcp-reset` would swallow its own
# reset and behave like drop.  The reject fault therefore leaves RST
# segments alone, and puts an explicit ACCEPT for them above the REJECT
# rule so that an older drop rule for ADDR cannot eat them either.
cifsaf_fault() {
    local ns=${1:-} action=${2:-} addr=${3:-} tool
    _cifsaf_check_ns_name "$ns" || return 1
    case "$action" in
        drop|reject) ;;
        *) _cifsaf_die "cifsaf_fault: action must be drop or reject, not '$action'"
           return 1 ;;
    esac
    addr=${addr#[}
    addr=${addr%]}
    if [[ -z "$addr" ]]; then
        _cifsaf_die "cifsaf_fault: missing address"
        return 1
    fi
    if _cifsaf_is_ipv6 "$addr"; then tool=ip6tables; else tool=iptables; fi
    command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    if [[ "$action" == drop ]]; then
        ip netns exec "$ns" "$tool" -w -I INPUT 1 -p tcp -d "$addr" -j DROP ||
            { _cifsaf_die "cifsaf_fault: $tool drop rule for $addr in $ns failed"; return 1; }
    else
        if ! ip netns exec "$ns" "$tool" -w -I INPUT 1 -p tcp -d "$addr" \
                ! --tcp-flags RST RST -j REJECT --reject-with tcp-reset; then
            _cifsaf_die "cifsaf_fault: $tool reject rule for $addr in $ns failed"
            return 1
        fi
        if ! ip netns exec "$ns" "$tool" -w -I INPUT 1 -p tcp -d "$addr" \
                --tcp-flags RST RST -j ACCEPT; then
            _cifsaf_die "cifsaf_fault: $tool RST accept rule for $addr in $ns failed"
            return 1
        fi
    fi
}

# cifsaf_fault_clear NS
# Remove all faults: flush INPUT of both iptables and ip6tables in NS.
cifsaf_fault_clear() {
    local ns=${1:-} tool rc=0
    _cifsaf_check_ns_name "$ns" || return 1
    for tool in iptables ip6tables; do
        ip netns exec "$ns" "$tool" -w -F INPUT ||
            { _cifsaf_die "cifsaf_fault_clear: $tool -F INPUT in $ns failed"; rc=1; }
    done
    return "$rc"
}

# ---------------------------------------------------------------------------
# Cleanup
# ---------------------------------------------------------------------------

# Print the pids that still have to go for namespace NS (one per line).
_cifsaf_pids_for_ns() {
    local ns=$1 entry e_ns pid comm
    for entry in "${_CIFSAF_PIDS[@]}"; do
        e_ns=${entry%% *}
        pid=${entry#* }
        [[ "$e_ns" == "$ns" ]] || continue
        _cifsaf_alive "$pid" || continue
        if _cifsaf_pid_in_ns "$pid" "$ns"; then
            printf '%s\n' "$pid"
        elif [[ ! -e "/run/netns/$ns" ]]; then
            # The namespace was deleted behind our back; a server we
            # started (or its unshare wrapper, or a qemu guest) is still
            # ours.  comm is cut at 15 characters.
            comm=$(cat "/proc/$pid/comm" 2>/dev/null) || comm=
            if [[ "$comm" == smbd || "$comm" == unshare || "$comm" == dnsmasq ||
                  "$comm" == qemu-system-x86 ]]; then
                printf '%s\n' "$pid"
            fi
        fi
    done
    if [[ -e "/run/netns/$ns" ]]; then
        ip netns pids "$ns" 2>/dev/null || true
    fi
}

# Kill everything belonging to namespace NS: SIGTERM, then SIGKILL after
# 3 s, give up (with a warning) after 5 s.  (smbd goes within ~0.1 s of
# SIGTERM; anything else started as PID 1 of a PID namespace without a
# SIGTERM handler ignores SIGTERM and needs the SIGKILL.)
_cifsaf_kill_ns() {
    local ns=$1 sig=TERM t0 now pid list=() p
    t0=$(_cifsaf_now_us)
    while :; do
        list=()
        while read -r pid; do
            [[ -n "$pid" ]] || continue
            [[ "$pid" != "$$" && "$pid" != "$BASHPID" ]] || continue
            _cifsaf_alive "$pid" || continue
            for p in "${list[@]}"; do
                [[ "$p" != "$pid" ]] || continue 2
            done
            list+=("$pid")
        done < <(_cifsaf_pids_for_ns "$ns")
        (( ${#list[@]} > 0 )) || return 0
        now=$(_cifsaf_now_us)
        if (( now - t0 > 5000000 )); then
            _cifsaf_msg "warning: processes still alive in $ns: ${list[*]}"
            return 1
        elif (( now - t0 > 3000000 )); then
            sig=KILL
        fi
        kill "-$sig" "${list[@]}" 2>/dev/null || true
        sleep 0.1
    done
}

_cifsaf_cleanup_body() {
    local ns entry d all_ns=() keep_ns=() keep_tmp=() seen
    # Namespaces we created plus any a recorded process lives in.
    for ns in "${_CIFSAF_NAMESPACES[@]}"; do
        all_ns+=("$ns")
    done
    for entry in "${_CIFSAF_PIDS[@]}"; do
        ns=${entry%% *}
        seen=0
        for d in "${all_ns[@]}"; do
            [[ "$d" != "$ns" ]] || seen=1
        done
        (( seen )) || all_ns+=("$ns")
    done

    for ns in "${all_ns[@]}"; do
        _cifsaf_kill_ns "$ns" || true
    done
    _CIFSAF_PIDS=()

    # Links go with their namespace anyway; deleting them first says so
    # explicitly and also covers a namespace we could not delete.
    for entry in "${_CIFSAF_LINKS[@]}"; do
        ns=${entry%% *}
        d=${entry#* }
        if [[ -e "/run/netns/$ns" ]] && ip -n "$ns" link show "$d" >/dev/null 2>&1; then
            ip -n "$ns" link del "$d" ||
                _cifsaf_msg "warning: could not delete link $d in $ns"
        fi
    done
    _CIFSAF_LINKS=()

    for ns in "${_CIFSAF_NAMESPACES[@]}"; do
        if [[ -e "/run/netns/$ns" ]] && ! ip netns del "$ns"; then
            _cifsaf_msg "warning: could not delete namespace $ns"
            keep_ns+=("$ns")
            continue
        fi
        if [[ -n "$ns" && -d "/etc/netns/$ns" ]]; then
            rm -rf -- "/etc/netns/$ns" ||
                _cifsaf_msg "warning: could not remove /etc/netns/$ns"
        fi
    done
    _CIFSAF_NAMESPACES=("${keep_ns[@]}")
    if (( _CIFSAF_MADE_ETC_NETNS && ${#keep_ns[@]} == 0 )); then
        # Only if empty: other users may have put namespaces there since.
        rmdir /etc/netns 2>/dev/null && _CIFSAF_MADE_ETC_NETNS=0
    fi

    for d in "${_CIFSAF_TMPDIRS[@]}"; do
        # Paranoia: only ever remove what mktemp made for us.
        if [[ "$d" != /?*/cifsaf.* ]]; then
            _cifsaf_msg "warning: not removing suspicious tmpdir '$d'"
            continue
        fi
        if [[ -e "$d" ]] && ! rm -rf -- "$d"; then
            _cifsaf_msg "warning: could not remove $d"
            keep_tmp+=("$d")
        fi
    done
    _CIFSAF_TMPDIRS=("${keep_tmp[@]}")
    return 0
}

# cifsaf_cleanup
# Kill recorded processes (and everything else inside our namespaces),
# delete the namespaces and their /etc/netns directories, remove the
# temporary directories.  Idempotent and always returns 0, so it is safe
# as an EXIT trap under `set -e` (bash keeps the script's exit status
# across an EXIT trap by itself).
cifsaf_cleanup() {
    # Called in a `||` list, so errexit is off inside the body: cleanup
    # always goes as far as it can.
    _cifsaf_cleanup_body || true
    return 0
}

_cifsaf_on_signal() {
    local code=$1
    trap - INT TERM HUP
    cifsaf_cleanup || true
    exit "$code"
}

# cifsaf_trap_cleanup
# Run cifsaf_cleanup on exit, and on INT/TERM/HUP clean up and exit with
# 130/143/129.  Replaces any EXIT/INT/TERM/HUP traps already set.
cifsaf_trap_cleanup() {
    trap cifsaf_cleanup EXIT
    trap '_cifsaf_on_signal 130' INT
    trap '_cifsaf_on_signal 143' TERM
    trap '_cifsaf_on_signal 129' HUP
}
