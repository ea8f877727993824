#!/usr/bin/env python3
"""syslog-listen.py SOCKET OUT: a syslog collector for the tests.

Binds a datagram socket at SOCKET (/dev/log in a private mount namespace)
and appends every record to OUT, one per line, exactly as received (so the
<PRI> prefix can be checked).  On SIGTERM it reads what is still queued and
exits.
"""
import os
import signal
import socket
import sys

stop = False


def on_term(*_):
    global stop
    stop = True


def main():
    path, out = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGTERM, on_term)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o666)
    sock.settimeout(0.05)
    with open(out, "ab", buffering=0) as f:
        while True:
            try:
                data = sock.recv(65536)
            except socket.timeout:
                if stop:
                    break
                continue
            f.write(data.replace(b"\n", b" ").rstrip(b"\0") + b"\n")


if __name__ == "__main__":
    main()
