// lsof's field output and table, parsed and turned into sockets: each fixture against its
// expected sockets (test/lsof/expected, transcribed from the fixture text), and malformed input.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Platform, Socket } from "../../src/model.js";
import { parseLsofFields } from "../../src/readers/lsof/fields.js";
import type { LsofFile } from "../../src/readers/lsof/fields.js";
import { parseLsofTable } from "../../src/readers/lsof/table.js";
import { descriptorNumber, lsofSockets, parseLsofEndpoint } from "../../src/readers/lsof/sockets.js";
import { fixture, projectRoot } from "../support/fixtures.js";

const expected = (name: string): Socket[] => JSON.parse(readFileSync(`${projectRoot}test/lsof/expected/${name}.json`, "utf8")) as Socket[];

function fromFields(name: string, platform: Platform) {
  const source = `lsof/${name}`;
  const parsed = parseLsofFields(fixture(source), source);
  const made = lsofSockets(parsed.records, { source, platform, ownerStatus: "partial" });
  return { sockets: made.records, diagnostics: [...parsed.diagnostics, ...made.diagnostics] };
}

function fromTable(name: string, platform: Platform) {
  const source = `lsof/${name}`;
  const parsed = parseLsofTable(fixture(source), source);
  const made = lsofSockets(parsed.records, { source, platform, ownerStatus: "partial" });
  return { sockets: made.records, diagnostics: [...parsed.diagnostics, ...made.diagnostics] };
}

describe("lsof -F fixtures", () => {
  it.each([
    ["linux-lsof-F-default.out", "linux"],
    ["linux-lsof-F-pcuftPnT-Tqs.out", "linux"],
    ["linux-lsof-F-pcfnPTtu.out", "linux"],
    ["linux-lsof-U-F.out", "linux"],
    ["lsof-F-macos-3.txt", "darwin"],
  ] as const)("%s: every socket, no diagnostics", (name, platform) => {
    // pcfnPTtu is the same fields in another order: the same text as pcuftPnT-Tqs
    const want = expected(name === "linux-lsof-F-pcfnPTtu.out" ? "linux-lsof-F-pcuftPnT-Tqs.out" : name);
    expect(fromFields(name, platform)).toEqual({ sockets: want, diagnostics: [] });
  });

  it("lsof-F-macos-1.txt: a command name with spaces kept whole; its host name is diagnosed with its line", () => {
    const got = fromFields("lsof-F-macos-1.txt", "darwin");
    expect(got).toEqual({
      sockets: [],
      diagnostics: [
        {
          source: "lsof/lsof-F-macos-1.txt",
          line: 7,
          message: 'host "siky-mac-mini" is not a numeric address (lsof was run without -n) (descriptor 29 of process 1190)',
        },
      ],
    });
    // the whole command name, spaces and all, is kept by the field parser
    const files = parseLsofFields(fixture("lsof/lsof-F-macos-1.txt"), "x").records;
    expect(files.map((f) => [f.pid, f.command, f.uid, f.fd, f.type, f.device, f.protocol, f.name, f.state, f.recvQ, f.sendQ])).toEqual([
      [1190, "Google Chrome Helper", 501, "29", "IPv4", "0xcdf758597a6d43c3", "TCP", "siky-mac-mini:61472->221.229.52.145:https", "ESTABLISHED", 0, 0],
    ]);
  });

  it("linux-lsof-F0-pcfnPT.out: NUL-terminated fields, each set on its own line", () => {
    const text = fixture("lsof/linux-lsof-F0-pcfnPT.out");
    const file = (line: number, fd: string, protocol: string, name: string, state: string | null, recvQ: number): LsofFile => ({
      line,
      pid: 11708,
      command: "python3",
      uid: null,
      fd,
      type: null,
      device: null,
      inode: null,
      protocol,
      name,
      state,
      recvQ,
      sendQ: 0,
    });
    expect(parseLsofFields(text, "lsof")).toEqual({
      records: [
        file(2, "3", "TCP", "127.0.0.1:8080", "LISTEN", 0),
        file(3, "4", "TCP", "*:22", "LISTEN", 0),
        file(4, "5", "TCP", "127.0.0.1:58996->127.0.0.1:8080", "ESTABLISHED", 0),
        file(5, "6", "TCP", "127.0.0.1:8080->127.0.0.1:58996", "ESTABLISHED", 100),
        file(6, "7", "TCP", "[::1]:60760->[::1]:22", "ESTABLISHED", 0),
        file(7, "8", "TCP", "[::1]:22->[::1]:60760", "ESTABLISHED", 0),
        file(8, "9", "UDP", "*:53", null, 0),
        file(9, "11", "UDP", "[::1]:56834->[::1]:123", null, 0),
      ],
      diagnostics: [],
    });
    // without the type field the family is unknown: each file says so, with its line
    const made = lsofSockets(parseLsofFields(text, "lsof").records, { source: "lsof", platform: "linux", ownerStatus: "partial" });
    expect(made.records).toEqual([]);
    expect(made.diagnostics.map((d) => [d.line, d.message])).toEqual(
      [[2, "3"], [3, "4"], [4, "5"], [5, "6"], [6, "7"], [7, "8"], [8, "9"], [9, "11"]].map(([line, fd]) => [
        line,
        `no file type (t field) for descriptor ${fd} of process 11708: run lsof with -F t`,
      ]),
    );
  });
});

