// Runs the built tsnetstat with the fake `netstat` and `lsof` of test/e2e/bin first (and alone) in PATH,
// TSNETSTAT_PLATFORM set: the platform readers end to end, on any machine, without root.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../support/fixtures.js";
import { tsnetstatIsolated, type Run } from "../support/cli.js";

export { BIN, ensureBuilt, type Run } from "../support/cli.js";
export const FAKES = join(projectRoot, "test/e2e/bin");

/** tsnetstat `args` with `env` (FAKE_* for the fakes), PATH = `path` (default: the fakes only). */
export const run = (args: readonly string[], env: Record<string, string>, path: string = FAKES, input?: string): Run => tsnetstatIsolated(args, path, env, input);

/** lsof -F0 output: each field ends in NUL, each process and file set in a newline (lsof(8) OUTPUT FOR OTHER PROGRAMS). */
export function lsofF0(processes: readonly { readonly p: readonly string[]; readonly files: readonly (readonly string[])[] }[]): string {
  let out = "";
  for (const proc of processes) {
    out += `${proc.p.map((f) => `${f}\0`).join("")}\n`;
    for (const f of proc.files) out += `${f.map((x) => `${x}\0`).join("")}\n`;
  }
  return out;
}

/** A scratch directory for lsof outputs and empty PATHs; removed with `done`. */
export function scratch(): { readonly dir: string; write(name: string, text: string): string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tsn-e2e-"));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text, "latin1");
      return p;
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}
