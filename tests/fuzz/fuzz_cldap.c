/* Fuzz target: a DC's reply to the LDAP ping (resolver/cldap.c): the
 * CLDAP datagram and the NETLOGON_SAM_LOGON_RESPONSE_EX inside it.  The
 * input is the datagram; it is also parsed as a bare NetLogon blob.
 * Checked: an accepted reply has one of the two opcodes that carry the
 * sites and every name is a terminated string of at most 253 characters;
 * a refusal is one of the documented errors. */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "resolver/cldap.h"

static void check(const struct cifsaf_netlogon *nl, int r)
{
	const char *const names[] = {
		nl->dns_forest, nl->dns_domain, nl->dns_host, nl->netbios_domain,
		nl->netbios_host, nl->user, nl->dc_site, nl->client_site,
	};
	size_t i;

	FUZZ_CHECK(r == 0 || r == -EBADMSG || r == -EAGAIN || r == -ESRCH || r == -ENOENT);
	if (r != 0)
		return;
	FUZZ_CHECK(nl->opcode == CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX ||
		   nl->opcode == CIFSAF_LOGON_SAM_USER_UNKNOWN_EX);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		FUZZ_CHECK(memchr(names[i], '\0', CIFSAF_DNS_NAME_SIZE) != NULL);
		FUZZ_CHECK(strlen(names[i]) <= CIFSAF_DNS_NAME_MAX);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cifsaf_netlogon nl;

	check(&nl, cifsaf_cldap_parse(data, size, 7, &nl));
	check(&nl, cifsaf_netlogon_parse(data, size, &nl));
	return 0;
}
