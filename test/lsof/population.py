#!/usr/bin/python3
"""A known socket population for the live --source lsof test (test/lsof/live.test.ts).

Run as pid 1 of a private pid namespace inside a private network namespace with lo up:

    population.py WORKDIR

Opens TCP listeners and connections (IPv4, IPv6, dual stack, an IPv4-mapped peer), UDP and
UDP-Lite sockets (bound, connected), a raw socket, UNIX sockets (listening, connected, datagram,
abstract, unnamed pairs), and forks a child that shares every one of them (one socket, two
processes), prints READY, and waits for its stdin to close. Only loopback addresses are used.
"""
import os
import socket
import sys

WORK = sys.argv[1]
keep = []


def K(s):
    keep.append(s)
    return s


def listen(fam, addr, port, v6only=None):
    s = K(socket.socket(fam, socket.SOCK_STREAM))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    s.bind((addr, port))
    s.listen(8)
    return s


def pair(fam, listener, addr, port):
    c = K(socket.socket(fam, socket.SOCK_STREAM))
    c.connect((addr, port))
    K(listener.accept()[0])
    return c


l22 = listen(socket.AF_INET, "0.0.0.0", 22)
l8080 = listen(socket.AF_INET, "127.0.0.1", 8080)
l80 = listen(socket.AF_INET6, "::", 80, v6only=False)
l443 = listen(socket.AF_INET6, "::1", 443, v6only=True)
pair(socket.AF_INET, l8080, "127.0.0.1", 8080).sendall(b"x" * 100)
pair(socket.AF_INET, l80, "127.0.0.1", 80)            # server side: tcp6 with ::ffff:127.0.0.1
pair(socket.AF_INET6, l443, "::1", 443)
K(socket.create_connection(("127.0.0.1", 22)))        # never accepted: in l22's queue

u = K(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)); u.bind(("0.0.0.0", 53))
u = K(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)); u.bind(("127.0.0.1", 5353)); u.connect(("127.0.0.1", 9))
u = K(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)); u.bind(("::", 123))
u = K(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)); u.connect(("::ffff:127.0.0.1", 161))
u = K(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)); u.bind(("::1", 0)); u.connect(("::1", 514))
try:
    u = K(socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDPLITE)); u.bind(("127.0.0.1", 5060))
except OSError:
    pass  # a kernel without UDP-Lite
K(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))

ls = K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); ls.bind(WORK + "/stream.sock"); ls.listen(4)
K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect(WORK + "/stream.sock")
K(ls.accept()[0])
la = K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); la.bind("\0tsl-abstract"); la.listen(4)
dg = K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)); dg.bind(WORK + "/dgram.sock")
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)).connect(WORK + "/dgram.sock")
keep.extend(socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))

# a child holding every socket too; it ends when this process (pid 1) ends
rfd, wfd = os.pipe()
if os.fork() == 0:
    os.close(wfd)
    os.read(rfd, 1)
    os._exit(0)
os.close(rfd)

print("READY", flush=True)
sys.stdin.read()
