// The trusted binary: `npm run build:sea`'s single executable, built once here into a temporary
// directory, copied elsewhere and run with a PATH that holds no node, inside a private network
// namespace this file makes (tsb-<pid>); its tables must be those of `node bin/tsnetstat`.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };
const VERSION = (JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { version: string }).version;
const sha256 = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("--version --verbose of the bundle", () => {
  it("names the bundle and prints its SHA-256", () => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: PROJECT, stdio: "inherit" });
    const bundle = join(PROJECT, "dist/tsnetstat.cjs");
    const r = spawnSync(process.execPath, [join(PROJECT, "bin/tsnetstat"), "--version", "--verbose"], { encoding: "utf8", env: ENV });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `tsnetstat ${VERSION}\nbuild: bundle run by ${process.execPath} (Node ${process.versions.node}, ${process.platform}-${process.arch})\n` +
        `file: ${bundle}\nsha256: ${sha256(bundle)}\n`,
    );
    // -V alone is still one line
    expect(spawnSync(process.execPath, [join(PROJECT, "bin/tsnetstat"), "-V"], { encoding: "utf8", env: ENV }).stdout).toBe(`tsnetstat ${VERSION}\n`);
  });
});

describe.skipIf(skipRootTests("single executable live test"))("the single executable, with no node on PATH", () => {
  const ns = `tsb-${process.pid}`;
  let work = "";
  let exe = "";
  let noNode = "";
  let holder: ChildProcessWithoutNullStreams | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tsnetstat-sea-"));
    const built = join(work, "build");
    const started = performance.now();
    execFileSync(process.execPath, ["scripts/build-sea.mjs", built], { cwd: PROJECT, stdio: ["ignore", "ignore", "inherit"] });
    const seconds = (performance.now() - started) / 1000;
    if (seconds > 60) throw new Error(`build:sea took ${seconds.toFixed(1)} s (limit 60 s)`);
    // elsewhere: no node_modules, no dist next to it
    mkdirSync(join(work, "media"));
    exe = join(work, "media", "tsnetstat");
    copyFileSync(join(built, `tsnetstat-${process.platform}-${process.arch}`), exe);
    execFileSync("chmod", ["0555", exe]);
    rmSync(built, { recursive: true });
    noNode = join(work, "empty-bin");
    mkdirSync(noNode);

    spawnSync("ip", ["netns", "del", ns], { env: ENV, stdio: "ignore" });
    execFileSync("ip", ["netns", "add", ns], { env: ENV });
    execFileSync("ip", ["-n", ns, "link", "set", "lo", "up"], { env: ENV });
    // a TCP listener, a bound UDP socket and an established pair, held by one python
    const script = [
      "import socket,sys,time",
      "t=socket.socket(); t.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); t.bind(('127.0.0.1',47011)); t.listen()",
      "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('0.0.0.0',47012))",
      "c=socket.create_connection(('127.0.0.1',47011)); a,_=t.accept()",
      "print('ready',flush=True); sys.stdin.read()",
    ].join("\n");
    const child = spawn("ip", ["netns", "exec", ns, "/usr/bin/python3", "-c", script], { env: ENV, stdio: "pipe" });
    holder = child;
    await new Promise<void>((res, rej) => {
      child.stdout.once("data", () => res());
      child.once("exit", (code) => rej(new Error(`socket holder exited (${code})`)));
    });
  }, 120_000);

  afterAll(() => {
    holder?.stdin.end();
    holder?.kill("SIGKILL");
    spawnSync("ip", ["netns", "del", ns], { env: ENV, stdio: "ignore" });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  const runExe = (...args: string[]) =>
    spawnSync("ip", ["netns", "exec", ns, "/usr/bin/env", "-i", `PATH=${noNode}`, "LC_ALL=C", exe, ...args], { encoding: "utf8", env: ENV, cwd: work });
  const runNode = (...args: string[]) =>
    spawnSync("ip", ["netns", "exec", ns, "/usr/bin/env", "-i", `PATH=${noNode}`, "LC_ALL=C", process.execPath, join(PROJECT, "bin/tsnetstat"), ...args], {
      encoding: "utf8",
      env: ENV,
    });

  it("finds no node on its PATH", () => {
    const r = spawnSync("ip", ["netns", "exec", ns, "/usr/bin/env", "-i", `PATH=${noNode}`, "/bin/sh", "-c", "command -v node"], { encoding: "utf8", env: ENV });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
  });

  it("-tulpna prints what node bin/tsnetstat prints", () => {
    const mine = runExe("-tulpna");
    const theirs = runNode("-tulpna");
    expect(mine.stderr).toBe("");
    expect(mine.status).toBe(0);
    expect(theirs.status).toBe(0);
    expect(mine.stdout).toBe(theirs.stdout);
    expect(mine.stdout).toContain("127.0.0.1:47011");
  });

  it("--audit --json gives the findings node bin/tsnetstat gives", () => {
    const args = ["--audit", "--json", "--scan-ports", "1-1024,47000-47020"];
    const mine = runExe(...args);
    const theirs = runNode(...args);
    type Doc = { schema: string; findings: unknown[]; listeners: unknown[]; scan: { open: unknown[] } };
    const a = JSON.parse(mine.stdout) as Doc;
    const b = JSON.parse(theirs.stdout) as Doc;
    expect(mine.status).toBe(theirs.status);
    expect(a.schema).toBe("tsnetstat-audit/1");
    expect(a.findings).toEqual(b.findings);
    // the scans' connects wait in the listener's accept queue: Recv-Q grows from one run to the next
    const steady = (d: Doc): unknown[] => d.listeners.map((l) => ({ ...(l as object), recvQ: null }));
    expect(steady(a)).toEqual(steady(b));
    expect(a.scan.open).toEqual([{ address: "127.0.0.1", port: 47011 }]);
    expect(mine.stderr).toBe(theirs.stderr);
  });

  it("--version --verbose prints the SHA-256 of the executable itself", () => {
    const r = runExe("--version", "--verbose");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `tsnetstat ${VERSION}\nbuild: single executable (Node ${process.versions.node}, ${process.platform}-${process.arch} inside)\n` +
        `file: ${exe}\nsha256: ${sha256(exe)}\n`,
    );
  });
});
