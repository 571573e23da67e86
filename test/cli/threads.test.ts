// The helper threads in-process, with the built helper bundle (dist/fd-walker.cjs): the walker thread
// must walk processes of its own and have them merged in /proc order with this thread's, giving the
// owners the single-threaded walk gives; the table reader must hand over slots that join up to the
// file. Deterministic: each test waits until the helper has done its share before finishing.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOT_PROGRESS } from "../../src/readers/linux/fd-walk.js";
import { socketInodeOfLink } from "../../src/readers/linux/owners.js";
import { finishOwnerWalk, readProcPieces, startOwnerWalk, startTableReader } from "../../src/readers/linux/proc-fs.js";
import { R_READY } from "../../src/readers/linux/table-read.js";
import { projectRoot } from "../support/fixtures.js";

const BUNDLE = join(projectRoot, "dist/fd-walker.cjs");
const PROCS = 40;
let work = "";
let tree = "";

/** Poll until `done` (the helper thread works on its own clock), at most 20 s. */
async function until(done: () => boolean): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > 20_000) throw new Error("the helper thread did not get going in 20 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("helper threads in-process", () => {
  beforeAll(() => {
    if (!existsSync(BUNDLE)) throw new Error("dist/fd-walker.cjs is missing: run `npm run build` first");
    work = mkdtempSync(join(tmpdir(), "tsn-core-threads-"));
    tree = join(work, "proc");
    execFileSync(process.execPath, ["bench/synth-proc.mjs", tree, "--sockets", "2000", "--procs", String(PROCS)], { cwd: projectRoot, stdio: "ignore" });
  }, 120_000);
  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("the walker thread walks several processes, merged with this thread's into the single-threaded answer", async () => {
    // every socket inode held in the tree, each its own slot
    const wanted = new Map<number, number>();
    for (const pid of readdirSync(tree).filter((n) => /^\d+$/.test(n))) {
      for (const fd of readdirSync(join(tree, pid, "fd"))) {
        const inode = socketInodeOfLink(readlinkSync(join(tree, pid, "fd", fd)));
        if (inode >= 0 && !wanted.has(inode)) wanted.set(inode, wanted.size);
      }
    }
    expect(wanted.size).toBeGreaterThan(500);
    const opts = { wanted, firstOwnerOnly: false };
    const alone = finishOwnerWalk(startOwnerWalk(tree, false, BUNDLE), opts);
    expect(alone.walkedBy).toBeNull();

    const walk = startOwnerWalk(tree, true, BUNDLE);
    const helper = walk.helper;
    expect(helper).not.toBeNull();
    if (helper === null) return;
    await until(() => Atomics.load(helper.shared, SLOT_PROGRESS) >= 2);
    const both = finishOwnerWalk(walk, opts);
    expect(both.walkedBy?.helper).toBeGreaterThanOrEqual(2);
    expect((both.walkedBy?.helper ?? 0) + (both.walkedBy?.main ?? 0)).toBe(PROCS);
    expect(both.owners).toEqual(alone.owners);
    expect(both.denied).toBe(false);
  }, 60_000);

  it("the table reader thread hands over slots that join up to the file", async () => {
    const reader = startTableReader(BUNDLE);
    expect(reader).not.toBeNull();
    if (reader === null) return;
    await until(() => Atomics.load(reader.ctrl, R_READY) === 1);
    const pieces: string[] = [];
    const path = join(tree, "net", "tcp");
    expect(readProcPieces(path, (p) => pieces.push(p), reader)).toBe(true);
    expect(reader.slot).toBeGreaterThan(1);
    expect(reader.broken).toBe(false);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(readFileSync(path, "latin1"));
  }, 60_000);
});
