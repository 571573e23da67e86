// The fault sweep's lab: a private network namespace named tsf-<pid>-<n> (removed in teardown,
// and when left behind by a killed run), and runs of tsnetstat in it with an /etc of the test's
// choosing: each run gets its own mount namespace in which a directory of the test's files is
// bound over /etc, so cases with different files run at the same time.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { publicTsnetstat, removePublicBundle } from "../support/bundle.js";
import { ip, removeStaleNetns, SYSTEM_ENV } from "../support/netns.js";

export const PROJECT = resolve(import.meta.dirname, "../..");
export const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
export const ENV = SYSTEM_ENV;

export interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
}

const PREFIX = "tsf-";
let serial = 0;

/** Namespaces of this suite whose test process is gone (a run killed before its teardown). */
export const removeStaleNamespaces = (): void => removeStaleNetns(/^tsf-(\d+)-\d+$/);

/** Run a command and collect its output (latin1: every byte kept); killed after `timeoutMs`. */
export function runCommand(argv: readonly string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<Run> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd ?? "true", args, { env: ENV, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("latin1");
    child.stderr.setEncoding("latin1");
    child.stdout.on("data", (d: string) => (stdout += d));
    child.stderr.on("data", (d: string) => (stderr += d));
    child.stdin.on("error", () => undefined);
    child.stdin.end(opts.input ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", fail);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      done({ stdout, stderr, status, signal, ms: performance.now() - t0 });
    });
  });
}

export class FaultNs {
  readonly ns = `${PREFIX}${process.pid}-${serial++}`;
  private readonly dirs: string[] = [];
  private scenario: ChildProcessWithoutNullStreams | null = null;
  private created = false;
  /** Host pid of pid 1 of the scenario's own pid namespace (start with pidNamespace), else 0. */
  private pid1 = 0;
  log = "";

  /** Create the namespace: lo up, and `addresses` (with prefix length) on lo. */
  create(addresses: readonly string[]): void {
    ip("netns", "add", this.ns);
    this.created = true;
    ip("-n", this.ns, "link", "set", "lo", "up");
    for (const a of addresses) ip("-n", this.ns, "addr", "add", a, "dev", "lo");
  }

  /**
   * Start a python script inside the namespace; resolves when it prints READY. With
   * `pidNamespace`, it is pid 1 of a pid namespace of its own (with its own /proc), and runs
   * happen in it: /proc then lists only the scenario's processes, whatever else the machine runs.
   */
  async start(script: string, args: readonly string[] = [], pidNamespace = false): Promise<void> {
    const own = pidNamespace ? ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc"] : [];
    const child = spawn("ip", ["netns", "exec", this.ns, ...own, "python3", script, ...args], { env: ENV, stdio: ["pipe", "pipe", "pipe"] });
    this.scenario = child;
    child.stdin.on("error", () => undefined);
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${script} did not start: ${this.log}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        this.log += d.toString();
        if (this.log.includes("READY\n")) {
          clearTimeout(timer);
          ok();
        }
      });
      child.stderr.on("data", (d: Buffer) => (this.log += d.toString()));
      child.on("exit", () => fail(new Error(`${script} exited: ${this.log}`)));
    });
    if (pidNamespace) {
      const unshare = child.pid ?? 0;
      this.pid1 = Number(readFileSync(`/proc/${unshare}/task/${unshare}/children`, "utf8").trim().split(/\s+/)[0]);
      if (!(this.pid1 > 0)) throw new Error(`cannot find pid 1 of ${this.ns}`);
    }
  }

  /** A directory holding `files` (null content: the file is left out), to stand in for /etc. */
  etcDir(files: Readonly<Record<string, string | Buffer | null>>, modes: Readonly<Record<string, number>> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), "tsf-etc-"));
    chmodSync(dir, 0o755);
    this.dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      if (text === null) continue;
      const path = join(dir, name);
      mkdirSync(resolve(path, ".."), { recursive: true });
      writeFileSync(path, text);
      if (modes[name] !== undefined) chmodSync(path, modes[name]);
    }
    return dir;
  }

  /**
   * argv inside the namespace, in a mount namespace of its own where `etc` (a directory) is
   * bound over /etc, and, when given, `proc` over /proc; `user` "nobody" drops to uid 65534.
   */
  run(argv: readonly string[], opts: { etc?: string; user?: "root" | "nobody"; timeoutMs?: number; shell?: string } = {}): Promise<Run> {
    const mounts = [opts.etc !== undefined ? `mount --bind "$ETC" /etc` : "true"].join(" && ");
    const drop = opts.user === "nobody" ? "setpriv --reuid=65534 --regid=65534 --clear-groups -- " : "";
    const tail = opts.shell ?? `exec ${drop}"$@"`;
    // into the scenario's pid namespace (and its /proc) when it has one, else only the network namespace
    const enter = this.pid1 > 0 ? ["-t", String(this.pid1), "-p", "-m", "-n"] : [`--net=/run/netns/${this.ns}`];
    return runCommand(
      [
        "nsenter",
        ...enter,
        "--",
        "unshare",
        "-m",
        "--propagation",
        "private",
        "--",
        "env",
        `ETC=${opts.etc ?? ""}`,
        "sh",
        "-c",
        `${mounts} && ${tail}`,
        "sh",
        ...argv,
      ],
      { timeoutMs: opts.timeoutMs ?? 20_000 },
    );
  }

  /** The bundle runs use (world-readable: nobody can run it wherever the clone sits). */
  bin(): string {
    return publicTsnetstat();
  }

  tsnetstat(args: readonly string[], opts: { etc?: string; user?: "root" | "nobody"; timeoutMs?: number } = {}): Promise<Run> {
    // a world-readable copy: runs as nobody must not depend on where the clone sits
    return this.run([process.execPath, publicTsnetstat(), ...args], opts);
  }

  /** Remove everything; never throws. Returns what could not be cleaned up. */
  stop(): string[] {
    const problems: string[] = [];
    if (this.scenario !== null) {
      this.scenario.stdin.end();
      this.scenario.kill("SIGKILL");
      this.scenario = null;
    }
    if (this.created) {
      const r = spawnSync("ip", ["netns", "del", this.ns], { encoding: "utf8", env: ENV });
      if (r.status !== 0) problems.push(`ip netns del ${this.ns}: ${r.stderr}`);
      this.created = false;
    }
    removePublicBundle();
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    return problems;
  }
}

/** The header and the rows sorted: the kernel's hash order is the same for both tools but not known in advance. */
export function sortedRows(table: string): string {
  const lines = table.split("\n");
  return [...lines.slice(0, 2), ...lines.slice(2).filter((l) => l !== "").sort(), ""].join("\n");
}

/**
 * The lab of the /etc and resolver matrices, for the describe block that calls it: two addresses and
 * faults_scenario.py, started before its tests, stopped after them with nothing left behind.
 */
export function scenarioLab(): FaultNs {
  const lab = new FaultNs();
  beforeAll(async () => {
    removeStaleNamespaces();
    lab.create(["10.77.0.1/32", "10.77.0.2/32"]);
    await lab.start(join(import.meta.dirname, "faults_scenario.py"));
  });
  afterAll(() => {
    expect(lab.stop()).toEqual([]);
  });
  return lab;
}
