// view-mismatch live, in a private network namespace this file makes (tsc-<pid>-vm): the third
// view is the real lsof's output for the namespace's listener process, taken a moment before the
// audit (a `lsof` first in PATH prints it; lsof over the whole shared host would take seconds).
// Between the two, one listener closes (lsof shows it, the table does not: high) and one opens
// (the table shows it, lsof does not: medium). Every scan stays inside the namespace.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootRequired, skipRootTests } from "../support/root.js";
import { Actor, ENV, sh, TSNETSTAT } from "./ns-support.js";

function unavailable(): boolean {
  if (skipRootTests("view-mismatch live tests")) return true;
  if (spawnSync("sh", ["-c", "command -v lsof"]).status !== 0) {
    if (rootRequired) throw new Error("view-mismatch live tests: 'lsof' is not installed");
    console.warn("skipping view-mismatch live tests: 'lsof' is not installed");
    return true;
  }
  return false;
}

const NS = `tsc-${process.pid}-vm`;

describe.skipIf(unavailable())("tsnetstat --audit: lsof and the table disagree", () => {
  let actor: Actor | null = null;
  let work = "";

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `${NS}-`));
    chmodSync(work, 0o755);
    sh("ip", "netns", "add", NS);
    sh("ip", "-n", NS, "link", "set", "lo", "up");
    actor = new Actor(["ip", "netns", "exec", NS]);
    for (const c of ["listen 127.0.0.1 22", "listen 127.0.0.1 47021"]) await actor.send(c);
    // what lsof shows now, with the arguments tsnetstat gives it, for this process only
    const seen = sh("ip", "netns", "exec", NS, "lsof", "-n", "-P", "-w", "-i", "-F", "0pcuftdinPT", "-a", "-p", String(actor.pid));
    expect(seen).toContain("127.0.0.1:47021");
    const bin = join(work, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "snapshot"), seen);
    writeFileSync(join(bin, "lsof"), `#!/bin/sh\nexec /bin/cat ${join(bin, "snapshot")}\n`, { mode: 0o755 });
    await actor.send("close 127.0.0.1 47021");
    await actor.send("listen 127.0.0.1 47022");
  });

  afterAll(() => {
    actor?.stop();
    spawnSync("ip", ["netns", "del", NS], { stdio: "ignore" });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("reports view-mismatch high for the listener only lsof shows, medium for the one only the table shows, and nothing else", () => {
    const r = spawnSync("ip", ["netns", "exec", NS, "env", `PATH=${join(work, "bin")}`, process.execPath, TSNETSTAT, "--audit", "--json", "-t", "--scan-ports", "1-100,47000-47030"], {
      encoding: "utf8",
      env: ENV,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as { findings: { kind: string; severity: string; proto: string; address: string; port: number; pids: number[]; message: string }[] };
    const pid = actor?.pid ?? -1;
    expect(d.findings.map((f) => [f.severity, f.kind, f.proto, f.address, f.port, f.pids, f.message.split(" Why it matters:")[0]])).toEqual([
      ["high", "view-mismatch", "tcp", "127.0.0.1", 47021, [pid], `lsof shows tcp 127.0.0.1:47021 listening (pid ${pid}); the socket table does not.`],
      ["medium", "view-mismatch", "tcp", "127.0.0.1", 47022, [pid], `the socket table lists tcp 127.0.0.1:47022 (pid ${pid}); lsof does not.`],
      ["low", "unexplained-port", "tcp", "127.0.0.1", 47022, [pid], `tcp 127.0.0.1:47022 is listening (pid ${pid}); /etc/services has no name for port 47022.`],
    ]);
  });
});
