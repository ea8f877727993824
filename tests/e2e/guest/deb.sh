# shellcheck shell=sh
# tests/e2e/guest/deb.sh: the scenarios of the guest that installs
# cifs-af's .deb (helper label cifs-af-deb), sourced by scenarios.sh.  The
# image carries dpkg, a status file listing the packages whose files the
# image has, Debian's cifs-utils .deb and cifs-af's .deb in
# /var/cache/e2e/debs (tests/e2e/lib/image.sh); nothing is at
# /sbin/mount.cifs until these scenarios install it.
#
#   deb-install  dpkg -i cifs-utils, then the documented statoverride for
#                user mounts, then dpkg -i cifs-af: the diversions and links
#                are made by the package's own preinst, in the real kernel.
#                The mount scenarios that follow run through mount(8) and
#                the link.
#   deb-purge    dpkg --purge cifs-af, then a healthy mount through mount(8),
#                which is cifs-utils' helper again.
# Like the others they report facts; tests/e2e/lib/expect.sh judges them.

DEB_DIR=/var/cache/e2e/debs
# By path: busybox has dpkg and dpkg-deb applets of its own, which its
# shell would run first (see MOUNT in scenarios.sh).
DPKG=/usr/bin/dpkg
DPKG_DIVERT=/usr/bin/dpkg-divert

# deb_facts: key=value facts about what mount(8) will run and what dpkg
# says, one argument each (for emit).
deb_facts() {
	echo "version=$(/sbin/mount.cifs -V 2>&1 | head -n 1 | tr '\t' ' ')"
	echo "link=$(readlink /sbin/mount.cifs)"
	echo "diversions=$($DPKG_DIVERT --list cifs-af 2>/dev/null | wc -l)"
	echo "kept=$(/sbin/mount.cifs.distrib -V 2>&1 | head -n 1 | tr '\t' ' ')"
	echo "verify=$($DPKG --verify cifs-utils 2>&1 | wc -l)"
	echo "mode=$(stat -c %a /usr/libexec/cifs-af/mount.cifs 2>/dev/null)"
	echo "request_key=$(grep -c '/usr/libexec/cifs-af/cifs-af.dnsresolver %k$' \
		/etc/request-key.d/cifs-af.dns_resolver.conf 2>/dev/null)"
}

# with_facts CMD ARG...: run CMD ARG... with deb_facts' lines as further
# arguments (emit, finish).
with_facts() {
	deb_facts >/tmp/deb.facts
	while IFS= read -r f; do set -- "$@" "$f"; done </tmp/deb.facts
	"$@"
}

# deb_step CMD...: run a dpkg command, its output into /tmp/e2e.out.
deb_step() {
	echo "# $*" >>/tmp/e2e.out
	"$@" >>/tmp/e2e.out 2>&1
}

scen_deb_install() {
	: >/tmp/e2e.out
	t0=$(now_ms)
	deb_step $DPKG -i "$DEB_DIR"/cifs-utils_*.deb
	owner=$?
	before=$(/sbin/mount.cifs -V 2>&1 | head -n 1)
	# README.Debian's way to allow user mounts: dpkg applies the override
	# when it unpacks the file.
	deb_step /usr/bin/dpkg-statoverride --add root root 4755 /usr/libexec/cifs-af/mount.cifs
	deb_step $DPKG -i "$DEB_DIR"/cifs-af_*.deb
	STATUS=$?
	MS=$(($(now_ms) - t0))
	send_lines log deb-install </tmp/e2e.out
	$DPKG_DIVERT --list cifs-af | send_lines log deb-install
	with_facts emit result deb-install "status=$STATUS" "ms=$MS" "owner_status=$owner" "before=$before"
}

scen_deb_purge() {
	: >/tmp/e2e.out
	deb_step $DPKG --purge cifs-af
	st=$?
	conf=absent
	[ -e /etc/cifs-af.conf ] && conf=present
	send_lines log deb-purge </tmp/e2e.out
	# cifs-utils' helper through mount(8) again.
	mount_step deb-purge /mnt/e2e "$MOUNT" -t cifs "//$NAME_HEALTHY/share" /mnt/e2e -o "$MOUNT_OPTS"
	with_facts finish deb-purge /mnt/e2e "purge_status=$st" "conf=$conf"
}
