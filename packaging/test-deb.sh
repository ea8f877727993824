#!/bin/bash
# packaging/test-deb.sh: the Debian packaging test (a step of
# tests/run-all.sh; docs/packaging.md, "The Debian test", says what it
# proves and what it costs).
#
#   1. The packages.  cifs-af's source and binary packages, built from the
#      working tree by packaging/make-apt-repo (packaging/deb-build.sh:
#      reused while the sources are unchanged): the version against
#      configure.ac's AC_INIT, the file list, modes, conffiles, maintainer
#      scripts, and lintian at its default level.
#   2. The apt repository: make-apt-repo --debs, signed with a throw-away
#      key and unsigned; bad input refused with a reason.
#   3. In Debian 12 roots made by debootstrap (merged /usr, then not),
#      cached in build/deb-test/, with cifs-utils installed: apt installs
#      cifs-af from the signed file:// repository; cifs-utils is
#      reinstalled, removed and installed, upgraded, and moved to
#      /usr/sbin; cifs-af is reinstalled setuid by dpkg-statoverride,
#      removed and purged, and an install that fails half-way is undone.
#      After every step the test reads which helper mount(8) runs, the
#      diversions, `dpkg --verify cifs-utils`, and whether cifs-utils'
#      files are byte-identical to its .deb (packaging/test-deb-root.sh).
#
# Run as root on Debian 12; it installs what it needs with apt-get.  Ends
# with the number of checks and failures and a table of the root
# scenarios; exit 0 only if none failed.  CIFSAF_DEBTEST_KEEP=1 keeps the
# work directory (the roots, their apt logs) for a look afterwards.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"
. "$top/packaging/deb-build.sh"

cifsaf_require_root "debootstrap and chroot"
# shellcheck disable=SC2086 # word lists on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES $CIFSAF_DEB_BUILD_PACKAGES apt-utils lintian \
	debootstrap debian-archive-keyring eatmydata gnupg gpgv || exit 1

