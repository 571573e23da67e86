// src/readers/linux/proc-net.ts parseInetTable on real captures and on malformed input.

import { describe, expect, it } from "vitest";
import type { InetSocket, LinuxInetDetail, ProcInetTable } from "../../src/model.js";
import { NO_OWNERS, parseInetTable } from "../../src/readers/linux/proc-net.js";
import { canonicalTcpState, tcpStateOfNumber } from "../../src/states.js";
import { fixture } from "../support/fixtures.js";

/** One record on one line: "local remote state recvQ sendQ tr when retr uid timeout inode". */
function brief(s: InetSocket): string {
  const t = linux(s).timer;
  const ep = (e: InetSocket["local"]): string => `${e.address}:${e.port ?? "*"}`;
  return [
    ep(s.local),
    ep(s.remote),
    s.state ?? "null",
    s.recvQ,
    s.sendQ,
    t?.kind,
    t?.ticks,
    t?.retransmits,
    s.uid,
    t?.probes,
    s.inode,
  ].join(" ");
}

/** The Linux detail of a socket this parser made. */
const linux = (s: InetSocket): LinuxInetDetail => s.detail as LinuxInetDetail;

const parse = (text: string, proto: ProcInetTable, source = "/proc/net/" + proto) => parseInetTable(text, proto, { source });

// Expected values decoded independently (Python ipaddress + int(x, 16)) from the same files.
describe("parseInetTable on fixtures/linux/jc/linux-proc-net-tcp-1.txt (padded IPv4 lines)", () => {
  const parsed = parse(fixture("linux/jc/linux-proc-net-tcp-1.txt"), "tcp");

  it("reads every line, with no diagnostics", () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([
      "127.0.0.53:53 0.0.0.0:* LISTEN 0 0 0 0 0 101 0 34000",
      "127.0.0.1:35303 0.0.0.0:* LISTEN 0 0 0 0 0 1000 0 140054",
      "127.0.0.1:631 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 34523",
      "192.168.42.128:54352 152.199.4.33:443 CLOSE_WAIT 82 0 2 2671 0 1000 0 149098",
      "0.0.0.0:22 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 23459",
      "10.0.0.28:42082 64.12.0.108:80 FIN_WAIT1 0 1 1 21 0 0 0 0",
      "10.0.0.28:38864 104.244.42.65:80 TIME_WAIT 0 0 3 1989 0 0 0 0",
      "10.0.0.28:45186 142.250.189.228:80 TIME_WAIT 0 0 3 1945 0 0 0 0",
      "10.0.0.28:43096 104.68.100.166:80 TIME_WAIT 0 0 3 1988 0 0 0 0",
      "10.0.0.28:48390 157.240.22.35:80 TIME_WAIT 0 0 3 1988 0 0 0 0",
      "10.0.0.28:38258 54.151.118.105:80 FIN_WAIT1 0 1 1 21 0 0 0 0",
      "10.0.0.28:42288 104.108.67.218:80 FIN_WAIT1 0 1 1 22 0 0 0 0",
      "10.0.0.28:36316 151.101.66.159:80 TIME_WAIT 0 0 3 1973 0 0 0 0",
      "10.0.0.28:51166 104.68.102.169:80 FIN_WAIT1 0 1 1 21 0 0 0 0",
      "10.0.0.28:57122 104.244.42.65:80 TIME_WAIT 0 0 3 5959 0 0 0 0",
      "10.0.0.28:22 10.0.0.146:56779 ESTABLISHED 0 0 2 702237 0 0 0 41558",
      "10.0.0.28:57336 98.137.11.164:80 TIME_WAIT 0 0 3 5922 0 0 0 0",
      "10.0.0.28:42430 104.68.100.166:80 TIME_WAIT 0 0 3 5992 0 0 0 0",
      "10.0.0.28:55856 151.101.66.159:80 TIME_WAIT 0 0 3 5937 0 0 0 0",
      "10.0.0.28:40802 23.62.46.25:80 FIN_WAIT1 0 1 1 21 0 0 0 0",
      "10.0.0.28:55888 142.250.189.228:80 TIME_WAIT 0 0 3 5910 0 0 0 0",
      "10.0.0.28:50018 157.240.22.35:80 TIME_WAIT 0 0 3 5960 0 0 0 0",
      "10.0.0.28:42804 74.6.231.21:80 TIME_WAIT 0 0 3 1959 0 0 0 0",
      "10.0.0.28:59920 104.68.102.169:80 TIME_WAIT 0 0 3 1988 0 0 0 0",
      "10.0.0.28:55238 54.177.212.176:80 TIME_WAIT 0 0 3 1988 0 0 0 0",
      "10.0.0.28:56594 104.108.67.218:80 TIME_WAIT 0 0 3 1988 0 0 0 0",
      "10.0.0.28:54548 152.199.0.128:80 FIN_WAIT1 0 1 1 21 0 0 0 0",
    ]);
  });

  it("builds whole records: ports as numbers, null for port 0, state code kept, no owners", () => {
    expect(parsed.records[0]).toEqual({
      proto: "tcp",
      family: "inet",
      local: { address: "127.0.0.53", port: 53 },
      remote: { address: "0.0.0.0", port: null },
      state: "LISTEN",
      recvQ: 0,
      sendQ: 0,
      uid: 101,
      inode: 34000,
      detail: { source: "proc", platform: "linux", stateCode: 10, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
      owners: [],
      ownerStatus: "not-read",
    });
    expect(parsed.records[3]).toEqual({
      proto: "tcp",
      family: "inet",
      local: { address: "192.168.42.128", port: 54352 },
      remote: { address: "152.199.4.33", port: 443 },
      state: "CLOSE_WAIT",
      recvQ: 82,
      sendQ: 0,
      uid: 1000,
      inode: 149098,
      detail: { source: "proc", platform: "linux", stateCode: 8, timer: { kind: 2, ticks: 2671, retransmits: 0, probes: 0 } },
      owners: [],
      ownerStatus: "not-read",
    });
    for (const r of parsed.records) expect(r.owners).toBe(NO_OWNERS);
  });
});

