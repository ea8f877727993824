#!/bin/bash
# tests/docs/examples.sh HELPER: every command and file example in the
# documentation, run, so the docs cannot drift from the program.  The
# build's cifs-af.dnsresolver, beside HELPER's directory, runs its own.
#
# The examples are read from the documents themselves:
#   - docs/mount.cifs.8 and docs/cifs-af.conf.5: each .nf/.fi block of
#     their EXAMPLES sections;
#   - README.md: the cifs-af.conf example under "Configuring", and every
#     `... mount.cifs ... -f -v ...` command in backquotes.
# Each line is recognised as a command (mount.cifs, mount -t cifs), an
# /etc/fstab line, an autofs map line or a cifs-af.conf line,
# and run the way it is meant: commands as written with mount(8) told to
# fake (-f, which mount(8) passes on to the helper: this machine's kernel
# cannot mount cifs; the qemu guest tests mount for real), fstab lines with
# "mount -f DIR" (as an unprivileged user for a "user" line, through the
# setuid helper), map lines as automount would run them, configuration
# lines through CIFS_AF_CONFIG.  A line of an unknown kind fails the test:
# a new kind of example needs a way to run it here.
#
# Everything runs in a private mount namespace (own /etc, our helper bound
# over /sbin/mount.cifs) inside a network namespace where the example names
# resolve to a real Samba server on the namespace's loopback.  Needs root.
set -u
helper=$(readlink -f "$1")
# cifs-af.dnsresolver of the same build, for the examples that run it.
upcall=$(readlink -f "$(dirname "$helper")/../dns-resolver/cifs-af.dnsresolver")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/netns.sh"
cifsaf_need_packages cifs-utils samba iproute2 keyutils
. "$top/tests/lib/private-etc.sh"
cifsaf_private_etc "$helper"
cifsaf_trap_cleanup
# shellcheck disable=SC2064 # fixed now; cifsaf_cleanup first, then /etc
trap "cifsaf_cleanup; umount /etc 2>/dev/null; rm -rf '$tmp'" EXIT

NS=cifsaf-docs-$$ V4=192.0.2.10 V6=2001:db8::10
uid=4321 user=cifsaftest
pass=0 fail=0
ok() { echo "PASS: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/    /' <<<"$2" | head -30; fail=$((fail + 1)); }

# --- the world the examples expect
echo "$user:x:$uid:$uid::/nonexistent:/bin/sh" >>"$tmp/etc/passwd"
echo "$user:x:$uid:" >>"$tmp/etc/group"
printf 'username=docs\npassword=docs-pw\n' >"$tmp/etc/cifs-data.cred"
chmod 600 "$tmp/etc/cifs-data.cred"
: >"$tmp/etc/fstab"
mount --bind "$tmp/etc" /etc
mkdir -p "$tmp/work/samba"
cifsaf_ns_create "$NS"
cifsaf_ns_addr "$NS" "$V4/32" "$V6/128"
names=(fileserver.example.com legacy-nas.example.com)
hosts=()
for n in "${names[@]}"; do hosts+=("$V6 $n" "$V4 $n"); done
cifsaf_ns_hosts "$NS" "${hosts[@]}"
cifsaf_smbd_start "$NS" "$tmp/work/samba" || { echo "FAIL: smbd did not start"; exit 1; }
# mount(8) runs /sbin/mount.cifs: make it ours, setuid as a package would
# leave it after an administrator's "chmod u+s".
cp "$helper" "$tmp/mount.cifs"
chown root:root "$tmp/mount.cifs"
chmod 4755 "$tmp/mount.cifs"
mount --bind "$tmp/mount.cifs" "$(readlink -f /sbin/mount.cifs)"
# Mount points the examples name, on tmpfs so the host is not touched.
for d in /srv /home; do mount -t tmpfs "cifsaf-docs$d" "$d"; done
mkdir -p /srv/data /home/shared
chown "$uid:$uid" /home/shared
cd "$tmp/work" || exit 1

# in_ns CMD...: run in the network namespace, with a clean environment.
in_ns() { ip netns exec "$NS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# ran NAME OUTPUT STATUS: an example must succeed and show the decision.
ran() {
	if [ "$3" -eq 0 ] && grep -q "kernel mount options: ip=" <<<"$2"; then
		ok "$1"
	else
		ko "$1 (exit $3)" "$2"
	fi
}

# --- extraction
# man_examples FILE: the lines of the .nf blocks in its EXAMPLES section,
# unescaped ("\-" is "-", "\e" is "\").
man_examples() {
	awk '/^\.SH EXAMPLES/ { on = 1; next } /^\.SH / { on = 0 }
		on && /^\.nf/ { nf = 1; next } on && /^\.fi/ { nf = 0; print "@@"; next }
		on && nf { print }' "$1" | sed -e 's/\\-/-/g' -e 's/\\e/\\/g'
}

# README's cifs-af.conf block (the fenced block under "## Configuring").
readme_conf() {
	awk '/^## Configuring/ { on = 1 } on && /^  ```$/ { if (in_block) exit; in_block = 1; next }
		in_block { sub(/^  /, ""); print }' "$top/README.md"
}

# README's backquoted helper commands that decide without mounting.
readme_commands() {
	grep -o '`[^`]*mount\.cifs //[^`]* -f -v[^`]*`' "$top/README.md" | tr -d '`' | sort -u
}

# --- running one example line
conf_block=()
run_line() {
	local line=$1 src=$2 out st words
	read -ra words <<<"$line"
	case "$line" in
	'' | '@@') return 0 ;;
	mount.cifs\ * | *=*\ mount.cifs\ *)
		# As a user would type it: the shell expands $PWD and the like.
		out=$(eval "in_ns $line" 2>&1)
		st=$?
		# Naming a configuration file is the point of such an example:
		# it must have been read, without a problem.
		if [[ "$line" == *CIFS_AF_CONFIG=* ]] && ! grep -q "^config /.*: .*, 0 problems" <<<"$out"; then
			ko "$src: $line: the configuration file was not read" "$out"
			return 0
		fi
		ran "$src: $line" "$out" $st ;;
	cifs-af.dnsresolver\ -D\ * | *=*\ cifs-af.dnsresolver\ -D\ *)
		# What the kernel would be told: the request-key handler's debug
		# mode, from this build, its cache in a session keyring of its own.
		line=${line/cifs-af.dnsresolver /$upcall }
		out=$(eval "in_ns CIFS_AF_KEYRING=session keyctl session - env $line" 2>&1)
		st=$?
		if [[ "$line" == *CIFS_AF_CONFIG=* ]] && ! grep -q "^config /.*: .*, 0 problems" <<<"$out"; then
			ko "$src: $line: the configuration file was not read" "$out"
		elif [ "$st" -eq 0 ] && grep -q "; answered " <<<"$out"; then
			ok "$src: $line"
		else
			ko "$src: $line (exit $st)" "$out"
		fi ;;
	"mount -t cifs "*)
		# shellcheck disable=SC2086
		out=$(in_ns mount -f -v ${line#mount } 2>&1)
		ran "$src: $line (mount -f)" "$out" $? ;;
	//*\ /*\ cifs\ *)
		# An fstab line: add it and mount it by its mount point.
		echo "$line" >>/etc/fstab
		if [[ ",${words[3]}," == *,user,* || ",${words[3]}," == *,users,* ]]; then
			out=$(ip netns exec "$NS" setpriv --reuid=$uid --regid=$uid --clear-groups \
				env -i PATH=/usr/bin:/bin mount -f -v "${words[1]}" 2>&1)
			st=$?
			ran "$src: fstab user line, mounted by an unprivileged user with mount ${words[1]}" "$out" $st
		else
			out=$(in_ns mount -f -v "${words[1]}" 2>&1)
			ran "$src: fstab line, mount ${words[1]}" "$out" $?
		fi ;;
	*\ -fstype=cifs,*\ ://*)
		# An autofs map line: what automount runs on first access.
		local opts=${words[1]#-fstype=cifs,} location=${words[2]#:}
		out=$(in_ns mount -f -v -t cifs -o "$opts" "$location" /mnt 2>&1)
		ran "$src: autofs map line ($location)" "$out" $? ;;
	kernel\ * | host\ * | connect-delay-ms\ * | probe-timeout-ms\ * | resolution-delay-ms\ * | \
		resolve-timeout-ms\ * | cache-ttl-s\ * | dns-resolver-policy\ * | dns-resolver-probe-ms\ * | \
		ad-site\ * | ad-site-budget-ms\ *)
		conf_block+=("$line") ;;
	*)
		ko "$src: an example of a kind this test cannot run: $line" ;;
	esac
}

