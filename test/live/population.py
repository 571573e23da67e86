#!/usr/bin/python3
"""A known socket population for tsnetstat's live golden tests (test/live/golden.test.ts).

Run as root inside a private network namespace with lo up and LONG_V6 on lo, as pid 1 of a
private pid namespace with its own /proc (the test starts it with `unshare --pid --mount-proc`):

    population.py WORKDIR LONG_V6 [MORE_V6 ...]

LONG_V6 and every MORE_V6 address must be on lo already (the MORE_V6 ones exercise inet_ntop:
zero runs, ties, IPv4-compatible forms, link-local).

It opens sockets in every state netstat can show, starts helper processes with unusual argv[0]s,
prints READY and then waits for commands on stdin, one per line, each answered with "OK <cmd>":

    space-on     bind a UNIX listener whose path contains a space (netstat 2.10 cuts it there)
    space-off    close it again
    nobody-off   stop the helper that runs as nobody (so that nobody owns no socket at all)

End of stdin ends everything: helpers read their stdin too, and pid 1 exiting kills the namespace.
Only loopback addresses are used; a `blackhole` qdisc on lo (inside this namespace only) freezes
the TCP states that need a lost packet: SYN_SENT, LAST_ACK, CLOSING and FIN_WAIT1.
"""
import os
import socket
import subprocess
import sys
import time

WORK = sys.argv[1]
LONG_V6 = sys.argv[2]
MORE_V6 = sys.argv[3:]
PY = "/usr/bin/python3"

keep = []  # every socket stays open until the end
helpers = {}


def K(s):
    keep.append(s)
    return s


def tcp_listen(fam, addr, port, backlog=16, v6only=None, defer_accept=None):
    s = K(socket.socket(fam, socket.SOCK_STREAM))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if defer_accept is not None:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, defer_accept)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def tcp_pair(fam, listener, addr, port, bind=None):
    """A client connected to listener, and the accepted server side."""
    c = K(socket.socket(fam, socket.SOCK_STREAM))
    if bind is not None:
        c.bind(bind)
    c.connect((addr, port))
    a, _ = listener.accept()
    return c, K(a)


def dgram(fam, proto=0, bind=None, connect=None):
    s = K(socket.socket(fam, socket.SOCK_DGRAM, proto))
    if bind is not None:
        s.bind(bind)
    if connect is not None:
        s.connect(connect)
    return s


def blackhole(on):
    cmd = ["tc", "qdisc", "add" if on else "del", "dev", "lo", "root"] + (["blackhole"] if on else [])
    subprocess.run(cmd, check=True)


# A helper process: binds what `code` says, writes "ok" on stdout, then waits for its stdin to close.
HELPER = """
import socket, sys
keep = []
{code}
sys.stdout.write("ok\\n"); sys.stdout.flush()
sys.stdin.read()
"""


def start_helper(name, argv0, code, **kw):
    p = subprocess.Popen([argv0, "-c", HELPER.format(code=code)], executable=PY, cwd="/",
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, **kw)
    if p.stdout.readline() != b"ok\n":
        raise SystemExit("helper %s did not start" % name)
    helpers[name] = p


def stop_helper(name):
    p = helpers.pop(name)
    p.stdin.close()
    p.wait()


