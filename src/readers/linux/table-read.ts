// Reading a /proc/net table on the helper thread (fd-walker.ts) while the main thread parses what
// was already read: the kernel formats a busy table 4 KB per read() (fs/seq_file.c seq_read_iter
// fills one page), about 7,000 system calls for 200,000 TCP sockets, as long as the parsing itself.
// The two threads share one SharedArrayBuffer: a few control words, then a ring of slots the helper
// fills from a descriptor the main thread opened and hands over (descriptors belong to the
// process, and the file position goes with them). I/O only, no parsing.

import { readSync } from "node:fs";

/** Bytes per ring slot; the helper fills a slot with reads until less than a page is left. */
export const SLOT_BYTES = 1 << 16;
export const SLOT_COUNT = 32;
const PAGE = 4096;

/** Control words (Int32): the helper is up… */
export const R_READY = 0;
/** …the descriptor of the current job… */
export const R_FD = 1;
/** …the job counter (the main thread bumps it to start one)… */
export const R_JOB = 2;
/** …then per slot: its state, the bytes in it, and how the read ended after it. */
const R_SLOTS = 4;
export const stateWord = (k: number): number => R_SLOTS + 3 * k;
export const lengthWord = (k: number): number => R_SLOTS + 3 * k + 1;
export const endWord = (k: number): number => R_SLOTS + 3 * k + 2;
export const CONTROL_BYTES = 4 * (R_SLOTS + 3 * SLOT_COUNT);
export const SHARED_BYTES = CONTROL_BYTES + SLOT_COUNT * SLOT_BYTES;

/** Slot states. */
export const SLOT_EMPTY = 0;
export const SLOT_FULL = 1;
/** How the job stood after a slot: more follows, end of file, or a read failed (the main thread reads on). */
export const END_MORE = 0;
export const END_EOF = 1;
export const END_FAILED = 2;

/**
 * The helper's side: announce itself, then serve jobs forever (the process exits around it). Each
 * job reads its descriptor to the end into the ring, slot after slot, waiting for free slots; the
 * slot sequence runs on across jobs, as the main thread's does.
 */
export function serveTableReads(shared: SharedArrayBuffer): void {
  const ctrl = new Int32Array(shared, 0, CONTROL_BYTES / 4);
  const data = new Uint8Array(shared, CONTROL_BYTES);
  Atomics.store(ctrl, R_READY, 1);
  let job = 0;
  let slot = 0;
  for (;;) {
    Atomics.wait(ctrl, R_JOB, job);
    job = Atomics.load(ctrl, R_JOB);
    const fd = Atomics.load(ctrl, R_FD);
    for (let end = END_MORE; end === END_MORE; slot++) {
      const k = slot % SLOT_COUNT;
      while (Atomics.load(ctrl, stateWord(k)) !== SLOT_EMPTY) Atomics.wait(ctrl, stateWord(k), SLOT_FULL);
      const base = k * SLOT_BYTES;
      let len = 0;
      try {
        while (len <= SLOT_BYTES - PAGE) {
          const n = readSync(fd, data, base + len, SLOT_BYTES - len, null);
          if (n === 0) {
            end = END_EOF;
            break;
          }
          len += n;
        }
      } catch {
        end = END_FAILED;
      }
      ctrl[lengthWord(k)] = len;
      ctrl[endWord(k)] = end;
      Atomics.store(ctrl, stateWord(k), SLOT_FULL);
      Atomics.notify(ctrl, stateWord(k));
    }
  }
}
