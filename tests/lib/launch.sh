# shellcheck shell=bash
# tests/lib/launch.sh: how the integration suites start the helper and
# cifs-af.dnsresolver.  CIFS_AF_TEST_LAUNCH, when set, is a command the
# suites put in front of every run of them: tests/personality/run-suites.sh
# sets it to the linux-2.6.18 launcher.  For setuid runs it goes in front
# of setpriv, so that root installs the filter and the setuid exec keeps
# its privileges.  CIFS_AF_TEST_PERSONALITY=2.6.18 says so to the few
# checks whose answer differs on such a kernel.
#
#   . "$top/tests/lib/launch.sh"
#   "${cifsaf_launch[@]}" "$helper" ARGS...
cifsaf_launch=()
if [ -n "${CIFS_AF_TEST_LAUNCH:-}" ]; then
	read -r -a cifsaf_launch <<<"$CIFS_AF_TEST_LAUNCH"
fi
