#!/bin/bash
# tests/unit/data/capture.sh: capture the real DNS and CLDAP replies the
# unit tests of resolver/srv.c and resolver/cldap.c parse, from a Samba AD
# DC (tests/lib/addc.sh) and dnsmasq in network namespaces.  Needs root.
# Writes tests/unit/data/*.bin (committed; rerun after changing the
# domain's layout) and says what it wrote.
#
# The client asks from 203.0.113.10 and 2001:db8:3::10 (Site2's subnets);
# cldap-nosite.bin comes from 2001:db8:4::10, which is in no subnet.
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
out=$top/tests/unit/data
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/netns-guest.sh"
. "$top/tests/lib/addc.sh"
cifsaf_trap_cleanup; [ -n "${KEEP:-}" ] && trap - EXIT

DC=cifsaf-capdc-$$ CL=cifsaf-capcl-$$ DNS=192.0.2.53
cifsaf_addc_need
cifsaf_addc_provision
cifsaf_tmpdir work
cifsaf_ns_create "$DC"
cifsaf_ns_create "$CL"
cifsaf_addc_link "$DC" "$CL" "203.0.113.10 2001:db8:3::10 2001:db8:4::10" "$CIFSAF_ADDC_DC_ADDRS $DNS"
cifsaf_addc_start "$DC" "$work"
mapfile -t lines < <(cifsaf_addc_dns_lines)
cifsaf_dnsmasq_start "$DC" "$work" "$DNS" "${lines[@]}"
echo "DC up in $CIFSAF_ADDC_STARTUP_MS ms (provisioned in $CIFSAF_ADDC_PROVISION_MS ms, 0: cached)"
ip netns exec "$CL" python3 "$out/capture.py" "$out" "$DNS"
# The same ping from an address in no site's subnet: the source address
# is chosen by the route, so only that address may be on the link.
for a in 203.0.113.10 2001:db8:3::10; do
	if [[ $a == *:* ]]; then ip -n "$CL" -6 addr del "$a/128" dev vcl0; else ip -n "$CL" -4 addr del "$a/32" dev vcl0; fi
done
ip netns exec "$CL" python3 - "$out" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import capture
capture.keep(sys.argv[1], "cldap-nosite.bin", capture.ask("2001:db8:3:1::20", 389, capture.cldap_request(7, "ad.test")))
PY
