// The audit's small pure parts: direction, baseline files, option lists, executables, packet table, JSON.

import { describe, expect, it } from "vitest";
import type { InetSocket } from "../../src/model.js";
import { direction, parsePortRange } from "../../src/audit/direction.js";
import { parseBaseline, serializeBaseline } from "../../src/audit/baseline.js";
import { defaultTargets, isOwnAddress, parseAddressList, parsePacketTable, parsePortList } from "../../src/audit/parse.js";
import { shellKind, suspiciousLocation } from "../../src/audit/executables.js";
import { auditJson, findingFamily, plainTable } from "../../src/audit/report.js";
import type { BaselineEntry } from "../../src/audit/types.js";

function tcp(local: [string, number], remote: [string, number | null], state: InetSocket["state"]): InetSocket {
  return {
    proto: "tcp",
    family: local[0].includes(":") ? "inet6" : "inet",
    local: { address: local[0], port: local[1] },
    remote: { address: remote[0], port: remote[1] },
    state,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 1,
    owners: [],
    ownerStatus: "complete",
    detail: { source: "proc", platform: "linux", stateCode: 1, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
  };
}

describe("direction", () => {
  const listeners = [tcp(["0.0.0.0", 30000], ["0.0.0.0", null], "LISTEN"), tcp(["::", 8443], ["::", null], "LISTEN")];
  const range = { low: 600, high: 700 };
  it("is inbound when a listener covers the local end, whatever the port numbers", () => {
    expect(direction(tcp(["10.0.0.1", 30000], ["10.0.0.2", 650], "ESTABLISHED"), listeners, range)).toBe("inbound");
    // a v4-mapped end of a dual-stack listener
    expect(direction(tcp(["::ffff:10.0.0.1", 8443], ["::ffff:10.0.0.2", 5000], "ESTABLISHED"), listeners, range)).toBe("inbound");
  });
  it("is decided by the kernel's ephemeral range when no listener covers it, never by 1024", () => {
    expect(direction(tcp(["10.0.0.1", 650], ["10.0.0.2", 5432], "ESTABLISHED"), listeners, range)).toBe("outbound");
    expect(direction(tcp(["10.0.0.1", 2000], ["10.0.0.2", 650], "ESTABLISHED"), listeners, range)).toBe("inbound");
    expect(direction(tcp(["10.0.0.1", 2000], ["10.0.0.2", 5000], "ESTABLISHED"), listeners, range)).toBe("unknown");
    expect(direction(tcp(["10.0.0.1", 2000], ["10.0.0.2", 5000], "ESTABLISHED"), listeners, null)).toBe("outbound");
  });
  it("reads ip_local_port_range", () => {
    expect(parsePortRange("32768\t60999\n")).toEqual({ low: 32768, high: 60999 });
    expect(parsePortRange("600 700")).toEqual({ low: 600, high: 700 });
    expect(parsePortRange("700 600")).toBeNull();
    expect(parsePortRange("x")).toBeNull();
  });
});

describe("baseline files", () => {
  const entries: BaselineEntry[] = [
    { proto: "udp", family: "inet", scope: "all", address: null, port: 53, executable: "/usr/sbin/named" },
    { proto: "tcp", family: "inet6", scope: "loopback", address: "::1", port: 22, executable: null },
  ];
  it("round-trips, sorted, one entry a line", () => {
    const text = serializeBaseline(entries);
    expect(text).toBe(
      '{"schema":"tsnetstat-baseline/1","listeners":[\n' +
        '{"proto":"tcp","family":"inet6","scope":"loopback","address":"::1","port":22,"executable":null},\n' +
        '{"proto":"udp","family":"inet","scope":"all","address":null,"port":53,"executable":"/usr/sbin/named"}\n]}\n',
    );
    expect(parseBaseline(text, "b.json")).toEqual({ entries: [entries[1], entries[0]] });
  });
  it("refuses what is not a baseline with one line naming the file and entry", () => {
    expect(parseBaseline("{", "b.json")).toEqual({
      error: { source: "b.json", line: null, message: expect.stringMatching(/^not a baseline: /) as unknown as string },
    });
    expect(parseBaseline('{"schema":"x"}', "b.json")).toEqual({
      error: { source: "b.json", line: null, message: 'not a baseline (schema "tsnetstat-baseline/1" expected)' },
    });
    const bad = '{"schema":"tsnetstat-baseline/1","listeners":[\n{"proto":"tcp","family":"inet","scope":"all","address":null,"port":22,"executable":null},\n{"proto":"tcp","port":"x"}\n]}';
    expect(parseBaseline(bad, "b.json")).toEqual({ error: { source: "b.json", line: 3, message: "baseline entry 2 is malformed" } });
  });
});

describe("scan options", () => {
  it("parses port lists", () => {
    expect(parsePortList("22,80-82,22")).toEqual([22, 80, 81, 82]);
    expect(parsePortList("0-5")).toBe("'0-5' is not within 1-65535");
    expect(parsePortList("http")).toBe("'http' is not a port or a range of ports");
    expect(parsePortList("9-3")).toBe("'9-3' is not within 1-65535");
  });
  it("parses address lists", () => {
    expect(parseAddressList("127.0.0.1, ::1,fe80::1%eth0")).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
      { address: "fe80::1", family: 6, scope: "eth0" },
    ]);
    expect(parseAddressList("localhost")).toBe("'localhost' is not a numeric IPv4 or IPv6 address");
    expect(parseAddressList("10.0.0.1%eth0")).toBe("'10.0.0.1%eth0' is not a numeric IPv4 or IPv6 address");
  });
  it("knows this machine's own addresses", () => {
    const ifs = [{ name: "eth0", address: "10.0.0.5", family: 4 as const, internal: false }];
    expect(["127.0.0.9", "::1", "::ffff:127.0.0.1", "10.0.0.5", "10.0.0.6", "2001:db8::1"].map((a) => isOwnAddress(a, ifs))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
  it("defaults to the loopback addresses in use, ::1, and every interface address", () => {
    const sockets = [tcp(["127.0.0.53", 53], ["0.0.0.0", null], "LISTEN"), tcp(["::ffff:127.0.0.9", 80], ["::", null], "LISTEN")];
    const ifs = [
      { name: "eth0", address: "10.0.0.5", family: 4 as const, internal: false },
      { name: "eth0", address: "fe80::1", family: 6 as const, internal: false },
      { name: "eth0", address: "2001:db8::5", family: 6 as const, internal: false },
    ];
    expect(defaultTargets(ifs, sockets, true)).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "127.0.0.53", family: 4 },
      { address: "127.0.0.9", family: 4 },
      { address: "::1", family: 6 },
      { address: "10.0.0.5", family: 4 },
      { address: "fe80::1", family: 6, scope: "eth0" },
      { address: "2001:db8::5", family: 6 },
    ]);
    expect(defaultTargets(ifs, [], false)).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ]);
  });
});

