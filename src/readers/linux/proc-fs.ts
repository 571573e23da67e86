// The main thread's reads of /proc: the /proc/net tables and the /proc/<pid>/fd walk (with the
// helper threads' side in fd-walk.ts, fd-walker.ts and table-read.ts, the only Linux modules that
// touch the file system). Everything read goes to the pure parsers in proc-net.ts and owners.ts.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import type { MessagePort, Worker } from "node:worker_threads";
import type * as WorkerThreads from "node:worker_threads";
import type { Owner } from "../../model.js";
import { SLOT_DONE, SLOT_NEXT, SLOT_PROGRESS, WALK_DENIED, WALK_OK, walkFdDir } from "./fd-walk.js";
import { cmdlineText, commText, isPidName, programFromCmdline } from "./owners.js";
import type { NsJob, NsResult } from "./netns-read.js";
import { NS_CONTROL_BYTES, NS_DONE, NS_NEXT, readNamespaceFiles, withRoom } from "./netns-read.js";
import {
  END_EOF,
  END_FAILED,
  END_MORE,
  endWord,
  lengthWord,
  R_FD,
  R_JOB,
  R_READY,
  SHARED_BYTES,
  CONTROL_BYTES,
  SLOT_BYTES,
  SLOT_COUNT,
  SLOT_EMPTY,
  SLOT_FULL,
  stateWord,
} from "./table-read.js";

export type TableText = { readonly text: string } | { readonly missing: true };

/**
 * /proc files are read in pieces of this size. The kernel hands out about one page per read()
 * whatever the buffer, so a larger buffer saves nothing; a piece this small decodes to a string
 * the young generation takes, and one buffer serves every table, so 30 MB of /proc/net/tcp never
 * sits in memory at once (touching fresh memory is what costs most on a VM).
 */
const PIECE = 1 << 16;
let pieceBuffer: Buffer | null = null;