def tcp_listener_code(port):
    return ("s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            "s.bind(('127.0.0.1', %d)); s.listen(); keep.append(s)" % port)


def unix_listener_code(path):
    return ("u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); u.bind(%r); u.listen(); keep.append(u)"
            % path)


# ------------------------------------------------------------ a socket shared by two processes
# forked first, so that the child shares this one socket and nothing else
shared = K(socket.socket())
shared.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
shared.bind(("127.0.0.1", 7100))
shared.listen()
rfd, wfd = os.pipe()
if os.fork() == 0:
    os.close(wfd)
    os.read(rfd, 1)  # returns when the parent (pid 1) is gone and the pipe closes
    os._exit(0)
os.close(rfd)

# ------------------------------------------------------------ helpers with unusual argv[0]
start_helper("long-path", "/usr/local/sbin/a-very-long-daemon-name", tcp_listener_code(9001))
start_helper("spaces", "worker: pool www",
             tcp_listener_code(9002) + "\n" + unix_listener_code(WORK + "/worker.sock"))
start_helper("long-name", "a-program-name-well-beyond-nineteen-bytes", tcp_listener_code(9003))
start_helper("colon", "postgres: checkpointer", tcp_listener_code(9004))
start_helper("empty", "", tcp_listener_code(9005))                          # netstat shows "PID/"
# argv[0] longer than the 511 bytes netstat reads: its last "/" is beyond them
start_helper("huge", "/opt" + "/dir-%03d-" % 0 + "/".join("d%02d" % i * 25 for i in range(7)) + "/hidden-name",
             tcp_listener_code(9006))
# a helper running as nobody (exec'd after setuid, so that nobody may read its /proc/PID/fd)
start_helper("nobody", "nobody-listener",
             tcp_listener_code(6500) + "\n" + unix_listener_code("\0tsg-nobody"),
             user=65534, group=65534, extra_groups=[])

# ------------------------------------------------------------ TCP
l22 = tcp_listen(socket.AF_INET, "0.0.0.0", 22)
l8080 = tcp_listen(socket.AF_INET, "127.0.0.1", 8080)
l80 = tcp_listen(socket.AF_INET6, "::", 80, v6only=False)          # dual stack: reached over IPv4
l443 = tcp_listen(socket.AF_INET6, "::1", 443, v6only=True)
l5432 = tcp_listen(socket.AF_INET, "127.0.0.2", 5432)
llong = tcp_listen(socket.AF_INET6, LONG_V6, 44321, v6only=True)   # longer than 23 columns
l7001 = tcp_listen(socket.AF_INET, "127.0.0.1", 7001, backlog=8)   # accept queue: Recv-Q 2
l7002 = tcp_listen(socket.AF_INET, "127.0.0.1", 7002, defer_accept=30)  # SYN_RECV
l5000 = tcp_listen(socket.AF_INET, "127.0.0.1", 5000)              # teardown states

K(socket.create_connection(("127.0.0.1", 7001)))
K(socket.create_connection(("127.0.0.1", 7001)))

c1, s1 = tcp_pair(socket.AF_INET, l8080, "127.0.0.1", 8080)
c1.sendall(b"x" * 1234)                                            # server Recv-Q 1234
c2, s2 = tcp_pair(socket.AF_INET, l8080, "127.0.0.1", 8080)
s2.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)           # keepalive timer
c2.setblocking(False)
try:
    while True:
        c2.send(b"y" * 65536)                                      # client Send-Q > 0
except BlockingIOError:
    pass

tcp_pair(socket.AF_INET, l80, "127.0.0.1", 80)                     # tcp6 ::ffff:127.0.0.1 server side
tcp_pair(socket.AF_INET6, l80, "::ffff:127.0.0.1", 80)             # tcp6 to a mapped address
tcp_pair(socket.AF_INET6, l443, "::1", 443)
tcp_pair(socket.AF_INET6, llong, LONG_V6, 44321, bind=(LONG_V6, 0))
tcp_pair(socket.AF_INET, l5432, "127.0.0.2", 5432, bind=("127.0.0.1", 40000))
K(socket.create_connection(("127.0.0.1", 7002)))                   # server side stays SYN_RECV
l7004 = tcp_listen(socket.AF_INET6, "::1", 7004, v6only=True, defer_accept=30)
K(socket.create_connection(("::1", 7004)))                         # SYN_RECV in tcp6

# ------------------------------------------------------------ UDP, UDP-Lite, raw
u53 = dgram(socket.AF_INET, bind=("0.0.0.0", 53))
dgram(socket.AF_INET, bind=("127.0.0.1", 5353), connect=("127.0.0.1", 9))
dgram(socket.AF_INET6, bind=("::", 123))
dgram(socket.AF_INET6, bind=("::1", 0), connect=("::1", 514))
dgram(socket.AF_INET6, connect=("::ffff:127.0.0.1", 161))
dgram(socket.AF_INET6, bind=(LONG_V6, 5555), connect=(LONG_V6, 5556))
dgram(socket.AF_INET6, bind=(LONG_V6, 5556))
dgram(socket.AF_INET6, bind=("::ffff:127.0.0.1", 5557))            # a v6 socket bound to a mapped address
for i, addr in enumerate(MORE_V6):
    scope = socket.if_nametoindex("lo") if addr.startswith("fe80:") else 0
    s = K(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    s.bind((addr, 6000 + i, 0, scope))
    s.connect((addr, 6000 + i, 0, scope))
sender = dgram(socket.AF_INET)
for _ in range(3):
    sender.sendto(b"q" * 10, ("127.0.0.1", 53))                   # Recv-Q on an unconnected socket
try:
    dgram(socket.AF_INET, socket.IPPROTO_UDPLITE, bind=("127.0.0.1", 5060))
    dgram(socket.AF_INET6, socket.IPPROTO_UDPLITE, bind=("::1", 5061), connect=("::1", 5062))
except OSError:
    pass  # a kernel without UDP-Lite: the tables are then missing for both tools
K(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
K(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW))
K(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
K(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW))
K(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_UDP)).connect(("::1", 0))
K(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)).connect(("127.0.0.1", 0))

