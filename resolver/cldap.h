/* cldap.h: the LDAP ping of [MS-ADTS] 6.3.3, a search over UDP (CLDAP,
 * RFC 4511's LDAPMessage without a bind) for the NetLogon attribute of a
 * DC's rootDSE, and the NETLOGON_SAM_LOGON_RESPONSE_EX it answers with
 * ([MS-ADTS] 6.3.1.9), from which the client learns its own AD site.
 *
 * Pure: the request is built into a caller's buffer, the reply parsed from
 * the datagram's bytes.  The reply comes from the network, unauthenticated
 * and spoofable, so the parser trusts no length: every BER length (short
 * and long form, at most 4 length octets, definite only) must fit inside
 * the element that contains it, every NetLogon name is read with
 * dnsname.h's checks inside the attribute value's own bytes, and every
 * fixed field must be there before it is read. */
#ifndef CIFSAF_CLDAP_H
#define CIFSAF_CLDAP_H

#include <stddef.h>
#include <stdint.h>

#include "dnsname.h"

#define CIFSAF_CLDAP_PORT 389
/* A request for a 253-byte domain is about 330 bytes. */
#define CIFSAF_CLDAP_REQUEST_MAX 512
/* The largest reply read; a real one is 100 to 300 bytes. */
#define CIFSAF_CLDAP_REPLY_MAX 4096

/* NETLOGON_NT_VERSION_5 | NETLOGON_NT_VERSION_5EX ([MS-ADTS] 6.3.1.1):
 * asks for the _EX reply with the site names, as Windows clients do. */
#define CIFSAF_NETLOGON_NT_VERSION 0x00000006u

/* Opcodes of the reply ([MS-ADTS] 6.3.1.9 and 6.3.1.8). */
#define CIFSAF_LOGON_SAM_LOGON_RESPONSE_EX 23
#define CIFSAF_LOGON_SAM_PAUSE_RESPONSE_EX 24
#define CIFSAF_LOGON_SAM_USER_UNKNOWN_EX 25

struct cifsaf_netlogon {
	uint16_t opcode;
	uint32_t flags;			/* DS_*_FLAG bits of the DC */
	char dns_forest[CIFSAF_DNS_NAME_SIZE];
	char dns_domain[CIFSAF_DNS_NAME_SIZE];
	char dns_host[CIFSAF_DNS_NAME_SIZE];
	char netbios_domain[CIFSAF_DNS_NAME_SIZE];
	char netbios_host[CIFSAF_DNS_NAME_SIZE];
	char user[CIFSAF_DNS_NAME_SIZE];
	char dc_site[CIFSAF_DNS_NAME_SIZE];	/* the DC's own site */
	char client_site[CIFSAF_DNS_NAME_SIZE];	/* the site of the address the ping came from; "" when none */
	uint32_t nt_version;		/* 0 when the reply stops after the names */
};

/* The search request: messageID msgid (1 to 2^31-1), base "" (rootDSE),
 * scope base, filter (&(DnsDomain=DOMAIN)(NtVer=\06\00\00\00)), attribute
 * NetLogon.  domain must be a host name (cifsaf_hostname_valid).  Returns
 * the length written into buf, or -EINVAL (domain, msgid), -ENOSPC. */
int cifsaf_cldap_request(uint32_t msgid, const char *domain, uint8_t *buf, size_t size);

/* Parse one reply datagram of len bytes to the request with msgid: a
 * searchResEntry whose attribute "netLogon" (any case) holds one value, the
 * NetLogon blob (a searchResDone may follow it in the same datagram, and is
 * not needed).  Returns 0 with *ret filled for LOGON_SAM_LOGON_RESPONSE_EX
 * and LOGON_SAM_USER_UNKNOWN_EX (both carry the sites); -EAGAIN for
 * LOGON_SAM_PAUSE_RESPONSE_EX (the DC's NetLogon service is paused: ask
 * another); -ESRCH when msgid is not the request's (a stray or late reply);
 * -ENOENT when the DC answered with a searchResDone alone (it does not
 * serve that domain); -EBADMSG for everything malformed, another opcode
 * included. */
int cifsaf_cldap_parse(const uint8_t *msg, size_t len, uint32_t msgid, struct cifsaf_netlogon *ret);

/* The NetLogon blob alone (the attribute value), len bytes.  Returns as
 * cifsaf_cldap_parse for the opcode, or -EBADMSG. */
int cifsaf_netlogon_parse(const uint8_t *blob, size_t len, struct cifsaf_netlogon *ret);

#endif