describe("lsof table fixtures", () => {
  it.each([
    ["linux-lsof-i-n-P.out", "linux"],
    ["linux-lsof-U.out", "linux"],
    ["linux-lsof-states.out", "linux"],
    ["lsof-i-macos-1.txt", "darwin"],
  ] as const)("%s: every socket, no diagnostics", (name, platform) => {
    expect(fromTable(name, platform)).toEqual({ sockets: expected(name), diagnostics: [] });
  });

  it("lsof-i-macos-1.txt: launchd's listeners, each held twice, are one socket with two owners", () => {
    const ssh6 = fromTable("lsof-i-macos-1.txt", "darwin").sockets[0];
    expect(ssh6?.owners.map((o) => [o.pid, o.fd])).toEqual([
      [1, 8],
      [1, 11],
    ]);
  });

  it("lsof-i-linux-1.txt (lsof 4.89, thread rows) and -2 (4.87): names instead of numbers, one diagnostic per row", () => {
    const port = (name: string, fd: number, pid: number): string => `port "${name}" is not a number (lsof was run without -P) (descriptor ${fd} of process ${pid})`;
    const host = (fd: number, pid: number): string => `host "localhost" is not a numeric address (lsof was run without -n) (descriptor ${fd} of process ${pid})`;
    const one = fromTable("lsof-i-linux-1.txt", "linux");
    expect(one.sockets).toEqual([]);
    expect(one.diagnostics.map((d) => [d.source, d.line, d.message])).toEqual(
      [
        port("bootpc", 15, 867),
        port("domain", 12, 885),
        port("domain", 13, 885),
        ...Array.from({ length: 9 }, () => host(7, 1112)),
        port("ssh", 3, 1127),
        port("ssh", 4, 1127),
        port("ssh", 3, 16944),
        port("ssh", 3, 17058),
      ].map((m, i) => ["lsof/lsof-i-linux-1.txt", i + 2, m]),
    );
    const two = fromTable("lsof-i-linux-2.txt", "linux");
    expect(two.sockets).toEqual([]);
    expect(two.diagnostics.map((d) => [d.line, d.message])).toEqual(
      [host(5, 795), host(6, 795), port("ssh", 3, 1206), port("ssh", 4, 1206), port("smtp", 13, 1469), port("smtp", 14, 1469), port("bootpc", 6, 1939), port("ssh", 3, 4314), port("ssh", 3, 4318)].map((m, i) => [i + 2, m]),
    );
  });
});