describe("parseInetTable on fixtures/linux/jc/linux-proc-net-tcp6-1.txt", () => {
  it("decodes IPv6 addresses and TIME_WAIT lines that stop after the pointer", () => {
    const parsed = parse(fixture("linux/jc/linux-proc-net-tcp6-1.txt"), "tcp6");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([
      ":::22 :::* LISTEN 0 0 0 0 0 0 0 23556",
      "2601:646:9e01:f100::3a4c:59136 2a03:2880:f131:83:face:b00c:0:25de:80 TIME_WAIT 0 0 3 977 0 0 0 0",
      "2601:646:9e01:f100::3a4c:59878 2001:4998:44:3507::8000:80 TIME_WAIT 0 0 3 941 0 0 0 0",
      "2601:646:9e01:f100::3a4c:38370 2600:1406:3a00:18f::c3a:80 TIME_WAIT 0 0 3 1024 0 0 0 0",
      "2601:646:9e01:f100::3a4c:45028 2001:559:19:6091::720:80 TIME_WAIT 0 0 3 1004 0 0 0 0",
      "2601:646:9e01:f100::3a4c:40216 2607:f8b0:4005:801::2004:80 TIME_WAIT 0 0 3 918 0 0 0 0",
      "2601:646:9e01:f100::3a4c:60938 2001:559:19:608f::b33:80 TIME_WAIT 0 0 3 1020 0 0 0 0",
      "2601:646:9e01:f100::3a4c:32936 2001:559:19:c000::17c5:3313:80 TIME_WAIT 0 0 3 1020 0 0 0 0",
    ]);
    expect(parsed.records.every((r) => r.proto === "tcp" && r.family === "inet6" && r.detail.platform === "linux")).toBe(true);
  });
});

