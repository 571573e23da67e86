// The last-resort handler (src/cli/fatal.ts): an uncaught exception or rejection ends the run with
// what was printed flushed, one line on stderr (the stack only with TSNETSTAT_DEBUG=1), status 1.

import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fatalMessage } from "../../src/cli/fatal.js";

const PROBE = join(import.meta.dirname, "fatal-probe.ts");
const PROJECT = resolve(import.meta.dirname, "../..");

function probe(how: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", PROBE, how], {
    cwd: PROJECT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    timeout: 20_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("last-resort handler", () => {
  it("an uncaught exception: rows flushed, one line, status 1", () => {
    expect(probe("throw")).toEqual({
      stdout: "row printed before the failure\n",
      stderr: "tsnetstat: internal error: boom\n",
      status: 1,
    });
  });

  it("an unhandled rejection: the same", () => {
    expect(probe("reject")).toEqual({
      stdout: "row printed before the failure\n",
      stderr: "tsnetstat: internal error: a rejected promise\n",
      status: 1,
    });
  });

  it("something thrown that is not an Error", () => {
    expect(probe("string")).toEqual({
      stdout: "row printed before the failure\n",
      stderr: "tsnetstat: internal error: not an Error object\n",
      status: 1,
    });
  });

  it("a reader that went away is not an error: status 0, nothing on stderr", () => {
    // (the probe only pretends the pipe is gone: nothing more is written to it)
    expect(probe("closed")).toEqual({ stdout: "", stderr: "", status: 0 });
  });

  it("TSNETSTAT_DEBUG=1 adds the stack after the line", () => {
    const r = probe("throw", { TSNETSTAT_DEBUG: "1" });
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe("tsnetstat: internal error: boom");
    expect(lines[1]).toBe("Error: boom");
    expect(lines[2]).toBe("second line of the message");
    expect(lines[3]).toMatch(/^ {4}at .*fatal-probe\.ts:\d+:\d+/);
  });

  it("TSNETSTAT_DEBUG=threads,stack: the stack too; threads alone: not", () => {
    expect(probe("throw", { TSNETSTAT_DEBUG: "threads,stack" }).stderr.split("\n")[1]).toBe("Error: boom");
    expect(probe("throw", { TSNETSTAT_DEBUG: "threads" }).stderr).toBe("tsnetstat: internal error: boom\n");
  });

  it("fatalMessage: the first line of the message only", () => {
    expect(fatalMessage(new RangeError("a\nb"), false)).toBe("tsnetstat: internal error: a\n");
    expect(fatalMessage(42, false)).toBe("tsnetstat: internal error: 42\n");
    expect(fatalMessage(undefined, true)).toBe("tsnetstat: internal error: undefined\n");
  });
});
