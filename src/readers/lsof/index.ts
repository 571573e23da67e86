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

import type { Diagnostic, OwnerStatus, Platform, Socket } from "../../model.js";
import type { CommandRunner } from "../run.js";
import { describeFailure, systemRunner } from "../run.js";
import { parseLsofFields } from "./fields.js";
import { lsofSockets } from "./sockets.js";

export const LSOF_COMMAND = "lsof";
export const LSOF_ARGS: readonly string[] = ["-n", "-P", "-w", "-i", "-U", "-F", "0pcuftdinPT"];

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
  /** One line naming the command and why it gave nothing, or null when it ran. */
  readonly failure: string | null;
}

/** The source name diagnostics carry: the command as it was run. */
export const lsofSource = (command = LSOF_COMMAND): string => [command, ...LSOF_ARGS].join(" ");

export async function readLsof(req: LsofRequest): Promise<LsofSnapshot> {
  const command = req.command ?? LSOF_COMMAND;
  const runner = req.runner ?? systemRunner;
  const result = await runner.run(command, LSOF_ARGS, { okStatuses: [0, 1], ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }) });
  if (!result.ok) return { sockets: [], diagnostics: [], failure: describeFailure(command, LSOF_ARGS, result) };
  const source = lsofSource(command);
  const fields = parseLsofFields(result.stdout, source);
  const made = lsofSockets(fields.records, { source, platform: req.platform, ownerStatus: req.ownerStatus });
  const diagnostics = [...fields.diagnostics, ...made.diagnostics];
  const said = result.stderr.trim();
  // exit 1 with a message is an error lsof recovered from; what it printed is still read
  if (result.status !== 0 && said !== "") diagnostics.push({ source, line: null, message: `exited with status ${result.status}: ${said.split("\n")[0] ?? ""}` });
  return { sockets: made.records, diagnostics, failure: null };
}
