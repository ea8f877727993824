/* Fuzz target: a DNS answer to the site step's SRV query (resolver/srv.c)
 * and the names in it (resolver/dnsname.c).  The input is the message.
 * Checked: an accepted answer's counts stay within the result's arrays,
 * every name is a terminated string of at most 253 characters, every
 * address is IPv4 or IPv6; a name read from any offset either fails or
 * ends inside the message. */
#include "config.h"

#include "fuzz.h"
#include "resolver/dnsname.h"
#include "resolver/srv.h"

#define QNAME "_ldap._tcp.dc._msdcs.ad.test"

static void check_name(const char *name)
{
	FUZZ_CHECK(memchr(name, '\0', CIFSAF_DNS_NAME_SIZE) != NULL);
	FUZZ_CHECK(strlen(name) <= CIFSAF_DNS_NAME_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cifsaf_srv_answer a;
	struct cifsaf_candidate c[CIFSAF_SRV_ADDRS_MAX];
	char name[CIFSAF_DNS_NAME_SIZE];
	size_t i, pos, n;

	if (cifsaf_srv_parse(data, size, QNAME, &a) == 0) {
		FUZZ_CHECK(a.n_targets <= CIFSAF_SRV_TARGETS_MAX);
		FUZZ_CHECK(a.n_addrs <= CIFSAF_SRV_ADDRS_MAX);
		for (i = 0; i < a.n_targets; i++) {
			check_name(a.targets[i].name);
			FUZZ_CHECK(a.targets[i].name[0] != '\0');
			n = cifsaf_srv_addrs_of(&a, a.targets[i].name, c, CIFSAF_SRV_ADDRS_MAX);
			FUZZ_CHECK(n <= a.n_addrs);
		}
		for (i = 0; i < a.n_addrs; i++) {
			check_name(a.addrs[i].owner);
			FUZZ_CHECK(a.addrs[i].addr.family == AF_INET || a.addrs[i].addr.family == AF_INET6);
		}
	}
	for (i = 0; i < size && i < 64; i++) {
		pos = i;
		if (cifsaf_dns_name_read(data, size, &pos, name) == 0) {
			check_name(name);
			FUZZ_CHECK(pos > i && pos <= size);
		}
	}
	return 0;
}
