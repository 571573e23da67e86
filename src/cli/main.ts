// The tsnetstat command: flags → plan → reader → names → formatter → stdout.

import { fstatSync, readFileSync } from "node:fs";
import { formatDiagnostic } from "../model.js";
import type { InetSocket, Socket } from "../model.js";
import { isActive, needsOwners, ownerPredicate, socketPredicate, userNames } from "../filter.js";
import { parsePasswd } from "../names/etc.js";
import type { Painter } from "../format/color.js";
import { colorLevel, loadPainter } from "../format/color.js";
import type { Stamp } from "../format/json.js";
import { jsonlLine, jsonlPrefix } from "../format/jsonl.js";
import { diffSockets, keyed, repeat, timeOfDay } from "./watch.js";
import { plan as makePlan } from "../select.js";
import type { Plan } from "../select.js";
import { choosePlatform, inputFormatList, inputReader, readerFor, readSockets } from "../readers/index.js";
import type { Reader, Snapshot } from "../readers/index.js";
import { addressesToName, inetRow, inetTitle, unixRow, unixTitle } from "../format/netstat.js";
import type { NetstatView } from "../format/netstat.js";
import { writeJson } from "../format/json.js";
import { UnknownColumns } from "../format/unknown.js";
import { NUMERIC_NAMES } from "../names/lookup.js";
import type { NameLookup } from "../names/lookup.js";
import type { Options } from "./args.js";
import { DEFAULT_PROC_ROOT, EXIT_FAILURE, parseArgs } from "./args.js";
import { ChunkedWriter, neverTerminal, writeAll } from "./output.js";
import { flushOnFatal } from "./fatal.js";
import pkg from "../../package.json";

/** Where the output goes: file descriptors (1 and 2 for a run; tests give files of their own). */
export interface Io {
  readonly stdout: number;
  readonly stderr: number;
  readonly env: NodeJS.ProcessEnv;
}

const PROCESS_IO: Io = { stdout: 1, stderr: 2, env: process.env };

/** The whole command: parse `argv`, read, print; resolves to the exit status. Runs nothing on import (entry.ts runs it). */
export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  const { stdout, stderr } = io;
  const parsed = parseArgs(argv, pkg.version);
  if (parsed.kind === "exit") {
    if (parsed.stdout) writeAll(stdout, parsed.stdout);
    if (parsed.verboseVersion === true) writeAll(stdout, (await import("./identity.js")).identityLines(io.env));
    if (parsed.stderr) writeAll(stderr, parsed.stderr);
    return parsed.code;
  }
  const options = parsed.options;
  if (options.warnings.length > 0) writeAll(stderr, options.warnings.join(""));
  const early = refuse(options);
  if (early !== null) {
    writeAll(stderr, early);
    return EXIT_FAILURE;
  }
  if (options.inputFormat === "list") {
    writeAll(stdout, await inputFormatList());
    return 0;
  }
  // -r -i -s -g: their own modules, loaded only when asked for
  if (options.info !== null) return (await import("./modes.js")).runInfoMode(options, options.info, io);
  const reader = options.input !== null ? await inputReader(options.input, options.inputFormat) : await liveReader(options, io.env);
  if ("error" in reader) {
    writeAll(stderr, reader.error);
    return EXIT_FAILURE;
  }
  if (options.netns !== null && reader.netns !== true) {
    writeAll(stderr, `tsnetstat: --netns: network namespaces are read on Linux only, not on ${reader.platform}\n`);
    return EXIT_FAILURE;
  }
  // the audit (scan, findings, report) is loaded only when asked for
  if (options.audit !== null) return (await import("../audit/run.js")).runAudit(options, reader, io);
  const plan = makePlan({ protocols: options.protocols, families: options.families });
  const out = new ChunkedWriter(stdout);
  flushOnFatal(() => out.flush());
  const uids = userIds(userNames(options.filter));
  const unknownUser = [...uids].find(([, uid]) => uid === null)?.[0];
  if (unknownUser !== undefined) {
    writeAll(stderr, `tsnetstat: --user: no user '${unknownUser}' in /etc/passwd\n`);
    return EXIT_FAILURE;
  }
  // only --color=auto with neither NO_COLOR nor FORCE_COLOR asks whether stdout is a terminal
  const asksTerminal = options.color === "auto" && !io.env.NO_COLOR && io.env.FORCE_COLOR === undefined;
  const terminal = asksTerminal || options.table ? await isTerminal(stdout) : false;
  const level = colorLevel(options.color, io.env, terminal);
  const run: Run = {
    plan,
    reader,
    out,
    stderr,
    // node:os only for the JSON forms (a table run loads nothing it does not print)
    host: options.json || options.jsonl ? (await import("node:os")).hostname() : "",
    keep: isActive(options.filter) ? socketPredicate(options.filter, uids) : undefined,
    keepOwned: ownerPredicate(options.filter),
    // chalk is loaded only when colour is on (a terminal, or --color=always)
    painter: level === 0 ? null : await loadPainter(level),
    width: (options.table && terminal && stdout === 1 ? process.stdout.columns : undefined) ?? (Number(io.env.COLUMNS) || 80),
  };
  if (!options.continuous) return report(options, run);
  if (options.changes) return watchChanges(options, run);
  // -c --json: each refresh is one line (a document per line, as JSON-lines readers take them)
  return repeat(options.interval, async () => {
    const code = await report(options, run);
    out.flush();
    return code;
  });
}

