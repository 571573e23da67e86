// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetSocket, NetnsLabel, Owner, OwnerStatus, ProcInetTable, Socket, UnixSocket } from "../../model.js";
import type { NetnsSelector } from "../../netns-selector.js";
import type { InetTableStep } from "../../select.js";
import { wanted } from "../../select.js";
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { escapeText } from "../../format/escape.js";
import { UserError } from "../../errors.js";
import { missingVerdict } from "../missing.js";
import type { OwnerWant, Reader, ReadRequest, Snapshot, TableName } from "../types.js";
import { parseInetTable, parseSctpAssocs, parseSctpEps, parseUnixTable } from "./proc-net.js";
import type { OwnerScan, OwnerWalk, TableReader } from "./proc-fs.js";
import { NETNS_RUN_DIR, scanNetns } from "./netns-fs.js";
import type { UnreadNetns } from "./netns.js";
import { emptyTables, namespaceHelpers, netnsLabel, noticeFor, readNamespacesInParallel, socketsUsed, tcpAllocated } from "./netns.js";
import { readEnteredNamespace } from "./netns-enter.js";
import type { NsFile, NsJob, NsResult } from "./netns-read.js";
import {
  finishOwnerWalk,
  listProcesses,
  pathExists,
  PARALLEL_WALK_MIN,
  readProcPieces,
  piecesOfBytes,
  readProcText,
  startNamespaceReads,
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
  netns: true,
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

const NO_TABLES: ReadonlySet<ProcInetTable> = new Set();

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
  /** --netns on two threads, or an entered namespace: its tables as already read (by file name under net/). */
  readonly files?: Readonly<Record<string, NsFile>>;
  /** What diagnostics call its net/ directory, when not `<procRoot>/net` (an entered namespace's). */
  readonly netSource?: string;
}