function openProc(path: string): number | null {
  try {
    return openSync(path, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return null;
    throw err;
  }
}

/**
 * The helper thread that reads tables for this one (table-read.ts), once it is up: the main thread
 * reads on its own until then, and after it is found broken.
 */
export interface TableReader {
  readonly ctrl: Int32Array;
  readonly data: Uint8Array;
  /** The next slot to take, and how much of it was taken. */
  slot: number;
  taken: number;
  /** A job was abandoned half way (an exception while parsing): never use this helper again. */
  broken: boolean;
}

/**
 * Start the helper thread for the tables of a busy host. It needs the built bundle next to this
 * one (running from source, there is none and the main thread reads alone).
 */
export function startTableReader(bundle: string | null = helperBundle()): TableReader | null {
  const threads = loadThreads(bundle);
  if (threads === null) return null;
  try {
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const worker = new threads.lib.Worker(threads.file, { workerData: { reader: shared }, stdout: true, stderr: true });
    worker.on("error", () => undefined); // it then never says it is ready, and the main thread reads alone
    worker.unref();
    return { ctrl: new Int32Array(shared, 0, CONTROL_BYTES / 4), data: new Uint8Array(shared, CONTROL_BYTES), slot: 0, taken: 0, broken: false };
  } catch {
    return null;
  }
}

/** The helper thread does not fill a slot for this long: it is stuck, and the run fails. */
const READER_STALL_MS = 10_000;

/**
 * Up to `max` bytes of the current job into `buf` at `at`: the number of bytes; 0 at the end of
 * the file; -1 when a read failed in the helper (the descriptor is the main thread's again).
 */
function takeFromReader(r: TableReader, path: string, buf: Buffer, at: number, max: number): number {
  for (;;) {
    const k = r.slot % SLOT_COUNT;
    const state = stateWord(k);
    while (Atomics.load(r.ctrl, state) !== SLOT_FULL) {
      if (Atomics.wait(r.ctrl, state, SLOT_EMPTY, READER_STALL_MS) === "timed-out") {
        r.broken = true;
        throw new Error(`${path}: the table reader thread stopped`);
      }
    }
    const len = r.ctrl[lengthWord(k)] as number;
    const end = r.ctrl[endWord(k)] as number;
    const n = Math.min(len - r.taken, max);
    if (n > 0) {
      buf.set(r.data.subarray(k * SLOT_BYTES + r.taken, k * SLOT_BYTES + r.taken + n), at);
      r.taken += n;
      // the end of the file is told by the next call, which finds this slot empty
      if (r.taken < len || end !== END_MORE) return n;
    }
    r.taken = 0;
    r.slot++;
    Atomics.store(r.ctrl, state, SLOT_EMPTY);
    Atomics.notify(r.ctrl, state);
    if (n > 0) return n;
    if (end === END_EOF) return 0;
    if (end === END_FAILED) return -1;
  }
}

/**
 * Read a /proc table piece by piece, each decoded as latin1 (one char per byte) and cut at a line
 * end. Every piece after the first starts with the newline that ended the previous line, so that a
 * table parser, which skips its first line as the header, sees each piece as a table of its own.
 * With a `reader`, the helper thread takes over the reading as soon as it is up, and the pieces are
 * parsed here while it reads the next ones. Returns false when the file does not exist.
 */
export function readProcPieces(path: string, onPiece: (text: string) => void, reader: TableReader | null = null): boolean {
  const fd = openProc(path);
  if (fd === null) return false;
  /** The helper has the descriptor: from the hand-over until it reports the end. */
  let lent = false;
  try {
    let buf = (pieceBuffer ??= Buffer.allocUnsafe(PIECE));
    let len = 0;
    for (;;) {
      // full with no line end to cut at (one line longer than a piece): grow this read only
      buf = withRoom(buf, len);
      let n: number;
      if (lent && reader !== null) {
        n = takeFromReader(reader, path, buf, len, buf.length - len);
        if (n <= 0) lent = false;
        // a failed read in the helper: read on here, where the error is thrown as without it
        if (n < 0) continue;
      } else {
        n = readSync(fd, buf, len, buf.length - len, null);
        if (n > 0 && reader !== null && !reader.broken && Atomics.load(reader.ctrl, R_READY) === 1) {
          // hand the rest of the file over: the file position goes with the descriptor
          Atomics.store(reader.ctrl, R_FD, fd);
          Atomics.add(reader.ctrl, R_JOB, 1);
          Atomics.notify(reader.ctrl, R_JOB);
          lent = true;
        }
      }
      if (n === 0) break;
      len += n;
      if (len < buf.length - 4096) continue;
      const cut = buf.lastIndexOf(0x0a, len - 1);
      if (cut <= 0) continue;
      onPiece(buf.toString("latin1", 0, cut));
      // keep the newline: it starts the next piece
      len = buf.copy(buf, 0, cut, len);
    }
    if (len > 0) onPiece(buf.toString("latin1", 0, len));
    return true;
  } finally {
    if (lent && reader !== null) {
      // abandoned while the helper still reads it: leave the descriptor to it, and the helper alone
      reader.broken = true;
    } else {
      closeSync(fd);
    }
  }
}

/** Read a whole /proc file as latin1 text (one char per byte), for tables read in one piece. */
export function readProcText(path: string): TableText {
  const fd = openProc(path);
  if (fd === null) return { missing: true };
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(PIECE);
      let len = 0;
      for (;;) {
        const n = readSync(fd, buf, len, buf.length - len, null);
        if (n === 0) break;
        len += n;
        if (len === buf.length) break;
      }
      if (len > 0) parts.push(len === buf.length ? buf : buf.subarray(0, len));
      total += len;
      if (len < buf.length) break;
    }
    const only = parts[0];
    const text = parts.length === 1 && only !== undefined ? only : Buffer.concat(parts, total);
    return { text: text.toString("latin1", 0, total) };
  } finally {
    closeSync(fd);
  }
}

/** True when `path` exists, file or directory (a path we may not read still exists). */
export function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    return !isErrno(err, "ENOENT") && !isErrno(err, "ENOTDIR");
  }
}

export interface OwnerScan {
  /** By slot (OwnerScanOptions.wanted): every process (and fd) holding that inode, in /proc order. */
  readonly owners: (Owner[] | undefined)[];
  /** Some /proc/<pid>/fd could not be read for lack of permission (netstat's "eacces"). */
  readonly denied: boolean;
  /** At least one socket descriptor was seen in a readable process (netstat's prg_cache_loaded == 2). */
  readonly sawAnySocket: boolean;
  /** With the walker thread: how many processes each thread walked (all merged in /proc order); null without it. */
  readonly walkedBy: { readonly main: number; readonly helper: number } | null;
}

export interface OwnerScanOptions {
  /**
   * Only these inodes get owners, each under its slot number (0, 1, 2 …, one per distinct inode);
   * the walk still reads every link, but makes owners only for these.
   */
  readonly wanted: ReadonlyMap<number, number>;
  /** Stop as soon as every wanted inode has one owner (enough for a table, which shows the first). */
  readonly firstOwnerOnly: boolean;
}