describe("executables", () => {
  it("tells shells, relays and bare interpreters from programs", () => {
    expect(shellKind("/usr/bin/dash", ["sh"])).toBe("shell");
    expect(shellKind("/usr/bin/ncat (deleted)", ["ncat", "-l"])).toBe("relay");
    expect(shellKind("/usr/bin/perl5.36.0", ["perl", "-e", "..."])).toBe("bare-interpreter");
    expect(shellKind("/usr/bin/python3.11", ["python3"])).toBe("bare-interpreter");
    expect(shellKind("/usr/bin/python3.11", ["python3", "-uc", "..."])).toBe("bare-interpreter");
    expect(shellKind("/usr/bin/python3.11", ["python3", "-u", "/srv/app.py"])).toBe(null);
    expect(shellKind("/usr/bin/node", ["node", "server.js"])).toBe(null);
    expect(shellKind("/usr/sbin/sshd", ["bash"])).toBe(null);
  });
  it("flags world-writable and hidden directories", () => {
    expect(suspiciousLocation("/var/tmp/x (deleted)")).toBe("it runs from /var/tmp, a directory anyone may write to");
    expect(suspiciousLocation("/opt/.hid/x")).toBe("it runs from a hidden directory (.hid)");
    expect(suspiciousLocation("/usr/sbin/.x")).toBe(null);
    expect(suspiciousLocation("/usr/sbin/sshd")).toBe(null);
  });
});

describe("/proc/net/packet", () => {
  it("reads packet_seq_show lines and names a bad one", () => {
    const text =
      "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n" +
      "ffff8880049e2000 3      3    0003   2     1 0      0      31337 \n" +
      "garbage\n";
    expect(parsePacketTable(text, "/proc/net/packet")).toEqual({
      records: [{ type: 3, protocol: 3, ifindex: 2, uid: 0, inode: 31337 }],
      diagnostics: [{ source: "/proc/net/packet", line: 3, message: "malformed packet line skipped" }],
    });
  });
});

describe("report", () => {
  it("prints the JSON schema tsnetstat-audit/1", () => {
    const text = auditJson({
      host: "h",
      time: "2026-01-01T00:00:00.000Z",
      scan: { addresses: ["127.0.0.1"], ports: [22, 23], open: [{ address: "127.0.0.1", port: 22 }], seconds: 0.12345 },
      findings: [
        { kind: "hidden-listener", severity: "high", proto: "tcp", address: "127.0.0.1", port: 23, pids: [], seen: "S.", why: "W.", benign: "B." },
      ],
      listeners: [],
      connections: [],
      notes: [],
    });
    expect(text).toBe(
      '{"schema":"tsnetstat-audit/1","host":"h","time":"2026-01-01T00:00:00.000Z","scan":{"addresses":["127.0.0.1"],"ports":2,"open":[{"address":"127.0.0.1","port":22}],"seconds":0.123},\n' +
        '"findings":[\n{"kind":"hidden-listener","severity":"high","proto":"tcp","family":"inet","address":"127.0.0.1","port":23,"pids":[],"message":"S. Why it matters: W. Benign explanations: B."}\n],\n' +
        '"listeners":[],\n"connections":[]}\n',
    );
  });
  it("gives each finding its family beside its transport: udp over IPv6 is proto udp, family inet6 (netstat's udp6)", () => {
    const f = (proto: "udp" | "tcp" | "packet" | "raw", address: string | null) => findingFamily({ proto, address });
    expect([f("udp", "::1"), f("udp", "127.0.0.1"), f("tcp", "::ffff:10.0.0.1"), f("raw", "::"), f("packet", "eth0"), f("udp", null)]).toEqual([
      "inet6",
      "inet",
      "inet6",
      "inet6",
      null,
      null,
    ]);
  });
  it("aligns plain tables", () => {
    expect(plainTable(["a", "bb"], [["xxx", "y"], ["z", ""]])).toBe("a    bb\nxxx  y\nz\n");
  });
});
