# shellcheck shell=bash
# packaging/check-lib.sh: the checks of the packaging tests
# (test-packages.sh, test-deb.sh).  Source it; needs $top.  Each check
# prints one "  ok: ..." or "  FAIL: ..." line and is counted in $checks
# and $failures.

checks=0 failures=0
ok() {
	checks=$((checks + 1))
	echo "  ok: $*"
}
fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "  FAIL: $*"
}
# expect DESCRIPTION COMMAND...: one check.
expect() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}
# same DESCRIPTION GOT WANT: one check that shows both sides on failure.
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1"
		echo "      got:  $2"
		echo "      want: $3"
	fi
}
# lacks REGEX TEXT: no line of TEXT matches REGEX (grep -E).
lacks() {
	! grep -Eq -- "$1" <<<"$2"
}
# refused SCRIPT WHAT EXPECTED-MESSAGE ARGS...: packaging/SCRIPT fails and
# says why.
refused() {
	local script=$1 what=$2 msg=$3 out
	shift 3
	if out=$("$top/packaging/$script" "$@" 2>&1); then
		fail "$script accepted $what"
	elif grep -qF -- "$msg" <<<"$out"; then
		ok "$script refuses $what: $(grep -F -- "$msg" <<<"$out" | head -1)"
	else
		fail "$script refused $what without saying '$msg'"
		echo "$out" | tail -3 | sed 's/^/      /'
	fi
}
