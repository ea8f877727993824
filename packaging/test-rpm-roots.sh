# shellcheck shell=bash disable=SC2154 # the driver's variables, named below
# packaging/test-rpm-roots.sh: the scratch-root scenarios of the RPM test
# (packaging/test-packages.sh, which sources this and runs each scenario
# in the background, two at a time).  Needs check-lib.sh and the driver's
# $work, $top, $version, $repo (the signed repository, with its
# cifs-af.repo), $host_rpm (the package rebuilt from source on this
# machine) and OURS_SUM (per architecture, the packaged mount.cifs's
# SHA-256).
#
#   scenario NAME FLAVOUR ARCH RELEASEVER STUBS BASE OWNER VERSION REL1 REL2
#            SBINDIR EXTRA ORDER KEYUTILS FLOW [MORE...]
# NAME names the root ($work/root-NAME) and its log; STUBS is the stub
# rpmbuild tree of its release (packaging/test-rpm-stubs.sh; its RPMS/ a
# repository, its sum-* the owner scripts' SHA-256), BASE the base
# stub's name in it; OWNER VERSION-REL1 and -REL2 the owner's two
# releases, owning SBINDIR/mount.cifs, EXTRA as stub_owner takes it;
# ORDER first (the owner is there before cifs-af) or later; KEYUTILS
# none, before or after (el5: /etc/request-key.conf's owner); FLOW full,
# or short (install, owner reinstalled, cifs-af upgraded, erased); MORE:
# scenario_MORE functions run after a full flow, in the same root.
# Prints its checks; the counts are in $checks and $failures.

declare -A OURS_SUM

# in_root ROOT ARCH PATH ARGS...: run PATH in ROOT as mount(8) there
# would; the i686 programs under qemu-i386 with ROOT as its prefix (this
# machine's kernel runs no i386 program), the path resolved in the root.
in_root() {
	local root=$1 arch=$2 path=$3 real
	shift 3
	if [ "$arch" = i686 ] && [ "$(head -c5 "$root$(chroot "$root" /bin/readlink -f "$path")" | od -An -tx1 | tr -d ' ')" = 7f454c4601 ]; then
		real=$(chroot "$root" /bin/readlink -f "$path")
		qemu-i386 -L "$root" -0 "$path" "$root$real" "$@"
	else
		chroot "$root" "$path" "$@"
	fi
}

# identify ROOT ARCH PATH: what PATH is inside ROOT: "absent", "cifs-af"
# (a link to our binary whose bytes are the RPM's mount.cifs and which
# runs and says so), "OWNER VER-REL" (the owner stub's script, which runs
# and says so), or "other".  A kept original (NAME.distrib) that is a link
# is "link:TARGET": what it points to changes with the takeover, the link
# itself does not.
identify() {
	local root=$1 arch=$2 path=$3 sum out target f
	if ! chroot "$root" /bin/test -e "$path" && ! chroot "$root" /bin/test -L "$path"; then
		echo absent
		return
	fi
	target=$(chroot "$root" /bin/readlink "$path")
	if [ -n "$target" ] && [[ $path == *.distrib ]]; then
		echo "link:$target"
		return
	fi
	sum=$(chroot "$root" /bin/cat "$path" 2>/dev/null | sha256sum | cut -d' ' -f1)
	out=$(in_root "$root" "$arch" "$path" -V 2>&1 | head -1)
	if [ "$sum" = "${OURS_SUM[$arch]}" ]; then
		if [ "$target" = "/usr/libexec/cifs-af/${path##*/}" ] &&
			[[ $out == "${path##*/} version: cifs-af $version "* ]]; then
			echo cifs-af
		else
			echo "other (our bytes, link '$target', -V says '$out')"
		fi
		return
	fi
	for f in "$stubs"/sum-*; do
		if [ "$sum" = "$(cat "$f")" ]; then
			# "mount.cifs version: samba-client 3.0.33-3.39.el5_8 (stand-in)"
			out=${out#* version: }
			echo "${out% (stand-in)}"
			return
		fi
	done
	echo "other (link '$target', -V says '$out')"
}

# expect_state STEP NAME=WANT...: after STEP, /sbin/NAME is WANT.
expect_state() {
	local step=$1 pair
	shift
	for pair in "$@"; do
		same "$name: $step: /sbin/${pair%%=*} is ${pair#*=}" \
			"$(identify "$root" "$arch" "/sbin/${pair%%=*}")" "${pair#*=}"
	done
}

# expect_verify STEP PACKAGE PATH...: rpm -V PACKAGE lists exactly PATHs
# (the taken-over files), each as "....L...." (a link where the package has
# a file), none when no PATH is given.
expect_verify() {
	local step=$1 pkg=$2 out got want
	shift 2
	out=$(rpm --root "$root" -V "$pkg" 2>&1)
	got=$(awk 'NF { print $NF }' <<<"$out" | sort | paste -sd' ')
	want=""
	[ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | paste -sd' ')
	if awk 'NF && $1 != "....L...."' <<<"$out" | grep -q .; then
		fail "$name: $step: rpm -V $pkg reports more than a link in place of a file"
		# shellcheck disable=SC2001 # indent every line
		sed 's/^/      /' <<<"$out"
	else
		same "$name: $step: rpm -V $pkg shows ${want:-nothing}" "$got" "$want"
	fi
}

# observed STEP MARK: the path-observer lines since line MARK: at least
# two (the scriptlets did run and look), and none "absent".
observed() {
	local step=$1 log=$root/var/log/path-observer.log lines
	lines=$(tail -n +"$(($2 + 1))" "$log" 2>/dev/null)
	if [ "$(grep -c . <<<"$lines")" -ge 2 ] && ! grep -q ': absent$' <<<"$lines"; then
		ok "$name: $step: /sbin/mount.cifs there at each of $(grep -c . <<<"$lines") scriptlets ($(sed 's/: .*//' <<<"$lines" | paste -sd, | cut -c1-120)...)"
	else
		fail "$name: $step: /sbin/mount.cifs between the scriptlets"
		sed 's/^/      /' <<<"$lines"
	fi
}
mark() { grep -c . "$root/var/log/path-observer.log" 2>/dev/null || echo 0; }

# keyline: how /etc/request-key.conf routes dns_resolver: "none", "first"
# (one line for our program, before every other active line), or what
# else it is.
keyline() {
	local f=$root/etc/request-key.conf n first
	[ -f "$f" ] || { echo "no file"; return; }
	n=$(grep -cE '^create[[:space:]]+dns_resolver[[:space:]]+\*[[:space:]]+\*[[:space:]]+/usr/libexec/cifs-af/cifs-af\.dnsresolver %k$' "$f")
	first=$(grep -vE '^(#|[[:space:]]|$)' "$f" | head -1)
	case $n in
	0) echo none ;;
	1) [[ $first == *cifs-af.dnsresolver* ]] && echo first || echo "not first" ;;
	*) echo "$n lines" ;;
	esac
}