/**
 * An owner walk under way: the process list, taken once, and maybe a walker thread already
 * reading fd links while the main thread reads the socket tables.
 */
export interface OwnerWalk {
  readonly procRoot: string;
  /** The process directories, in /proc order; null when procRoot itself could not be listed. */
  readonly pids: readonly string[] | null;
  readonly helper: WalkHelper | null;
}

interface WalkHelper {
  readonly worker: Worker;
  readonly shared: Int32Array;
  readonly port: MessagePort;
  readonly receive: (port: MessagePort) => { message: unknown } | undefined;
}

/** Hosts with at least this many sockets get a second thread for the fd walk. */
export const PARALLEL_WALK_MIN = 20_000;
/** A walker thread that finishes no process for this long is given up on; its share is walked here. */
const WALKER_STALL_MS = 10_000;

/**
 * List the processes and, when `parallel`, start a walker thread on their fd links straight away
 * (it takes processes from a shared counter; the main thread joins in finishOwnerWalk). Without
 * the built walker (running from source), the walk is sequential.
 */
export function startOwnerWalk(
  procRoot: string,
  parallel: boolean,
  bundle: string | null = helperBundle(),
  listed?: readonly string[] | null,
): OwnerWalk {
  const pids = listed === undefined ? listProcesses(procRoot) : listed;
  const helper = parallel && pids !== null && pids.length > 1 ? startHelper(procRoot, pids, bundle) : null;
  return { procRoot, pids, helper };
}

/**
 * The process directories of a /proc tree in ascending pid order, or null when it cannot be listed.
 * Taken once per run: the namespace pass (--netns) and the owner walk share it.
 */
export function listProcesses(procRoot: string): string[] | null {
  try {
    // /proc lists processes by ascending pid; a copy on another file system (--proc-root) lists
    // them in its own order, so sort: the first owner must be the same in both
    const pids = readdirSync(procRoot).filter(isPidName);
    pids.sort((a, b) => Number(a) - Number(b));
    return pids;
  } catch {
    return null;
  }
}

/** The helper threads' bundle: its own small file next to this one (scripts/build.mjs); null from source. */
const helperBundle = (): string | null => (typeof __dirname === "string" ? `${__dirname}/fd-walker.cjs` : null);

/** worker_threads and the helper bundle, or null when the bundle is not there (running from source). */
function loadThreads(file: string | null): { lib: typeof WorkerThreads; file: string } | null {
  if (file === null || !existsSync(file)) return null;
  // loaded only here (about 4 ms): a quiet host never pays for worker_threads
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { lib: require("node:worker_threads") as typeof WorkerThreads, file };
}

function startHelper(procRoot: string, pids: readonly string[], bundle: string | null): WalkHelper | null {
  const threads = loadThreads(bundle);
  if (threads === null) return null;
  try {
    const shared = new Int32Array(new SharedArrayBuffer(16));
    const channel = new threads.lib.MessageChannel();
    const worker = new threads.lib.Worker(threads.file, {
      workerData: { procRoot, pids, shared: shared.buffer, port: channel.port2 },
      transferList: [channel.port2],
      stdout: true,
      stderr: true,
    });
    worker.on("error", () => undefined); // its share is then walked by the main thread
    worker.unref();
    return { worker, shared, port: channel.port1, receive: threads.lib.receiveMessageOnPort };
  } catch {
    return null;
  }
}

/**
 * Walk /proc/<pid>/fd for every process (not threads: they share the table) in directory order,
 * as netstat's prg_cache_load does, and map the wanted socket inodes to their processes; processes
 * that exit during the walk are skipped silently.
 *
 * Finish a walk: take processes until none are left, wait for the walker thread's share, then
 * turn the links into owners in /proc order, so the first owner is the one netstat shows whichever
 * thread read it. Only wanted inodes get owners, and only their processes' cmdline is read.
 */
