// --netns all with many namespaces, live: their tables are read on two threads (netns-read.ts).
// Seventeen `ip netns` namespaces, each with one process holding a listener and two connections on
// its loopback (bench/netns-hold.py): the rows of this suite's namespaces must be the same bytes
// with the helper thread as without it (TSNETSTAT_DEBUG=no-threads), and the helper must have run.
// Other suites' namespaces come and go meanwhile: only this suite's rows are compared.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const HOLD = join(PROJECT, "bench/netns-hold.py");
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };
const PREFIX = `tsnp-${process.pid}`;
const NAMES = Array.from({ length: 17 }, (_, i) => `${PREFIX}-${i}`);
let holder: ChildProcessWithoutNullStreams | null = null;

function run(flags: string[], debug: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(TSNETSTAT, flags, { encoding: "utf8", maxBuffer: 1 << 28, env: { ...ENV, TSNETSTAT_DEBUG: debug } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The rows of this suite's namespaces (the Netns column ends in "/<name>"). */
const ours = (stdout: string): string[] => stdout.split("\n").filter((l) => NAMES.some((n) => l.endsWith(`/${n}`)));

describe.skipIf(skipRootTests("--netns two-thread live tests"))("--netns all over many namespaces, live", () => {
  beforeAll(async () => {
    for (const n of NAMES) {
      spawnSync("ip", ["netns", "del", n], { stdio: "ignore", env: ENV });
      expect(spawnSync("ip", ["netns", "add", n], { env: ENV }).status).toBe(0);
      expect(spawnSync("ip", ["-n", n, "link", "set", "lo", "up"], { env: ENV }).status).toBe(0);
    }
    const child = spawn("python3", [HOLD, "4", ...NAMES.map((n) => `/run/netns/${n}`)], { env: ENV });
    holder = child;
    await new Promise<void>((ready, fail) => {
      let text = "";
      child.once("exit", (code) => fail(new Error(`netns-hold.py exited (${code})`)));
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (c: string) => {
        text += c;
        if (text.includes("READY\n")) ready();
      });
    });
  }, 60_000);

  afterAll(async () => {
    const c = holder;
    if (c !== null && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((r) => c.once("exit", () => r()));
      c.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (c.exitCode === null) c.kill("SIGKILL");
    }
    for (const n of NAMES) spawnSync("ip", ["netns", "del", n], { stdio: "ignore", env: ENV });
  }, 30_000);

  // without -p the namespace helper always runs here (17 namespaces, 2 CPUs or more); with -p it
  // gives way to the fd walker thread when that one runs (a busy host), on 2 CPUs
  for (const flags of [["-tan"], ["-tulna"], ["-tanp"]]) {
    const owners = flags[0]?.includes("p") === true;
    it(`${flags.join(" ")} --netns all: the same rows with the helper threads as without, five in each namespace`, () => {
      const one = run([...flags, "--netns", "all"], "no-threads");
      const two = run([...flags, "--netns", "all"], "threads");
      expect(one.status).toBe(0);
      expect(two.status).toBe(0);
      const rows = ours(two.stdout);
      expect(rows).toEqual(ours(one.stdout));
      // a listener and two connections, both ends: 5 TCP sockets (with -p, each with its owner)
      for (const n of NAMES) {
        const mine = rows.filter((l) => l.endsWith(`/${n}`));
        expect(mine.length).toBe(5);
        if (owners) expect(mine.filter((l) => / \d+\/python3 /.test(l)).length).toBe(5);
      }
      const m = /namespace reads: helper threads (\d+), this thread (\d+)/.exec(two.stderr);
      if (!owners) {
        expect(m).not.toBeNull();
        expect(Number(m?.[1]) + Number(m?.[2])).toBeGreaterThanOrEqual(NAMES.length);
      }
    }, 60_000);
  }
});
