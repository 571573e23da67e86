// --scan-input's pure parts: nmap's XML and grepable output (real captures, fixtures/nmap/), the
// mapping of a scan file to this host, and the findings of the network views merged with the
// connect scan's. No network.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InetSocket } from "../../src/model.js";
import { commandScan, parseNmap } from "../../src/audit/nmap-input.js";
import type { NmapScan } from "../../src/audit/nmap-input.js";
import type { NetworkView } from "../../src/audit/views.js";
import { fileViews, withOtherNamespaces, withViews } from "../../src/audit/views.js";
import { isOwnAddress } from "../../src/audit/parse.js";
import { auditJson, auditText, plainTable } from "../../src/audit/report.js";
import { udpTargets } from "../../src/audit/more-views.js";
import type { Finding } from "../../src/audit/types.js";
import { projectRoot } from "../support/fixtures.js";

/** This host's addresses as the audit judges them: the loopback and its interfaces'. */
const own = (interfaces: string[]) => (address: string): boolean =>
  isOwnAddress(address, interfaces.map((a) => ({ name: "eth0", address: a, family: a.includes(":") ? 6 : 4, internal: false })));
const fixture = (name: string): string => readFileSync(join(projectRoot, "fixtures/nmap", name), "utf8");

function parsed(name: string): NmapScan {
  const r = parseNmap(fixture(name), name);
  if ("message" in r) throw new Error(`${name}: ${r.message}`);
  return r;
}

/** The parts both formats carry: scanned ports per protocol (as ranges) and each host's ports. */
function summary(s: NmapScan): unknown {
  const ranges = (ports: readonly number[] | null): string => (ports === null ? "unknown" : `${ports.length}:${ports[0]}-${ports.at(-1)}`);
  return {
    scanned: [...s.scanned].map(([proto, ports]) => `${proto} ${ranges(ports)} ${s.types.get(proto)}`),
    hosts: s.hosts.map((h) => `${h.address} ${h.status} ${h.ports.map((p) => `${p.port}/${p.proto}/${p.state}`).join(" ")}`),
  };
}

describe("nmap output", () => {
  it("reads a TCP and UDP scan of two addresses, XML and grepable alike", () => {
    const expected = {
      scanned: ["tcp 301:47000-47300 connect", "udp 301:47000-47300 udp"],
      hosts: [
        "127.0.0.1 up 47101/tcp/open 47102/tcp/open 47201/udp/open|filtered 47202/udp/open|filtered",
        "10.88.0.1 up 47101/tcp/open 47104/tcp/open 47201/udp/open|filtered",
      ],
    };
    expect(summary(parsed("tcp-udp-two-hosts.xml"))).toEqual(expected);
    expect(summary(parsed("tcp-udp-two-hosts.gnmap"))).toEqual(expected);
    expect(parsed("tcp-udp-two-hosts.xml").format).toBe("xml");
    expect(parsed("tcp-udp-two-hosts.gnmap").format).toBe("grepable");
  });

  it("reads every capture the same in both formats", () => {
    const cases: [string, unknown][] = [
      ["tcp-127.0.0.1", { scanned: ["tcp 65535:1-65535 connect"], hosts: ["127.0.0.1 up 47101/tcp/open 47102/tcp/open"] }],
      ["udp-127.0.0.1", { scanned: ["udp 65535:1-65535 udp"], hosts: ["127.0.0.1 up 47201/udp/open|filtered 47202/udp/open|filtered"] }],
      ["tcp-ipv6-1", { scanned: ["tcp 65535:1-65535 connect"], hosts: ["::1 up 47103/tcp/open"] }],
      ["tcp-10.88.0.1-from-peer", { scanned: ["tcp 65535:1-65535 connect"], hosts: ["10.88.0.1 up 47101/tcp/open 47104/tcp/open"] }],
      ["tcp-10.88.0.2-other-host", { scanned: ["tcp 1000:1-1000 connect"], hosts: ["10.88.0.2 up "] }],
    ];
    for (const [name, want] of cases) {
      expect(summary(parsed(`${name}.xml`)), name).toEqual(want);
      expect(summary(parsed(`${name}.gnmap`)), name).toEqual(want);
    }
  });

  it("tells the scanned ports from a grepable file's command line", () => {
    const brief = (c: string): string[] => {
      const s = commandScan(c);
      return [...s.scanned].map(([p, ports]) => `${p} ${s.types.get(p)} ${ports === null ? "unknown" : `${ports.length}:${ports[0]}-${ports.at(-1)}`}`);
    };
    expect(brief("nmap -n -sT -p- 127.0.0.1")).toEqual(["tcp connect 65535:1-65535"]);
    expect(brief("nmap -sU -p53,161-162 10.0.0.1")).toEqual(["udp udp 3:53-162"]);
    expect(brief("nmap -sSU -p T:22,U:53 h")).toEqual(["tcp syn 1:22-22", "udp udp 1:53-53"]);
    expect(brief("nmap -p 1000- h")).toEqual(["tcp syn 64536:1000-65535"]);
    expect(brief("nmap -sT h")).toEqual(["tcp connect unknown"]);
    expect(brief("nmap -Pn -sT -p 22 h")).toEqual(["tcp connect 1:22-22"]);
  });

  it("names the file and line of what it cannot read, in one diagnostic", () => {
    const xml = fixture("tcp-127.0.0.1.xml");
    expect(parseNmap(xml.slice(0, xml.indexOf("<runstats>")), "cut.xml")).toEqual({
      source: "cut.xml",
      line: xml.slice(0, xml.indexOf("<runstats>")).split("\n").length,
      message: "nmap XML cut short: no </nmaprun> (was the scan interrupted?)",
    });
    const bad = fixture("tcp-127.0.0.1.gnmap").replace("47102/open/tcp", "x47102/open/tcp");
    expect(parseNmap(bad, "bad.gnmap")).toEqual({ source: "bad.gnmap", line: 3, message: "'x47102/open/tcp/////' is not a port entry (port/state/protocol/owner/service/rpc/version/)" });
    expect(parseNmap("Starting Nmap 7.93\nPORT STATE SERVICE\n22/tcp open ssh\n", "normal.txt")).toEqual({
      source: "normal.txt",
      line: 1,
      message: "not nmap output: expected nmap -oX (XML) or -oG (grepable)",
    });
    const named = fixture("tcp-127.0.0.1.gnmap").replaceAll("Host: 127.0.0.1 ()", "Host: localhost ()");
    expect(parseNmap(named, "named.gnmap")).toEqual({ source: "named.gnmap", line: 2, message: "'localhost' is not a numeric address (scan with -n, or nmap printed a name)" });
  });
});

