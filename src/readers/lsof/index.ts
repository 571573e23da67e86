// The lsof reader: every Internet and UNIX socket some process holds, with all its holders, from
// one run of `lsof` in field mode. On Linux it is `--source lsof`, a second view of the machine
// independent of tsnetstat's own /proc reader; elsewhere it gives the owners netstat cannot.
//
// The command: `lsof -n -P -w -i -U -F 0pcuftdinPT`
//   -n -P     numeric addresses and ports (names would not parse back into addresses)
//   -w        no warnings on stderr (unreadable file systems are not our business)
//   -i -U     Internet and UNIX sockets (selections are ORed without -a)
//   -F ...    fields p c u f t d i n P T, NUL-terminated (0): a command name or path may hold a
//             newline. Every one of them is in lsof 4.8x (lsof(8) OUTPUT FOR OTHER PROGRAMS) and
//             still in 4.99; `f` is asked for explicitly because 4.94+ no longer adds it on its own
//             (lsof(8): "from 4.88 to 4.93.2 always produced ... f"). `-T` is left at its default
//             (state, lsof(8) -T: "equivalent to -Ts"); in field mode Linux and macOS lsof add TQR=
//             and TQS= queue sizes too (captured with lsof 4.95, fixtures/lsof/linux-lsof-F-*.out);
//             where a dialect does not, the queues are null. `-T qs` is not passed: a dialect
//             without queue support refuses the q.
// Exit status 1 with no error is lsof's "nothing found" (lsof(8) DIAGNOSTICS), so it counts as a run.

import type { Diagnostic, InetSocket, OwnerStatus, Platform, Socket, UnixSocket } from "../../model.js";
import { wanted } from "../../select.js";
import type { CommandRunner } from "../run.js";
import { commandLine, failureReason, systemRunner } from "../run.js";
import type { Reader, ReadRequest, Snapshot } from "../types.js";
import { parseLsofFields } from "./fields.js";
import { lsofSockets } from "./sockets.js";

const LSOF_COMMAND = "lsof";
export const LSOF_ARGS: readonly string[] = ["-n", "-P", "-w", "-i", "-U", "-F", "0pcuftdinPT"];

/** lsof walks every process and descriptor: on a busy host that takes far longer than a netstat. */
const LSOF_TIMEOUT_MS = 60_000;

export interface LsofRequest {
  readonly platform: Platform;
  /** What was the view worth: "complete" when lsof could read every process (it runs as root). */
  readonly ownerStatus: OwnerStatus;
  readonly runner?: CommandRunner;
  readonly timeoutMs?: number;
  /** The executable (default "lsof", looked up in PATH). */
  readonly command?: string;
}

export interface LsofSnapshot {
  readonly sockets: Socket[];
  readonly diagnostics: Diagnostic[];
  /** Why the command gave nothing (one line, without the command), or null when it ran. */
  readonly failure: string | null;
}

/** The source name diagnostics carry: the command as it was run. */
export const lsofSource = (command = LSOF_COMMAND): string => commandLine(command, LSOF_ARGS);

export async function readLsof(req: LsofRequest): Promise<LsofSnapshot> {
  const command = req.command ?? LSOF_COMMAND;
  const runner = req.runner ?? systemRunner;
  const result = await runner.run(command, LSOF_ARGS, { okStatuses: [0, 1], timeoutMs: req.timeoutMs ?? LSOF_TIMEOUT_MS });
  if (!result.ok) return { sockets: [], diagnostics: [], failure: failureReason(command, result) };
  const source = lsofSource(command);
  const fields = parseLsofFields(result.stdout, source);
  const made = lsofSockets(fields.records, { source, platform: req.platform, ownerStatus: req.ownerStatus });
  const diagnostics = [...fields.diagnostics, ...made.diagnostics];
  const said = result.stderr.trim();
  // exit 1 with a message is an error lsof recovered from; what it printed is still read
  if (result.status !== 0 && said !== "") diagnostics.push({ source, line: null, message: `exited with status ${result.status}: ${said.split("\n")[0] ?? ""}` });
  return { sockets: made.records, diagnostics, failure: null };
}