/**
 * Whether `fd` is a terminal. node:tty brings net and the streams (milliseconds of every start),
 * so it is loaded only for a character device that may be one: a pipe, a file or /dev/null never is.
 */
async function isTerminal(fd: number): Promise<boolean> {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice() || neverTerminal(st.rdev, process.platform)) return false;
  } catch {
    return false;
  }
  return (await import("node:tty")).isatty(fd);
}

/** What every refresh of a run shares. */
interface Run {
  readonly plan: Plan;
  readonly reader: Reader;
  readonly out: ChunkedWriter;
  readonly stderr: number;
  readonly host: string;
  /** The filters that need no owners, for the reader (undefined: none given). */
  readonly keep: ((s: Socket) => boolean) | undefined;
  /** The filters on owners (--pid, --program), applied after the owner walk. */
  readonly keepOwned: (s: Socket) => boolean;
  readonly painter: Painter | null;
  /** --table's width: the terminal's, else $COLUMNS, else 80. */
  readonly width: number;
}

/** --user names as uids from /etc/passwd (null: no such user). */
function userIds(names: readonly string[]): Map<string, number | null> {
  const map = new Map<string, number | null>();
  if (names.length === 0) return map;
  let text = "";
  try {
    text = readFileSync("/etc/passwd", "latin1");
  } catch {
    text = "";
  }
  const entries = parsePasswd(text, "/etc/passwd").records;
  for (const n of names) map.set(n, entries.find((e) => e.name === n)?.uid ?? null);
  return map;
}

/** Which owners to read: a table shows the first; JSON, --table and the owner filters need them all. */
function ownerWant(o: Options): "none" | "first" | "all" {
  const filtering = needsOwners(o.filter);
  if (!o.programs && !filtering && !o.table) return "none";
  return o.json || o.jsonl || o.table || filtering ? "all" : "first";
}

/** Read once with the run's filters; sockets the owner filters reject are dropped. */
async function collect(o: Options, run: Run, onInet?: (s: InetSocket) => void) {
  const owners = ownerWant(o);
  const snap = await readSockets(run.reader, {
    root: o.procRoot === DEFAULT_PROC_ROOT ? null : o.procRoot,
    plan: run.plan,
    mode: o.mode,
    owners,
    filter: run.keep,
    verbose: o.verbose,
    onInet,
    netns: o.netns ?? undefined,
  });
  if (owners !== "none" && snap.ownerNotice !== null) writeAll(run.stderr, snap.ownerNotice);
  if (!needsOwners(o.filter)) return snap;
  return { ...snap, inet: snap.inet.filter(run.keepOwned), unix: snap.unix === null ? null : snap.unix.filter(run.keepOwned) };
}

const stampNow = (run: Run): Stamp => ({ host: run.host, time: new Date().toISOString() });