scenario() {
	local name=$1 flavour=$2 arch=$3 releasever=$4 base=$6 owner=$7 over=$8 rel1=$9 rel2=${10}
	local sbin=${11} extra=${12} order=${13} keyutils=${14} flow=${15}
	local stubs=$5 root=$work/root-$name etc=$work/etc-$name log=$work/dnf-$name.log
	local v1="$owner $over-$rel1" v2="$owner $over-$rel2" dist=${RPM_FLAVOUR_DIST[$2]}
	local diverted="$sbin/mount.cifs" smb3_vendor=absent smb3_kept=absent conf m out kept
	# shellcheck disable=SC2034 # check-lib.sh's counters, for this scenario alone
	checks=0 failures=0
	echo "--- $name: $flavour $arch, \$releasever $releasever, $owner owning $sbin/mount.cifs ($order)"
	mkdir -p "$root" "$etc"
	cat >"$etc/stubs.repo" <<EOF
[stubs]
name=stand-ins for the base system and $owner
baseurl=file://$stubs/RPMS/
gpgcheck=0
EOF
	# cifs-af comes from the generated .repo file, as an admin's would.
	cp "$repo/cifs-af.repo" "$etc/"
	printf '[main]\ngpgcheck=0\ninstall_weak_deps=0\nplugins=0\n' >"$etc/dnf.conf"
	dnf_() {
		echo "# dnf $*" >>"$log"
		dnf -y --config "$etc/dnf.conf" --installroot "$root" --releasever "$releasever" --forcearch "$arch" \
			--setopt=reposdir="$etc" --setopt=cachedir="$work/dnf-cache-$name" "$@" >>"$log" 2>&1
	}
	# step DESCRIPTION DNF-ARGS...: a transaction that must succeed.
	step() {
		local desc=$1
		shift
		if dnf_ "$@"; then
			ok "$name: $desc (dnf $*)"
		else
			fail "$name: $desc (dnf $*)"
			tail -15 "$log" | sed 's/^/      /'
			return 1
		fi
	}
	if [ "$extra" = smb3 ]; then
		diverted="$sbin/mount.cifs $sbin/mount.smb3"
		smb3_vendor=$v2 smb3_kept=link:mount.cifs
	fi
	local first_pkgs="$base path-observer"
	[ "$keyutils" != before ] || first_pkgs+=" keyutils"
	[ "$order" != first ] || first_pkgs+=" $owner-$over-$rel1"
	# shellcheck disable=SC2086 # word lists on purpose
	{
		step "the base system" install $first_pkgs || return
		[ "$sbin" != /usr/sbin ] || same "$name: /sbin is a link to usr/sbin" "$(readlink "$root/sbin")" usr/sbin

		step "cifs-af $version-1 from cifs-af.repo (\$releasever $releasever, \$basearch of $arch)" \
			install "cifs-af-$version-1$dist"
		same "$name: the $flavour $arch package is installed" \
			"$(rpm --root "$root" -q --qf '%{RELEASE}.%{ARCH}' cifs-af)" "1$dist.$arch"
		if [ "$order" = first ]; then
			expect_state "cifs-af installed" mount.cifs=cifs-af mount.cifs.distrib="$v1" mount.smb3=cifs-af \
				mount.smb3.distrib="$smb3_kept"
			expect_verify "cifs-af installed" "$owner" $diverted
		else
			expect_state "cifs-af installed, no owner" mount.cifs=cifs-af mount.cifs.distrib=absent mount.smb3=cifs-af
		fi
		expect_verify "cifs-af installed" cifs-af
		same "$name: takeover where" "$(chroot "$root" /usr/libexec/cifs-af/takeover where)" "$(readlink -f "$root/sbin" | sed "s|^$root||")"
		expect "$name: /etc/cifs-af.conf installed" cmp -s "$root/etc/cifs-af.conf" "$top/cifs-af.conf"
		if [ "$flavour" = el5 ]; then
			expect "$name: el5 ships no request-key.d file" test ! -e "$root/etc/request-key.d"
			if [ "$keyutils" = after ]; then
				same "$name: no request-key.conf yet, no line" "$(keyline)" "no file"
				step "keyutils installed after cifs-af" install keyutils || return
			fi
			[ "$keyutils" = none ] || same "$name: request-key.conf: one dns_resolver line, ours, first" "$(keyline)" first
		else
			same "$name: request-key.d routes dns_resolver to the packaged handler" \
				"$(grep -v '^#' "$root/etc/request-key.d/cifs-af.dns_resolver.conf" 2>/dev/null | tr -s ' \t' ' ')" \
				"create dns_resolver * * /usr/libexec/cifs-af/cifs-af.dnsresolver %k"
		fi
		if [ "$order" = later ]; then
			step "$owner $rel1 installed after cifs-af" install "$owner-$over-$rel1" || return
			expect_state "$owner installed after cifs-af" mount.cifs=cifs-af mount.cifs.distrib="$v1" mount.smb3=cifs-af \
				mount.smb3.distrib="$smb3_kept"
			expect_verify "$owner installed after cifs-af" "$owner" $diverted
		fi

		m=$(mark)
		step "$owner reinstalled" reinstall "$owner" || return
		expect_state "$owner reinstalled" mount.cifs=cifs-af mount.cifs.distrib="$v1" mount.smb3=cifs-af
		expect_verify "$owner reinstalled" "$owner" $diverted
		observed "$owner reinstalled" "$m"

		if [ "$flow" = full ]; then
			m=$(mark)
			step "$owner upgraded to $rel2" upgrade "$owner" || return
			expect_state "$owner upgraded" mount.cifs=cifs-af mount.cifs.distrib="$v2" mount.smb3=cifs-af \
				mount.smb3.distrib="$smb3_kept"
			expect_verify "$owner upgraded" "$owner" $diverted
			observed "$owner upgraded" "$m"
			kept=$v2
		else
			kept=$v1
		fi

		m=$(mark)
		step "cifs-af upgraded to $version-2" upgrade cifs-af || return
		same "$name: cifs-af $version-2 installed" "$(rpm --root "$root" -q --qf '%{RELEASE}' cifs-af)" "2$dist"
		expect_state "cifs-af upgraded" mount.cifs=cifs-af mount.cifs.distrib="$kept" mount.smb3=cifs-af
		observed "cifs-af upgraded" "$m"
		[ "$keyutils" = none ] || same "$name: cifs-af upgraded: still one dns_resolver line, first" "$(keyline)" first

		if [ "$flow" = full ]; then
			echo 'host legacy-nas.example.com v4-only' >>"$root/etc/cifs-af.conf"
			conf=$(sha256sum <"$root/etc/cifs-af.conf")
			m=$(mark)
			step "cifs-af reinstalled" reinstall cifs-af || return
			expect_state "cifs-af reinstalled" mount.cifs=cifs-af mount.cifs.distrib="$kept" mount.smb3=cifs-af
			observed "cifs-af reinstalled" "$m"
			same "$name: the admin's /etc/cifs-af.conf survives a reinstall" "$(sha256sum <"$root/etc/cifs-af.conf")" "$conf"
		fi

		step "cifs-af removed" remove cifs-af || return
		expect_state "cifs-af removed" mount.cifs="$kept" mount.cifs.distrib=absent \
			mount.smb3="${smb3_vendor/$v2/$kept}" mount.smb3.distrib=absent
		expect_verify "cifs-af removed" "$owner"
		expect "$name: /usr/libexec/cifs-af is gone" test ! -e "$root/usr/libexec/cifs-af"
		if [ "$keyutils" != none ]; then
			same "$name: cifs-af removed: no dns_resolver line" "$(keyline)" none
			expect_verify "cifs-af removed" keyutils
			expect "$name: /etc/request-key.conf is keyutils' again, byte for byte" \
				cmp -s "$root/etc/request-key.conf" "$stubs/SOURCES/request-key.conf"
		fi
		[ "$flow" = full ] || return 0
		expect "$name: the request-key.d file is gone" test ! -e "$root/etc/request-key.d/cifs-af.dns_resolver.conf"
		same "$name: the edited configuration is kept as .rpmsave" \
			"$(sha256sum <"$root/etc/cifs-af.conf.rpmsave" 2>/dev/null)" "$conf"

		step "cifs-af installed again" install cifs-af || return
		expect_state "cifs-af installed again" mount.cifs=cifs-af mount.cifs.distrib="$v2"
		step "$owner removed" remove "$owner" || return
		expect_state "$owner removed" mount.cifs=cifs-af mount.cifs.distrib=absent \
			mount.smb3=cifs-af mount.smb3.distrib=absent
		step "cifs-af removed with no owner" remove cifs-af || return
		expect_state "both removed" mount.cifs=absent mount.cifs.distrib=absent \
			mount.smb3=absent mount.smb3.distrib=absent
		host_refused
		for m in "${@:16}"; do
			"scenario_$m"
		done
	}
}

