# shellcheck shell=bash disable=SC2154 # make-repo's variables, named below
# packaging/repo-publish.sh: the publishing half of packaging/make-repo,
# sourced by it once the packages are in OUTDIR.  Uses make-repo's
# variables (outdir, tmp, baseurl, new_files, repos, flavours, releases_of,
# sign_key, passphrase_file) and helpers (run, note, die).
#
#   sign_packages        sign new_files; V3 for the SRPM and el5
#   write_repositories   repodata for every repository, the
#                        RELEASEVER/BASEARCH links and the .repo files

sign_packages() {
	local fprs pass2='' pass1='' v3=() old=() modern=() f out
	note "signing with the key in $sign_key"
	# Private keyrings for this run: gpg (V4) and gpg1 (V3, el5) keep
	# secret keys in formats the other cannot read.
	mkdir -m 700 "$tmp/gnupg" "$tmp/gnupg1"
	run import-gpg gpg --homedir "$tmp/gnupg" --batch --import "$sign_key"
	run import-gpg1 gpg1 --homedir "$tmp/gnupg1" --batch --import "$sign_key"
	fprs=$(gpg --homedir "$tmp/gnupg" --batch --with-colons --list-secret-keys |
		awk -F: '/^sec:/ { want = 1; next } want && /^fpr:/ { print $10; want = 0 }')
	[ -n "$fprs" ] || die "--sign-key $sign_key: holds no secret key"
	[ "$(echo "$fprs" | wc -l)" -eq 1 ] || die "--sign-key $sign_key: holds $(echo "$fprs" | wc -l) secret keys; give one"
	gpg --homedir "$tmp/gnupg" --batch --armor --export "$fprs" >"$outdir/RPM-GPG-KEY-cifs-af"
	if [ -n "$passphrase_file" ]; then
		# rpm splits the command line at spaces: use a path without any.
		install -m 600 "$passphrase_file" "$tmp/passphrase"
		pass2="--pinentry-mode loopback --passphrase-file $tmp/passphrase"
		pass1="--passphrase-file $tmp/passphrase"
	fi
	# rpm >= 4.14 makes only header signatures unless asked; rpm 4.4
	# checks the header+payload one, and rpm 4.8 reads both.
	rpmsign --help 2>&1 | grep -q -- --rpmv3 && v3=(--rpmv3)
	for f in "${new_files[@]}"; do
		case $f in
		"$outdir"/SRPMS/* | "$outdir"/el5/*) old+=("$f") ;;
		*) modern+=("$f") ;;
		esac
	done
	sign_failed() {
		tail -20 "$tmp/logs/$1.log" >&2
		die "signing failed (a passphrase-protected key needs --passphrase-file)"
	}
	rpmsign --addsign "${v3[@]}" --define "_gpg_name $fprs" --define "_gpg_path $tmp/gnupg1" \
		--define "__gpg $(command -v gpg1)" --define '_gpg_digest_algo sha1' \
		--define "_gpg_sign_cmd_extra_args --batch --force-v3-sigs $pass1" \
		"${old[@]}" >"$tmp/logs/sign-v3.log" 2>&1 || sign_failed sign-v3
	if [ ${#modern[@]} -gt 0 ]; then
		rpmsign --addsign "${v3[@]}" --define "_gpg_name $fprs" --define "_gpg_path $tmp/gnupg" \
			--define "__gpg $(command -v gpg)" --define '_gpg_digest_algo sha256' \
			--define "_gpg_sign_cmd_extra_args --batch $pass2" \
			"${modern[@]}" >"$tmp/logs/sign-v4.log" 2>&1 || sign_failed sign-v4
	fi
	# Check every signature the way an installing rpm will.
	mkdir "$tmp/keydb"
	run keydb rpmkeys --dbpath "$tmp/keydb" --import "$outdir/RPM-GPG-KEY-cifs-af"
	for f in "${new_files[@]}"; do
		out=$(rpmkeys --dbpath "$tmp/keydb" --checksig "$f" 2>&1) ||
			die "signature check failed: $out"
		[[ $out == *"signatures OK"* ]] || die "signature check: $out"
	done
}

# link_release RELEASEVER BASEARCH REPO: OUTDIR/RELEASEVER/BASEARCH -> REPO.
link_release() {
	mkdir -p "$outdir/$1"
	if [ -e "$outdir/$1/$2" ] && [ ! -L "$outdir/$1/$2" ]; then
		die "$outdir/$1/$2 is not a link made by make-repo; move it away"
	fi
	ln -sfn "../$3" "$outdir/$1/$2"
}

write_repositories() {
	local repo flavour a r gpg_lines
	note "writing the repositories"
	# yum 3.2 on Python 2.4 (RHEL 5) cannot check SHA-256 without
	# python-hashlib; yum 3.2 and 3.4 (RHEL 5 to 7) read gzip, not zstd,
	# metadata.  No sqlite databases for el5 and el6: they would be
	# written by this host's SQLite for RHEL 5's 3.3.6 and RHEL 6's
	# 3.6.20, and yum builds its own from the XML.
	run createrepo-SRPMS createrepo_c --checksum sha --repomd-checksum sha \
		--general-compress-type gz --no-database "$outdir/SRPMS"
	for repo in "${repos[@]}"; do
		case $repo in
		el5/*) set -- --checksum sha --repomd-checksum sha --no-database ;;
		el6/*) set -- --checksum sha256 --no-database ;;
		*) set -- --checksum sha256 ;;
		esac
		run "createrepo-${repo//\//-}" createrepo_c "$@" --general-compress-type gz "$outdir/$repo"
	done

	# The links for every repository OUTDIR has, this run's or earlier.
	for flavour in $flavours; do
		for a in i386 x86_64; do
			[ -d "$outdir/$flavour/$a/repodata" ] || continue
			for r in ${releases_of[$flavour]}; do
				link_release "$r" "$a" "$flavour/$a"
			done
			[ "$flavour" != el ] || link_release fedora "$a" "$flavour/$a"
		done
	done

	if [ -n "$sign_key" ]; then
		gpg_lines="gpgcheck=1
gpgkey=$baseurl/RPM-GPG-KEY-cifs-af"
	else
		gpg_lines="# The packages are not signed (make-repo ran without --sign-key).
gpgcheck=0"
	fi
	cat >"$outdir/cifs-af.repo" <<EOF
# cifs-af: a mount.cifs that picks IPv4 or IPv6 by policy, for Red Hat
# Enterprise Linux 5 to 10 and its rebuilds (CentOS, Rocky, Alma, Oracle).
# Copy this file into /etc/yum.repos.d/, then: yum install cifs-af
# On Fedora use cifs-af-fedora.repo instead.
#
# \$releasever picks the repository: 5, 5Server, 5Client read el5/
# (SHA-1 metadata that yum 3.2 reads); 6, 6Server, 6Workstation, 6Client,
# 6ComputeNode and 6.0 to 6.10 read el6/; 7 to 10 (7Server ..., minor
# releases such as 8.6 or 9.4) read el/.  \$basearch is i386 or x86_64.
[cifs-af]
name=cifs-af for Enterprise Linux \$releasever - \$basearch
baseurl=$baseurl/\$releasever/\$basearch/
enabled=1
$gpg_lines

# The SRPM, to rebuild from source (docs/packaging.md).
[cifs-af-source]
name=cifs-af - source RPMs
baseurl=$baseurl/SRPMS/
enabled=0
$gpg_lines
EOF
	cat >"$outdir/cifs-af-fedora.repo" <<EOF
# cifs-af: a mount.cifs that picks IPv4 or IPv6 by policy, for Fedora.
# Copy this file into /etc/yum.repos.d/, then: dnf install cifs-af
#
# Every Fedora release reads the same repository (the el flavour, whose
# binaries need glibc 2.5 or later), so the address has no \$releasever:
# a release that does not exist yet reads it too.
[cifs-af]
name=cifs-af for Fedora - \$basearch
baseurl=$baseurl/fedora/\$basearch/
enabled=1
$gpg_lines
EOF
}
