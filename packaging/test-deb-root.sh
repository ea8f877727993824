# shellcheck shell=bash
# packaging/test-deb-root.sh: the Debian 12 roots of packaging/test-deb.sh
# and what is done in them.  Sourced by test-deb.sh, which provides $top,
# $work, $version, the check functions (ok, fail, expect, same, step_result)
# and the repositories.
#
# A root is Debian 12 as debootstrap --variant=minbase makes it, with
# cifs-utils (and keyutils, which cifs-af recommends) installed: once with
# a merged /usr (/sbin -> usr/sbin, Debian 12's default) and once without
# (--no-merged-usr).  Each is made once and kept as a tarball in
# build/deb-test/, named by a digest of what went into it (layout, suite,
# mirror, packages, debootstrap's version, this file's recipe version), so
# a rerun unpacks it instead of downloading again.  debootstrap's own
# package cache (build/deb-test/debs) is shared by both layouts, so the
# second root downloads nothing.

ROOT_SUITE=bookworm
ROOT_PACKAGES="cifs-utils,keyutils"
# Bumped when the recipe below changes what a root holds.
ROOT_RECIPE=1
ROOT_CACHE=$top/build/deb-test

# debian_mirror: the URI apt on this machine uses for Debian 12's main
# component, so debootstrap reaches the archive the way apt does.
debian_mirror() {
	apt-get indextargets --format '$(REPO_URI) $(ORIGIN) $(CODENAME) $(COMPONENT)' 'Created-By: Packages' 2>/dev/null |
		awk -v s="$ROOT_SUITE" '$2 == "Debian" && $3 == s && $4 == "main" { print $1; exit }'
}

# root_tarball LAYOUT: print the path of the cached root (merged or
# unmerged), making it first when it is not there.
root_tarball() {
	local layout=$1 mirror key file dir flags=() log
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || { echo "test-deb: apt knows no Debian $ROOT_SUITE main (apt-get update?)" >&2; return 1; }
	[ "$layout" = unmerged ] && flags=(--no-merged-usr) || flags=(--merged-usr)
	key=$(printf '%s\n' "$layout" "$ROOT_SUITE" "$mirror" "$ROOT_PACKAGES" minbase "$ROOT_RECIPE" \
		"$(dpkg-query -W -f='${Version}' debootstrap)" | sha256sum | cut -c1-12)
	file=$ROOT_CACHE/root-$layout-$key.tar.gz
	if [ ! -s "$file" ]; then
		mkdir -p "$ROOT_CACHE/debs"
		dir=$work/debootstrap-$layout
		log=$ROOT_CACHE/debootstrap-$layout.out
		echo "test-deb: making the $layout root with debootstrap (log: ${log#"$top"/})" >&2
		# eatmydata: dpkg's fsync calls are most of debootstrap's time, and
		# a root that is thrown away needs no crash safety.
		if ! eatmydata debootstrap --variant=minbase "${flags[@]}" --include="$ROOT_PACKAGES" \
			--cache-dir="$ROOT_CACHE/debs" "$ROOT_SUITE" "$dir" "$mirror" >"$log" 2>&1; then
			tail -15 "$log" >&2
			return 1
		fi
		# What debootstrap left mounted (it unmounts on success).
		unmount_under "$dir"
		# The packages' .debs: only cifs-utils' is kept, for the stand-in
		# archive that reinstalls it.
		find "$dir/var/cache/apt/archives" -name '*.deb' ! -name 'cifs-utils_*' -delete
		rm -f "$ROOT_CACHE"/root-"$layout"-*.tar.gz
		tar -C "$dir" -cf - . | gzip -1 >"$file.tmp" && mv "$file.tmp" "$file" || return 1
		rm -rf --one-file-system "$dir"
	fi
	printf '%s\n' "$file"
}

# wait_root LAYOUT: the path of the root's tarball, once the background
# job of test-deb.sh has made or found it; nothing if it failed.
wait_root() {
	while [ ! -e "$work/root-$1.ready" ] && [ ! -e "$work/root-$1.failed" ] &&
		kill -0 "$roots_pid" 2>/dev/null; do
		sleep 1
	done
	[ -s "$work/root-$1.ready" ] && cat "$work/root-$1.ready"
}

# kill_tree PID: end PID and every process it started, children first.
kill_tree() {
	local child
	for child in $(awk -v p="$1" '$1 == "PPid:" && $2 == p { print FILENAME }' /proc/[0-9]*/status 2>/dev/null |
		cut -d/ -f3); do
		kill_tree "$child"
	done
	kill "$1" 2>/dev/null
}

