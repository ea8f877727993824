#!/bin/bash
# packaging/test-packages.sh: the RPM packaging test (a step of
# tests/run-all.sh; docs/packaging.md, "The test", says what it proves,
# what it cannot, and what it costs).
#
#   1. packaging/make-repo builds the tarball, the SRPM and the el5 (i686,
#      x86_64), el6 (i686, x86_64) and el (x86_64) RPMs of the portable
#      binaries, release 1 and then release 2 into the same OUTDIR; `make
#      rpm` and `make repo` publish them again, signed with a throw-away
#      key; bad input must be refused with a message that says why.  The
#      SRPM is also rebuilt from source on this machine, in the background.
#   2. Every package is checked for what its flavour's rpm reads (payload,
#      file digests, rpmlib features), what it requires (glibc 2.5's
#      symbols only), that it carries build-portable's bytes, its file
#      list, scriptlets and signatures; the repodata for yum 3.2 (SHA-1,
#      gzip) and later; every $releasever and $basearch link; the .repo
#      files.
#   3. dnf --installroot installs cifs-af through cifs-af.repo's own
#      $releasever/$basearch expansion into seven scratch roots laid out
#      like RHEL 5 (with no mount.cifs, and with samba-client's), RHEL 6,
#      RHEL 9, a root without /usr/sbin (EL7), and i386 RHEL 5 and 6
#      (packaging/test-rpm-roots.sh), two at a time.  Stub packages stand
#      in for each release's base system (providing exactly its glibc's
#      symbol versions, no talloc, libcap-ng or keyutils), the owner of
#      mount.cifs and keyutils (packaging/test-rpm-stubs.sh).
#
# Run as root on Debian 12 (it installs what it needs with apt-get).  The
# portable binaries are CIFSAF_PORTABLE_DIR/{x86_64,i386} when that is set
# (tests/run-all.sh passes its portable step's), else build-portable makes
# them.  Ends with the scenario table and the number of checks and
# failures; exit 0 only if none failed.  CIFSAF_PKGTEST_KEEP=1 keeps the
# work directory.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"

cifsaf_require_root "chroot into the scratch roots, rpm scriptlets"
# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES rpm createrepo-c dnf python3-dnf busybox-static \
	gnupg gnupg1 cpio binutils qemu-user libc6-i386 || exit 1