describe("parseInetTable on this machine's captures (spec/captures/linux/inet)", () => {
  it("tcp: every state netstat showed, queues rx-first, timers", () => {
    const parsed = parse(fixture("linux/captures/inet/proc-net-tcp.out"), "tcp");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([
      "127.0.0.1:9001 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486245",
      "127.0.0.1:9002 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1483280",
      "127.0.0.2:5432 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486196",
      "0.0.0.0:22 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486192",
      "127.0.0.1:5000 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486199",
      "127.0.0.1:6000 0.0.0.0:* LISTEN 0 0 0 0 0 65534 0 1486200",
      "127.0.0.1:6001 0.0.0.0:* LISTEN 0 0 0 0 0 4242 0 1486201",
      "127.0.0.1:7001 0.0.0.0:* LISTEN 2 0 0 0 0 0 0 1486197",
      "127.0.0.1:7002 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486198",
      "127.0.0.1:8080 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486193",
      "127.0.0.1:36574 127.0.0.1:7002 ESTABLISHED 0 0 0 0 0 0 0 1486216",
      "127.0.0.1:8080 127.0.0.1:45500 ESTABLISHED 1234 0 0 0 0 0 0 1486205",
      "127.0.0.1:5000 127.0.0.1:50130 LAST_ACK 1 1 1 18 1 0 0 1486231",
      "127.0.0.1:7001 127.0.0.1:43792 ESTABLISHED 0 0 0 0 0 0 0 0",
      "127.0.0.1:7001 127.0.0.1:43808 ESTABLISHED 0 0 0 0 0 0 0 0",
      "127.0.0.1:5000 127.0.0.1:50142 FIN_WAIT2 0 0 0 0 0 0 0 1486233",
      "127.0.0.1:8080 127.0.0.1:45506 ESTABLISHED 113152 0 2 719921 0 0 0 1486207",
      "127.0.0.1:43792 127.0.0.1:7001 ESTABLISHED 0 0 0 0 0 0 0 1486202",
      "127.0.0.1:43808 127.0.0.1:7001 ESTABLISHED 0 0 0 0 0 0 0 1486203",
      "127.0.0.1:40000 127.0.0.2:5432 ESTABLISHED 0 0 0 0 0 0 0 1486214",
      "127.0.0.1:5000 127.0.0.1:50116 CLOSE_WAIT 1 0 0 0 0 0 0 1486229",
      "127.0.0.1:55282 127.0.0.1:80 ESTABLISHED 0 0 0 0 0 0 0 1486208",
      "127.0.0.1:50102 127.0.0.1:5000 TIME_WAIT 0 0 3 5926 0 0 0 0",
      "127.0.0.1:50116 127.0.0.1:5000 FIN_WAIT2 0 0 0 0 0 0 0 1486228",
      "127.0.0.1:50130 127.0.0.1:5000 FIN_WAIT2 0 0 0 0 0 0 0 1486230",
      "127.0.0.1:50142 127.0.0.1:5000 CLOSING 1 1 1 18 1 0 0 1486232",
      "127.0.0.1:50154 127.0.0.1:5000 FIN_WAIT1 0 1 1 20 1 0 0 1486234",
      "127.0.0.2:5432 127.0.0.1:40000 ESTABLISHED 0 0 0 0 0 0 0 1486215",
      "127.0.0.1:56218 127.0.0.1:7003 SYN_SENT 0 1 1 39 0 0 0 1486242",
      "127.0.0.1:5000 127.0.0.1:50154 ESTABLISHED 0 0 0 0 0 0 0 1486235",
      "127.0.0.1:7002 127.0.0.1:36574 SYN_RECV 0 0 1 21 0 0 0 0",
      "127.0.0.1:45500 127.0.0.1:8080 ESTABLISHED 0 0 0 0 0 0 0 1486204",
      "127.0.0.1:45506 127.0.0.1:8080 ESTABLISHED 0 3797504 1 10 1 0 0 1486206",
    ]);
  });

  it.each([
    [
      "tcp6",
      [
        ":::80 :::* LISTEN 0 0 0 0 0 0 0 1486194",
        "::1:443 :::* LISTEN 0 0 0 0 0 0 0 1486195",
        "::1:43290 ::1:443 ESTABLISHED 0 0 0 0 0 0 0 1486212",
        "::1:443 ::1:43290 ESTABLISHED 0 0 0 0 0 0 0 1486213",
        "::ffff:127.0.0.1:55296 ::ffff:127.0.0.1:80 ESTABLISHED 0 0 0 0 0 0 0 1486210",
        "::ffff:127.0.0.1:80 ::ffff:127.0.0.1:55282 ESTABLISHED 0 0 0 0 0 0 0 1486209",
        "::ffff:127.0.0.1:80 ::ffff:127.0.0.1:55296 ESTABLISHED 0 0 0 0 0 0 0 1486211",
      ],
    ],
    [
      "udp",
      [
        "127.0.0.1:5353 127.0.0.1:9 ESTABLISHED 0 0 0 0 0 0 0 1486218",
        "0.0.0.0:41839 0.0.0.0:* CLOSE 0 0 0 0 0 0 0 1486222",
        "0.0.0.0:53 0.0.0.0:* CLOSE 2496 0 0 0 0 0 0 1486217",
      ],
    ],
    [
      "udp6",
      [
        "::1:39650 ::1:514 ESTABLISHED 0 0 0 0 0 0 0 1486220",
        "::ffff:127.0.0.1:59477 ::ffff:127.0.0.1:161 ESTABLISHED 0 0 0 0 0 0 0 1486221",
        ":::123 :::* CLOSE 0 0 0 0 0 0 0 1486219",
      ],
    ],
    ["raw", ["0.0.0.0:255 0.0.0.0:* CLOSE 0 0 0 0 0 0 0 1486225", "0.0.0.0:1 0.0.0.0:* CLOSE 0 0 0 0 0 0 0 1486223"]],
    ["raw6", [":::58 :::* CLOSE 0 0 0 0 0 0 0 1486224"]],
  ] as const)("%s", (proto, expected) => {
    const parsed = parse(fixture(`linux/captures/inet/proc-net-${proto}.out`), proto);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual(expected);
    const code: Record<string, number> = { ESTABLISHED: 1, CLOSE: 7, LISTEN: 10 };
    expect(parsed.records.map((r) => linux(r).stateCode)).toEqual(parsed.records.map((r) => code[r.state ?? ""]));
  });
});