# unmount_under DIR: unmount everything mounted at or below DIR, deepest
# first.  The test mounts nothing itself; debootstrap mounts /proc and
# /sys in a root while it installs, and an interrupted one leaves them.
unmount_under() {
	local m
	findmnt -rn -o TARGET 2>/dev/null | awk -v d="$1" 'index($0, d "/") == 1 || $0 == d' | sort -r |
		while read -r m; do umount -l "$m" || echo "test-deb: could not unmount $m" >&2; done
}

# --------------------------------------------------------- in the root
# in_root CMD...: run CMD in the root with a clean environment, in a new
# network namespace (no interface but a down loopback): nothing in the
# root can reach a network, and the test needs none.
in_root() {
	unshare --net chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		LC_ALL=C DEBIAN_FRONTEND=noninteractive HOME=/root "$@"
}

# apt_get ARGS...: apt-get in the root, its output kept in $root_log.
# --force-unsafe-io: no fsync in a root that is thrown away.
apt_get() {
	echo "# apt-get $*" >>"$root_log"
	in_root apt-get -q -y -o Dpkg::Options::=--force-unsafe-io "$@" >>"$root_log" 2>&1
}

# fp PATH: what is at PATH in the root: "link TEXT", "file SHA256" or
# "none".  Read from the host without following a last link (ours point
# at /usr/libexec, which the host would resolve to its own).
fp() {
	local p=$root$1
	if [ -L "$p" ]; then
		echo "link $(readlink "$p")"
	elif [ -f "$p" ]; then
		echo "file $(sha256sum <"$p" | cut -d' ' -f1)"
	else
		echo none
	fi
}

# deb_fp DEB PATH: the same for PATH in the package file DEB.
deb_fp() {
	local x=$work/unpacked/$(basename "$1")
	if [ ! -d "$x" ]; then
		mkdir -p "$x" && dpkg-deb -x "$1" "$x" || return 1
	fi
	if [ -L "$x$2" ]; then
		echo "link $(readlink "$x$2")"
	elif [ -f "$x$2" ]; then
		echo "file $(sha256sum <"$x$2" | cut -d' ' -f1)"
	else
		echo none
	fi
}

# owner_names: cifs-utils' installed names of the files cifs-af diverts.
owner_names() {
	in_root dpkg-query -L cifs-utils | grep -E '/sbin/mount\.(cifs|smb3)$|/man8/mount\.(cifs|smb3)\.8\.gz$'
}

# The diversions cifs-af owns, as dpkg-divert --list prints them.
ours_expected() {
	local n
	for n in mount.cifs mount.smb3; do
		echo "diversion of /sbin/$n to /sbin/$n.distrib by cifs-af"
		echo "diversion of /usr/sbin/$n to /usr/sbin/$n.usr-is-merged by cifs-af"
		echo "diversion of /usr/share/man/man8/$n.8.gz to /usr/share/man/man8/$n.distrib.8.gz by cifs-af"
	done | LC_ALL=C sort
}

# check_owner_files WHERE: each of cifs-utils' diverted files is
# byte-identical to the one in the installed version's .deb, read where
# dpkg says it is (WHERE=kept: the diverted name; WHERE=restored: its own
# name, with no diversion and no kept copy left).
check_owner_files() {
	local where=$1 deb n at bad=''
	deb=$(owner_deb "$(in_root dpkg-query -W -f='${Version}' cifs-utils)")
	for n in $(owner_names); do
		if [ "$where" = kept ]; then
			at=$(in_root dpkg-divert --truename "$n")
		else
			at=$n
		fi
		[ "$(fp "$at")" = "$(deb_fp "$deb" "$n")" ] || bad="$bad $n (at $at: $(fp "$at"))"
	done
	same "$where: cifs-utils' mount.cifs, mount.smb3 and pages byte-identical to its .deb$bad" "$bad" ""
}

