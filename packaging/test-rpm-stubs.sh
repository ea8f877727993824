# shellcheck shell=bash
# packaging/test-rpm-stubs.sh: the stand-in packages of the RPM test's
# scratch roots (packaging/test-packages.sh).  Source it; needs $work.
#
#   stub_glibc_provides ARCH VERSION   what that glibc's libraries provide
#   stub_base TOPDIR NAME ARCH LAYOUT GLIBC
#   stub_owner TOPDIR NAME VERSION RELEASE SBINDIR EXTRA
#   stub_keyutils TOPDIR               /etc/request-key.conf's owner (EL5)
#   stub_observer TOPDIR PACKAGE...    logs what /sbin/mount.cifs is at
#                                      each scriptlet of those packages
# Each writes TOPDIR/RPMS/ARCH/*.rpm (rpmbuild), and returns 1 with the
# build log's end on stderr when rpmbuild fails.

# The host's libraries of each architecture: the ones the portable
# binaries need are copied into a base stub so that they run in the root
# (glibc keeps every old symbol version, so the host's 2.36 serves a
# binary made for 2.5); the others are only read for their version nodes.
declare -A STUB_LIBDIR=([x86_64]=/lib/x86_64-linux-gnu [i686]=/lib32)
declare -A STUB_LOADER=([x86_64]=ld-linux-x86-64.so.2 [i686]=ld-linux.so.2)
declare -A STUB_LOADER_PATH=([x86_64]=/lib64/ld-linux-x86-64.so.2 [i686]=/lib32/ld-linux.so.2)
STUB_RUN_LIBS="libc.so.6 libpthread.so.0 librt.so.1 libresolv.so.2"
STUB_GLIBC_LIBS="libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 libutil.so.1 libanl.so.1"
# The tools the scriptlets and the test run in a root, busybox applets.
STUB_APPLETS="sh cat cp echo grep ln ls mv printf pwd readlink rm sed test touch"

_stub_build() { # TOPDIR SPEC [RPMBUILD-ARGS...]
	local t=$1 spec=$2
	shift 2
	rpmbuild -bb --nodeps --define "_topdir $t" "$@" "$spec" >"$spec.log" 2>&1 ||
		{ tail -20 "$spec.log" >&2; return 1; }
}

# stub_glibc_provides ARCH VERSION: one line per capability that glibc
# VERSION's libraries provide on ARCH (x86_64, i686), spelled as rpm's
# dependency generator spells them: each library's soname and each of its
# GLIBC_x.y version nodes up to VERSION.  The nodes are read from this
# machine's libraries; glibc never gives a library a node older than the
# release that adds it, so those up to VERSION are exactly VERSION's.
stub_glibc_provides() {
	local arch=$1 want=$2 suffix='' lib path v
	[ "$arch" = x86_64 ] && suffix='(64bit)'
	for lib in $STUB_GLIBC_LIBS "${STUB_LOADER[$arch]}"; do
		path=${STUB_LIBDIR[$arch]}/$lib
		[ "$lib" != "${STUB_LOADER[$arch]}" ] || path=${STUB_LOADER_PATH[$arch]}
		[ -e "$path" ] || { echo "stub_glibc_provides: no $path on this machine" >&2; return 1; }
		if [ "$arch" = x86_64 ]; then echo "$lib()$suffix"; else echo "$lib"; fi
		objdump -p "$path" | sed -n '/^Version definitions:/,/^$/p' | awk 'NF >= 4 { print $4 }' |
			sed -n 's/^GLIBC_\([0-9][0-9.]*\)$/\1/p' | while read -r v; do
			[ "$(printf '%s\n%s\n' "$v" "$want" | sort -V | tail -1)" = "$want" ] && echo "$lib(GLIBC_$v)$suffix"
		done
	done
}

