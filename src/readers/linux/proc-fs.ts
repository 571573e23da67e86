// The only Linux module that touches the file system: reads /proc/net tables and walks
// /proc/<pid>/fd. Everything it reads goes to the pure parsers in proc-net.ts and owners.ts.

import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";
import type { Owner } from "../../model.js";
import { cmdlineText, commText, isPidName, programFromCmdline, socketInodeOfLink } from "./owners.js";

export type TableText = { readonly text: string } | { readonly missing: true };

/**
 * Read a whole /proc file as latin1 text (one char per byte). The kernel hands out about one page
 * per read() whatever the buffer, so a large buffer only saves the copies of a growing string.
 */
export function readProcText(path: string): TableText {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return { missing: true };
    throw err;
  }
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let len = 0;
    for (;;) {
      if (buf.length - len < 65536) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return { text: buf.toString("latin1", 0, len) };
  } finally {
    closeSync(fd);
  }
}

export function pathExists(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch (err) {
    return !isErrno(err, "ENOENT") && !isErrno(err, "ENOTDIR");
  }
}

export interface OwnerScan {
  /** inode → every process (and fd) holding it, in /proc order. */
  readonly owners: Map<number, Owner[]>;
  /** Some /proc/<pid>/fd could not be read for lack of permission (netstat's "eacces"). */
  readonly denied: boolean;
  /** At least one socket descriptor was seen in a readable process (netstat's prg_cache_loaded == 2). */
  readonly sawAnySocket: boolean;
}

export interface OwnerScanOptions {
  /** Only these inodes get owners; the walk still reads every link, but records only these. */
  readonly wanted: ReadonlySet<number>;
  /** Stop as soon as every wanted inode has one owner (enough for a table, which shows the first). */
  readonly firstOwnerOnly: boolean;
}

interface Hit {
  readonly inode: number;
  readonly fd: number;
}

/**
 * Walk /proc/<pid>/fd for every process (not threads: they share the table) in directory order,
 * as netstat's prg_cache_load does, and map the wanted socket inodes to their processes.
 * Processes that exit during the walk are skipped silently.
 */
export function scanOwners(procRoot: string, opts: OwnerScanOptions): OwnerScan {
  const owners = new Map<number, Owner[]>();
  let denied = false;
  let sawAnySocket = false;
  let unresolved = opts.wanted.size;
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return { owners, denied: true, sawAnySocket };
  }
  for (const pidName of names) {
    if (!isPidName(pidName)) continue;
    const base = `${procRoot}/${pidName}`;
    let fds: string[];
    try {
      fds = readdirSync(`${base}/fd`);
    } catch (err) {
      if (isErrno(err, "EACCES")) denied = true;
      continue;
    }
    const fdBase = `${base}/fd/`;
    let hits: Hit[] | null = null;
    for (const fdName of fds) {
      let target: string;
      try {
        target = readlinkSync(fdBase + fdName);
      } catch {
        continue; // closed since the listing, or the process is gone
      }
      const inode = socketInodeOfLink(target);
      if (inode < 0) continue;
      sawAnySocket = true;
      if (!opts.wanted.has(inode)) continue;
      if (opts.firstOwnerOnly && owners.has(inode)) continue;
      (hits ??= []).push({ inode, fd: Number(fdName) });
    }
    if (hits === null) continue;
    const proc = readProcess(base);
    if (proc === null) continue;
    const pid = Number(pidName);
    for (const hit of hits) {
      const owner: Owner = { pid, fd: hit.fd, ...proc };
      const list = owners.get(hit.inode);
      if (list === undefined) {
        owners.set(hit.inode, [owner]);
        unresolved--;
      } else if (!opts.firstOwnerOnly) list.push(owner);
    }
    if (opts.firstOwnerOnly && unresolved === 0) break;
  }
  return { owners, denied, sawAnySocket };
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
