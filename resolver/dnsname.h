/* dnsname.h: domain names in DNS wire format (RFC 1035 section 3.1 and the
 * message compression of section 4.1.4), read from bytes nobody vouches
 * for: DNS answers, and the names inside a DC's NetLogon reply ([MS-ADTS]
 * 6.3.1.9 compresses them the same way, relative to the start of the
 * NetLogon blob).  Pure and bounded: every label length and pointer is
 * checked against the buffer, a pointer must point strictly before the
 * label it replaces (so expansion always ends), and the text never grows
 * past CIFSAF_DNS_NAME_MAX. */
#ifndef CIFSAF_DNSNAME_H
#define CIFSAF_DNSNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 255 octets on the wire (RFC 1035 2.3.4) give at most 253 characters of
 * dotted text; the buffer holds them and the NUL. */
#define CIFSAF_DNS_NAME_MAX 253
#define CIFSAF_DNS_NAME_SIZE (CIFSAF_DNS_NAME_MAX + 1)
#define CIFSAF_DNS_LABEL_MAX 63
#define CIFSAF_DNS_WIRE_MAX 255

/* Expand the name at msg[*pos] (msg is the whole message, len bytes: the
 * frame compression pointers count from) into ret as dotted text without a
 * final dot; the root name gives "".  Label bytes must be printable ASCII
 * other than '.', '\\' and blanks, so the text says exactly what the wire
 * said and is safe in a trace or a syslog record.  Returns 0 with *pos just
 * past the name's bytes at *pos (a pointer ends them), or -EBADMSG: a label
 * or pointer past the end, a pointer that does not point backwards, the
 * reserved label types 0x40 and 0x80, an unprintable byte, a name longer
 * than 255 octets. */
int cifsaf_dns_name_read(const uint8_t *msg, size_t len, size_t *pos, char ret[CIFSAF_DNS_NAME_SIZE]);

/* Step over the name at msg[*pos] with the same checks (the name is
 * expanded and discarded).  Returns 0 or -EBADMSG. */
int cifsaf_dns_name_skip(const uint8_t *msg, size_t len, size_t *pos);

/* Encode a dotted name (an optional final dot, no empty label, labels of
 * at most 63 bytes) without compression into buf.  Returns the length, or
 * -EINVAL for a name that cannot be encoded, -ENOSPC when buf is too small. */
int cifsaf_dns_name_encode(const char *name, uint8_t *buf, size_t size);

/* Are two names the same name (ASCII case-insensitive, a final dot
 * ignored)? */
bool cifsaf_dns_name_equal(const char *a, const char *b);

#endif
