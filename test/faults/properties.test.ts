// Property tests of every pure parser (issue 7): whatever bytes a /proc table, an /etc file or a
// DNS reply holds, the parser returns records and diagnostics and never throws; well-formed input
// reads back exactly. Fixed seed, so a failure is reproducible; a longer run:
//   TSNETSTAT_PROPERTY_RUNS=200000 npx vitest run test/faults/properties.test.ts
// (TSNETSTAT_PROPERTY_SEED=<n> explores other inputs.)

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInetTable, parseSctpAssocs, parseSctpEps, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import { cmdlineText, commText, programFromCmdline, socketInodeOfLink } from "../../src/readers/linux/owners.js";
import {
  parseHosts,
  parseNetworks,
  parseNssServices,
  parseNsswitch,
  parsePasswd,
  parseProtocols,
  parseResolvConf,
  parseServices,
} from "../../src/names/etc.js";
import { decodePtrResponse, encodePtrQuery } from "../../src/names/dns-wire.js";
import type { Diagnostic, ProcInetTable } from "../../src/model.js";

const RUNS = Number(process.env.TSNETSTAT_PROPERTY_RUNS ?? "2000");
const SEED = Number(process.env.TSNETSTAT_PROPERTY_SEED ?? "20261201");
const params = { numRuns: RUNS, seed: SEED };
/** Long runs need room; the default ones take well under a second per parser. */
const TIMEOUT = Math.max(30_000, RUNS * 20);

/** Bytes as the readers see them: latin1 text, one character per byte (NULs, controls, 0x80-0xff). */
const bytesText = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString("latin1"));

/** A kernel line damaged at random: cut, a byte replaced, bytes inserted. */
function damaged(lines: readonly string[]) {
  return fc
    .tuple(fc.constantFrom(...lines), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("cut", "replace", "insert", "none"), bytesText(8))
    .map(([line, at, byte, how, extra]) => {
      const i = at % (line.length + 1);
      if (how === "cut") return line.slice(0, i);
      if (how === "replace") return line.slice(0, i) + String.fromCharCode(byte) + line.slice(i + 1);
      if (how === "insert") return line.slice(0, i) + extra + line.slice(i);
      return line;
    });
}

/** A table: a header line, then kernel lines (some damaged) and random bytes, joined by newlines. */
function table(header: string, good: readonly string[]) {
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: damaged(good) }, { weight: 1, arbitrary: bytesText(200) }), { maxLength: 12 })
    .map((lines) => [header, ...lines].join("\n"));
}

/** Diagnostics name the source and, when they have one, a line that exists. */
function checkDiagnostics(ds: readonly Diagnostic[], source: string, text: string): void {
  const lines = text.split("\n").length;
  for (const d of ds) {
    expect(d.source).toBe(source);
    expect(typeof d.message).toBe("string");
    if (d.line !== null) {
      expect(Number.isInteger(d.line)).toBe(true);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(lines);
    }
  }
}

const TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const TCP_LINES = [
  "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0",
  "   1: 0100007F:1F91 0200007F:9C41 01 00000010:00000020 02:000A1B2C 00000003  1000        0 1002 1 0000000000000000 20 4 30 10 -1",
  "   2: 00000000000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 100 0 0 10 0",
  "   3: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 34000 2 0000000000000000 0",
];
const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";
const UNIX_LINES = [
  "0000000000000001: 00000002 00000000 00010000 0001 01 2001 /run/a.sock",
  "0000000000000002: 00000003 00000000 00000000 0001 03 2002",
  "0000000000000003: 00000002 00000000 00000000 0002 01 2003 @abstract\x01name",
  "0000000000000004: 00000002 00000000 00000000 0005 03 2004 /tmp/a b c",
];
const EPS_HEADER = "ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS";
const EPS_LINES = ["ffff8880a1b2c000 ffff8880a1b2d000 2   10  29   9901      0 5001 10.0.0.1 127.0.0.1"];
const ASSOCS_HEADER =
  "ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf";
const ASSOCS_LINES = [
  "ffff8880a1b2e000 ffff8880a1b2f000 0   10  3   2    1        0        0      0 5002  7002 38000 *127.0.0.1 <-> *127.0.0.1 7500 10 10 10 0 0 0 1 0 212992 212992",
];

