// The live test lab: a private network namespace (lo up, a long global IPv6 address) and, in it, a
// private pid namespace whose pid 1 is test/live/population.py holding a known socket population.
// Commands run inside both namespaces through nsenter, as root or as nobody, with their output
// going to files: a pipe from node would be a socketpair, and netstat -p counts the sockets it sees.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { RunResult } from "./compare.js";
import { nobodyCannotRunReason, publicTsnetstat, removePublicBundle } from "../support/bundle.js";
import { ip, removeStaleNetns, SYSTEM_ENV } from "../support/netns.js";

export const PROJECT = resolve(import.meta.dirname, "../..");
export const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const POPULATION = join(import.meta.dirname, "population.py");

/** Longer than 23 columns with any port: exercises netstat's address shortening without -W. */
export const LONG_V6 = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff";

/** Addresses whose text form has a quirk (glibc inet_ntop): where "::" goes, IPv4-compatible, link-local. */
export const MORE_V6 = [
  "2001:db8::1",
  "2001:db8:0:0:1:0:0:1", // tie between two zero runs: the first wins
  "2001:0:0:1:0:0:0:1", // the longer run wins
  "2001:db8:0:1:1:1:1:1", // a single zero group is not compressed
  "::7f00:2", // IPv4-compatible: ::127.0.0.2
  "::ffff:0:102:304", // IPv4-translated: not dotted
  "::2",
  "fe80::1", // link-local: no %scope in /proc
];

/** Namespace names of this suite: tsg-golden-<pid of the vitest worker that made it>. */
const NS_PREFIX = "tsg-golden-";

export type User = "root" | "nobody";
export const NOBODY_UID = 65534;

/** Tools the lab needs beyond those test/support/root.ts checks. */
export const LAB_TOOLS = ["tc", "nsenter", "unshare", "setpriv"] as const;

