#!/bin/sh
# The man pages lint clean (mandoc -Tlint, and groff's warnings as man(1)
# would render them) and render.  mandoc is installed by tests/run-all.sh;
# groff comes with man-db.  With neither there is nothing to lint with: skip.
src=${top_srcdir:-.}
status=0 linters=0
for page in "$src/docs/mount.cifs.8" "$src/docs/cifs-af.conf.5"; do
	if command -v mandoc >/dev/null 2>&1; then
		linters=1
		out=$(mandoc -Tlint -Wstyle "$page" 2>&1) || { echo "FAIL: mandoc -Tlint $page"; echo "$out"; status=1; }
		[ -z "$out" ] || { echo "FAIL: mandoc -Tlint $page"; echo "$out"; status=1; }
	fi
	if command -v groff >/dev/null 2>&1; then
		linters=1
		out=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
		[ -z "$out" ] || { echo "FAIL: groff warnings for $page"; echo "$out"; status=1; }
		# It renders, with its NAME section.
		groff -man -Tutf8 -P-cbou "$page" 2>/dev/null | grep -q '^NAME$' || { echo "FAIL: $page does not render"; status=1; }
	fi
	[ $status -eq 0 ] && echo "PASS: $(basename "$page") lints clean and renders"
done
[ $linters -eq 1 ] || { echo "SKIP: neither mandoc nor groff is installed"; exit 77; }
exit $status