export function finishOwnerWalk(walk: OwnerWalk, opts: OwnerScanOptions): OwnerScan {
  const owners: (Owner[] | undefined)[] = new Array<Owner[] | undefined>(opts.wanted.size).fill(undefined);
  const state = { owners, denied: false, sawAnySocket: false, unresolved: opts.wanted.size };
  const pids = walk.pids;
  if (pids === null) return { owners, denied: true, sawAnySocket: false, walkedBy: null };
  const helper = walk.helper;
  const n = pids.length;

  if (helper === null) {
    // alone: take the processes in order and stop early once every wanted inode has its owner
    const rec: number[] = [];
    for (let i = 0; i < n; i++) {
      rec.length = 0;
      walkFdDir(`${walk.procRoot}/${pids[i]}/fd`, rec);
      addOwners(walk.procRoot, pids[i] as string, rec, 0, opts, state);
      if (opts.firstOwnerOnly && state.unresolved === 0) break;
    }
    return { owners, denied: state.denied, sawAnySocket: state.sawAnySocket, walkedBy: null };
  }

  // with the walker thread: records from both, indexed by process, merged in order afterwards
  const mine: number[] = [];
  const at = new Int32Array(n).fill(-1);
  const from: (readonly number[] | Float64Array)[] = [mine];
  const source = new Uint8Array(n);
  let taken = 0;
  let helperWalked = 0;
  for (;;) {
    const i = Atomics.add(helper.shared, SLOT_NEXT, 1);
    if (i >= n) break;
    at[i] = mine.length;
    walkFdDir(`${walk.procRoot}/${pids[i]}/fd`, mine);
    taken++;
  }
  if (taken < n) {
    const theirs = awaitHelper(helper);
    if (theirs !== null) {
      from.push(theirs);
      for (let p = 0; p < theirs.length; ) {
        const i = theirs[p] as number;
        at[i] = p + 1;
        source[i] = 1;
        helperWalked++;
        p += 3 + 2 * (theirs[p + 2] as number);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    let offset = at[i] as number;
    let rec = from[source[i] as number] as readonly number[] | Float64Array;
    if (offset < 0) {
      // the walker thread took it and never reported: walk it here
      rec = [];
      offset = 0;
      walkFdDir(`${walk.procRoot}/${pids[i]}/fd`, rec as number[]);
      taken++;
    }
    addOwners(walk.procRoot, pids[i] as string, rec, offset, opts, state);
  }
  return { owners, denied: state.denied, sawAnySocket: state.sawAnySocket, walkedBy: { main: taken, helper: helperWalked } };
}

/** Wait for the walker thread's records; null if it stalls or fails (its share is then walked here). */
function awaitHelper(helper: WalkHelper): Float64Array | null {
  let progress = Atomics.load(helper.shared, SLOT_PROGRESS);
  while (Atomics.load(helper.shared, SLOT_DONE) === 0) {
    if (Atomics.wait(helper.shared, SLOT_DONE, 0, WALKER_STALL_MS) === "timed-out") {
      const now = Atomics.load(helper.shared, SLOT_PROGRESS);
      if (now === progress) return null;
      progress = now;
    }
  }
  const got = helper.receive(helper.port);
  helper.port.close();
  void helper.worker.terminate();
  return got !== undefined && got.message instanceof Float64Array ? got.message : null;
}

interface MergeState {
  readonly owners: (Owner[] | undefined)[];
  denied: boolean;
  sawAnySocket: boolean;
  unresolved: number;
}

/** Turn one process's record (walkFdDir) into owners of the wanted inodes. */
function addOwners(
  procRoot: string,
  pidName: string,
  rec: readonly number[] | Float64Array,
  offset: number,
  opts: OwnerScanOptions,
  state: MergeState,
): void {
  const status = rec[offset] as number;
  if (status !== WALK_OK) {
    if (status === WALK_DENIED) state.denied = true;
    return;
  }
  const count = rec[offset + 1] as number;
  if (count === 0) return;
  state.sawAnySocket = true;
  const owners = state.owners;
  const wanted = opts.wanted;
  let hits: number[] | null = null; // fd, slot pairs
  for (let k = offset + 2, end = offset + 2 + 2 * count; k < end; k += 2) {
    const slot = wanted.get(rec[k + 1] as number);
    if (slot === undefined) continue;
    if (opts.firstOwnerOnly && owners[slot] !== undefined) continue;
    (hits ??= []).push(rec[k] as number, slot);
  }
  if (hits === null) return;
  const proc = readProcess(`${procRoot}/${pidName}`);
  if (proc === null) return;
  const pid = Number(pidName);
  for (let k = 0; k < hits.length; k += 2) {
    const slot = hits[k + 1] as number;
    const owner: Owner = { pid, fd: hits[k] as number, program: proc.program, comm: proc.comm, cmdline: proc.cmdline };
    const list = owners[slot];
    if (list === undefined) {
      owners[slot] = [owner];
      state.unresolved--;
    } else if (!opts.firstOwnerOnly) list.push(owner);
  }
}

function readProcess(base: string): Pick<Owner, "program" | "comm" | "cmdline"> | null {
  let cmdline: Buffer;
  try {
    cmdline = readFileSync(`${base}/cmdline`);
  } catch {
    return null; // netstat skips a process whose cmdline it cannot read
  }
  let comm: string | null = null;
  try {
    comm = commText(readFileSync(`${base}/comm`));
  } catch {
    comm = null;
  }
  return { program: programFromCmdline(cmdline), comm, cmdline: cmdlineText(cmdline) };
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/** The namespaces' tables read on two threads (netns-read.ts): results by namespace index, in any order. */
export interface NamespaceReads {
  /** The result for namespace `index`: read by the helper, or here (this thread reads while it waits). */
  take(index: number): NsResult;
  /** How many namespaces the helpers and this thread read (TSNETSTAT_DEBUG=threads). */
  readonly counts: { main: number; helper: number };
  close(): void;
}

/**
 * Start `helpers` helper threads on `jobs` (one per spare CPU is what pays: each walks the kernel's
 * hash on a CPU of its own); null without the built bundle (running from source) or when none can
 * start: the caller then reads every namespace itself.
 */
export function startNamespaceReads(jobs: readonly NsJob[], helpers = 1, bundle: string | null = helperBundle()): NamespaceReads | null {
  const threads = loadThreads(bundle);
  if (threads === null) return null;
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  const ctrl = new Int32Array(new SharedArrayBuffer(NS_CONTROL_BYTES));
  for (let k = 0; k < helpers; k++) {
    try {
      const channel = new threads.lib.MessageChannel();
      const worker = new threads.lib.Worker(threads.file, {
        workerData: { nsread: { jobs, shared: ctrl.buffer, port: channel.port2 } },
        transferList: [channel.port2],
        stdout: true,
        stderr: true,
      });
      worker.on("error", () => undefined); // it then posts nothing more, and the others read the rest
      worker.unref();
      workers.push(worker);
      ports.push(channel.port1);
    } catch {
      break;
    }
  }
  if (workers.length === 0) return null;
  const receive = threads.lib.receiveMessageOnPort;
  const got = new Map<number, NsResult>();
  const counts = { main: 0, helper: 0 };
  const drain = (): void => {
    for (const port of ports) {
      for (let m = receive(port); m !== undefined; m = receive(port)) {
        const r = m.message as NsResult;
        got.set(r.index, r);
        counts.helper++;
      }
    }
  };
  return {
    counts,
    take(index: number): NsResult {
      const job = jobs[index] as NsJob;
      for (;;) {
        const done = Atomics.load(ctrl, NS_DONE);
        drain();
        const r = got.get(index);
        if (r !== undefined) {
          got.delete(index);
          return r;
        }
        // not there yet: read the next namespace nobody has taken, rather than wait
        const j = Atomics.add(ctrl, NS_NEXT, 1);
        const mine = jobs[j];
        if (mine !== undefined) {
          got.set(j, readNamespaceFiles(mine, j));
          counts.main++;
          continue;
        }
        // a helper has it: wait for the next post; helpers that post nothing for this long are given up on
        if (Atomics.wait(ctrl, NS_DONE, done, WALKER_STALL_MS) === "timed-out" && Atomics.load(ctrl, NS_DONE) === done) {
          drain();
          if (got.has(index)) continue;
          counts.main++;
          return readNamespaceFiles(job, index);
        }
      }
    },
    close(): void {
      for (const port of ports) port.close();
      for (const worker of workers) void worker.terminate();
    },
  };
}

/**
 * A table read whole (netns-read.ts) handed to a table parser in pieces of about PIECE bytes, cut
 * at line ends, each after the first starting with the newline that ended the previous line (as
 * readProcPieces hands them out).
 */
export function piecesOfBytes(data: Uint8Array, onPiece: (text: string) => void): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let start = 0;
  while (buf.length - start > PIECE) {
    const cut = buf.lastIndexOf(0x0a, start + PIECE);
    if (cut <= start) break;
    onPiece(buf.toString("latin1", start, cut));
    start = cut;
  }
  if (buf.length > start) onPiece(buf.toString("latin1", start));
}
