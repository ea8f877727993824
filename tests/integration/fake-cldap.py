#!/usr/bin/env python3
"""fake-cldap.py TEMPLATE ADDR=MODE ...: a DC that answers the LDAP ping
(UDP 389) with a broken reply, for the site step's tests.  TEMPLATE is a
real reply captured from Samba (tests/unit/data/cldap-dc1.bin); each
reply is built from it with the request's own message id, then broken as
MODE says:

  truncated  the first half of the datagram
  oversized  the reply followed by 6000 bytes (more than any DC sends)
  badlength  the outer SEQUENCE claims 200 bytes more than there are
  loop       ClientSiteName a compression pointer to itself
  garbage    1200 bytes of noise behind a plausible first byte
  wrongid    a whole, valid reply for another message id
  good       the template as it is (it names site Site2)

Listens on every ADDR given; runs inside a test namespace only."""
import os
import select
import socket
import sys


def ber_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def read_len(buf, pos):
    """(length, position after the length octets)."""
    first = buf[pos]
    if first < 0x80:
        return first, pos + 1
    n = first & 0x7F
    return int.from_bytes(buf[pos + 1:pos + 1 + n], "big"), pos + 1 + n


def split_message(buf):
    """(message id, the protocolOp element, bytes after the message)."""
    length, pos = read_len(buf, 1)
    end = pos + length
    assert buf[pos] == 0x02
    idlen, p = read_len(buf, pos + 1)
    msgid = int.from_bytes(buf[p:p + idlen], "big")
    return msgid, buf[p + idlen:end], buf[end:]


def message(msgid, op):
    mid = msgid.to_bytes((msgid.bit_length() + 8) // 8, "big")
    body = bytes([0x02]) + ber_len(len(mid)) + mid + op
    return bytes([0x30]) + ber_len(len(body)) + body


def reply(template, msgid, mode):
    _, entry, rest = split_message(template)
    _, done, _ = split_message(rest)
    good = message(msgid, entry) + message(msgid, done)
    if mode == "good":
        return good
    if mode == "truncated":
        return good[:len(good) // 2]
    if mode == "oversized":
        return good + b"\x00" * 6000
    if mode == "badlength":
        first = message(msgid, entry)
        length, pos = read_len(first, 1)
        return b"\x30\x82" + (length + 200).to_bytes(2, "big") + first[pos:]
    if mode == "loop":
        # The last name before the 8-byte trailer is ClientSiteName
        # ("\x05Site2\x00" in the template): make it point at itself.
        at = entry.rindex(b"\x05Site2\x00")
        value_start = entry.index(b"\x17\x00")
        off = at - value_start
        broken = entry[:at] + bytes([0xC0 | (off >> 8), off & 0xFF]) + entry[at + 7:]
        # Two bytes shorter now: fix every enclosing length by rebuilding
        # the entry's lengths the simple way, with the same shape.
        return message(msgid, rebuild(broken, len(entry) - len(broken)))
    if mode == "garbage":
        return b"\x30" + os.urandom(1200)
    if mode == "wrongid":
        return message(msgid + 1, entry) + message(msgid + 1, done)
    raise SystemExit("unknown mode " + mode)


def rebuild(entry, shrink):
    """entry (searchResEntry) whose innermost value lost shrink bytes:
    lower each of its nested definite lengths (all short form here) by
    shrink, outermost first, along the path to the value."""
    out = bytearray(entry)
    pos = 0
    # [APPLICATION 4] -> objectName (skip) -> attributes SEQUENCE ->
    # PartialAttribute SEQUENCE -> type (skip) -> SET -> OCTET STRING
    path = []
    tag_pos = 0
    length, p = read_len(out, 1)
    path.append(1)
    p_obj_len, q = read_len(out, p + 1)
    pos = q + p_obj_len
    for _ in range(2):      # attributes, PartialAttribute
        path.append(pos + 1)
        _, pos = read_len(out, pos + 1)
    tlen, q = read_len(out, pos + 1)
    pos = q + tlen
    for _ in range(2):      # SET, OCTET STRING
        path.append(pos + 1)
        _, pos = read_len(out, pos + 1)
    for at in path:
        assert out[at] < 0x80, "the template's lengths are short-form"
        out[at] -= shrink
    del tag_pos
    return bytes(out)


def main():
    template = open(sys.argv[1], "rb").read()
    socks = {}
    for spec in sys.argv[2:]:
        addr, mode = spec.rsplit("=", 1)
        s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((addr, 389))
        socks[s] = mode
    while True:
        ready, _, _ = select.select(list(socks), [], [])
        for s in ready:
            req, peer = s.recvfrom(4096)
            try:
                msgid = split_message(req)[0]
            except (AssertionError, IndexError, ValueError):
                continue
            s.sendto(reply(template, msgid, socks[s]), peer)


if __name__ == "__main__":
    main()
