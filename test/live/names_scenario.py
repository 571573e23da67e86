#!/usr/bin/python3
"""Socket population and DNS server for test/live/names*.test.ts. Runs inside the test's network
namespace (whose /etc/resolv.conf points at 127.0.0.53), prints READY once every socket is open,
and keeps them until stdin closes.

  names_scenario.py names DIR   PTR answers for a few addresses, NXDOMAIN for the rest
  names_scenario.py dead DIR N  a name server that swallows every query; N distinct peers
  names_scenario.py tcp DIR     DNS over TCP: truncated answers, and servers that speak TCP or not:
      127.0.0.53  UDP and TCP: over UDP some answers are truncated (TC), over TCP all are whole
      127.0.0.55  UDP only: every answer truncated; TCP refused (nothing listens)
      127.0.0.56  REFUSED over UDP; the answers of 127.0.0.53 over TCP
    The TCP servers send each answer and their FIN in one segment (TCP_CORK, then shutdown), so
    the client's close() ends the connection on both sides before it returns, and TIME_WAIT is off
    in the namespace: no DNS connection outlives the lookup that made it, to show in a table
    (netstat reads its table between lookups).
"""
import os, socket, struct, sys, threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from dns_tcp import serve_tcp  # noqa: E402

MODE, DIR = sys.argv[1], sys.argv[2]
keep = []


