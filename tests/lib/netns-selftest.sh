#!/bin/bash
#
# tests/lib/netns-selftest.sh - exercise tests/lib/netns.sh.
#
# Needs root.  Creates a private network namespace with documentation
# addresses only (192.0.2.10, 2001:db8::10), runs smbd in it, checks name
# resolution, SMB access over IPv4 and IPv6, the drop/reject faults and the
# cleanup.  Exits 0 if every check passed.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/netns.sh
. "$HERE/netns.sh"

if [[ "$(id -u)" != 0 ]]; then
    echo "netns-selftest: must run as root" >&2
    exit 1
fi

PASSED=0
FAILED=0
V4=192.0.2.10
V6=2001:db8::10
NAME=fs.test
NS=cifsaf-selftest-$$

pass() {
    PASSED=$((PASSED + 1))
    printf 'ok %d - %s\n' "$((PASSED + FAILED))" "$1"
}

fail() {
    FAILED=$((FAILED + 1))
    printf 'not ok %d - %s\n' "$((PASSED + FAILED))" "$1"
    shift
    if (( $# > 0 )); then
        printf '    %s\n' "$@"
    fi
}

summary() {
    printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
}

# Try a TCP connect to ADDR:PORT from inside the namespace, giving up after
# SECS seconds.  Prints "<exit status> <elapsed ms>"; status 124 = timeout.
probe_connect() {
    local addr=$1 port=$2 secs=$3 t0 t1 rc=0
    t0=${EPOCHREALTIME//[!0-9]/}
    # shellcheck disable=SC2016  # $1/$2 are expanded by the inner bash
    ip netns exec "$NS" timeout "$secs" \
        bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$addr" "$port" \
        2>/dev/null || rc=$?
    t1=${EPOCHREALTIME//[!0-9]/}
    printf '%d %d\n' "$rc" "$(( (t1 - t0) / 1000 ))"
}

# Fetch hello.txt with smbclient from inside the namespace; extra arguments
# go to smbclient.  Prints the file on success.
smb_get_hello() {
    ip netns exec "$NS" timeout 20 smbclient -N "$@" -c 'get hello.txt -' 2>&1
}

cifsaf_trap_cleanup
cifsaf_need_packages iproute2 iptables samba smbclient

# --- set up ---------------------------------------------------------------
WORK=
cifsaf_tmpdir WORK
cifsaf_ns_create "$NS"
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128"
cifsaf_ns_hosts "$NS" "$V4 $NAME" "$V6 $NAME"
cifsaf_smbd_start "$NS" "$WORK"
echo "# smbd pid $CIFSAF_SMBD_PID in $NS listening after ${CIFSAF_SMBD_STARTUP_MS} ms"
SMBD_PID=$CIFSAF_SMBD_PID

# --- 1: name resolution inside the namespace ------------------------------
out=$(ip netns exec "$NS" getent ahosts "$NAME" 2>&1) || true
if grep -q "^${V4}[[:space:]]" <<<"$out" && grep -q "^${V6}[[:space:]]" <<<"$out"; then
    pass "getent ahosts $NAME returns $V4 and $V6"
else
    fail "getent ahosts $NAME returns $V4 and $V6" "got: ${out//$'\n'/ | }"
fi

# --- 2: SMB over IPv4 ------------------------------------------------------
out=$(smb_get_hello "//$V4/share") || true
if grep -qx 'hello from samba' <<<"$out"; then
    pass "smbclient reads hello.txt via //$V4/share"
else
    fail "smbclient reads hello.txt via //$V4/share" "got: ${out//$'\n'/ | }"
fi

# --- 3: SMB over IPv6 ------------------------------------------------------
# smbclient takes a bare IPv6 literal in the UNC (//2001:db8::10/share);
# the bracketed form //[2001:db8::10]/share fails with
# NT_STATUS_INVALID_ADDRESS.
out=$(smb_get_hello "//$V6/share") || true
if grep -qx 'hello from samba' <<<"$out"; then
    pass "smbclient reads hello.txt via //$V6/share"
else
    fail "smbclient reads hello.txt via //$V6/share" "got: ${out//$'\n'/ | }"
fi

# --- 4: baseline, both addresses accept TCP 445 ----------------------------
r4=$(probe_connect "$V4" 445 2)
r6=$(probe_connect "$V6" 445 2)
if [[ "${r4%% *}" == 0 && "${r6%% *}" == 0 ]]; then
    pass "TCP connect to $V4:445 and [$V6]:445 succeeds without faults"
else
    fail "TCP connect to $V4:445 and [$V6]:445 succeeds without faults" \
        "status/ms v4: $r4, v6: $r6"
fi

# --- 5: drop fault on the IPv6 address -> connect times out ----------------
cifsaf_fault "$NS" drop "$V6"
r6=$(probe_connect "$V6" 445 2)
if [[ "${r6%% *}" == 124 ]]; then
    pass "drop $V6: connect to [$V6]:445 times out (${r6#* } ms)"
else
    fail "drop $V6: connect to [$V6]:445 times out" \
        "expected status 124 (timeout), got status/ms: $r6"
fi
r4=$(probe_connect "$V4" 445 2)
if [[ "${r4%% *}" == 0 ]]; then
    pass "drop $V6 leaves $V4:445 reachable"
else
    fail "drop $V6 leaves $V4:445 reachable" "status/ms: $r4"
fi

# --- 6: reject fault on the IPv4 address -> connection refused quickly -----
# A refusal is a non-timeout failure well before the 2 s limit.
refused_fast() {
    local rc=${1%% *} ms=${1#* }
    [[ "$rc" != 0 && "$rc" != 124 ]] && (( ms < 1000 ))
}
cifsaf_fault "$NS" reject "$V4"
r4=$(probe_connect "$V4" 445 2)
if refused_fast "$r4"; then
    pass "reject $V4: connect to $V4:445 refused in ${r4#* } ms"
else
    fail "reject $V4: connect to $V4:445 refused quickly" \
        "expected a fast non-timeout failure, got status/ms: $r4"
fi
# The newest fault wins: reject on top of the earlier drop of the IPv6
# address must refuse, not time out.
cifsaf_fault "$NS" reject "$V6"
r6=$(probe_connect "$V6" 445 2)
if refused_fast "$r6"; then
    pass "reject $V6 over drop $V6: connect refused in ${r6#* } ms"
else
    fail "reject $V6 over drop $V6: connect refused quickly" \
        "expected a fast non-timeout failure, got status/ms: $r6"
fi

# --- 7: clearing the faults restores access --------------------------------
cifsaf_fault_clear "$NS"
out=$(smb_get_hello "//$NAME/share") || true
r6=$(probe_connect "$V6" 445 2)
if grep -qx 'hello from samba' <<<"$out" && [[ "${r6%% *}" == 0 ]]; then
    pass "after cifsaf_fault_clear //$NAME/share and [$V6]:445 work again"
else
    fail "after cifsaf_fault_clear //$NAME/share and [$V6]:445 work again" \
        "smbclient: ${out//$'\n'/ | }" "v6 status/ms: $r6"
fi

# --- 8: cleanup removes everything, and is idempotent -----------------------
cifsaf_cleanup
cifsaf_cleanup
problems=()
nslist=$(ip netns list 2>&1) || true
if [[ -e "/run/netns/$NS" || "$nslist" == *"$NS"* ]]; then
    problems+=("namespace $NS still exists")
fi
if [[ -e "/etc/netns/$NS" ]]; then
    problems+=("/etc/netns/$NS still exists")
fi
if [[ -e "$WORK" ]]; then
    problems+=("work directory $WORK still exists")
fi
if [[ -e "/proc/$SMBD_PID" ]]; then
    problems+=("smbd pid $SMBD_PID still exists")
fi
if (( ${#problems[@]} == 0 )); then
    pass "cifsaf_cleanup removed namespace, /etc/netns/$NS, work dir and smbd"
else
    fail "cifsaf_cleanup removed namespace, /etc/netns/$NS, work dir and smbd" \
        "${problems[@]}"
fi

summary
if (( FAILED > 0 )); then
    echo "netns-selftest: FAILED" >&2
    exit 1
fi
