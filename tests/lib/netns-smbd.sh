# shellcheck shell=bash
#
# tests/lib/netns-smbd.sh - a standalone smbd inside a test namespace, for
# tests/lib/netns.sh, which sources it: callers source netns.sh only.  It
# uses netns.sh's registries (the processes cifsaf_cleanup stops) and its
# internal helpers.
#
# Public functions:
#   cifsaf_smbd_start NS WORKDIR

# Seconds to wait for smbd to listen on port 445.
: "${CIFSAF_SMBD_TIMEOUT:=15}"

# Number of TCP listeners on port 445 in NS for address family $2 (4 or 6).
_cifsaf_listeners_445() {
    local out
    out=$(ss -N "$1" -H -l -t -n "-$2" 'sport = :445' 2>/dev/null) || out=
    if [[ -z "$out" ]]; then
        printf '0\n'
    else
        printf '%s\n' "$out" | wc -l
    fi
}

# True if NS has a non-loopback, non-link-local IPv6 address.
_cifsaf_ns_has_ipv6() {
    local out
    out=$(ip -n "$1" -6 -o addr show scope global 2>/dev/null) || out=
    [[ -n "$out" ]]
}

# Show why smbd failed.  When smbd cannot start it calls smb_panic(), and
# in 4.17 the panic handler itself tends to segfault, so the end of the log
# is a wall of backtraces: show what came before the first panic block,
# plus the panic headline.
_cifsaf_smbd_logtail() {
    local log=$1/log/smbd.log out=$1/log/smbd.stdout
    if [[ -s "$log" ]]; then
        printf -- '--- %s (up to the first panic) ---\n' "$log" >&2
        awk '/fault\.c:[0-9]+\(smb_panic_log\)|log_stack_trace|dump_core/ { exit }
             { print }' "$log" | tail -n 20 >&2 || true
        grep -m 1 -E 'INTERNAL ERROR|PANIC' "$log" >&2 || true
    else
        printf -- '--- %s is empty or missing ---\n' "$log" >&2
    fi
    if [[ -s "$out" ]]; then
        printf -- '--- last lines of %s ---\n' "$out" >&2
        tail -n 10 "$out" >&2 || true
    fi
}

