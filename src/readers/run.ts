// Running the system's own tools (netstat, lsof): execFile with no shell, LC_ALL=C (so that no
// locale translates netstat's state names or lsof's messages), a time limit and a large output
// buffer. Every way a run can go wrong comes back as a value, never as an exception, and turns into
// one line naming the command and what happened (describeFailure).
//
// Readers take a CommandRunner, so tests hand them a fake one (as gopsutil's Invoker interface does).

import { execFile } from "node:child_process";

/** What a command printed and how it ended. `stdout` is latin1 text: one char per byte, nothing lost. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Why a command gave no usable output. */
export type CommandFailure =
  /** The executable is not in PATH (or not executable): ENOENT / EACCES from execve. */
  | { readonly kind: "missing"; readonly code: string }
  /** It exited with a status the caller does not accept. */
  | { readonly kind: "exit"; readonly status: number }
  /** It ran longer than the limit and was killed. */
  | { readonly kind: "timeout"; readonly ms: number }
  /** It was killed by a signal it did not get from us. */
  | { readonly kind: "signal"; readonly signal: string }
  /** It printed more than the buffer holds and was killed. */
  | { readonly kind: "too-much-output"; readonly bytes: number }
  /** Anything else spawning reported (EAGAIN, EMFILE, ...). */
  | { readonly kind: "error"; readonly message: string };

export type CommandResult =
  | ({ readonly ok: true; readonly status: number } & CommandOutput)
  | ({ readonly ok: false; readonly failure: CommandFailure } & CommandOutput);

export interface RunOptions {
  /** Kill the command after this many milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** Exit statuses that still mean "here is the output" (default only 0; lsof uses 1 for "nothing found"). */
  readonly okStatuses?: readonly number[];
  /** Largest output accepted, in bytes (default MAX_OUTPUT_BYTES). */
  readonly maxBytes?: number;
}

/** The one thing readers need from the system to run a tool; tests pass a fake. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** 512 MiB: a 1,000,000-socket `lsof -F` listing is about 150 MB; Node's default (1 MiB) is far too small. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/** The environment every tool runs with: the caller's, with the C locale forced. */
function commandEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, LC_ALL: "C", LANG: "C" };
  delete env.LANGUAGE;
  return env;
}

/** Runs tools for real with child_process.execFile (no shell: arguments are never reinterpreted). */
export const systemRunner: CommandRunner = {
  run(command, args, options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const okStatuses = options.okStatuses ?? [0];
    const maxBytes = options.maxBytes ?? MAX_OUTPUT_BYTES;
    return new Promise((resolve) => {
      execFile(
        command,
        [...args],
        { encoding: "latin1", env: commandEnv(), timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: maxBytes, windowsHide: true },
        (error, stdout, stderr) => {
          resolve(classify(error, String(stdout), String(stderr), { timeoutMs, okStatuses, maxBytes }));
        },
      );
    });
  },
};

/** The fields of execFile's error that say how the command ended. */
export interface ExecError {
  readonly code?: string | number | null;
  readonly killed?: boolean;
  readonly signal?: string | null;
  readonly message?: string;
}

/** Turn execFile's callback arguments into a CommandResult (pure; exported for tests). */
export function classify(
  error: ExecError | null,
  stdout: string,
  stderr: string,
  limits: { readonly timeoutMs: number; readonly okStatuses: readonly number[]; readonly maxBytes: number },
): CommandResult {
  const { timeoutMs, okStatuses, maxBytes } = limits;
  const out = { stdout, stderr };
  if (error === null) return { ok: true, status: 0, ...out };
  const code = error.code;
  if (code === "ENOENT" || code === "EACCES") return { ok: false, failure: { kind: "missing", code }, ...out };
  if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return { ok: false, failure: { kind: "too-much-output", bytes: maxBytes }, ...out };
  // execFile kills with killSignal on timeout and sets `killed`
  if (error.killed === true && error.signal !== null && error.signal !== undefined) return { ok: false, failure: { kind: "timeout", ms: timeoutMs }, ...out };
  if (typeof code === "number") {
    return okStatuses.includes(code) ? { ok: true, status: code, ...out } : { ok: false, failure: { kind: "exit", status: code }, ...out };
  }
  if (error.signal !== null && error.signal !== undefined) return { ok: false, failure: { kind: "signal", signal: error.signal }, ...out };
  return { ok: false, failure: { kind: "error", message: firstLine(error.message ?? String(code)) }, ...out };
}

/** The command as a user would type it, for messages. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (a === "" || /[^\w@%+=:,./-]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(" ");
}

/** What went wrong, without the command: "exited with status 2: <its first stderr line>". */
export function failureReason(command: string, result: { readonly failure: CommandFailure; readonly stderr: string }): string {
  const f = result.failure;
  const said = firstLine(result.stderr);
  const tail = said === "" ? "" : `: ${said}`;
  switch (f.kind) {
    case "missing":
      return f.code === "ENOENT" ? `${command} is not installed (not found in PATH)` : `${command} cannot be run (permission denied)`;
    case "exit":
      return `exited with status ${f.status}${tail}`;
    case "timeout":
      return `stopped after ${f.ms} ms (time limit)${tail}`;
    case "signal":
      return `killed by ${f.signal}${tail}`;
    case "too-much-output":
      return `printed more than ${f.bytes} bytes and was stopped`;
    case "error":
      return `could not be run: ${f.message}`;
  }
}

/** One line (no newline) saying what went wrong, naming the command, its status and its first stderr line. */
export function describeFailure(command: string, args: readonly string[], result: { readonly failure: CommandFailure; readonly stderr: string }): string {
  return `${commandLine(command, args)}: ${failureReason(command, result)}`;
}

function firstLine(s: string): string {
  const t = s.trim();
  const nl = t.indexOf("\n");
  return (nl < 0 ? t : t.slice(0, nl)).trim();
}
