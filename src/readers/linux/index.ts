// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetProto, InetSocket, Owner, Socket, UnixSocket } from "../../model.js";
import type { IpProtocol, ListenMode, Plan } from "../../select.js";
import { inetProtos, wanted } from "../../select.js";
import { parseInetTable, parseUnixTable } from "./proc-net.js";
import type { OwnerWalk, TableReader } from "./proc-fs.js";
import {
  finishOwnerWalk,
  pathExists,
  PARALLEL_WALK_MIN,
  readProcPieces,
  readProcText,
  socketsInUse,
  startOwnerWalk,
  startTableReader,
} from "./proc-fs.js";

export type OwnerMode = "none" | "first" | "all";

export interface LinuxRequest {
  /** Where /proc is: "/proc", or a copy taken from another machine (--proc-root). */
  readonly procRoot: string;
  readonly plan: Plan;
  readonly mode: ListenMode;
  /** "first" is enough for netstat's table (it shows one owner); "all" is for JSON and audits. */
  readonly owners: OwnerMode;
  /** -v: report tables that are missing even when nobody asked for them. */
  readonly verbose: boolean;
  /**
   * When given, each Internet socket the filters keep goes here as soon as its piece of the table
   * is parsed, and the snapshot's `inet` stays empty: no socket outlives its piece. Only without
   * owners (they need every inode before the first can be shown).
   */
  readonly onInet?: ((s: InetSocket) => void) | undefined;
}

/** How the owner walk went, for netstat's two stderr notices to users who are not root. */
export type OwnerNotice = "none" | "no-info" | "not-all";

export interface LinuxSnapshot {
  readonly inet: InetSocket[];
  readonly unix: UnixSocket[] | null;
  /** netstat's "no support for `AF …' on this system." names, in the order they happened. */
  readonly unsupported: readonly string[];
  /** True when an explicitly requested table was missing: netstat stops there and exits 1. */
  readonly failed: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly ownerNotice: OwnerNotice;
}

/** netstat's names for the tables in its "no support" message (netstat.c *_info). */
const AF_NAME: Readonly<Record<IpProtocol, string>> = {
  tcp: "AF INET (tcp)",
  sctp: "AF INET (sctp)",
  udp: "AF INET (udp)",
  udplite: "AF INET (udplite)",
  raw: "AF INET (raw)",
};

/** Files netstat probes for the tables it lists only when they exist (netstat.c main). */
const OTHER_TABLE: Readonly<Record<string, { file: string; name: string }>> = {
  ipx: { file: "net/ipx/socket", name: "AF IPX" },
  ax25: { file: "net/ax25", name: "AF AX25" },
  x25: { file: "net/x25", name: "AF X25" },
  netrom: { file: "net/nr", name: "AF NETROM" },
  rose: { file: "net/rose", name: "AF ROSE" },
};

/** The table reader thread, started on the first busy read and kept for the refreshes of -c. */
let tableReader: TableReader | null = null;

export function readLinux(req: LinuxRequest): LinuxSnapshot {
  if (req.onInet !== undefined && req.owners !== "none") throw new Error("readLinux: onInet needs owners \"none\"");
  const keep = wanted(req.mode);
  const out: Collected = { inet: [], unix: null, diagnostics: [], unsupported: [], failed: false, unreadable: false, rows: 0 };
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  // A busy host (sockstat is one small read) gets a second thread on the fd links at once, while
  // this one reads the tables; owners are still made only for the sockets the filters keep.
  const busy = (socketsInUse(req.procRoot) ?? 0) >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = req.owners !== "none" && busy ? startOwnerWalk(req.procRoot, true) : null;
  // without owners, the second thread reads the big tables while this one parses them
  if (req.owners === "none" && busy) tableReader ??= startTableReader();

  // a --proc-root copy that is not there, or not a copy of /proc, is said once, plainly
  if (isCopy(req) && !pathExists(`${req.procRoot}/net`)) {
    const rootThere = pathExists(req.procRoot);
    out.diagnostics.push({
      source: rootThere ? `${req.procRoot}/net` : req.procRoot,
      line: null,
      message: rootThere ? "no such directory: --proc-root names a tree without net/ (not a copy of /proc)" : "no such directory (--proc-root)",
    });
    return { inet: [], unix: null, unsupported: [], failed: true, diagnostics: out.diagnostics, ownerNotice: "none" };
  }

  readInetTables(req, keep, emit, out);
  if (!out.failed && req.plan.unix) readUnixTable(req, keep, out);
  if (!out.failed) reportOtherFamilies(req, out);

  let ownerNotice: OwnerNotice = "none";
  if (req.owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const ownerWalk = walk ?? startOwnerWalk(req.procRoot, tableRows >= PARALLEL_WALK_MIN);
    const scan = attachOwners(req, out.inet, out.unix, ownerWalk);
    if (isCopy(req) && (ownerWalk.pids?.length ?? 0) === 0) {
      // a copy of net/ only: no notice about permissions (nobody lacked any), one line saying why
      out.diagnostics.push({ source: req.procRoot, line: null, message: "holds no process directories (<pid>/fd): no owners to show" });
    } else if (scan.denied) ownerNotice = scan.sawAnySocket ? "not-all" : "no-info";
  }
  const { inet, unix, unsupported, diagnostics } = out;
  return { inet, unix, unsupported, failed: out.failed || out.unreadable, diagnostics, ownerNotice };
}

