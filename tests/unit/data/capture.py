#!/usr/bin/env python3
"""capture.py OUTDIR DNS-SERVER: ask the test domain's DNS server and DCs
the questions cifs-af's site step asks, and keep each raw reply as a file,
for the unit tests of resolver/srv.c and resolver/cldap.c.  Run by
capture.sh inside the client's namespace; the requests are built here, on
their own, from RFC 1035 and [MS-ADTS] 6.3.3, so that the C builder can be
checked against a request a real DC answered."""
import os
import socket
import struct
import sys


def ber_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    return bytes([tag]) + ber_len(len(value)) + value


def cldap_request(msgid, domain, user=None):
    def eq(attr, value):
        return tlv(0xA3, tlv(0x04, attr) + tlv(0x04, value))
    items = eq(b"DnsDomain", domain.encode()) + eq(b"NtVer", b"\x06\x00\x00\x00")
    if user:
        items += eq(b"User", user.encode())
    search = (tlv(0x04, b"") + tlv(0x0A, b"\x00") + tlv(0x0A, b"\x00") + tlv(0x02, b"\x00")
              + tlv(0x02, b"\x00") + tlv(0x01, b"\x00") + tlv(0xA0, items)
              + tlv(0x30, tlv(0x04, b"NetLogon")))
    mid = msgid.to_bytes((msgid.bit_length() + 8) // 8, "big")
    return tlv(0x30, tlv(0x02, mid) + tlv(0x63, search))


def dns_query(qid, name, qtype):
    q = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\x00"
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", qtype, 1)


def ask(addr, port, msg):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(msg, (addr, port))
    data = s.recv(65535)
    s.close()
    return data


def keep(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)
    print("%-28s %4d bytes" % (name, len(data)))


def main():
    outdir, dns = sys.argv[1], sys.argv[2]
    dc1, dc2, dc1v6 = "192.0.2.20", "198.51.100.20", "2001:db8:3:1::20"
    srv = 33
    keep(outdir, "srv-dc.bin", ask(dns, 53, dns_query(0x1001, "_ldap._tcp.dc._msdcs.ad.test", srv)))
    keep(outdir, "srv-site2.bin",
         ask(dns, 53, dns_query(0x1002, "_ldap._tcp.Site2._sites.dc._msdcs.ad.test", srv)))
    keep(outdir, "srv-none.bin", ask(dns, 53, dns_query(0x1003, "_ldap._tcp.dc._msdcs.fs.test", srv)))
    keep(outdir, "cldap-request.bin", cldap_request(7, "ad.test"))
    keep(outdir, "cldap-dc1.bin", ask(dc1, 389, cldap_request(7, "ad.test")))
    keep(outdir, "cldap-dc2.bin", ask(dc2, 389, cldap_request(7, "ad.test")))
    keep(outdir, "cldap-dc1-v6.bin", ask(dc1v6, 389, cldap_request(7, "ad.test")))
    keep(outdir, "cldap-user-unknown.bin", ask(dc1, 389, cldap_request(7, "ad.test", "nosuchuser")))
    keep(outdir, "cldap-other-domain.bin", ask(dc1, 389, cldap_request(7, "other.test")))
    keep(outdir, "cldap-msgid-300.bin", ask(dc1, 389, cldap_request(300, "ad.test")))


if __name__ == "__main__":
    main()
