#!/usr/bin/env python3
"""Hold loopback TCP sockets in given network namespaces, one process in each, for the --netns bench.

  netns-hold.py SOCKETS PATH [PATH ...]

For each PATH (an `ip netns` file such as /run/netns/NAME; the same path may be given many times),
fork one process that enters that namespace (setns(2)), opens a listener on 127.0.0.1 and
SOCKETS/2 connections to it (both ends held: SOCKETS + 1 sockets), and waits. Prints READY once
every process is ready; all of them exit when stdin closes or on SIGTERM.
"""
import ctypes, os, signal, socket, sys

CLONE_NEWNET = 0x40000000  # include/uapi/linux/sched.h
libc = ctypes.CDLL(None, use_errno=True)

per = int(sys.argv[1])
paths = sys.argv[2:]


def hold(index, path):
    fd = os.open(path, os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns " + path + ": " + os.strerror(err))
    os.close(fd)
    held = []
    l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    l.bind(("127.0.0.1", 0))
    l.listen(4096)
    held.append(l)
    for k in range(per // 2):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # a source address of its own per process and connection: ephemeral ports never run out
        c.bind(("127.%d.%d.%d" % (1 + index % 250, (k >> 8) & 255, 1 + k % 250), 0))
        c.connect(l.getsockname())
        held.append(c)
        a, _ = l.accept()
        held.append(a)
    return held


children = []
for i, path in enumerate(paths):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            held = hold(i, path)
        except Exception as e:  # noqa: BLE001 - report and leave
            sys.stderr.write("netns-hold: %s\n" % e)
            os._exit(1)
        os.write(w, b"1")
        os.close(w)
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
        while True:
            signal.pause()
    os.close(w)
    children.append((pid, r))

ok = all(os.read(r, 1) == b"1" for _, r in children)


def stop(*_):
    for pid, _ in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid, _ in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    os._exit(0)


signal.signal(signal.SIGTERM, stop)
if not ok:
    sys.stderr.write("netns-hold: a holder failed\n")
    stop()
print("READY", flush=True)
try:
    sys.stdin.read()
finally:
    stop()
