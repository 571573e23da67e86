// The --netns two-thread reading, in-process, over a /proc copy (no root needed): every namespace's
// files come back whole, whichever thread read them, through the built helper bundle; a process
// that is gone hands over to the next one in its namespace; empty TCP tables are left out. Also the
// read buffer this reading shares with proc-fs.ts's piece reader, past its first size.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NsJob, NsResult } from "../../src/readers/linux/netns-read.js";
import { readNamespaceFiles } from "../../src/readers/linux/netns-read.js";
import { piecesOfBytes, readProcPieces, startNamespaceReads } from "../../src/readers/linux/proc-fs.js";
import { projectRoot } from "../support/fixtures.js";

const BUNDLE = join(projectRoot, "dist/fd-walker.cjs");
const SPACES = 40;
let work = "";

const tcpOf = (i: number): string => `  sl  local_address\n   0: 0100007F:${(1000 + i).toString(16).toUpperCase()} 00000000:0000 0A\n`;
const sockstat = (inuse: number): string => `sockets: used 5\nTCP: inuse ${inuse} orphan 0 tw 0 alloc 99 mem 1\nUDP: inuse 0 mem 0\n`;
const text = (r: NsResult, name: string): string | null => {
  const f = r.files[name];
  return f !== undefined && "data" in f ? Buffer.from(f.data).toString("latin1") : null;
};

describe("--netns tables on two threads", () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error("dist/fd-walker.cjs is missing: run `npm run build` first");
    work = mkdtempSync(join(tmpdir(), "tsn-netns-read-"));
    for (let i = 0; i < SPACES; i++) {
      const net = join(work, String(100 + i), "net");
      mkdirSync(net, { recursive: true });
      writeFileSync(join(net, "tcp"), tcpOf(i));
      writeFileSync(join(net, "unix"), `Num RefCount Protocol Flags Type St Inode Path\n${i}\n`);
      writeFileSync(join(net, "sockstat"), sockstat(1));
      writeFileSync(join(net, "sockstat6"), "TCP6: inuse 0\n");
    }
  });
  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it.each([1, 3])("every namespace's files come back whole, in any order, whichever thread read them (%i helpers)", (helpers) => {
    const jobs: NsJob[] = Array.from({ length: SPACES }, (_, i) => ({ roots: [join(work, "gone"), join(work, String(100 + i))], files: ["tcp", "tcp6", "udp", "unix"], skipEmpty: true }));
    const reads = startNamespaceReads(jobs, helpers, BUNDLE);
    expect(reads).not.toBeNull();
    if (reads === null) return;
    try {
      for (let i = 0; i < SPACES; i++) {
        const r = reads.take(i);
        expect(r.index).toBe(i);
        expect(r.root).toBe(join(work, String(100 + i)));
        expect(text(r, "tcp")).toBe(tcpOf(i));
        expect(text(r, "unix")).toBe(`Num RefCount Protocol Flags Type St Inode Path\n${i}\n`);
        // sockstat6 says TCP6 holds nothing, sockstat UDP: not read
        expect(r.empty).toEqual(["tcp6", "udp"]);
        expect(r.files.udp).toBeUndefined();
        expect(r.files.tcp6).toBeUndefined();
      }
      expect(reads.counts.main + reads.counts.helper).toBe(SPACES);
    } finally {
      reads.close();
    }
  });

  it("a namespace whose processes are all gone has no root; a missing file is ENOENT", () => {
    expect(readNamespaceFiles({ roots: [join(work, "gone")], files: ["tcp"], skipEmpty: true }, 7)).toEqual({ index: 7, root: null, files: {}, empty: [] });
    const r = readNamespaceFiles({ roots: [join(work, "100")], files: ["udp"], skipEmpty: false }, 0);
    expect(r.files.udp).toEqual({ code: "ENOENT" });
  });

  it("the buffer grows past its first 64 KiB: a larger file comes back whole, and a line longer than a piece in one piece", () => {
    const dir = join(work, "big");
    mkdirSync(join(dir, "net"), { recursive: true });
    const long = "y".repeat(150_000);
    const content = `header\n${"short line\n".repeat(20_000)}${long}\nlast\n`;
    writeFileSync(join(dir, "net", "big"), content, "latin1");
    expect(text(readNamespaceFiles({ roots: [dir], files: ["big"], skipEmpty: false }, 0), "big")).toBe(content);
    const pieces: string[] = [];
    expect(readProcPieces(join(dir, "net", "big"), (t) => pieces.push(t))).toBe(true);
    expect(pieces.join("")).toBe(content);
    expect(pieces.some((p) => p.includes(long))).toBe(true);
  });

  it("piecesOfBytes cuts at line ends, each piece after the first starting with the newline", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n") + "\n";
    const pieces: string[] = [];
    piecesOfBytes(new Uint8Array(Buffer.from(lines, "latin1")), (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(lines);
    for (const p of pieces.slice(1)) expect(p.startsWith("\n")).toBe(true);
  });
});