start=$SECONDS
work=$(mktemp -d /tmp/cifs-af-pkgtest.XXXXXX)
bg_pids=()
cleanup() {
	local p
	for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	gpgconf --homedir "$work/gnupg" --kill gpg-agent >/dev/null 2>&1 || true
	if [ "${CIFSAF_PKGTEST_KEEP:-0}" = 1 ]; then
		echo "work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

. "$top/packaging/check-lib.sh"
. "$top/packaging/rpm-flavours.sh"
. "$top/packaging/test-rpm-stubs.sh"
. "$top/packaging/test-rpm-roots.sh"
abort() {
	fail "$*"
	echo "packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
	exit 1
}
phase() { echo "--- $* ($((SECONDS - start)) s)"; }

version=$(sed -n 's/^AC_INIT(\[cifs-af\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$version" ] || abort "cannot read the version from configure.ac"

# The stubs of each release, built in the background while the packages
# are: STUB_TREE[release] is an rpmbuild tree whose RPMS/ is a repository.
stubs_all() {
	local t=$work/stubs
	stub_base "$t-el5" base-el5 x86_64 split 2.5 && stub_base "$t-el5" base-el5 i686 split 2.5 &&
		stub_owner "$t-el5" samba-client 3.0.33 3.39.el5_8 /sbin umount &&
		stub_owner "$t-el5" samba-client 3.0.33 3.40.el5_9 /sbin umount &&
		stub_keyutils "$t-el5" && stub_observer "$t-el5" cifs-af samba-client &&
		stub_base "$t-el6" base-el6 x86_64 split 2.12 && stub_base "$t-el6" base-el6 i686 split 2.12 &&
		stub_owner "$t-el6" cifs-utils 4.8.1 19.el6 /sbin none && stub_owner "$t-el6" cifs-utils 4.8.1 20.el6 /sbin none &&
		stub_observer "$t-el6" cifs-af cifs-utils &&
		stub_base "$t-el7" base-el7 x86_64 nousrsbin 2.17 &&
		stub_owner "$t-el7" cifs-utils 6.2 10.el7 /sbin none && stub_owner "$t-el7" cifs-utils 6.2 11.el7 /sbin none &&
		stub_observer "$t-el7" cifs-af cifs-utils &&
		stub_base "$t-el9" base-el9 x86_64 merged 2.34 &&
		stub_owner "$t-el9" cifs-utils 7.0 1.el9 /usr/sbin smb3 && stub_owner "$t-el9" cifs-utils 7.0 4.el9 /usr/sbin smb3 &&
		stub_observer "$t-el9" cifs-af cifs-utils || return 1
	for t in "$t"-el*; do
		createrepo_c "$t/RPMS" >/dev/null 2>&1 || return 1
	done
}
stubs_all >"$work/stubs.log" 2>&1 &
stubs_pid=$!
bg_pids+=("$stubs_pid")

# A configured tree for `make rpm` and `make repo`, also in the background.
builddir=$work/build
mkdir "$builddir"
(cd "$builddir" && "$top/configure" >configure.out 2>&1) &
configure_pid=$!
bg_pids+=("$configure_pid")

# =====================================================================
phase "the portable binaries"
portable=${CIFSAF_PORTABLE_DIR:-}
if [ -z "$portable" ]; then
	portable=$work/portable
	for a in x86_64 i386; do
		"$top/packaging/build-portable" "$a" "$portable/$a" >"$work/portable-$a.out" 2>&1 ||
			{ tail -20 "$work/portable-$a.out"; abort "packaging/build-portable $a"; }
	done
fi
declare -A manifest_sum
for a in x86_64 i386; do
	manifest_sum[$a]=$(sed -n 's/^sha256 mount.cifs: //p' "$portable/$a/MANIFEST" 2>/dev/null)
	[ -n "${manifest_sum[$a]}" ] || abort "no $portable/$a/MANIFEST naming mount.cifs's SHA-256"
done
OURS_SUM[x86_64]=${manifest_sum[x86_64]} OURS_SUM[i686]=${manifest_sum[i386]}

phase "make-repo from the working tree, releases 1 and 2"
repo1=$work/repo1
if ! "$top/packaging/make-repo" --portable "$portable" "$repo1" >"$work/make-repo1.out" 2>&1; then
	tail -40 "$work/make-repo1.out"
	abort "packaging/make-repo --portable $portable $repo1"
fi
ok "packaging/make-repo --portable ... $repo1 ($((SECONDS - start)) s)"
tb=$repo1/cifs-af-$version.tar.gz
srpm=$repo1/SRPMS/cifs-af-$version-1.src.rpm
[ -f "$tb" ] && [ -f "$srpm" ] || abort "make-repo wrote no tarball or SRPM"

# The same SRPM rebuilt from source with this machine's compiler and
# libraries, as on a real system: its file list must be the portable
# packages', and every stub base must refuse it (test-rpm-roots.sh).
host_rpm=$work/host/RPMS/x86_64/cifs-af-$version-1.x86_64.rpm
(
	rpmbuild --rebuild --nodeps --define "_topdir $work/host" --define 'cifsaf_flavour el' \
		--define '_smp_mflags -j2' "$srpm" >"$work/host-rebuild.log" 2>&1 || rm -f "$host_rpm"
	touch "$work/host-rpm.done"
) &
bg_pids+=($!)

if ! "$top/packaging/make-repo" --tarball "$tb" --portable "$portable" --release 2 "$repo1" \
	>"$work/make-repo1b.out" 2>&1; then
	tail -40 "$work/make-repo1b.out"
	abort "packaging/make-repo --release 2 into the same OUTDIR"
fi
ok "packaging/make-repo --release 2 into the same OUTDIR ($((SECONDS - start)) s)"

q() { rpm -qp --nosignature "$@" 2>/dev/null; }
declare -A rpm_of
for flavour in el5 el6 el; do
	for arch in ${RPM_FLAVOUR_ARCHES[$flavour]}; do
		for rel in 1 2; do
			f=$repo1/$flavour/$(rpm_basearch "$arch")/cifs-af-$version-$rel${RPM_FLAVOUR_DIST[$flavour]}.$arch.rpm
			[ -f "$f" ] || abort "make-repo wrote no ${f#"$work"/}"
		done
		rpm_of[$flavour-$arch]=$repo1/$flavour/$(rpm_basearch "$arch")/cifs-af-$version-1${RPM_FLAVOUR_DIST[$flavour]}.$arch.rpm
	done
done
ok "the SRPM and ten binary RPMs: el5 and el6 for i686 and x86_64, el for x86_64, releases 1 and 2"

# =====================================================================
phase "each package"
same "SRPM: payload is gzip" "$(q --qf '%{PAYLOADCOMPRESSOR}' "$srpm")" gzip
same "SRPM: file digests are MD5" "$(q --qf '%{FILEDIGESTALGO}' "$srpm")" "(none)"
same "SRPM: what RHEL 5's rpm reads" "$(rpm_format_check el5 "$srpm")" ""
mkdir -p "$work/payload"
table=""
for key in el5-x86_64 el5-i686 el6-x86_64 el6-i686 el-x86_64; do
	f=${rpm_of[$key]} flavour=${key%-*} arch=${key#*-}
	n=$(basename "$f")
	same "$n: is the $flavour flavour (rpm-flavours.sh)" "$(rpm_flavour_check "$flavour" "$f")" ""
	if [ "$flavour" = el5 ]; then
		same "$n: payload is gzip" "$(q --qf '%{PAYLOADCOMPRESSOR}' "$f")" gzip
		same "$n: file digests are MD5" "$(q --qf '%{FILEDIGESTALGO}' "$f")" "(none)"
		want_len=32 sum=md5sum
	else
		same "$n: payload is xz (never zstd)" "$(q --qf '%{PAYLOADCOMPRESSOR}' "$f")" xz
		same "$n: file digests are SHA-256" "$(q --qf '%{FILEDIGESTALGO}' "$f")" 8
		want_len=64 sum=sha256sum
	fi
	same "$n: every file digest is $want_len hex digits" \
		"$(q --qf '[%{FILEDIGESTS}\n]' "$f" | awk 'length($0) { print length($0) }' | sort -u)" "$want_len"
	# build-portable's bytes, unchanged by rpmbuild (no strip, no debuginfo).
	d=$work/payload/$key
	mkdir -p "$d" && (cd "$d" && rpm2cpio "$f" | cpio -idm --quiet) || abort "cannot unpack $f"
	for b in mount.cifs cifs-af.dnsresolver; do
		same "$n: $b is build-portable's $(rpm_basearch "$arch") file" \
			"$(sha256sum <"$d/usr/libexec/cifs-af/$b" | cut -d' ' -f1)" \
			"$(sed -n "s/^sha256 $b: //p" "$portable/$(rpm_basearch "$arch")/MANIFEST")"
	done
	same "$n: mount.cifs's recorded digest is its $sum" \
		"$(q --qf '[%{FILENAMES} %{FILEDIGESTS}\n]' "$f" | awk '$1 == "/usr/libexec/cifs-af/mount.cifs" { print $2 }')" \
		"$($sum <"$d/usr/libexec/cifs-af/mount.cifs" | cut -d' ' -f1)"
	# What it requires: glibc's libraries at glibc 2.5's versions, and
	# the scriptlets' shell and tools; nothing else.
	reqs=$(q --requires "$f" | grep -v '^rpmlib(')
	other=$(grep -vE '^(/bin/sh|coreutils|config\(cifs-af\) = .*|(libc\.so\.6|libpthread\.so\.0|librt\.so\.1|libresolv\.so\.2|ld-linux(-x86-64)?\.so\.2)(\(GLIBC_[0-9.]+\)|\(\))?(\(64bit\))?)$' <<<"$reqs")
	same "$n: requires glibc's libraries, /bin/sh and coreutils only" "$other" ""
	newest=$(rpm_newest_glibc "$f")
	expect "$n: newest glibc symbol version it needs is $newest, glibc 2.5 has it" rpm_version_le "$newest" 2.5
	[ "$arch" = i686 ] && suffix='' || suffix='(64bit)'
	expect "$n: its libraries are $arch's ($( [ -n "$suffix" ] && echo '(64bit) names' || echo 'no (64bit)'))" \
		grep -qx "libc.so.6(GLIBC_2.4)$suffix" <<<"$reqs"
	lines=$(q --qf '[%{FILEMODES:perms} %{FILEFLAGS:fflags} %{FILENAMES} %{FILELINKTOS}\n]' "$f")
	for want in '-rwxr-xr-x  /usr/libexec/cifs-af/mount.cifs ' 'lrwxrwxrwx  /usr/libexec/cifs-af/mount.smb3 mount.cifs' \
		'-rwxr-xr-x  /usr/libexec/cifs-af/cifs-af.dnsresolver ' '-rwxr-xr-x  /usr/libexec/cifs-af/takeover ' \
		'-rw-r--r-- cn /etc/cifs-af.conf '; do
		expect "$n: has '$want'" grep -qxF -- "$want" <<<"$lines"
	done
	if [ "$flavour" = el5 ]; then
		expect "$n: request-key-line, for RHEL 5's /etc/request-key.conf" \
			grep -qxF -- '-rwxr-xr-x  /usr/libexec/cifs-af/request-key-line ' <<<"$lines"
		same "$n: no request-key.d file (keyutils 1.2 reads none)" "$(grep -c request-key.d <<<"$lines")" 0
	else
		expect "$n: /etc/request-key.d/cifs-af.dns_resolver.conf is %config(noreplace)" \
			grep -qxF -- '-rw-r--r-- cn /etc/request-key.d/cifs-af.dns_resolver.conf ' <<<"$lines"
	fi
	expect "$n: COPYING is %doc" grep -Eq -- '^-rw-r--r-- d /usr/share/doc/cifs-af[^/]*/COPYING $' <<<"$lines"
	expect "$n: man page cifs-af(8)" grep -Eq ' /usr/share/man/man8/cifs-af\.8(\.gz)? ' <<<"$lines"
	expect "$n: man page cifs-af.conf(5)" grep -Eq ' /usr/share/man/man5/cifs-af\.conf\.5(\.gz)? ' <<<"$lines"
	same "$n: owns nothing in /sbin, /usr/sbin, no owner's man page, no .build-id" \
		"$(grep -cE ' (/usr)?/sbin/| /usr/share/man/man8/mount\.| /usr/lib/\.build-id' <<<"$lines")" 0
	same "$n: no setuid or setgid file" "$(awk '$1 ~ /[sS]/' <<<"$lines")" ""
	scripts=$(q --scripts --triggers "$f")
	expect "$n: %post takes over where the installed system's mount(8) looks" \
		grep -qx '/usr/libexec/cifs-af/takeover take || :' <<<"$scripts"
	expect "$n: %preun gives the original back on removal" grep -qx '	/usr/libexec/cifs-af/takeover restore || :' <<<"$scripts"
	same "$n: no scriptlet names /sbin or /usr/sbin (decided at install time)" \
		"$(grep -cE 'takeover [a-z-]+ /' <<<"$scripts")" 0
	same "$n: every scriptlet ends with exit 0" "$(grep -c '^exit 0$' <<<"$scripts")" \
		"$(grep -c 'scriptlet (using' <<<"$scripts")"
	for trig in triggerin triggerpostun; do
		expect "$n: %$trig on samba-client, samba3x-client and cifs-utils" \
			grep -Eq "^$trig scriptlet .*-- cifs-utils, samba-client, samba3x-client$" <<<"$scripts"
	done
	if [ "$flavour" = el5 ]; then
		expect "$n: %post and %triggerin -- keyutils add the request-key.conf line" \
			test "$(grep -c '^/usr/libexec/cifs-af/request-key-line add || :$' <<<"$scripts")" = 2
		expect "$n: %postun removes it" grep -q '^postuninstall scriptlet' <<<"$scripts"
	fi
	table+="$(printf '  %-4s %-6s %-38s %7s B  %s' "$flavour" "$arch" "$n" "$(stat -c %s "$f")" \
		"$(grep -E '^lib|^ld' <<<"$reqs" | sed 's/(64bit)//' | paste -sd' ')")"$'\n'
done
same "el x86_64 and el6 x86_64 hold the same files" \
	"$(q -l "${rpm_of[el-x86_64]}" | sort)" "$(q -l "${rpm_of[el6-x86_64]}" | sort)"
# The SRPM's spec, expanded per flavour: only what each flavour's rpm knows.
rpm2cpio "$srpm" | cpio -i --quiet --to-stdout cifs-af.spec >"$work/srpm.spec"
for flavour in el5 el6 el; do
	spec=$(rpmspec -P --define "cifsaf_flavour $flavour" --define '_topdir /nonexistent' "$work/srpm.spec" 2>/dev/null)
	[ "$flavour" != el5 ] || for want in '^BuildRoot:' '^Group:' '^%clean' '^%defattr\(-,root,root,-\)'; do
		expect "spec ($flavour) has ${want#^}" grep -Eq "$want" <<<"$spec"
	done
	for unwanted in '^%license' '^%autosetup' '^(Recommends|Suggests|Supplements|Enhances):' \
		'^(Requires|BuildRequires)(\(.*\))?:.*\((.* )?(or|and|if|with|unless) '; do
		expect "spec ($flavour) has no ${unwanted#^}" lacks "$unwanted" "$spec"
	done
done
expect "spec unpacks with %setup -q" grep -q '^%setup -q$' "$work/srpm.spec"
spec_suid=$(rpmspec -P --with setuid --define '_topdir /nonexistent' "$work/srpm.spec" 2>/dev/null)
expect "spec: --with setuid marks mount.cifs 4755" grep -qx '%attr(4755,root,root) /usr/libexec/cifs-af/mount.cifs' <<<"$spec_suid"

# =====================================================================
phase "the repositories"
for dir in SRPMS el5/x86_64 el5/i386; do
	repomd=$repo1/$dir/repodata/repomd.xml
	same "$dir repodata: every repomd.xml checksum is sha (SHA-1, for yum 3.2)" \
		"$(grep -o 'checksum type="[^"]*"' "$repomd" | sort -u)" 'checksum type="sha"'
	hrefs=$(grep -o 'href="[^"]*"' "$repomd" | sed 's/href="//; s/"$//')
	same "$dir repodata: primary, filelists and other, as .xml.gz only" \
		"$(sed 's/^repodata\/[0-9a-f]*-//' <<<"$hrefs" | sort | tr '\n' ' ')" "filelists.xml.gz other.xml.gz primary.xml.gz "
	same "$dir repodata: packages' checksums are sha" \
		"$(gzip -dc "$repo1/$dir"/repodata/*-primary.xml.gz | grep -o '<checksum type="[^"]*"' | sort -u)" '<checksum type="sha"'
done
for dir in el5/x86_64 el5/i386 el6/x86_64 el6/i386 el/x86_64 SRPMS; do
	bad=""
	for h in $(grep -o 'href="[^"]*"' "$repo1/$dir/repodata/repomd.xml" | sed 's/href="//; s/"$//'); do
		[ "$(head -c2 "$repo1/$dir/$h" | od -An -tx1 | tr -d ' ')" = 1f8b ] || bad="$bad $h"
	done
	same "$dir repodata: every file gzip (yum 3.2 to 3.4 read no zstd)" "$bad" ""
	same "$dir repodata: both releases listed" "$(gzip -dc "$repo1/$dir"/repodata/*-primary.xml.gz | grep -c '<package ')" 2
done
for dir in el6/x86_64 el/x86_64; do
	same "$dir repodata: sha256" "$(grep -o 'checksum type="[^"]*"' "$repo1/$dir/repodata/repomd.xml" | sort -u)" 'checksum type="sha256"'
done
# Every $releasever and $basearch those systems use leads to a repository
# holding a package for it.
bad="" count=0
for r in 5 5Server 5Client 6 6Server 6Workstation 6Client 6ComputeNode 6.0 6.10 7 7Server 7Workstation 7Client \
	7ComputeNode 7.9 8 8.6 8.10 9 9.4 9.10 10 10.0 10.10 fedora; do
	case $r in 5*) flavour=el5 ;; 6*) flavour=el6 ;; *) flavour=el ;; esac
	for a in ${RPM_FLAVOUR_ARCHES[$flavour]}; do
		b=$(rpm_basearch "$a") count=$((count + 1))
		[ "$(readlink -f "$repo1/$r/$b")" = "$repo1/$flavour/$b" ] &&
			[ -f "$repo1/$r/$b/cifs-af-$version-1${RPM_FLAVOUR_DIST[$flavour]}.$a.rpm" ] || bad+=" $r/$b"
	done
	[ "$flavour" != el ] || [ ! -e "$repo1/$r/i386" ] || bad+=" $r/i386(exists)"
done
same "$count \$releasever/\$basearch links lead to their flavour's repository" "$bad" ""
repo_file=$(cat "$repo1/cifs-af.repo")
expect "cifs-af.repo: baseurl with \$releasever/\$basearch" grep -qx "baseurl=file://$repo1/\\\$releasever/\\\$basearch/" <<<"$repo_file"
expect "cifs-af.repo: unsigned packages, gpgcheck=0" grep -qx 'gpgcheck=0' <<<"$repo_file"
expect "cifs-af-fedora.repo: baseurl with \$basearch only" grep -qx "baseurl=file://$repo1/fedora/\\\$basearch/" "$repo1/cifs-af-fedora.repo"

# =====================================================================
phase "make rpm and make repo: the same RPMs, signed"
mkdir -m 700 "$work/gnupg"
GNUPGHOME=$work/gnupg gpg --batch --passphrase '' --quick-gen-key \
	'cifs-af packaging test <packaging-test@cifs-af.invalid>' rsa2048 sign never >"$work/keygen.out" 2>&1 ||
	abort "gpg could not make a test key"
GNUPGHOME=$work/gnupg gpg --batch --pinentry-mode loopback --passphrase '' --armor \
	--export-secret-keys >"$work/test-key.asc" 2>>"$work/keygen.out" || abort "gpg could not export the test key"
wait "$configure_pid" || abort "configure in $builddir (its configure.out)"
given="--el5-rpms $repo1/el5 --el6-rpms $repo1/el6 --el-rpms $repo1/el"
if make -C "$builddir" rpm RPM_DIR="$work/rpm" MAKE_REPO_FLAGS="$given" >"$work/make-rpm.out" 2>&1; then
	ok "make rpm"
	expect "make rpm: SRPM and every RPM" test -f "$work/rpm/SRPMS/$(basename "$srpm")" \
		-a "$(find "$work/rpm" -name '*.rpm' | wc -l)" = 11
	expect "make rpm: no repodata, no .repo file" test ! -e "$work/rpm/el5/x86_64/repodata" -a ! -e "$work/rpm/cifs-af.repo"
else
	tail -20 "$work/make-rpm.out"
	fail "make rpm"
fi
repo=$work/repo2
if ! make -C "$builddir" repo REPO_DIR="$repo" MAKE_REPO_FLAGS="$given --sign-key $work/test-key.asc" \
	>"$work/make-repo2.out" 2>&1; then
	tail -30 "$work/make-repo2.out"
	abort "make repo REPO_DIR=$repo MAKE_REPO_FLAGS='$given --sign-key ...'"
fi
ok "make repo MAKE_REPO_FLAGS='--el5-rpms ... --el6-rpms ... --el-rpms ... --sign-key ...'"
mkdir "$work/keydb"
rpmkeys --dbpath "$work/keydb" --import "$repo/RPM-GPG-KEY-cifs-af" || abort "rpm cannot import $repo/RPM-GPG-KEY-cifs-af"
sigs_of() {
	rpmkeys --dbpath "$work/keydb" -Kv "$1" 2>&1 | grep -i signature | sed 's/, key ID [0-9a-f]*//; s/^ *//' | sort | paste -sd';'
}
for f in "$repo"/SRPMS/*.rpm "$repo"/el5/*/*.rpm; do
	same "$(basename "$f"): V3 RSA/SHA1 header and header+payload signatures (rpm 4.4 reads them)" \
		"$(sigs_of "$f")" "Header V3 RSA/SHA1 Signature: OK;V3 RSA/SHA1 Signature: OK"
done
for f in "$repo"/el6/*/*.rpm "$repo"/el/*/*.rpm; do
	same "$(basename "$f"): V4 RSA/SHA256 header and header+payload signatures" \
		"$(sigs_of "$f")" "Header V4 RSA/SHA256 Signature: OK;V4 RSA/SHA256 Signature: OK"
done
expect "cifs-af.repo: gpgcheck=1 with the published key" grep -qx "gpgkey=file://$repo/RPM-GPG-KEY-cifs-af" "$repo/cifs-af.repo"

phase "make-repo refuses bad input"
refused make-repo "el RPMs as el5" "cifs-af-$version-1.x86_64.rpm: release 1 is not the el5 flavour's" \
	--tarball "$tb" --el5-rpms "$repo1/el" "$work/bad1"
refused make-repo "el5 RPMs as el6" "release 1.el5 is not the el6 flavour's" --tarball "$tb" --el6-rpms "$repo1/el5" "$work/bad2"
mkdir "$work/unrelated" && touch "$work/unrelated/notes.txt"
refused make-repo "a non-empty unrelated OUTDIR" "holds no earlier make-repo output" --tarball "$tb" "$work/unrelated"
mkdir -p "$work/oldlayout/el5" && cp "${rpm_of[el5-x86_64]}" "$work/oldlayout/el5/"
refused make-repo "an OUTDIR of the old layout" "holds RPMs of the old layout" --tarball "$tb" "$work/oldlayout"
refused make-repo "a bad --baseurl" "--baseurl repo.example: expected" --baseurl repo.example "$work/bad3"
refused make-repo "a missing tarball" "--tarball $work/none.tar.gz: no such file" --tarball "$work/none.tar.gz" "$work/bad4"
refused make-repo "an OUTDIR missing" "no OUTDIR given" --tarball "$tb"
refused make-repo "a release in two lists" "release '8' is in both" --el6-releases "6 8" --tarball "$tb" "$work/bad5"
refused make-repo "a bad --release" "--release 0: expected a number" --release 0 --tarball "$tb" "$work/bad6"
refused make-repo "--portable without MANIFEST" "no x86_64/MANIFEST" --portable "$work/unrelated" --tarball "$tb" "$work/bad7"

# =====================================================================
phase "scratch roots (two at a time)"
wait "$stubs_pid" || { tail -20 "$work/stubs.log"; abort "building the stub packages"; }
ok "stub packages for EL5, EL6, EL7 and EL9 roots ($(find "$work"/stubs-el*/RPMS -name '*.rpm' | wc -l) RPMs)"
for r in 5 6 7 9; do
	n=$(rpm -qp --provides "$work"/stubs-el$r/RPMS/x86_64/base-el$r-*.rpm | sed -n 's/^libc\.so\.6(GLIBC_\([0-9.]*\))(64bit)$/\1/p' | sort -V | tail -1)
	echo "  base-el$r provides libc.so.6 up to GLIBC_$n, $(rpm -qp --provides "$work"/stubs-el$r/RPMS/x86_64/base-el$r-*.rpm | grep -c .) capabilities"
done
same "no stub base provides libtalloc, libcap-ng or libkeyutils" \
	"$(for f in "$work"/stubs-el*/RPMS/*/base-*.rpm; do rpm -qp --provides "$f"; done | grep -cE 'libtalloc|libcap-ng|libkeyutils')" 0
scenarios=(
	"el5-bare el5 x86_64 5 el5 base-el5 samba-client 3.0.33 3.39.el5_8 3.40.el5_9 /sbin umount later after full"
	"el5-samba el5 x86_64 5Server el5 base-el5 samba-client 3.0.33 3.39.el5_8 3.40.el5_9 /sbin umount first before full"
	"el6 el6 x86_64 6Server el6 base-el6 cifs-utils 4.8.1 19.el6 20.el6 /sbin none first none full"
	"el9 el x86_64 9 el9 base-el9 cifs-utils 7.0 1.el9 4.el9 /usr/sbin smb3 first none full repo_files"
	"nousrsbin el x86_64 7Server el7 base-el7 cifs-utils 6.2 10.el7 11.el7 /sbin none later none full trouble"
	"el5-i386 el5 i686 5Client el5 base-el5 samba-client 3.0.33 3.39.el5_8 3.40.el5_9 /sbin umount first before short"
	"el6-i386 el6 i686 6Workstation el6 base-el6 cifs-utils 4.8.1 19.el6 20.el6 /sbin none first none short"
)
run_scenario() { # the words of one scenarios line
	local t0=$SECONDS
	set -- "$@"
	scenario "$1" "$2" "$3" "$4" "$work/stubs-$5" "${@:6}"
	echo "@@ $1 $checks $failures $((SECONDS - t0))"
}
declare -a scn_pids=()
for s in "${scenarios[@]}"; do
	# shellcheck disable=SC2086 # the words of the line
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
	run_scenario $s >"$work/scn-${s%% *}.out" 2>&1 &
	scn_pids+=($!)
	bg_pids+=($!)
done
for p in "${scn_pids[@]}"; do wait "$p"; done
matrix=""
for s in "${scenarios[@]}"; do
	name=${s%% *}
	grep -v '^@@ ' "$work/scn-$name.out"
	read -r _ _ c f secs < <(grep '^@@ ' "$work/scn-$name.out") || { c=0 f=1 secs='?'; fail "$name: the scenario did not finish"; }
	checks=$((checks + c)) failures=$((failures + f))
	# shellcheck disable=SC2086 # the words of the line
	set -- $s
	matrix+="$(printf '  %-10s %-4s %-6s %-12s %-24s %-6s %-9s %-5s %3s checks, %s failed, %s s' "$1" "$2" "$3" "$4" \
		"$7@${11}" "${13}" "${14}" "${15}" "$c" "$f" "$secs")"$'\n'
done

phase "the package rebuilt from source on this machine"
while [ ! -e "$work/host-rpm.done" ]; do sleep 1; done
if [ -f "$host_rpm" ]; then
	ok "rpmbuild --rebuild SRPM (from source, this machine's gcc and glibc)"
	same "its file names are the portable el package's" "$(q -l "$host_rpm" | sort)" "$(q -l "${rpm_of[el-x86_64]}" | sort)"
	same "its modes and links are the portable el package's" \
		"$(q --qf '[%{FILEMODES:perms} %{FILEFLAGS:fflags} %{FILENAMES} %{FILELINKTOS}\n]' "$host_rpm" | sort)" \
		"$(q --qf '[%{FILEMODES:perms} %{FILEFLAGS:fflags} %{FILENAMES} %{FILELINKTOS}\n]' "${rpm_of[el-x86_64]}" | sort)"
	echo "  it requires: $(q --requires "$host_rpm" | grep -E 'GLIBC_2\.3[0-9]|libtalloc|libcap-ng|libkeyutils' | paste -sd' ')"
	mkdir -p "$work/hostdir" && cp "$host_rpm" "$work/hostdir/"
	refused make-repo "the package rebuilt here as el" "needs glibc $(rpm_newest_glibc "$host_rpm"), the el systems have 2.17" \
		--tarball "$tb" --el-rpms "$work/hostdir" "$work/bad8"
else
	tail -20 "$work/host-rebuild.log"
	fail "rpmbuild --rebuild SRPM from source"
fi

echo "packages (flavour, arch, file, size, Requires beyond /bin/sh and coreutils):"
printf '%s' "$table"
echo "root scenarios (name, flavour, arch, \$releasever, owner@dir, owner first or later, keyutils, flow, result):"
printf '%s' "$matrix"
echo "packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
[ "$failures" -eq 0 ]
