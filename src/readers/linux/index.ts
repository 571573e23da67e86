// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetSocket, Owner, OwnerStatus, Socket, UnixSocket } from "../../model.js";
import type { InetTableStep } from "../../select.js";
import { wanted } from "../../select.js";
import { missingVerdict } from "../missing.js";
import type { OwnerWant, Reader, ReadRequest, Snapshot, TableName } from "../types.js";
import type { ProcInetTable } from "./proc-net.js";
import { parseInetTable, parseSctpAssocs, parseSctpEps, parseUnixTable } from "./proc-net.js";
import type { OwnerScan, OwnerWalk, TableReader } from "./proc-fs.js";
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

/**
 * TSNETSTAT_DEBUG, a comma-separated list: "threads" reports which busy-host paths ran (as
 * diagnostics on stderr); "no-threads" keeps to the single-threaded paths (to compare, or to rule
 * the helper threads out).
 */
const debugFlag = (name: string): boolean => (process.env.TSNETSTAT_DEBUG ?? "").split(",").includes(name);

/** Where Linux keeps the tables when no copy is given. */
const PROC = "/proc";

export const linuxReader: Reader = {
  platform: "linux",
  read: (req) => Promise.resolve(readLinux(req)),
};

/** The /proc/net files of one Internet step, IPv4 first (netstat.c: tcp_info then tcp6 …). */
export function procTables(step: InetTableStep): ProcInetTable[] {
  if (step.protocol === "sctp") return []; // /proc/net/sctp/{eps,assocs}, another layout
  const out: ProcInetTable[] = [];
  if (step.ipv4) out.push(step.protocol);
  if (step.ipv6) out.push(`${step.protocol}6`);
  return out;
}

/** Files netstat probes for the tables it lists only when they exist (netstat.c main). */
const OTHER_TABLE: Readonly<Record<string, { file: string; name: TableName }>> = {
  ipx: { file: "net/ipx/socket", name: "ipx" },
  ax25: { file: "net/ax25", name: "ax25" },
  x25: { file: "net/x25", name: "x25" },
  netrom: { file: "net/nr", name: "netrom" },
  rose: { file: "net/rose", name: "rose" },
};

/** The table reader thread, started on the first busy read and kept for the refreshes of -c. */
let tableReader: TableReader | null = null;

/** What the Linux reader needs beyond the request: where /proc is. */
interface LinuxRead extends ReadRequest {
  readonly procRoot: string;
}

export function readLinux(request: ReadRequest): Snapshot {
  const req: LinuxRead = { ...request, procRoot: request.root ?? PROC };
  if (req.onInet !== undefined && req.owners !== "none") throw new Error("readLinux: onInet needs owners \"none\"");
  const keep = wanted(req.mode);
  const out: Collected = { inet: [], unix: null, diagnostics: [], missing: [], failed: false, rows: 0 };
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  const owners = ownerWalkMode(req.owners);
  // A busy host (sockstat is one small read) gets a second thread on the fd links at once, while
  // this one reads the tables; owners are still made only for the sockets the filters keep.
  const threads = !debugFlag("no-threads");
  const busy = threads && (socketsInUse(req.procRoot) ?? 0) >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = owners !== "none" && busy ? startOwnerWalk(req.procRoot, true) : null;
  // without owners, the second thread reads the big tables while this one parses them
  if (owners === "none" && busy) tableReader ??= startTableReader();
  const slotsBefore = tableReader?.slot ?? 0;

  readInetTables(req, keep, emit, out);
  if (!out.failed && req.plan.unix) readUnixTable(req, keep, out);
  if (!out.failed) reportOtherFamilies(req, out);

  let ownerNotice: string | null = null;
  let walkedBy: OwnerScan["walkedBy"] = null;
  if (owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const scan = attachOwners(owners, out.inet, out.unix, walk ?? startOwnerWalk(req.procRoot, threads && tableRows >= PARALLEL_WALK_MIN));
    if (scan.denied) ownerNotice = scan.sawAnySocket ? NOT_ALL_NOTICE : noInfoNotice();
    walkedBy = scan.walkedBy;
  }
  if (debugFlag("threads")) {
    // TSNETSTAT_DEBUG=threads: which of the busy-host paths ran (tests assert them)
    const slots = (tableReader?.slot ?? 0) - slotsBefore;
    const walked = walkedBy === null ? "one thread" : `walker thread ${walkedBy.helper}, this thread ${walkedBy.main} processes`;
    out.diagnostics.push(
      { source: "threads", line: null, message: `table reader thread: ${slots > 0 ? `${slots} slots read` : "not used"}` },
      { source: "threads", line: null, message: `owner walk: ${owners === "none" ? "none" : walked}` },
    );
  }
  const { inet, unix, missing, diagnostics } = out;
  return { inet, unix, missing, diagnostics, ownerNotice };
}