# stub_base TOPDIR NAME ARCH LAYOUT GLIBC: NAME stands for a release's base
# system.  LAYOUT: split (RHEL 5, 6: /bin, /sbin, /usr/sbin apart), merged
# (RHEL 7 and later: /bin, /sbin, /lib, /lib64 links into /usr), or
# nousrsbin (split, with no /usr/sbin at all).  It holds busybox (the
# shell and tools of the scriptlets; this machine's, x86_64, in the i686
# roots too) and the loader and libraries the portable binaries need, and
# provides exactly what GLIBC's libraries do for ARCH, /bin/sh and
# coreutils: no libtalloc, libcap-ng or libkeyutils, which the packages
# must not need.
stub_base() {
	local t=$1 name=$2 arch=$3 layout=$4 glibc=$5 spec bin=/bin libdir loader ldpath d a so
	local install='' files='' provides busybox
	busybox=$(readlink -f "$(command -v busybox)")
	provides=$(stub_glibc_provides "$arch" "$glibc" | paste -sd' ') || return 1
	loader=${STUB_LOADER[$arch]}
	if [ "$arch" = x86_64 ]; then
		libdir=/usr/lib/x86_64-linux-gnu ldpath=/lib64/$loader
	else
		libdir=/lib ldpath=/lib/$loader
	fi
	if [ "$layout" = merged ]; then
		bin=/usr/bin ldpath=/usr$ldpath
		[ "$arch" = i686 ] && libdir=/usr/lib
		for d in bin sbin lib lib64; do
			install+="ln -s usr/$d %{buildroot}/$d"$'\n'
			files+="/$d"$'\n'
		done
		files+="%dir /usr/sbin"$'\n'
	else
		files+="%dir /sbin"$'\n'
		[ "$layout" = nousrsbin ] || files+="%dir /usr/sbin"$'\n'
	fi
	install+="mkdir -p %{buildroot}$bin %{buildroot}$libdir %{buildroot}${ldpath%/*}"
	case $layout in
	merged) install+=" %{buildroot}/usr/sbin" ;;
	split) install+=" %{buildroot}/sbin %{buildroot}/usr/sbin" ;;
	nousrsbin) install+=" %{buildroot}/sbin" ;;
	esac
	install+=" %{buildroot}/var/tmp %{buildroot}/var/log"$'\n'
	install+="install -m 755 $busybox %{buildroot}$bin/busybox"$'\n'
	install+="install -m 755 $(readlink -f "${STUB_LOADER_PATH[$arch]}") %{buildroot}$ldpath"$'\n'
	files+="$bin/busybox"$'\n'"$ldpath"$'\n'"%dir /var/tmp"$'\n'"%dir /var/log"$'\n'
	for a in $STUB_APPLETS; do
		install+="ln -s busybox %{buildroot}$bin/$a"$'\n'
		files+="$bin/$a"$'\n'
	done
	for so in $STUB_RUN_LIBS; do
		install+="install -m 755 $(readlink -f "${STUB_LIBDIR[$arch]}/$so") %{buildroot}$libdir/$so"$'\n'
		files+="$libdir/$so"$'\n'
	done
	spec=$t/$name-$arch.spec
	mkdir -p "$t"
	cat >"$spec" <<EOF
%global __os_install_post %{nil}
%global debug_package %{nil}
%global _build_id_links none
AutoReqProv: no
Name: $name
Version: 1
Release: 1
Summary: Stand-in for the base system of a scratch root ($layout layout, glibc $glibc)
License: GPL-2.0-only AND LGPL-2.1-or-later
Provides: /bin/sh coreutils rtld(GNU_HASH) $provides
%description
Test stand-in: busybox and this machine's loader and libraries, providing
what glibc $glibc provides.
%install
$install
%files
$files
EOF
	_stub_build "$t" "$spec" --target "$arch"
}

# stub_owner TOPDIR NAME VERSION RELEASE SBINDIR EXTRA: a stand-in for the
# package that owns SBINDIR/mount.cifs.  Its mount.cifs is a script that
# names its package version, so running mount.cifs -V tells whose program
# it is.  EXTRA: smb3 (mount.smb3, a link to mount.cifs, as cifs-utils
# has), umount (umount.cifs, as samba-client has) or none.  Its
# scriptlets tell the observer what the path is.
stub_owner() {
	local t=$1 name=$2 ver=$3 rel=$4 sbin=$5 extra=$6 install files src spec s scripts=''
	src=$t/SOURCES/mount.cifs-$name-$ver-$rel
	mkdir -p "$t/SOURCES"
	# shellcheck disable=SC2016 # ${0##*/} is for the script
	printf '#!/bin/sh\necho "${0##*/} version: %s %s-%s (stand-in)"\n' "$name" "$ver" "$rel" >"$src"
	install="mkdir -p %{buildroot}$sbin %{buildroot}/usr/share/man/man8
install -m 755 $src %{buildroot}$sbin/mount.cifs
echo 'owner stand-in page' | gzip -9n >%{buildroot}/usr/share/man/man8/mount.cifs.8.gz
"
	files="$sbin/mount.cifs
/usr/share/man/man8/mount.cifs.8.gz
"
	case $extra in
	smb3)
		install+="ln -s mount.cifs %{buildroot}$sbin/mount.smb3
