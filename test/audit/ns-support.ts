// Shared by the audit's live tests in namespaces: a socket actor (actor.py) driven one command at
// a time, a /proc copy that hides chosen lines (what a rootkit's hook on the tables does), and the
// audit run inside a namespace.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const PROJECT = resolve(import.meta.dirname, "../..");
export const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const ACTOR = join(import.meta.dirname, "actor.py");
export const PYTHON = "/usr/bin/python3";
export const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };

export const sh = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: "utf8", env: ENV, stdio: ["ignore", "pipe", "pipe"] });
export const inNs = (ns: string, ...argv: string[]): string => sh("ip", "netns", "exec", ns, ...argv);

/** A test/audit/actor.py process inside a namespace (or, with ns null, a process entering one with `prefix`). */
export class Actor {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = "";
  private waiting: ((line: string) => void)[] = [];
  private lines: string[] = [];

  constructor(prefix: readonly string[], python = PYTHON) {
    const [cmd, ...args] = [...prefix, python, ACTOR];
    this.child = spawn(cmd as string, args, { env: ENV, stdio: "pipe" });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (d: string) => {
      this.buffered += d;
      let nl: number;
      while ((nl = this.buffered.indexOf("\n")) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const w = this.waiting.shift();
        if (w === undefined) this.lines.push(line);
        else w(line);
      }
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  async send(command: string): Promise<void> {
    const answer = new Promise<string>((res) => {
      const early = this.lines.shift();
      if (early !== undefined) res(early);
      else this.waiting.push(res);
    });
    this.child.stdin.write(`${command}\n`);
    const line = await answer;
    if (line !== "ok") throw new Error(`actor: ${command}: ${line}`);
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill("SIGKILL");
  }
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tsnetstat ARGS` inside `ns` (the whole output, however large: --netns all reads the whole machine), with no lsof in PATH unless asked (lsof walks every process of this shared host). */
export function tsnetstatIn(ns: string, args: readonly string[], opts: { lsof?: boolean } = {}): Run {
  const path = opts.lsof === true ? [] : ["env", "PATH=/nonexistent"];
  const r = spawnSync("ip", ["netns", "exec", ns, ...path, process.execPath, TSNETSTAT, ...args], { encoding: "utf8", env: ENV, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A /proc tree whose net/<table> files lack the lines of the given local ports (any state);
 * everything else links to the live /proc, read from inside the namespace.
 */
export function hidingProcCopy(dir: string, ns: string, hide: Readonly<Record<string, readonly number[]>>): string {
  mkdirSync(join(dir, "net"), { recursive: true });
  for (const name of readdirSync("/proc")) if (name !== "net") symlinkSync(`/proc/${name}`, join(dir, name));
  for (const name of inNs(ns, "ls", "/proc/net").split("\n").filter((n) => n !== "")) {
    if (!(name in hide)) symlinkSync(`/proc/net/${name}`, join(dir, "net", name));
  }
  for (const [table, ports] of Object.entries(hide)) {
    const lines = inNs(ns, "cat", `/proc/net/${table}`).split("\n");
    const hex = new Set(ports.map((p) => p.toString(16).toUpperCase().padStart(4, "0")));
    const kept = lines.filter((l, i) => i === 0 || !hex.has((l.trim().split(/\s+/)[1] ?? "").split(":")[1] ?? ""));
    if (kept.length !== lines.length - ports.length) throw new Error(`hiding copy: expected one ${table} line for each of ${ports.join(", ")}`);
    writeFileSync(join(dir, "net", table), kept.join("\n"));
  }
  return dir;
}
