#!/bin/bash
# packaging/test-packages.sh: the packaging test (a step of tests/run-all.sh;
# docs/packaging.md describes what it proves and what it cannot).
#
#   1. packaging/make-repo builds the tarball, the SRPM, both flavours and
#      both repositories from the working tree; `make rpm` and `make repo`
#      publish those RPMs again, the second time signed with a throw-away
#      key; bad input must be refused with a message that says why.
#   2. The packages and repositories are checked for what the issue asks:
#      the el5 RPM and the SRPM have gzip payloads, MD5 file digests and no
#      rpmlib feature RHEL 5's rpm lacks, the el5 repodata is SHA-1 and
#      gzip, the file lists, scriptlets and signatures are right.
#   3. dnf --installroot installs cifs-af from the file:// repository,
#      through the generated cifs-af.repo, into two scratch roots: el5
#      (RHEL 5 layout, samba-client owning /sbin/mount.cifs) and el
#      (usr-merged, cifs-utils owning /usr/sbin/mount.cifs).  Stub packages
#      stand in for the base system and the owner.  The owner and cifs-af
#      are installed, upgraded, reinstalled and removed in turn, and after
#      each step the test reads which program /sbin/mount.cifs is, runs it,
#      and compares `rpm -V OWNER` with what the takeover may change.
#
# Run as root on Debian 12 (it installs what it needs with apt-get).  Ends
# with the number of checks and failures; exit 0 only if none failed.
# CIFSAF_PKGTEST_KEEP=1 keeps the work directory for a look afterwards.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"

cifsaf_require_root "chroot into the scratch roots, rpm scriptlets"
# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES rpm createrepo-c dnf python3-dnf busybox-static \
	gnupg gnupg1 cpio binutils || exit 1

start=$SECONDS
work=$(mktemp -d /tmp/cifs-af-pkgtest.XXXXXX)
cleanup() {
	gpgconf --homedir "$work/gnupg" --kill gpg-agent >/dev/null 2>&1 || true
	if [ "${CIFSAF_PKGTEST_KEEP:-0}" = 1 ]; then
		echo "work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

. "$top/packaging/check-lib.sh"
# abort WHY: the rest of the test cannot run.
abort() {
	fail "$*"
	echo "packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
	exit 1
}

version=$(sed -n 's/^AC_INIT(\[cifs-af\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$version" ] || abort "cannot read the version from configure.ac"

# =====================================================================
echo "--- make-repo from the working tree"
repo1=$work/repo1
if ! "$top/packaging/make-repo" "$repo1" >"$work/make-repo1.out" 2>&1; then
	tail -40 "$work/make-repo1.out"
	abort "packaging/make-repo $repo1"
fi
ok "packaging/make-repo $repo1 ($((SECONDS - start)) s)"

# rpmbuild's architecture, and yum's $basearch for it.
arch=$(rpm -E '%{_arch}')
case $arch in i?86) basearch=i386 ;; *) basearch=$arch ;; esac
el5_rpm=$repo1/el5/cifs-af-$version-1.el5.$arch.rpm
el_rpm=$repo1/el/cifs-af-$version-1.$arch.rpm
srpm=$repo1/SRPMS/cifs-af-$version-1.src.rpm
for f in "$repo1/cifs-af-$version.tar.gz" "$srpm" "$el5_rpm" "$el_rpm" "$repo1/cifs-af.repo"; do
	[ -f "$f" ] || abort "make-repo wrote no ${f#"$work"/}"
done
ok "tarball, SRPM, el5 and el RPMs and cifs-af.repo written"

q() { rpm -qp --nosignature "$@" 2>/dev/null; }

# --- what RHEL 5's rpm 4.4 can read -----------------------------------
for f in "$el5_rpm" "$srpm"; do
	n=$(basename "$f")
	same "$n: payload is gzip" "$(q --qf '%{PAYLOADCOMPRESSOR}' "$f")" gzip
	# The digest algorithm tag is absent for MD5, the old default.
	same "$n: file digest algorithm is MD5" "$(q --qf '%{FILEDIGESTALGO}' "$f")" "(none)"
	lengths=$(q --qf '[%{FILEDIGESTS}\n]' "$f" | awk 'length($0) { print length($0) }' | sort -u)
	same "$n: every file digest is 32 hex digits (MD5)" "$lengths" 32
	bad=$(q --requires "$f" | grep -E 'rpmlib\((FileDigests|PayloadIsXz|PayloadIsZstd)\)')
	same "$n: requires no rpmlib(FileDigests), rpmlib(PayloadIsXz) or rpmlib(PayloadIsZstd)" "$bad" ""
