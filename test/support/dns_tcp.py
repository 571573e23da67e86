"""The TCP side of the test name servers (test/live/names_scenario.py, test/faults/faults_scenario.py).

serve_tcp(addr, respond): listen on addr port 53 and answer one query a connection: read the
two-byte length and the message (RFC 1035 4.2.2), send respond(message) framed the same way, its
FIN in the same segment (TCP_CORK, then shutdown), so that the client's close() ends the connection
on both sides before it returns and no DNS connection shows in a later table.
"""
import socket, struct, sys


def read_message(c):
    data = b""
    while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
        more = c.recv(4096)
        if not more:
            break
        data += more
    return data[2:2 + struct.unpack(">H", data[:2])[0]]


def serve_tcp(addr, respond, keep, backlog=64):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 53))
    s.listen(backlog)
    keep.append(s)
    while True:
        c, _ = s.accept()
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
        try:
            out = respond(read_message(c))
            c.sendall(struct.pack(">H", len(out)) + out)
            c.shutdown(socket.SHUT_WR)
        except Exception as e:  # a test server: never die on a strange query
            sys.stderr.write("dns/tcp %s: %r\n" % (addr, e))
        c.close()