describe("lsof NAME endpoints", () => {
  it.each([
    ["*:*", "inet", "linux", { address: "0.0.0.0", port: null }],
    ["*:22", "inet6", "linux", { address: "::", port: 22 }],
    ["[::1]:631", "inet6", "darwin", { address: "::1", port: 631 }],
    ["127.0.0.1:80", "inet6", "linux", { address: "::ffff:127.0.0.1", port: 80 }],
    ["[fe80:5::aede:48ff:fe00:1122]:49154", "inet6", "darwin", { address: "fe80::aede:48ff:fe00:1122", port: 49154, scope: "5" }],
    ["[fe80:5::1]:22", "inet6", "linux", { address: "fe80:5::1", port: 22 }],
    ["[fe80::1%lo0]:22", "inet6", "freebsd", { address: "fe80::1", port: 22, scope: "lo0" }],
    ["[2001:DB8:0:0:0:0:0:1]:443", "inet6", "linux", { address: "2001:db8::1", port: 443 }],
    ["10.0.0.1:0", "inet", "linux", { address: "10.0.0.1", port: null }],
  ] as const)("%s (%s, %s)", (text, family, platform, want) => {
    expect(parseLsofEndpoint(text, family, platform)).toEqual(want);
  });

  it.each([
    ["localhost:22", 'host "localhost" is not a numeric address (lsof was run without -n)'],
    ["127.0.0.1:ssh", 'port "ssh" is not a number (lsof was run without -P)'],
    ["127.0.0.1:70000", 'port "70000" is not a number (lsof was run without -P)'],
    ["[::g]:1", '"[::g]" is not an IPv6 address'],
    ["22", 'address "22" has no port'],
  ])("%s is refused: %s", (text, message) => {
    expect(parseLsofEndpoint(text, "inet", "linux")).toBe(message);
  });
});

describe("malformed lsof field output: one diagnostic naming source and line, the rest still read", () => {
  const run = (text: string) => {
    const parsed = parseLsofFields(text, "saved.txt");
    const made = lsofSockets(parsed.records, { source: "saved.txt", platform: "linux", ownerStatus: "partial" });
    return { sockets: made.records.length, diagnostics: [...parsed.diagnostics, ...made.diagnostics].map((d) => `${d.source}:${d.line}: ${d.message}`) };
  };
  const GOOD = "f3\ntIPv4\nd100\nPTCP\nn127.0.0.1:22\nTST=LISTEN\n";

  it.each([
    ["a field before any process", `n1.2.3.4:5\np1\nccmd\n${GOOD}`, 1, ["saved.txt:1: field before the first process (p) field"]],
    ["a process id that is not a number", `px\nccmd\nf3\ntIPv4\np2\n${GOOD}`, 1, ['saved.txt:1: process id "x" is not a number (this process\'s files are skipped)']],
    ["an unknown field id", `p1\nccmd\n!oops\n${GOOD}`, 1, ['saved.txt:3: not lsof field output (unknown field id "!")']],
    ["an empty line", `p1\nccmd\n\n${GOOD}`, 1, ["saved.txt:3: empty line in lsof field output"]],
    ["a file field before any f", `p1\nccmd\nn1.2.3.4:5\n${GOOD}`, 1, ["saved.txt:3: file field 'n' before any file descriptor (f) field: run lsof with -F f"]],
    ["a queue size that is not a number", `p1\nccmd\n${GOOD}TQR=many\n`, 1, ['saved.txt:9: queue size "QR=many" is not a number']],
    ["an unknown TCP state", `p1\nccmd\nf3\ntIPv4\nd100\nPTCP\nn127.0.0.1:22\nTST=DANCING\n${GOOD.replace("d100", "d101")}`, 1, ['saved.txt:3: unknown TCP state "DANCING" (descriptor 3 of process 1)']],
    ["a protocol tsnetstat does not list", `p1\nccmd\nf4\ntIPv4\nPICMP\nn*:*\n${GOOD}`, 1, ['saved.txt:3: protocol "ICMP" is not one tsnetstat lists (descriptor 4 of process 1)']],
    ["a descriptor that is not a number", `p1\nccmd\nfcwd\ntIPv4\nPTCP\nn*:1\n${GOOD}`, 1, ['saved.txt:3: file descriptor "cwd" of process 1 is not a socket descriptor']],
    ["a file that is not a socket", `p1\nccmd\nf5\ntREG\nn/etc/passwd\n${GOOD}`, 1, ["saved.txt:3: REG file (descriptor 5 of process 1) is not an Internet or UNIX socket"]],
  ])("%s", (_, text, sockets, diagnostics) => {
    expect(run(text)).toEqual({ sockets, diagnostics });
  });

  it("a table row that is not an lsof row, and a row before the header", () => {
    const text = "junk line\nCOMMAND  PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\nsshd     812 root    3u  IPv4  31337      0t0  TCP 127.0.0.1:22 (LISTEN)\nthis is not a row\n";
    const parsed = parseLsofTable(text, "t.txt");
    expect(parsed.diagnostics).toEqual([
      { source: "t.txt", line: 1, message: "lsof row before the COMMAND PID ... NAME header" },
      { source: "t.txt", line: 4, message: "not an lsof row of an Internet or UNIX socket (expected COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME)" },
    ]);
    expect(parsed.records.map((r) => [r.line, r.pid, r.command, r.fd, r.name, r.state])).toEqual([[3, 812, "sshd", "3", "127.0.0.1:22", "LISTEN"]]);
  });
});

