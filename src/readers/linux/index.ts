// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetProto, InetSocket, NetnsLabel, Owner, Socket, UnixSocket } from "../../model.js";
import type { IpProtocol, ListenMode, Plan } from "../../select.js";
import { inetProtos, wanted } from "../../select.js";
import { parseInetTable, parseUnixTable } from "./proc-net.js";
import type { OwnerWalk, TableReader } from "./proc-fs.js";
import type { NetnsSelector } from "../../netns-selector.js";
import { NETNS_RUN_DIR, scanNetns } from "./netns-fs.js";
import {
  finishOwnerWalk,
  listProcesses,
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
  /** --netns: read the tables of these network namespaces (each socket labelled) instead of our own. */
  readonly netns?: NetnsSelector | undefined;
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
  /** --netns: one stderr line about namespaces that could not be read, or null. */
  readonly netnsNotice: string | null;
  /** --netns named no namespace that exists: one stderr line; nothing was read. */
  readonly netnsError: string | null;
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
  if (req.netns !== undefined) return readNamespaces(req, req.netns);
  const keep = wanted(req.mode);
  const out: Collected = { inet: [], unix: null, diagnostics: [], unsupported: [], failed: false, rows: 0 };
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  // A busy host (sockstat is one small read) gets a second thread on the fd links at once, while
  // this one reads the tables; owners are still made only for the sockets the filters keep.
  const busy = (socketsInUse(req.procRoot) ?? 0) >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = req.owners !== "none" && busy ? startOwnerWalk(req.procRoot, true) : null;
  // without owners, the second thread reads the big tables while this one parses them
  if (req.owners === "none" && busy) tableReader ??= startTableReader();

  readInetTables(req, keep, emit, out);
  if (!out.failed && req.plan.unix) readUnixTable(req, keep, out);
  if (!out.failed) reportOtherFamilies(req, out);

  let ownerNotice: OwnerNotice = "none";
  if (req.owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const scan = attachOwners(req, out.inet, out.unix, walk ?? startOwnerWalk(req.procRoot, tableRows >= PARALLEL_WALK_MIN));
    if (scan.denied) ownerNotice = scan.sawAnySocket ? "not-all" : "no-info";
  }
  const { inet, unix, unsupported, failed, diagnostics } = out;
  return { inet, unix, unsupported, failed, diagnostics, ownerNotice, netnsNotice: null, netnsError: null };
}

/**
 * --netns: the same reading, once per namespace, through the /proc/<pid>/net of one process in
 * it; /proc is listed once, for the namespace links and the owner walk alike (socket inodes are
 * global, so one walk finds the owners in every namespace).
 */
function readNamespaces(req: LinuxRequest, selector: NetnsSelector): LinuxSnapshot {
  const keep = wanted(req.mode);
  const pids = listProcesses(req.procRoot);
  // ip netns names are this machine's: a /proc copy from another has none
  const scan = scanNetns(req.procRoot, pids, selector, req.procRoot === "/proc" ? NETNS_RUN_DIR : null);
  const out: Collected = { inet: [], unix: null, diagnostics: [], unsupported: [], failed: false, rows: 0 };
  if (scan.error !== null) {
    return { inet: [], unix: null, unsupported: [], failed: true, diagnostics: [], ownerNotice: "none", netnsNotice: null, netnsError: scan.error };
  }
  let inUse = 0;
  for (const t of scan.targets) inUse += socketsInUse(t.root) ?? 0;
  const busy = inUse >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = req.owners !== "none" && busy ? startOwnerWalk(req.procRoot, true, pids) : null;
  if (req.owners === "none" && busy) tableReader ??= startTableReader();
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  let unix: UnixSocket[] | null = null;
  let first = true;
  for (const t of scan.targets) {
    const label = t.label;
    // its process may have exited since the namespaces were listed: then another one in it reads
    const root = [t.root, ...t.others].find((r) => pathExists(`${r}/net`));
    if (root === undefined) {
      // the namespace went with its last process
      continue;
    }
    const sub: LinuxRequest = { ...req, procRoot: root };
    // every namespace has the same kernel, so the same tables: what is missing is said once
    const part: Collected = first ? out : { ...out, unix: null, unsupported: [], failed: false, rows: 0 };
    readInetTables(sub, keep, (s) => emit(labelled(s, label)), part);
    if (!part.failed && req.plan.unix) {
      readUnixTable(sub, keep, part);
      if (part.unix !== null) for (const s of part.unix) (unix ??= []).push(labelled(s, label));
    }
    if (first && !part.failed) reportOtherFamilies(sub, part);
    if (!first) out.rows += part.rows;
    first = false;
    if (out.failed) break;
  }
  // the plan's UNIX table is there even when no namespace could be read
  out.unix = unix ?? (req.plan.unix && !out.failed ? [] : out.unix);

  let ownerNotice: OwnerNotice = "none";
  if (req.owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const ownerScan = attachOwners(req, out.inet, out.unix, walk ?? startOwnerWalk(req.procRoot, tableRows >= PARALLEL_WALK_MIN, pids));
    if (ownerScan.denied) ownerNotice = ownerScan.sawAnySocket ? "not-all" : "no-info";
  }
  const { inet, unsupported, failed, diagnostics } = out;
  return { inet, unix: out.unix, unsupported, failed, diagnostics, ownerNotice, netnsNotice: scan.notice, netnsError: null };
}

/** A fresh socket of this reader, given its namespace in place (see attach). */
function labelled<S extends Socket>(s: S, label: NetnsLabel): S {
  (s as { netns?: NetnsLabel }).netns = label;
  return s;
}

/** What the table readers gather, in netstat's order; `failed` stops the reading where netstat stops. */
interface Collected {
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
      const found = readProcPieces(source, onPiece, tableReader !== null && !tableReader.broken ? tableReader : null);
      out.rows += lines;
      if (!found) {
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (proto.endsWith("6")) continue;
        // -v names it too, but not when a family alone chose the protocols (netstat's flag_noprot)
        if (step.explicit || (req.verbose && req.plan.everything)) out.unsupported.push(AF_NAME[step.protocol]);
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
  const read = readProcText(source);
  if ("missing" in read) {
    if (!req.plan.everything || req.verbose) out.unsupported.push("AF UNIX");
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