# check_ours: mount(8) runs cifs-af, and cifs-utils is intact beside it.
check_ours() {
	local out
	same "/sbin/mount.cifs -> /usr/libexec/cifs-af/mount.cifs" "$(fp /sbin/mount.cifs)" "link /usr/libexec/cifs-af/mount.cifs"
	same "/sbin/mount.smb3 -> /usr/libexec/cifs-af/mount.smb3" "$(fp /sbin/mount.smb3)" "link /usr/libexec/cifs-af/mount.smb3"
	out=$(in_root /sbin/mount.cifs -V 2>&1)
	expect "/sbin/mount.cifs -V: cifs-af $version" grep -q "^mount.cifs version: cifs-af $version " <<<"$out"
	# mount -f: the helper runs with -f and stops before mount(2); only
	# cifs-af prints the decision ("chose ..."), with -v.
	for t in cifs smb3; do
		out=$(in_root mount -f -v -t $t //127.0.0.1/share /mnt -o guest 2>&1)
		expect "mount -f -v -t $t runs cifs-af (it printed its decision)" grep -qx 'chose 127.0.0.1' <<<"$out"
	done
	same "dpkg-divert --list: cifs-af's six diversions" \
		"$(in_root dpkg-divert --list '*' | grep 'by cifs-af$' | LC_ALL=C sort)" "$(ours_expected)"
	check_owner_files kept
	out=$(in_root dpkg --verify cifs-utils 2>&1)
	same "dpkg --verify cifs-utils: exit 0, nothing reported" "$? $out" "0 "
	same "/usr/libexec/cifs-af/mount.cifs mode 755 (not setuid)" "$(stat -c %a "$root/usr/libexec/cifs-af/mount.cifs")" 755
}

# check_restored: cifs-af is gone and cifs-utils is as it shipped.
check_restored() {
	local out helper
	same "no diversion by cifs-af left" "$(in_root dpkg-divert --list '*' | grep 'by cifs-af$')" ""
	check_owner_files restored
	same "no .distrib or .usr-is-merged file left" \
		"$(cd "$root" && ls -d sbin/mount.*.distrib usr/sbin/mount.*.distrib usr/sbin/mount.*.usr-is-merged \
			usr/share/man/man8/mount.*.distrib.8.gz 2>/dev/null | sort -u)" ""
	out=$(in_root dpkg --verify cifs-utils 2>&1)
	same "dpkg --verify cifs-utils: exit 0, nothing reported" "$? $out" "0 "
	helper=$(owner_names | grep -m1 '/mount\.cifs$')
	expect "$helper -V: cifs-utils' again" grep -q '^mount.cifs version: [0-9]' <<<"$(in_root "$helper" -V 2>&1)"
}

# pkg_state: dpkg's state of cifs-af in the root (not-installed when
# dpkg has forgotten it, as after a purge).
pkg_state() {
	in_root dpkg-query -W -f='${db:Status-Status}' cifs-af 2>/dev/null || echo not-installed
}

# owner_deb VERSION: the stand-in archive's cifs-utils .deb of VERSION.
owner_deb() {
	ls "$standin"/cifs-utils_"${1//:/%3a}"_*.deb "$standin"/cifs-utils_"${1#*:}"_*.deb 2>/dev/null | head -n 1
}

# repack_owner DEB VERSION MOVE OUTDIR: Debian's cifs-utils .deb again as
# VERSION, its files unchanged; with MOVE=1 also moved from /sbin and /lib
# to /usr, as cifs-utils is after Debian's /usr move (DEP 17).
repack_owner() {
	local deb=$1 ver=$2 move=$3 out=$4 x=$work/repack-$RANDOM
	dpkg-deb -R "$deb" "$x" || return 1
	sed -i "s/^Version: .*/Version: $ver/" "$x/DEBIAN/control"
	if [ "$move" = 1 ]; then
		mkdir -p "$x/usr/sbin" "$x/usr/lib"
		mv "$x"/sbin/* "$x/usr/sbin/" && rmdir "$x/sbin" &&
			cp -a "$x"/lib/. "$x/usr/lib/" && rm -rf "$x/lib" || return 1
		sed -i 's| sbin/| usr/sbin/|; s| lib/| usr/lib/|' "$x/DEBIAN/md5sums"
	fi
	dpkg-deb -b --root-owner-group "$x" "$out" >/dev/null || return 1
	rm -rf "$x"
}

# standin_archive DIR: sign DIR as a flat apt repository (the stand-in
# for Debian's archive that the cifs-utils reinstalls and upgrades come
# from), with the test's key.
standin_archive() {
	(cd "$1" && apt-ftparchive packages . >Packages && apt-ftparchive release . >Release) 2>/dev/null || return 1
	gpg --homedir "$work/gnupg" --batch --yes --digest-algo SHA512 --clearsign -o "$1/InRelease" "$1/Release" 2>/dev/null
}

# run_root LAYOUT: every scenario in a fresh copy of the LAYOUT root.
run_root() {
	local layout=$1 tarball orig_deb orig_ver v1 v2 out st
	root=$work/root-$layout root_log=$work/root-$layout.log standin=$work/standin-$layout
	: >"$root_log"
	begin "$layout" "root: debootstrap minbase + cifs-utils, cached"
	tarball=$(wait_root "$layout") || { fail "$layout: no root (debootstrap failed)"; end_step; return 1; }
	mkdir -p "$root" && tar -xzf "$tarball" -C "$root" || { fail "cannot unpack $tarball"; end_step; return 1; }
	ok "unpacked $(basename "$tarball") ($(du -sh "$tarball" | cut -f1))"
	if [ "$layout" = merged ]; then
		same "/sbin is a link to usr/sbin" "$(fp /sbin)" "link usr/sbin"
	else
		expect "/sbin and /usr/sbin are two directories" test -d "$root/sbin" -a ! -L "$root/sbin" -a -d "$root/usr/sbin"
	fi
	same "cifs-utils' file list says /sbin/mount.cifs and /sbin/mount.smb3" \
		"$(owner_names | grep sbin | tr '\n' ' ')" "/sbin/mount.cifs /sbin/mount.smb3 "
	orig_deb=$(ls "$root"/var/cache/apt/archives/cifs-utils_*.deb 2>/dev/null | head -n 1)
	orig_ver=$(in_root dpkg-query -W -f='${Version}' cifs-utils)
	v1=$orig_ver+cifsaf1 v2=$orig_ver+cifsaf2
	mkdir -p "$standin" && cp "$orig_deb" "$standin/" &&
		repack_owner "$orig_deb" "$v1" 0 "$standin/cifs-utils_${v1#*:}_amd64.deb" &&
		repack_owner "$orig_deb" "$v2" 1 "$standin/cifs-utils_${v2#*:}_amd64.deb" &&
		standin_archive "$standin" || { fail "cannot make the stand-in archive"; end_step; return 1; }
	ok "stand-in archive: Debian's cifs-utils $orig_ver, repacked as $v1 and as $v2 (moved to /usr)"
	# The root reaches two file:// repositories and nothing else.
	rm -f "$root/etc/apt/sources.list"
	cp -a "$repo" "$root/srv/cifs-af" && cp -a "$standin" "$root/srv/standin" &&
		mkdir -p "$root/etc/apt/keyrings" &&
		cp "$work/standin-key.gpg" "$root/etc/apt/keyrings/" &&
		printf 'Types: deb\nURIs: file:///srv/standin\nSuites: ./\nSigned-By: /etc/apt/keyrings/standin-key.gpg\n' \
			>"$root/etc/apt/sources.list.d/standin.sources" &&
		cp "$repo/cifs-af.sources" "$root/etc/apt/sources.list.d/" || { fail "cannot set up apt"; end_step; return 1; }
	end_step

	begin "$layout" "apt checks the repository's signature"
	out=$(in_root apt-get update 2>&1)
	st=$?
	expect "without the key, apt-get update fails (exit $st) on the cifs-af repository" \
		grep -q 'file:/srv/cifs-af bookworm InRelease' <<<"$(grep -E '^(E|W):' <<<"$out")"
	[ $st -ne 0 ] || fail "apt-get update succeeded without the key"
	cp "$repo/cifs-af-archive-keyring.gpg" "$root/etc/apt/keyrings/"
	out=$(in_root apt-get update 2>&1)
	st=$?
	same "with cifs-af-archive-keyring.gpg, apt-get update: exit 0, no error or warning" \
		"$st $(grep -E '^(E|W):' <<<"$out")" "0 "
	end_step

	begin "$layout" "a failed install leaves nothing behind"
	echo 'an administrator file' >"$root/sbin/mount.smb3.distrib"
	if apt_get install cifs-af; then fail "apt-get install cifs-af succeeded over $layout /sbin/mount.smb3.distrib"; fi
	expect "dpkg-divert refused to overwrite the administrator's file" \
		grep -q "rename involves overwriting '/sbin/mount.smb3.distrib'" "$root_log"
	same "cifs-af is not installed" "$(pkg_state)" not-installed
	same "the administrator's file is untouched" "$(cat "$root/sbin/mount.smb3.distrib")" 'an administrator file'
	rm "$root/sbin/mount.smb3.distrib"
	check_restored
	end_step

	begin "$layout" "apt-get install cifs-af"
	apt_get install cifs-af || fail "apt-get install cifs-af"
	check_ours
	same "conffiles" "$(in_root dpkg-query -W -f='${Conffiles}' cifs-af | awk '{ print $1 }' | tr '\n' ' ')" \
		"/etc/cifs-af.conf /etc/request-key.d/cifs-af.dns_resolver.conf "
	expect "request-key.d routes dns_resolver to /usr/libexec/cifs-af/cifs-af.dnsresolver" \
		grep -qx 'create	dns_resolver	\*		\*		/usr/libexec/cifs-af/cifs-af.dnsresolver %k' \
		"$root/etc/request-key.d/cifs-af.dns_resolver.conf"
	# -D: answer as it would answer the kernel, on stdout.
	same "cifs-af.dnsresolver -D 127.0.0.1 runs and answers" \
		"$(in_root /usr/libexec/cifs-af/cifs-af.dnsresolver -D 127.0.0.1 '' 2>/dev/null)" 127.0.0.1
	expect "man mount.cifs and man cifs-af are cifs-af's page" \
		test "$(fp /usr/share/man/man8/cifs-af.8.gz)" = "link mount.cifs.8.gz" -a \
		"$(fp /usr/share/man/man8/mount.cifs.8.gz)" != "$(fp /usr/share/man/man8/mount.cifs.distrib.8.gz)"
	end_step

	begin "$layout" "apt-get install --reinstall cifs-utils"
	apt_get install --reinstall "cifs-utils=$orig_ver" || fail "apt-get install --reinstall cifs-utils"
	check_ours
	end_step

	begin "$layout" "cifs-utils removed, then installed"
	apt_get remove cifs-utils || fail "apt-get remove cifs-utils"
	expect "without cifs-utils, /sbin/mount.cifs is cifs-af" grep -q "^mount.cifs version: cifs-af " \
		<<<"$(in_root /sbin/mount.cifs -V 2>&1)"
	same "no kept copy without cifs-utils" "$(fp /sbin/mount.cifs.distrib) $(fp /usr/share/man/man8/mount.cifs.distrib.8.gz)" "none none"
	apt_get install "cifs-utils=$orig_ver" || fail "apt-get install cifs-utils"
	check_ours
	end_step

	begin "$layout" "setuid by dpkg-statoverride, kept over a reinstall"
	in_root dpkg-statoverride --update --add root root 4755 /usr/libexec/cifs-af/mount.cifs ||
		fail "dpkg-statoverride --add"
	echo 'kernel 2.6.18-* v4-only' >>"$root/etc/cifs-af.conf"
	apt_get install --reinstall cifs-af || fail "apt-get install --reinstall cifs-af"
	same "after the reinstall: mode 4755" "$(stat -c %a "$root/usr/libexec/cifs-af/mount.cifs")" 4755
	expect "the administrator's line in /etc/cifs-af.conf survives" grep -qx 'kernel 2.6.18-\* v4-only' "$root/etc/cifs-af.conf"
	in_root dpkg-statoverride --remove /usr/libexec/cifs-af/mount.cifs && chmod 0755 "$root/usr/libexec/cifs-af/mount.cifs" ||
		fail "dpkg-statoverride --remove"
	check_ours
	end_step

	begin "$layout" "cifs-utils upgraded ($v1)"
	apt_get install "cifs-utils=$v1" || fail "apt-get install cifs-utils=$v1"
	same "cifs-utils $v1 installed" "$(in_root dpkg-query -W -f='${Version}' cifs-utils)" "$v1"
	check_ours
	end_step

	begin "$layout" "apt-get remove cifs-af"
	apt_get remove cifs-af || fail "apt-get remove cifs-af"
	check_restored
	same "config-files state, /etc/cifs-af.conf kept" \
		"$(pkg_state) $(fp /etc/cifs-af.conf | cut -c1-4)" "config-files file"
	end_step

	begin "$layout" "apt-get purge cifs-af"
	apt_get purge cifs-af || fail "apt-get purge cifs-af"
	check_restored
	same "not installed, /etc/cifs-af.conf gone" \
		"$(pkg_state) $(fp /etc/cifs-af.conf)" "not-installed none"
	end_step

	begin "$layout" "cifs-utils moved to /usr/sbin ($v2), then cifs-af purged"
	apt_get install cifs-af || fail "apt-get install cifs-af"
	apt_get install "cifs-utils=$v2" || fail "apt-get install cifs-utils=$v2"
	same "cifs-utils now ships /usr/sbin/mount.cifs" "$(owner_names | grep -c '^/usr/sbin/mount.cifs$')" 1
	check_ours
	same "its mount.cifs is kept as /usr/sbin/mount.cifs.usr-is-merged" \
		"$(fp /usr/sbin/mount.cifs.usr-is-merged)" "$(deb_fp "$(owner_deb "$v2")" /usr/sbin/mount.cifs)"
	apt_get purge cifs-af || fail "apt-get purge cifs-af"
	check_restored
	end_step
}
