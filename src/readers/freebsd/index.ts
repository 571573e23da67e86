// FreeBSD: the sockets from usr.bin/netstat, their processes from lsof (readers/netstat-live.ts).
//
// `netstat -anW`: -a servers and wildcard-bound sockets (hidden without it, spec bsd-solaris.md §3.1),
// -n numbers, -W whole addresses (IPv6 in 45-wide columns, §3.1 table). With no -f or -p it lists
// tcp/udp (and raw ip4/icm4 rows) then UNIX sockets (§3.2). SCTP rows have a layout of their own that
// tsnetstat does not read. Getopt string of FreeBSD main.c: "46AaBbdF:f:ghI:iLlM:mN:nPp:Qq:RrSTsuWw:xz".

import { netstatReader } from "../netstat-live.js";

export const FREEBSD = { platform: "freebsd", layout: "freebsd", args: ["-anW"], tables: ["tcp", "udp", "raw", "unix"] } as const;

export const reader = netstatReader(FREEBSD);
