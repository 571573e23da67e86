// Running the built CLI as a user would (bin/tsnetstat, the esbuild bundle), for the everyday tests.

import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./fixtures.js";

export const BIN = join(projectRoot, "bin/tsnetstat");
const BUNDLE = join(projectRoot, "dist/tsnetstat.cjs");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; when run alone, build the bundle if it is missing or older than src/. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newestMtime(join(projectRoot, "src"))) execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: projectRoot, stdio: "inherit" });
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run bin/tsnetstat with `args` (no terminal: stdout and stderr are pipes). */
export function tsnetstat(args: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: projectRoot, encoding: "utf8", env: { ...process.env, LC_ALL: "C", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run bin/tsnetstat with nothing inherited: PATH = `path`, LC_ALL=C and `env`; `input` on stdin. */
export function tsnetstatIsolated(args: readonly string[], path: string, env: Record<string, string> = {}, input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { PATH: path, LC_ALL: "C", ...env },
    ...(input === undefined ? {} : { input }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Whether a command is installed. */
export function have(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}
