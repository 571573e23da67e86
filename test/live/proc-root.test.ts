// --proc-root: a copy of the relevant part of /proc (net/* and, for the processes holding the
// sockets, <pid>/fd links recreated as symlinks with the same targets, cmdline and comm) must print
// exactly what the live /proc prints for the same sockets. The population lives in a private
// network namespace (tsproot<pid>): two processes, one socket shared by both (inherited), TCP over
// IPv4 and IPv6, UDP, UNIX listeners, so that first owners, shared owners and every table show.
// The copy's directories list in their file system's order, not /proc's: tsnetstat must not care.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const NS = `tsproot${process.pid}`;
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };
const NET_FILES = ["tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6", "unix", "sockstat"];

/** Holds its sockets until stdin closes; prints "READY <pid> <pid>" once all are open. */
const POPULATION = String.raw`
import os, socket, sys
work = sys.argv[1]
held = []
def tcp(fam, host, n):
    l = socket.socket(fam, socket.SOCK_STREAM); l.bind((host, 0)); l.listen(16); held.append(l)
    for _ in range(n):
        c = socket.socket(fam, socket.SOCK_STREAM); c.connect(l.getsockname()[:2]); held.append(c)
        a, _ = l.accept(); held.append(a)
tcp(socket.AF_INET, "127.0.0.1", 4)
tcp(socket.AF_INET6, "::1", 3)
for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((host, 0)); held.append(u)
for i in range(2):
    x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x.bind(os.path.join(work, "s%d.sock" % i)); x.listen(4); held.append(x)
r, w = os.pipe()
child = os.fork()
if child == 0:
    # inherits every socket above (shared owners), and opens some of its own
    mine = socket.socket(socket.AF_INET, socket.SOCK_STREAM); mine.bind(("127.0.0.1", 0)); mine.listen(4)
    for _ in range(2):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM); c.connect(mine.getsockname()); held.append(c)
        a, _ = mine.accept(); held.append(a)
    os.write(w, b"1"); sys.stdin.read(); os._exit(0)
os.read(r, 1)
print("READY", os.getpid(), child, flush=True)
sys.stdin.read()
os.waitpid(child, 0)
`;

/** Run tsnetstat inside the namespace, stdout to a file (a pipe from node would be a socket). */
function tsnetstat(dir: string, args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  const out = join(dir, "out.txt");
  const err = join(dir, "err.txt");
  const r = spawnSync("sh", ["-c", `exec ip netns exec "$0" "$@" >"${out}" 2>"${err}"`, NS, process.execPath, TSNETSTAT, ...args], {
    env: ENV,
  });
  return { stdout: readFileSync(out, "utf8"), stderr: readFileSync(err, "utf8"), status: r.status };
}

/** Copy /proc/net/* (as seen in the namespace) and the given processes' fd links, cmdline and comm. */
function snapshot(root: string, pids: readonly number[], withProcesses: boolean): void {
  mkdirSync(join(root, "net"), { recursive: true });
  for (const f of NET_FILES) {
    const text = execFileSync("ip", ["netns", "exec", NS, "cat", `/proc/net/${f}`], { env: ENV });
    writeFileSync(join(root, "net", f), text);
  }
  if (!withProcesses) return;
  for (const pid of pids) {
    const dir = join(root, String(pid));
    mkdirSync(join(dir, "fd"), { recursive: true });
    // read and write: /proc files report size 0, so a file copy would copy nothing
    writeFileSync(join(dir, "cmdline"), readFileSync(`/proc/${pid}/cmdline`));
    writeFileSync(join(dir, "comm"), readFileSync(`/proc/${pid}/comm`));
    // reversed: the copy's directory order should not be /proc's
    for (const fd of readdirSync(`/proc/${pid}/fd`).reverse()) {
      try {
        symlinkSync(readlinkSync(`/proc/${pid}/fd/${fd}`), join(dir, "fd", fd));
      } catch {
        // closed since the listing (the readdir's own descriptor)
      }
    }
  }
}

