// What the live labs share: the environment their commands run with, and the removal of network
// namespaces a killed run left behind (each lab names its namespaces with a prefix and its pid).

import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A fixed PATH and the C locale, for ip, nsenter, netstat and tsnetstat alike. */
export const SYSTEM_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };

/** `ip` with `args`; throws with its stderr when it fails. */
export function ip(...args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8", env: SYSTEM_ENV });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

/** Whether process `pid` exists (EPERM: it does, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}

/**
 * Delete the namespaces whose name matches `pattern` (its first group: the pid of the test process
 * that made it) when that process is gone; `also` cleans what else such a namespace left.
 */
export function removeStaleNetns(pattern: RegExp, also: (name: string) => void = () => undefined): void {
  const list = spawnSync("ip", ["netns", "list"], { encoding: "utf8", env: SYSTEM_ENV }).stdout ?? "";
  for (const line of list.split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const m = pattern.exec(name);
    if (m !== null && !pidAlive(Number(m[1]))) {
      spawnSync("ip", ["netns", "del", name], { stdio: "ignore", env: SYSTEM_ENV });
      also(name);
    }
  }
}

export interface FileRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/**
 * Run `argv` (as nobody: through setpriv) with its output in files of `dir`, as the live tables
 * must not list a pipe of ours (node's pipes are UNIX sockets); 20 s at most, from /.
 */
export function runToFiles(dir: string, argv: readonly string[], user: "root" | "nobody" = "root"): FileRun {
  const drop = user === "root" ? [] : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
  const o = join(dir, "stdout");
  const e = join(dir, "stderr");
  const fo = openSync(o, "w");
  const fe = openSync(e, "w");
  try {
    const cmd = [...drop, ...argv];
    const r = spawnSync(cmd[0] as string, cmd.slice(1), { stdio: ["ignore", fo, fe], env: SYSTEM_ENV, cwd: "/", timeout: 20_000 });
    if (r.error) throw r.error;
    return { stdout: readFileSync(o, "utf8"), stderr: readFileSync(e, "utf8"), status: r.status };
  } finally {
    closeSync(fo);
    closeSync(fe);
  }
}
