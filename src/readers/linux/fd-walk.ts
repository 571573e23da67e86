// Reading one process's descriptor table, /proc/<pid>/fd: the inner loop of the owner walk, shared
// by the main thread (proc-fs.ts) and the walker thread (fd-walker.ts) that helps it when there are
// many descriptors. I/O only; the pure parsing of a link is owners.ts socketInodeOfLink.

import { readdirSync, readlinkSync } from "node:fs";
import { socketInodeOfLink } from "./owners.js";

/** What became of one process's walk (the first number of its record). */
export const WALK_OK = 0;
/** /proc/<pid>/fd was not readable for lack of permission (netstat's "eacces"). */
export const WALK_DENIED = 1;
/** The process is gone, or its fd directory could not be read for another reason. */
export const WALK_GONE = 2;

/** Slots of the Int32Array the two threads share: the next process to take (both threads)… */
export const SLOT_NEXT = 0;
/** …set to 1 by the walker thread once its records are posted… */
export const SLOT_DONE = 1;
/** …and how many processes the walker thread has finished (so a stuck walker can be noticed). */
export const SLOT_PROGRESS = 2;

/**
 * Walk one fd directory and append its record to `out`: status, count, then fd and inode for each
 * socket descriptor, in directory order. Numbers in a flat array: no object per descriptor, and the
 * walker thread can hand its records over as one Float64Array.
 */
export function walkFdDir(fdDir: string, out: number[]): void {
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch (err) {
    out.push((err as { code?: unknown }).code === "EACCES" ? WALK_DENIED : WALK_GONE, 0);
    return;
  }
  out.push(WALK_OK, 0);
  const countAt = out.length - 1;
  const base = `${fdDir}/`;
  let count = 0;
  for (const fdName of fds) {
    let target: string;
    try {
      target = readlinkSync(base + fdName);
    } catch {
      continue; // closed since the listing, or the process is gone
    }
    const inode = socketInodeOfLink(target);
    if (inode < 0) continue;
    out.push(Number(fdName), inode);
    count++;
  }
  out[countAt] = count;
  // /proc/<pid>/fd lists descriptors in ascending order; a copy (--proc-root) may not
  for (let k = countAt + 3; k < out.length; k += 2) {
    if ((out[k] as number) < (out[k - 2] as number)) {
      sortPairs(out, countAt + 1);
      break;
    }
  }
}

/** Sort the (fd, inode) pairs from `from` to the end of `out` by fd. */
function sortPairs(out: number[], from: number): void {
  const n = (out.length - from) / 2;
  // fd and a 32-bit inode packed in one double: a native numeric sort, no comparator calls
  const packed = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const fd = out[from + 2 * j] as number;
    const inode = out[from + 2 * j + 1] as number;
    if (inode >= 2 ** 32 || fd >= 2 ** 20) return sortPairsSlowly(out, from);
    packed[j] = fd * 2 ** 32 + inode;
  }
  packed.sort();
  for (let j = 0; j < n; j++) {
    const v = packed[j] as number;
    const fd = Math.floor(v / 2 ** 32);
    out[from + 2 * j] = fd;
    out[from + 2 * j + 1] = v - fd * 2 ** 32;
  }
}

function sortPairsSlowly(out: number[], from: number): void {
  const pairs: [number, number][] = [];
  for (let k = from; k < out.length; k += 2) pairs.push([out[k] as number, out[k + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  for (let j = 0; j < pairs.length; j++) {
    const pair = pairs[j] as [number, number];
    out[from + 2 * j] = pair[0];
    out[from + 2 * j + 1] = pair[1];
  }
}