# A block of cifs-af.conf lines: no line may be rejected, and the rules
# must be in force.
run_conf_block() {
	local src=$1 out
	[ ${#conf_block[@]} -gt 0 ] || return 0
	printf '%s\n' "${conf_block[@]}" >"$tmp/work/test.conf"
	out=$(in_ns CIFS_AF_CONFIG="$tmp/work/test.conf" "$helper" //fileserver.example.com/data /mnt \
		-f -n -v -o guest 2>&1)
	if grep -qE 'line ignored|cannot|problem[s]?[^,]*[1-9]' <<<"$out" ||
		! grep -q "config $tmp/work/test.conf: .*, 0 problems" <<<"$out"; then
		ko "$src: a cifs-af.conf example with a line the helper rejects" "$(printf '%s\n' "${conf_block[@]}")
$out"
	else
		ok "$src: cifs-af.conf example of ${#conf_block[@]} lines accepted"
	fi
	conf_block=()
}

for page in docs/mount.cifs.8 docs/cifs-af.conf.5; do
	while IFS= read -r line; do
		if [ "$line" = @@ ]; then
			run_conf_block "$page"
			continue
		fi
		run_line "$line" "$page"
	done < <(man_examples "$top/$page")
	run_conf_block "$page"
	# The page's last configuration block stays as ./test.conf for the
	# command that follows it in the page ("CIFS_AF_CONFIG=./test.conf").
done

# cifs-af.conf(5) checks a rule with $PWD/test.conf: its host example must
# decide v4-only for legacy-nas, by that rule.
printf 'host legacy-nas.example.com v4-only\n' >"$tmp/work/test.conf"
out=$(in_ns CIFS_AF_CONFIG="$tmp/work/test.conf" "$helper" //legacy-nas.example.com/data /mnt -f -n -v \
	-o guest 2>&1)
grep -q "policy v4-only (.*test.conf:1" <<<"$out" && grep -q "kernel mount options: ip=$V4," <<<"$out" &&
	ok "cifs-af.conf(5): the host rule decides v4-only, naming its line" ||
	ko "cifs-af.conf(5): the host rule" "$out"

while IFS= read -r line; do run_line "$line" README.md; done < <(readme_conf)
run_conf_block README.md
while IFS= read -r cmd; do
	case "$cmd" in
	*CIFS_AF_CONFIG=*test.conf*)
		printf 'host *.example.com v6-preferred\n' >"$tmp/work/test.conf" ;;
	esac
	# README's generic names: a server of the example names.
	cmd=${cmd//\/\/srv\/s/\/\/fileserver.example.com\/data}
	cmd=${cmd//\/\/server\/share/\/\/fileserver.example.com\/data}
	run_line "$cmd" README.md
done < <(readme_commands)

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
