#!/usr/bin/env python3
"""Hold a few known sockets in the network namespace this runs in (its loopback only).

  netns_population.py SPEC     SPEC: comma-separated items, each
    tcp:HOST:PORT:N   a TCP listener on HOST:PORT and N connections to it (both ends held)
    udp:HOST:PORT     a bound UDP socket

Prints one line, "READY <pid> <json list of the sockets held>", then holds them until stdin closes.
Each socket is {"proto": "tcp"|"tcp6"|"udp"|"udp6", "local": [host, port], "remote": [host, port] | null}.
"""
import json, os, socket, sys

held = []
report = []


def fam(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def note(s, proto):
    local = s.getsockname()[:2]
    try:
        remote = s.getpeername()[:2]
    except OSError:
        remote = None
    held.append(s)
    report.append({"proto": proto + ("6" if s.family == socket.AF_INET6 else ""), "local": list(local), "remote": None if remote is None else list(remote)})


for item in sys.argv[1].split(","):
    kind, rest = item.split(":", 1)
    if kind == "tcp":
        host, port, n = rest.rsplit(":", 2)
        l = socket.socket(fam(host), socket.SOCK_STREAM)
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind((host, int(port)))
        l.listen(16)
        note(l, "tcp")
        target = "::1" if host == "::" else ("127.0.0.1" if host == "0.0.0.0" else host)
        for _ in range(int(n)):
            c = socket.socket(fam(target), socket.SOCK_STREAM)
            c.connect((target, int(port)))
            note(c, "tcp")
            a, _ = l.accept()
            note(a, "tcp")
    elif kind == "udp":
        host, port = rest.rsplit(":", 1)
        u = socket.socket(fam(host), socket.SOCK_DGRAM)
        u.bind((host, int(port)))
        note(u, "udp")
    else:
        sys.exit("unknown item " + item)

print("READY", os.getpid(), json.dumps(report), flush=True)
sys.stdin.read()