describe("one socket held by several processes", () => {
  it("is one socket with every (pid, fd) once, in the order lsof printed them (Linux: by inode)", () => {
    const text = ["p10", "cmaster", "f3", "tIPv4", "d500", "PTCP", "n*:25", "TST=LISTEN", "p11", "cworker one", "f3", "tIPv4", "d500", "PTCP", "n*:25", "TST=LISTEN", "f3", "tIPv4", "d500", "PTCP", "n*:25", "TST=LISTEN", ""].join("\n");
    const made = lsofSockets(parseLsofFields(text, "s").records, { source: "s", platform: "linux", ownerStatus: "complete" });
    expect(made.diagnostics).toEqual([]);
    expect(made.records.map((s) => [s.inode, s.owners.map((o) => [o.pid, o.fd, o.program])])).toEqual([
      [
        500,
        [
          [10, 3, "master"],
          [11, 3, "worker one"],
        ],
      ],
    ]);
  });

  it("two sockets bound alike with different inodes stay two", () => {
    const text = ["p10", "cw", "f3", "tIPv4", "d500", "PTCP", "n*:80", "TST=LISTEN", "f4", "tIPv4", "d501", "PTCP", "n*:80", "TST=LISTEN", ""].join("\n");
    const made = lsofSockets(parseLsofFields(text, "s").records, { source: "s", platform: "linux", ownerStatus: "complete" });
    expect(made.records.map((s) => s.inode)).toEqual([500, 501]);
  });
});

