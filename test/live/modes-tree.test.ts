// netstat 2.10 on /proc trees of our own: in a private mount namespace a tree is bound over /proc
// (`unshare -m -n`, as test/live/sctp.test.ts does), so netstat reads exactly the files that
// tsnetstat reads with --proc-root. Edge cases no lab can make (routing flags, cached IPv6
// routes, IPv4-mapped destinations, long device names) and this machine's own counters.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { compareRuns } from "./compare.js";
import type { RunResult } from "./compare.js";
import { TSNETSTAT } from "./lab.js";

const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };

const ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
const route = (iface: string, dst: string, gw: string, flags: string, ref: number, use: number, metric: number, mask: string, mtu: number, win: number, irtt: number): string =>
  `${iface}\t${dst}\t${gw}\t${flags}\t${ref}\t${use}\t${metric}\t${mask}\t${mtu}\t${win}\t${irtt}`;

const ROUTES = [
  ROUTE_HEADER.slice(0, ROUTE_HEADER.indexOf("IRTT") + 4),
  route("eth0", "00000000", "0101A8C0", "0003", 0, 0, 100, "00000000", 0, 0, 0),
  route("eth0", "0001A8C0", "00000000", "0001", 2, 123456789, 0, "00FFFFFF", 1500, 64240, 300),
  route("averyverylongif", "0000000A", "FE01A8C0", "0033", 1, 7, 20, "000000FF", 0, 0, 0),
  route("eth0", "0500000A", "00000000", "000D", 0, 1, 0, "FFFFFFFF", 0, 0, 0),
  route("eth1", "0000100A", "00000000", "0000", 0, 0, 0, "0000FFFF", 0, 0, 0),
  route("*", "0000200A", "00000000", "0201", 0, 3, 5, "0000FFFF", 0, 0, 0),
  route("eth1", "00000080", "00000000", "0001", 0, 0, 0, "00000080", 0, 0, 0),
].join("\n") + "\n";

const v6 = (dst: string, plen: string, hop: string, metric: string, ref: string, use: string, flags: string, dev: string): string =>
  `${dst} ${plen} 00000000000000000000000000000000 00 ${hop} ${metric} ${ref} ${use} ${flags} ${dev.padStart(8)}`;
const Z = "00000000000000000000000000000000";
const IPV6_ROUTES = [
  v6("20010db8000100000000000000000000", "40", Z, "00000100", "00000001", "00000000", "00000001", "eth0"),
  v6(Z, "00", "fe800000000000000000000000000001", "00000400", "00000002", "0000002a", "00450003", "eth0"),
  v6("00000000000000000000ffff0a000000", "68", Z, "00000100", "00000001", "00000000", "00000001", "eth0"),
  v6("20010db8000200000000000000000005", "80", "20010db8000100000000000000000001", "00000000", "00000001", "00000009", "01000003", "eth0"),
  v6("20010db800030000000000000000000a", "80", Z, "ffffffff", "00000001", "00000000", "00200200", "lo"),
  v6("fd000000000000000000000000000000", "08", Z, "00000100", "00000001", "00000000", "00020001", "a-long-iface-15"),
].join("\n") + "\n";

const IGMP =
  "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n" +
  "1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n" +
  "2\tabcdefghij:     2      V2\n\t\t\t\t030201EF     3 0:00000000\t\t0\n\t\t\t\t010000E0     1 0:00000000\t\t0\n" +
  "3\ta-long-iface-15:     1      V3\n\t\t\t\t640000EF     12 1:0000000A\t\t1\n";
const IGMP6 =
  "1    lo              ff020000000000000000000000000001     1 0000000C 0\n" +
  "3    a-long-iface-15 ff0200000000000000000001ff000001     2 00000004 0\n" +
  "3    a-long-iface-15 ff1e0000000000000000ffff0a000001     1 00000004 1\n";

describe.skipIf(skipRootTests("netstat on /proc trees of our own"))("live: netstat 2.10 on /proc trees (bound over /proc) against --proc-root", () => {
  let root: string;

  /** netstat with `tree` as its /proc, and tsnetstat with --proc-root tree. */
  function both(tree: string, args: readonly string[]): { ns: RunResult; ts: RunResult } {
    const n = spawnSync("unshare", ["-m", "-n", "sh", "-c", 'mount --bind "$0" /proc && exec netstat "$@"', tree, ...args], { encoding: "utf8", env: ENV });
    const t = spawnSync(process.execPath, [TSNETSTAT, ...args, "--proc-root", tree], { encoding: "utf8", env: ENV });
    return { ns: { stdout: n.stdout, stderr: n.stderr, status: n.status }, ts: { stdout: t.stdout, stderr: t.stderr, status: t.status } };
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tsm-tree-"));
    const edge = join(root, "edge", "net");
    mkdirSync(edge, { recursive: true });
    writeFileSync(join(edge, "route"), ROUTES);
    writeFileSync(join(edge, "ipv6_route"), IPV6_ROUTES);
    writeFileSync(join(edge, "rt_cache"), "Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\tSource\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst\n");
    writeFileSync(join(edge, "igmp"), IGMP);
    writeFileSync(join(edge, "igmp6"), IGMP6);
    // this machine's counters, copied once (reading them sends nothing anywhere)
    const mine = join(root, "mine", "net");
    mkdirSync(mine, { recursive: true });
    for (const f of ["snmp", "netstat", "snmp6"]) writeFileSync(join(mine, f), readFileSync(`/proc/net/${f}`));
    copyFileSync(join(edge, "route"), join(mine, "route"));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  for (const args of [["-rn"], ["-rne"], ["-rnee"], ["-rnC"], ["-rnCF"], ["-6rn"], ["-6rnC"], ["-6rnCF"], ["-gn"], ["-gn6"], ["-gn4"]]) {
    it(`edge cases: ${args.join(" ")}`, () => {
      const { ns, ts } = both(join(root, "edge"), args);
      expect(compareRuns(ns, ts, { stderr: { kind: "exact" }, timerToleranceSeconds: 0 })).toEqual([]);
      // every table has rows, except the IPv4 routing cache Linux has not had since 3.6
      if (args[0] !== "-rnC") expect(ts.stdout.split("\n").length).toBeGreaterThan(3);
    });
  }

  for (const args of [["-s"], ["-st"], ["-su"], ["-sw"], ["-6s"], ["-6su"]]) {
    it(`this machine's counters: ${args.join(" ")}`, () => {
      const { ns, ts } = both(join(root, "mine"), args);
      expect(compareRuns(ns, ts, { stderr: { kind: "exact" }, timerToleranceSeconds: 0 })).toEqual([]);
    });
  }
});
