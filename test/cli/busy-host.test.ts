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

const PROCS = 3;
const DEBUG = /^tsnetstat: threads: .*\n/gm;

/** A run, with TSNETSTAT_DEBUG=threads's lines (which paths ran) apart from the rest of stderr. */
function run(args: readonly string[], debug: string): Run & { threads: string[] } {
  const env = { ...process.env, TSNETSTAT_DEBUG: debug };
  const r = spawnSync(process.execPath, [BIN, "--proc-root", tree, ...args], { encoding: "utf8", maxBuffer: 64 << 20, env });
  const threads = (r.stderr.match(DEBUG) ?? []).map((l) => l.slice("tsnetstat: threads: ".length, -1));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(DEBUG, ""), threads };
}

/**
 * Run with sockstat saying how busy the host is: the busy one takes the threaded paths; the quiet
 * one is kept to a single thread (TSNETSTAT_DEBUG=no-threads: the -p walk would otherwise go
 * parallel anyway, by the number of table rows).
 */
function runAs(host: "busy" | "quiet", args: readonly string[]): Run & { threads: string[] } {
  writeFileSync(join(tree, "net", "sockstat"), host === "busy" ? sockstat : "sockets: used 5\n");
  try {
    return run(args, host === "busy" ? "threads" : "threads,no-threads");
  } finally {
    writeFileSync(join(tree, "net", "sockstat"), sockstat);
  }
}

describe("a busy host (synthetic /proc with 30,000 sockets)", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "tsnetstat-busy-"));
    tree = join(work, "proc");
    execFileSync(process.execPath, ["bench/synth-proc.mjs", tree, "--sockets", String(SOCKETS), "--procs", String(PROCS)], {
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
    const owners = flags[0]?.includes("p") === true;
    it(`${flags.join(" ")}: the same bytes as the single-threaded path, and the threaded path ran`, () => {
      const { threads: quietThreads, ...quiet } = runAs("quiet", flags);
      expect(quiet.status).toBe(0);
      expect(quiet.stderr).toBe("");
      // the JSON forms carry the time of each run
      const untimed = (r: typeof quiet) => ({ ...r, stdout: r.stdout.replace(/"time":"[^"]*"/g, '"time":""') });
      // The table reader thread takes its first slot only once it is up (~30 ms); on a loaded
      // machine the main thread may have read the whole table by then, which is right but is not
      // the path under test: up to five runs, each of them byte-identical, until one used it.
      let threads: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const { threads: t, ...busy } = runAs("busy", flags);
        expect(untimed(busy)).toEqual(untimed(quiet));
        threads = t;
        if (owners || threads[0] !== "table reader thread: not used") break;
      }
      expect(quietThreads).toEqual(["table reader thread: not used", `owner walk: ${owners ? "one thread" : "none"}`]);
      if (owners) {
        // the walker thread started, reported, and its records were merged with this thread's for every process
        expect(threads[0]).toBe("table reader thread: not used");
        const m = /^owner walk: walker thread (\d+), this thread (\d+) processes$/.exec(threads[1] ?? "");
        expect(m, threads[1]).not.toBeNull();
        expect(Number(m?.[1]) + Number(m?.[2])).toBe(PROCS);
      } else {
        // the table reader thread handed over slots of the tables (at 64 KB a slot, many of them)
        expect(threads[0]).toMatch(/^table reader thread: [1-9]\d* slots read$/);
        expect(threads[1]).toBe("owner walk: none");
      }
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