/**
 * How far the fd walk goes. Alone, a table needs only each socket's first owner, and the walk may
 * stop once every kept socket has one; but netstat walks every process to know whether one was
 * unreadable (its -p notices), and so must a user who is not root: only root walks "first".
 */
function ownerWalkMode(want: OwnerWant): OwnerWant {
  if (want !== "first") return want;
  return process.geteuid?.() === 0 ? "first" : "all";
}

/** netstat's notice when some processes could not be read (netstat.c prg_cache_load, "eacces"). */
const NOT_ALL_NOTICE = "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n";

/** netstat's notice when no process's sockets could be read at all (prg_cache_loaded != 2). */
const noInfoNotice = (): string => `(No info could be read for "-p": geteuid()=${process.geteuid?.() ?? -1} but you should be root.)\n`;

/** What the table readers gather, in netstat's order; `failed` stops the reading where netstat stops. */
interface Collected {
  readonly inet: InetSocket[];
  unix: UnixSocket[] | null;
  readonly diagnostics: Diagnostic[];
  readonly missing: TableName[];
  failed: boolean;
  /** Internet rows read before filtering: how busy the host is when sockstat is missing (a /proc copy). */
  rows: number;
}

/** Note a table that cannot be listed; true when the run stops there (the shared rule, readers/missing.ts). */
function missingTable(req: LinuxRead, out: Collected, table: TableName): boolean {
  out.missing.push(table);
  if (missingVerdict(req.plan, req.verbose, table).fail) out.failed = true;
  return out.failed;
}

function readInetTables(req: LinuxRead, keep: (s: Socket) => boolean, emit: (s: InetSocket) => void, out: Collected): void {
  for (const step of req.plan.inetSteps) {
    if (step.protocol === "sctp") {
      if (readSctp(req, step, keep, emit, out)) return;
      continue;
    }
    for (const table of procTables(step)) {
      const source = `${req.procRoot}/net/${table}`;
      // read and parsed in pieces: the whole text of a 200,000-socket table never exists at once
      let lines = 0; // data lines in the pieces before this one
      const onPiece = (text: string): void => {
        const parsed = parseInetTable(text, table, { source });
        for (const d of parsed.diagnostics) out.diagnostics.push(lines === 0 || d.line === null ? d : { ...d, line: d.line + lines });
        for (const s of parsed.records) if (keep(s)) emit(s);
        // each data line gives a record or a diagnostic (kernel tables have no blank lines)
        lines += parsed.records.length + parsed.diagnostics.length;
      };
      const found = readProcPieces(source, onPiece, tableReader !== null && !tableReader.broken ? tableReader : null);
      out.rows += lines;
      if (!found) {
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (table.endsWith("6")) continue;
        if (missingTable(req, out, step.protocol)) return;
        break;
      }
    }
  }
}

/**
 * SCTP as netstat.c sctp_info reads it: the endpoints (servers) for -a and -l, then the
 * associations for -a and the default; each from net/sctp (inet) and net/sctp6 (inet6, which no
 * kernel has made so far: Linux lists both families in net/sctp). Each missing IPv4 file is a
 * missing table of its own (so -av names SCTP twice, as netstat does). True when the run stops.
 */
