#!/bin/bash
# Capture the nmap fixtures of --scan-input (fixtures/nmap/): real nmap -oX and -oG output of a
# known socket population, made inside two private network namespaces this script creates
# (tsb-<pid>-a, with 10.88.0.1 on a veth, and tsb-<pid>-b at 10.88.0.2, the "trusted host").
# Every probe stays inside them. Needs root, nmap, python3. Usage: scripts/capture-nmap.sh [DIR]
set -euo pipefail
out=${1:-fixtures/nmap}
a=tsb-$$-a b=tsb-$$-b va=tsb$$a vb=tsb$$b
holder=
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; true; }
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip -n "$a" link set lo up; ip -n "$b" link set lo up
ip link add "$va" netns "$a" type veth peer name "$vb" netns "$b"
ip -n "$a" addr add 10.88.0.1/24 dev "$va"; ip -n "$b" addr add 10.88.0.2/24 dev "$vb"
ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up
mkfifo "$out/.ready.$$"
ip netns exec "$a" python3 -c '
import socket, sys
keep = []
for fam, kind, addr, port in [
    (socket.AF_INET, socket.SOCK_STREAM, "0.0.0.0", 47101), (socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1", 47102),
    (socket.AF_INET6, socket.SOCK_STREAM, "::1", 47103), (socket.AF_INET, socket.SOCK_STREAM, "10.88.0.1", 47104),
    (socket.AF_INET, socket.SOCK_DGRAM, "0.0.0.0", 47201), (socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1", 47202),
    (socket.AF_INET6, socket.SOCK_DGRAM, "::1", 47203)]:
    s = socket.socket(fam, kind); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, port))
    if kind == socket.SOCK_STREAM: s.listen(1024)
    keep.append(s)
open(sys.argv[1], "w").write("ready\n")
sys.stdin.read()' "$out/.ready.$$" < /dev/zero &
holder=$!
read -r _ < "$out/.ready.$$"; rm -f "$out/.ready.$$"
scan() { local ns=$1 name=$2; shift 2; ip netns exec "$ns" nmap -n -oX "$out/$name.xml" -oG "$out/$name.gnmap" "$@" > /dev/null; }
scan "$a" tcp-127.0.0.1 -sT -p- 127.0.0.1
scan "$a" udp-127.0.0.1 -sU -p- -T4 127.0.0.1
scan "$a" tcp-ipv6-1 -6 -sT -p- ::1
scan "$b" tcp-10.88.0.1-from-peer -sT -p- 10.88.0.1
scan "$a" tcp-udp-two-hosts -sT -sU -p T:47000-47300,U:47000-47300 127.0.0.1 10.88.0.1
scan "$a" tcp-10.88.0.2-other-host -sT -p 1-1000 10.88.0.2
