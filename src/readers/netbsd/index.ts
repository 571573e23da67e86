// NetBSD: the sockets from usr.bin/netstat, their processes from lsof (readers/netstat-live.ts).
//
// `netstat -an`: "Active Internet connections", then "Active Internet6 connections" (its own table),
// then UNIX sockets (spec bsd-solaris.md §5). NetBSD has no -W (getopt string of NetBSD main.c:
// "AabBdf:ghI:LliM:mN:nP:p:qrsStTuVvw:X"): long IPv6 hosts are cut at 16 and reported, not guessed.

import { netstatReader } from "../netstat-live.js";

export const NETBSD = { platform: "netbsd", layout: "netbsd", args: ["-an"], tables: ["tcp", "udp", "unix"] } as const;

export const reader = netstatReader(NETBSD);
