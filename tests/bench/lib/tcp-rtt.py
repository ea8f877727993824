#!/usr/bin/env python3
"""tcp-rtt.py ADDR PORT COUNT: the time a TCP connect to ADDR:PORT takes
(SYN out, SYN-ACK back: one round trip plus the kernels' work), COUNT
times, one value in microseconds a line.  The decision benchmark compares
its decision times with this round trip."""
import socket
import sys
import time


def main():
    addr, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    for _ in range(count):
        s = socket.socket(family, socket.SOCK_STREAM)
        t0 = time.perf_counter_ns()
        s.connect((addr, port))
        t1 = time.perf_counter_ns()
        s.close()
        print((t1 - t0) // 1000)
        # Let smbd finish with the connection before the next one.
        time.sleep(0.05)


if __name__ == "__main__":
    main()
