// SCTP against the installed netstat 2.10: the same /proc tree (fixtures/linux/sctp/proc) shown to
// netstat through a bind mount over /proc in a private mount and network namespace (no traffic
// leaves it), and to tsnetstat through --proc-root. Needs root.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../support/fixtures.js";
import { skipRootTests } from "../support/root.js";

const TREE = join(projectRoot, "fixtures/linux/sctp/proc");
const TSNETSTAT = join(projectRoot, "bin/tsnetstat");

function run(argv: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: "latin1" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skipRootTests("live SCTP"))("live: -S on a /proc tree, tsnetstat vs netstat 2.10", () => {
  it.each(["-San", "-Saen", "-Sanp", "-Saneeo", "-Sl --numeric-ports", "-tSn", "-Sn -4", "-Sa -n -6", "-nv", "-anv"])("%s", (flags) => {
    const args = flags.split(" ");
    const netstat = run(["unshare", "-m", "-n", "sh", "-c", `mount --bind "$0" /proc && exec netstat "$@"`, TREE, ...args]);
    const ours = run([process.execPath, TSNETSTAT, ...args, "--proc-root", TREE]);
    expect(netstat.stderr).not.toMatch(/unshare|mount/);
    expect(ours).toEqual({ ...netstat, stderr: netstat.stderr.replaceAll("netstat: ", "tsnetstat: ") });
  });
});
