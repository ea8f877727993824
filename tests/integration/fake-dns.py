#!/usr/bin/env python3
"""fake-dns.py ADDR NAME,A,AAAA,HOW ...: a tiny UDP DNS server for the tests.

Answers A queries for NAME at once with address A, and AAAA queries with
address AAAA as HOW says: "now", "drop" (never answered: the client waits
for its resolver timeout) or a delay in milliseconds.  Other names get
NXDOMAIN; other query types an empty answer.  Listens on ADDR port 53.
Written for cifs-af's decision tests; runs inside a test namespace only.
"""
import socket
import struct
import sys
import threading

QTYPE_A, QTYPE_AAAA = 1, 28


def parse_question(msg):
    """(lower-case name, qtype, end of the question) or None."""
    pos, labels = 12, []
    while pos < len(msg):
        n = msg[pos]
        if n == 0:
            pos += 1
            break
        if n & 0xC0:
            return None
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace").lower())
        pos += 1 + n
    if pos + 4 > len(msg):
        return None
    qtype, _ = struct.unpack("!HH", msg[pos:pos + 4])
    return ".".join(labels), qtype, pos + 4


def response(query, qend, rcode, rdata=None, qtype=0):
    flags = 0x8000 | 0x0400 | (struct.unpack("!H", query[2:4])[0] & 0x0100) | 0x0080 | rcode
    head = query[:2] + struct.pack("!HHHHH", flags, 1, 1 if rdata else 0, 0, 0)
    body = query[12:qend]
    if rdata:
        body += b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 60, len(rdata)) + rdata
    return head + body


def main():
    listen, zone = sys.argv[1], {}
    for spec in sys.argv[2:]:
        name, a, aaaa, how = spec.split(",")
        zone[name.lower()] = (a, aaaa, how)
    sock = socket.socket(socket.AF_INET6 if ":" in listen else socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((listen, 53))
    while True:
        query, peer = sock.recvfrom(4096)
        q = parse_question(query)
        if q is None:
            continue
        name, qtype, qend = q
        if name not in zone:
            sock.sendto(response(query, qend, 3), peer)
            continue
        a, aaaa, how = zone[name]
        if qtype == QTYPE_A:
            sock.sendto(response(query, qend, 0, socket.inet_pton(socket.AF_INET, a), qtype), peer)
        elif qtype == QTYPE_AAAA:
            msg = response(query, qend, 0, socket.inet_pton(socket.AF_INET6, aaaa), qtype)
            if how == "now":
                sock.sendto(msg, peer)
            elif how != "drop":
                threading.Timer(int(how) / 1000.0, sock.sendto, (msg, peer)).start()
        else:
            sock.sendto(response(query, qend, 0), peer)


if __name__ == "__main__":
    main()