# host_refused: the same package rebuilt from the SRPM on this machine
# needs this machine's glibc and libtalloc: the base stub's provides must
# refuse it (once the driver's background build is done).
host_refused() {
	local n out
	while [ ! -e "$work/host-rpm.done" ]; do sleep 1; done
	[ -f "$host_rpm" ] || { fail "$name: no package rebuilt on this machine to try"; return; }
	n=$(wc -l <"$log")
	if dnf_ install "$host_rpm"; then
		fail "$name: the package rebuilt on this machine was installed"
		dnf_ remove cifs-af
		return
	fi
	out=$(tail -n +"$((n + 1))" "$log" | grep -o 'nothing provides [^ ]*' | sort -u | paste -sd' ')
	expect "$name: the package rebuilt on this machine is refused: ${out:-(no reason given)}" test -n "$out"
}

# scenario_trouble: in a root without an owner, what the scriptlets
# cannot do they say, and the transaction goes through: a directory in
# the way of mount.smb3.distrib, then no /sbin at all.
scenario_trouble() {
	local out
	mkdir "$root/sbin/mount.smb3.distrib"
	step "cifs-af installed with a directory at /sbin/mount.smb3.distrib" install cifs-af || return
	expect "$name: %post said what it could not do" \
		grep -q 'could not take over /sbin/mount.smb3: /sbin/mount.smb3.distrib is a directory' "$log"
	expect_state "a directory in the way" mount.cifs=cifs-af mount.smb3=absent
	step "cifs-af removed with a directory at /sbin/mount.smb3.distrib" remove cifs-af || return
	expect_state "removed, the directory left" mount.cifs=absent
	rmdir "$root/sbin/mount.smb3.distrib"
	mv "$root/sbin" "$root/sbin.away"
	step "cifs-af installed with no /sbin" install cifs-af || return
	expect "$name: %post said there is no /sbin" grep -q 'there is no directory /sbin' "$log"
	step "cifs-af removed with no /sbin" remove cifs-af || return
	mv "$root/sbin.away" "$root/sbin"
	out=$(rpm --root "$root" -qa cifs-af)
	same "$name: cifs-af is gone, nothing left half done" "$out" ""
}

# scenario_repo_files: the .repo files' other expansions, read by dnf in
# this root: a minor release (a release lock) and Fedora's file with a
# release number no list could name in advance.
scenario_repo_files() {
	local got
	q() { # RELEASEVER REPO-FILE
		mkdir -p "$etc/only-$2"
		cp "$repo/$2" "$etc/only-$2/"
		dnf -q --config "$etc/dnf.conf" --installroot "$root" --releasever "$1" --setopt=reposdir="$etc/only-$2" \
			--setopt=cachedir="$work/dnf-cache-$name-$2" repoquery --qf '%{name}-%{version}-%{release}.%{arch}' \
			cifs-af 2>>"$log" | sort -V | tail -1
	}
	got=$(q 9.4 cifs-af.repo)
	same "$name: cifs-af.repo with \$releasever 9.4 (a release lock) finds the el package" "$got" "cifs-af-$version-2.x86_64"
	got=$(q 47 cifs-af-fedora.repo)
	same "$name: cifs-af-fedora.repo with \$releasever 47 finds the el package" "$got" "cifs-af-$version-2.x86_64"
}