def encode(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("latin1")
    return out + b"\0"


LONG = "a-very-long-reverse-name.for-truncation.example.test"
N127 = ("x" * 60 + ".") * 2 + "y" * 5  # 127 characters
N128 = ("x" * 60 + ".") * 2 + "y" * 6  # 128 characters

def v6ptr(addr):
    b = socket.inet_pton(socket.AF_INET6, addr)
    return ".".join("%x.%x" % (c & 15, c >> 4) for c in reversed(b)) + ".ip6.arpa"

# owner name -> list of (type, target), or "SERVFAIL"
PTR = {
    "1.0.10.127.in-addr.arpa": [(12, "alpha.test")],
    "2.0.10.127.in-addr.arpa": [(12, LONG)],
    "4.0.10.127.in-addr.arpa": [(12, "bad name.test")],
    "5.0.10.127.in-addr.arpa": [(5, "5.0-24.0.10.127.in-addr.arpa"), (12, "classless.test")],
    "6.0.10.127.in-addr.arpa": "SERVFAIL",
    "7.0.10.127.in-addr.arpa": [(12, "first.test"), (12, "second.test")],
    "8.0.10.127.in-addr.arpa": [(12, N127)],
    "9.0.10.127.in-addr.arpa": [(12, N128 + "zzzzzzzzzz")],
    "1.0.0.127.in-addr.arpa": [(12, "loopback-from-dns.test")],
    v6ptr("fd00::1"): [(12, "six.test")],
    v6ptr("fd00::3"): [(12, N127)],
    v6ptr("fd00::4"): [(12, N128)],
}


# tcp mode: owner name -> {"udp": what UDP says, "tcp": the records over TCP}; "udp" is "TC" (the
# TC bit, no records) or ("TC", records) (the TC bit and some records); a plain list is both
PTR_TCP = {
    "10.0.10.127.in-addr.arpa": {"udp": "TC", "tcp": [(12, "over-tcp.test")]},
    "11.0.10.127.in-addr.arpa": {"udp": ("TC", [(12, "partial-udp.test")]), "tcp": [(12, "whole-tcp.test")]},
    "12.0.10.127.in-addr.arpa": [(12, "plain-udp.test")],
    v6ptr("fd00::10"): {"udp": "TC", "tcp": [(12, "six-over-tcp.test")]},
}


def reply(data, entry, flags=0x8180):
    """The answer to query `data`: entry is a list of (type, target), "SERVFAIL", "REFUSED" or None (NXDOMAIN)."""
    qid, = struct.unpack(">H", data[:2])
    i = 12
    while data[i]:
        i += 1 + data[i]
    question = data[12:i + 5]
    rcode, answers, count = 3, b"", 0
    if entry == "SERVFAIL":
        rcode = 2
    elif entry == "REFUSED":
        rcode = 5
    elif entry is not None:
        rcode, owner = 0, b"\xc0\x0c"
        for rtype, target in entry:
            rdata = encode(target)
            answers += owner + struct.pack(">HHIH", rtype, 1, 60, len(rdata)) + rdata
            count += 1
            if rtype == 5:
                owner = encode(target)
    return struct.pack(">HHHHHH", qid, flags | rcode, 1, count, 0, 0) + question + answers


def qname(data):
    i, labels = 12, []
    while data[i]:
        labels.append(data[i + 1:i + 1 + data[i]].decode("latin1"))
        i += 1 + data[i]
    return ".".join(labels).lower()


def names_udp(data):
    return reply(data, PTR.get(qname(data)))


def tcp_udp(data):
    """127.0.0.53 over UDP in tcp mode."""
    entry = PTR_TCP.get(qname(data))
    if isinstance(entry, dict):
        udp = entry["udp"]
        return reply(data, udp[1] if isinstance(udp, tuple) else [], 0x8380)
    return reply(data, entry)


def tcp_tcp(data):
    """127.0.0.53 and 127.0.0.56 over TCP in tcp mode: every answer whole."""
    entry = PTR_TCP.get(qname(data))
    return reply(data, entry["tcp"] if isinstance(entry, dict) else entry)


def udp_server(addr, respond):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    keep.append(s)
    while True:
        data, peer = s.recvfrom(4096)
        if respond is None:
            continue  # swallow
        try:
            s.sendto(respond(data), peer)
        except Exception as e:  # a test server: never die on a strange query
            sys.stderr.write("dns: %r\n" % e)


def tcp_server(addr, respond):
    serve_tcp(addr, respond, keep)


def serve(target, *args):
    threading.Thread(target=target, args=args, daemon=True).start()


if MODE == "tcp":
    with open("/proc/sys/net/ipv4/tcp_max_tw_buckets", "w") as f:
        f.write("0")
    serve(udp_server, "127.0.0.53", tcp_udp)
    serve(tcp_server, "127.0.0.53", tcp_tcp)
    serve(udp_server, "127.0.0.55", lambda data: reply(data, [], 0x8380))
    serve(udp_server, "127.0.0.56", lambda data: reply(data, "REFUSED"))
    serve(tcp_server, "127.0.0.56", tcp_tcp)
else:
    serve(udp_server, "127.0.0.53", None if MODE == "dead" else names_udp)


def listen(fam, addr, port, kind=socket.SOCK_STREAM):
    s = socket.socket(fam, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    if kind == socket.SOCK_STREAM:
        s.listen(512)
    keep.append(s)
    return s


def connect(fam, bind, server, dest):
    c = socket.socket(fam, socket.SOCK_STREAM)
    if bind:
        c.bind(bind)
    c.connect(dest)
    keep.append(c)
    keep.append(server.accept()[0])


if MODE == "names":
    tcp = {}
    for port in (22, 25, 80, 3306, 5432, 2049, 6000, 631, 8080, 7, 4711, 40123):
        tcp[port] = listen(socket.AF_INET, "0.0.0.0" if port != 631 else "127.0.0.1", port)
    https = listen(socket.AF_INET6, "::", 443)
    listen(socket.AF_INET6, "::1", 5432)
    listen(socket.AF_INET, "127.0.0.1", 53)                              # domain/tcp
    for port in (2049, 123, 514, 4711):
        listen(socket.AF_INET, "0.0.0.0", port, socket.SOCK_DGRAM)
    listen(socket.AF_INET6, "::", 443, socket.SOCK_DGRAM)                 # https/udp (HTTP/3)
    ssh, http_alt = tcp[22], tcp[8080]
    for last in range(1, 10):                                            # PTR cases 127.10.0.1-9
        connect(socket.AF_INET, ("127.10.0.%d" % last, 41000 + last), ssh, ("127.0.0.1", 22))
    connect(socket.AF_INET, ("127.0.0.3", 42000), http_alt, ("127.0.0.1", 8080))  # in hosts
    connect(socket.AF_INET6, ("::ffff:127.10.0.1", 0), https, ("::ffff:127.0.0.1", 443))
    connect(socket.AF_INET6, ("::ffff:127.0.0.1", 0), https, ("::ffff:127.0.0.1", 443))
    connect(socket.AF_INET6, ("::ffff:127.10.0.3", 0), https, ("::ffff:127.0.0.1", 443))
    for src in ("fd00::1", "fd00::2", "fd00::3", "fd00::4", "::1"):
        connect(socket.AF_INET6, (src, 0), https, ("fd00::2", 443))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.10.0.1", 5353)); u.connect(("127.10.0.2", 2049)); keep.append(u)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0)); u.connect(("127.10.0.7", 443)); keep.append(u)
    for i, path in enumerate(("srv.sock", "other.sock")):
        x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        x.bind(os.path.join(DIR, path)); x.listen(4); keep.append(x)
    x = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); x.bind("\0tsn-names-abstract"); keep.append(x)
    # sockets of other users: nobody (in /etc/passwd) and 4242 (not)
    for uid in (65534, 4242):
        r, w = os.pipe()
        if os.fork() == 0:
            os.setgid(uid); os.setuid(uid)
            s = socket.socket(); s.bind(("127.0.0.1", 7000 + uid % 1000)); s.listen(1)
            os.write(w, b"x")
            os.read(0, 1)  # until stdin closes
            os._exit(0)
        os.read(r, 1)
elif MODE == "tcp":
    ssh = listen(socket.AF_INET, "0.0.0.0", 22)
    for last in (10, 11, 12):
        connect(socket.AF_INET, ("127.10.0.%d" % last, 41000 + last), ssh, ("127.0.0.1", 22))
    https = listen(socket.AF_INET6, "::", 443)
    connect(socket.AF_INET6, ("fd00::10", 0), https, ("::1", 443))
elif MODE == "dead":
    count = int(sys.argv[3])
    server = listen(socket.AF_INET, "0.0.0.0", 5000)
    for n in range(count):
        connect(socket.AF_INET, ("127.20.%d.%d" % (n // 250, n % 250 + 1), 0), server, ("127.0.0.1", 5000))

sys.stdout.write("READY\n")
sys.stdout.flush()
sys.stdin.read()
