# shellcheck shell=bash
#
# tests/e2e/lib/image.sh - the guest's kernel and initramfs.
#
# The kernel is Debian's linux-image-amd64 (whatever linux-image-X-amd64
# that metapackage currently depends on), and autofs is Debian's autofs.
# Both are fetched with `apt-get download` and unpacked with `dpkg-deb -x`
# into build/e2e/cache instead of being installed: installing a kernel
# package into this machine would run its maintainer scripts (depmod of
# 400 MB of modules into /lib/modules, initramfs and boot loader hooks) for
# a kernel the machine never boots, and installing autofs would start an
# automounter on the host.  busybox-static is unpacked the same way: it
# conflicts with Debian's dynamic busybox, which the host may need (e.g.
# for initramfs-tools).  Everything else the guest needs comes from
# packages that are harmless to install here (util-linux, coreutils,
# cifs-utils, the libraries automount links against).
#
# Cached under build/e2e (keyed by package versions, so a new kernel or
# autofs from the archive is picked up and an unchanged one is not fetched
# again):
#   cache/debs/*.deb           the downloaded packages
#   cache/kernel-KVER/         the unpacked kernel, depmod run on it
#   cache/autofs-VER/          the unpacked autofs
#   cache/busybox-static-VER/  the unpacked busybox-static
#   base-KVER.cpio.gz          everything in the guest except the helper
#                              under test and the scripts (rebuilt when any
#                              input's version or this file changes)
# Per run, e2e_image_initrd adds a small second cpio archive (the helper,
# /init, the scenario script, the run's settings) and concatenates the two:
# the kernel unpacks concatenated archives in order.
#
# Needs: $top (source tree).  Sets E2E_KVER, E2E_VMLINUZ, E2E_BUSYBOX.

E2E_BUILD=${E2E_BUILD:-$top/build/e2e}
E2E_CACHE=$E2E_BUILD/cache

# The modules the guest loads, by name; their dependencies are added by
# modprobe --show-depends.  cifs needs its crypto as soft dependencies
# (signing and encryption: cmac, ccm, gcm, sha512, ...), which
# --show-depends does not follow, so they are listed here.
E2E_MODULES="virtio_pci virtio_net cifs autofs4 cmac ccm gcm ecb sha512_generic des_generic ctr ghash-generic nls_utf8"

# The Debian packages the image is made from on the host side.
# shellcheck disable=SC2034 # used by harness.sh
E2E_IMAGE_PACKAGES="util-linux mount coreutils cifs-utils kmod cpio gzip keyutils"

_e2e_msg() { printf 'e2e: %s\n' "$*" >&2; }

# Candidate version of a package, or nothing.
_e2e_candidate() {
	apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { if ($2 != "(none)") print $2; exit }'
}

# _e2e_fetch_deb PKG: print the path of PKG's candidate .deb in the cache,
# downloading it when it is not there yet.
_e2e_fetch_deb() {
	local pkg=$1 ver file
	ver=$(_e2e_candidate "$pkg")
	if [ -z "$ver" ]; then
		# A fresh machine may have no package lists yet.
		apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || return 1
		ver=$(_e2e_candidate "$pkg")
	fi
	[ -n "$ver" ] || { _e2e_msg "no candidate for package $pkg"; return 1; }
	# apt names the file NAME_VERSION_ARCH.deb with ':' of an epoch as %3a.
	file=$E2E_CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb
	if [ ! -s "$file" ]; then
		mkdir -p "$E2E_CACHE/debs"
		_e2e_msg "downloading $pkg $ver"
		# _apt cannot write into a root-only build tree; downloading as
		# root is what apt falls back to anyway (and says so): hush it.
		(cd "$E2E_CACHE/debs" && apt-get -q download "$pkg=$ver" 2>&1 |
			grep -v 'Download is performed unsandboxed' >&2)
		[ -s "$file" ] || { _e2e_msg "apt-get download $pkg=$ver gave no $file"; return 1; }
	fi
	printf '%s\n' "$file"
}

