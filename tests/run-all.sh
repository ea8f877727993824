#!/bin/bash
# tests/run-all.sh: the whole test suite (README "Quick start", second
# command; .ci/run runs exactly this).  Run as root on Debian 12: it installs
# what it needs with apt-get, builds every flavour under build/, and runs
#   1. the Check unit suites and CLI tests (make check)
#   2. el5-api-guard over the sources
#   3. the unit suites again under ASan+UBSan (build/asan)
#   4. the unit suites and the helper under valgrind memcheck (build/valgrind)
#   5. a build --without-libcap-ng --without-keyutils and its run-time refusals
#   6. the differential test against Debian's cifs-utils mount.cifs
#   7. mtab handling in a private mount namespace with a regular /etc/mtab,
#      and the helper installed setuid for an unprivileged user there
#   8. the security suite (tests/security), the decision tests against a
#      real Samba server in network namespaces, also with the kernel keyring
#      (the decision cache and cifs-af.dnsresolver), the same suites and the
#      unit suites again under Linux 2.6.18's answers (tests/personality),
#      the AD site step against a Samba AD DC with two sites, and every
#      example of the docs
#   8a. line and branch coverage (tests/coverage/run.sh): a gcov build
#      through make check and the host-side suites above, the per-file
#      table, every C file at its floor (tests/coverage/floors)
#   9. end to end: Debian's kernel under qemu mounts a real Samba share
#      through mount(8), with cifs-af and with cifs-utils (tests/e2e/run.sh)
#      and the benchmarks once in their short mode (tests/bench/run.sh
#      --short: a complete table is checked, never a timing)
#   9a. the portable binaries (packaging/build-portable, x86_64 and i386,
#      for glibc 2.5): built, through the ABI check (and its self-test),
#      through the suites above on this kernel and (x86_64) under 2.6.18's
#      answers, and the x86_64 helper as the guest's /sbin/mount.cifs
#  10. the install layout and make distcheck, while every libFuzzer target
#      runs for 60 s in the background (two at a time; its step comes last)
#  11. the RPMs of the portable binaries (el5, el6 for i686 and x86_64, el)
#      and their yum repositories (packaging/make-repo), installed with dnf
#      into scratch roots laid out like RHEL 5, 6, 7 and 9, i386 too,
#      taking over the mount.cifs mount(8) runs and giving it back
#  12. the Debian package and apt repository (packaging/make-apt-repo),
#      lintian, and apt in Debian 12 roots made by debootstrap (merged and
#      unmerged /usr) diverting cifs-utils' mount.cifs and giving it back
# and ends with "N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/netns.sh"
. "$top/tests/lib/build.sh"

cifsaf_require_root "network namespaces, setuid checks"

# clang's: the fuzzing step installs nothing while other steps may be
# running apt (it runs in the background).
# shellcheck disable=SC2086 # a word list on purpose
cifsaf_need_packages $CIFSAF_BUILD_PACKAGES valgrind samba smbclient iproute2 iptables mandoc keyutils \
	clang libclang-rt-14-dev gcovr

passed=0 failed=0 failures=""
step() {
	local name=$1
	shift
	local start=$SECONDS
	echo "=== $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "=== $name: ok ($((SECONDS - start)) s)"
	else
		failed=$((failed + 1))
		failures="$failures
  - $name"
		echo "=== $name: FAILED ($((SECONDS - start)) s)"
	fi
}

# A tree configured in place blocks VPATH builds; builds live under build/.
if [ -f "$top/config.status" ]; then
	make -C "$top" distclean >/dev/null 2>&1 || true
fi
cifsaf_bootstrap