describe.skipIf(skipRootTests("--proc-root live test"))("live: --proc-root equals the live /proc", () => {
  let work = "";
  let holder: ChildProcessWithoutNullStreams | null = null;
  let pids: number[] = [];

  beforeAll(async () => {
    // namespaces of earlier runs that were killed before their teardown
    const list = spawnSync("ip", ["netns", "list"], { encoding: "utf8", env: ENV }).stdout ?? "";
    for (const line of list.split("\n")) {
      const m = /^tsproot(\d+)\b/.exec(line);
      if (m !== null && spawnSync("kill", ["-0", m[1] ?? ""]).status !== 0) spawnSync("ip", ["netns", "del", `tsproot${m[1]}`]);
    }
    work = mkdtempSync(join(tmpdir(), "tsnetstat-proc-root-"));
    execFileSync("ip", ["netns", "add", NS], { env: ENV });
    execFileSync("ip", ["-n", NS, "link", "set", "lo", "up"], { env: ENV });
    const h = spawn("ip", ["netns", "exec", NS, "python3", "-c", POPULATION, work], { env: ENV, stdio: ["pipe", "pipe", "pipe"] });
    holder = h;
    const line = await new Promise<string>((ok, fail) => {
      let buf = "";
      h.stdout.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.includes("\n")) ok(buf.split("\n")[0] ?? "");
      });
      h.on("exit", (code) => fail(new Error(`population exited (${code}): ${h.stderr.read()?.toString() ?? ""}`)));
    });
    const m = /^READY (\d+) (\d+)$/.exec(line);
    if (m === null) throw new Error(`population said ${line}`);
    pids = [Number(m[1]), Number(m[2])];
  });

  afterAll(async () => {
    if (holder !== null) {
      const h = holder;
      const gone = new Promise((ok) => h.on("exit", ok));
      h.stdin.end();
      await Promise.race([gone, new Promise((ok) => setTimeout(ok, 5000))]);
      h.kill();
    }
    spawnSync("ip", ["netns", "del", NS], { env: ENV });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  const FLAG_SETS: readonly (readonly string[])[] = [["-tan"], ["-tanp"], ["-xap"], ["-tulpna"], ["-tuxap", "--json"]];

  it.each(FLAG_SETS.map((f) => [f.join(" "), f] as const))("tsnetstat %s", (_name, flags) => {
    const copy = join(work, `copy${flags.join("")}`);
    const live = tsnetstat(work, flags);
    snapshot(copy, pids, true);
    const fromCopy = tsnetstat(work, ["--proc-root", copy, ...flags]);
    expect(live.status).toBe(0);
    expect(live.stdout.split("\n").length).toBeGreaterThan(4);
    // the JSON document carries the time of each run
    const untimed = (r: typeof live) => ({ ...r, stdout: r.stdout.replace(/"time":"[^"]*"/, '"time":""') });
    expect(untimed(fromCopy)).toEqual(untimed(live));
    const short = flags.filter((f) => !f.startsWith("--")).join("");
    if (short.includes("p")) {
      // the parent is the first owner of what both hold; the child alone holds its own TCP sockets
      const owner = (pid: number | undefined): string => (flags.includes("--json") ? `"pid":${pid}` : `${pid}/python3`);
      expect(live.stdout).toContain(owner(pids[0]));
      if (short.includes("t")) expect(live.stdout).toContain(owner(pids[1]));
    }
  });

  it("reads owners from the copy only, never from this machine's /proc", () => {
    const copy = join(work, "copy-no-processes");
    snapshot(copy, pids, false);
    const fromCopy = tsnetstat(work, ["--proc-root", copy, "-tanp"]);
    const live = tsnetstat(work, ["-tanp"]);
    expect(live.stdout).toContain(`${pids[0]}/python3`);
    const rows = fromCopy.stdout.split("\n").filter((l) => l.startsWith("tcp"));
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) expect(row.trimEnd().endsWith(" -")).toBe(true);
  });
});
