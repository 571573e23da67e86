// --netns on two threads: the namespaces' tables read by the main thread and a helper thread at
// once. By default every namespace's TCP sockets share one hash table, and reading one namespace's
// /proc/<pid>/net/tcp walks all of it in the kernel (net/ipv4/tcp_ipv4.c established_get_first
// skips the sockets of other namespaces), so with many namespaces the kernel's walks are the run's
// cost; two threads do two walks at a time. Both threads take the next namespace from a shared
// counter and read its files whole (I/O only); the main thread parses them in namespace order.

import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { MessagePort } from "node:worker_threads";
import type { EmptiableTable } from "./netns.js";
import { emptyTables } from "./netns.js";

/** One namespace to read: where (the first root whose net/ is still there), and which tables. */
export interface NsJob {
  /** "<procRoot>/<pid>" of each process in it, in order: the next one reads if the first exited. */
  readonly roots: readonly string[];
  /** Files under net/ ("tcp", "udp6", "unix" …), in reading order. */
  readonly files: readonly string[];
  /** Leave out the tables its sockstat and sockstat6 say are empty (netns.ts emptyTables). */
  readonly skipEmpty: boolean;
}

/** One file as read: its bytes, or the errno code that stopped it (ENOENT: not there). */
export type NsFile = { readonly data: Uint8Array } | { readonly code: string };

export interface NsResult {
  readonly index: number;
  /** The root read through, or null when every process in it is gone (and the namespace with them). */
  readonly root: string | null;
  /** By file name; a table left out as empty is absent here and listed in `empty`. */
  readonly files: Readonly<Record<string, NsFile>>;
  readonly empty: readonly string[];
}

/** Int32 control words: the next namespace to take, and how many the helper has posted. */
export const NS_NEXT = 0;
export const NS_DONE = 1;
export const NS_CONTROL_BYTES = 8;

export interface NsReadData {
  readonly jobs: readonly NsJob[];
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

const errnoCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "EIO";
};

/** `buf` while it has room after its first `len` bytes; when full, one twice its size that starts with them (proc-fs.ts reads with it too). */
export function withRoom(buf: Buffer, len: number): Buffer {
  if (len < buf.length) return buf;
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger, 0, 0, len);
  return bigger;
}

/** A whole /proc file; the kernel fills about a page per read() whatever the buffer (fs/seq_file.c seq_read_iter). */
function readWhole(path: string): NsFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    return { code: errnoCode(err) };
  }
  try {
    let buf: Buffer = Buffer.allocUnsafe(1 << 16);
    let len = 0;
    for (;;) {
      buf = withRoom(buf, len);
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    // a copy of its own, so that it can be transferred to the main thread
    return { data: new Uint8Array(buf.subarray(0, len)) };
  } catch (err) {
    return { code: errnoCode(err) };
  } finally {
    closeSync(fd);
  }
}

function textOf(file: NsFile | undefined): string | null {
  return file !== undefined && "data" in file ? Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength).toString("latin1") : null;
}

function netExists(root: string): boolean {
  try {
    statSync(`${root}/net`);
    return true;
  } catch {
    return false;
  }
}

/** Read one namespace's files (either thread). */
export function readNamespaceFiles(job: NsJob, index: number): NsResult {
  // its process may have exited since the namespaces were listed: then another one in it reads
  const root = job.roots.find(netExists) ?? null;
  const files: Record<string, NsFile> = {};
  if (root === null) return { index, root, files, empty: [] };
  const empty = job.skipEmpty ? emptyTables(textOf(readWhole(`${root}/net/sockstat`)), textOf(readWhole(`${root}/net/sockstat6`))) : new Set<string>();
  for (const name of job.files) if (!empty.has(name as EmptiableTable)) files[name] = readWhole(`${root}/net/${name}`);
  return { index, root, files, empty: job.files.filter((name) => empty.has(name as EmptiableTable)) };
}

/** The helper's side: take namespaces until none are left, posting each one's files as read. */
export function serveNamespaceReads(data: NsReadData): void {
  const ctrl = new Int32Array(data.shared, 0, NS_CONTROL_BYTES / 4);
  for (;;) {
    const i = Atomics.add(ctrl, NS_NEXT, 1);
    const job = data.jobs[i];
    if (job === undefined) break;
    const result = readNamespaceFiles(job, i);
    const transfer = Object.values(result.files).flatMap((f) => ("data" in f ? [f.data.buffer as ArrayBuffer] : []));
    data.port.postMessage(result, transfer);
    Atomics.add(ctrl, NS_DONE, 1);
    Atomics.notify(ctrl, NS_DONE);
  }
  data.port.close();
}