describe("a scan file mapped to this host", () => {
  it("gives one view per protocol, open TCP ports and open or silent UDP ports", () => {
    const views = fileViews(parsed("tcp-udp-two-hosts.xml"), "scan.xml", own(["10.88.0.1", "fe80::1"]));
    expect(views).toEqual([
      {
        name: "nmap's TCP connect scan in scan.xml",
        origin: "file",
        proto: "tcp",
        addresses: ["127.0.0.1", "10.88.0.1"],
        ports: Array.from({ length: 301 }, (_, i) => 47000 + i),
        open: [
          { address: "127.0.0.1", port: 47101 },
          { address: "127.0.0.1", port: 47102 },
          { address: "10.88.0.1", port: 47101 },
          { address: "10.88.0.1", port: 47104 },
        ],
        seconds: null,
      },
      {
        name: "nmap's UDP scan in scan.xml",
        origin: "file",
        proto: "udp",
        addresses: ["127.0.0.1", "10.88.0.1"],
        ports: Array.from({ length: 301 }, (_, i) => 47000 + i),
        open: [
          { address: "127.0.0.1", port: 47201 },
          { address: "127.0.0.1", port: 47202 },
          { address: "10.88.0.1", port: 47201 },
        ],
        seconds: null,
      },
    ]);
  });

  it("refuses a scan of another host, or of a host nmap found down", () => {
    expect(fileViews(parsed("tcp-10.88.0.2-other-host.gnmap"), "peer.gnmap", own(["10.88.0.1"]))).toBe("peer.gnmap: a scan of 10.88.0.2, which is not an address of this host");
    expect(fileViews(parsed("tcp-udp-two-hosts.xml"), "two.xml", own([]))).toBe("two.xml: a scan of 10.88.0.1, which is not an address of this host");
    const down = parsed("tcp-127.0.0.1.xml");
    expect(fileViews({ ...down, hosts: [{ address: "127.0.0.1", status: "down", ports: [] }] }, "down.xml", own([]))).toBe(
      "down.xml: nmap found 127.0.0.1 down: the scan saw none of its ports",
    );
  });
});

