#!/bin/sh
# packaging/check-debian-version.sh (a `make check` test): configure.ac's
# AC_INIT is the one place cifs-af's version is written, and
# debian/changelog's newest entry must carry the same upstream version
# (VERSION-REVISION), or the Debian package would be built under another
# version than the tarball and the RPM.  Reads the files only: no dpkg
# tools needed.  debian/rules and packaging/make-apt-repo check the same at
# build time.
src=${top_srcdir:-.}
ac=$(sed -n 's/^AC_INIT(\[cifs-af\], \[\([^]]*\)\].*/\1/p' "$src/configure.ac")
[ -n "$ac" ] || { echo "FAIL: no AC_INIT([cifs-af], [VERSION], ...) in $src/configure.ac"; exit 1; }
first=$(sed -n '1p' "$src/debian/changelog")
deb=$(printf '%s\n' "$first" | sed -n 's/^cifs-af (\([^)]*\)) .*/\1/p')
[ -n "$deb" ] || { echo "FAIL: $src/debian/changelog: first line is not 'cifs-af (VERSION) ...': $first"; exit 1; }
upstream=${deb%-*}
# An epoch would be a version no one else carries.
case $deb in
*:*) echo "FAIL: debian/changelog: $deb has an epoch; AC_INIT says $ac"; exit 1 ;;
*-*) ;;
*) echo "FAIL: debian/changelog: $deb has no Debian revision (the package is not native)"; exit 1 ;;
esac
if [ "$upstream" != "$ac" ]; then
	echo "FAIL: debian/changelog says $deb, configure.ac's AC_INIT says $ac: add a changelog entry for $ac-1"
	exit 1
fi
echo "PASS: debian/changelog $deb is AC_INIT's $ac"