# cifsaf_smbd_start NS WORKDIR
# Write WORKDIR/smb.conf for a standalone guest-accessible smbd whose state
# lives entirely under WORKDIR, create the share WORKDIR/share (with
# hello.txt), start smbd inside NS and wait until port 445 listens.
# CIFSAF_SMBD_EXTRA_CONF, when set, is appended to smb.conf (more shares).
# Sets CIFSAF_SMBD_PID (smbd's pid as seen from here) and
# CIFSAF_SMBD_STARTUP_MS.  smbd runs as PID 1 of a private PID namespace,
# so the pid file under WORKDIR/run says "1"; use CIFSAF_SMBD_PID.
cifsaf_smbd_start() {
    local ns=${1:-} work=${2:-} conf wrapper pid t0 now deadline want6=0 d
    _cifsaf_check_ns_name "$ns" || return 1
    _cifsaf_need_root "cifsaf_smbd_start" || return 1
    if [[ -z "$work" || ! -d "$work" ]]; then
        _cifsaf_die "cifsaf_smbd_start: work directory '$work' does not exist"
        return 1
    fi
    if [[ ! -e "/run/netns/$ns" ]]; then
        _cifsaf_die "cifsaf_smbd_start: no namespace '$ns'"
        return 1
    fi
    command -v smbd >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    command -v smbd >/dev/null 2>&1 ||
        { _cifsaf_die "smbd not found (install package samba)"; return 1; }
    work=$(cd "$work" && pwd -P) || return 1
    if [[ "$work" == *$'\n'* || "$work" == *[\;#]* ]]; then
        _cifsaf_die "cifsaf_smbd_start: unusable work directory '$work'"
        return 1
    fi
    for d in run lock state cache private ncalrpc log share; do
        mkdir -p "$work/$d" || { _cifsaf_die "cannot create $work/$d"; return 1; }
    done
    chmod 0700 "$work/private"
    printf 'hello from samba\n' >"$work/share/hello.txt" ||
        { _cifsaf_die "cannot write $work/share/hello.txt"; return 1; }
    conf=$work/smb.conf
    cat >"$conf" <<CONF || { _cifsaf_die "cannot write $conf"; return 1; }
# written by cifs-af tests/lib/netns-smbd.sh
[global]
    server role = standalone server
    workgroup = WORKGROUP
    netbios name = CIFSAFTEST
    server string = cifs-af test server
    pid directory = $work/run
    lock directory = $work/lock
    state directory = $work/state
    cache directory = $work/cache
    private dir = $work/private
    ncalrpc dir = $work/ncalrpc
    passdb backend = tdbsam:$work/private/passdb.tdb
    usershare path =
    log file = $work/log/smbd.log
    max log size = 0
    log level = 1
    smb ports = 445 139
    disable netbios = yes
    map to guest = Bad User
    guest account = nobody
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    server min protocol = SMB2

[share]
    path = $work/share
    guest ok = yes
    read only = no
    force user = root
${CIFSAF_SMBD_EXTRA_CONF:-}
CONF
    if _cifsaf_ns_has_ipv6 "$ns"; then want6=1; fi

    t0=$(_cifsaf_now_us)
    # smbd runs in the foreground (so an early exit is noticed at once),
    # started in the background, as PID 1 of its own PID namespace:
    #  - the smbd parent never waits for its helpers (smbd-notifyd,
    #    cleanupd) when it exits; they get re-parented to the real init,
    #    which in containers often never reaps them and they stay zombies.
    #    As PID 1 of a PID namespace smbd reaps them itself, and when it
    #    exits the kernel kills and reaps whatever is left in there.
    #  - do NOT use --no-process-group: on exit the smbd parent does
    #    kill(0, SIGTERM), which would hit the caller's process group.
    # `ip netns exec` execs unshare directly, so $! is unshare's pid; its
    # only child is smbd.  --kill-child takes smbd down if unshare dies.
    ip netns exec "$ns" unshare --pid --fork --kill-child=TERM \
        smbd --foreground -s "$conf" \
        </dev/null >>"$work/log/smbd.stdout" 2>&1 &
    wrapper=$!
    # Keep a caller's bare `wait` from waiting for the server forever.
    disown "$wrapper" 2>/dev/null || true
    _CIFSAF_PIDS+=("$ns $wrapper")
    CIFSAF_SMBD_PID=

    deadline=$(( t0 + CIFSAF_SMBD_TIMEOUT * 1000000 ))
    while :; do
        if [[ -z "$CIFSAF_SMBD_PID" ]]; then
            pid=$(_cifsaf_child_of "$wrapper")
            if [[ -n "$pid" ]]; then
                CIFSAF_SMBD_PID=$pid
                _CIFSAF_PIDS+=("$ns $pid")
            fi
        fi
        if [[ -n "$CIFSAF_SMBD_PID" ]] &&
           (( $(_cifsaf_listeners_445 "$ns" 4) > 0 )) &&
           { (( want6 == 0 )) || (( $(_cifsaf_listeners_445 "$ns" 6) > 0 )); }; then
            break
        fi
        if ! _cifsaf_alive "$wrapper"; then
            _cifsaf_die "smbd in namespace $ns exited during startup (config $conf)"
            _cifsaf_smbd_logtail "$work"
            return 1
        fi
        now=$(_cifsaf_now_us)
        if (( now >= deadline )); then
            _cifsaf_die "smbd in namespace $ns not listening on port 445 after ${CIFSAF_SMBD_TIMEOUT}s (config $conf)"
            _cifsaf_smbd_logtail "$work"
            return 1
        fi
        sleep 0.1
    done
    now=$(_cifsaf_now_us)
    CIFSAF_SMBD_STARTUP_MS=$(( (now - t0) / 1000 ))
    # Exported for callers; referenced here so shellcheck knows it is used.
    : "$CIFSAF_SMBD_PID" "$CIFSAF_SMBD_STARTUP_MS"
}