export function readLinux(request: ReadRequest): Snapshot {
  const req: LinuxRead = { ...request, procRoot: request.root ?? PROC };
  if (req.onInet !== undefined && req.owners !== "none") throw new Error("readLinux: onInet needs owners \"none\"");
  const inMode = wanted(req.mode);
  const filter = req.filter;
  const keep = filter === undefined ? inMode : (s: Socket): boolean => inMode(s) && filter(s);
  // a --proc-root copy that is not there, or is not a copy of /proc: one line, status 1, nothing read
  if (request.root !== null) {
    const problem = copyProblem(request.root, req.netns === undefined);
    if (problem !== null) throw new UserError(`--proc-root '${oneLinePath(request.root)}': ${problem}`);
  }
  if (req.netns !== undefined) return readNamespaces(req, req.netns, keep);
  const out: Collected = { inet: [], unix: null, diagnostics: [], missing: [], explained: [], failed: false, rows: 0 };
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  const owners = ownerWalkMode(req.owners);
  // A busy host (sockstat is one small read) gets a second thread on the fd links at once, while
  // this one reads the tables; owners are still made only for the sockets the filters keep.
  const threads = !debugFlag("no-threads");
  const sockstat = readSmall(`${req.procRoot}/net/sockstat`);
  const busy = threads && (socketsUsed(sockstat) ?? 0) >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = owners !== "none" && busy ? startOwnerWalk(req.procRoot, true) : null;
  // without owners, the second thread reads the big tables while this one parses them
  if (owners === "none" && busy) tableReader ??= startTableReader();
  const slotsBefore = tableReader?.slot ?? 0;

  // The live kernel's tables that its sockstat counts say are empty are not read: a TCP read walks
  // the hash every namespace shares (emptyTables), ~5 ms for 262,144 empty buckets, as long as
  // Node's own start. A --proc-root copy is read whole: its counts need not match its tables.
  const empty = request.root === null ? emptyTables(sockstat, readSmall(`${req.procRoot}/net/sockstat6`)) : NO_TABLES;
  // TSNETSTAT_DEBUG=tables: which tables sockstat let this run leave unread (tests assert it)
  if (debugFlag("tables")) out.diagnostics.push({ source: "tables", line: null, message: `not read, sockstat says empty: ${[...empty].join(" ") || "none"}` });
  readInetTables(req, keep, emit, out, empty);
  if (!out.failed && req.plan.unix) readUnixTable(req, keep, out);
  if (!out.failed) reportOtherFamilies(req, out);

  let ownerNotice: string | null = null;
  let walkedBy: OwnerScan["walkedBy"] = null;
  if (owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const ownerWalk = walk ?? startOwnerWalk(req.procRoot, threads && tableRows >= PARALLEL_WALK_MIN);
    const scan = attachOwners(owners, out.inet, out.unix, ownerWalk);
    if (request.root !== null && (ownerWalk.pids?.length ?? 0) === 0) {
      // a copy of net/ only: nobody lacked a permission; say once why every owner is "-"
      ownerNotice = `tsnetstat: ${req.procRoot}: holds no process directories (<pid>/fd): no owners to show\n`;
    } else if (scan.denied) ownerNotice = scan.sawAnySocket ? NOT_ALL_NOTICE : noInfoNotice(req.procRoot);
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
  const { inet, unix, missing, explained, diagnostics } = out;
  return { inet, unix, missing, explained, diagnostics, ownerNotice };
}

/**
 * --netns: the same reading once per namespace, through the /proc/<pid>/net of a process in it.
 * /proc is listed once, for the namespace links and the owner walk alike, and one fd walk finds
 * the owners in every namespace (socket inodes are global).
 */
function readNamespaces(req: LinuxRead, selector: NetnsSelector, keep: (s: Socket) => boolean): Snapshot {
  const pids = listProcesses(req.procRoot);
  // ip netns names are this machine's: a /proc copy from another has none
  const scan = scanNetns(req.procRoot, pids, selector, req.procRoot === PROC ? NETNS_RUN_DIR : null);
  const out: Collected = { inet: [], unix: null, diagnostics: [], missing: [], explained: [], failed: false, rows: 0 };
  const owners = ownerWalkMode(req.owners);
  const threads = !debugFlag("no-threads");
  // each namespace's sockstat, read once: for how busy the host is, the TCP total and empty tables
  const sockstats = new Map<string, string | null>();
  const sockstatOf = (root: string): string | null => {
    if (!sockstats.has(root)) sockstats.set(root, readSmall(`${root}/net/sockstat`));
    return sockstats.get(root) ?? null;
  };
  let inUse = 0;
  if (threads) for (const t of scan.targets) inUse += socketsUsed(sockstatOf(t.root)) ?? 0;
  const busy = threads && inUse >= PARALLEL_WALK_MIN;
  const walk: OwnerWalk | null = owners !== "none" && busy ? startOwnerWalk(req.procRoot, true, undefined, pids) : null;
  if (owners === "none" && busy) tableReader ??= startTableReader();
  const emit = req.onInet ?? ((s: InetSocket): void => void out.inet.push(s));
  // Many namespaces: the others' tables are read on two threads at once (netns-read.ts), as each
  // read may walk every TCP socket of the host in the kernel; this thread parses them in order.
  const jobs = scan.targets.slice(1).map((t): NsJob => ({ roots: [t.root, ...t.others], files: netnsFiles(req), skipEmpty: true }));
  const tcpAlloc = jobs.length < 4 ? null : tcpAllocated(sockstatOf(scan.targets[0]?.root ?? req.procRoot));
  // a helper per spare CPU, besides the fd walker thread when it runs (more threads than CPUs
  // only take turns: measured no faster, bench/RESULTS-netns.md)
  const helpers = namespaceHelpers(availableParallelism() - (walk?.helper != null ? 1 : 0), jobs.length);
  const parallel = threads && helpers > 0 && netnsFiles(req).length > 0 && readNamespacesInParallel(jobs.length, tcpAlloc) ? startNamespaceReads(jobs, helpers) : null;
  let unix: UnixSocket[] | null = null;
  let first = true;
  /** Read one namespace's tables through `sub`, its sockets labelled; the first is read whole. */
  const readOne = (sub: LinuxRead, label: NetnsLabel, empty: ReadonlySet<ProcInetTable>): void => {
    // every namespace has the same kernel, so the same tables: what is missing is said once
    const part: Collected = first ? out : { ...out, unix: null, missing: [], explained: [], failed: false, rows: 0 };
    readInetTables(sub, keep, (s) => emit(labelled(s, label)), part, empty);
    if (!part.failed && req.plan.unix) {
      readUnixTable(sub, keep, part);
      if (part.unix !== null) for (const s of part.unix) (unix ??= []).push(labelled(s, label));
    }
    if (first && !part.failed) reportOtherFamilies(sub, part);
    if (!first) out.rows += part.rows;
    first = false;
  };
  for (const [k, t] of scan.targets.entries()) {
    const read: NsResult | null = first || parallel === null ? null : parallel.take(k - 1);
    // its process may have exited since the namespaces were listed: then another one in it reads
    const root = read !== null ? read.root : [t.root, ...t.others].find((r) => pathExists(`${r}/net`));
    // none left: the namespace went with its last process
    if (root === undefined || root === null) continue;
    const sub: LinuxRead = read === null ? { ...req, procRoot: root } : { ...req, procRoot: root, files: read.files };
    // the first namespace is read whole, so that a missing table is reported as without --netns
    const empty =
      read !== null
        ? new Set(read.empty as ProcInetTable[])
        : first
          ? NO_TABLES
          : emptyTables(sockstatOf(root), readSmall(`${root}/net/sockstat6`));
    readOne(sub, t.label, empty);
    if (out.failed) break;
  }
  // `ip netns` namespaces no process is in: entered by a child process (netns-enter.ts), as root
  const unread: UnreadNetns[] = [];
  for (const idle of scan.idle) {
    if (out.failed) break;
    const entered = readEnteredNamespace(idle.path, enteredFiles(req), !first);
    if ("failed" in entered) {
      unread.push({ entry: idle.entry, why: entered.failed });
      continue;
    }
    // its tables as read from inside it; the other families' files are the kernel's, as here
    const sub: LinuxRead = { ...req, procRoot: PROC, netSource: `ip netns ${escapeText(idle.name)}: /proc/net`, files: entered.read.files };
    readOne(sub, netnsLabel(idle.entry, null, null), new Set(entered.read.empty as ProcInetTable[]));
  }
  if (parallel !== null) {
    parallel.close();
    if (debugFlag("threads")) {
      const { main, helper } = parallel.counts;
      out.diagnostics.push({ source: "threads", line: null, message: `namespace reads: helper threads ${helper}, this thread ${main}` });
    }
  }
  // the UNIX table is printed (empty) even when no namespace could be read
  out.unix = unix ?? (req.plan.unix && !out.failed ? [] : out.unix);

  let ownerNotice: string | null = null;
  if (owners !== "none") {
    const tableRows = out.rows + (out.unix?.length ?? 0);
    const ownerScan = attachOwners(owners, out.inet, out.unix, walk ?? startOwnerWalk(req.procRoot, threads && tableRows >= PARALLEL_WALK_MIN, undefined, pids));
    if (ownerScan.denied) ownerNotice = ownerScan.sawAnySocket ? NOT_ALL_NOTICE : noInfoNotice(req.procRoot);
  }
  const notice = noticeFor(selector, scan.denied, unread);
  const { inet, missing, explained, diagnostics } = out;
  return { inet, unix: out.unix, missing, explained, diagnostics, ownerNotice, ...(notice === null ? {} : { netnsNotice: notice }) };
}

/** The files under net/ the plan reads that a helper can read whole (SCTP is read here, as it comes). */
function netnsFiles(req: LinuxRead): string[] {
  const files: string[] = [];
  for (const step of req.plan.inetSteps) files.push(...procTables(step));
  if (req.plan.unix) files.push("unix");
  return files;
}

/** The files under net/ an entered namespace is read from: the tables, and SCTP's as readSctp reads them. */
function enteredFiles(req: LinuxRead): string[] {
  const files = netnsFiles(req);
  for (const step of req.plan.inetSteps) if (step.protocol === "sctp") files.push(...sctpFiles(req, step).map((f) => f.path));
  return files;
}

/** A small /proc file as text, or null when it cannot be read. */
function readSmall(path: string): string | null {
  try {
    const read = readProcText(path);
    return "text" in read ? read.text : null;
  } catch {
    return null;
  }
}

/** A fresh socket of this reader, given its namespace in place (see attach). */
function labelled<S extends Socket>(s: S, label: NetnsLabel): S {
  (s as { netns?: NetnsLabel }).netns = label;
  return s;
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

/**
 * netstat's notice when no process's sockets could be read at all (prg_cache_loaded != 2). netstat
 * tells root to be root too; root that cannot read them is somewhere else (a restricted /proc).
 */
const noInfoNotice = (procRoot: string): string => {
  const euid = process.geteuid?.() ?? -1;
  return euid === 0
    ? `(No info could be read for "-p": ${procRoot}/<pid>/fd could not be read, even as root.)\n`
    : `(No info could be read for "-p": geteuid()=${euid} but you should be root.)\n`;
};

/** What the table readers gather, in netstat's order; `failed` stops the reading where netstat stops. */
interface Collected {
  readonly inet: InetSocket[];
  unix: UnixSocket[] | null;
  readonly diagnostics: Diagnostic[];
  readonly missing: TableName[];
  /** Missing tables already named in a diagnostic (types.ts Snapshot.explained). */
  readonly explained: TableName[];
  failed: boolean;
  /** Internet rows read before filtering: how busy the host is when sockstat is missing (a /proc copy). */
  rows: number;
}

/** Why a --proc-root tree cannot be read at all, or null when its net/ directory can be listed. */
function copyProblem(root: string, needsNet: boolean): string | null {
  // --netns reads each namespace's tables under <pid>/net: the copy's own net/ is not needed
  if (!needsNet) return pathExists(root) ? null : "no such directory";
  try {
    readdirSync(`${root}/net`);
    return null;
  } catch (err) {
    const code = String((err as { code?: unknown }).code);
    if (code !== "ENOENT" && code !== "ENOTDIR") return `cannot be read (${READ_ERROR[code] ?? code})`;
  }
  try {
    readdirSync(root);
    return "not a copy of /proc (no net/ directory)";
  } catch (err) {
    const code = String((err as { code?: unknown }).code);
    return code === "ENOENT" ? "no such directory" : code === "ENOTDIR" ? "not a directory" : `cannot be read (${READ_ERROR[code] ?? code})`;
  }
}

/** A path as one safe line of a message: escaped as program names are, cut when huge. */
function oneLinePath(path: string): string {
  const safe = escapeText(path);
  return safe.length > 200 ? `${safe.slice(0, 200)}...` : safe;
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
  ENAMETOOLONG: "file name too long",
};

/** An error of the file system (with an errno code), as opposed to a bug or a closed output. */
function isSystemError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code);
}