# e2e_kernel_fetch: unpack the kernel that linux-image-amd64 depends on.
# Sets E2E_KVER (its release, e.g. 6.1.0-56-amd64), E2E_KROOT and
# E2E_VMLINUZ.
e2e_kernel_fetch() {
	local pkg deb
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || return 1
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || { _e2e_msg "linux-image-amd64 depends on no linux-image-*"; return 1; }
	E2E_KVER=${pkg#linux-image-}
	E2E_KROOT=$E2E_CACHE/kernel-$E2E_KVER
	E2E_VMLINUZ=$E2E_KROOT/boot/vmlinuz-$E2E_KVER
	if [ ! -e "$E2E_KROOT/.complete" ]; then
		deb=$(_e2e_fetch_deb "$pkg") || return 1
		rm -rf "$E2E_KROOT"
		mkdir -p "$E2E_KROOT"
		_e2e_msg "unpacking $(basename "$deb")"
		dpkg-deb -x "$deb" "$E2E_KROOT" || return 1
		# The package leaves modules.dep to its postinst; make it here so
		# modprobe can list dependencies in this tree.
		depmod -b "$E2E_KROOT" "$E2E_KVER" || return 1
		touch "$E2E_KROOT/.complete"
	fi
	[ -r "$E2E_VMLINUZ" ] || { _e2e_msg "no $E2E_VMLINUZ"; return 1; }
}

# e2e_autofs_fetch: unpack autofs; sets E2E_AUTOFS_ROOT and installs the
# libraries its programs link against, so ldd can resolve them.
e2e_autofs_fetch() {
	local deb ver libs
	deb=$(_e2e_fetch_deb autofs) || return 1
	ver=$(dpkg-deb -f "$deb" Version) || return 1
	E2E_AUTOFS_ROOT=$E2E_CACHE/autofs-${ver//:/_}
	if [ ! -e "$E2E_AUTOFS_ROOT/.complete" ]; then
		rm -rf "$E2E_AUTOFS_ROOT"
		mkdir -p "$E2E_AUTOFS_ROOT"
		dpkg-deb -x "$deb" "$E2E_AUTOFS_ROOT" || return 1
		touch "$E2E_AUTOFS_ROOT/.complete"
	fi
	# The lib* packages among autofs's Depends (libc6, libnsl2, ...).
	libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -n 's/^ *\(lib[^ ]*\).*/\1/p')
	# shellcheck disable=SC2086 # a word list on purpose
	cifsaf_need_packages $libs
}

# e2e_busybox_fetch: unpack busybox-static; sets E2E_BUSYBOX (the static
# binary, usable on the host as well).
e2e_busybox_fetch() {
	local deb ver dir
	deb=$(_e2e_fetch_deb busybox-static) || return 1
	ver=$(dpkg-deb -f "$deb" Version) || return 1
	dir=$E2E_CACHE/busybox-static-${ver//:/_}
	if [ ! -e "$dir/.complete" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg-deb -x "$deb" "$dir" || return 1
		touch "$dir/.complete"
	fi
	E2E_BUSYBOX=$dir/bin/busybox
	[ -x "$E2E_BUSYBOX" ] || { _e2e_msg "no busybox in $deb"; return 1; }
}

# _e2e_copy_libs ROOT FILE [LD_LIBRARY_PATH]: copy every shared library
# FILE needs (ldd) to the same path under ROOT.  A library ldd cannot find
# is an error: the program would not start in the guest.
_e2e_copy_libs() {
	local root=$1 file=$2 libpath=${3:-} out lib
	if readelf -h "$file" 2>/dev/null | grep -q 'Machine:.*80386'; then
		_e2e_copy_libs_i386 "$root" "$file"
		return
	fi
	out=$(LD_LIBRARY_PATH=$libpath ldd "$file" 2>&1) || { _e2e_msg "ldd $file: $out"; return 1; }
	if grep -q 'not found' <<<"$out"; then
		_e2e_msg "ldd $file: $(grep 'not found' <<<"$out" | tr -s ' \t\n' ' ')"
		return 1
	fi
	while read -r lib; do
		# /lib and /lib64 in ROOT are symlinks into usr/, as on Debian 12.
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib" || return 1
	done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
}

# _e2e_copy_libs_i386 ROOT FILE: an i386 program's libraries from Debian's
# libc6-i386 (/usr/lib32, loader /lib/ld-linux.so.2).  ldd cannot list
# them: this machine's kernel runs no i386 program, the guest's does
# (IA32 emulation), so the libraries are the program's NEEDED entries,
# each resolved in /usr/lib32, and what those need in turn.
_e2e_copy_libs_i386() {
	local root=$1 file=$2 todo lib path seen=" "
	[ -e /lib/ld-linux.so.2 ] || { _e2e_msg "$file is i386: install libc6-i386"; return 1; }
	# The loader itself, not a link: the overlay archive carries no links.
	install -D -m 0755 "$(readlink -f /lib/ld-linux.so.2)" "$root/usr/lib/ld-linux.so.2" || return 1
	todo=$(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	while [ -n "$todo" ]; do
		lib=${todo%%$'\n'*}
		[ "$lib" = "$todo" ] && todo="" || todo=${todo#*$'\n'}
		[[ $seen == *" $lib "* ]] && continue
		seen+="$lib "
		[ "$lib" = ld-linux.so.2 ] && continue
		path=/usr/lib32/$lib
		[ -e "$path" ] || { _e2e_msg "$file needs $lib, which /usr/lib32 lacks"; return 1; }
		install -D -m 0755 "$(readlink -f "$path")" "$root$path" || return 1
		todo+=$'\n'$(readelf -d "$path" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
		todo=${todo#$'\n'}
	done
}

# _e2e_add_prog ROOT SRC DEST MODE [LD_LIBRARY_PATH]: a program and its libraries.
_e2e_add_prog() {
	local root=$1 src=$2 dest=$3 mode=$4
	install -D -m "$mode" "$src" "$root$dest" || return 1
	_e2e_copy_libs "$root" "$src" "${5:-}"
}

# The inputs of the base image, one line each: when this text changes, the
# base is rebuilt.
_e2e_base_inputs() {
	printf 'kernel %s\nautofs %s\nbusybox %s\nmodules %s\n' "$E2E_KVER" "$E2E_AUTOFS_ROOT" "$E2E_BUSYBOX" "$E2E_MODULES"
	dpkg-query -W -f='${Package} ${Version}\n' util-linux mount coreutils libc6 keyutils || true
	sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
}

# _e2e_base_tree ROOT: the base file tree (Debian 12's merged /usr layout).
_e2e_base_tree() {
	local root=$1 m path rel deps a so autofs_lib
	mkdir -p "$root"/usr/bin "$root"/usr/sbin "$root"/usr/lib/x86_64-linux-gnu "$root"/usr/lib64 \
		"$root"/dev "$root"/proc "$root"/sys "$root"/tmp "$root"/run "$root"/var/log \
		"$root"/etc/e2e "$root"/mnt "$root"/root "$root"/home/tester || return 1
	ln -s usr/bin "$root/bin" && ln -s usr/sbin "$root/sbin" &&
		ln -s usr/lib "$root/lib" && ln -s usr/lib64 "$root/lib64" && ln -s ../run "$root/var/run" || return 1
	chmod 1777 "$root/tmp"

	# busybox for the shell and the small tools; every applet as a link.
	install -m 0755 "$E2E_BUSYBOX" "$root/usr/bin/busybox" || return 1
	for a in $("$E2E_BUSYBOX" --list); do
		[ -e "$root/usr/bin/$a" ] || ln -s busybox "$root/usr/bin/$a"
	done
	# util-linux's mount and umount replace busybox's: the transparent path
	# (mount(8) finding /sbin/mount.cifs, fstab, user mounts) is theirs.
	# Both are setuid root, as Debian installs them, for the user mount.
	rm -f "$root/usr/bin/mount" "$root/usr/bin/umount" "$root/usr/bin/date"
	_e2e_add_prog "$root" /usr/bin/mount /usr/bin/mount 4755 || return 1
	_e2e_add_prog "$root" /usr/bin/umount /usr/bin/umount 4755 || return 1
	# coreutils' date: busybox's has no %N, and timings want milliseconds.
	_e2e_add_prog "$root" /usr/bin/date /usr/bin/date 0755 || return 1

	# keyutils: the kernel runs /sbin/request-key for keys it asks
	# userspace for (the dns_resolver lookups of DFS referrals), which runs
	# key.dns_resolver unless a file in /etc/request-key.d says otherwise;
	# keyctl shows the keyrings.  Installed here, so both helpers' guests
	# have what a Debian system with keyutils has.
	_e2e_add_prog "$root" "$(readlink -f /sbin/request-key)" /usr/sbin/request-key 0755 || return 1
	_e2e_add_prog "$root" "$(readlink -f /sbin/key.dns_resolver)" /usr/sbin/key.dns_resolver 0755 || return 1
	_e2e_add_prog "$root" "$(readlink -f /bin/keyctl)" /usr/bin/keyctl 0755 || return 1
	install -D -m 0644 /etc/request-key.conf "$root/etc/request-key.conf" || return 1
	mkdir -p "$root/etc/request-key.d" || return 1

	# The kernel opens /dev/console before /init runs, and devtmpfs is only
	# mounted by /init: without the node /init has no stdout.
	mknod -m 0600 "$root/dev/console" c 5 1 || return 1

	# Kernel modules, in an order that loads every dependency first.
	deps=$(for m in $E2E_MODULES; do
		modprobe -d "$E2E_KROOT" -S "$E2E_KVER" --show-depends "$m" || exit 1
	done) || { _e2e_msg "modprobe --show-depends failed"; return 1; }
	: >"$root/etc/e2e/modules"
	while read -r path; do
		rel=${path#"$E2E_KROOT"/lib/modules/"$E2E_KVER"/}
		install -D -m 0644 "$path" "$root/usr/lib/modules/$E2E_KVER/$rel" || return 1
		printf '%s\n' "$rel" >>"$root/etc/e2e/modules"
	done < <(awk '$1 == "insmod" && !seen[$2]++ { print $2 }' <<<"$deps")

	# autofs: the daemon, its library and the modules an indirect map of
	# type file with sun syntax and a generic (cifs) mount loads (parse_sun
	# opens mount_nfs, which opens mount_bind, whatever the map holds).
	autofs_lib=$E2E_AUTOFS_ROOT/usr/lib/x86_64-linux-gnu
	install -m 0755 "$autofs_lib/libautofs.so" "$root/usr/lib/x86_64-linux-gnu/" || return 1
	_e2e_add_prog "$root" "$E2E_AUTOFS_ROOT/usr/sbin/automount" /usr/sbin/automount 0755 "$autofs_lib" || return 1
	for so in lookup_file parse_sun mount_generic mount_nfs mount_bind; do
		_e2e_add_prog "$root" "$autofs_lib/autofs/$so.so" "/usr/lib/x86_64-linux-gnu/autofs/$so.so" 0644 "$autofs_lib" || return 1
	done

	# Users: root, nobody, and the unprivileged user of the user mount.
	cat >"$root/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		tester:x:1000:1000:e2e test user:/home/tester:/bin/sh
		nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
	EOF
	cat >"$root/etc/group" <<-'EOF'
		root:x:0:
		tester:x:1000:
		nogroup:x:65534:
	EOF
	chown 1000:1000 "$root/home/tester"
	# Test names come from DNS (dnsmasq); hosts has only the local names.
	cat >"$root/etc/nsswitch.conf" <<-'EOF'
		passwd: files
		group: files
		shadow: files
		hosts: files dns
		automount: files
	EOF
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
	printf 'guest\n' >"$root/etc/hostname"
	ln -s ../proc/self/mounts "$root/etc/mtab"
}

# e2e_image_base: build (or reuse) build/e2e/base-KVER.cpio.gz.  Needs
# e2e_kernel_fetch, e2e_autofs_fetch and e2e_busybox_fetch first.  Sets
# E2E_BASE.
e2e_image_base() {
	local root inputs
	E2E_BASE=$E2E_BUILD/base-$E2E_KVER.cpio.gz
	inputs=$(_e2e_base_inputs)
	if [ -s "$E2E_BASE" ] && [ "$(cat "$E2E_BASE.inputs" 2>/dev/null)" = "$inputs" ]; then
		return 0
	fi
	_e2e_msg "building the base initramfs for kernel $E2E_KVER"
	root=$E2E_BUILD/base-root
	rm -rf "$root" "$E2E_BASE" "$E2E_BASE.inputs"
	mkdir -p "$root"
	_e2e_base_tree "$root" || { _e2e_msg "building the base tree failed"; return 1; }
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc --reproducible) | gzip -1 >"$E2E_BASE.tmp" || return 1
	mv "$E2E_BASE.tmp" "$E2E_BASE"
	printf '%s' "$inputs" >"$E2E_BASE.inputs"
	rm -rf "$root"
}

# e2e_image_initrd LABEL HELPER SETTINGS OUT: the base plus an archive
# with HELPER as /sbin/mount.cifs (setuid root, as a user mount needs),
# its libraries, cifs-af.dnsresolver and its request-key.d file when HELPER
# is a cifs-af build (a build tree's mount-cifs/mount.cifs, or a portable
# build's OUTDIR/mount.cifs with cifs-af.dnsresolver beside it), /init, the
# scenario scripts, and SETTINGS (a file of shell assignments) as
# /etc/e2e/run.conf.
e2e_image_initrd() {
	local label=$1 helper=$2 settings=$3 out=$4 root upcall
	# Next to OUT (the run's own temporary directory), so that two runs
	# from one tree cannot trip over each other.
	root=${out%/*}/overlay-$label
	rm -rf "$root"
	mkdir -p "$root/etc/e2e" "$root/usr/sbin" "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib64" || return 1
	# The links that make /sbin/mount.cifs resolve exist in the base; the
	# overlay only adds files under usr/.
	ln -s usr/lib "$root/lib" && ln -s usr/lib64 "$root/lib64" && ln -s usr/sbin "$root/sbin" || return 1
	if [[ $helper == *.deb ]]; then
		# The package's own maintainer scripts put the helper in place,
		# in the guest (guest/deb.sh).
		_e2e_deb_overlay "$root" "$helper" || return 1
	else
		_e2e_add_prog "$root" "$helper" /usr/sbin/mount.cifs 4755 || return 1
	fi
	# A cifs-af build has its request-key handler beside the helper's
	# directory; with it goes the request-key.d file that routes the
	# kernel's dns_resolver requests to it (as make install puts them).
	upcall=${helper%/mount-cifs/mount.cifs}/dns-resolver
	if [[ $helper == */mount-cifs/mount.cifs ]] && [ -x "$upcall/cifs-af.dnsresolver" ]; then
		_e2e_add_prog "$root" "$upcall/cifs-af.dnsresolver" /usr/sbin/cifs-af.dnsresolver 0755 || return 1
		install -D -m 0644 "$upcall/cifs-af.dns_resolver.conf" \
			"$root/etc/request-key.d/cifs-af.dns_resolver.conf" || return 1
	elif [ -x "${helper%/*}/cifs-af.dnsresolver" ]; then
		# A portable build's OUTDIR has the binaries only; the
		# request-key.d file is made as make install makes it (/sbin).
		_e2e_add_prog "$root" "${helper%/*}/cifs-af.dnsresolver" /usr/sbin/cifs-af.dnsresolver 0755 || return 1
		mkdir -p "$root/etc/request-key.d" &&
			sed 's|[@]ROOTSBINDIR[@]|/sbin|g' "$top/dns-resolver/cifs-af.dns_resolver.conf.in" \
				>"$root/etc/request-key.d/cifs-af.dns_resolver.conf" || return 1
	fi
	install -m 0755 "$top/tests/e2e/guest/init" "$root/init" || return 1
	# E2E_GUEST_EXTRA (a script, e.g. tests/bench/guest/bench.sh) is
	# appended, so it can use and override the scenarios' functions.
	cat "$top/tests/e2e/guest/scenarios.sh" ${E2E_GUEST_EXTRA:+"$E2E_GUEST_EXTRA"} \
		>"$root/etc/e2e/scenarios.sh" && chmod 0644 "$root/etc/e2e/scenarios.sh" || return 1
	install -m 0644 "$top/tests/e2e/guest/keyring.sh" "$root/etc/e2e/keyring.sh" || return 1
	install -m 0644 "$top/tests/e2e/guest/deb.sh" "$root/etc/e2e/deb.sh" || return 1
	install -m 0644 "$settings" "$root/etc/e2e/run.conf" || return 1
	# No links: the base already has the directory links, and an archive
	# entry for an existing link would replace it.
	(cd "$root" && find . -mindepth 1 ! -type l | LC_ALL=C sort |
		cpio --quiet -o -H newc --reproducible) | gzip -1 >"$root.cpio.gz" || return 1
	cat "$E2E_BASE" "$root.cpio.gz" >"$out" || return 1
	rm -rf "$root" "$root.cpio.gz"
}

# The dpkg programs the .deb guest runs: dpkg runs dpkg-deb and dpkg-split
# for every archive, dpkg-deb runs GNU tar for the control archive (busybox
# tar lacks its options), the maintainer scripts run dpkg-divert and
# dpkg-query (cifs-af) and update-alternatives (cifs-utils).  busybox has
# dpkg, dpkg-deb and tar applets of its own; these replace their links.
E2E_DPKG_PROGRAMS="dpkg dpkg-deb dpkg-split dpkg-divert dpkg-query dpkg-statoverride update-alternatives tar"

# _e2e_deb_status DEB...: the dpkg status stanzas, as this machine has
# them, of the packages DEB... depend on and of everything those depend
# on (dpkg checks the whole database's dependencies).  A dependency is
# the first alternative that is installed here, by name or as a package's
# Provides.  The guest's libraries are copies of this machine's, so its
# dpkg may take them as installed; no other package is in its database.
_e2e_deb_status() {
	local deb names
	names=$({
		for deb in "$@"; do
			printf 'DEB\t%s, %s\n' "$(dpkg-deb -f "$deb" Depends)" "$(dpkg-deb -f "$deb" Pre-Depends)"
		done
		dpkg-query -W -f='${db:Status-Status}\t${Package}\t${Provides}\t${Depends}, ${Pre-Depends}\n'
	} | awk -F '\t' '
		function clean(d) { sub(/\(.*/, "", d); sub(/:any/, "", d); gsub(/ /, "", d); return d }
		$1 == "DEB" { roots[++nroots] = $2; next }
		$1 != "installed" { next }
		{
			pkg[$2] = $2; deps[$2] = $4
			n = split($3, pr, ",")
			for (i = 1; i <= n; i++) { p = clean(pr[i]); if (p != "" && !(p in pkg)) pkg[p] = $2 }
		}
		# want(TEXT): queue what the dependencies of TEXT resolve to.
		function want(text,   n, i, m, j, d, alt) {
			n = split(text, d, ",")
			for (i = 1; i <= n; i++) {
				m = split(d[i], alt, "|")
				for (j = 1; j <= m; j++) {
					a = clean(alt[j])
					if (a in pkg) { if (!(pkg[a] in seen)) { seen[pkg[a]] = 1; queue[++nq] = pkg[a] }; break }
				}
			}
		}
		END {
			for (r = 1; r <= nroots; r++) want(roots[r])
			for (q = 1; q <= nq; q++) want(deps[queue[q]])
			for (q = 1; q <= nq; q++) print queue[q]
		}') || return 1
	# shellcheck disable=SC2086 # a word list on purpose
	dpkg-query -s $names
}

# _e2e_deb_overlay ROOT DEB: what the cifs-af-deb guest adds to the base:
# dpkg with a status file and an empty database, Debian's cifs-utils .deb
# (the version apt offers this machine) and DEB in /var/cache/e2e/debs,
# and the libraries their programs link against.
_e2e_deb_overlay() {
	local root=$1 deb=$2 owner p x
	owner=$(_e2e_fetch_deb cifs-utils) || return 1
	install -D -m 0644 "$owner" "$root/var/cache/e2e/debs/$(basename "$owner")" &&
		install -m 0644 "$deb" "$root/var/cache/e2e/debs/" || return 1
	for p in $E2E_DPKG_PROGRAMS; do
		_e2e_add_prog "$root" "$(command -v "$p")" "/usr/bin/$p" 0755 || return 1
	done
	# dpkg wants ldconfig in PATH (it runs no trigger here).
	_e2e_add_prog "$root" "$(readlink -f /sbin/ldconfig)" /usr/sbin/ldconfig 0755 || return 1
	# The libraries the packaged programs link against (the status file
	# says their packages are installed).
	x=${root%/*}/debs-unpacked
	rm -rf "$x" && mkdir -p "$x" && dpkg-deb -x "$owner" "$x/owner" && dpkg-deb -x "$deb" "$x/ours" || return 1
	for p in owner/sbin/mount.cifs ours/usr/libexec/cifs-af/mount.cifs ours/usr/libexec/cifs-af/cifs-af.dnsresolver; do
		_e2e_copy_libs "$root" "$x/$p" || return 1
	done
	rm -rf "$x"
	mkdir -p "$root"/var/lib/dpkg/{info,updates,triggers,alternatives} "$root/etc/alternatives" || return 1
	: >"$root/var/lib/dpkg/available"
	: >"$root/var/lib/dpkg/diversions"
	: >"$root/var/lib/dpkg/statoverride"
	_e2e_deb_status "$owner" "$deb" >"$root/var/lib/dpkg/status" || return 1
	# An empty file list each (PACKAGE:ARCH.list for Multi-Arch: same):
	# dpkg knows of no file of theirs.
	for p in $(awk -v RS= '{ p = a = ""; m = 0
			for (i = 1; i <= NF; i++) {
				if ($i == "Package:") p = $(i + 1)
				if ($i == "Architecture:") a = $(i + 1)
				if ($i == "Multi-Arch:" && $(i + 1) == "same") m = 1
			}
			print (m ? p ":" a : p) }' "$root/var/lib/dpkg/status"); do
		: >"$root/var/lib/dpkg/info/$p.list"
	done
}
