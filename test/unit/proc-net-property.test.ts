// Property: the two readers of /proc/net/{tcp,udp,raw}{,6} lines agree. parseInetTable reads the
// kernel's own lines at fixed offsets and anything else field by field; with fastPath: false every
// line goes field by field. For kernel-shaped lines and for the same lines damaged at random, both
// must give the same sockets and the same diagnostics, and kernel-shaped lines the values written.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LinuxInetDetail, ProcInetTable } from "../../src/model.js";
import { parseInetTable } from "../../src/readers/linux/proc-net.js";

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const HEX = (v: number, width: number, lower: boolean): string => {
  const h = v.toString(16).padStart(width, "0");
  return lower ? h : h.toUpperCase();
};

interface Fields {
  sl: number;
  local: number[];
  lport: number;
  remote: number[];
  rport: number;
  st: number;
  tx: number;
  rx: number;
  tr: number;
  when: number;
  retr: number;
  uid: number;
  timeout: number;
  inode: number;
  lower: boolean;
}

const fields = (words: number): fc.Arbitrary<Fields> =>
  fc.record({
    sl: fc.nat(99999),
    local: fc.array(u32, { minLength: words, maxLength: words }),
    lport: fc.nat(0xffff),
    remote: fc.array(u32, { minLength: words, maxLength: words }),
    rport: fc.nat(0xffff),
    st: fc.nat(0xff),
    tx: u32,
    rx: u32,
    tr: fc.nat(0xff),
    when: u32,
    retr: u32,
    uid: u32,
    timeout: fc.nat(99999999),
    inode: u32,
    lower: fc.boolean(),
  });

/** A line as the kernel prints it (net/ipv4/tcp_ipv4.c get_tcp4_sock and its udp/raw/ipv6 twins), with the tail it adds. */
function kernelLine(f: Fields, pad: boolean): string {
  const addr = (words: number[]): string => words.map((w) => HEX(w, 8, f.lower)).join("");
  const line =
    `${String(f.sl).padStart(4)}: ${addr(f.local)}:${HEX(f.lport, 4, f.lower)} ${addr(f.remote)}:${HEX(f.rport, 4, f.lower)} ` +
    `${HEX(f.st, 2, f.lower)} ${HEX(f.tx, 8, f.lower)}:${HEX(f.rx, 8, f.lower)} ${HEX(f.tr, 2, f.lower)}:${HEX(f.when, 8, f.lower)} ${HEX(f.retr, 8, f.lower)} ` +
    `${String(f.uid).padStart(5)} ${String(f.timeout).padStart(8)} ${f.inode} 1 0000000000000000 100 0 0 10 0`;
  // IPv4 TCP lines are padded with spaces to a fixed width (seq_setwidth / seq_pad)
  return pad ? line.padEnd(149) : line;
}

const mutation = fc.record({
  at: fc.nat(200),
  kind: fc.constantFrom("replace", "insert", "delete"),
  ch: fc.constantFrom(" ", "  ", ":", "0", "F", "f", "g", "-", "\t", "9", "", "x"),
});

function mutate(line: string, ms: readonly { at: number; kind: string; ch: string }[]): string {
  let s = line;
  for (const m of ms) {
    const at = Math.min(m.at, s.length);
    if (m.kind === "insert") s = s.slice(0, at) + m.ch + s.slice(at);
    else if (m.kind === "delete") s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + m.ch + s.slice(at + 1);
  }
  return s;
}

const TABLES: readonly [ProcInetTable, number][] = [
  ["tcp", 1],
  ["udp", 1],
  ["raw", 1],
  ["tcp6", 4],
  ["udp6", 4],
  ["raw6", 4],
];
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

const both = (text: string, table: ProcInetTable) => ({
  fast: parseInetTable(text, table, { source: table }),
  slow: parseInetTable(text, table, { source: table, fastPath: false }),
});

describe("the fixed-offset reader and the field-by-field reader agree", () => {
  it.each(TABLES)("%s: kernel lines, and the same lines damaged", (table, words) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fields(words), fc.boolean(), fc.array(mutation, { maxLength: 3 })), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = `${HEADER}\n${rows.map(([f, pad, ms]) => mutate(kernelLine(f, pad && words === 1), ms)).join("\n")}\n`;
        const { fast, slow } = both(text, table);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });

  it.each(TABLES)("%s: a kernel line gives exactly the values written", (table, words) => {
    fc.assert(
      fc.property(fields(words), (f) => {
        const { fast, slow } = both(`${HEADER}\n${kernelLine(f, words === 1)}\n`, table);
        expect(fast).toEqual(slow);
        expect(fast.diagnostics).toEqual([]);
        const [s] = fast.records;
        const d = s?.detail as LinuxInetDetail | undefined;
        expect([s?.local.port, s?.remote.port, s?.recvQ, s?.sendQ, s?.uid, s?.inode, d?.stateCode]).toEqual([
          f.lport === 0 ? null : f.lport,
          f.rport === 0 ? null : f.rport,
          f.rx,
          f.tx,
          f.uid,
          f.inode,
          f.st,
        ]);
        expect(d?.timer).toEqual({ kind: f.tr, ticks: f.when, retransmits: f.retr, probes: f.timeout });
      }),
      { numRuns: 200 },
    );
  });
});