ln -s mount.cifs.8.gz %{buildroot}/usr/share/man/man8/mount.smb3.8.gz
"
		files+="$sbin/mount.smb3
/usr/share/man/man8/mount.smb3.8.gz
"
		;;
	umount)
		install+="install -m 755 $src %{buildroot}$sbin/umount.cifs
"
		files+="$sbin/umount.cifs
"
		;;
	esac
	for s in pre post preun postun; do
		scripts+="%$s
[ ! -x /usr/libexec/path-observer ] || /usr/libexec/path-observer \"$name-$ver-$rel %%$s \$1\"
exit 0
"
	done
	spec=$t/$name-$ver-$rel.spec
	cat >"$spec" <<EOF
%global __os_install_post %{nil}
Name: $name
Version: $ver
Release: $rel
Summary: Stand-in for $name, owner of $sbin/mount.cifs
License: GPL-3.0-or-later
BuildArch: noarch
%description
Test stand-in for the package that owns $sbin/mount.cifs.
%install
$install
$scripts
%files
$files
EOF
	_stub_build "$t" "$spec" || return 1
	sha256sum <"$src" | cut -d' ' -f1 >"$t/sum-$name-$ver-$rel"
}

# stub_keyutils TOPDIR: keyutils 1.2, as on RHEL 5: /etc/request-key.conf
# (a config file) with a comment block and two active lines, neither for
# dns_resolver.
stub_keyutils() {
	local t=$1 spec=$1/keyutils.spec
	mkdir -p "$t/SOURCES"
	cat >"$t/SOURCES/request-key.conf" <<'EOF'
# /etc/request-key.conf: stand-in for RHEL 5's keyutils 1.2 default.
#
#OP	TYPE	DESCRIPTION	CALLOUT INFO	PROGRAM ARG1 ARG2 ARG3 ...
#======	=======	===============	===============	===============================
create	user	debug:*		negate		/bin/keyctl negate %k 30 %S
negate	*	*		*		/bin/keyctl negate %k 30 %S
EOF
	cat >"$spec" <<EOF
%global __os_install_post %{nil}
Name: keyutils
Version: 1.2
Release: 1.el5
Summary: Stand-in for keyutils, owner of /etc/request-key.conf
License: GPL-2.0-or-later
BuildArch: noarch
%description
Test stand-in: RHEL 5's request-key reads /etc/request-key.conf only.
%install
install -D -m 644 $t/SOURCES/request-key.conf %{buildroot}/etc/request-key.conf
%files
%config(noreplace) /etc/request-key.conf
EOF
	_stub_build "$t" "$spec"
}

# stub_observer TOPDIR PACKAGE...: path-observer, whose triggers on each
# PACKAGE (installed, being erased, erased) append what /sbin/mount.cifs
# is to /var/log/path-observer.log: "absent", "file" or "link:TARGET".
# The owner stubs' own scriptlets call it too, so the log holds the path's
# state between every two scriptlets of a transaction.
stub_observer() {
	local t=$1 spec=$1/path-observer.spec p k triggers=''
	shift
	mkdir -p "$t/SOURCES"
	cat >"$t/SOURCES/path-observer" <<'EOF'
#!/bin/sh
# path-observer TAG: log what /sbin/mount.cifs is now.
p=/sbin/mount.cifs
if [ -L $p ]; then
	s="link:$(readlink $p)"
elif [ -e $p ]; then
	s=file
else
	s=absent
fi
echo "$1: $s" >>/var/log/path-observer.log
EOF
	for p in "$@"; do
		for k in triggerin triggerun triggerpostun; do
			triggers+="%$k -- $p
/usr/libexec/path-observer \"%%$k $p \$1 \$2\"
exit 0
"
		done
	done
	cat >"$spec" <<EOF
%global __os_install_post %{nil}
Name: path-observer
Version: 1
Release: 1
Summary: Logs what /sbin/mount.cifs is between scriptlets
License: GPL-3.0-or-later
BuildArch: noarch
%description
Test helper for the takeover: no moment without /sbin/mount.cifs.
%install
install -D -m 755 $t/SOURCES/path-observer %{buildroot}/usr/libexec/path-observer
$triggers
%files
/usr/libexec/path-observer
EOF
	_stub_build "$t" "$spec"
}
