// Runs the built tsnetstat with the fake `netstat` and `lsof` of test/e2e/bin first (and alone) in PATH,
// TSNETSTAT_PLATFORM set: the platform readers end to end, on any machine, without root.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../support/fixtures.js";

export const BIN = join(projectRoot, "bin/tsnetstat");
export const FAKES = join(projectRoot, "test/e2e/bin");
const BUNDLE = join(projectRoot, "dist/tsnetstat.cjs");

/** `npm test` builds first; a test file run alone builds when the bundle is older than the readers. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    built = 0;
  }
  const newest = Math.max(...["src/readers/netstat-live.ts", "src/readers/saved-text.ts", "src/readers/input.ts", "src/cli/main.ts", "src/cli/args.ts"].map((f) => statSync(join(projectRoot, f)).mtimeMs));
  if (built < newest) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: projectRoot, stdio: "ignore" });
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** tsnetstat `args` with `env` (FAKE_* for the fakes), PATH = `path` (default: the fakes only). */
export function run(args: readonly string[], env: Record<string, string>, path: string = FAKES, input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { PATH: path, LC_ALL: "C", ...env },
    ...(input === undefined ? {} : { input }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
