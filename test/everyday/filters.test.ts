// Filters, --jsonl and --json on a known population in a private namespace: every --jsonl line
// parses, and each filter flag gives exactly the sockets that selecting on the unfiltered lines
// gives (issue 10 items 2-3); the same filters on the tables keep exactly those rows.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { ensureBuilt } from "../support/cli.js";
import { createNamespace, deleteNamespace, inNs, nsRun, startPopulation } from "./ns.js";

interface Line {
  host: string;
  time: string;
  proto: string;
  family?: string;
  local?: { address: string; port: number | null };
  remote?: { address: string; port: number | null };
  state: string | null;
  uid?: number | null;
  owners: { pid: number; program: string; comm: string | null }[];
}

const skip = skipRootTests("everyday filters");

function jsonl(args: string[]): Line[] {
  const r = inNs([...args, "--jsonl"]);
  expect([r.status, r.stderr]).toEqual([0, ""]);
  const lines = r.stdout.split("\n");
  expect(lines.pop()).toBe("");
  return lines.map((l) => JSON.parse(l) as Line);
}

const strip = (l: Line) => ({ ...l, host: "", time: "" });
const inRange = (p: number | null | undefined, lo: number, hi: number): boolean => p !== null && p !== undefined && p >= lo && p <= hi;

describe.skipIf(skip)("filters against selection on --jsonl lines", () => {
  // with owners (-p) for the owner filters; without for the others (the owner walk is the slow part)
  let all: Line[] = [];
  let bare: Line[] = [];
  beforeAll(async () => {
    ensureBuilt();
    createNamespace();
    await startPopulation();
    all = jsonl(["-tuwap"]);
    bare = jsonl(["-tuwan"]);
  }, 60_000);
  afterAll(deleteNamespace);

  it("every line parses and carries the host name and an ISO 8601 time", () => {
    const host = nsRun(["hostname"]).stdout.trim();
    expect(all.length).toBe(11);
    for (const l of all) {
      expect(l.host).toBe(host);
      expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(new Set(all.map((l) => l.time)).size).toBe(1);
  });

  const cases: [string[], (l: Line) => boolean][] = [
    [["--port", "5003"], (l) => l.local?.port === 5003 || l.remote?.port === 5003],
    [["--port", "5001-5003,5007"], (l) => [l.local?.port, l.remote?.port].some((p) => inRange(p, 5001, 5003) || p === 5007)],
    [["--sport", "5005"], (l) => l.local?.port === 5005],
    [["--dport", "5004,5005"], (l) => l.remote?.port === 5004 || l.remote?.port === 5005],
    [["--state", "LISTEN"], (l) => l.state === "LISTEN"],
    [["--state", "established,listen"], (l) => l.state === "ESTABLISHED" || l.state === "LISTEN"],
    [["--state", "connected"], (l) => l.state !== null && l.state !== "LISTEN" && l.state !== "CLOSE"],
    [["--state", "synchronized"], (l) => l.state !== null && !["LISTEN", "CLOSE", "SYN_SENT"].includes(l.state)],
    [["--address", "127.0.0.0/8"], (l) => [l.local?.address, l.remote?.address].some((a) => a?.startsWith("127."))],
    [["--address", "::1"], (l) => l.local?.address === "::1" || l.remote?.address === "::1"],
    [["--address", "0.0.0.0/32"], (l) => l.local?.address === "0.0.0.0" || l.remote?.address === "0.0.0.0"],
    [["--user", "root"], (l) => l.uid === 0],
    [["--user", "65534"], (l) => l.uid === 65534],
    [["--program", "python3"], (l) => l.owners.some((o) => o.program === "python3")],
    [["--program", "sshd"], () => false],
    [["--port", "5005", "--state", "established", "--address", "127.0.0.1"], (l) => (l.local?.port === 5005 || l.remote?.port === 5005) && l.state === "ESTABLISHED"],
  ];

  it.each(cases)("%j", (flags, select) => {
    const owners = flags.includes("--program");
    const expected = (owners ? all : bare).filter(select).map(strip);
    expect(jsonl([owners ? "-tuwap" : "-tuwan", ...flags]).map(strip)).toEqual(expected);
  });

  it("--pid keeps the sockets of that process", () => {
    const pid = all.find((l) => l.owners.length > 0)?.owners[0]?.pid ?? -1;
    expect(jsonl(["-tuwap", "--pid", String(pid)]).map(strip)).toEqual(all.filter((l) => l.owners.some((o) => o.pid === pid)).map(strip));
  });

  it("--json: the same sockets as --jsonl, with host and time once", () => {
    const r = inNs(["-tuwan", "--port", "5001-5003", "--json"]);
    const doc = JSON.parse(r.stdout) as { schema: string; host: string; time: string; sockets: Line[] };
    expect(Object.keys(doc)).toEqual(["schema", "host", "time", "sockets"]);
    expect(doc.sockets.map((s) => strip({ ...s, host: "", time: "" }))).toEqual(bare.map(strip).filter((l) => [l.local?.port, l.remote?.port].some((p) => inRange(p, 5001, 5003))).map(strip));
  });

  it("a table with a filter keeps exactly the rows of the unfiltered table that match", () => {
    const table = inNs(["-tun"]).stdout.split("\n");
    const filtered = inNs(["-tun", "--sport", "5005,5007"]);
    expect(filtered.stderr).toBe("");
    expect(filtered.stdout.split("\n")).toEqual([...table.slice(0, 2), ...table.slice(2).filter((row) => /^127\.0\.0\.1:500[57] /.test(row.slice(20))), ""]);
  });

  it("-tln 5003: the table as with -tln, and one line pointing at --port", () => {
    const r = inNs(["-tln", "5003"]);
    expect(r.stdout).toBe(inNs(["-tln"]).stdout);
    expect(r.stderr).toBe("tsnetstat: ignored '5003': netstat takes no operands (to select port 5003: --port 5003)\n");
  });

  it("--user with an unknown name: one line, status 1", () => {
    const r = inNs(["-tan", "--user", "no-such-user-tse"]);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", "tsnetstat: --user: no user 'no-such-user-tse' in /etc/passwd\n"]);
  });
});
