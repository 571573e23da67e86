// --netns, live: two `ip netns` namespaces and two unnamed ones (processes started with `unshare -n`),
// one of them in a cgroup shaped like a Docker container's, each holding known sockets on its own
// loopback. From the root namespace, `tsnetstat -tulpna --netns all` must report every one of them
// with the right label, and each namespace's rows must be `nsenter -t PID -n netstat -tulpna`'s.
// The machine's own namespace and other suites' namespaces are in the output too and change while
// this runs: only this suite's namespaces are looked at.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { publicTsnetstat } from "../support/bundle.js";
import { runToFiles, SYSTEM_ENV } from "../support/netns.js";
import type { FileRun } from "../support/netns.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const POPULATION = join(import.meta.dirname, "netns_population.py");
const ENV = SYSTEM_ENV;
const PREFIX = `tsn-${process.pid}`;
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

interface Held {
  readonly proto: "tcp" | "tcp6" | "udp" | "udp6";
  readonly local: [string, number];
  readonly remote: [string, number] | null;
}

interface Space {
  readonly key: string;
  /** `ip netns` name, or null for an unnamed namespace */
  readonly name: string | null;
  readonly spec: string;
  /** put the process in a cgroup shaped like a Docker container's */
  readonly docker: boolean;
  child?: ChildProcessWithoutNullStreams;
  pid?: number;
  inode?: number;
  held?: Held[];
  log?: string;
}

const SPACES: Space[] = [
  { key: "a", name: `${PREFIX}-a`, spec: "tcp:127.0.0.1:7101:2,udp:::1:7102", docker: false },
  { key: "b", name: `${PREFIX}-b`, spec: "tcp:::1:7201:1,udp:127.0.0.1:7202", docker: false },
  { key: "c", name: null, spec: "tcp:0.0.0.0:7301:2", docker: false },
  { key: "d", name: null, spec: "tcp:127.0.0.1:7401:1,udp:0.0.0.0:7402", docker: true },
];

const DOCKER_ID = randomBytes(32).toString("hex");
/** cgroup directories this suite made (deepest last), removed in teardown. */
const madeCgroups: string[] = [];
let dockerCgroup: string | null = null;
let out = "";

/** A cgroup hierarchy root where a test may make a directory: cgroup v2 (alone or hybrid), else v1's name=systemd. */
function cgroupRoot(): string | null {
  for (const root of ["/sys/fs/cgroup/unified", "/sys/fs/cgroup", "/sys/fs/cgroup/systemd"]) {
    if (existsSync(join(root, "cgroup.procs"))) {
      try {
        const probe = join(root, `tsn-probe-${process.pid}`);
        mkdirSync(probe);
        rmdirSync(probe);
        return root;
      } catch {
        continue;
      }
    }
  }
  return null;
}

function makeDockerCgroup(): string | null {
  const root = cgroupRoot();
  if (root === null) return null;
  let dir = root;
  for (const part of ["system.slice", `docker-${DOCKER_ID}.scope`]) {
    dir = join(dir, part);
    if (!existsSync(dir)) {
      mkdirSync(dir);
      madeCgroups.push(dir);
    }
  }
  return dir;
}

function start(space: Space): Promise<void> {
  const argv =
    space.name !== null
      ? ["ip", "netns", "exec", space.name, PYTHON, POPULATION, space.spec]
      : ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', PYTHON, POPULATION, space.spec];
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"], env: ENV });
  space.child = child;
  space.log = "";
  child.stdin.on("error", () => undefined);
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (space.log += c));
  return new Promise((resolvePromise, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`${space.key}: no READY\n${space.log}`)), 15_000);
    child.once("exit", () => reject(new Error(`${space.key}: exited\n${space.log}`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => {
      text += c;
      const m = /^READY (\d+) (.*)\n/.exec(text);
      if (m === null) return;
      clearTimeout(timer);
      space.pid = Number(m[1]);
      space.held = JSON.parse(m[2] as string) as Held[];
      space.inode = Number(/^net:\[(\d+)\]$/.exec(readlinkSync(`/proc/${space.pid}/ns/net`))?.[1]);
      resolvePromise();
    });
  });
}

type Run = FileRun;

/** A command's run with its output in files (a pipe from node would be a socket of ours). */
const run = (argv: readonly string[], user: "root" | "nobody" = "root"): Run => runToFiles(out, argv, user);

const tsnetstat = (args: readonly string[], user: "root" | "nobody" = "root"): Run => run([process.execPath, user === "root" ? TSNETSTAT : publicTsnetstat(), ...args], user);

function expectedLabel(s: Space): { inode: number; name: string | null; container: string } {
  return { inode: s.inode as number, name: s.name, container: s.docker && dockerCgroup !== null ? `docker:${DOCKER_ID.slice(0, 12)}` : "python3" };
}

/** The Netns column: the inode, then the ip netns name or else the container. */
const columnText = (s: Space): string => {
  const l = expectedLabel(s);
  return `${l.inode}/${l.name ?? l.container}`;
};

/** What the JSON must say about one held socket. */
function expectedJson(s: Space, h: Held): string {
  const wild = h.proto.endsWith("6") ? "::" : "0.0.0.0";
  const endpoint = (e: [string, number] | null): string => (e === null ? `${wild}:*` : `${e[0]}:${e[1]}`);
  return `${h.proto} ${endpoint(h.local)} ${endpoint(h.remote)} pid=${s.pid}`;
}

interface JsonSocket {
  proto: string;
  family?: string;
  local: { address: string; port: number | null };
  remote: { address: string; port: number | null };
  owners: { pid: number }[];
  netns?: { inode: number; name: string | null; container: string | null };
}

