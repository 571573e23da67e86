"""A socket actor for the audit's live tests: reads one command per line on stdin, answers "ok"
(or "error ...") on stdout, and exits when stdin closes. Runs inside the test's namespaces only.

  listen ADDR PORT            a TCP listener (backlog 1024: the scans and nmap connect without being accepted)
  listen0 ADDR PORT           a TCP listener with backlog 0: once one connection waits, SYNs are dropped
  freelisten ADDR PORT        a TCP listener on an address no interface has (IP_FREEBIND)
  accept ADDR PORT            accept one pending connection on that listener and keep it
  close ADDR PORT             close that listener (its accepted connections stay)
  connect SRC SPORT DST DPORT a TCP connection from SRC:SPORT (SPORT 0: the kernel's ephemeral range)
  bindconnect SRC SPORT DST DPORT  the same from SRC:SPORT bound without SO_REUSEADDR
  udp ADDR PORT               a bound UDP socket
  raw                         a raw IPv4 ICMP socket
  packet                      a packet socket for every protocol (ETH_P_ALL) on every interface
  shell ADDR PORT             a listener, then exec bash (argv[0] "sshd") holding it, reading stdin
"""
import os
import socket
import sys

keep = []
listeners = {}


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


# linux/in.h IP_FREEBIND; an IPv6 socket takes it too (experiment, Linux 6.18)
IP_FREEBIND = 15


def listen(addr, port, backlog=1024, freebind=False):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if freebind:
        s.setsockopt(socket.SOL_IP, IP_FREEBIND, 1)
    s.bind((addr, int(port)))
    s.listen(backlog)
    return s


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    try:
        cmd, args = words[0], words[1:]
        if cmd == "listen":
            listeners[(args[0], args[1])] = listen(*args)
        elif cmd == "listen0":
            listeners[(args[0], args[1])] = listen(args[0], args[1], 0)
        elif cmd == "freelisten":
            listeners[(args[0], args[1])] = listen(args[0], args[1], freebind=True)
        elif cmd == "accept":
            conn, _ = listeners[(args[0], args[1])].accept()
            keep.append(conn)
        elif cmd == "close":
            listeners.pop((args[0], args[1])).close()
        elif cmd == "connect":
            src, sport, dst, dport = args
            c = socket.socket(family(dst), socket.SOCK_STREAM)
            if int(sport) != 0:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                c.bind((src, int(sport)))
            c.connect((dst, int(dport)))
            keep.append(c)
        elif cmd == "bindconnect":
            src, sport, dst, dport = args
            c = socket.socket(family(dst), socket.SOCK_STREAM)
            c.bind((src, int(sport)))
            c.connect((dst, int(dport)))
            keep.append(c)
        elif cmd == "udp":
            u = socket.socket(family(args[0]), socket.SOCK_DGRAM)
            u.bind((args[0], int(args[1])))
            keep.append(u)
        elif cmd == "raw":
            keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
        elif cmd == "packet":
            keep.append(socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)))
        elif cmd == "shell":
            s = listen(*args)
            s.set_inheritable(True)
            sys.stdout.write("ok\n")
            sys.stdout.flush()
            # bash (calling itself sshd) now holds the listener and reads commands from our stdin
            os.execv("/bin/bash", ["sshd"])
        else:
            raise ValueError("unknown command " + cmd)
        sys.stdout.write("ok\n")
    except Exception as e:  # noqa: BLE001 - the test reads the message
        sys.stdout.write("error %s\n" % e)
    sys.stdout.flush()
