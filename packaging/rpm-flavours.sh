# shellcheck shell=bash
# packaging/rpm-flavours.sh: what each RPM flavour of cifs-af is, and the
# checks that a package file is one.  Sourced by packaging/make-repo and
# packaging/test-packages.sh.
#
#   el5  RHEL/CentOS 5       rpm 4.4.2, yum 3.2, glibc 2.5    i686 x86_64
#   el6  RHEL/CentOS 6       rpm 4.8,   yum 3.2.29, glibc 2.12 i686 x86_64
#   el   RHEL 7 to 10, Fedora rpm 4.11 and later, glibc 2.17  x86_64
#
#   rpm_format_check FLAVOUR FILE    its rpm reads FILE (payload, digests, rpmlib)
#   rpm_flavour_check FLAVOUR FILE   FILE is a binary RPM of the flavour
#   rpm_basearch ARCH                yum's $basearch for a package arch

# The package architectures each flavour is built for.
# shellcheck disable=SC2034 # used by the scripts that source this file
declare -A RPM_FLAVOUR_ARCHES=([el5]="x86_64 i686" [el6]="x86_64 i686" [el]="x86_64")
# The oldest glibc of the systems a flavour serves.
declare -A RPM_FLAVOUR_GLIBC=([el5]=2.5 [el6]=2.12 [el]=2.17)
# The release's dist suffix (el: none of the others').
declare -A RPM_FLAVOUR_DIST=([el5]=.el5 [el6]=.el6 [el]="")
# The rpmlib() features the oldest rpm of each flavour provides (rpm
# 4.4.2, 4.8.0, 4.11.3): a package needing another cannot be installed
# there.
declare -A RPM_FLAVOUR_RPMLIB=(
	[el5]=" CompressedFileNames PayloadFilesHavePrefix VersionedDependencies PayloadIsBzip2
ExplicitPackageProvide HeaderLoadSortsTags ScriptletInterpreterArgs PartialHardlinkSets
ConcurrentAccess BuiltinLuaScripts "
	[el6]=" CompressedFileNames PayloadFilesHavePrefix VersionedDependencies PayloadIsBzip2
ExplicitPackageProvide HeaderLoadSortsTags ScriptletInterpreterArgs PartialHardlinkSets
ConcurrentAccess BuiltinLuaScripts FileDigests FileCaps PayloadIsXz PayloadIsLzma "
	[el]=" CompressedFileNames PayloadFilesHavePrefix VersionedDependencies PayloadIsBzip2
ExplicitPackageProvide HeaderLoadSortsTags ScriptletInterpreterArgs PartialHardlinkSets
ConcurrentAccess BuiltinLuaScripts FileDigests FileCaps PayloadIsXz PayloadIsLzma
ScriptletExpansion TildeInVersions "
)
# The payloads each reads: gzip and bzip2 everywhere, xz from rpm 4.7;
# zstd (rpm 4.14) nowhere: EL7's rpm 4.11 cannot read it.
declare -A RPM_FLAVOUR_PAYLOADS=([el5]=" gzip bzip2 " [el6]=" gzip bzip2 xz lzma " [el]=" gzip bzip2 xz ")

rpm_basearch() {
	case $1 in
	i?86) echo i386 ;;
	*) echo "$1" ;;
	esac
}

_rpm_qf() { # FILE FORMAT: one header query, signatures unchecked
	rpm -qp --nosignature --qf "$2" "$1" 2>/dev/null
}

# rpm_newest_glibc FILE: the newest GLIBC_x.y symbol version it requires.
rpm_newest_glibc() {
	rpm -qp --nosignature --requires "$1" 2>/dev/null |
		sed -n 's/^lib[a-z]*\.so\.[0-9]*(GLIBC_\([0-9.]*\)).*/\1/p' | sort -V | tail -1
}