# ------------------------------------------------------------ UNIX
ls = K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); ls.bind(WORK + "/stream.sock"); ls.listen(4)
K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect(WORK + "/stream.sock")
K(ls.accept()[0])
K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect(WORK + "/stream.sock")  # never accepted
la = K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); la.bind("\0tsg-abstract"); la.listen(4)
K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect("\0tsg-abstract")
K(la.accept()[0])
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)).bind("")                # autobind: @xxxxx
lq = K(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)); lq.bind(WORK + "/seq.sock"); lq.listen(1)
K(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)).connect(WORK + "/seq.sock")
K(lq.accept()[0])
dg = K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)); dg.bind(WORK + "/dgram.sock")
dc = K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)); dc.connect(WORK + "/dgram.sock")
dc.send(b"hello")
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))                          # unbound, unconnected
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET):
    keep.extend(socket.socketpair(socket.AF_UNIX, kind))                    # unnamed
K(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).bind(b"\0emb\0nul")
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)).bind(b"\0tsg-trailing\0")
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)).bind(b"\0" + b"a" * 107)   # the longest abstract name
longest = WORK + "/" + "p" * (107 - len(WORK) - 1)                           # the longest path
K(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)).bind(longest)

# ------------------------------------------------------------ TCP teardown states (last: TIME_WAIT lasts 60 s)
ct, st = tcp_pair(socket.AF_INET, l5000, "127.0.0.1", 5000)
keep.remove(st)
ct.close()
time.sleep(0.05)
st.close()                                                           # client side: TIME_WAIT
ct6, st6 = tcp_pair(socket.AF_INET6, l443, "::1", 443)
keep.remove(ct6)
keep.remove(st6)
ct6.close()
time.sleep(0.05)
st6.close()                                                          # TIME_WAIT in tcp6
cfw2, _ = tcp_pair(socket.AF_INET, l5000, "127.0.0.1", 5000)
cfw2.shutdown(socket.SHUT_WR)                                        # FIN_WAIT2 / CLOSE_WAIT
cla, sla = tcp_pair(socket.AF_INET, l5000, "127.0.0.1", 5000)
cla.shutdown(socket.SHUT_WR)
ccl, scl = tcp_pair(socket.AF_INET, l5000, "127.0.0.1", 5000)
cfw1, _ = tcp_pair(socket.AF_INET, l5000, "127.0.0.1", 5000)
time.sleep(0.2)                                                      # let every queue settle

blackhole(True)
sla.shutdown(socket.SHUT_WR)          # FIN lost: LAST_ACK (its peer stays FIN_WAIT2)
ccl.shutdown(socket.SHUT_WR)          # FIN lost: FIN_WAIT1 ...
blackhole(False)
scl.shutdown(socket.SHUT_WR)          # ... then a FIN arrives before the ACK of its own: CLOSING
time.sleep(0.02)
blackhole(True)                       # from here on nothing moves on lo
cfw1.shutdown(socket.SHUT_WR)         # FIN_WAIT1
csyn = K(socket.socket())
csyn.setblocking(False)
try:
    csyn.connect(("127.0.0.1", 7003))  # SYN lost: SYN_SENT
except BlockingIOError:
    pass
time.sleep(0.1)

# ------------------------------------------------------------ commands
space = None
print("READY", flush=True)
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "space-on":
        space = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        space.bind(WORK + "/with space.sock")
        space.listen(1)
    elif cmd == "space-off" and space is not None:
        space.close()
        space = None
        os.unlink(WORK + "/with space.sock")
    elif cmd == "nobody-off":
        stop_helper("nobody")
    else:
        print("ERR " + cmd, flush=True)
        continue
    print("OK " + cmd, flush=True)

for name in list(helpers):
    stop_helper(name)
