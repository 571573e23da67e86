// The command runner: real execFile runs of small fake commands, one per way a run can end.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify, commandLine, describeFailure, systemRunner } from "../../src/readers/run.js";

let dir = "";
const fake = (name: string, body: string): string => {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tsl-run-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("systemRunner", () => {
  it("runs without a shell, with LC_ALL=C, and returns the output as latin1 text", async () => {
    const cmd = fake("show", 'printf "%s|%s|%s\\n" "$LC_ALL" "$1" "$2"; printf "\\377\\n"');
    const r = await systemRunner.run(cmd, ["a b", "$(echo no)"]);
    expect(r).toEqual({ ok: true, status: 0, stdout: "C|a b|$(echo no)\n\u00ff\n", stderr: "" });
  });

  it("a missing command", async () => {
    const r = await systemRunner.run(join(dir, "no-such-tool"), []);
    expect(r).toEqual({ ok: false, failure: { kind: "missing", code: "ENOENT" }, stdout: "", stderr: "" });
    if (!r.ok) expect(describeFailure("lsof", ["-n"], r)).toBe("lsof -n: lsof is not installed (not found in PATH)");
  });

  it("a non-zero exit, with what it printed and said", async () => {
    const cmd = fake("fails", 'echo partial; echo "lsof: bad option -Q" >&2; echo "more" >&2; exit 2');
    const r = await systemRunner.run(cmd, ["-Q"]);
    expect(r).toEqual({ ok: false, failure: { kind: "exit", status: 2 }, stdout: "partial\n", stderr: "lsof: bad option -Q\nmore\n" });
    if (!r.ok) expect(describeFailure("lsof", ["-Q"], r)).toBe("lsof -Q: exited with status 2: lsof: bad option -Q");
  });

  it("an exit status the caller accepts (lsof's 1: nothing found)", async () => {
    const cmd = fake("none", "exit 1");
    expect(await systemRunner.run(cmd, [], { okStatuses: [0, 1] })).toEqual({ ok: true, status: 1, stdout: "", stderr: "" });
  });

  it("a timeout", async () => {
    const cmd = fake("slow", "echo started; exec sleep 5");
    const start = Date.now();
    const r = await systemRunner.run(cmd, [], { timeoutMs: 300 });
    expect(Date.now() - start).toBeLessThan(4000);
    expect(r).toEqual({ ok: false, failure: { kind: "timeout", ms: 300 }, stdout: "started\n", stderr: "" });
    if (!r.ok) expect(describeFailure("netstat", ["-an"], r)).toBe("netstat -an: stopped after 300 ms (time limit)");
  });

  it("a signal from elsewhere", async () => {
    const cmd = fake("killed", "kill -TERM $$");
    const r = await systemRunner.run(cmd, []);
    expect(r).toEqual({ ok: false, failure: { kind: "signal", signal: "SIGTERM" }, stdout: "", stderr: "" });
    if (!r.ok) expect(describeFailure("lsof", [], r)).toBe("lsof: killed by SIGTERM");
  });

  it("more output than the buffer holds", async () => {
    const cmd = fake("chatty", "yes 0123456789 | head -c 100000");
    const r = await systemRunner.run(cmd, [], { maxBytes: 1000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure).toEqual({ kind: "too-much-output", bytes: 1000 });
      expect(describeFailure("lsof", [], r)).toBe("lsof: printed more than 1000 bytes and was stopped");
    }
  });
});

describe("classify and commandLine", () => {
  const limits = { timeoutMs: 1000, okStatuses: [0], maxBytes: 10 };
  it("EACCES is a command that cannot be run", () => {
    const r = classify({ code: "EACCES" }, "", "", limits);
    expect(r).toEqual({ ok: false, failure: { kind: "missing", code: "EACCES" }, stdout: "", stderr: "" });
    if (!r.ok) expect(describeFailure("/opt/lsof", [], r)).toBe("/opt/lsof: /opt/lsof cannot be run (permission denied)");
  });
  it("another spawn error", () => {
    const r = classify({ code: "EAGAIN", message: "spawn EAGAIN\nmore" }, "", "", limits);
    expect(r).toEqual({ ok: false, failure: { kind: "error", message: "spawn EAGAIN" }, stdout: "", stderr: "" });
  });
  it("quotes what a shell would not take literally", () => {
    expect(commandLine("lsof", ["-F", "0pc", "a b", "", "it's"])).toBe("lsof -F 0pc 'a b' '' 'it'\\''s'");
  });
});
