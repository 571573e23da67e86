// The whole command run in-process (cli/main.ts), its output captured through files of its own.

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run tsnetstat with `argv` in this process (latin1 text: one char per byte); env defaults to none. */
export async function runInProcess(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<InProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), "tsn-core-run-"));
  const out = join(dir, "stdout");
  const err = join(dir, "stderr");
  const o = openSync(out, "w");
  const e = openSync(err, "w");
  try {
    const code = await main(argv, { stdout: o, stderr: e, env });
    return { code, stdout: readFileSync(out, "latin1"), stderr: readFileSync(err, "latin1") };
  } finally {
    closeSync(o);
    closeSync(e);
    rmSync(dir, { recursive: true, force: true });
  }
}
