// --netns, an `ip netns` namespace no process is in: it has no /proc/<pid>/net to read it through,
// so a child process enters it (nsenter(1), as root) and prints each table from there. One spawn
// per file, without a shell, with a fixed environment and a time limit. I/O only: what a run means
// is netns.ts's (enteredOutcome).

import { spawnSync } from "node:child_process";
import type { NsFile } from "./netns-read.js";
import type { EmptiableTable } from "./netns.js";
import { emptyTables, enteredOutcome, nsenterArgv } from "./netns.js";

/** How long one nsenter … cat may take. */
export const ENTER_TIMEOUT_MS = 5000;

/** A fixed PATH for nsenter and the cat it runs (the user's PATH is not trusted as root). */
const ENTER_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" };

/** An entered namespace's tables (by file name under net/), and those left out as empty. */
export interface EnteredRead {
  readonly files: Readonly<Record<string, NsFile>>;
  readonly empty: readonly string[];
}

export type EnterResult = { readonly read: EnteredRead } | { readonly failed: string };

type FileRead = { readonly file: NsFile } | { readonly failed: string };

function readEntered(path: string, file: string): FileRead {
  const [cmd, ...args] = nsenterArgv(path, file);
  const r = spawnSync(cmd as string, args, {
    env: ENTER_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: ENTER_TIMEOUT_MS,
    killSignal: "SIGKILL",
    maxBuffer: 1 << 30,
    windowsHide: true,
  });
  const spawnError = r.error === undefined ? null : String((r.error as { code?: unknown }).code ?? "EIO");
  const timedOut = spawnError === "ETIMEDOUT";
  const outcome = enteredOutcome(
    { spawnError: timedOut ? null : spawnError, timedOut, status: r.status, stderr: r.stderr === null ? "" : r.stderr.toString("latin1") },
    ENTER_TIMEOUT_MS,
  );
  if (outcome.kind === "namespace") return { failed: outcome.why };
  if (outcome.kind === "file") return { file: { code: outcome.code } };
  return { file: { data: new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength) } };
}

const textOf = (file: NsFile): string | null => ("data" in file ? Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength).toString("latin1") : null);

/**
 * Read `files` of the namespace bound at `path` (/run/netns/NAME), leaving out those its sockstat
 * and sockstat6 say are empty when `skipEmpty`. Failed, with why, when it cannot be entered:
 * setns(2) into a network namespace needs CAP_SYS_ADMIN, so only root tries.
 */
export function readEnteredNamespace(path: string, files: readonly string[], skipEmpty: boolean): EnterResult {
  if (process.geteuid?.() !== 0) return { failed: "you would have to be root" };
  // the first read also tells whether the namespace can be entered at all
  const sockstat = readEntered(path, "sockstat");
  if ("failed" in sockstat) return sockstat;
  let empty = new Set<EmptiableTable>();
  if (skipEmpty) {
    const sockstat6 = readEntered(path, "sockstat6");
    if ("failed" in sockstat6) return sockstat6;
    empty = emptyTables(textOf(sockstat.file), textOf(sockstat6.file));
  }
  const out: Record<string, NsFile> = {};
  for (const name of files) {
    if (empty.has(name as EmptiableTable)) continue;
    const got = readEntered(path, name);
    if ("failed" in got) return got;
    out[name] = got.file;
  }
  return { read: { files: out, empty: files.filter((name) => empty.has(name as EmptiableTable)) } };
}