start=$SECONDS
work=$(mktemp -d /tmp/cifs-af-debtest.XXXXXX)
. "$top/packaging/test-deb-root.sh"
cleanup() {
	# The roots' background job (below) and its debootstrap, if running.
	[ -z "${roots_pid:-}" ] || { kill_tree "$roots_pid"; wait "$roots_pid" 2>/dev/null; }
	unmount_under "$work"
	gpgconf --homedir "$work/gnupg" --kill gpg-agent >/dev/null 2>&1 || true
	if [ "${CIFSAF_DEBTEST_KEEP:-0}" = 1 ]; then
		echo "work directory kept: $work"
	else
		rm -rf --one-file-system "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$top/packaging/check-lib.sh"
abort() {
	fail "$*"
	echo "deb packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
	exit 1
}

# begin LAYOUT SCENARIO / end_step: a root scenario, for the table.
declare -A verdict seen
scenarios=()
begin() {
	cur_layout=$1 cur_scenario=$2 cur_failures=$failures cur_start=$SECONDS
	[ -n "${seen[$2]:-}" ] || scenarios+=("$2")
	seen[$2]=1
	echo "--- $1: $2"
}
end_step() {
	local v=ok
	[ "$failures" -eq "$cur_failures" ] || v=FAIL
	verdict[$cur_layout/$cur_scenario]="$v ($((SECONDS - cur_start)) s)"
}

version=$(sed -n 's/^AC_INIT(\[cifs-af\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$version" ] || abort "cannot read the version from configure.ac"

# The roots are made (or found in the cache) in the background while the
# packages are built and checked: debootstrap and dpkg-buildpackage each
# keep one core busy.  run_root waits for its root (wait_root).
(
	trap - EXIT
	for layout in merged unmerged; do
		if f=$(root_tarball "$layout"); then
			echo "$f" >"$work/root-$layout.ready"
		else
			: >"$work/root-$layout.failed"
		fi
	done
) &
roots_pid=$!

# =====================================================================
echo "--- the packages"
cifsaf_bootstrap
cifsaf_build main >/dev/null || abort "building build/main (make dist needs a configured tree)"
t0=$SECONDS
cifsaf_deb_build "$top/build/main" || abort "building the Debian packages"
ok "packages of this tree in ${CIFSAF_DEB_DIR#"$top"/} ($((SECONDS - t0)) s)"
deb=$CIFSAF_DEB
changelog_version=$(cd "$top" && dpkg-parsechangelog -SVersion)
same "debian/changelog's upstream version is configure.ac's AC_INIT version" "${changelog_version%-*}" "$version"
same "the .deb's version is debian/changelog's" "$(dpkg-deb -f "$deb" Version)" "$changelog_version"
same "cifs-af_${changelog_version}_$(dpkg --print-architecture).deb" "$(basename "$deb")" \
	"cifs-af_${changelog_version}_$(dpkg --print-architecture).deb"

# The file list: every file but the documentation, exactly.
echo "  the package's files (dpkg-deb -c):"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { $3 = ""; $4 = ""; $5 = ""; print }' | sed 's/   */ /; s/^/      /'
files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/' | sed -E 's/^([^ ]+) +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +\./\1 /' |
	grep -v ' /usr/share/doc/cifs-af/' | LC_ALL=C sort -k2)
want=$(LC_ALL=C sort -k2 <<'EOF'
-rw-r--r-- /etc/cifs-af.conf
-rw-r--r-- /etc/request-key.d/cifs-af.dns_resolver.conf
lrwxrwxrwx /sbin/mount.cifs -> /usr/libexec/cifs-af/mount.cifs
lrwxrwxrwx /sbin/mount.smb3 -> /usr/libexec/cifs-af/mount.smb3
-rwxr-xr-x /usr/libexec/cifs-af/cifs-af.dnsresolver
-rwxr-xr-x /usr/libexec/cifs-af/mount.cifs
lrwxrwxrwx /usr/libexec/cifs-af/mount.smb3 -> mount.cifs
-rw-r--r-- /usr/share/lintian/overrides/cifs-af
-rw-r--r-- /usr/share/man/man5/cifs-af.conf.5.gz
lrwxrwxrwx /usr/share/man/man8/cifs-af.8.gz -> mount.cifs.8.gz
-rw-r--r-- /usr/share/man/man8/mount.cifs.8.gz
lrwxrwxrwx /usr/share/man/man8/mount.smb3.8.gz -> mount.cifs.8.gz
EOF
)
same "the files, modes and links (documentation aside): no setuid bit, nothing in /usr/sbin" "$files" "$want"
same "every file is root:root" "$(dpkg-deb -c "$deb" | awk '$2 != "root/root"')" ""
for d in copyright changelog.Debian.gz README.Debian; do
	expect "documentation: /usr/share/doc/cifs-af/$d" grep -q " \./usr/share/doc/cifs-af/$d\$" <<<"$(dpkg-deb -c "$deb")"
done
mkdir -p "$work/control" "$work/data"
dpkg-deb -e "$deb" "$work/control" && dpkg-deb -x "$deb" "$work/data" || abort "cannot unpack $deb"
same "maintainer scripts: preinst and postrm only (no work at configure or before removal)" \
	"$(cd "$work/control" && ls | grep -vE '^(control|md5sums|conffiles)$' | tr '\n' ' ')" "postrm preinst "
same "conffiles: /etc/cifs-af.conf and the request-key.d file" "$(cat "$work/control/conffiles" | tr '\n' ' ')" \
	"/etc/cifs-af.conf /etc/request-key.d/cifs-af.dns_resolver.conf "
expect "the packaged /etc/cifs-af.conf is the tree's cifs-af.conf" cmp -s "$work/data/etc/cifs-af.conf" "$top/cifs-af.conf"
expect "request-key.d names /usr/libexec/cifs-af/cifs-af.dnsresolver" \
	grep -qx 'create	dns_resolver	\*		\*		/usr/libexec/cifs-af/cifs-af.dnsresolver %k' \
	"$work/data/etc/request-key.d/cifs-af.dns_resolver.conf"
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libcap-ng0 libkeyutils1 libtalloc2; do
	expect "Depends: $lib (from dh_shlibdeps)" grep -qE "(^|, )$lib( |,|$)" <<<"$deps"
done
same "no Pre-Depends (dpkg-divert is in dpkg)" "$(dpkg-deb -f "$deb" Pre-Depends)" ""
for s in preinst postrm; do
	expect "$s: POSIX sh (sh -n; no [[ and no function keyword)" \
		sh -c "sh -n '$work/control/$s' && ! grep -qE '\\[\\[|^function ' '$work/control/$s'"
done

echo "--- lintian (default level: errors and warnings)"
changes=$(ls "$CIFSAF_DEB_DIR"/*.changes | head -n 1)
t0=$SECONDS
# --show-overrides: the overridden hints are listed too ("O:"), each with
# its reason in debian/*lintian-overrides.
lint=$(lintian --show-overrides "$changes" 2>&1 | grep -v '^running with root privileges is not recommended!$')
echo "${lint:-(no output)}" | sed 's/^/      /'
same "lintian $(basename "$changes"): no error or warning ($((SECONDS - t0)) s)" "$(grep -E '^[EW]: ' <<<"$lint")" ""

# =====================================================================
echo "--- the apt repository"
mkdir -m 700 "$work/gnupg"
gpg --homedir "$work/gnupg" --batch --passphrase '' --quick-gen-key \
	'cifs-af deb test <deb-test@cifs-af.example>' ed25519 sign never >"$work/keygen.out" 2>&1 ||
	abort "gpg could not make a test key"
gpg --homedir "$work/gnupg" --batch --armor --export-secret-keys >"$work/test-key.asc" 2>>"$work/keygen.out" ||
	abort "gpg could not export the test key"
gpg --homedir "$work/gnupg" --batch --export >"$work/standin-key.gpg" || abort "gpg could not export the public key"
repo=$work/repo
if "$top/packaging/make-apt-repo" --debs "$CIFSAF_DEB_DIR" --sign-key "$work/test-key.asc" \
	--baseurl file:///srv/cifs-af "$repo" >"$work/make-apt-repo.out" 2>&1; then
	ok "make-apt-repo --debs ... --sign-key ... (a throw-away key)"
else
	tail -20 "$work/make-apt-repo.out"
	abort "make-apt-repo --debs $CIFSAF_DEB_DIR --sign-key ..."
fi
dist=$repo/dists/bookworm
for f in InRelease Release Release.gpg main/binary-amd64/Packages.gz main/source/Sources.gz; do
	expect "dists/bookworm/$f" test -s "$dist/$f"
done
expect "InRelease verifies against cifs-af-archive-keyring.gpg alone (gpgv)" \
	gpgv --keyring "$repo/cifs-af-archive-keyring.gpg" "$dist/InRelease" 2>/dev/null
entry=$(gzip -dc "$dist/main/binary-amd64/Packages.gz" | awk -v RS= '/^Package: cifs-af\n/')
expect "Packages: cifs-af $changelog_version from the pool" grep -qx "Version: $changelog_version" <<<"$entry"
same "Packages: the .deb's SHA256" "$(sed -n 's/^SHA256: //p' <<<"$entry")" "$(sha256sum <"$deb" | cut -d' ' -f1)"
expect "Sources: the source package" grep -qx 'Package: cifs-af' <(gzip -dc "$dist/main/source/Sources.gz")
expect "cifs-af.sources: signed-by the keyring, file:///srv/cifs-af" grep -qx \
	'Signed-By: /etc/apt/keyrings/cifs-af-archive-keyring.gpg' "$repo/cifs-af.sources"
expect "cifs-af.list: the one-line form" grep -qx \
	'deb \[signed-by=/etc/apt/keyrings/cifs-af-archive-keyring.gpg\] file:///srv/cifs-af bookworm main' "$repo/cifs-af.list"
if "$top/packaging/make-apt-repo" --debs "$CIFSAF_DEB_DIR" "$work/repo-unsigned" >"$work/unsigned.out" 2>&1; then
	expect "without --sign-key: no InRelease, and the sources file says Trusted" \
		test ! -e "$work/repo-unsigned/dists/bookworm/InRelease" -a -n "$(grep -x 'Trusted: yes' "$work/repo-unsigned/cifs-af.sources")"
	expect "make-apt-repo again on its own OUTDIR (an update)" \
		"$top/packaging/make-apt-repo" --debs "$CIFSAF_DEB_DIR" "$work/repo-unsigned" >/dev/null 2>&1
else
	tail -5 "$work/unsigned.out"
	fail "make-apt-repo without --sign-key"
fi

mkdir "$work/unrelated" && touch "$work/unrelated/notes.txt"
refused make-apt-repo "a non-empty unrelated OUTDIR" "holds no earlier make-apt-repo output" --debs "$CIFSAF_DEB_DIR" "$work/unrelated"
refused make-apt-repo "a bad suite name" "--suite Book/worm: lower-case" --suite Book/worm --debs "$CIFSAF_DEB_DIR" "$work/bad1"
refused make-apt-repo "a --debs directory without packages" "holds no .deb file" --debs "$work/unrelated" "$work/bad2"
refused make-apt-repo "a missing tarball" "--tarball $work/none.tar.gz: no such file" --tarball "$work/none.tar.gz" "$work/bad3"
refused make-apt-repo "a bad --baseurl" "--baseurl repo.example: expected" --baseurl repo.example --debs "$CIFSAF_DEB_DIR" "$work/bad4"
# A release tarball whose changelog disagrees with AC_INIT.
tarball=$(ls "$top"/build/main/cifs-af-*.tar.gz | head -n 1)
mkdir "$work/skew" && tar -xzf "$tarball" -C "$work/skew" &&
	sed -i '1s/(\([^)]*\))/(0.0.1-1)/' "$work/skew/cifs-af-$version/debian/changelog" &&
	tar -czf "$work/skew/cifs-af-$version.tar.gz" -C "$work/skew" "cifs-af-$version" || abort "cannot make the skewed tarball"
refused make-apt-repo "a tarball whose changelog disagrees with AC_INIT" "debian/changelog says 0.0.1-1, the tarball is $version" \
	--no-repo --tarball "$work/skew/cifs-af-$version.tar.gz" "$work/bad5"

# =====================================================================
for layout in merged unmerged; do
	run_root "$layout"
done

echo
echo "root scenarios (packaging/test-deb-root.sh):"
printf '  %-58s %-12s %s\n' scenario merged unmerged
for s in "${scenarios[@]}"; do
	printf '  %-58s %-12s %s\n' "$s" "${verdict[merged/$s]:-(not run)}" "${verdict[unmerged/$s]:-(not run)}"
done
echo "deb packaging test: $checks checks, $failures failures ($((SECONDS - start)) s)"
[ "$failures" -eq 0 ]