/** Node's process.platform names that are also the model's platform names. */
const PLATFORMS: ReadonlySet<string> = new Set<Platform>(["linux", "darwin", "freebsd", "openbsd", "netbsd", "sunos"]);

/** lsof run as a user other than root lists that user's processes only (lsof(8) SECURITY). */
export const NOT_ROOT_NOTICE = "(Not all processes could be identified: lsof runs without root privileges and lists only this user's processes.)\n";

export interface LsofReaderOptions {
  readonly runner?: CommandRunner;
  readonly command?: string;
  readonly timeoutMs?: number;
  /** Whether lsof can see every process (default: whether tsnetstat runs as root). */
  readonly privileged?: boolean;
  /** The platform lsof runs on (default: process.platform). */
  readonly platform?: Platform;
}

/**
 * The Reader for `--source lsof`: lsof's sockets, filtered and ordered as the plan asks (each
 * protocol's IPv4 sockets, then its IPv6 ones, in the plan's protocol order; then UNIX).
 * What lsof cannot show is not in it: sockets no process holds (TIME_WAIT, SYN_RECV, orphans),
 * and on Linux raw sockets (lsof -i leaves them out).
 */
export function lsofReader(opts: LsofReaderOptions = {}): Reader {
  return {
    platform: "lsof",
    read: async (req: ReadRequest): Promise<Snapshot> => {
      const privileged = opts.privileged ?? process.geteuid?.() === 0;
      const platform = opts.platform ?? (PLATFORMS.has(process.platform) ? (process.platform as Platform) : "linux");
      const command = opts.command ?? LSOF_COMMAND;
      const diagnostics: Diagnostic[] = [];
      if (req.root !== null) diagnostics.push({ source: lsofSource(command), line: null, message: `lsof reads the live system, not the copy in ${req.root}` });
      const snap = await readLsof({
        platform,
        ownerStatus: privileged ? "complete" : "partial",
        ...(opts.runner === undefined ? {} : { runner: opts.runner }),
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        command,
      });
      if (snap.failure !== null) {
        diagnostics.push({ source: lsofSource(command), line: null, message: `${snap.failure} (no sockets listed)` });
        return { inet: [], unix: req.plan.unix ? [] : null, missing: [], diagnostics, ownerNotice: null };
      }
      diagnostics.push(...snap.diagnostics);
      const keep = wanted(req.mode);
      const withOwners = (s: Socket): Socket => (req.owners === "none" ? { ...s, owners: [], ownerStatus: "not-read" } : s);
      const inet: InetSocket[] = [];
      for (const step of req.plan.inetSteps) {
        for (const family of ["inet", "inet6"] as const) {
          if (family === "inet" ? !step.ipv4 : !step.ipv6) continue;
          for (const s of snap.sockets) {
            if (s.proto === step.protocol && s.family === family && keep(s)) {
              const out = withOwners(s) as InetSocket;
              if (req.onInet === undefined) inet.push(out);
              else req.onInet(out);
            }
          }
        }
        if (step.protocol === "raw" && step.explicit && platform === "linux") {
          diagnostics.push({ source: lsofSource(command), line: null, message: "lsof does not list raw sockets on Linux" });
        }
      }
      const unix: UnixSocket[] | null = req.plan.unix ? snap.sockets.filter((s): s is UnixSocket => s.proto === "unix" && keep(s)).map((s) => withOwners(s) as UnixSocket) : null;
      const ownerNotice = req.owners !== "none" && !privileged ? NOT_ROOT_NOTICE : null;
      return { inet, unix, missing: [], diagnostics, ownerNotice };
    },
  };
}

/** The registered reader (readers/index.ts "lsof"). */
export const reader: Reader = lsofReader();