function readSctp(req: LinuxRead, step: InetTableStep, keep: (s: Socket) => boolean, emit: (s: InetSocket) => void, out: Collected): boolean {
  const files: { name: string; parse: typeof parseSctpEps }[] = [];
  if (req.mode !== "connected") files.push({ name: "eps", parse: parseSctpEps });
  if (req.mode !== "listening") files.push({ name: "assocs", parse: parseSctpAssocs });
  for (const file of files) {
    for (const [dir, wanted] of [["sctp", step.ipv4], ["sctp6", step.ipv6]] as const) {
      if (!wanted) continue;
      const source = `${req.procRoot}/net/${dir}/${file.name}`;
      const read = readProcText(source);
      if ("missing" in read) {
        // a missing IPv6 file is silent (netstat.c INFO_GUTS2)
        if (dir === "sctp" && missingTable(req, out, "sctp")) return true;
        continue;
      }
      const parsed = file.parse(read.text, { source });
      out.diagnostics.push(...parsed.diagnostics);
      for (const s of parsed.records) if (keep(s)) emit(s);
      out.rows += parsed.records.length;
    }
  }
  return false;
}

function readUnixTable(req: LinuxRead, keep: (s: Socket) => boolean, out: Collected): void {
  const source = `${req.procRoot}/net/unix`;
  const read = readProcText(source);
  if ("missing" in read) {
    missingTable(req, out, "unix");
    return;
  }
  const parsed = parseUnixTable(read.text, { source });
  out.diagnostics.push(...parsed.diagnostics);
  out.unix = parsed.records.filter(keep);
}

/** The families after UNIX (IPX, AX.25, X.25, NET/ROM, ROSE), whose sockets tsnetstat does not list. */
function reportOtherFamilies(req: LinuxRead, out: Collected): void {
  if (req.plan.everything) {
    // netstat lists them only when their files exist; -v names the missing ones (Debian's 2.10 has
    // ROSE too: HAVE_AFROSE). tsnetstat cannot list a present one: it says so instead of its table.
    for (const t of Object.values(OTHER_TABLE)) {
      const path = `${req.procRoot}/${t.file}`;
      if (!pathExists(path)) missingTable(req, out, t.name);
      else out.diagnostics.push({ source: path, line: null, message: "sockets of this family are not listed (tsnetstat lists Internet and UNIX sockets)" });
    }
  } else {
    // named ones cannot be listed: the first one fails the run, as netstat does for a missing table
    for (const f of req.plan.otherFamilies) {
      const t = OTHER_TABLE[f];
      if (t !== undefined && missingTable(req, out, t.name)) return;
    }
  }
}

/** Finish the fd walk for the inodes of the sockets kept, and give each socket its owners. */
function attachOwners(owners: OwnerWant, inet: readonly InetSocket[], unix: readonly UnixSocket[] | null, walk: OwnerWalk) {
  // one slot per distinct inode (a table read while it changes may list a socket twice)
  const wantedInodes = new Map<number, number>();
  const slots = new Int32Array(inet.length + (unix?.length ?? 0));
  let i = 0;
  for (const list of unix === null ? [inet] : [inet, unix]) {
    for (const s of list) {
      let slot = -1;
      // inode 0: TIME_WAIT and request sockets, which no process holds
      if (s.inode !== null && s.inode !== 0) {
        slot = wantedInodes.get(s.inode) ?? -1;
        if (slot < 0) wantedInodes.set(s.inode, (slot = wantedInodes.size));
      }
      slots[i++] = slot;
    }
  }
  const scan = finishOwnerWalk(walk, { wanted: wantedInodes, firstOwnerOnly: owners === "first" });
  const status: OwnerStatus = scan.denied ? "partial" : "complete";
  attach(inet, 0, slots, scan.owners, status);
  if (unix !== null) attach(unix, inet.length, slots, scan.owners, status);
  return scan;
}

/**
 * Give each socket its owners and their status. The sockets are this reader's own fresh objects,
 * not yet seen by anyone: they are completed in place rather than copied (200,000 copies cost more
 * than the walk's bookkeeping).
 */
function attach(list: readonly Socket[], first: number, slots: Int32Array, owners: readonly (Owner[] | undefined)[], status: OwnerStatus): void {
  for (let i = 0; i < list.length; i++) {
    const slot = slots[first + i] as number;
    const found = slot < 0 ? undefined : owners[slot];
    const s = list[i] as { owners: readonly Owner[]; ownerStatus: OwnerStatus };
    if (found !== undefined) s.owners = found;
    s.ownerStatus = status;
  }
}