describe("tcpStateOfNumber", () => {
  it("names every kernel state and nothing else", () => {
    expect([...Array(14).keys()].map(tcpStateOfNumber)).toEqual([
      null,
      "ESTABLISHED",
      "SYN_SENT",
      "SYN_RECV",
      "FIN_WAIT1",
      "FIN_WAIT2",
      "TIME_WAIT",
      "CLOSE",
      "CLOSE_WAIT",
      "LAST_ACK",
      "LISTEN",
      "CLOSING",
      "NEW_SYN_RECV",
      null,
    ]);
  });
});

describe("canonicalTcpState", () => {
  it("maps the names lsof and net-tools print on every platform, and nothing else", () => {
    const names = ["SYN_RCVD", "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSED", "IDLE", "BOUND", "NEW_SYN_RECV", "LISTEN", "Idle", "12", ""];
    expect(names.map(canonicalTcpState)).toEqual(["SYN_RECV", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "CLOSE", "CLOSE", "CLOSE", "NEW_SYN_RECV", "LISTEN", null, null, null]);
  });
});

// ---- malformed input -------------------------------------------------------------------------------

const HEADER4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const GOOD1 = "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1486245 1 00000000447d971f 100 0 0 10 0";
const GOOD2 = "   1: 0100007F:1F90 0100007F:B1BC 01 00000003:000004D2 02:000AFC31 00000002  1000        5 1486205 1 000000003542480c 20 4 32 10 -1";
const GOOD1_BRIEF = "127.0.0.1:9001 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 1486245";
const GOOD2_BRIEF = "127.0.0.1:8080 127.0.0.1:45500 ESTABLISHED 1234 3 2 719921 2 1000 5 1486205";

