// OpenBSD: the sockets from usr.bin/netstat, their processes from lsof (readers/netstat-live.ts).
//
// `netstat -an`: a title and header per family and socket type, tcp/udp/ip then their IPv6 groups,
// then UNIX sockets (spec bsd-solaris.md §4). OpenBSD has no option for whole addresses: an IPv6
// host longer than 16 characters is cut, and such rows are reported, not guessed (§1). Its -W takes
// an interface name (getopt string of OpenBSD main.c: "AabdFf:gI:ilM:mN:np:P:qrsT:tuvW:w:"), so the
// -W other BSDs take must not be passed here.

import { netstatReader } from "../netstat-live.js";

export const OPENBSD = { platform: "openbsd", layout: "openbsd", args: ["-an"], tables: ["tcp", "udp", "raw", "unix"] } as const;

export const reader = netstatReader(OPENBSD);
