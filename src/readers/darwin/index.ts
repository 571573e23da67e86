// macOS: the sockets from network_cmds' netstat, their processes from lsof (readers/netstat-live.ts).
//
// `netstat -anl`: -a servers too, -n numbers (names cannot be parsed back, spec bsd-solaris.md §1),
// -l whole IPv6 addresses in 45-wide columns (§2.2; IPv4 is never cut at 22). With no -f or -p it lists
// the Internet table (tcp, udp, raw ip/icmp), then UNIX sockets, then kernel control/event tables (§2.1),
// which the parser skips. Getopt string of network_cmds main.c: "AaBbc:dFf:gI:ikLlmnP:p:qQrRsStuvWw:xz%:".
// No PID without -v, and that one is only the last user of the socket (§2.4): owners come from lsof.

import { netstatReader } from "../netstat-live.js";

const DARWIN = { platform: "darwin", layout: "macos", args: ["-anl"], tables: ["tcp", "udp", "raw", "unix"] } as const;

export const reader = netstatReader(DARWIN);
