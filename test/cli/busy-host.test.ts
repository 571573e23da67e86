// The busy-host paths: at 20,000 sockets and more (by /proc/net/sockstat), a helper thread reads the
// tables while the main thread parses and prints, and walks /proc/<pid>/fd next to it for -p. Their
// output must be exactly what the single-threaded path prints for the same tree. No root needed:
// a synthetic /proc tree (bench/synth-proc.mjs) read with --proc-root.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../support/fixtures.js";

const BIN = join(projectRoot, "bin/tsnetstat");
const SOCKETS = 30_000;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let work = "";
let tree = "";
let sockstat = "";

function run(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, [BIN, "--proc-root", tree, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run with sockstat saying how busy the host is: the busy one takes the threaded paths. */
function runAs(host: "busy" | "quiet", args: readonly string[]): Run {
  writeFileSync(join(tree, "net", "sockstat"), host === "busy" ? sockstat : "sockets: used 5\n");
  try {
    return run(args);
  } finally {
    writeFileSync(join(tree, "net", "sockstat"), sockstat);
  }
}

describe("a busy host (synthetic /proc with 30,000 sockets)", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "tsnetstat-busy-"));
    tree = join(work, "proc");
    execFileSync(process.execPath, ["bench/synth-proc.mjs", tree, "--sockets", String(SOCKETS), "--procs", "3"], {
      cwd: projectRoot,
      stdio: "ignore",
    });
    sockstat = readFileSync(join(tree, "net", "sockstat"), "utf8");
  }, 120_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("the tree is busy enough for the threaded paths", () => {
    const used = /^sockets: used (\d+)/m.exec(sockstat);
    expect(Number(used?.[1])).toBeGreaterThanOrEqual(20_000);
  });

  for (const flags of [["-tan"], ["-tanp"], ["-tuna"], ["-tlnp"], ["-tan", "--json"], ["-xap"]]) {
    it(`${flags.join(" ")}: the same bytes as the single-threaded path`, () => {
      const quiet = runAs("quiet", flags);
      const busy = runAs("busy", flags);
      expect(quiet.status).toBe(0);
      expect(quiet.stderr).toBe("");
      // the JSON forms carry the time of each run
      const untimed = (r: typeof busy) => ({ ...r, stdout: r.stdout.replace(/"time":"[^"]*"/g, '"time":""') });
      expect(untimed(busy)).toEqual(untimed(quiet));
    });
  }

  it("-tan prints one row per TCP socket of the tree", () => {
    const tcp = readFileSync(join(tree, "net", "tcp"), "latin1").split("\n").length - 2;
    const tcp6 = readFileSync(join(tree, "net", "tcp6"), "latin1").split("\n").length - 2;
    const connected = runAs("busy", ["-tan"]).stdout.split("\n").length - 3; // title, header, final newline
    expect(connected).toBe(tcp + tcp6);
  });

  it("| head -3 on the threaded path ends quietly with status 0", () => {
    writeFileSync(join(tree, "net", "sockstat"), sockstat);
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" --proc-root "${tree}" -tan | head -3; echo "status \${PIPESTATUS[0]}"`], {
      encoding: "utf8",
    });
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "Active Internet connections (servers and established)",
      "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
    ]);
    expect(lines[3]).toBe("status 0");
    expect(r.stderr).toBe("");
  });
});