done
# The digests are MD5 of the real files: check one against md5sum.
mkdir -p "$work/payload"
(cd "$work/payload" && rpm2cpio "$el5_rpm" | cpio -idm --quiet) || abort "cannot unpack $el5_rpm"
ours_bin=$work/payload/usr/libexec/cifs-af/mount.cifs
[ -f "$ours_bin" ] || abort "the el5 RPM has no /usr/libexec/cifs-af/mount.cifs"
digest=$(q --qf '[%{FILENAMES} %{FILEDIGESTS}\n]' "$el5_rpm" | awk '$1 == "/usr/libexec/cifs-af/mount.cifs" { print $2 }')
same "el5: mount.cifs's recorded digest is its md5sum" "$digest" "$(md5sum <"$ours_bin" | cut -d' ' -f1)"
same "el5: release carries .el5" "$(q --qf '%{RELEASE}' "$el5_rpm")" 1.el5
same "el: the modern flavour has SHA-256 file digests (FIPS refuses MD5)" "$(q --qf '%{FILEDIGESTALGO}' "$el_rpm")" 8
same "el5: no /usr/lib/.build-id links" "$(q -l "$el5_rpm" | grep -c '^/usr/lib/.build-id')" 0
# The SRPM's spec, as written and expanded for el5: the legacy constructs
# and none newer.
rpm2cpio "$srpm" | cpio -i --quiet --to-stdout cifs-af.spec >"$work/srpm.spec"
spec_el5=$(rpmspec -P --define 'cifsaf_el5 1' --define '_topdir /nonexistent' "$work/srpm.spec" 2>/dev/null)
for want in '^BuildRoot:' '^Group:' '^%clean' '^%defattr\(-,root,root,-\)'; do
	expect "el5 spec has ${want#^}" grep -Eq "$want" <<<"$spec_el5"
done
expect "spec unpacks with %setup -q" grep -q '^%setup -q$' "$work/srpm.spec"
expect "spec has no %autosetup (rpm 4.4 lacks it)" lacks '^%autosetup' "$(cat "$work/srpm.spec")"
for unwanted in '^%license' '^(Recommends|Suggests|Supplements|Enhances):' \
	'^(Requires|BuildRequires)(\(.*\))?:.*\((.* )?(or|and|if|with|unless) '; do
	expect "el5 spec has no ${unwanted#^}" lacks "$unwanted" "$spec_el5"
done

# --- file lists and scriptlets ------------------------------------------
for flavour in el5 el; do
	if [ $flavour = el5 ]; then f=$el5_rpm sbin=/sbin; else f=$el_rpm sbin=/usr/sbin; fi
	lines=$(q --qf '[%{FILEMODES:perms} %{FILEFLAGS:fflags} %{FILENAMES} %{FILELINKTOS}\n]' "$f")
	expect "$flavour: mount.cifs in /usr/libexec/cifs-af, mode 0755 (not setuid)" \
		grep -qx -- '-rwxr-xr-x  /usr/libexec/cifs-af/mount.cifs ' <<<"$lines"
	expect "$flavour: mount.smb3 -> mount.cifs" grep -qx -- 'lrwxrwxrwx  /usr/libexec/cifs-af/mount.smb3 mount.cifs' <<<"$lines"
	expect "$flavour: /etc/cifs-af.conf is %config(noreplace)" grep -qx -- '-rw-r--r-- cn /etc/cifs-af.conf ' <<<"$lines"
	expect "$flavour: cifs-af.dnsresolver in /usr/libexec/cifs-af, mode 0755" \
		grep -qx -- '-rwxr-xr-x  /usr/libexec/cifs-af/cifs-af.dnsresolver ' <<<"$lines"
	expect "$flavour: /etc/request-key.d/cifs-af.dns_resolver.conf is %config(noreplace)" \
		grep -qx -- '-rw-r--r-- cn /etc/request-key.d/cifs-af.dns_resolver.conf ' <<<"$lines"
	expect "$flavour: COPYING is %doc" grep -Eq -- '^-rw-r--r-- d /usr/share/doc/cifs-af[^/]*/COPYING $' <<<"$lines"
	expect "$flavour: man page cifs-af(8)" grep -Eq ' /usr/share/man/man8/cifs-af\.8(\.gz)? ' <<<"$lines"
	expect "$flavour: man page cifs-af.conf(5)" grep -Eq ' /usr/share/man/man5/cifs-af\.conf\.5(\.gz)? ' <<<"$lines"
	same "$flavour: owns nothing in /sbin, /usr/sbin or the owners' man pages" \
		"$(grep -cE ' (/usr)?/sbin/| /usr/share/man/man8/mount\.' <<<"$lines")" 0
	same "$flavour: no setuid or setgid file" "$(awk '$1 ~ /[sS]/' <<<"$lines")" ""
	scripts=$(q --scripts --triggers "$f")
	expect "$flavour: %post takes over $sbin" grep -qx "/usr/libexec/cifs-af/takeover take $sbin" <<<"$scripts"
	expect "$flavour: %preun restores $sbin on removal" grep -qx "	/usr/libexec/cifs-af/takeover restore $sbin" <<<"$scripts"
	for trig in triggerin triggerpostun; do
		expect "$flavour: %$trig on samba-client and cifs-utils" \
			grep -Eq "^$trig scriptlet .*-- (.*, )?cifs-utils, samba-client" <<<"$scripts"
	done