describe("differences between lsof versions and dialects", () => {
  const sockets = (text: string, platform: Platform = "linux") => {
    const parsed = parseLsofFields(text, "v");
    const made = lsofSockets(parsed.records, { source: "v", platform, ownerStatus: "complete" });
    return { sockets: made.records, diagnostics: [...parsed.diagnostics, ...made.diagnostics] };
  };

  it("-F0: a command name holding a newline stays whole (NUL ends the field, not the newline)", () => {
    const text = "p7\0cevil\nname\0u0\0\nf3\0tIPv4\0d42\0PTCP\0n127.0.0.1:22\0TST=LISTEN\0\n";
    const got = sockets(text);
    expect(got.diagnostics).toEqual([]);
    expect(got.sockets.map((s) => s.owners)).toEqual([[{ pid: 7, fd: 3, program: "evil\nname", comm: "evil\nname", cmdline: null }]]);
    expect(parseLsofFields(text, "v").records.map((f) => f.line)).toEqual([2]);
  });

  it("a descriptor of 10,000 or more, which lsof prints as * and its last three digits, is a socket without its fd number", () => {
    // lsof 4.95 in a process holding 20,000 sockets: fd 10003 is "f*003" (lsof proc.c alloc_lfile)
    const got = sockets(["p9", "cpython3", "f9999", "tIPv4", "d700", "PTCP", "n127.0.0.1:80", "TST=LISTEN", "f*003", "tIPv4", "d701", "PTCP", "n127.0.0.1:81", "TST=LISTEN", ""].join("\n"));
    expect(got.diagnostics).toEqual([]);
    expect(got.sockets.map((s) => [s.inode, "local" in s ? s.local.port : "unix", s.owners.map((o) => [o.pid, o.fd])])).toEqual([
      [700, 80, [[9, 9999]]],
      [701, 81, [[9, null]]],
    ]);
    // the table prints the same FD with its mode
    const table = "COMMAND PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\npython3   9 root *003u  IPv4    701      0t0  TCP 127.0.0.1:81 (LISTEN)\n";
    const parsed = parseLsofTable(table, "t");
    expect(parsed.diagnostics).toEqual([]);
    const made = lsofSockets(parsed.records, { source: "t", platform: "linux", ownerStatus: "complete" });
    expect([made.diagnostics, made.records.map((s) => [s.inode, s.owners.map((o) => [o.pid, o.fd])])]).toEqual([[], [[701, [[9, null]]]]]);
    // what is not "*" and three digits is still no descriptor
    for (const fd of ["*12", "*1234", "*abc"]) expect(descriptorNumber(fd)).toBeUndefined();
    expect([descriptorNumber("0"), descriptorNumber("*000")]).toEqual([0, null]);
  });

  it("Linux lsof 4.89 lists threads: a task's copy of a descriptor is not a second owner", () => {
    const file = ["f7", "tIPv4", "d30727", "PTCP", "n127.0.0.1:42351", "TST=LISTEN"];
    const got = sockets([["p1112", "ccontainerd", "u0", ...file], ["p1112", "K1303", "ccontainerd", "u0", ...file], ""].flat().join("\n"));
    expect(got.diagnostics).toEqual([]);
    expect(got.sockets.map((s) => [s.inode, s.owners.map((o) => [o.pid, o.fd])])).toEqual([[30727, [[1112, 7]]]]);
  });

  it("UNIX names: Linux ≥ 4.90 (path type=..., state), older Linux (path or 'socket'), BSD (->peer address)", () => {
    const got = sockets(
      [
        "p1", "ca",
        "f3", "tunix", "d0x0000000095d6dc07", "i224771", "n/run/x.sock type=SEQPACKET", "TST=LISTEN",
        "f4", "tunix", "d0x0000000095d6dc08", "i224772", "ntype=DGRAM", "TST=UNCONNECTED",
        "f5", "tunix", "d0xffff8800", "i224773", "nsocket",
        "f6", "tunix", "d0xffff8801", "i224774", "n/run/old.sock",
        "f7", "tunix", "d0xffff8802", "i224775", "n@abstract type=STREAM", "TST=CONNECTED",
        "",
      ].join("\n"),
    );
    expect(got.diagnostics).toEqual([]);
    expect(got.sockets.map((s) => (s.proto === "unix" ? [s.type, s.state, s.path, s.inode, s.detail] : null))).toEqual([
      ["SEQPACKET", "LISTENING", "/run/x.sock", 224771, { source: "lsof", platform: "linux", pcb: "0x0000000095d6dc07", conn: null }],
      ["DGRAM", null, null, 224772, { source: "lsof", platform: "linux", pcb: "0x0000000095d6dc08", conn: null }],
      ["UNKNOWN", null, null, 224773, { source: "lsof", platform: "linux", pcb: "0xffff8800", conn: null }],
      ["UNKNOWN", null, "/run/old.sock", 224774, { source: "lsof", platform: "linux", pcb: "0xffff8801", conn: null }],
      ["STREAM", "CONNECTED", "@abstract", 224775, { source: "lsof", platform: "linux", pcb: "0xffff8802", conn: null }],
    ]);
    const bsd = sockets(["p9", "cb", "f3", "tunix", "d0x4f1eb4c58685585f", "n->0x4f1eb4c5868572ef", "f4", "tunix", "d0x4f1eb4c586855000", "n/var/run/mDNSResponder", ""].join("\n"), "darwin");
    expect(bsd.sockets.map((s) => (s.proto === "unix" ? [s.path, s.inode, s.detail] : null))).toEqual([
      [null, null, { source: "lsof", platform: "darwin", pcb: "0x4f1eb4c58685585f", conn: "0x4f1eb4c5868572ef" }],
      ["/var/run/mDNSResponder", null, { source: "lsof", platform: "darwin", pcb: "0x4f1eb4c586855000", conn: null }],
    ]);
  });

  it("BSD state spellings are mapped, the platform's own kept; dialect fields (1-9, SO=, TF=) are ignored", () => {
    const got = sockets(["p2", "cd", "f3", "tIPv4", "d0xabc", "PTCP", "n10.0.0.1:22->10.0.0.2:5000", "TST=FIN_WAIT_1", "TSO=REUSEADDR", "1dialect", "f4", "tIPv6", "d0xabd", "PTCP", "n[::1]:22->[::1]:5001", "TST=SYN_RCVD", "f5", "tIPv4", "d0xabe", "PTCP", "n10.0.0.1:23", "TST=CLOSED", ""].join("\n"), "freebsd");
    expect(got.diagnostics).toEqual([]);
    expect(got.sockets.map((s) => (s.proto === "unix" ? null : [s.state, s.detail.source === "proc" ? null : s.detail.state]))).toEqual([
      ["FIN_WAIT1", "FIN_WAIT_1"],
      ["SYN_RECV", "SYN_RCVD"],
      ["CLOSE", "CLOSED"],
    ]);
  });
});
