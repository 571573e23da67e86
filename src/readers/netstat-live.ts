// The reader of every platform whose sockets come from its own `netstat` (macOS, FreeBSD, OpenBSD,
// NetBSD, Solaris/illumos): gather (run netstat, and lsof for -p) → pure parse (readers/text/) →
// keep what the plan asks (saved-text.ts) → join lsof's owners (lsof/join.ts). Each platform's module
// (readers/<platform>/index.ts) says only which arguments, which layout and which tables.
//
// Every way a command can fail is one diagnostic naming the command, how it ended and what was still
// shown; nothing here throws.

import type { Diagnostic, InetSocket, Platform, Socket, UnixSocket } from "../model.js";
import type { CommandRunner } from "./run.js";
import { commandLine, failureReason, systemRunner } from "./run.js";
import type { Reader, ReadRequest, Snapshot, TableName } from "./types.js";
import { capDiagnostics, keepSockets } from "./saved-text.js";
import { detectLayout, NETSTAT_TEXT_PARSERS, type NetstatTextLayout } from "./text/index.js";
import { lsofSource, NOT_ROOT_NOTICE, readLsof } from "./lsof/index.js";
import { joinOwners } from "./lsof/join.js";

/** What differs between the platforms that run netstat. */
export interface NetstatPlatform {
  /** The model's platform tag (process.platform's name). */
  readonly platform: Platform;
  /** The layout its netstat prints (readers/text/). */
  readonly layout: NetstatTextLayout;
  /** Arguments that list every family and protocol numerically, addresses as whole as that netstat allows. */
  readonly args: readonly string[];
  /** The tables that listing holds; a table the plan names that is not here is reported missing (readers/missing.ts). */
  readonly tables: readonly TableName[];
}

export interface NetstatReaderOptions {
  readonly runner?: CommandRunner;
  /** The executables (default "netstat" and "lsof", looked up in PATH). */
  readonly netstat?: string;
  readonly lsof?: string;
  readonly timeoutMs?: number;
  /** Whether lsof can see every process (default: whether tsnetstat runs as root). */
  readonly privileged?: boolean;
}

/** netstat's default time limit: a listing is quick; a hung NFS name lookup is not our business (-n). */
const NETSTAT_TIMEOUT_MS = 30_000;

/** TSNETSTAT_COMMAND_TIMEOUT_MS: a shorter limit for netstat and lsof (tests of the time-out path); unset, the defaults. */
function envTimeout(): number | undefined {
  const v = process.env.TSNETSTAT_COMMAND_TIMEOUT_MS;
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

const firstLine = (text: string): string => (text.split("\n").find((l) => l.trim() !== "") ?? "").trim().slice(0, 60);

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

export function netstatReader(p: NetstatPlatform, opts: NetstatReaderOptions = {}): Reader {
  return {
    platform: p.platform,
    read: async (req: ReadRequest): Promise<Snapshot> => {
      const runner = opts.runner ?? systemRunner;
      const timeoutMs = opts.timeoutMs ?? envTimeout();
      const command = opts.netstat ?? "netstat";
      const source = commandLine(command, p.args);
      const diagnostics: Diagnostic[] = [];
      let failed = false;
      if (req.root !== null) diagnostics.push({ source, line: null, message: `netstat reads the live system; ${req.root} is a Linux /proc copy (set no TSNETSTAT_PLATFORM to read it)` });

      const result = await runner.run(command, p.args, { timeoutMs: timeoutMs ?? NETSTAT_TIMEOUT_MS });
      let sockets: Socket[] = [];
      if (!result.ok) {
        failed = true;
        // what it printed before it failed is still read (a timeout or a late error keeps the first tables)
        const parsed = result.stdout.trim() === "" ? null : NETSTAT_TEXT_PARSERS[p.layout](result.stdout, source);
        sockets = parsed?.records ?? [];
        const shown = parsed === null ? "no sockets listed" : `the ${plural(sockets.length, "socket")} it printed before that are shown`;
        diagnostics.push({ source, line: null, message: `${failureReason(command, result)} (${shown})` });
      } else {
        const parsed = NETSTAT_TEXT_PARSERS[p.layout](result.stdout, source);
        const unknown = unknownLayout(result.stdout, p.layout, parsed.records.length);
        if (unknown !== null) {
          failed = true;
          diagnostics.push({ source, line: null, message: `printed ${unknown} where ${p.layout} netstat output was expected (it starts "${firstLine(result.stdout)}"); no sockets listed` });
        } else {
          sockets = parsed.records;
          diagnostics.push(...capDiagnostics(parsed.diagnostics, source));
        }
      }

      const kept = keepSockets(sockets, req);
      let inet: InetSocket[] = kept.inet;
      let unix: UnixSocket[] | null = kept.unix;
      let ownerNotice: string | null = null;
      if (req.owners !== "none" && !failed) {
        const privileged = opts.privileged ?? process.geteuid?.() === 0;
        const lsofCommand = opts.lsof ?? "lsof";
        const status = privileged ? "complete" : "partial";
        const lsof = await readLsof({
          platform: p.platform,
          ownerStatus: status,
          runner,
          command: lsofCommand,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        });
        if (lsof.failure !== null) {
          diagnostics.push({ source: lsofSource(lsofCommand), line: null, message: `${lsof.failure} (the sockets are shown without their processes)` });
        } else {
          diagnostics.push(...capDiagnostics(lsof.diagnostics, lsofSource(lsofCommand)));
          const joined = joinOwners([...inet, ...(unix ?? [])], lsof.sockets, status).sockets;
          inet = joined.filter((s): s is InetSocket => s.proto !== "unix");
          unix = unix === null ? null : joined.filter((s): s is UnixSocket => s.proto === "unix");
          if (!privileged) ownerNotice = NOT_ROOT_NOTICE;
        }
      }
      if (req.onInet !== undefined) {
        for (const s of inet) req.onInet(s);
        inet = [];
      }
      return { inet, unix, missing: missingTables(p, req), diagnostics, ownerNotice, origin: source, failed };
    },
  };
}

/**
 * Why a netstat output cannot be this platform's, or null: text no layout knows, or text of another
 * layout in which the expected parser found no socket. (Layouts are told apart by markers that a
 * short listing may lack, so a different guess alone, with sockets read, is not a failure.)
 */
function unknownLayout(text: string, expected: NetstatTextLayout, socketsRead: number): string | null {
  if (text.trim() === "") return null;
  const found = detectLayout(text);
  if ("tried" in found) return "text in no layout tsnetstat knows";
  const kin = (l: string): string => (l === "qnx" ? "netbsd" : l);
  if (kin(found.layout) !== kin(expected) && socketsRead === 0) return `what reads as ${found.layout} output`;
  return null;
}

/** The plan's tables this netstat does not list, in the plan's order (UNIX after the Internet ones). */
function missingTables(p: NetstatPlatform, req: ReadRequest): TableName[] {
  const missing: TableName[] = req.plan.inetSteps.map((s) => s.protocol).filter((t) => !p.tables.includes(t));
  if (req.plan.unix && !p.tables.includes("unix")) missing.push("unix");
  return missing;
}