/** --proc-root names a copy, not the live /proc. */
function isCopy(req: LinuxRequest): boolean {
  return req.procRoot.replace(/\/+$/, "") !== "/proc";
}

function missingFromCopy(out: Collected, source: string): void {
  out.diagnostics.push({ source, line: null, message: "no such file in the --proc-root tree; its sockets are not listed" });
}

/** errno codes as strerror(3) words, for a table that exists but cannot be read. */
const READ_ERROR: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "input/output error",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files in system",
  ENOMEM: "cannot allocate memory",
};

/** An error of the file system (with an errno code), as opposed to a bug or a closed output. */
function isSystemError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code);
}

/** A table that exists but cannot be read: one line naming it, a failing status, and the rest still read. */
function unreadable(out: Collected, source: string, err: unknown): void {
  const code = String((err as { code?: unknown }).code);
  const why = READ_ERROR[code] ?? code;
  out.diagnostics.push({ source, line: null, message: `cannot be read (${why}); its sockets are not listed` });
  out.unreadable = true;
}

/** What the table readers gather, in netstat's order; `failed` stops the reading where netstat stops. */
interface Collected {
  /** A table could not be read: the run ends with status 1 after printing the others. */
  unreadable: boolean;
  readonly inet: InetSocket[];
  unix: UnixSocket[] | null;
  readonly diagnostics: Diagnostic[];
  readonly unsupported: string[];
  failed: boolean;
  /** Internet rows read before filtering: how busy the host is when sockstat is missing (a /proc copy). */
  rows: number;
}

function readInetTables(req: LinuxRequest, keep: (s: Socket) => boolean, emit: (s: InetSocket) => void, out: Collected): void {
  for (const step of req.plan.inetSteps) {
    if (step.protocol === "sctp") {
      // like the other tables, only the IPv4 file's absence is reported (netstat.c INFO_GUTS6)
      if (!step.ipv4) continue;
      // SCTP endpoints live in /proc/net/sctp/{eps,assocs}; tsnetstat does not list them yet
      if (!pathExists(`${req.procRoot}/net/sctp/eps`)) {
        if (step.explicit || (req.verbose && req.plan.everything)) out.unsupported.push(AF_NAME.sctp);
        if (step.explicit) {
          out.failed = true;
          return;
        }
      } else if (step.explicit) {
        out.diagnostics.push({ source: `${req.procRoot}/net/sctp`, line: null, message: "SCTP sockets are not listed yet" });
      }
      continue;
    }
    for (const proto of inetProtos(step)) {
      const source = `${req.procRoot}/net/${proto}`;
      // read and parsed in pieces: the whole text of a 200,000-socket table never exists at once
      let lines = 0; // data lines in the pieces before this one
      const onPiece = (text: string): void => {
        const parsed = parseInetTable(text, proto as InetProto, { source });
        for (const d of parsed.diagnostics) out.diagnostics.push(lines === 0 || d.line === null ? d : { ...d, line: d.line + lines });
        for (const s of parsed.records) if (keep(s)) emit(s);
        // each data line gives a record or a diagnostic (kernel tables have no blank lines)
        lines += parsed.records.length + parsed.diagnostics.length;
      };
      let found: boolean;
      // errors of the row consumer (a closed stdout) are not the table's
      let consumerFailed = false;
      const guarded = (text: string): void => {
        try {
          onPiece(text);
        } catch (err) {
          consumerFailed = true;
          throw err;
        }
      };
      try {
        found = readProcPieces(source, guarded, tableReader !== null && !tableReader.broken ? tableReader : null);
      } catch (err) {
        if (consumerFailed || !isSystemError(err)) throw err;
        // there but unreadable (permission, I/O): say so, and go on with the other tables
        unreadable(out, source, err);
        continue;
      }
      out.rows += lines;
      if (!found) {
        // in a copy, a missing file is the copy's gap, not the system's lack of support: name the file
        if (isCopy(req)) missingFromCopy(out, source);
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (proto.endsWith("6")) continue;
        // -v names it too, but not when a family alone chose the protocols (netstat's flag_noprot)
        if (!isCopy(req) && (step.explicit || (req.verbose && req.plan.everything))) out.unsupported.push(AF_NAME[step.protocol]);
        if (step.explicit) {
          out.failed = true;
          return;
        }
        break;
      }
    }
  }
}