done
(cd "$work" && rpm2cpio "$el_rpm" | cpio -i --quiet --to-stdout ./etc/cifs-af.conf >el-conf)
expect "the packaged /etc/cifs-af.conf is the tree's cifs-af.conf" cmp -s "$work/el-conf" "$top/cifs-af.conf"
expect "the packaged cifs-af.conf has no active line (defaults only)" lacks '^[^#]' "$(cat "$work/el-conf")"
# --with setuid is the packaged way to allow user mounts.
spec_el=$(rpmspec -P --define '_topdir /nonexistent' "$work/srpm.spec" 2>/dev/null)
spec_suid=$(rpmspec -P --with setuid --define '_topdir /nonexistent' "$work/srpm.spec" 2>/dev/null)
expect "spec: --with setuid marks mount.cifs 4755" grep -qx '%attr(4755,root,root) /usr/libexec/cifs-af/mount.cifs' <<<"$spec_suid"
expect "spec: without it, no %attr on mount.cifs" lacks '^%attr.*mount\.cifs' "$spec_el"

# --- make-repo's own checks ---------------------------------------------
newest=$(q --requires "$el5_rpm" | sed -n 's/^libc\.so\.6(GLIBC_\([0-9.]*\)).*/\1/p' | sort -V | tail -1)
if [ "$(printf '%s\n2.5\n' "$newest" | sort -V | tail -1)" != 2.5 ]; then
	expect "make-repo warned that the el5 RPM built here needs glibc $newest" \
		grep -q "needs glibc $newest, RHEL 5 has 2.5" "$work/make-repo1.out"
else
	expect "make-repo gave no glibc warning for an el5 RPM needing glibc $newest" \
		lacks "needs glibc" "$(cat "$work/make-repo1.out")"
fi