/** v1 and v2 of the model name protocols differently: tcp6 / (tcp, inet6). */
function protoOf(j: JsonSocket): string {
  return j.family === undefined ? j.proto : j.family === "inet6" ? `${j.proto}6` : j.proto;
}

function jsonLine(j: JsonSocket): string {
  const e = (x: { address: string; port: number | null }): string => `${x.address}:${x.port ?? "*"}`;
  return `${protoOf(j)} ${e(j.local)} ${e(j.remote)} pid=${j.owners[0]?.pid ?? "-"}`;
}

describe.skipIf(skipRootTests("--netns live tests"))("--netns all, live", () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "tsn-out-"));
    for (const s of SPACES) {
      if (s.name === null) continue;
      spawnSync("ip", ["netns", "del", s.name], { stdio: "ignore", env: ENV });
      expect(spawnSync("ip", ["netns", "add", s.name], { env: ENV }).status).toBe(0);
      expect(spawnSync("ip", ["-n", s.name, "link", "set", "lo", "up"], { env: ENV }).status).toBe(0);
    }
    await Promise.all(SPACES.map(start));
    const docker = SPACES.find((s) => s.docker) as Space;
    dockerCgroup = makeDockerCgroup();
    if (dockerCgroup === null) console.warn("--netns live tests: no writable cgroup hierarchy here; the Docker-shaped namespace is labelled by its command");
    else writeFileSync(join(dockerCgroup, "cgroup.procs"), String(docker.pid));
  }, 30_000);

  afterAll(async () => {
    await Promise.all(
      SPACES.map(async (s) => {
        const c = s.child;
        if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise<void>((r) => c.once("exit", () => r()));
        c.stdin.end();
        c.kill("SIGKILL");
        if (s.pid !== undefined) {
          try {
            process.kill(s.pid, "SIGKILL");
          } catch {
            // gone already
          }
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }),
    );
    for (const s of SPACES) if (s.name !== null) spawnSync("ip", ["netns", "del", s.name], { stdio: "ignore", env: ENV });
    for (const dir of madeCgroups.reverse()) {
      // a cgroup can be removed once its last process is gone
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(dir);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    if (out !== "") rmSync(out, { recursive: true, force: true });
  }, 30_000);

  it("the JSON lists every socket of every test namespace with its label", () => {
    const r = tsnetstat(["-tulpna", "--netns", "all", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { sockets: JsonSocket[] };
    for (const s of SPACES) {
      const mine = doc.sockets.filter((j) => j.netns?.inode === s.inode);
      for (const j of mine) expect(j.netns, `${s.key}: ${jsonLine(j)}`).toEqual(expectedLabel(s));
      const got = mine.map(jsonLine).sort();
      const want = (s.held ?? []).map((h) => expectedJson(s, h)).sort();
      expect(got, `namespace ${s.key} (${s.name ?? "unnamed"}, pid ${s.pid})`).toEqual(want);
    }
  });

  it("each namespace's rows are netstat's in that namespace, with the Netns column last", () => {
    const r = tsnetstat(["-tulpna", "--netns", "all"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toBe("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name     Netns");
    for (const s of SPACES) {
      const suffix = ` ${columnText(s)}`;
      const rows = lines.filter((l) => l.endsWith(suffix)).map((l) => l.slice(0, -suffix.length));
      const netstat = run(["nsenter", "-t", String(s.pid), "-n", "netstat", "-tulpna"]);
      expect(netstat.status).toBe(0);
      const want = netstat.stdout.split("\n").slice(2, -1);
      expect(rows, `namespace ${s.key} (${s.name ?? "unnamed"}, pid ${s.pid})`).toEqual(want);
      expect(rows.length).toBe(s.held?.length);
    }
  });

  it("--netns NAME and --netns PID pick one namespace", () => {
    const named = SPACES[1] as Space;
    const unnamed = SPACES[2] as Space;
    for (const [arg, s] of [
      [named.name as string, named],
      [String(unnamed.pid), unnamed],
    ] as const) {
      const r = tsnetstat(["-tuna", "--netns", arg, "--json"]);
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as { sockets: JsonSocket[] };
      expect(doc.sockets.map((j) => j.netns)).toEqual(doc.sockets.map(() => expectedLabel(s)));
      expect(doc.sockets.map(jsonLine).sort()).toEqual((s.held ?? []).map((h) => expectedJson(s, h).replace(/pid=\d+/, "pid=-")).sort());
    }
  });

  it("an unknown name is one line and status 1", () => {
    const r = tsnetstat(["-tuna", "--netns", `${PREFIX}-nosuch`]);
    expect(r).toEqual({ stdout: "", stderr: `tsnetstat: --netns: no network namespace named '${PREFIX}-nosuch' in /run/netns\n`, status: 1 });
  });

  it("as nobody: what can be read, and one notice naming the test namespaces it could not read", () => {
    const r = tsnetstat(["-tuna", "--netns", "all"], "nobody");
    expect(r.status).toBe(0);
    const errLines = r.stderr.split("\n").slice(0, -1);
    expect(errLines.length, r.stderr).toBe(1);
    const notice = errLines[0] as string;
    expect(notice).toMatch(
      /^tsnetstat: --netns: the network namespace of \d+ process(es)? could not be read \(you would have to be root to see them all\); no process is in ip netns .+ and (it|they) could not be entered \(you would have to be root\), so (its|their) sockets are not listed$/,
    );
    for (const s of SPACES) if (s.name !== null) expect(notice).toContain(`${s.name} (inode ${s.inode})`);
    // none of the test namespaces' sockets: nobody cannot tell which namespace their processes are in
    for (const s of SPACES) expect(r.stdout).not.toContain(` ${s.inode}/`);
  });
});