unit_and_cli() {
	cifsaf_build main --enable-werror || return 1
	make -C "$CIFSAF_BUILD_DIR" check -j"$(nproc)" >"$CIFSAF_BUILD_DIR/check.out" 2>&1
	local rc=$?
	grep -E '^(PASS|FAIL|ERROR|SKIP|XFAIL|XPASS|# )' "$CIFSAF_BUILD_DIR/check.out"
	# Check's own counts, one line per suite.
	cat "$CIFSAF_BUILD_DIR"/tests/unit/check_*.log | grep -E '^[0-9]+%: Checks:' | sed 's/^/    /'
	[ $rc -eq 0 ] || { grep -h -B2 -A20 -E '^FAIL|:F:|:E:' "$CIFSAF_BUILD_DIR"/tests/*/*.log | head -80; }
	return $rc
}

el5_guard() {
	local guard
	guard=$(cifsaf_el5_guard) || return 1
	echo "guard: $guard"
	(cd "$top" && "$guard" compat resolver program mount-cifs dns-resolver)
}

sanitizers() {
	cifsaf_build asan --enable-werror --disable-hardening \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" || return 1
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions="$top/tests/lsan.supp" \
		make -C "$CIFSAF_BUILD_DIR" check -j"$(nproc)" >"$CIFSAF_BUILD_DIR/check.out" 2>&1
	local rc=$?
	grep -E '^# (TOTAL|PASS|FAIL|ERROR)' "$CIFSAF_BUILD_DIR/check.out"
	if grep -lE 'runtime error|AddressSanitizer|LeakSanitizer' "$CIFSAF_BUILD_DIR"/tests/*/*.log; then
		grep -h -A15 -E 'runtime error|AddressSanitizer|LeakSanitizer' "$CIFSAF_BUILD_DIR"/tests/*/*.log | head -60
		return 1
	fi
	[ $rc -eq 0 ] || grep -h -A20 -E '^FAIL|:F:|:E:' "$CIFSAF_BUILD_DIR"/tests/*/*.log | head -60
	return $rc
}

memcheck() {
	cifsaf_build valgrind --enable-werror --disable-hardening CFLAGS="-O0 -g" || return 1
	# Build the unit programs without running them: valgrind.sh runs them.
	make -C "$CIFSAF_BUILD_DIR" -j"$(nproc)" check TESTS= >/dev/null 2>&1 || return 1
	"$top/tests/valgrind.sh" "$CIFSAF_BUILD_DIR"
}

minimal_build() {
	cifsaf_build minimal --enable-werror --without-libcap-ng --without-keyutils || return 1
	make -C "$CIFSAF_BUILD_DIR" check -j"$(nproc)" >"$CIFSAF_BUILD_DIR/check.out" 2>&1 || {
		tail -30 "$CIFSAF_BUILD_DIR/check.out"; return 1; }
	grep -E '^# (TOTAL|PASS|FAIL)' "$CIFSAF_BUILD_DIR/check.out"
	"$top/tests/integration/minimal-build.sh" "$CIFSAF_BUILD_DIR/mount-cifs/mount.cifs" \
		"$CIFSAF_BUILD_DIR/dns-resolver/cifs-af.dnsresolver"
}

differential() {
	"$top/tests/oracle/differential.sh" "$top/build/main/mount-cifs/mount.cifs" >"$top/build/main/differential.out" 2>&1
	local rc=$?
	grep -E '^(FAIL|deliberate difference|    fix:|differential against)' "$top/build/main/differential.out"
	[ $rc -eq 0 ] || grep -A3 '^FAIL' "$top/build/main/differential.out" | head -60
	[ $rc -eq 0 ] || return 1
	# The same corpus through the ASan+UBSan build: any report fails it.
	asan_again differential.out env ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:exitcode=99 \
		UBSAN_OPTIONS=halt_on_error=1 "$top/tests/oracle/differential.sh" "$top/build/asan/mount-cifs/mount.cifs"
}

# The integration tests that run the helper as root run again with the
# ASan+UBSan build, leak checks on: any report aborts the helper, which
# fails the test that ran it.
asan_env() {
	env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$@"
}

# asan_again OUT COMMAND...: a test run again against the ASan+UBSan build,
# its output kept in build/asan/OUT; shows the run's last line, and its
# failures when it fails.
asan_again() {
	local out=$top/build/asan/$1 rc
	shift
	"$@" >"$out" 2>&1
	rc=$?
	tail -1 "$out" | sed 's/^/    ASan+UBSan build: /'
	[ $rc -eq 0 ] || grep -A10 '^FAIL' "$out" | head -60
	return $rc
}

mtab_namespace() {
	"$top/tests/integration/mtab-namespace.sh" "$top/build/main/mount-cifs/mount.cifs" || return 1
	asan_again mtab.out asan_env "$top/tests/integration/mtab-namespace.sh" "$top/build/asan/mount-cifs/mount.cifs"
}

setuid_user_mount() {
	"$top/tests/integration/setuid-user-mount.sh" "$top/build/main/mount-cifs/mount.cifs" || return 1
	# Again with the ASan+UBSan build.  LeakSanitizer cannot stop a
	# non-dumpable (setuid) process, so leaks are left to valgrind's run
	# of the root path; memory errors and undefined behaviour abort.
	asan_again setuid.out "$top/tests/integration/setuid-user-mount.sh" "$top/build/asan/mount-cifs/mount.cifs" \
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
}

# Every CVE class and defect, as root and setuid; again with the ASan+UBSan
# build (leak checks off: see setuid_user_mount).
security_suite() {
	"$top/tests/security/run.sh" "$top/build/main/mount-cifs/mount.cifs" >"$top/build/main/security.out" 2>&1
	local rc=$?
	grep -E '^FAIL|passed, .* failed' "$top/build/main/security.out"
	[ $rc -eq 0 ] || grep -A10 '^FAIL' "$top/build/main/security.out" | head -60
	# verify_asan_link_order=0: root runs preload the mount(2) interposer.
	asan_again security.out "$top/tests/security/run.sh" "$top/build/asan/mount-cifs/mount.cifs" \
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:verify_asan_link_order=0 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 || return 1
	return $rc
}

# Every command and file example in README.md and the man pages, run.
doc_examples() {
	"$top/tests/docs/examples.sh" "$top/build/main/mount-cifs/mount.cifs"
}

# gcov over make check and the host-side suites; fails under a floor.
coverage_report() {
	"$top/tests/coverage/run.sh"
}

decision_netns() {
	"$top/tests/integration/decision-netns.sh" "$top/build/main/mount-cifs/mount.cifs" || return 1
	asan_again decision.out asan_env "$top/tests/integration/decision-netns.sh" "$top/build/asan/mount-cifs/mount.cifs"
}

# The AD site step against a real Samba AD DC with two sites
# (tests/lib/addc.sh; provisioned once into build/addc), and again with
# the ASan+UBSan build: the fake DC's broken replies go through it too.
adsite_netns() {
	"$top/tests/integration/adsite-netns.sh" "$top/build/main/mount-cifs/mount.cifs" \
		"$top/build/main/dns-resolver/cifs-af.dnsresolver" || return 1
	# verify_asan_link_order=0: the real mounts preload the mount(2) interposer.
	asan_again adsite.out env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:verify_asan_link_order=0 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$top/tests/integration/adsite-netns.sh" \
		"$top/build/asan/mount-cifs/mount.cifs" "$top/build/asan/dns-resolver/cifs-af.dnsresolver"
}

keyring_netns() {
	local rc=0
	"$top/tests/integration/keyring-netns.sh" "$top/build/main/mount-cifs/mount.cifs" \
		"$top/build/main/dns-resolver/cifs-af.dnsresolver" || rc=1
	"$top/tests/integration/cache-timing-netns.sh" "$top/build/main/mount-cifs/mount.cifs" || rc=1
	return $rc
}

# The helper, cifs-af.dnsresolver and the unit suites under Linux 2.6.18's
# answers (the linux-2.6.18 seccomp launcher, docs/building.md): its
# self-test, then the decision, mtab, setuid and keyring suites.  Indented,
# as its own "N passed, M failed" line is not this script's.
personality_2_6_18() {
	"$top/tests/personality/run-suites.sh" "$top/build/main/mount-cifs/mount.cifs" \
		"$top/build/main/dns-resolver/cifs-af.dnsresolver" "$top/build/main/tests/unit" 2>&1 | sed -u 's/^/    /'
	return "${PIPESTATUS[0]}"
}

# The default scenario list: tests/e2e/run.sh --list shows the pending ones.
# Its output is indented so that its own "N passed, M failed" line is not
# taken for this script's.
end_to_end() {
	"$top/tests/e2e/run.sh" 2>&1 | sed -u 's/^/    /'
	return "${PIPESTATUS[0]}"
}

# The benchmarks, one run per cell, so that they cannot rot: the step
# fails only when the table is incomplete or malformed.  Timings are
# measured by tests/bench/run.sh, never asserted here.
bench_short() {
	"$top/tests/bench/run.sh" --short >"$top/build/bench-short.out" 2>&1
	local rc=$?
	sed -n '/^== Time to mount/,/^== Targets/p' "$top/build/bench-short.out" | grep -v '^== Targets' | sed 's/^/    /'
	[ $rc -eq 0 ] || tail -n 30 "$top/build/bench-short.out"
	return $rc
}

# The portable binaries (docs/building.md, "Portable binaries"), both
# architectures side by side.  The build log of each is
# build/portable-ARCH.out.
portable_out=$top/build/portable/out
portable_build() {
	local a rc=0
	declare -A pid
	mkdir -p "$top/build"
	for a in x86_64 i386; do
		"$top/packaging/build-portable" "$a" "$portable_out/$a" >"$top/build/portable-$a.out" 2>&1 &
		pid[$a]=$!
	done
	for a in x86_64 i386; do
		wait "${pid[$a]}" || { tail -n 30 "$top/build/portable-$a.out"; rc=1; }
	done
	[ $rc -eq 0 ] || return 1
	for a in x86_64 i386; do
		# qemu-i386 where this kernel does not run i386 programs.
		grep "^build: portable $a, glibc 2.5 baseline" <("$portable_out/$a/mount.cifs" -V 2>/dev/null ||
			qemu-i386 "$portable_out/$a/mount.cifs" -V) | sed 's/^/    -V: /' | grep . ||
			{ echo "    $a: -V does not say it is the portable $a build"; rc=1; }
	done
	"$top/packaging/abi-check" "$portable_out"/x86_64/{mount.cifs,cifs-af.dnsresolver} \
		"$portable_out"/i386/{mount.cifs,cifs-af.dnsresolver} >"$top/build/portable-abi.out" 2>&1 || rc=1
	sed 's/^/    /' "$top/build/portable-abi.out"
	"$top/tests/portable/abi-check-selftest.sh" >"$top/build/portable-abi-selftest.out" 2>&1 || rc=1
	tail -n 1 "$top/build/portable-abi-selftest.out" | sed 's/^/    /'
	[ $rc -eq 0 ] || grep '^FAIL' -A8 "$top/build/portable-abi-selftest.out" | head -n 40
	return $rc
}

# The portable binaries on this kernel, then the x86_64 ones under Linux
# 2.6.18's answers (tests/personality/run-suites.sh takes any binaries).
portable_host() {
	local rc
	"$top/tests/portable/host-suites.sh" "$portable_out/x86_64" "$portable_out/i386" 2>&1 | sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	echo "    under Linux 2.6.18's answers:"
	"$top/tests/personality/run-suites.sh" "$portable_out/x86_64/mount.cifs" \
		"$portable_out/x86_64/cifs-af.dnsresolver" 2>&1 | sed -u 's/^/      /'
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	return $rc
}

# The portable helpers as the guest's /sbin/mount.cifs, through mount(8);
# dfs-referral has the kernel call their cifs-af.dnsresolver.  The i386
# ones run natively only there (this machine's kernel refuses i386
# programs): a setuid user mount and the decision cache's keyctl calls go
# through the guest kernel's 32-bit entry.
portable_guest() {
	local rc=0
	echo "    x86_64:"
	"$top/tests/e2e/run.sh" --helper-binary "$portable_out/x86_64/mount.cifs" healthy v6-dropped dfs-referral 2>&1 |
		sed -u 's/^/      /'
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	echo "    i386:"
	"$top/tests/e2e/run.sh" --helper-binary "$portable_out/i386/mount.cifs" healthy v6-dropped user-fstab \
		cache-shares dfs-referral 2>&1 | sed -u 's/^/      /'
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	return $rc
}

install_layout() {
	local dest
	dest=$(mktemp -d)
	make -C "$top/build/main" install DESTDIR="$dest" >/dev/null 2>&1 || { rm -rf "$dest"; return 1; }
	local rc=0
	[ -x "$dest/sbin/mount.cifs" ] || { echo "no $dest/sbin/mount.cifs"; rc=1; }
	[ "$(readlink "$dest/sbin/mount.smb3")" = mount.cifs ] || { echo "mount.smb3 is not a link to mount.cifs"; rc=1; }
	[ -u "$dest/sbin/mount.cifs" ] && { echo "make install set the setuid bit"; rc=1; }
	[ -x "$dest/sbin/cifs-af.dnsresolver" ] || { echo "no $dest/sbin/cifs-af.dnsresolver"; rc=1; }
	grep -qx 'create	dns_resolver	\*		\*		/sbin/cifs-af.dnsresolver %k' \
		"$dest/etc/request-key.d/cifs-af.dns_resolver.conf" 2>/dev/null ||
		{ echo "no request-key.d line naming /sbin/cifs-af.dnsresolver"; rc=1; }
	[ $rc -eq 0 ] && echo "DESTDIR install: /sbin/mount.cifs (mode $(stat -c %a "$dest/sbin/mount.cifs")), mount.smb3 -> mount.cifs," \
		"/sbin/cifs-af.dnsresolver, /etc/request-key.d/cifs-af.dns_resolver.conf"
	rm -rf "$dest"
	return $rc
}

# The libFuzzer targets run in the background, two at a time, while the
# install, distcheck and packaging steps (none of which times anything)
# run; fuzz_smoke waits for them and shows what they printed.
fuzz_start() {
	mkdir -p "$top/build"
	fuzz_started=$SECONDS
	"$top/tests/fuzz/run.sh" -t 60 -j 2 >"$top/build/fuzz-smoke.out" 2>&1 &
	fuzz_pid=$!
}
fuzz_smoke() {
	local rc
	wait "$fuzz_pid"
	rc=$?
	cat "$top/build/fuzz-smoke.out"
	echo "    (started $((SECONDS - fuzz_started)) s ago, beside the steps above)"
	return $rc
}

distcheck() {
	make -C "$top/build/main" distcheck >"$top/build/main/distcheck.out" 2>&1 || {
		tail -40 "$top/build/main/distcheck.out"; return 1; }
	grep -E 'archives ready for distribution|^cifs-af-.*tar' "$top/build/main/distcheck.out" | head -3
}

# The whole log is in build/packaging.out; the summary shows failures and
# the tables of packages and root scenarios.  The packages are made of the
# portable step's binaries, not built again.
rpm_packages() {
	mkdir -p "$top/build"
	CIFSAF_PORTABLE_DIR=$portable_out "$top/packaging/test-packages.sh" >"$top/build/packaging.out" 2>&1
	local rc=$?
	grep -E '^(---|  FAIL|      (got|want|[^ ])|packaging test:)' "$top/build/packaging.out"
	sed -n '/^packages (flavour/,/^packaging test:/p' "$top/build/packaging.out" | sed '$d'
	return $rc
}

step "unit suites and CLI tests (make check)" unit_and_cli
step "RHEL 5 API guard" el5_guard
step "unit suites under ASan+UBSan" sanitizers
step "unit suites and helper under valgrind memcheck" memcheck
step "build without libcap-ng and keyutils" minimal_build
step "differential against cifs-utils (mount(2) intercepted)" differential
step "mtab in a private mount namespace (regular /etc/mtab)" mtab_namespace
step "setuid user mounts from /etc/fstab in a private mount namespace" setuid_user_mount
step "security suite: CVE classes and defects B-1 to B-12, root and setuid" security_suite
step "decision against a real Samba server in network namespaces" decision_netns
step "decision cache and dns_resolver upcall against the kernel keyring and Samba" keyring_netns
step "AD site step against a Samba AD DC with two sites (also ASan+UBSan)" adsite_netns
step "the same suites under Linux 2.6.18's system call answers (seccomp launcher)" personality_2_6_18
step "documentation examples (README, mount.cifs(8), cifs-af.conf(5)), run" doc_examples
step "coverage: gcov over make check and the host-side suites, every C file at its floor" coverage_report
step "end to end: real kernel in qemu, mount(8), Samba, dnsmasq (cifs-af and cifs-utils)" end_to_end
step "benchmarks, short mode: a complete table, timings not asserted" bench_short
step "portable binaries for glibc 2.5 (x86_64, i386): build, ABI check and its self-test" portable_build
step "portable binaries on this kernel: integration, security, differential (i386: decision, mtab); under 2.6.18's answers" portable_host
step "portable helpers (x86_64, i386) in the qemu guest: mount(8), Samba, IPv6 dropped" portable_guest
fuzz_start
step "make install layout (DESTDIR, mount.smb3, no setuid)" install_layout
step "make distcheck" distcheck

step "RPM packages, yum repositories and the mount.cifs takeover (dnf --installroot)" rpm_packages

# The whole log is in build/deb-packaging.out; the summary shows failures,
# lintian's hints and the table of the root scenarios.
deb_packages() {
	mkdir -p "$top/build"
	"$top/packaging/test-deb.sh" >"$top/build/deb-packaging.out" 2>&1
	local rc=$?
	grep -E '^(  FAIL|      (got|want|[EWO]):|deb packaging test:)' "$top/build/deb-packaging.out"
	sed -n '/^root scenarios/,/^deb packaging test:/p' "$top/build/deb-packaging.out" | sed '$d'
	return $rc
}
step "Debian package, apt repository, cifs-utils diverted (apt in debootstrap roots, merged and unmerged /usr)" deb_packages
step "libFuzzer targets, 60 s each under ASan+UBSan, two at a time (in the background since distcheck)" fuzz_smoke

echo
if [ "$failed" -ne 0 ]; then
	echo "failed steps:$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