describe("parseInetTable: malformed lines are skipped with one diagnostic each", () => {
  it.each([
    ["garbage", "hello world", "slot number"],
    ["no colon after the slot", "   0 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "slot number"],
    ["bad hex in the local address", "   0: 0100007G:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local address"],
    ["short local address", "   0: 100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local address"],
    ["long local address", "   0: 0100007F0:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local address"],
    ["IPv6 address in an IPv4 table", "   0: 00000000000000000000000001000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local address"],
    ["port over 16 bits", "   0: 0100007F:12345 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local port"],
    ["no port", "   0: 0100007F: 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local port"],
    ["bad hex in the port", "   0: 0100007F:23G9 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "local port"],
    ["bad remote address", "   0: 0100007F:2329 0000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1", "remote address"],
    ["bad remote port", "   0: 0100007F:2329 00000000:00x0 0A 00000000:00000000 00:00000000 00000000 0 0 1", "remote port"],
    ["truncated after the addresses", "   0: 0100007F:2329 00000000:0000", "state"],
    ["bad state", "   0: 0100007F:2329 00000000:0000 0Z 00000000:00000000 00:00000000 00000000 0 0 1", "state"],
    ["truncated after the state", "   0: 0100007F:2329 00000000:0000 0A", "tx_queue"],
    ["queues without a colon", "   0: 0100007F:2329 00000000:0000 0A 00000000 00000000 00:00000000 00000000 0 0 1", "tx_queue"],
    ["bad rx_queue", "   0: 0100007F:2329 00000000:0000 0A 00000000:0000q000 00:00000000 00000000 0 0 1", "rx_queue"],
    ["missing timer", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000", "timer"],
    ["bad timer expiry", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:0000000x 00000000 0 0 1", "timer expiry"],
    ["missing retransmits", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000", "retransmits"],
    ["missing uid", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000", "uid"],
    ["non-numeric uid", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 root 0 1", "uid"],
    ["missing timeout", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0", "timeout"],
    ["missing inode", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0", "inode"],
    ["negative inode", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 -5", "inode"],
    ["junk after the inode", "   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1486245x", "inode"],
  ])("%s", (_name, bad, what) => {
    const text = `${HEADER4}\n${GOOD1}\n${bad}\n${GOOD2}\n`;
    const parsed = parse(text, "tcp", "/x/net/tcp");
    expect(parsed.diagnostics).toEqual([{ source: "/x/net/tcp", line: 3, message: `malformed tcp line skipped (${what})` }]);
    expect(parsed.records.map(brief)).toEqual([GOOD1_BRIEF, GOOD2_BRIEF]);
  });

  it("several bad lines: one diagnostic each, with their own line numbers", () => {
    const text = [HEADER4, "junk", GOOD1, "   7: 0100007F", "", GOOD2, "   9: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0"].join("\n");
    const parsed = parse(text, "udp", "/proc/net/udp");
    expect(parsed.diagnostics).toEqual([
      { source: "/proc/net/udp", line: 2, message: "malformed udp line skipped (slot number)" },
      { source: "/proc/net/udp", line: 4, message: "malformed udp line skipped (local address)" },
      { source: "/proc/net/udp", line: 7, message: "malformed udp line skipped (inode)" },
    ]);
    expect(parsed.records.map(brief)).toEqual([GOOD1_BRIEF, GOOD2_BRIEF]);
    expect(parsed.records.map((r) => r.proto)).toEqual(["udp", "udp"]);
  });

  it("bad hex in an IPv6 address, and a short IPv6 address", () => {
    const h6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    const ok = "   0: 00000000000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1486195 1 000000003be44ddf 100 0 0 10 0";
    const badHex = "   1: 0000000000000000FFFF0000010000ZF:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1";
    const short = "   2: 0100007F:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8 1";
    // the bad address must not poison the cache for a later good one with the same prefix
    const okMapped = "   3: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000100007F:D7F2 01 00000000:00000000 00:00000000 00000000     0        0 1486209 1";
    const parsed = parse([h6, ok, badHex, short, okMapped, ""].join("\n"), "tcp6", "/proc/net/tcp6");
    expect(parsed.diagnostics).toEqual([
      { source: "/proc/net/tcp6", line: 3, message: "malformed tcp6 line skipped (local address)" },
      { source: "/proc/net/tcp6", line: 4, message: "malformed tcp6 line skipped (local address)" },
    ]);
    expect(parsed.records.map(brief)).toEqual([
      "::1:443 :::* LISTEN 0 0 0 0 0 0 0 1486195",
      "::ffff:127.0.0.1:80 ::ffff:127.0.0.1:55282 ESTABLISHED 0 0 0 0 0 0 0 1486209",
    ]);
  });
});

describe("parseInetTable: shapes of a whole file", () => {
  it("empty file", () => {
    expect(parse("", "tcp")).toEqual({ records: [], diagnostics: [] });
  });

  it("header only, with and without a final newline", () => {
    expect(parse(HEADER4, "tcp")).toEqual({ records: [], diagnostics: [] });
    expect(parse(`${HEADER4}\n`, "tcp")).toEqual({ records: [], diagnostics: [] });
  });

  it("no final newline", () => {
    expect(parse(`${HEADER4}\n${GOOD1}\n${GOOD2}`, "tcp").records.map(brief)).toEqual([GOOD1_BRIEF, GOOD2_BRIEF]);
  });

  it("trailing spaces (IPv4 tables are padded to 149 characters) and blank lines", () => {
    const pad = (s: string): string => s.padEnd(149, " ");
    const text = `${pad(HEADER4)}\n${pad(GOOD1)}\n${" ".repeat(149)}\n\n${pad(GOOD2)}\n`;
    const parsed = parse(text, "tcp");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([GOOD1_BRIEF, GOOD2_BRIEF]);
  });

  it("a line that ends right after the inode (TIME_WAIT lines end after the pointer)", () => {
    const line = "   0: 0100007F:C3B6 0100007F:1388 06 00000000:00000000 03:00001726 00000000     0        0 0";
    expect(parse(`${HEADER4}\n${line}\n`, "tcp").records.map(brief)).toEqual(["127.0.0.1:50102 127.0.0.1:5000 TIME_WAIT 0 0 3 5926 0 0 0 0"]);
  });

  it("CRLF line ends (a copy made on another system) parse like LF", () => {
    const lf = fixture("linux/captures/inet/proc-net-tcp.out");
    const crlf = lf.replace(/\n/g, "\r\n");
    const a = parse(lf, "tcp");
    const b = parse(crlf, "tcp");
    expect(b.diagnostics).toEqual([]);
    expect(b.records).toEqual(a.records);
  });

  it("upper- and lower-case hex", () => {
    const lower = GOOD2.replace("0100007F:1F90 0100007F:B1BC", "0100007f:1f90 0100007f:b1bc").replace("000004D2", "000004d2").replace("000AFC31", "000afc31");
    expect(parse(`${HEADER4}\n${lower}\n`, "tcp").records.map(brief)).toEqual([GOOD2_BRIEF]);
  });

  it("unknown state numbers keep their code, with no name", () => {
    const line = GOOD1.replace(" 0A ", " FF ");
    const [r] = parse(`${HEADER4}\n${line}\n`, "tcp").records;
    expect(r?.state).toBeNull();
    expect(r === undefined ? null : linux(r).stateCode).toBe(255);
  });

  it("big-endian tables (littleEndian: false)", () => {
    const line = "   0: 7F000001:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99";
    const parsed = parseInetTable(`${HEADER4}\n${line}\n`, "tcp", { source: "x", littleEndian: false });
    expect(parsed.records.map(brief)).toEqual(["127.0.0.1:22 0.0.0.0:* LISTEN 0 0 0 0 0 0 0 99"]);
  });

  it("labels every record with the protocol it was asked to read", () => {
    for (const proto of ["tcp", "udp", "udplite", "raw"] as const) {
      expect(parse(`${HEADER4}\n${GOOD1}\n`, proto).records.map((r) => r.proto)).toEqual([proto]);
    }
  });
});