export function missingTools(): string[] {
  return LAB_TOOLS.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`], { stdio: "ignore" }).status !== 0);
}

/** A python3 that nobody may execute too (a pyenv shim under /root is not). */
function systemPython(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

const ENV = SYSTEM_ENV;

/** Alive and not a zombie waiting for its parent. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Namespaces left behind by earlier runs of this suite that were killed before their teardown. */
export const removeStaleNamespaces = (): void => removeStaleNetns(/^tsg-golden-(\d+)$/);

export class Lab {
  readonly ns = `${NS_PREFIX}${process.pid}`;
  readonly work: string;
  private readonly outDir: string;
  private population: ChildProcessWithoutNullStreams | null = null;
  private nsCreated = false;
  private lineWaiters: ((line: string) => void)[] = [];
  private lines: string[] = [];
  private log = "";
  /** Host pid of the population (pid 1 of the lab's pid namespace). */
  private pid1 = 0;
  readyAt = 0;

  private get etcDir(): string {
    return `/etc/netns/${this.ns}`;
  }

  constructor() {
    // the UNIX sockets live here; nobody must be able to reach them (it only lists, never connects)
    this.work = mkdtempSync(join(tmpdir(), "tsg-golden-"));
    chmodSync(this.work, 0o755);
    this.outDir = mkdtempSync(join(tmpdir(), "tsg-golden-out-"));
  }

  /** Create the namespace and start the population; resolves when it printed READY. */
  async start(timeoutMs = 20_000): Promise<void> {
    // the runs as nobody use a world-readable copy of the bundle (test/support/bundle.ts)
    const cannot = nobodyCannotRunReason();
    if (cannot !== null) throw new Error(`the live tests run tsnetstat as nobody, but ${cannot}`);
    // `ip netns exec` mounts /etc/netns/NS/* over /etc. The lab's blackhole qdisc on lo drops DNS
    // queries, so host names come from /etc/hosts only ("hosts: files"): both tools then print names
    // for what /etc/hosts knows and numbers for the rest, with no lookup to wait for
    // (test/live/names.test.ts covers DNS).
    mkdirSync(this.etcDir, { recursive: true });
    writeFileSync(join(this.etcDir, "nsswitch.conf"), filesOnlyNsswitch(readFileSync("/etc/nsswitch.conf", "utf8")));
    writeFileSync(join(this.etcDir, "resolv.conf"), "nameserver ::1\n");
    ip("netns", "add", this.ns);
    this.nsCreated = true;
    ip("-n", this.ns, "link", "set", "lo", "up");
    for (const addr of [LONG_V6, ...MORE_V6]) ip("-n", this.ns, "addr", "add", `${addr}/128`, "dev", "lo", "nodad");
    // --kill-child: if unshare dies (we SIGKILL it on teardown), pid 1 dies and with it the whole pid namespace
    const child = spawn(
      "ip",
      ["netns", "exec", this.ns, "unshare", "--pid", "--fork", "--kill-child", "--mount-proc", systemPython(), POPULATION, this.work, LONG_V6, ...MORE_V6],
      { stdio: ["pipe", "pipe", "pipe"], env: ENV },
    );
    this.population = child;
    let partial = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      this.log += chunk;
      partial += chunk;
      let nl: number;
      while ((nl = partial.indexOf("\n")) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        const waiter = this.lineWaiters.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
    // if the population dies, writing a command fails with EPIPE: keep it for the failure message
    // (an unhandled stream error would take down the whole test worker)
    child.stdin.on("error", (e: Error) => {
      this.log += `(population stdin: ${e.message})\n`;
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.log += chunk;
    });
    const first = await this.nextLine(timeoutMs);
    if (first !== "READY") throw new Error(`population did not start: ${JSON.stringify(first)}\n${this.log}`);
    this.readyAt = Date.now();
    const unsharePid = child.pid ?? 0;
    const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/);
    this.pid1 = Number(children[0]);
    if (!(this.pid1 > 0)) throw new Error(`cannot find pid 1 of the lab (unshare ${unsharePid})`);
  }

  private nextLine(timeoutMs: number): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolvePromise, reject) => {
      const child = this.population;
      const timer = setTimeout(() => reject(new Error(`population: no answer within ${timeoutMs} ms\n${this.log}`)), timeoutMs);
      const onExit = (): void => {
        clearTimeout(timer);
        reject(new Error(`population exited\n${this.log}`));
      };
      child?.once("exit", onExit);
      this.lineWaiters.push((line) => {
        clearTimeout(timer);
        child?.off("exit", onExit);
        resolvePromise(line);
      });
    });
  }

  /** Send one command to the population (see population.py) and wait for its "OK". */
  async command(cmd: "space-on" | "space-off" | "nobody-off"): Promise<void> {
    this.population?.stdin.write(`${cmd}\n`);
    const answer = await this.nextLine(10_000);
    if (answer !== `OK ${cmd}`) throw new Error(`population answered ${JSON.stringify(answer)} to ${cmd}\n${this.log}`);
  }

  /** Run argv inside the lab's network and pid namespaces, as root or as nobody, and collect what it wrote. */
  run(user: User, argv: readonly string[]): RunResult {
    const drop = user === "root" ? [] : ["setpriv", `--reuid=${NOBODY_UID}`, `--regid=${NOBODY_UID}`, "--clear-groups", "--"];
    const outPath = join(this.outDir, "stdout");
    const errPath = join(this.outDir, "stderr");
    const out = openSync(outPath, "w");
    const err = openSync(errPath, "w");
    let status: number | null;
    try {
      const r = spawnSync("nsenter", ["-t", String(this.pid1), "-p", "-m", "-n", "--", ...drop, ...argv], {
        stdio: ["ignore", out, err],
        env: ENV,
        cwd: "/",
        timeout: 20_000,
      });
      if (r.error) throw r.error;
      status = r.status;
    } finally {
      closeSync(out);
      closeSync(err);
    }
    return { stdout: readFileSync(outPath, "utf8"), stderr: readFileSync(errPath, "utf8"), status };
  }

  tsnetstat(user: User, args: readonly string[]): RunResult {
    // the same copy for root and nobody: both run the same bytes wherever the clone sits
    return this.run(user, [process.execPath, publicTsnetstat(), ...args]);
  }

  netstat(user: User, args: readonly string[]): RunResult {
    return this.run(user, ["netstat", ...args]);
  }

  /** Kill everything this lab started and remove what it made; never throws. */
  async stop(): Promise<string[]> {
    const problems: string[] = [];
    const child = this.population;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.stdin.end();
      // unshare ignores SIGTERM while it waits; SIGKILL makes the kernel kill pid 1 and so the whole pid namespace
      child.kill("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) problems.push(`population (pid ${child.pid}) did not exit`);
    }
    // the kernel kills the pid namespace after unshare is gone: give it a moment
    for (let i = 0; i < 50 && this.pid1 > 0 && running(this.pid1); i++) await new Promise((r) => setTimeout(r, 100));
    if (this.pid1 > 0 && running(this.pid1)) problems.push(`lab pid 1 (${this.pid1}) is still alive`);
    if (this.nsCreated) {
      const r = spawnSync("ip", ["netns", "del", this.ns], { encoding: "utf8", env: ENV });
      if (r.status !== 0) problems.push(`ip netns del ${this.ns}: ${r.stderr}`);
    }
    removePublicBundle();
    for (const dir of [this.work, this.outDir, this.etcDir]) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        problems.push(`rm ${dir}: ${String(e)}`);
      }
    }
    return problems;
  }

  /** What the population printed (for failure messages). */
  get output(): string {
    return this.log;
  }

  /** Files in the work directory (for checks that the population is what it claims). */
  workFiles(): string[] {
    return readdirSync(this.work);
  }
}

/** The machine's nsswitch.conf with host lookups from files only. */
export function filesOnlyNsswitch(text: string): string {
  const lines = text.split("\n").filter((l) => !/^\s*hosts\s*:/.test(l));
  return `${lines.join("\n").trimEnd()}\nhosts: files\n`;
}
