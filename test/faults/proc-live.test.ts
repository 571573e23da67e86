// /proc faults that need a live system (issue 7): hidepid=2 (other users' processes invisible)
// and owner churn (hundreds of short-lived processes opening and closing sockets, some exec'ing,
// while -tanp runs again and again): never a crash, never an owner that did not hold the socket.

import { mkdtempSync, readFileSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { FaultNs, removeStaleNamespaces } from "./fault-lab.js";
import type { Run } from "./fault-lab.js";

const NOT_ALL = "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n";

/** Rows of a -tanp table: local port, remote port, state, pid (null for "-"). */
function rows(table: string): { local: number; remote: number; state: string; pid: number | null; line: string }[] {
  const out = [];
  for (const line of table.split("\n").slice(2)) {
    if (line === "") continue;
    const f = line.split(/\s+/);
    const port = (a: string | undefined): number => Number((a ?? "").slice((a ?? "").lastIndexOf(":") + 1).replace("*", "0"));
    const prog = f[6] ?? "";
    out.push({ local: port(f[3]), remote: port(f[4]), state: f[5] ?? "", pid: prog === "-" ? null : Number(prog.split("/")[0]), line });
  }
  return out;
}

describe.skipIf(skipRootTests("/proc live faults"))("/proc faults on a live system", () => {
  const lab = new FaultNs();
  const dir = mkdtempSync(join(tmpdir(), "tsf-churn-"));
  const log = join(dir, "owners.log");
  beforeAll(async () => {
    removeStaleNamespaces();
    chmodSync(dir, 0o755);
    lab.create([]);
    // in a pid namespace of its own: the walks see the churn, not the rest of a busy machine
    await lab.start(join(import.meta.dirname, "churn.py"), [log], true);
  });
  afterAll(() => {
    expect(lab.stop()).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** pid -> the one port it was made to hold (from churn.py's log, read after the runs). */
  const holders = (): Map<number, number> => {
    const m = new Map<number, number>();
    for (const line of readFileSync(log, "utf8").split("\n")) {
      const [pid, port] = line.split(" ").map(Number);
      if (pid !== undefined && port !== undefined && line !== "") m.set(pid, port);
    }
    return m;
  };

  /** Every owner shown must be the process that held that port (churn listeners, their connections, 7000, 7001). */
  const wrongOwners = (runs: readonly Run[]): string[] => {
    const h = holders();
    const wrong: string[] = [];
    for (const r of runs) {
      for (const row of rows(r.stdout)) {
        if (row.pid === null) continue;
        const port = row.local >= 7000 && row.local < 20000 ? row.local : row.remote;
        // every child holds the parent's 7000 from its fork until it closes it
        if (port === 7000 && h.has(row.pid)) continue;
        if (h.get(row.pid) !== port) wrong.push(`${row.line} (pid ${row.pid} held ${String(h.get(row.pid))})`);
      }
    }
    return wrong;
  };

  it("owner churn: 20 runs of -tanp as root and 10 as nobody, each complete and right", async () => {
    const root: Run[] = [];
    const nobody: Run[] = [];
    for (let i = 0; i < 10; i++) {
      const [a, b, c] = await Promise.all([lab.tsnetstat(["-tanp"]), lab.tsnetstat(["-tanp"]), lab.tsnetstat(["-tanp"], { user: "nobody" })]);
      root.push(a as Run, b as Run);
      nobody.push(c as Run);
    }
    for (const r of root) {
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      expect(r.stdout).toContain("\ntcp        0      0 127.0.0.1:7000          0.0.0.0:*               LISTEN      ");
    }
    for (const r of nobody) {
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: NOT_ALL });
      // nobody sees its own listener's owner and no other
      expect(rows(r.stdout).filter((x) => x.pid !== null).map((x) => x.local)).toEqual([7001]);
    }
    expect(wrongOwners([...root, ...nobody])).toEqual([]);
    // the churn was real: many distinct short-lived owners were seen
    const seen = new Set(root.flatMap((r) => rows(r.stdout).map((x) => x.pid)).filter((p) => p !== null));
    expect(seen.size).toBeGreaterThan(20);
  });

  it("owner churn with --json: valid JSON every time, every owner the holder", async () => {
    const h0 = Date.now();
    const runs = await Promise.all(Array.from({ length: 10 }, () => lab.tsnetstat(["-tanp", "--json"])));
    const h = holders();
    const wrong: string[] = [];
    for (const r of runs) {
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      const doc = JSON.parse(r.stdout) as { sockets: { local: { port: number | null }; remote: { port: number | null }; owners: { pid: number }[] }[] };
      for (const s of doc.sockets) {
        const local = s.local.port ?? 0;
        const port = local >= 7000 && local < 20000 ? local : (s.remote.port ?? 0);
        for (const o of s.owners) if (!(port === 7000 && h.has(o.pid)) && h.get(o.pid) !== port) wrong.push(`${JSON.stringify(s)} (pid ${o.pid} held ${String(h.get(o.pid))})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(Date.now() - h0).toBeLessThan(30_000);
  });

  it("root that can read no process (root of a user namespace): never told to be root", async () => {
    // stdio on files: a socket of its own would count as a process it could read
    const out = join(dir, "userns.out");
    const err = join(dir, "userns.err");
    const r = await lab.run([process.execPath, lab.bin(), "-tlnp"], { shell: `exec unshare -U -r -- "$@" </dev/null >${out} 2>${err}` });
    expect(r.status).toBe(0);
    expect(readFileSync(err, "utf8")).toBe('(No info could be read for "-p": /proc/<pid>/fd could not be read, even as root.)\n');
    expect(readFileSync(out, "utf8")).toContain("\ntcp        0      0 127.0.0.1:7000          0.0.0.0:*               LISTEN      -                   \n");
  });

  it("hidepid=2: as nobody, the same table and notice as netstat", async () => {
    const hide = "mount -t proc -o hidepid=2 proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- \"$@\" >\"$OUT\" 2>\"$ERR\"";
    const runTo = async (argv: string[]): Promise<{ stdout: string; stderr: string; status: number | null }> => {
      const out = join(dir, `out-${argv[0] === "netstat" ? "n" : "t"}`);
      const err = `${out}.err`;
      const r = await lab.run(argv, { shell: `OUT=${out} ERR=${err} && ${hide}` });
      return { stdout: readFileSync(out, "latin1"), stderr: readFileSync(err, "latin1"), status: r.status };
    };
    // quiet the churn's effect on the comparison: only the two fixed listeners
    const ts = await runTo([process.execPath, lab.bin(), "-tlnp"]);
    const ns = await runTo(["netstat", "-tlnp"]);
    const fixed = (t: string): string =>
      t
        .split("\n")
        .filter((l) => !/127\.0\.0\.1:(1\d{4})\s/.test(l))
        .join("\n");
    expect(ts.status).toBe(ns.status);
    expect(fixed(ts.stdout)).toBe(fixed(ns.stdout));
    expect(ts.stderr).toBe(ns.stderr.replace(/^netstat: /gm, "tsnetstat: "));
    expect(fixed(ts.stdout)).toContain(":7001 ");
  });
});
