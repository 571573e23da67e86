// src/select.ts: which tables netstat prints for which flags (spec §1.2), and its server split (§4.9).

import { describe, expect, it } from "vitest";
import type { InetSocket, ProcInetTable, UnixSocket } from "../../src/model.js";
import type { Family, IpProtocol, Plan } from "../../src/select.js";
import { isServer, plan, wanted } from "../../src/select.js";
import { procTables } from "../../src/readers/linux/index.js";
import { linuxInet, linuxUnix } from "../support/sockets.js";

/** A plan in one line: "header? | tcp:46! udp:4 … | unix? | others | everything?" ("!" = explicit). */
function brief(p: Plan): string {
  const steps = p.inetSteps.map((s) => `${s.protocol}:${s.ipv4 ? "4" : ""}${s.ipv6 ? "6" : ""}${s.explicit ? "!" : ""}`).join(" ");
  return [p.inetHeader ? "inet" : "-", steps || "-", p.unix ? "unix" : "-", p.otherFamilies.join(",") || "-", p.everything ? "everything" : "-"].join(" | ");
}

const req = (protocols: IpProtocol[], families: Family[]) => plan({ protocols: new Set(protocols), families: new Set(families) });

describe("plan (spec §1.2)", () => {
  it.each([
    ["netstat (nothing named)", [], [], "inet | tcp:46 sctp:46 udp:46 udplite:46 raw:46 | unix | - | everything"],
    ["-t", ["tcp"], [], "inet | tcp:46! | - | - | -"],
    ["-t -u -w", ["tcp", "udp", "raw"], [], "inet | tcp:46! udp:46! raw:46! | - | - | -"],
    ["-u -t (order of flags does not matter)", ["udp", "tcp"], [], "inet | tcp:46! udp:46! | - | - | -"],
    ["-S", ["sctp"], [], "inet | sctp:46! | - | - | -"],
    ["-U", ["udplite"], [], "inet | udplite:46! | - | - | -"],
    ["-x", [], ["unix"], "- | - | unix | - | -"],
    ["-4", [], ["inet"], "inet | tcp:4 sctp:4 udp:4 udplite:4 raw:4 | - | - | -"],
    ["-6", [], ["inet6"], "inet | tcp:6 sctp:6 udp:6 udplite:6 raw:6 | - | - | -"],
    ["-4 -6", [], ["inet", "inet6"], "inet | tcp:46 sctp:46 udp:46 udplite:46 raw:46 | - | - | -"],
    ["-t -6", ["tcp"], ["inet6"], "inet | tcp:6! | - | - | -"],
    ["-t -4", ["tcp"], ["inet"], "inet | tcp:4! | - | - | -"],
    ["-A inet6 -x", [], ["inet6", "unix"], "inet | tcp:6 sctp:6 udp:6 udplite:6 raw:6 | unix | - | -"],
    ["-A inet,unix", [], ["inet", "unix"], "inet | tcp:4 sctp:4 udp:4 udplite:4 raw:4 | unix | - | -"],
    ["-t -x", ["tcp"], ["unix"], "inet | tcp:46! | unix | - | -"],
    ["-A ddp (a name with no table: no selection)", [], ["ddp"], "inet | tcp:46 sctp:46 udp:46 udplite:46 raw:46 | unix | - | everything"],
    ["-A econet", [], ["econet"], "inet | tcp:46 sctp:46 udp:46 udplite:46 raw:46 | unix | - | everything"],
    ["--ipx", [], ["ipx"], "- | - | - | ipx | -"],
    ["--ax25 --ipx (netstat's order: ipx, ax25, x25, netrom, rose)", [], ["ax25", "ipx"], "- | - | - | ipx,ax25 | -"],
    ["--rose --netrom --x25", [], ["rose", "netrom", "x25"], "- | - | - | x25,netrom,rose | -"],
    ["-t --ipx", ["tcp"], ["ipx"], "inet | tcp:46! | - | ipx | -"],
    ["-x --ax25", [], ["unix", "ax25"], "- | - | unix | ax25 | -"],
  ] as const)("%s", (_name, protocols, families, expected) => {
    expect(brief(req([...protocols], [...families]))).toBe(expected);
  });
});