describe("proc-net parsers: any bytes give records and diagnostics, never a throw", () => {
  for (const t of ["tcp", "tcp6", "udp", "udp6", "udplite", "raw6"] as const satisfies readonly ProcInetTable[]) {
    it(`parseInetTable ${t}`, () => {
      fc.assert(
        fc.property(fc.oneof(table(TCP_HEADER, TCP_LINES), bytesText(3000)), fc.boolean(), (text, le) => {
          const r = parseInetTable(text, t, { source: "/p/net/x", littleEndian: le });
          checkDiagnostics(r.diagnostics, "/p/net/x", text);
          // one record or one diagnostic per data line at most
          expect(r.records.length + r.diagnostics.length).toBeLessThanOrEqual(Math.max(0, text.split("\n").length - 1));
          for (const s of r.records) {
            expect(s.local.port === null || (Number.isInteger(s.local.port) && s.local.port >= 0 && s.local.port <= 0xffff)).toBe(true);
            expect(typeof s.local.address).toBe("string");
          }
        }),
        params,
      );
    }, TIMEOUT);
  }

  it("parseInetTable reads any well-formed tcp line back exactly", () => {
    const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, "0");
    fc.assert(
      fc.property(
        fc.record({
          local: fc.nat({ max: 0xffffffff }),
          lport: fc.nat({ max: 0xffff }),
          remote: fc.nat({ max: 0xffffffff }),
          rport: fc.nat({ max: 0xffff }),
          state: fc.integer({ min: 1, max: 12 }),
          tx: fc.nat({ max: 0xffffffff }),
          rx: fc.nat({ max: 0xffffffff }),
          uid: fc.nat({ max: 0x7fffffff }),
          inode: fc.nat({ max: 0x7fffffff }),
        }),
        (f) => {
          const line = `   0: ${hex(f.local, 8)}:${hex(f.lport, 4)} ${hex(f.remote, 8)}:${hex(f.rport, 4)} ${hex(f.state, 2)} ${hex(f.tx, 8)}:${hex(f.rx, 8)} 00:00000000 00000000 ${String(f.uid).padStart(5)}        0 ${f.inode} 1 0000000000000000 100 0 0 10 0`;
          const r = parseInetTable(`${TCP_HEADER}\n${line}\n`, "tcp", { source: "s", littleEndian: true });
          expect(r.diagnostics).toEqual([]);
          expect(r.records.length).toBe(1);
          const s = r.records[0];
          const dotted = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24].join(".");
          expect([s?.local.address, s?.local.port, s?.remote.address, s?.uid, s?.inode]).toEqual([
            dotted(f.local),
            f.lport === 0 ? null : f.lport,
            dotted(f.remote),
            f.uid,
            f.inode,
          ]);
        },
      ),
      params,
    );
  }, TIMEOUT);

  it("parseUnixTable", () => {
    fc.assert(
      fc.property(fc.oneof(table(UNIX_HEADER, UNIX_LINES), bytesText(3000)), (text) => {
        const r = parseUnixTable(text, { source: "/p/net/unix" });
        checkDiagnostics(r.diagnostics, "/p/net/unix", text);
        for (const s of r.records) expect(s.path === null || typeof s.path === "string").toBe(true);
      }),
      params,
    );
  }, TIMEOUT);

  it("parseSctpEps and parseSctpAssocs", () => {
    fc.assert(
      fc.property(fc.oneof(table(EPS_HEADER, EPS_LINES), table(ASSOCS_HEADER, ASSOCS_LINES), bytesText(2000)), (text) => {
        checkDiagnostics(parseSctpEps(text, { source: "e" }).diagnostics, "e", text);
        checkDiagnostics(parseSctpAssocs(text, { source: "a" }).diagnostics, "a", text);
      }),
      params,
    );
  }, TIMEOUT);

  it("owners: fd links, cmdline and comm of any bytes", () => {
    fc.assert(
      fc.property(bytesText(300), fc.uint8Array({ maxLength: 800 }), (link, raw) => {
        const inode = socketInodeOfLink(link);
        expect(Number.isInteger(inode)).toBe(true);
        const b = Buffer.from(raw);
        expect(typeof programFromCmdline(b)).toBe("string");
        const c = cmdlineText(b);
        expect(c === null || typeof c === "string").toBe(true);
        const m = commText(b);
        expect(m === null || typeof m === "string").toBe(true);
      }),
      params,
    );
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 31 }), (n) => {
        expect(socketInodeOfLink(`socket:[${n}]`)).toBe(n);
      }),
      params,
    );
  }, TIMEOUT);
});

