// `--source lsof` from the command line: the option, and end-to-end runs of the bundle with a fake
// `lsof` first in PATH that prints a captured output (and refuses arguments the real one would not
// be given), so no root is needed.

import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { projectRoot } from "../support/fixtures.js";
import { ensureBuilt, tsnetstatIsolated, type Run } from "../support/cli.js";

let dir = "";

/** A fake lsof: checks its arguments are exactly tsnetstat's, then prints `fixture` and exits `status`. */
function fakeLsof(name: string, body: string): string {
  const bin = join(dir, name);
  execFileSync("mkdir", ["-p", bin]);
  writeFileSync(
    join(bin, "lsof"),
    `#!/bin/sh\nif [ "$*" != "-n -P -w -i -U -F 0pcuftdinPT" ]; then echo "fake lsof: unexpected arguments: $*" >&2; exit 64; fi\n${body}\n`,
  );
  chmodSync(join(bin, "lsof"), 0o755);
  return bin;
}

const run = (path: string, args: string[], env: Record<string, string> = {}): Run => tsnetstatIsolated(args, path, env);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "tsl-cli-"));
  copyFileSync(join(projectRoot, "fixtures/lsof/linux-lsof-F-default.out"), join(dir, "capture.out"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("--source", () => {
  it.each([
    [[], "proc"],
    [["--source", "lsof"], "lsof"],
    [["--source=proc"], "proc"],
    [["--sour=lsof"], "lsof"],
  ])("%j → %s", (argv, source) => {
    const r = parseArgs(argv, "0");
    expect(r.kind === "run" ? r.options.source : r).toBe(source);
  });

  it.each([
    [["--source", "ss"], "tsnetstat: --source takes proc or lsof, not 'ss' (see 'tsnetstat --help')\n"],
    [["--source", "lsof", "--proc-root", "/srv/p"], "tsnetstat: --source lsof reads the live system: it cannot read --proc-root (see 'tsnetstat --help')\n"],
  ])("%j is a usage error", (argv, stderr) => {
    expect(parseArgs(argv, "0")).toEqual({ kind: "exit", code: 3, stdout: "", stderr });
  });
});

describe("tsnetstat --source lsof with a fake lsof", () => {
  it("-tanp: netstat's table from lsof's sockets", () => {
    const bin = fakeLsof("ok", `cat ${join(dir, "capture.out")}`);
    expect(run(`${bin}:/usr/bin:/bin`, ["--source", "lsof", "-tanp"], { TSNETSTAT_PLATFORM: "linux" })).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN      11708/python3       ",
        "tcp        0      0 127.0.0.1:58996         127.0.0.1:8080          ESTABLISHED 11708/python3       ",
        "tcp      100      0 127.0.0.1:8080          127.0.0.1:58996         ESTABLISHED 11708/python3       ",
        "tcp6       0      0 :::22                   :::*                    LISTEN      11708/python3       ",
        "tcp6       0      0 ::1:60760               ::1:22                  ESTABLISHED 11708/python3       ",
        "tcp6       0      0 ::1:22                  ::1:60760               ESTABLISHED 11708/python3       ",
        "",
      ].join("\n"),
    });
  });

  it("-uan --json: the UDP sockets as JSON, without owners (no -p)", () => {
    const bin = fakeLsof("ok", `cat ${join(dir, "capture.out")}`);
    const r = run(`${bin}:/usr/bin:/bin`, ["--source", "lsof", "-uan", "--json"], { TSNETSTAT_PLATFORM: "linux" });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { sockets: { local: unknown; remote: unknown; state: string; inode: number; owners: unknown[]; ownerStatus: string }[] };
    expect(doc.sockets.map((s) => [s.local, s.remote, s.state, s.inode, s.owners, s.ownerStatus])).toEqual([
      [{ address: "0.0.0.0", port: 53 }, { address: "0.0.0.0", port: null }, "CLOSE", 1145418, [], "not-read"],
      [{ address: "::1", port: 56834 }, { address: "::1", port: 123 }, "ESTABLISHED", 1145419, [], "not-read"],
    ]);
  });

  const HEADER = "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
  const SOURCE = "tsnetstat: lsof -n -P -w -i -U -F 0pcuftdinPT";

  it.each([
    ["lsof missing", null, `${SOURCE}: lsof is not installed (not found in PATH) (no sockets listed)\n`],
    ["lsof exiting 2", 'echo "lsof: some failure" >&2; exit 2', `${SOURCE}: exited with status 2: lsof: some failure (no sockets listed)\n`],
    ["lsof killed", "kill -KILL $$", `${SOURCE}: killed by SIGKILL (no sockets listed)\n`],
    ["lsof printing something else", "echo 'hello there'", `${SOURCE}:1: not lsof field output (unknown field id "h")\n`],
  ])("%s: the header, and one line naming the command and what happened", (name, body, stderr) => {
    const path = body === null ? "/nonexistent" : `${fakeLsof(name.replace(/ /g, "-"), body)}:/usr/bin:/bin`;
    expect(run(path, ["--source", "lsof", "-tan"], { TSNETSTAT_PLATFORM: "linux" })).toEqual({ status: 0, stdout: HEADER, stderr });
  });

  it("on another platform --source lsof is refused", () => {
    expect(run("/usr/bin:/bin", ["--source", "lsof", "-an"], { TSNETSTAT_PLATFORM: "freebsd" })).toEqual({
      status: 1,
      stdout: "",
      stderr: "tsnetstat: --source lsof is for Linux; on freebsd netstat lists the sockets and lsof their owners\n",
    });
  });
});
