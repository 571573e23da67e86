// Live, as root: in a private network and pid namespace with a known population, `--source lsof`
// sees the same sockets with owners as the /proc reader: the same (proto, local, remote, state,
// pid) set for Internet sockets, and (inode, type, state, path, pid) for UNIX sockets. Raw sockets
// are left out on both sides: lsof -i does not list them on Linux.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "../../src/model.js";
import { projectRoot } from "../support/fixtures.js";
import { rootRequired, skipRootTests } from "../support/root.js";

const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };
const NS = `tsl-${process.pid}`;
const BIN = join(projectRoot, "bin/tsnetstat");

function toolsMissing(): string | null {
  for (const t of ["lsof", "unshare", "nsenter"]) if (spawnSync("sh", ["-c", `command -v ${t}`], { stdio: "ignore" }).status !== 0) return t;
  return null;
}

const skip = ((): boolean => {
  if (skipRootTests("lsof live test")) return true;
  const missing = toolsMissing();
  if (missing === null) return false;
  if (rootRequired) throw new Error(`lsof live test: '${missing}' is not installed`);
  console.warn(`skipping lsof live test: '${missing}' is not installed`);
  return true;
})();

describe.skipIf(skip)("live: --source lsof against the /proc reader (private namespaces)", () => {
  let work = "";
  let population: ChildProcessWithoutNullStreams | null = null;
  let pid1 = 0;
  let nsMade = false;
  let log = "";

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tsl-live-"));
    chmodSync(work, 0o755);
    spawnSync("ip", ["netns", "del", NS], { stdio: "ignore", env: ENV });
    const add = spawnSync("ip", ["netns", "add", NS], { encoding: "utf8", env: ENV });
    if (add.status !== 0) throw new Error(`ip netns add ${NS}: ${add.stderr}`);
    nsMade = true;
    spawnSync("ip", ["-n", NS, "link", "set", "lo", "up"], { env: ENV });
    const child = spawn("ip", ["netns", "exec", NS, "unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "/usr/bin/python3", join(import.meta.dirname, "population.py"), work], {
      stdio: ["pipe", "pipe", "pipe"],
      env: ENV,
    });
    population = child;
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.stdin.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`population did not start\n${log}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        log += d.toString();
        if (log.includes("READY\n")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", () => reject(new Error(`population exited\n${log}`)));
    });
    const unsharePid = child.pid ?? 0;
    pid1 = Number(readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/)[0]);
    if (!(pid1 > 0)) throw new Error("cannot find the population's pid 1");
  }, 30_000);

  afterAll(async () => {
    const child = population;
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.stdin.end();
      child.kill("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    for (let i = 0; i < 50 && pid1 > 0 && spawnSync("kill", ["-0", String(pid1)]).status === 0; i++) await new Promise((r) => setTimeout(r, 100));
    if (nsMade) spawnSync("ip", ["netns", "del", NS], { stdio: "ignore", env: ENV });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  /** tsnetstat inside the lab's namespaces; its output to a file (a pipe would be one more socket). */
  function tsnetstat(args: string[]): Socket[] {
    const out = join(work, "out.json");
    const r = spawnSync("sh", ["-c", `exec "$@" > ${out}`, "sh", "nsenter", "-t", String(pid1), "-p", "-m", "-n", "--", process.execPath, BIN, ...args], {
      encoding: "utf8",
      env: ENV,
      timeout: 30_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return (JSON.parse(readFileSync(out, "utf8")) as { sockets: Socket[] }).sockets;
  }

  const inetSet = (sockets: Socket[]): string[] =>
    sockets
      .flatMap((s) =>
        s.proto === "unix" || s.proto === "raw"
          ? []
          : s.owners.map((o) => `${s.proto} ${s.local.address}:${s.local.port ?? "*"} ${s.remote.address}:${s.remote.port ?? "*"} ${s.state} ${o.pid}`),
      )
      .sort();
  // the population is pid 1 and its child pid 2; tsnetstat and lsof hold sockets of their own
  // (node's stdio pipes to lsof are UNIX socket pairs), different in each run
  const POPULATION_PIDS = new Set([1, 2]);
  const unixSet = (sockets: Socket[]): string[] =>
    sockets
      .flatMap((s) => (s.proto === "unix" ? s.owners.filter((o) => POPULATION_PIDS.has(o.pid)).map((o) => `${s.inode} ${s.type} ${s.state} ${s.path} ${o.pid}`) : []))
      .sort();

  it("Internet sockets: tsnetstat --source lsof -tuUanp --json equals the /proc reader's", () => {
    const viaLsof = inetSet(tsnetstat(["--source", "lsof", "-tuUanp", "--json"]));
    const viaProc = inetSet(tsnetstat(["-tuUanp", "--json"]));
    expect(viaLsof).toEqual(viaProc);
    // the population is there: the shared listener with both processes, a mapped peer, connected UDP
    expect(viaProc).toEqual(expect.arrayContaining(["tcp 0.0.0.0:22 0.0.0.0:* LISTEN 1", "tcp 0.0.0.0:22 0.0.0.0:* LISTEN 2"]));
    expect(viaProc.some((k) => k.startsWith("tcp ::ffff:127.0.0.1:80 ::ffff:127.0.0.1:"))).toBe(true);
    expect(viaProc).toEqual(expect.arrayContaining(["udp 127.0.0.1:5353 127.0.0.1:9 ESTABLISHED 1", "udp :::123 :::* CLOSE 1"]));
    expect(viaProc.length).toBeGreaterThan(20);
  });

  it("UNIX sockets: tsnetstat --source lsof -xanp --json equals the /proc reader's", () => {
    const viaLsof = unixSet(tsnetstat(["--source", "lsof", "-xanp", "--json"]));
    const viaProc = unixSet(tsnetstat(["-xanp", "--json"]));
    expect(viaLsof).toEqual(viaProc);
    expect(viaProc.some((k) => / STREAM LISTENING @tsl-abstract 2$/.test(k))).toBe(true);
    // a bound datagram socket with a connected peer: both CONNECTED (the kernel connects both ends)
    const dgram = viaProc.filter((k) => k.includes(" DGRAM ") && k.endsWith(" 1"));
    expect(dgram).toHaveLength(2);
    expect(dgram).toEqual(expect.arrayContaining([expect.stringMatching(/ DGRAM CONNECTED .*\/dgram\.sock 1$/), expect.stringMatching(/ DGRAM CONNECTED null 1$/)]));
    expect(viaProc.length).toBeGreaterThanOrEqual(16);
  });

  it("the table: --source lsof -tlnp prints netstat's layout with lsof's owners", () => {
    const out = join(work, "table.txt");
    const r = spawnSync("sh", ["-c", `exec "$@" > ${out}`, "sh", "nsenter", "-t", String(pid1), "-p", "-m", "-n", "--", process.execPath, BIN, "--source", "lsof", "-tlnp"], { encoding: "utf8", env: ENV });
    expect(r.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      [
        "Active Internet connections (only servers)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        1      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1/python3           ",
        "tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN      1/python3           ",
        "tcp6       0      0 :::80                   :::*                    LISTEN      1/python3           ",
        "tcp6       0      0 ::1:443                 :::*                    LISTEN      1/python3           ",
        "",
      ].join("\n"),
    );
  });
});