# rpm_version_le A B: version A is B or older.
rpm_version_le() {
	[ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$2" ]
}

# rpm_format_check FLAVOUR FILE: the flavour's rpm reads FILE: a payload
# and file digests it knows, only rpmlib() features it provides, no weak
# dependencies (rpm 4.12).  Prints each problem; returns 1 if any.
rpm_format_check() {
	local flavour=$1 f=$2 payload algo dep feature bad=0
	payload=$(_rpm_qf "$f" '%{PAYLOADCOMPRESSOR}')
	[[ ${RPM_FLAVOUR_PAYLOADS[$flavour]} == *" $payload "* ]] ||
		{ echo "$f: payload compressed with $payload; the $flavour systems' rpm reads${RPM_FLAVOUR_PAYLOADS[$flavour]% }"; bad=1; }
	# MD5 is the old default, so its tag is absent: "(none)".
	algo=$(_rpm_qf "$f" '%{FILEDIGESTALGO}')
	case $flavour:$algo in
	el5:"(none)" | el5:1 | el6:* | el:8) ;;
	el5:*) echo "$f: file digest algorithm $algo; RHEL 5's rpm checks MD5 (1) only"; bad=1 ;;
	*) echo "$f: file digest algorithm $algo; RHEL 8 and later in FIPS mode want SHA-256 (8)"; bad=1 ;;
	esac
	while read -r dep; do
		case $dep in
		rpmlib\(*)
			feature=${dep#rpmlib(}
			feature=${feature%%)*}
			[[ ${RPM_FLAVOUR_RPMLIB[$flavour]} == *[[:space:]]"$feature"[[:space:]]* ]] ||
				{ echo "$f: requires rpmlib($feature), which the $flavour systems' oldest rpm lacks"; bad=1; }
			;;
		esac
	done < <(rpm -qp --nosignature --requires "$f" 2>/dev/null)
	[ -z "$(rpm -qp --nosignature --recommends --suggests --supplements --enhances "$f" 2>/dev/null)" ] ||
		{ echo "$f: has weak dependencies, which rpm before 4.12 does not know"; bad=1; }
	return $bad
}

# rpm_flavour_check FLAVOUR FILE: FILE is a binary RPM of that flavour:
# the release's dist suffix, an architecture the flavour is built for, the
# format (rpm_format_check), and no glibc symbol version newer than its
# systems' glibc.  Prints each problem; returns 1 if any.
rpm_flavour_check() {
	local flavour=$1 f=$2 release arch glibc bad=0 dist
	dist=${RPM_FLAVOUR_DIST[$flavour]-x}
	[ "$dist" != x ] || { echo "$f: no flavour '$flavour' (el5, el6 or el)"; return 1; }
	release=$(_rpm_qf "$f" '%{RELEASE}')
	arch=$(_rpm_qf "$f" '%{ARCH}')
	case $release in
	*.el5 | *.el5.* | *.el5_*) [ "$flavour" = el5 ] ;;
	*.el6 | *.el6.* | *.el6_*) [ "$flavour" = el6 ] ;;
	*) [ "$flavour" = el ] ;;
	esac || {
		echo "$f: release $release is not the $flavour flavour's (build it with --define 'cifsaf_flavour $flavour')"
		return 1
	}
	[[ " ${RPM_FLAVOUR_ARCHES[$flavour]} " == *" $arch "* ]] ||
		{ echo "$f: architecture $arch; the $flavour flavour is built for ${RPM_FLAVOUR_ARCHES[$flavour]}"; bad=1; }
	rpm_format_check "$flavour" "$f" || bad=1
	glibc=$(rpm_newest_glibc "$f")
	if [ -n "$glibc" ] && ! rpm_version_le "$glibc" "${RPM_FLAVOUR_GLIBC[$flavour]}"; then
		echo "$f: needs glibc $glibc, the $flavour systems have ${RPM_FLAVOUR_GLIBC[$flavour]} and later:" \
			"yum there refuses it (build it with packaging/build-portable's binaries, docs/packaging.md)"
		bad=1
	fi
	return $bad
}
