# shellcheck shell=bash
#
# tests/e2e/lib/expect-keyring.sh - what the keyring scenarios
# (guest/keyring.sh) must show, per helper; e2e_check in expect.sh hands
# them here.  Needs expect.sh's _want_* helpers and harness.sh.

# _want_less KEY THAN: a time field below another (or a number).
_want_less() {
	local a b
	a=$(_e2e_get "$1")
	if [[ $2 =~ ^[0-9]+$ ]]; then b=$2; else b=$(_e2e_get "$2"); fi
	if ! [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]]; then
		_e2e_why "no time in $1 ($a) or $2 ($b)"
	elif ((a >= b)); then
		_e2e_why "$1=$a ms, want less than ${2} ($b ms)"
	fi
}

# addr_of KEY ADDR: an address field, compared as addresses.
_want_addr_of() {
	local got
	got=$(_e2e_get "$1")
	[ "$(e2e_norm_addr "$got")" = "$(e2e_norm_addr "$2")" ] || _e2e_why "$1=${got:-(none)}, want $2"
}

# syslog_count TEXT N: N records of the scenario contain TEXT.
_want_syslog_count() {
	local got
	got=$(e2e_lines "$E2E_LABEL" "$E2E_SCEN" syslog | grep -cF -- "$1")
	[ "$got" = "$2" ] || _e2e_why "$got syslog records with '$1', want $2"
}

# e2e_check_keyring LABEL SCENARIO: as e2e_check, for the keyring scenarios.
e2e_check_keyring() {
	case "$1:$2" in
	cifs-af:cache-shares)
		# Three shares of the server whose IPv6 path is blackholed.  The
		# first mount races (IPv4 one connection attempt delay after
		# IPv6) and the parent stores the winner; the next two are
		# decided by the cache, with no stagger, so each is faster.
		_want_mounted; _want_addr "$E2E_SERVER_V4"; _want_ms 250 3000
		_want_field content2 "$E2E_KNOWN_CONTENT"; _want_field content3 "$E2E_KNOWN_CONTENT"
		_want_addr_of addr2 "$E2E_SERVER_V4"; _want_addr_of addr3 "$E2E_SERVER_V4"
		_want_field decided race,cache,cache
		_want_less ms2 ms; _want_less ms3 ms
		_want_field keys 1
		_want_log "share: cache: nothing cached for cifs-af:v6drop.test:445"
		_want_log "share: cache: stored $E2E_SERVER_V4 port 445 for 600 s"
		_want_log_re "^share2: cache: key [0-9]+ \\(cifs-af:v6drop.test:445\\): ${E2E_SERVER_V4//./\\.} port 445 won a race [0-9]+ s ago"
		# Started when the lookups are in, which a slow guest may count
		# as a millisecond or two after the race's zero.
		_want_log_re "^share3: probe ${E2E_SERVER_V4//./\\.} port 445 \\(cached, no stagger\\): started at [0-9]+ ms, connected"
		_want_log_re "^keyctl: .* user: cifs-af:v6drop.test:445$"
		_want_syslog 3 "//v6drop.test/share: policy happy-eyeballs"
		_want_syslog_count "decided by the cache" 2 ;;
	cifs-utils:cache-shares)
		# No cache: each mount waits ~10 s for the blackholed IPv6
		# address and fails (7.0 does not retry EINPROGRESS).
		_want_failed 32; _want_ms 8000 20000
		_want_field decided none,none,none
		_want_field keys 0 ;;
	cifs-af:dfs-referral)
		# The root over IPv6 (healthy), then the kernel resolves the
		# link's server through request-key: cifs-af.dnsresolver probes,
		# IPv6 is blackholed, and the submount is on IPv4.
		_want_mounted; _want_addr_of root_addr "$E2E_SERVER_V6"
		_want_field link_status 0; _want_addr "$E2E_SERVER_V4"; _want_ms 0 5000
		# (the kernel also looks the root's own server up: fs.test)
		_want_syslog_count "dns_resolver v6drop.test: policy happy-eyeballs" 1
		_want_syslog_count "cannot cache" 0
		_want_syslog_count "answered $E2E_SERVER_V4" 1 ;;
	cifs-utils:dfs-referral)
		# key.dns_resolver, asked without options, answers with the first
		# IPv4 address only ("legacy mode"): the submount lands on IPv4
		# here too, but only because it never considers IPv6.  The kernel
		# also looks the root's server up itself and moves the root to
		# IPv4, although cifs-utils passed the IPv6 address getaddrinfo
		# put first (its healthy scenario mounts over IPv6).
		_want_mounted; _want_field link_status 0; _want_addr "$E2E_SERVER_V4"; _want_ms 0 5000
		_want_addr_of root_addr "$E2E_SERVER_V4"
		_want_log "mounts: //fs.test/dfs /mnt/e2e cifs"
		_want_syslog_count "cifs-af.dnsresolver" 0 ;;
	cifs-af:dfs-v6only)
		_want_mounted; _want_field link_status 0; _want_addr "$E2E_SERVER_V6"; _want_ms 0 5000
		_want_syslog_count "dns_resolver v6only.test: policy happy-eyeballs" 1
		_want_syslog_count "answered $E2E_SERVER_V6" 1 ;;
	cifs-utils:dfs-v6only)
		# key.dns_resolver's IPv4-only answer: there is none, so the
		# referral cannot be followed and nothing is read.
		_want_field status 0; _want_field content ""
		[ "$(_e2e_get link_status)" != 0 ] || _e2e_why "the link was read"
		[ -z "$(_e2e_get addr)" ] || _e2e_why "a submount on $(_e2e_get addr)"
		_want_syslog_count "key.dns_resolver: v6only.test: No address associated with name" 1 ;;
	*)
		_e2e_why "no expectation for helper $1 in scenario $2" ;;
	esac
}
