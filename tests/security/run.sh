#!/bin/bash
# tests/security/run.sh HELPER [ENV...]: the security suite.  Every CVE class
# of mount.cifs and the defects B-1 to B-12 of
# ../shared/reference/cifs-utils-mount-helper.md section 8, run as root
# (root-tests.sh) and against the helper installed setuid for an
# unprivileged user (setuid-tests.sh), and with what it relies on failing
# under it (failure-tests.sh), inside a private mount namespace with
# its own /etc (fstab, passwd, a regular mtab), /dev/log and /bin/sh.
# ENV (e.g. ASAN_OPTIONS=...) is passed to every run of the helper.
# docs/security.md maps each CVE to its tests.  Needs root.
set -u
helper=$(readlink -f "$1")
shift
SANITIZER_ENV="$*"
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/security
. "$top/tests/lib/private-etc.sh"
cifsaf_private_etc "$helper" "$@"
. "$here/lib.sh"

security_setup || { echo "FAIL: setting up the namespace"; exit 1; }
. "$here/root-tests.sh"
. "$here/setuid-tests.sh"
. "$here/failure-tests.sh"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