describe("procTables (the Linux reader's files for a step)", () => {
  it.each([
    ["tcp", true, true, ["tcp", "tcp6"]],
    ["tcp", true, false, ["tcp"]],
    ["tcp", false, true, ["tcp6"]],
    ["udp", true, true, ["udp", "udp6"]],
    ["udplite", true, true, ["udplite", "udplite6"]],
    ["raw", false, true, ["raw6"]],
    ["sctp", true, true, []],
    ["raw", false, false, []],
  ] as const)("%s v4=%s v6=%s", (protocol, ipv4, ipv6, protos) => {
    expect(procTables({ protocol, ipv4, ipv6, explicit: true })).toEqual(protos);
  });
});

function inet(proto: ProcInetTable, remoteAddress: string, remotePort: number | null): InetSocket {
  return linuxInet({ proto, local: { address: proto.endsWith("6") ? "::1" : "127.0.0.1", port: 1 }, remote: { address: remoteAddress, port: remotePort }, state: null, stateCode: 0, inode: 1 });
}

/** A UNIX socket as the Linux reader names it: state 1 is LISTENING only with the accepting flag. */
function unix(stateCode: number, accepting: boolean): UnixSocket {
  const state = stateCode === 1 ? (accepting ? "LISTENING" : null) : stateCode === 2 ? "CONNECTING" : "CONNECTED";
  return linuxUnix({ state, flags: accepting ? ["ACC"] : [], refCnt: 2, inode: 1, stateCode });
}

describe("isServer / wanted (spec §4.9)", () => {
  it.each([
    // TCP: by the remote port only
    ["tcp remote 0.0.0.0:*", inet("tcp", "0.0.0.0", null), true],
    ["tcp remote 127.0.0.1:80", inet("tcp", "127.0.0.1", 80), false],
    ["tcp remote 127.0.0.1:* (port 0, address set)", inet("tcp", "127.0.0.1", null), true],
    ["tcp remote 0.0.0.0:80 (address 0, port set)", inet("tcp", "0.0.0.0", 80), false],
    ["tcp6 remote :::*", inet("tcp6", "::", null), true],
    ["tcp6 remote ::1:443", inet("tcp6", "::1", 443), false],
    // UDP, UDP-Lite and raw: by the remote address only
    ["udp remote 0.0.0.0:*", inet("udp", "0.0.0.0", null), true],
    ["udp remote 127.0.0.1:9", inet("udp", "127.0.0.1", 9), false],
    ["udp remote 0.0.0.0:9 (port set, address 0)", inet("udp", "0.0.0.0", 9), true],
    ["udp remote 127.0.0.1:* (address set, port 0)", inet("udp", "127.0.0.1", null), false],
    ["udp6 remote :::*", inet("udp6", "::", null), true],
    ["udp6 remote ::ffff:127.0.0.1:161", inet("udp6", "::ffff:127.0.0.1", 161), false],
    ["udplite remote 0.0.0.0", inet("udplite", "0.0.0.0", null), true],
    ["udplite6 remote ::1", inet("udplite6", "::1", 5), false],
    ["raw remote 0.0.0.0", inet("raw", "0.0.0.0", null), true],
    ["raw6 remote ::", inet("raw6", "::", null), true],
    ["raw remote 10.0.0.1", inet("raw", "10.0.0.1", null), false],
    // UNIX: unconnected (state 1) and accepting
    ["unix LISTENING", unix(1, true), true],
    ["unix unconnected, not accepting", unix(1, false), false],
    ["unix CONNECTED", unix(3, false), false],
    ["unix CONNECTED with the flag", unix(3, true), false],
    ["unix CONNECTING (embryo)", unix(2, false), false],
  ])("%s → server %s", (_name, s, server) => {
    expect(isServer(s)).toBe(server);
    expect(wanted("listening")(s)).toBe(server);
    expect(wanted("connected")(s)).toBe(!server);
    expect(wanted("all")(s)).toBe(true);
  });
});