/**
 * A table file that exists but cannot be read: named in one line with the reason (not netstat's
 * "no support … on this system", which would be untrue), then the shared rule decides, as for any
 * missing table, whether the run fails and stops there.
 */
function unreadableTable(req: LinuxRead, out: Collected, table: TableName, source: string, err: unknown): boolean {
  const code = String((err as { code?: unknown }).code);
  out.diagnostics.push({ source, line: null, message: `cannot be read (${READ_ERROR[code] ?? code}); its sockets are not listed` });
  out.explained.push(table);
  return missingTable(req, out, table);
}

/**
 * Note a table that cannot be listed; true when the run stops there (the shared rule,
 * readers/missing.ts). In a --proc-root copy, where netstat's rule would say "no support … on this
 * system", the line names the file the copy lacks instead (`source`): the gap is the copy's.
 */
function missingTable(req: LinuxRead, out: Collected, table: TableName, source: string | null = null): boolean {
  if (req.root !== null && source !== null && missingVerdict(req.plan, req.verbose, table).report) {
    out.diagnostics.push({ source, line: null, message: "no such file in the --proc-root tree; its sockets are not listed" });
    out.explained.push(table);
  }
  out.missing.push(table);
  if (missingVerdict(req.plan, req.verbose, table).fail) out.failed = true;
  return out.failed;
}

