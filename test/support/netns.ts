// What the live labs share: the environment their commands run with, and the removal of network
// namespaces a killed run left behind (each lab names its namespaces with a prefix and its pid).

import { spawnSync } from "node:child_process";

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
