# shellcheck shell=bash
# tests/lib/private-etc.sh: run a test script in a private mount namespace
# with a private copy of /etc, as the mtab and setuid tests need (RHEL 5
# keeps a regular /etc/mtab; a user mount needs its own /etc/fstab).
#
#   . "$top/tests/lib/private-etc.sh"
#   cifsaf_private_etc "$@"        # re-runs the script in the namespace
#   ... write "$tmp/etc/mtab", edit "$tmp/etc/fstab" ...
#   mount --bind "$tmp/etc" /etc
#
# Sets tmp (a world-searchable temporary directory, removed on exit, with
# /etc unmounted first) and leaves $tmp/etc without an mtab.

cifsaf_private_etc() {
	if [ "${CIFSAF_IN_NAMESPACE:-}" != 1 ]; then
		exec unshare -m env CIFSAF_IN_NAMESPACE=1 bash "$0" "$@"
	fi
	mount --make-rprivate /
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	# shellcheck disable=SC2064 # $tmp is fixed now
	trap "umount /etc 2>/dev/null; rm -rf '$tmp'" EXIT
	cp -a /etc "$tmp/etc"
	rm -f "$tmp/etc/mtab"
}