function readInetTables(
  req: LinuxRead,
  keep: (s: Socket) => boolean,
  emit: (s: InetSocket) => void,
  out: Collected,
  empty: ReadonlySet<ProcInetTable> = NO_TABLES,
): void {
  for (const step of req.plan.inetSteps) {
    if (step.protocol === "sctp") {
      if (readSctp(req, step, keep, emit, out)) return;
      continue;
    }
    for (const table of procTables(step)) {
      // known to hold nothing (sockstat said so), and costly to read
      if (empty.has(table)) continue;
      const source = `${netDir(req)}/${table}`;
      // read and parsed in pieces: the whole text of a 200,000-socket table never exists at once
      let lines = 0; // data lines in the pieces before this one
      const onPiece = (text: string): void => {
        const parsed = parseInetTable(text, table, { source });
        for (const d of parsed.diagnostics) out.diagnostics.push(lines === 0 || d.line === null ? d : { ...d, line: d.line + lines });
        for (const s of parsed.records) if (keep(s)) emit(s);
        // each data line gives a record or a diagnostic (kernel tables have no blank lines)
        lines += parsed.records.length + parsed.diagnostics.length;
      };
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
      let found: boolean;
      try {
        const pre = req.files?.[table];
        found = pre !== undefined ? fromPrefetched(pre, guarded) : readProcPieces(source, guarded, tableReader !== null && !tableReader.broken ? tableReader : null);
      } catch (err) {
        if (consumerFailed || !isSystemError(err)) throw err;
        // there but unreadable (permission, I/O)
        if (unreadableTable(req, out, step.protocol, source, err)) return;
        break;
      }
      out.rows += lines;
      if (!found) {
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (table.endsWith("6")) continue;
        if (missingTable(req, out, step.protocol, source)) return;
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
  for (const file of sctpFiles(req, step)) {
    const source = `${netDir(req)}/${file.path}`;
    let read: ReturnType<typeof readProcText>;
    try {
      // an entered namespace's files were read by its child process (enteredFiles)
      const pre = req.files?.[file.path];
      let text = "";
      read = pre === undefined ? readProcText(source) : fromPrefetched(pre, (t) => void (text += t)) ? { text } : { missing: true };
    } catch (err) {
      if (!isSystemError(err)) throw err;
      if (unreadableTable(req, out, "sctp", source, err)) return true;
      continue;
    }
    if ("missing" in read) {
      // a missing IPv6 file is silent (netstat.c INFO_GUTS2)
      if (!file.ipv6 && missingTable(req, out, "sctp", source)) return true;
      continue;
    }
    const parsed = file.parse(read.text, { source });
    out.diagnostics.push(...parsed.diagnostics);
    for (const s of parsed.records) if (keep(s)) emit(s);
    out.rows += parsed.records.length;
  }
  return false;
}

/** The SCTP files readSctp reads for a step, in its order: endpoints then associations, each IPv4 then IPv6. */
function sctpFiles(req: LinuxRead, step: InetTableStep): { path: string; ipv6: boolean; parse: typeof parseSctpEps }[] {
  const kinds: { name: string; parse: typeof parseSctpEps }[] = [];
  if (req.mode !== "connected") kinds.push({ name: "eps", parse: parseSctpEps });
  if (req.mode !== "listening") kinds.push({ name: "assocs", parse: parseSctpAssocs });
  const out: { path: string; ipv6: boolean; parse: typeof parseSctpEps }[] = [];
  for (const kind of kinds) {
    for (const [dir, wanted] of [["sctp", step.ipv4], ["sctp6", step.ipv6]] as const) {
      if (wanted) out.push({ path: `${dir}/${kind.name}`, ipv6: dir === "sctp6", parse: kind.parse });
    }
  }
  return out;
}

/** What diagnostics call the net/ directory a read goes through. */
function netDir(req: LinuxRead): string {
  return req.netSource ?? `${req.procRoot}/net`;
}

/**
 * A table a helper read whole (netns-read.ts), as readProcPieces would hand it over: false when it
 * was not there, the error that stopped it thrown again here.
 */
function fromPrefetched(file: NsFile, onPiece: (text: string) => void): boolean {
  if ("code" in file) {
    if (file.code === "ENOENT" || file.code === "ENOTDIR") return false;
    throw Object.assign(new Error(file.code), { code: file.code });
  }
  piecesOfBytes(file.data, onPiece);
  return true;
}

function readUnixTable(req: LinuxRead, keep: (s: Socket) => boolean, out: Collected): void {
  const source = `${netDir(req)}/unix`;
  let read: ReturnType<typeof readProcText>;
  try {
    const pre = req.files?.unix;
    let text = "";
    read = pre === undefined ? readProcText(source) : fromPrefetched(pre, (t) => void (text += t)) ? { text } : { missing: true };
  } catch (err) {
    if (!isSystemError(err)) throw err;
    unreadableTable(req, out, "unix", source, err);
    return;
  }
  if ("missing" in read) {
    missingTable(req, out, "unix", source);
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
