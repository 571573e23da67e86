// Offline golden tests: the /proc files captured on this machine, parsed and formatted with the view
// netstat had, against what the real net-tools netstat 2.10 printed in the same scenario
// (fixtures/linux/captures, copied unchanged from spec/captures/linux).

import { describe, expect, it } from "vitest";
import type { InetSocket, Owner, Socket, UnixSocket } from "../../src/model.js";
import type { NetstatView } from "../../src/format/netstat.js";
import { inetRow, inetTitle, unixRow, unixTitle } from "../../src/format/netstat.js";
import { parseInetTable, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import type { IpProtocol, ListenMode } from "../../src/select.js";
import { plan, wanted } from "../../src/select.js";
import { procTables } from "../../src/readers/linux/index.js";
import { fixture, fixtureLines } from "../support/fixtures.js";
import { numericView as view } from "../support/view.js";

const numericView = (mode: ListenMode, extra: Partial<NetstatView> = {}): NetstatView => view({ mode, ...extra });

/** Every socket with an inode is held by one process (as in the capture scenarios, which ran as root). */
function ownedBy<T extends Socket>(sockets: readonly T[], pid: number, program: string): T[] {
  return sockets.map((s) => (s.inode === 0 ? s : { ...s, owners: [{ pid, fd: 3, program, comm: program, cmdline: program } satisfies Owner] }));
}

function unixSockets(): UnixSocket[] {
  const parsed = parseUnixTable(fixture("linux/captures/unix/proc-net-unix.out"), { source: "proc-net-unix.out" });
  expect(parsed.diagnostics).toEqual([]);
  return parsed.records;
}

function unixReport(view: NetstatView, sockets: readonly UnixSocket[]): string[] {
  const text = unixTitle(view) + sockets.filter(wanted(view.mode)).map((s) => unixRow(s, view)).join("");
  return text.slice(0, -1).split("\n");
}

/** The one intended difference (README "Differences" 2): netstat 2.10 cuts a path at its first space. */
const WITH_SPACE_NETSTAT = "/tmp/tsn-demo/usock/with";
const WITH_SPACE_OURS = "/tmp/tsn-demo/usock/with space.sock";

function differences(ours: readonly string[], theirs: readonly string[]): { line: number; ours: string; netstat: string }[] {
  expect(ours.length).toBe(theirs.length);
  const out: { line: number; ours: string; netstat: string }[] = [];
  theirs.forEach((t, i) => {
    if (ours[i] !== t) out.push({ line: i + 1, ours: ours[i] ?? "", netstat: t });
  });
  return out;
}

describe("golden: UNIX table", () => {
  it("netstat -xa: identical except the path with a space", () => {
    const ours = unixReport(numericView("all"), unixSockets());
    const theirs = fixtureLines("linux/captures/unix/netstat-xa.out");
    const diff = differences(ours, theirs);
    const expectedNetstat = `unix  2      [ ACC ]     STREAM     LISTENING     1144984  ${WITH_SPACE_NETSTAT}`;
    expect(diff).toEqual([{ line: 13, ours: `unix  2      [ ACC ]     STREAM     LISTENING     1144984  ${WITH_SPACE_OURS}`, netstat: expectedNetstat }]);
  });

  it("netstat -xl (only servers): identical except the path with a space", () => {
    const ours = unixReport(numericView("listening"), unixSockets());
    const diff = differences(ours, fixtureLines("linux/captures/unix/netstat-xl.out"));
    expect(diff).toEqual([
      {
        line: 5,
        ours: `unix  2      [ ACC ]     STREAM     LISTENING     1144984  ${WITH_SPACE_OURS}`,
        netstat: `unix  2      [ ACC ]     STREAM     LISTENING     1144984  ${WITH_SPACE_NETSTAT}`,
      },
    ]);
  });

  it("netstat -x (w/o servers): identical", () => {
    const ours = unixReport(numericView("connected"), unixSockets());
    expect(ours).toEqual(fixtureLines("linux/captures/unix/netstat-x.out"));
  });

  it("netstat -xap (PID/Program name): identical except the path with a space", () => {
    const view = numericView("all", { programs: true });
    const ours = unixReport(view, ownedBy(unixSockets(), 11261, "python3"));
    const diff = differences(ours, fixtureLines("linux/captures/unix/netstat-xap.out"));
    expect(diff).toEqual([
      {
        line: 13,
        ours: `unix  2      [ ACC ]     STREAM     LISTENING     1144984  11261/python3        ${WITH_SPACE_OURS}`,
        netstat: `unix  2      [ ACC ]     STREAM     LISTENING     1144984  11261/python3        ${WITH_SPACE_NETSTAT}`,
      },
    ]);
  });
});

const INET_FILES = ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"] as const;

function inetSockets(): Map<string, InetSocket[]> {
  const map = new Map<string, InetSocket[]>();
  for (const proto of INET_FILES) {
    const parsed = parseInetTable(fixture(`linux/captures/inet/proc-net-${proto}.out`), proto, { source: proto });
    expect(parsed.diagnostics).toEqual([]);
    map.set(proto, parsed.records);
  }
  return map;
}

/** What netstat prints for these protocol flags, following the same plan the reader follows. */
function inetReport(protocols: IpProtocol[], view: NetstatView, own?: { pid: number; program: string }): string[] {
  const tables = inetSockets();
  const p = plan({ protocols: new Set(protocols), families: new Set() });
  expect(p.inetHeader).toBe(true);
  expect(p.unix).toBe(false);
  let text = inetTitle(view);
  for (const step of p.inetSteps) {
    for (const proto of procTables(step)) {
      let rows = (tables.get(proto) ?? []).filter(wanted(view.mode));
      if (own) rows = ownedBy(rows, own.pid, own.program);
      for (const s of rows) text += inetRow(s, view);
    }
  }
  return text.slice(0, -1).split("\n");
}

describe("golden: Internet table (numeric)", () => {
  it.each([
    ["netstat-an.out", ["tcp", "udp", "raw"], "all"],
    ["netstat-tln.out", ["tcp"], "listening"],
    ["netstat-tn.out", ["tcp"], "connected"],
    ["netstat-uan.out", ["udp"], "all"],
    ["netstat-wan.out", ["raw"], "all"],
  ] as const)("%s", (file, protocols, mode) => {
    expect(inetReport([...protocols], numericView(mode))).toEqual(fixtureLines(`linux/captures/inet/${file}`));
  });

  it("netstat-tane.out (-e, numeric users)", () => {
    expect(inetReport(["tcp"], numericView("all", { extend: true }))).toEqual(fixtureLines("linux/captures/inet/netstat-tane.out"));
  });

  it.each([
    ["netstat-uanpeo.out", "udp"],
    ["netstat-wanpeo.out", "raw"],
  ] as const)("%s (-p -e -o)", (file, protocol) => {
    const view = numericView("all", { extend: true, programs: true, timers: true });
    expect(inetReport([protocol], view, { pid: 16400, program: "python3" })).toEqual(fixtureLines(`linux/captures/inet/${file}`));
  });
});
