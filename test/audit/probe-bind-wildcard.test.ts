// --probe-bind's wildcard pass, its pure parts: which socket of the table explains a port a
// wildcard bind (0.0.0.0, "::" IPv6-only) could not bind, the wildcards tried, one finding per
// hidden port when a scanned address saw it too, and how such a finding reads. No network.

import { describe, expect, it } from "vitest";
import type { InetSocket, TcpState } from "../../src/model.js";
import { explainInUse, holds, listenerCovers, shadowedWildcard, wildcardOf } from "../../src/audit/bind-explain.js";
import { specificPairs, wildcardTargets } from "../../src/audit/probe-bind.js";
import { auditJson, auditText, findingWhere, plainTable } from "../../src/audit/report.js";
import type { Finding } from "../../src/audit/types.js";
import type { NetworkView } from "../../src/audit/views.js";
import { withViews } from "../../src/audit/views.js";

/** A socket of the table: a listener (TCP LISTEN, bound UDP) unless a state or a peer is given. */
function sock(proto: "tcp" | "udp" | "udplite", address: string, port: number, over: { state?: TcpState | null; remote?: { address: string; port: number } } = {}): InetSocket {
  const family = address.includes(":") ? "inet6" : "inet";
  return {
    proto,
    family,
    local: { address, port },
    remote: over.remote ?? { address: family === "inet" ? "0.0.0.0" : "::", port: null },
    state: over.state === undefined ? (proto === "tcp" ? "LISTEN" : null) : over.state,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: port,
    owners: [],
    ownerStatus: "complete",
    detail: { source: "proc", platform: "linux", stateCode: proto === "tcp" ? 10 : 7, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
  };
}

describe("a wildcard bind against the table", () => {
  it("0.0.0.0 overlaps every IPv4 address, a v4-mapped one and a dual-stack \"::\"; \"::\" (IPv6-only) every IPv6 address and no IPv4 one", () => {
    const cases: [InetSocket, boolean, boolean][] = [
      [sock("tcp", "127.0.0.5", 47010), true, false],
      [sock("tcp", "10.9.9.9", 47010), true, false],
      [sock("tcp", "0.0.0.0", 47010), true, false],
      [sock("tcp", "::ffff:127.0.0.5", 47010), true, false],
      [sock("tcp", "::", 47010), true, true],
      [sock("tcp", "::1", 47010), false, true],
      [sock("tcp", "fd00::5", 47010), false, true],
      // a dual-stack IPv6 connection whose port connect(2) picked collides with 0.0.0.0 as well: any IPv6 one with a peer counts
      [sock("tcp", "::1", 47010, { state: "TIME_WAIT", remote: { address: "::1", port: 47010 } }), true, true],
      // another port, another transport
      [sock("tcp", "127.0.0.5", 47011), false, false],
      [sock("udp", "127.0.0.5", 47010), false, false],
    ];
    expect(cases.map(([s]) => [holds(s, "tcp", "0.0.0.0", 47010), holds(s, "tcp", "::", 47010)])).toEqual(cases.map(([, v4, v6]) => [v4, v6]));
    // UDP-Lite is judged as UDP, as the specific-address probe does
    expect(holds(sock("udplite", "127.0.0.5", 47010), "udp", "0.0.0.0", 47010)).toBe(true);
    expect(holds(sock("udp", "::1", 47010, { remote: { address: "::1", port: 53 } }), "udp", "0.0.0.0", 47010)).toBe(true);
    expect(holds(sock("udp", "::1", 47010), "udp", "0.0.0.0", 47010)).toBe(false);
  });

  it("a specific address collides as before: the same address, or a wildcard socket of its family", () => {
    expect(holds(sock("tcp", "127.0.0.5", 22), "tcp", "127.0.0.1", 22)).toBe(false);
    expect(holds(sock("tcp", "0.0.0.0", 22), "tcp", "127.0.0.1", 22)).toBe(true);
    expect(holds(sock("tcp", "0.0.0.0", 22), "tcp", "::1", 22)).toBe(false);
    expect(holds(sock("tcp", "::", 22), "tcp", "127.0.0.1", 22)).toBe(true);
    expect(holds(sock("tcp", "::ffff:127.0.0.1", 22), "tcp", "127.0.0.1", 22)).toBe(true);
  });

  it("explains a wildcard's in-use port by a listener on any address of the family, another socket holding the port, or nothing", () => {
    const table = [
      sock("tcp", "127.0.0.5", 47012),
      sock("tcp", "127.0.0.1", 47005, { state: "ESTABLISHED", remote: { address: "127.0.0.1", port: 22 } }),
      sock("tcp", "::ffff:127.0.0.1", 47020, { state: "TIME_WAIT", remote: { address: "::ffff:127.0.0.1", port: 22 } }),
      sock("tcp", "::1", 47030),
      sock("tcp", "::1", 47031, { state: "ESTABLISHED", remote: { address: "::1", port: 22 } }),
      sock("udp", "127.0.0.5", 47013),
      sock("udp", "127.0.0.1", 47040, { remote: { address: "127.0.0.53", port: 53 } }),
    ];
    const explain = (proto: "tcp" | "udp", address: string, port: number): string => String(explainInUse(table, proto, address, port));
    expect([
      explain("tcp", "0.0.0.0", 47012),
      explain("tcp", "::", 47012),
      explain("tcp", "0.0.0.0", 47005),
      explain("tcp", "0.0.0.0", 47020),
      explain("tcp", "0.0.0.0", 47030),
      explain("tcp", "::", 47030),
      explain("tcp", "0.0.0.0", 47031),
      explain("udp", "0.0.0.0", 47013),
      explain("udp", "0.0.0.0", 47040),
      explain("tcp", "0.0.0.0", 47013),
      explain("tcp", "0.0.0.0", 47099),
      // a specific address is still judged by where the listener accepts
      explain("tcp", "127.0.0.1", 47012),
    ]).toEqual(["listener", "null", "other", "other", "null", "listener", "other", "listener", "other", "null", "null", "null"]);
    expect(listenerCovers(sock("tcp", "127.0.0.5", 25), "tcp", "0.0.0.0", 25)).toBe(true);
    expect(listenerCovers(sock("tcp", "127.0.0.5", 25), "tcp", "127.0.0.1", 25)).toBe(false);
    expect(listenerCovers(sock("tcp", "127.0.0.5", 25, { state: "ESTABLISHED", remote: { address: "127.0.0.1", port: 9 } }), "tcp", "0.0.0.0", 25)).toBe(false);
  });

  it("binds one wildcard per family the scan has, IPv4 first", () => {
    expect(wildcardTargets([{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }, { address: "10.0.0.5", family: 4 }])).toEqual([
      { address: "0.0.0.0", family: 4 },
      { address: "::", family: 6 },
    ]);
    expect(wildcardTargets([{ address: "127.0.0.1", family: 4 }])).toEqual([{ address: "0.0.0.0", family: 4 }]);
    expect(wildcardTargets([])).toEqual([]);
  });

  it("binds an address only on the ports its family's wildcard found in use (a port free at the wildcard is free at every address)", () => {
    const targets = [{ address: "127.0.0.1", family: 4 as const }, { address: "::1", family: 6 as const }, { address: "10.0.0.5", family: 4 as const }];
    const pairs = specificPairs(targets, [22, 53, 47002], [{ address: "0.0.0.0", port: 22 }, { address: "::", port: 53 }, { address: "0.0.0.0", port: 47002 }]);
    expect(pairs.map((p) => `${p.target.address} ${p.port}`)).toEqual(["127.0.0.1 22", "127.0.0.1 47002", "::1 53", "10.0.0.5 22", "10.0.0.5 47002"]);
    expect(specificPairs(targets, [22], [])).toEqual([]);
  });

  it("a wildcard's hidden port is the same port as one a view found at an address of that family", () => {
    const at = (proto: string, address: string, port: number) => ({ proto, address, port });
    expect(wildcardOf("::ffff:10.0.0.1")).toBe("0.0.0.0");
    expect(wildcardOf("fe80::1")).toBe("::");
    expect(shadowedWildcard(at("tcp", "0.0.0.0", 47002), [at("tcp", "127.0.0.1", 47002)])).toBe(true);
    expect(shadowedWildcard(at("tcp", "::", 47002), [at("tcp", "127.0.0.1", 47002)])).toBe(false);
    expect(shadowedWildcard(at("udp", "0.0.0.0", 47002), [at("tcp", "127.0.0.1", 47002)])).toBe(false);
    expect(shadowedWildcard(at("tcp", "0.0.0.0", 47002), [at("tcp", "0.0.0.0", 47002), at("tcp", "127.0.0.1", 47003)])).toBe(false);
    expect(shadowedWildcard(at("tcp", "127.0.0.1", 47002), [at("tcp", "127.0.0.1", 47002)])).toBe(false);
  });
});

describe("the wildcard pass's findings", () => {
  const table = [sock("tcp", "127.0.0.5", 25), sock("tcp", "127.0.0.1", 22)];
  const facts = { sockets: table, listeners: table, selected: () => true };
  const bind = (open: NetworkView["open"]): NetworkView => ({
    name: "the TCP bind probe",
    origin: "local",
    method: "bind",
    proto: "tcp",
    addresses: ["127.0.0.1", "::1", "0.0.0.0", "::"],
    ports: [22, 25, 47002, 47010, 47014],
    open,
    seconds: 1,
  });
  const brief = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.kind} ${f.proto} ${f.address} ${f.port}`);

  it("one finding per hidden port: the specific address when one saw it, the wildcard otherwise; none for a port a listener of the family holds", () => {
    const out = withViews(
      [],
      [bind([{ address: "127.0.0.1", port: 22 }, { address: "127.0.0.1", port: 47002 }, { address: "0.0.0.0", port: 22 }, { address: "0.0.0.0", port: 25 }, { address: "0.0.0.0", port: 47002 }, { address: "0.0.0.0", port: 47010 }, { address: "::", port: 47014 }])],
      facts,
      null,
    );
    expect(brief(out)).toEqual(["hidden-listener tcp 127.0.0.1 47002", "hidden-listener tcp 0.0.0.0 47010", "hidden-listener tcp :: 47014"]);
    expect(out[1]?.seen).toBe(
      "Binding the wildcard 0.0.0.0:47010 fails (EADDRINUSE): a TCP socket holds port 47010 on some IPv4 address (a bind cannot tell which), but no TCP socket in the table uses the port on any IPv4 address. Seen by the TCP bind probe.",
    );
    expect(out[2]?.seen).toBe(
      "Binding the wildcard [::]:47014 fails (EADDRINUSE): a TCP socket holds port 47014 on some IPv6 address (a bind cannot tell which), but no TCP socket in the table uses the port on any IPv6 address. Seen by the TCP bind probe.",
    );
  });

  it("the connect scan's finding at an address keeps the port; an IPv4 address does not stand for IPv6's wildcard", () => {
    const existing: Finding = { kind: "hidden-listener", severity: "high", proto: "tcp", address: "127.0.0.1", port: 47002, pids: [], seen: "s", why: "w", benign: "b" };
    const out = withViews([existing], [bind([{ address: "0.0.0.0", port: 47002 }, { address: "::", port: 47002 }])], facts, null);
    expect(brief(out)).toEqual(["hidden-listener tcp 127.0.0.1 47002", "hidden-listener tcp :: 47002"]);
  });

  it("reads as a port on some address of a family, in the text report; as the wildcard with its family, in JSON", () => {
    const out = withViews([], [bind([{ address: "0.0.0.0", port: 47010 }, { address: "::", port: 47014 }])], facts, null);
    expect(out.map((f) => findingWhere(f))).toEqual(["*:47010 (some IPv4 address)", "*:47014 (some IPv6 address)"]);
    // any other finding on a wildcard (a baseline listener gone from 0.0.0.0) keeps its address
    expect(findingWhere({ kind: "gone-listener", address: "0.0.0.0", port: 22 })).toBe("0.0.0.0:22");
    const result = { host: "h", time: "t", scan: null, views: [], findings: out, listeners: [], connections: [], notes: [] };
    expect(auditText(result, plainTable, false).split("\n").filter((l) => l.startsWith("  hidden-listener"))).toEqual([
      "  hidden-listener  tcp *:47010 (some IPv4 address)",
      "  hidden-listener  tcp *:47014 (some IPv6 address)",
    ]);
    const json = JSON.parse(auditJson(result)) as { findings: { family: string; address: string; port: number }[] };
    expect(json.findings.map((f) => `${f.family} ${f.address} ${f.port}`)).toEqual(["inet 0.0.0.0 47010", "inet6 :: 47014"]);
  });
});