# --- the repositories -----------------------------------------------------
for dir in el5 SRPMS; do
	repomd=$repo1/$dir/repodata/repomd.xml
	types=$(grep -o 'checksum type="[^"]*"' "$repomd" | sort -u)
	same "$dir repodata: every repomd.xml checksum is sha (SHA-1, for yum 3.2)" "$types" 'checksum type="sha"'
	hrefs=$(grep -o 'href="[^"]*"' "$repomd" | sed 's/href="//; s/"$//')
	same "$dir repodata: primary, filelists and other, as .xml.gz only" \
		"$(sed 's/^repodata\/[0-9a-f]*-//' <<<"$hrefs" | sort | tr '\n' ' ')" "filelists.xml.gz other.xml.gz primary.xml.gz "
	bad=""
	for h in $hrefs; do
		[ "$(head -c2 "$repo1/$dir/$h" | od -An -tx1 | tr -d ' ')" = 1f8b ] || bad="$bad $h"
	done
	same "$dir repodata: the files are gzip" "$bad" ""
	same "$dir repodata: packages' checksums are sha" \
		"$(gzip -dc "$repo1/$dir"/repodata/*-primary.xml.gz | grep -o '<checksum type="[^"]*"' | sort -u)" '<checksum type="sha"'
done
same "el repodata: createrepo_c's default (sha256)" \
	"$(grep -o 'checksum type="[^"]*"' "$repo1/el/repodata/repomd.xml" | sort -u)" 'checksum type="sha256"'
repo_file=$(cat "$repo1/cifs-af.repo")
expect "cifs-af.repo: baseurl with \$releasever/\$basearch" grep -qx "baseurl=file://$repo1/\\\$releasever/\\\$basearch/" <<<"$repo_file"
expect "cifs-af.repo: unsigned packages, gpgcheck=0" grep -qx 'gpgcheck=0' <<<"$repo_file"
for r in 5 5Server 5Client; do
	same "releasever $r, $basearch resolves to el5/" "$(readlink -f "$repo1/$r/$basearch")" "$repo1/el5"
done
for r in 7Server 8 9; do
	same "releasever $r, $basearch resolves to el/" "$(readlink -f "$repo1/$r/$basearch")" "$repo1/el"
done

# =====================================================================
echo "--- make rpm and make repo: the same RPMs, signed"
mkdir -m 700 "$work/gnupg"
GNUPGHOME=$work/gnupg gpg --batch --passphrase '' --quick-gen-key \
	'cifs-af packaging test <packaging-test@cifs-af.invalid>' rsa2048 sign never >"$work/keygen.out" 2>&1 ||
	abort "gpg could not make a test key"
GNUPGHOME=$work/gnupg gpg --batch --pinentry-mode loopback --passphrase '' --armor \
	--export-secret-keys >"$work/test-key.asc" 2>>"$work/keygen.out" || abort "gpg could not export the test key"
# The make targets run make-repo on a configured tree's 'make dist'; the
# RPMs built above are published again instead of being built twice.
if [ -f "$top/config.status" ]; then
	builddir=$top
else
	builddir=$work/build
	mkdir "$builddir"
	(cd "$builddir" && "$top/configure" >configure.out 2>&1) || abort "configure in $builddir"
fi
given="--el5-rpms $repo1/el5 --el-rpms $repo1/el"
if make -C "$builddir" rpm RPM_DIR="$work/rpm" MAKE_REPO_FLAGS="$given" >"$work/make-rpm.out" 2>&1; then
	ok "make rpm"
	expect "make rpm: SRPM, el5 and el RPMs" test -f "$work/rpm/SRPMS/cifs-af-$version-1.src.rpm" \
		-a -f "$work/rpm/el5/$(basename "$el5_rpm")" -a -f "$work/rpm/el/$(basename "$el_rpm")"
	expect "make rpm: no repodata, no .repo file" test ! -e "$work/rpm/el5/repodata" -a ! -e "$work/rpm/cifs-af.repo"
else
	tail -20 "$work/make-rpm.out"
	fail "make rpm"
fi
repo2=$work/repo2
if ! make -C "$builddir" repo REPO_DIR="$repo2" MAKE_REPO_FLAGS="$given --sign-key $work/test-key.asc" \
	>"$work/make-repo2.out" 2>&1; then
	tail -30 "$work/make-repo2.out"
	abort "make repo REPO_DIR=$repo2 MAKE_REPO_FLAGS='$given --sign-key ...'"
fi
ok "make repo MAKE_REPO_FLAGS='--el5-rpms ... --el-rpms ... --sign-key ...'"
mkdir "$work/keydb"
rpmkeys --dbpath "$work/keydb" --import "$repo2/RPM-GPG-KEY-cifs-af" || abort "rpm cannot import $repo2/RPM-GPG-KEY-cifs-af"
for f in "$repo2"/SRPMS/*.rpm "$repo2"/el5/*.rpm; do
	sigs=$(rpmkeys --dbpath "$work/keydb" -Kv "$f" 2>&1 | grep -i signature | sed 's/, key ID [0-9a-f]*//; s/^ *//' | sort | tr '\n' ';')
	same "$(basename "$f"): V3 RSA/SHA1 header and header+payload signatures (rpm 4.4 reads them)" \
		"$sigs" "Header V3 RSA/SHA1 Signature: OK;V3 RSA/SHA1 Signature: OK;"
done
sigs=$(rpmkeys --dbpath "$work/keydb" -Kv "$repo2"/el/*.rpm 2>&1 | grep -i signature | sed 's/, key ID [0-9a-f]*//; s/^ *//')
expect "$(basename "$repo2"/el/*.rpm): a V4 signature, checked OK" grep -Eq '^Header V4 RSA/SHA(256|512) Signature: OK$' <<<"$sigs"
expect "cifs-af.repo: gpgcheck=1 with the published key" grep -qx "gpgkey=file://$repo2/RPM-GPG-KEY-cifs-af" "$repo2/cifs-af.repo"

echo "--- make-repo refuses bad input"
tb=$repo1/cifs-af-$version.tar.gz
refused make-repo "modern RPMs as el5" "cifs-af-$version-1.$arch.rpm: release 1 is not the el5 flavour" \
	--tarball "$tb" --el5-rpms "$repo1/el" "$work/bad1"
refused make-repo "el5 RPMs as modern" "release 1.el5 is the el5 flavour" --tarball "$tb" --el-rpms "$repo1/el5" "$work/bad2"
mkdir "$work/unrelated" && touch "$work/unrelated/notes.txt"
refused make-repo "a non-empty unrelated OUTDIR" "holds no earlier make-repo output" --tarball "$tb" "$work/unrelated"
refused make-repo "a bad --baseurl" "--baseurl repo.example: expected" --baseurl repo.example "$work/bad3"
refused make-repo "a missing tarball" "--tarball $work/none.tar.gz: no such file" --tarball "$work/none.tar.gz" "$work/bad4"
refused make-repo "an OUTDIR missing" "no OUTDIR given" --tarball "$tb"
refused make-repo "a release in both lists" "release '8' is in both" --el5-releases "5 8" --tarball "$tb" "$work/bad5"

# =====================================================================
# The scratch roots.
busybox=$(readlink -f "$(command -v busybox)")
readelf -l "$busybox" | grep -q 'program interpreter' && abort "$busybox is not static (install busybox-static)"
interp=$(readelf -l /bin/true | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
multiarch=$(gcc -print-multiarch)
[ -n "$interp" ] || abort "cannot find the host's dynamic loader"
[ -n "$multiarch" ] || abort "gcc -print-multiarch printed nothing"
ours_sum=$(sha256sum <"$ours_bin" | cut -d' ' -f1)

# make_stub_base LAYOUT(el5|merged) TOPDIR: an RPM standing in for the base
# system.  busybox is /bin/sh and the tools scriptlets use; the build host's
# loader, libc and the libraries cifs-af may link (talloc, libcap-ng,
# keyutils) let cifs-af's dependencies resolve and cifs-af run in the root.
# rpmbuild finds their provides (libc.so.6(GLIBC_2.34)(64bit), ...) in the
# files themselves.
make_stub_base() {
	local layout=$1 t=$2 bin=/bin libdir=/usr/lib/$multiarch ld=$interp so path
	local install="" files=""
	if [ "$layout" = merged ]; then
		bin=/usr/bin ld=/usr$interp
		for d in bin sbin lib lib64; do
			install="${install}ln -s usr/$d %{buildroot}/$d
"
			files="$files/$d
"
		done
		files="$files%dir /usr/sbin
"
	else
		files="$files%dir /sbin
%dir /usr/sbin
"
	fi
	install="${install}mkdir -p %{buildroot}$bin %{buildroot}$libdir %{buildroot}${ld%/*} %{buildroot}/usr/sbin %{buildroot}/sbin %{buildroot}/var/tmp
install -m 755 $busybox %{buildroot}$bin/busybox
install -m 755 $(readlink -f "$interp") %{buildroot}$ld
"
	files="$files$bin/busybox
$ld
%dir /var/tmp
"
	for a in sh cat echo ln ls mv readlink rm test; do
		install="${install}ln -s busybox %{buildroot}$bin/$a
"
		files="$files$bin/$a
"
	done
	for so in libc.so.6 libtalloc.so.2 libcap-ng.so.0 libkeyutils.so.1; do
		path=$(gcc -print-file-name=$so)
		[ "$path" != $so ] || { echo "no $so on this host" >&2; return 1; }
		install="${install}install -m 755 $(readlink -f "$path") %{buildroot}$libdir/$so
"
		files="$files$libdir/$so
"
	done
	cat >"$t/base-stub.spec" <<EOF
%global __os_install_post %{nil}
%global debug_package %{nil}
%global _build_id_links none
Name: base-stub
Version: 1
Release: 1
Summary: Stand-in for the base system of a scratch root ($layout layout)
License: GPL-2.0-only AND LGPL-2.1-or-later
Provides: /bin/sh, coreutils, rtld(GNU_HASH)
%description
Test stand-in: busybox and the build host's libraries.
%install
$install
%files
$files
EOF
	rpmbuild -bb --nodeps --define "_topdir $t" "$t/base-stub.spec" >"$t/base-stub.log" 2>&1 ||
		{ tail -20 "$t/base-stub.log" >&2; return 1; }
}

# make_stub_owner TOPDIR NAME VERSION RELEASE SBINDIR SMB3(0|1): a stand-in
# for the package that owns SBINDIR/mount.cifs.  Its mount.cifs is a script
# that names its package version, so running /sbin/mount.cifs -V tells
# whose program it is.
make_stub_owner() {
	local t=$1 name=$2 ver=$3 rel=$4 sbin=$5 smb3=$6 install files
	local src=$t/SOURCES/mount.cifs-$ver-$rel
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
	if [ "$smb3" = 1 ]; then
		# cifs-utils installs mount.smb3 as a link, as cifs-af's make install does.
		install="${install}ln -s mount.cifs %{buildroot}$sbin/mount.smb3
ln -s mount.cifs.8.gz %{buildroot}/usr/share/man/man8/mount.smb3.8.gz
"
		files="$files$sbin/mount.smb3
/usr/share/man/man8/mount.smb3.8.gz
"
	else
		# samba-client's other mount helper on RHEL 5.
		install="${install}install -m 755 $src %{buildroot}$sbin/umount.cifs
"
		files="$files$sbin/umount.cifs
"
	fi
	cat >"$t/$name-$rel.spec" <<EOF
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
%files
$files
EOF
	rpmbuild -bb --nodeps --define "_topdir $t" "$t/$name-$rel.spec" >"$t/$name-$rel.log" 2>&1 ||
		{ tail -20 "$t/$name-$rel.log" >&2; return 1; }
	sha256sum <"$src" | cut -d' ' -f1 >"$t/sum-$ver-$rel"
}

# identify ROOT PATH: what PATH is inside ROOT, the way mount(8) there
# would find it: "absent", "cifs-af" (a link to our binary whose bytes are
# the RPM's mount.cifs and which runs and says so), "OWNER VER-REL" (the
# owner stub's script, which runs and says so), or "other".  A kept
# original (NAME.distrib) that is a link is "link:TARGET": what it points
# to changes with the takeover, the link itself does not.
identify() {
	local root=$1 path=$2 sum out target f
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
	out=$(chroot "$root" "$path" -V 2>&1 | head -1)
	if [ "$sum" = "$ours_sum" ]; then
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

# expect_state ROOT STEP NAME=WANT...: after STEP, /sbin/NAME is WANT.
expect_state() {
	local root=$1 step=$2 pair
	shift 2
	for pair in "$@"; do
		same "$step: /sbin/${pair%%=*} is ${pair#*=}" "$(identify "$root" "/sbin/${pair%%=*}")" "${pair#*=}"
	done
}

# expect_verify ROOT STEP OWNER PATH...: rpm -V OWNER lists exactly PATHs
# (the taken-over files), each as "....L...." (a link where the package has
# a file: size, digest, mode and times are not even compared), none when no
# PATH is given.
expect_verify() {
	local root=$1 step=$2 owner=$3 out got want
	shift 3
	out=$(rpm --root "$root" -V "$owner" 2>&1)
	got=$(awk 'NF { print $NF }' <<<"$out" | sort | paste -sd' ')
	want=""
	[ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | paste -sd' ')
	if awk 'NF && $1 != "....L...."' <<<"$out" | grep -q .; then
		fail "$step: rpm -V $owner reports more than a link in place of a file"
		# shellcheck disable=SC2001 # indent every line
		sed 's/^/      /' <<<"$out"
	else
		same "$step: rpm -V $owner shows ${want:-nothing}" "$got" "$want"
	fi
}

# =====================================================================
# scenario FLAVOUR RELEASEVER OWNER VERSION REL1 REL2 SBINDIR LAYOUT SMB3
scenario() {
	local flavour=$1 releasever=$2 owner=$3 over=$4 rel1=$5 rel2=$6 sbin=$7 layout=$8 smb3=$9
	local root=$work/root-$flavour v1 v2 conf diverted smb3_vendor smb3_kept
	stubs=$work/stubs-$flavour
	v1="$owner $over-$rel1" v2="$owner $over-$rel2"
	echo "--- $flavour: dnf --installroot, $owner owning $sbin/mount.cifs"
	mkdir -p "$stubs" "$root" "$work/repos-$flavour"
	make_stub_base "$layout" "$stubs" || abort "cannot build the $flavour base stub"
	make_stub_owner "$stubs" "$owner" "$over" "$rel1" "$sbin" "$smb3" || abort "cannot build $owner $rel1"
	make_stub_owner "$stubs" "$owner" "$over" "$rel2" "$sbin" "$smb3" || abort "cannot build $owner $rel2"
	createrepo_c "$stubs/RPMS" >/dev/null 2>&1 || abort "createrepo_c $stubs/RPMS"
	cat >"$work/repos-$flavour/stubs.repo" <<EOF
[stubs]
name=stand-ins for the base system and $owner
baseurl=file://$stubs/RPMS/
gpgcheck=0
EOF
	# cifs-af comes from the generated .repo file, as an admin's would.
	cp "$repo2/cifs-af.repo" "$work/repos-$flavour/"
	cat >"$work/dnf-$flavour.conf" <<EOF
[main]
gpgcheck=0
install_weak_deps=0
plugins=0
EOF
	dnf_() {
		echo "# dnf $*" >>"$work/dnf-$flavour.log"
		dnf -y --config "$work/dnf-$flavour.conf" --installroot "$root" --releasever "$releasever" \
			--setopt=reposdir="$work/repos-$flavour" --setopt=cachedir="$work/dnf-cache-$flavour" \
			"$@" >>"$work/dnf-$flavour.log" 2>&1
	}
	# dnf_step DESCRIPTION DNF-ARGS...: a transaction that must succeed.
	dnf_step() {
		local desc=$1
		shift
		if dnf_ "$@"; then
			ok "$flavour: $desc (dnf $*)"
		else
			fail "$flavour: $desc (dnf $*)"
			tail -15 "$work/dnf-$flavour.log" | sed 's/^/      /'
			return 1
		fi
	}

	diverted="$sbin/mount.cifs"
	# mount.smb3: samba-client has none; cifs-utils' is a link to mount.cifs.
	smb3_vendor=absent smb3_kept=absent
	if [ "$smb3" = 1 ]; then
		diverted="$sbin/mount.cifs $sbin/mount.smb3"
		smb3_vendor="$v2" smb3_kept=link:mount.cifs
	fi
	# shellcheck disable=SC2086 # $diverted is a list of paths
	{
		dnf_step "base system and $owner $rel1" install base-stub "$owner-$over-$rel1" || return
		if [ "$layout" = merged ]; then
			same "$flavour: /sbin is a link to usr/sbin" "$(readlink "$root/sbin")" usr/sbin
		fi
		expect_state "$root" "$owner installed" mount.cifs="$v1"
		expect_verify "$root" "$owner installed" "$owner"

		dnf_step "cifs-af from cifs-af.repo (\$releasever $releasever)" install cifs-af
		same "$flavour: the installed cifs-af is the $flavour flavour" \
			"$(rpm --root "$root" -q --qf '%{RELEASE}' cifs-af)" "$(q --qf '%{RELEASE}' "$repo2/$flavour"/cifs-af-*.rpm)"
		expect_state "$root" "cifs-af installed" mount.cifs=cifs-af mount.cifs.distrib="$v1" mount.smb3=cifs-af \
			mount.smb3.distrib="$smb3_kept"
		expect_verify "$root" "cifs-af installed" "$owner" $diverted
		expect_verify "$root" "cifs-af installed" cifs-af
		expect "$flavour: /etc/cifs-af.conf installed" cmp -s "$root/etc/cifs-af.conf" "$top/cifs-af.conf"
		same "$flavour: request-key.d routes dns_resolver to the packaged handler" \
			"$(grep -v '^#' "$root/etc/request-key.d/cifs-af.dns_resolver.conf" 2>/dev/null | tr -s ' \t' ' ')" \
			"create dns_resolver * * /usr/libexec/cifs-af/cifs-af.dnsresolver %k"

		dnf_step "$owner upgraded to $rel2" upgrade "$owner"
		expect_state "$root" "$owner upgraded" mount.cifs=cifs-af mount.cifs.distrib="$v2" mount.smb3=cifs-af \
			mount.smb3.distrib="$smb3_kept"
		expect_verify "$root" "$owner upgraded" "$owner" $diverted

		dnf_step "$owner reinstalled" reinstall "$owner"
		expect_state "$root" "$owner reinstalled" mount.cifs=cifs-af mount.cifs.distrib="$v2" mount.smb3=cifs-af \
			mount.smb3.distrib="$smb3_kept"
		expect_verify "$root" "$owner reinstalled" "$owner" $diverted

		echo 'host legacy-nas.example.com v4-only' >>"$root/etc/cifs-af.conf"
		conf=$(sha256sum <"$root/etc/cifs-af.conf")
		dnf_step "cifs-af reinstalled" reinstall cifs-af
		expect_state "$root" "cifs-af reinstalled" mount.cifs=cifs-af mount.cifs.distrib="$v2" mount.smb3=cifs-af \
			mount.smb3.distrib="$smb3_kept"
		same "$flavour: the admin's /etc/cifs-af.conf survives a reinstall" "$(sha256sum <"$root/etc/cifs-af.conf")" "$conf"

		dnf_step "cifs-af removed" remove cifs-af
		expect_state "$root" "cifs-af removed" mount.cifs="$v2" mount.cifs.distrib=absent \
			mount.smb3="$smb3_vendor" mount.smb3.distrib=absent
		expect_verify "$root" "cifs-af removed" "$owner"
		expect "$flavour: /usr/libexec/cifs-af is gone" test ! -e "$root/usr/libexec/cifs-af"
		expect "$flavour: the request-key.d file is gone" test ! -e "$root/etc/request-key.d/cifs-af.dns_resolver.conf"
		same "$flavour: the edited configuration is kept as .rpmsave" \
			"$(sha256sum <"$root/etc/cifs-af.conf.rpmsave" 2>/dev/null)" "$conf"

		dnf_step "cifs-af installed again" install cifs-af
		expect_state "$root" "cifs-af installed again" mount.cifs=cifs-af mount.cifs.distrib="$v2"

		dnf_step "$owner removed" remove "$owner"
		expect_state "$root" "$owner removed" mount.cifs=cifs-af mount.cifs.distrib=absent \
			mount.smb3=cifs-af mount.smb3.distrib=absent

		dnf_step "$owner installed again" install "$owner"
		expect_state "$root" "$owner installed again" mount.cifs=cifs-af mount.cifs.distrib="$v2" \
			mount.smb3=cifs-af mount.smb3.distrib="$smb3_kept"
		expect_verify "$root" "$owner installed again" "$owner" $diverted

		dnf_step "$owner removed, then cifs-af" remove "$owner"
		dnf_step "cifs-af removed with no owner" remove cifs-af
		expect_state "$root" "both removed" mount.cifs=absent mount.cifs.distrib=absent \
			mount.smb3=absent mount.smb3.distrib=absent

		dnf_step "cifs-af installed with no owner" install cifs-af
		expect_state "$root" "cifs-af alone" mount.cifs=cifs-af mount.cifs.distrib=absent mount.smb3=cifs-af
		dnf_step "$owner $rel1 installed after cifs-af" install "$owner-$over-$rel1"
		expect_state "$root" "$owner after cifs-af" mount.cifs=cifs-af mount.cifs.distrib="$v1"
		expect_verify "$root" "$owner after cifs-af" "$owner" $diverted
		dnf_step "cifs-af removed last" remove cifs-af
		expect_state "$root" "cifs-af removed last" mount.cifs="$v1" mount.cifs.distrib=absent
		expect_verify "$root" "cifs-af removed last" "$owner"
	}
}

scenario el5 5Server samba-client 3.0.33 3.39.el5_8 3.40.el5_9 /sbin el5 0
scenario el 9 cifs-utils 7.0 1.el9 4.el9 /usr/sbin merged 1

echo "packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
[ "$failures" -eq 0 ]