describe("/etc parsers: any bytes give records and diagnostics, never a throw", () => {
  const etcText = fc.oneof(
    bytesText(2000),
    fc
      .array(
        fc.oneof(
          damaged(["http 80/tcp www # web", "tcp 6 TCP", "127.0.0.1 localhost", "root:x:0:0:root:/root:/bin/sh", "hosts: files [NOTFOUND=return] dns", "nameserver 10.0.0.1", "loopback 127"]),
          bytesText(80),
        ),
        { maxLength: 20 },
      )
      .map((l) => l.join("\n")),
  );
  it("services, protocols, hosts, networks, passwd, nsswitch.conf, resolv.conf", () => {
    fc.assert(
      fc.property(etcText, (text) => {
        const s = parseServices(text, "svc");
        checkDiagnostics(s.diagnostics, "svc", text);
        for (const e of s.records) expect(e.port >= 0 && e.port <= 0xffff).toBe(true);
        checkDiagnostics(parseProtocols(text, "proto").diagnostics, "proto", text);
        expect(Array.isArray(parseHosts(text, "h").records)).toBe(true);
        expect(Array.isArray(parseNetworks(text, "n").records)).toBe(true);
        checkDiagnostics(parsePasswd(text, "pw").diagnostics, "pw", text);
        for (const list of parseNsswitch(text).values()) for (const svc of list) expect(svc.name.length).toBeGreaterThan(0);
        expect(Array.isArray(parseNssServices(text))).toBe(true);
        const servers = parseResolvConf(text);
        expect(servers.length).toBeGreaterThanOrEqual(1);
        expect(servers.length).toBeLessThanOrEqual(3);
      }),
      params,
    );
  }, TIMEOUT);
});

describe("DNS wire: any reply is decoded to a verdict, never a throw; names are safe host names", () => {
  const Q = "1.0.77.10.in-addr.arpa";
  /** A reply to the query: its header and question, then random bytes (a random answer section). */
  const reply = fc
    .tuple(fc.nat({ max: 0xffff }), fc.nat({ max: 0xff }), fc.uint8Array({ maxLength: 300 }))
    .map(([flags, ancount, tail]) => {
      const q = encodePtrQuery(0x1234, Q);
      const out = Buffer.concat([Buffer.from(q), Buffer.from(tail)]);
      out.writeUInt16BE(flags | 0x8000, 2);
      out.writeUInt16BE(ancount, 6);
      return new Uint8Array(out);
    });
  it("decodePtrResponse", () => {
    fc.assert(
      fc.property(fc.oneof(reply, fc.uint8Array({ maxLength: 600 })), (msg) => {
        const r = decodePtrResponse(msg, 0x1234, Q);
        expect(["name", "notfound", "tryagain", "next-server", "ignore", "truncated"]).toContain(r.kind);
        // a name that reaches a table is a host name: letters, digits, '-', '_' and dots only
        if (r.kind === "name") expect(r.name).toMatch(/^[A-Za-z0-9_.-]*$/);
      }),
      params,
    );
  }, TIMEOUT);

  it("a well-formed answer with any host name reads back that name", () => {
    const label = fc.stringMatching(/^[a-z0-9_][a-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), fc.nat({ max: 0xffff }), (labels, id) => {
        const q = Buffer.from(encodePtrQuery(id, Q));
        const name = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
        const rr = Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 12, 0, 1, 0, 0, 0, 60, name.length >> 8, name.length & 255]), name]);
        const msg = Buffer.concat([q, rr]);
        msg.writeUInt16BE(0x8180, 2);
        msg.writeUInt16BE(1, 6);
        expect(decodePtrResponse(new Uint8Array(msg), id, Q)).toEqual({ kind: "name", name: labels.join(".") });
      }),
      params,
    );
  }, TIMEOUT);
});
