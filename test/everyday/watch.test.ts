// -c SECONDS, --changes and Ctrl-C, run through pipes in a private namespace (issue 10 item 4,
// issue 14 item 4): a connection that lives one second is one + line and one - line.

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { BIN, ensureBuilt } from "../support/cli.js";
import { cleanEnv, createNamespace, deleteNamespace, inNs, NS, nsRun, startPopulation } from "./ns.js";

const skip = skipRootTests("everyday watch");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start tsnetstat in the namespace; `stop()` sends SIGINT (Ctrl-C) and resolves with what it printed. */
function watch(args: string[]): { stop: () => Promise<Ended>; printed: (min: number) => Promise<void>; lines: (n: number) => Promise<void> } {
  const p = spawn("ip", ["netns", "exec", NS, process.execPath, BIN, ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<Ended>((resolve) => p.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    /** Resolves once `min` characters are out (the first listing is done), or after 10 s. */
    printed: async (min: number) => {
      for (let i = 0; i < 200 && stdout.length < min; i++) await sleep(50);
    },
    /** Resolves once `n` lines are out (so Ctrl-C comes after the handler is set), or after 10 s. */
    lines: async (n: number) => {
      for (let i = 0; i < 200 && stdout.split("\n").length <= n; i++) await sleep(50);
    },
    stop: async () => {
      p.kill("SIGINT");
      return ended;
    },
  };
}

const HEADER = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";

describe.skipIf(skip)("-c and --changes in a namespace", () => {
  beforeAll(async () => {
    ensureBuilt();
    createNamespace();
    await startPopulation();
  }, 60_000);
  afterAll(deleteNamespace);

  it("-c 0.2 --changes: a one-second connection is one + and one - line; Ctrl-C ends it by SIGINT, as netstat", async () => {
    const w = watch(["-tn", "-c", "0.2", "--changes", "--state", "established", "--dport", "5002"]);
    // the header comes with the first listing: the baseline the changes are counted from
    await w.printed(HEADER.length + 16);
    const client = nsRun(["python3", "-c", "import socket,time\ns=socket.create_connection(('127.0.0.1',5002))\nprint(s.getsockname()[1],flush=True)\ntime.sleep(1)\ns.close()"]);
    await sleep(800);
    const r = await w.stop();
    const port = client.stdout.trim();
    const row = `tcp        0      0 ${`127.0.0.1:${port}`.padEnd(23)} 127.0.0.1:5002          ESTABLISHED\n`;
    expect([r.code, r.signal, r.stderr]).toEqual([null, "SIGINT", ""]);
    const lines = r.stdout.split(/(?<=\n)/);
    expect(lines.map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, "TIME "))).toEqual([`${" ".repeat(15)}${HEADER}\n`, `TIME + ${row}`, `TIME - ${row}`]);
    const at = (l: string | undefined): number => {
      const [h, m, s] = (l ?? "").slice(0, 12).split(":").map(Number);
      return ((h ?? 0) * 60 + (m ?? 0)) * 60 + (s ?? 0);
    };
    const lived = at(lines[2]) - at(lines[1]);
    expect(lived).toBeGreaterThan(0.7);
    expect(lived).toBeLessThan(1.8);
  }, 20_000);

  it("-c 0.2 through a pipe: the listing again and again, as netstat -c prints it", async () => {
    const once = inNs(["-tln"]).stdout;
    const w = watch(["-tln", "-c", "0.2"]);
    await w.lines(2 * once.split("\n").length);
    const r = await w.stop();
    expect([r.code, r.signal, r.stderr]).toEqual([null, "SIGINT", ""]);
    const n = r.stdout.length / once.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toBe(once.repeat(n));
  }, 20_000);

  it("-c 0.2 --json: one document per line, each with its time", async () => {
    const w = watch(["-tln", "-c", "0.2", "--json"]);
    await w.lines(3);
    const r = await w.stop();
    expect([r.code, r.signal, r.stderr]).toEqual([null, "SIGINT", ""]);
    const docs = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { time: string; sockets: unknown[] });
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout.endsWith("\n")).toBe(true);
    const times = docs.map((d) => Date.parse(d.time));
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(150);
    for (const d of docs) expect(d.sockets.length).toBe(4);
  }, 20_000);

  it("-c 0.2 --jsonl: each refresh appends its sockets, each line with that refresh's time", async () => {
    const w = watch(["-tln", "-c", "0.2", "--jsonl"]);
    await w.lines(9);
    const r = await w.stop();
    expect([r.code, r.signal, r.stderr]).toEqual([null, "SIGINT", ""]);
    const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { time: string; local: { port: number } });
    const byTime = new Map<string, number[]>();
    for (const l of lines) byTime.set(l.time, [...(byTime.get(l.time) ?? []), l.local.port]);
    expect(byTime.size).toBeGreaterThanOrEqual(2);
    for (const ports of byTime.values()) expect(ports.sort()).toEqual([5001, 5002, 5003, 5005]);
  }, 20_000);

  it("-c 0.2 --changes --jsonl: + and - as a change field on JSON lines", async () => {
    const w = watch(["-tn", "-c", "0.2", "--changes", "--jsonl", "--state", "established", "--dport", "5001"]);
    // nothing is printed for the first listing: give it time to be read (a loaded machine starts slowly)
    await sleep(2500);
    nsRun(["python3", "-c", "import socket,time\ns=socket.create_connection(('127.0.0.1',5001))\ntime.sleep(0.8)\ns.close()"]);
    await sleep(800);
    const r = await w.stop();
    const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { change: string; state: string; remote: { port: number } });
    expect(lines.map((l) => [l.change, l.state, l.remote.port])).toEqual([
      ["+", "ESTABLISHED", 5001],
      ["-", "ESTABLISHED", 5001],
    ]);
  }, 20_000);
});
