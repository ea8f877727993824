#!/bin/bash
# tests/oracle/differential.sh HELPER: run Debian's cifs-utils mount.cifs
# (the oracle) and ours over corpus.txt with mount(2) intercepted by an
# LD_PRELOAD library, and compare the type, the mount flags and the option
# string each passes to mount(2).  Needs root (both helpers want it).
#
# Debian 12 ships cifs-utils 7.0; cifs-af follows 7.5 (7.2+ semantics).  The
# known 7.0 -> 7.5 changes are applied to the oracle's output before
# comparing, each with its reason (normalise_oracle).  Any other difference
# fails.
set -u
helper=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/netns.sh"
cifsaf_need_packages cifs-utils gcc

oracle=$(dpkg -L cifs-utils | grep -E '/s?bin/mount\.cifs$' | head -1)
[ -x "$oracle" ] || { echo "cifs-utils' mount.cifs not found"; exit 1; }
oracle_version=$(dpkg-query -W -f='${Version}' cifs-utils)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/mnt"
gcc -shared -fPIC -o "$tmp/mount-log.so" "$here/mount-log.c" || exit 1
# @CRED@ in the corpus names this credentials file.
printf 'username=credu\npassword=cred,pw\ndomain=CREDDOM\n' >"$tmp/cred"
chmod 600 "$tmp/cred"

# run_one BINARY SERVICE FLAGS OPTIONS [VAR=VALUE...]: the mount(2) calls it
# made, one line each, with its exit status.
run_one() {
	local bin=$1 service=$2 flags=$3 options=$4 log="$tmp/log.$RANDOM"
	shift 4
	# shellcheck disable=SC2086 # FLAGS is a word list
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin USER=tester CIFS_AF_KERNEL_RELEASE=6.1.0 "$@" \
		${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} \
		LD_PRELOAD="$tmp/mount-log.so" CIFSAF_MOUNT_LOG="$log" \
		"$bin" "$service" "$tmp/mnt" $flags -o "$options" </dev/null >"$log.out" 2>&1
	local status=$?
	if [ -s "$log" ]; then
		sed "s|target=[^\t]*|target=.|" "$log"
		[ -z "${CIFSAF_SHOW_STATUS:-}" ] || echo "exit $status"
	else
		echo "no mount(2) call; exit $status: $(tr '\n' ' ' <"$log.out")"
	fi
	rm -f "$log" "$log.out"
}

# The oracle is 7.0; cifs-af implements 7.5.  Changes between the two that
# this corpus touches (cifs-utils-mount-helper.md section 0.1):
#  - 7.2 (974249d): no pass= for sec=none or sec=krb5*;
#  - 7.3 (d14ce28): no pass= for guest.
normalise_oracle() {
	local options=$1 line=$2
	case ",$options," in
	*,guest,* | *,sec=none* | *,sec=krb5*)
		line=$(sed -E 's/,pass=[^\t]*$//; s/,pass=[^,\t]*,/,/' <<<"$line") ;;
	esac
	printf '%s\n' "$line"
}

pass=0 fail=0 fixes=0
while IFS='|' read -r service flags options fix; do
	case "$service" in '#'* | '') continue ;; esac
	options=${options//@CRED@/$tmp/cred}
	want=$(normalise_oracle "$options" "$(run_one "$oracle" "$service" "$flags" "$options")")
	got=$(run_one "$helper" "$service" "$flags" "$options")
	if [ -n "$fix" ]; then
		if [ "$want" != "$got" ]; then
			pass=$((pass + 1)) fixes=$((fixes + 1))
			echo "deliberate difference: $service $flags -o $options"
			echo "    ${fix}"
			echo "    cifs-utils: $want"
			echo "    cifs-af:    $got"
		else
			fail=$((fail + 1))
			echo "FAIL: $service $flags -o $options: listed as a fix but identical to cifs-utils"
		fi
	elif [ "$want" = "$got" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $service $flags -o $options"
		echo "    cifs-utils $oracle_version: $want"
		echo "    cifs-af:             $got"
	fi
done <"$here/corpus.txt"
# Retries: mount(2) fails with the errnos given, both helpers must make the
# same calls (ENXIO: once more with upper-case names; ENOKEY under krb5 with
# SUDO_UID: once more with cruid=; others: stop) and exit the same way.
retries=0
while IFS='|' read -r errnos environment service options; do
	case "$errnos" in '#'* | '') continue ;; esac
	# shellcheck disable=SC2086 # ENVIRONMENT is a word list
	want=$(CIFSAF_SHOW_STATUS=1 run_one "$oracle" "$service" "" "$options" CIFSAF_MOUNT_ERRNOS="$errnos" $environment)
	want=$(normalise_oracle "$options" "$want")
	# shellcheck disable=SC2086
	got=$(CIFSAF_SHOW_STATUS=1 run_one "$helper" "$service" "" "$options" CIFSAF_MOUNT_ERRNOS="$errnos" $environment)
	if [ "$want" = "$got" ]; then
		pass=$((pass + 1)) retries=$((retries + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: errnos $errnos $environment $service -o $options"
		echo "    cifs-utils $oracle_version:"; sed 's/^/        /' <<<"$want"
		echo "    cifs-af:"; sed 's/^/        /' <<<"$got"
	fi
done <"$here/retry-corpus.txt"

# Messages: scripts grep cifs-utils' failure messages, so every line it
# prints for a failed mount must be among ours.  cifs-utils runs "could not
# connect to ADDR" into the next message without a newline; ours ends it,
# so the oracle's text is split there before comparing.  Ours must also
# name the address and errno of a final failure.
messages_of() {
	local bin=$1 errnos=$2 service=$3 options=$4
	shift 4
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin USER=tester CIFS_AF_KERNEL_RELEASE=6.1.0 "$@" \
		${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} \
		LD_PRELOAD="$tmp/mount-log.so" CIFSAF_MOUNT_LOG=/dev/null CIFSAF_MOUNT_ERRNOS="$errnos" \
		"$bin" "$service" "$tmp/mnt" -o "$options" </dev/null 2>&1 >/dev/null
}
messages=0
while IFS='|' read -r errnos environment service options; do
	case "$errnos" in '#'* | '') continue ;; esac
	# shellcheck disable=SC2086
	want=$(messages_of "$oracle" "$errnos" "$service" "$options" $environment |
		sed -E 's/(could not connect to [0-9a-f.:]+)(.)/\1\n\2/')
	# shellcheck disable=SC2086
	got=$(messages_of "$helper" "$errnos" "$service" "$options" $environment)
	missing=$(grep -vxF -f <(printf '%s\n' "$got") <<<"$want" | grep -v '^$')
	final=${errnos##*,}
	if [ -n "$missing" ]; then
		fail=$((fail + 1))
		echo "FAIL: errnos $errnos: cifs-utils' lines missing from ours:"; sed 's/^/        /' <<<"$missing"
		echo "    ours:"; sed 's/^/        /' <<<"$got"
	elif [ "$final" != 0 ] && ! grep -qE "with ip=[0-9a-f.:]+ failed: .* \(errno $final\)|^mount error\($final\): could not connect to [0-9a-f.:]+$" <<<"$got"; then
		fail=$((fail + 1))
		echo "FAIL: errnos $errnos: the final failure does not name the address and errno"
		sed 's/^/        /' <<<"$got"
	else
		pass=$((pass + 1)) messages=$((messages + 1))
	fi
done <"$here/retry-corpus.txt"

echo "differential against cifs-utils $oracle_version: $((pass - fixes - retries - messages)) identical, $fixes deliberate fixes, $retries retry sequences identical, $messages message sets kept"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