/** -c --changes: the first listing is the baseline; then one line per socket that appeared or went away. */
async function watchChanges(o: Options, run: Run): Promise<number> {
  const { out, stderr } = run;
  const view = await viewFor(o, () => []);
  let before: Map<string, Socket> | null = null;
  return repeat(o.interval, async () => {
    const stamp = stampNow(run);
    const snap = await collect(o, run);
    if (snap.diagnostics.length > 0) writeAll(stderr, snap.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""));
    const now = keyed(allSockets(snap));
    if (before === null) {
      // the columns once, under the time and the sign
      if (!o.jsonl) {
        if (run.plan.inetHeader) out.write(`${" ".repeat(15)}${inetTitle(view).split("\n")[1] ?? ""}\n`);
        if (snap.unix !== null) out.write(`${" ".repeat(15)}${unixTitle(view).split("\n")[1] ?? ""}\n`);
      }
    } else {
      const { appeared, gone } = diffSockets(before, now);
      const prefix = jsonlPrefix(stamp);
      const time = timeOfDay(new Date(stamp.time));
      const line = (sign: string, s: Socket): string => {
        if (o.jsonl) return jsonlLine(prefix, s, `"change":"${sign}",`);
        const row = s.proto === "unix" ? unixRow(s, view) : inetRow(s, view);
        const painted = run.painter === null ? row : paintRow(run.painter, row, s, view);
        return `${time} ${run.painter === null ? sign : sign === "+" ? run.painter.chalk.green(sign) : run.painter.chalk.red(sign)} ${painted}`;
      };
      for (const s of gone) out.write(line("-", s));
      for (const s of appeared) out.write(line("+", s));
    }
    out.flush();
    before = now;
    if (snap.unsupported !== "") writeAll(stderr, snap.unsupported);
    return snap.failed ? EXIT_FAILURE : 0;
  });
}

function paintRow(p: Painter, row: string, s: Socket, view: NetstatView): string {
  return s.proto === "unix" ? p.unixRow(row, s, view.programs) : p.inetRow(row, s, view.programs, view.extend);
}

/** The reader of this system: its platform's, or lsof's with --source lsof. */
async function liveReader(options: Options, env: NodeJS.ProcessEnv): Promise<Reader | { readonly error: string }> {
  const platform = choosePlatform(env, process.platform, options.procRoot !== DEFAULT_PROC_ROOT);
  // --source lsof: on Linux, lsof's view instead of /proc (elsewhere lsof already gives the owners)
  if (options.source === "lsof" && platform !== "linux") {
    return { error: `tsnetstat: --source lsof is for Linux; on ${platform} netstat lists the sockets and lsof their owners\n` };
  }
  return readerFor(options.source === "lsof" ? "lsof" : platform);
}

/** Things tsnetstat will not do, said before anything is read. */
function refuse(o: Options): string | null {
  if (o.selinux) return "tsnetstat: -Z (SELinux contexts) is not supported (try 'ss -Z')\n";
  if (o.unsupportedMode !== null) {
    return `tsnetstat: --${o.unsupportedMode} is not supported (Linux has had no masquerading table since 2.4; try 'conntrack -L')\n`;
  }
  return null;
}