function sock(proto: "tcp" | "udp", address: string, port: number, pid = 10): InetSocket {
  const family = address.includes(":") ? "inet6" : "inet";
  return {
    proto,
    family,
    local: { address, port },
    remote: { address: family === "inet" ? "0.0.0.0" : "::", port: null },
    state: proto === "tcp" ? "LISTEN" : "CLOSE",
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: port,
    owners: [{ pid, fd: 3, program: "svc", comm: "svc", cmdline: "svc" }],
    ownerStatus: "complete",
    detail: { source: "proc", platform: "linux", stateCode: proto === "tcp" ? 10 : 7, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
  };
}

const view = (over: Partial<NetworkView> & Pick<NetworkView, "name" | "proto" | "open">): NetworkView => ({
  origin: "file",
  addresses: ["127.0.0.1"],
  ports: [22, 53, 47002, 47202],
  seconds: null,
  ...over,
});
const brief = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port} [${f.pids.join(",")}]`);

describe("findings of the network views", () => {
  const table = [sock("tcp", "127.0.0.1", 22), sock("udp", "0.0.0.0", 53)];
  const facts = { sockets: table, listeners: table, selected: () => true };
  const udp = view({ name: "the local UDP scan", origin: "local", proto: "udp", open: [{ address: "127.0.0.1", port: 53 }, { address: "127.0.0.1", port: 47202 }] });

  it("a silent UDP port no bound socket covers is a hidden listener; a covered one is not", () => {
    const out = withViews([], [udp], facts, null);
    expect(brief(out)).toEqual(["high hidden-listener udp 127.0.0.1 47202 []"]);
    expect(out[0]?.seen).toBe('127.0.0.1:47202 takes UDP datagrams without answering "port unreachable", but no bound UDP socket in the table covers it. Seen by the local UDP scan.');
  });

  it("a bound UDP socket whose port answered unreachable is info", () => {
    const out = withViews([], [view({ name: "the local UDP scan", origin: "local", proto: "udp", open: [] })], facts, null);
    expect(brief(out)).toEqual(["info unreachable-listener udp 0.0.0.0 53 [10]"]);
    expect(out[0]?.seen).toBe('udp 0.0.0.0:53 is listed as bound (pid 10), but answered "port unreachable" in the local UDP scan (127.0.0.1).');
  });

  it("adds a file's word to the connect scan's finding, and says which view did not see a port", () => {
    const local: NetworkView = { ...view({ name: "the local TCP connect scan", origin: "local", proto: "tcp", open: [{ address: "127.0.0.1", port: 22 }, { address: "127.0.0.1", port: 47002 }] }) };
    const existing: Finding = {
      kind: "hidden-listener",
      severity: "high",
      proto: "tcp",
      address: "127.0.0.1",
      port: 47002,
      pids: [],
      seen: "127.0.0.1:47002 accepts TCP connections.",
      why: "w",
      benign: "b",
    };
    const saw = view({ name: "nmap's TCP connect scan in a.xml", proto: "tcp", open: [{ address: "127.0.0.1", port: 22 }, { address: "127.0.0.1", port: 47002 }] });
    expect(withViews([existing], [saw], facts, local).map((f) => f.seen)).toEqual([
      "127.0.0.1:47002 accepts TCP connections. Seen by the local TCP connect scan and nmap's TCP connect scan in a.xml.",
    ]);
    const missed = view({ name: "nmap's TCP connect scan in b.xml", proto: "tcp", open: [{ address: "127.0.0.1", port: 22 }] });
    expect(withViews([existing], [missed], facts, local).map((f) => f.seen)).toEqual([
      "127.0.0.1:47002 accepts TCP connections. Seen by the local TCP connect scan; not by nmap's TCP connect scan in b.xml.",
    ]);
    // only the file saw it: a finding of its own, naming the local scan that did not
    const fileOnly = withViews([], [saw], facts, { ...local, open: [{ address: "127.0.0.1", port: 22 }] });
    expect(brief(fileOnly)).toEqual(["high hidden-listener tcp 127.0.0.1 47002 []"]);
    expect(fileOnly[0]?.seen).toBe(
      "127.0.0.1:47002 accepts TCP connections, but no listening socket in the table covers it. Seen by nmap's TCP connect scan in a.xml; not by the local TCP connect scan.",
    );
  });

  it("a listener the file's scan did not reach, though the local scan did, is unreachable from there", () => {
    const local = view({ name: "the local TCP connect scan", origin: "local", proto: "tcp", open: [{ address: "127.0.0.1", port: 22 }] });
    const blocked = view({ name: "nmap's TCP connect scan in c.xml", proto: "tcp", open: [] });
    const out = withViews([], [blocked], { ...facts, listeners: [table[0] as InetSocket] }, local);
    expect(brief(out)).toEqual(["low unreachable-listener tcp 127.0.0.1 22 [10]"]);
    expect(out[0]?.seen).toBe(
      "tcp 127.0.0.1:22 is listed as listening (pid 10), but was not accepted in nmap's TCP connect scan in c.xml (127.0.0.1); the local TCP connect scan (127.0.0.1) found it open.",
    );
  });

  it("respects -4/-6/-t/-u: an unselected family's open port is not judged", () => {
    expect(withViews([], [udp], { ...facts, selected: (_p, fam) => fam === "inet6" }, null)).toEqual([]);
  });
});

describe("the views in the report", () => {
  const result = {
    host: "h",
    time: "T",
    scan: null,
    views: [
      { name: "the local UDP scan", origin: "local" as const, proto: "udp" as const, addresses: ["127.0.0.1"], ports: [53, 54], open: [{ address: "127.0.0.1", port: 53 }], seconds: 1.23456 },
      { name: "nmap's TCP connect scan in f.gnmap", origin: "file" as const, proto: "tcp" as const, addresses: ["::1"], ports: null, open: [], seconds: null },
    ],
    findings: [],
    listeners: [],
    connections: [],
    notes: ["no local scan: the network view is f.gnmap"],
  };

  it("lists each view in JSON after the scan", () => {
    expect(auditJson(result)).toBe(
      '{"schema":"tsnetstat-audit/1","host":"h","time":"T","scan":null,\n' +
        '"views":[\n' +
        '{"name":"the local UDP scan","origin":"local","method":"scan","proto":"udp","addresses":["127.0.0.1"],"ports":2,"open":[{"address":"127.0.0.1","port":53}],"seconds":1.235},\n' +
        '{"name":"nmap\'s TCP connect scan in f.gnmap","origin":"file","method":"scan","proto":"tcp","addresses":["::1"],"ports":null,"open":[],"seconds":null}\n' +
        "],\n" +
        '"findings":[],\n"listeners":[],\n"connections":[]}\n',
    );
  });

  it("gives each view a line of the readable report", () => {
    expect(auditText(result, plainTable, false).split("\n").slice(0, 4)).toEqual([
      "tsnetstat audit of h at T",
      "view: the local UDP scan: 127.0.0.1, 2 ports each, in 1.23 s: 1 open or silent (127.0.0.1:53)",
      "view: nmap's TCP connect scan in f.gnmap: ::1, the ports nmap chose: 0 open",
      "note: no local scan: the network view is f.gnmap",
    ]);
  });
});

describe("the UDP scan's default addresses", () => {
  it("add the loopback addresses bound UDP sockets use, once", () => {
    const base = [{ address: "127.0.0.1", family: 4 as const }, { address: "::1", family: 6 as const }];
    const table = [sock("udp", "127.0.0.53", 53), sock("udp", "127.0.0.53", 5353), sock("udp", "127.0.0.1", 123), sock("tcp", "127.0.0.9", 22), sock("udp", "10.0.0.1", 53)];
    expect(udpTargets(base, table)).toEqual([...base, { address: "127.0.0.53", family: 4 }]);
  });
});

describe("--netns: hidden listeners another namespace may explain", () => {
  const hidden: Finding = { kind: "hidden-listener", severity: "high", proto: "tcp", address: "10.0.0.5", port: 8080, pids: [], seen: "10.0.0.5:8080 accepts TCP connections.", why: "w", benign: "b" };
  const web = { ...sock("tcp", "0.0.0.0", 8080), netns: { inode: 4026532400, name: null, container: "docker:0123456789ab" } };
  const dns = { ...sock("udp", "0.0.0.0", 8080), netns: { inode: 4026532401, name: "lab", container: null } };

  it("names a namespace that listens on the port with the same transport, and keeps the finding", () => {
    expect(withOtherNamespaces([hidden], [web, dns])).toEqual([
      { ...hidden, seen: "10.0.0.5:8080 accepts TCP connections. Network namespace 4026532400 (docker:0123456789ab) listens on port 8080: a published or forwarded port (DNAT) to it would explain this." },
    ]);
  });

  it("leaves it alone when no other namespace listens on that port (or only over another transport)", () => {
    expect(withOtherNamespaces([hidden], [dns, { ...web, local: { address: "0.0.0.0", port: 8081 } }])).toEqual([hidden]);
  });
});
