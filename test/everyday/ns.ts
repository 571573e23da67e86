// A private network namespace for the everyday tests (tse-<pid>, deleted in teardown) holding a
// known population of sockets made by one python3 process; commands run inside it.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcess, SpawnSyncReturns } from "node:child_process";
import { BIN } from "../support/cli.js";

export const NS = `tse-${process.pid}`;

/** Listeners, a TCP connection each way on IPv4 and IPv6, a connected and an unconnected UDP socket. */
const POPULATION = `
import socket, sys, time
S = socket
keep = []
def listen(fam, addr, port, typ=S.SOCK_STREAM):
    s = S.socket(fam, typ)
    s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
    s.bind((addr, port))
    if typ == S.SOCK_STREAM: s.listen(8)
    keep.append(s)
    return s
listen(S.AF_INET, "0.0.0.0", 5001)
listen(S.AF_INET, "127.0.0.1", 5002)
l6 = listen(S.AF_INET6, "::1", 5003)
listen(S.AF_INET, "127.0.0.1", 5004, S.SOCK_DGRAM)
listen(S.AF_INET6, "::", 5006, S.SOCK_DGRAM)
l4 = listen(S.AF_INET, "127.0.0.1", 5005)
for (fam, addr, port, srv) in ((S.AF_INET, "127.0.0.1", 5005, l4), (S.AF_INET6, "::1", 5003, l6)):
    c = S.socket(fam, S.SOCK_STREAM); c.connect((addr, port)); a, _ = srv.accept(); keep += [c, a]
u = S.socket(S.AF_INET, S.SOCK_DGRAM); u.bind(("127.0.0.1", 5007)); u.connect(("127.0.0.1", 5004)); keep.append(u)
print("ready", flush=True)
time.sleep(600)
`;

let population: ChildProcess | null = null;

export function createNamespace(): void {
  spawnSync("ip", ["netns", "del", NS], { stdio: "ignore" });
  execFileSync("ip", ["netns", "add", NS]);
  execFileSync("ip", ["-n", NS, "link", "set", "lo", "up"]);
}

/** Start the population in the namespace; resolves when every socket is open. */
export async function startPopulation(): Promise<void> {
  const p = spawn("ip", ["netns", "exec", NS, "python3", "-c", POPULATION], { stdio: ["ignore", "pipe", "inherit"] });
  population = p;
  await new Promise<void>((resolve, reject) => {
    p.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve();
    });
    p.on("exit", (code) => reject(new Error(`population exited with ${String(code)}`)));
  });
}

export function deleteNamespace(): void {
  population?.kill("SIGKILL");
  population = null;
  spawnSync("ip", ["netns", "del", NS], { stdio: "ignore" });
}

/** The environment of a run: no colour settings inherited (CI sets NO_COLOR), C locale, then `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C" };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return { ...env, ...extra };
}

/** Run a command in the namespace (stdout a pipe). */
export function nsRun(argv: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync("ip", ["netns", "exec", NS, ...argv], { encoding: "utf8", env: cleanEnv(env) });
}

/** Run tsnetstat in the namespace (stdout a pipe). */
export const inNs = (args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> => nsRun([process.execPath, BIN, ...args], env);