async function report(o: Options, run: Run): Promise<number> {
  const { out, plan, stderr, painter } = run;
  const stamp = stampNow(run);
  const prefix = jsonlPrefix(stamp);
  // Rows stream (each is written as its piece of the table is parsed, so no socket outlives its
  // piece) unless something needs every socket first: owners (-p, owner filters), host names,
  // the JSON document or the boxed table; nor with --netns, so that an unknown namespace prints
  // nothing but its one line.
  const streaming = !o.json && !o.table && o.netns === null && ownerWant(o) === "none" && (o.jsonl || o.numericHosts);
  let view: NetstatView | null = null;
  let onInet: ((s: InetSocket) => void) | undefined;
  const unknown = new UnknownColumns();
  if (streaming && o.jsonl) {
    onInet = (s) => out.write(jsonlLine(prefix, s));
  } else if (streaming) {
    const v = await viewFor(o, () => []);
    view = v;
    if (plan.inetHeader) out.write(inetTitle(v));
    onInet = (s) => {
      unknown.addInet(s);
      out.write(painter === null ? inetRow(s, v) : painter.inetRow(inetRow(s, v), s, v.programs, v.extend));
    };
  }
  const snap = await collect(o, run, onInet);
  if (snap.netnsNotice !== undefined) writeAll(stderr, snap.netnsNotice);
  if (snap.diagnostics.length > 0) {
    // streamed rows go out before the diagnostics about their table
    if (streaming) out.flush();
    writeAll(stderr, snap.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""));
  }

  if (o.json) {
    writeJson(allSockets(snap), out.write, stamp, o.continuous);
  } else if (o.jsonl) {
    for (const s of allSockets(snap)) out.write(jsonlLine(prefix, s));
  } else if (o.table) {
    const { renderBoxed } = await import("../format/boxed.js");
    const names = await viewFor(o, () => addressesToName(snap.inet, o), true);
    const c = painter?.chalk;
    out.write(await renderBoxed(allSockets(snap), names.names, run.width, {
      head: c === undefined ? (h) => h : (h) => c.bold(h),
      state: painter === null ? (w) => w : painter.state,
    }));
  } else {
    view ??= await viewFor(o, () => addressesToName(snap.inet, o));
    if (plan.inetHeader && !streaming) {
      out.write(inetTitle(view));
      for (const s of snap.inet) {
        unknown.addInet(s);
        out.write(painter === null ? inetRow(s, view) : painter.inetRow(inetRow(s, view), s, view.programs, view.extend));
      }
    }
    // -g with socket tables: the groups after the Internet tables, before UNIX (netstat.c main)
    if (o.groupsToo) {
      const g = await (await import("./modes.js")).groupsBlock(o);
      out.write(g.stdout);
      out.flush();
      if (g.stderr !== "") writeAll(stderr, g.stderr);
      if (g.code !== 0) return g.code;
    }
    // netstat prints the UNIX title before it opens the table, so also when the table is missing
    if (snap.unix !== null || snap.missing.includes("unix")) out.write(unixTitle(view));
    if (snap.unix !== null) {
      for (const s of snap.unix) {
        unknown.addUnix(s);
        out.write(painter === null ? unixRow(s, view) : painter.unixRow(unixRow(s, view), s, view.programs));
      }
    }
  }
  out.flush();
  // what the source could not tell, once per column (not for JSON: null says it there)
  if (!o.json && snap.origin !== undefined) {
    const notes = unknown.notes({ extend: o.extend > 0, timers: o.timers }, snap.origin);
    if (notes !== "") writeAll(stderr, notes);
  }
  if (snap.unsupported !== "") writeAll(stderr, snap.unsupported);
  if (snap.failed) return EXIT_FAILURE;
  // netstat reaches the Bluetooth tables last, and Debian's build has none (netstat.c ENOSUPP)
  if (plan.bluetooth) {
    writeAll(stderr, "tsnetstat: feature `AF BLUETOOTH' not supported.\n");
    return EXIT_FAILURE;
  }
  return 0;
}

function* allSockets(snap: Pick<Snapshot, "inet" | "unix">): Generator<Socket> {
  yield* snap.inet;
  if (snap.unix !== null) yield* snap.unix;
}

/** The table options and names; `addresses` (every address shown) is asked for only when hosts get names. */
async function viewFor(o: Options, addresses: () => Iterable<string>, boxed = false): Promise<NetstatView> {
  const extend = o.extend > 0 || boxed;
  const needNames = !o.numericHosts || !o.numericPorts || (extend && !o.numericUsers);
  // loaded only when names are shown: the resolver brings dgram and child_process (several ms at start-up)
  const names: NameLookup = needNames
    ? await (await import("../names/system.js")).systemNames({
        hosts: !o.numericHosts,
        ports: !o.numericPorts,
        users: extend && !o.numericUsers,
        addresses: o.numericHosts ? [] : addresses(),
        timeoutMs: o.dnsTimeoutMs,
        etc: "/etc",
      })
    : NUMERIC_NAMES;
  return {
    mode: o.mode,
    extend,
    programs: o.programs,
    timers: o.timers,
    netns: o.netns !== null,
    wide: o.wide,
    numericHosts: o.numericHosts,
    numericPorts: o.numericPorts,
    numericUsers: o.numericUsers,
    names,
  };
}
