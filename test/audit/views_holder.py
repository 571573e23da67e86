"""Holds sockets for the audit's network-view live tests, inside the test's namespaces only.
Arguments: PROTO:ADDRESS:PORT ... (tcp listens, udp binds). Prints "ready", exits when stdin closes."""
import socket
import sys

keep = []
for spec in sys.argv[1:]:
    proto, rest = spec.split(":", 1)
    address, port = rest.rsplit(":", 1)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, int(port)))
    if proto == "tcp":
        s.listen(1024)
    keep.append(s)
print("ready", flush=True)
sys.stdin.read()
