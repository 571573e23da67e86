#!/usr/bin/python3
"""Sockets and misbehaving DNS servers for test/faults/resolver.test.ts. Runs inside the test's own
network namespace; prints READY once everything is open and keeps it until stdin closes.

Sockets: a TCP listener on 10.77.0.1:8000 and one connection to it from 10.77.0.2:40001.
Name servers, one per loopback address, each answering PTR queries in its own way:
  127.0.0.11  good      10.77.0.1 -> svc.example.test, NXDOMAIN for the rest
  127.0.0.12  short     a 5-byte reply
  127.0.0.13  wrongid   a good answer under another query id
  127.0.0.14  loop      an answer whose name is a compression pointer to itself
  127.0.0.15  long      an answer whose name is longer than 255 bytes
  127.0.0.16  control   an answer whose name holds control bytes (ESC [ 3 1 m)
  127.0.0.17  late      a good answer after 3 seconds
  127.0.0.18  tc        the TC bit over UDP; the good answer over TCP
  127.0.0.19  silent    never answers
  127.0.0.20  tc        the TC bit over UDP, and nothing listens on TCP (the connection is refused)
  127.0.0.21  refused   REFUSED over UDP; the good answer over TCP
The TCP servers answer one query a connection, the answer and their FIN in one segment (TCP_CORK,
then shutdown): the client reads both at once, and its close() ends the connection on both sides
before it returns; TIME_WAIT is off in the namespace (tcp_max_tw_buckets 0). So no DNS connection
outlives the lookup that made it, to show in a later table (or in netstat's own, which it reads
between lookups).
"""
import os, socket, struct, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from dns_tcp import serve_tcp  # noqa: E402

keep = []


def encode(name):
    out = b""
    for label in name.split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\0"


def question(data):
    i = 12
    while data[i]:
        i += data[i] + 1
    return data[12:i + 5], data[12:i + 1]


def answer(data, rdata, flags=0x8180, qid=None):
    """A reply with one PTR record whose owner points at the question (0xc00c)."""
    q, qname = question(data)
    if qid is None:
        qid = struct.unpack(">H", data[:2])[0]
    if rdata is None:  # NXDOMAIN
        return struct.pack(">HHHHHH", qid, flags | 3, 1, 0, 0, 0) + q
    rr = b"\xc0\x0c" + struct.pack(">HHIH", 12, 1, 60, len(rdata)) + rdata
    return struct.pack(">HHHHHH", qid, flags, 1, 1, 0, 0) + q + rr


def good(data):
    _, qname = question(data)
    if qname == encode(b"1.0.77.10.in-addr.arpa"):
        return answer(data, encode(b"svc.example.test"))
    return answer(data, None)


def respond(mode, data):
    if mode == "good":
        return good(data)
    if mode == "short":
        return data[:5]
    if mode == "wrongid":
        qid = struct.unpack(">H", data[:2])[0]
        return answer(data, encode(b"svc.example.test"), qid=qid ^ 0x5a5a)
    if mode == "loop":
        # the PTR target sits at offset 12 + len(question) + 12; a pointer to itself
        q, _ = question(data)
        at = 12 + len(q) + 12
        return answer(data, struct.pack(">H", 0xC000 | at))
    if mode == "long":
        return answer(data, encode(b".".join([b"a" * 63] * 5)))
    if mode == "control":
        return answer(data, encode(b"evil\x1b[31m.example.test"))
    if mode == "tc":
        q, _ = question(data)
        qid = struct.unpack(">H", data[:2])[0]
        return struct.pack(">HHHHHH", qid, 0x8380, 1, 0, 0, 0) + q
    if mode == "refused":
        q, _ = question(data)
        qid = struct.unpack(">H", data[:2])[0]
        return struct.pack(">HHHHHH", qid, 0x8185, 1, 0, 0, 0) + q
    return None


def udp_server(addr, mode):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    keep.append(s)
    while True:
        data, peer = s.recvfrom(4096)
        try:
            if mode == "silent":
                continue
            if mode == "late":
                threading.Timer(3.0, lambda d=data, p=peer: s.sendto(good(d), p)).start()
                continue
            out = respond(mode, data)
            if out is not None:
                s.sendto(out, peer)
        except Exception as e:  # a bad query: say so, keep serving
            sys.stderr.write("dns %s: %r\n" % (mode, e))


def tcp_server(addr):
    serve_tcp(addr, good, keep, backlog=16)


with open("/proc/sys/net/ipv4/tcp_max_tw_buckets", "w") as f:
    f.write("0")

MODES = {11: "good", 12: "short", 13: "wrongid", 14: "loop", 15: "long", 16: "control", 17: "late", 18: "tc", 19: "silent", 20: "tc", 21: "refused"}
for last, mode in MODES.items():
    threading.Thread(target=udp_server, args=("127.0.0.%d" % last, mode), daemon=True).start()
for last in (18, 21):
    threading.Thread(target=tcp_server, args=("127.0.0.%d" % last,), daemon=True).start()

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("10.77.0.1", 8000))
srv.listen(8)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cli.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
cli.bind(("10.77.0.2", 40001))
cli.connect(("10.77.0.1", 8000))
acc, _ = srv.accept()
keep += [srv, cli, acc]
time.sleep(0.2)
sys.stdout.write("READY\n")
sys.stdout.flush()
sys.stdin.read()
