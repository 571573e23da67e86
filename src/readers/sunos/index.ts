// Solaris and illumos: the sockets from usr/src/cmd/cmd-inet/usr.bin/netstat, their processes from
// lsof where it is installed (readers/netstat-live.ts).
//
// `netstat -an`: one section per protocol and family, UDP (v4, v6) before TCP (v4, v6), then SCTP and
// UNIX sockets (spec bsd-solaris.md §6.1); endpoints are never cut (§6.2). UDP sections print no queue
// sizes (§6.1), so Recv-Q/Send-Q are unknown there. SCTP rows are reported, not read. Getopt string of
// illumos netstat.c: "adimnrspMgvxf:P:I:DRT:" (and -u on illumos since 2018, §6.5, not relied on).

import { netstatReader } from "../netstat-live.js";

const SUNOS = { platform: "sunos", layout: "solaris", args: ["-an"], tables: ["tcp", "udp", "unix"] } as const;

export const reader = netstatReader(SUNOS);