function readUnixTable(req: LinuxRequest, keep: (s: Socket) => boolean, out: Collected): void {
  const source = `${req.procRoot}/net/unix`;
  let read: ReturnType<typeof readProcText>;
  try {
    read = readProcText(source);
  } catch (err) {
    if (!isSystemError(err)) throw err;
    unreadable(out, source, err);
    return;
  }
  if ("missing" in read) {
    if (isCopy(req)) missingFromCopy(out, source);
    else if (!req.plan.everything || req.verbose) out.unsupported.push("AF UNIX");
    if (!req.plan.everything) out.failed = true;
    return;
  }
  const parsed = parseUnixTable(read.text, { source });
  out.diagnostics.push(...parsed.diagnostics);
  out.unix = parsed.records.filter(keep);
}

/** The families after UNIX (IPX, AX.25, X.25, NET/ROM, ROSE), whose sockets tsnetstat does not list. */
function reportOtherFamilies(req: LinuxRequest, out: Collected): void {
  if (req.plan.everything) {
    // listed only when their files exist; -v names the missing ones (Debian's 2.10 has ROSE too: HAVE_AFROSE)
    if (req.verbose) {
      for (const t of Object.values(OTHER_TABLE)) if (!pathExists(`${req.procRoot}/${t.file}`)) out.unsupported.push(t.name);
    }
  } else if (req.plan.otherFamilies.length > 0) {
    // report the first one named, as netstat does for a missing table, and stop
    const t = OTHER_TABLE[req.plan.otherFamilies[0] ?? ""];
    if (t !== undefined) out.unsupported.push(t.name);
    out.failed = true;
  }
}

/** Finish the fd walk for the inodes of the sockets kept, and give each socket its owners. */
function attachOwners(req: LinuxRequest, inet: readonly InetSocket[], unix: readonly UnixSocket[] | null, walk: OwnerWalk) {
  // one slot per distinct inode (a table read while it changes may list a socket twice)
  const wantedInodes = new Map<number, number>();
  const slots = new Int32Array(inet.length + (unix?.length ?? 0));
  let i = 0;
  for (const list of unix === null ? [inet] : [inet, unix]) {
    for (const s of list) {
      let slot = -1;
      if (s.inode !== 0) {
        slot = wantedInodes.get(s.inode) ?? -1;
        if (slot < 0) wantedInodes.set(s.inode, (slot = wantedInodes.size));
      }
      slots[i++] = slot;
    }
  }
  const scan = finishOwnerWalk(walk, { wanted: wantedInodes, firstOwnerOnly: req.owners === "first" });
  attach(inet, 0, slots, scan.owners);
  if (unix !== null) attach(unix, inet.length, slots, scan.owners);
  return scan;
}

/**
 * Give each socket its owners. The sockets are this reader's own fresh objects, not yet seen by
 * anyone: they are completed in place rather than copied (200,000 copies cost more than the walk's
 * bookkeeping).
 */
function attach(list: readonly Socket[], first: number, slots: Int32Array, owners: readonly (Owner[] | undefined)[]): void {
  for (let i = 0; i < list.length; i++) {
    const slot = slots[first + i] as number;
    const found = slot < 0 ? undefined : owners[slot];
    if (found !== undefined) (list[i] as { owners: readonly Owner[] }).owners = found;
  }
}
