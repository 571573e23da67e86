// -g and -s: the igmp, igmp6, snmp, netstat and snmp6 parsers and netstat's output for them, on
// files captured in a lab namespace together with net-tools netstat 2.10's output.

import { describe, expect, it } from "vitest";
import { parseIgmp, parseIgmp6 } from "../../src/readers/linux/igmp.js";
import { GROUPS_HEADER, groupRow } from "../../src/format/groups.js";
import { parseSnmp, parseSnmp6, strtoull } from "../../src/readers/linux/snmp.js";
import { StatPrinter, cpytitle } from "../../src/format/statistics.js";
import type { StatFlags } from "../../src/format/statistics.js";
import { fixture } from "../support/fixtures.js";

const none = (): null => null;

describe("-g", () => {
  it("-gn equals netstat's output for the same files", () => {
    const v4 = parseIgmp(fixture("linux/modes/proc-net-igmp"), "/proc/net/igmp");
    const v6 = parseIgmp6(fixture("linux/modes/proc-net-igmp6"), "/proc/net/igmp6");
    expect([...v4.diagnostics, ...v6.diagnostics]).toEqual([]);
    const rows = [...v4.records, ...v6.records].map((m) => groupRow(m, true, none)).join("");
    expect(GROUPS_HEADER + rows).toBe(fixture("linux/modes/netstat-gn.out"));
  });

  it("names, and [::] only without -n", () => {
    const v4 = parseIgmp(fixture("linux/modes/proc-net-igmp"), "/proc/net/igmp");
    const named = v4.records.map((m) => groupRow(m, false, (a) => (a === "239.1.2.3" ? "lab-group" : null)));
    expect(named).toContain("va              1      lab-group\n");
    expect(groupRow({ iface: "x", refCnt: 2, group: "::", family: "inet6" }, false, none)).toBe("x               2      [::]\n");
    expect(groupRow({ iface: "x", refCnt: 2, group: "::", family: "inet6" }, true, none)).toBe("x               2      ::\n");
  });

  it("malformed lines: one diagnostic each naming file and line", () => {
    const igmp = "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n1\tlo        :     1      V3\n\t\t\t\tZZ     1 0:00000000\t\t0\nbogus\n\t\t\t\t010000E0     1 0:00000000\t\t0\n";
    const r = parseIgmp(igmp, "/proc/net/igmp");
    expect(r.records).toEqual([{ iface: "lo", refCnt: 1, group: "224.0.0.1", family: "inet" }]);
    expect(r.diagnostics).toEqual([
      { source: "/proc/net/igmp", line: 3, message: "malformed igmp line skipped (group)" },
      { source: "/proc/net/igmp", line: 4, message: "malformed igmp line skipped (device)" },
    ]);
    expect(parseIgmp6("1 lo ff02 1\n", "/proc/net/igmp6").diagnostics).toEqual([
      { source: "/proc/net/igmp6", line: 1, message: "malformed igmp6 line skipped" },
    ]);
  });
});

const ALL: StatFlags = { raw: true, tcp: true, udp: true, sctp: true };
const ONLY = (k: keyof StatFlags): StatFlags => ({ raw: false, tcp: false, udp: false, sctp: false, [k]: true });

function inet(flags: StatFlags): string {
  const p = new StatPrinter(flags);
  const snmp = parseSnmp(fixture("linux/modes/proc-net-snmp"), "/proc/net/snmp");
  const ext = parseSnmp(fixture("linux/modes/proc-net-netstat"), "/proc/net/netstat");
  expect([...snmp.diagnostics, ...ext.diagnostics]).toEqual([]);
  p.sections(snmp.sections);
  p.sections(ext.sections);
  return p.out;
}

describe("-s", () => {
  it("-s, -st, -su, -sw equal netstat's output for the same files", () => {
    expect(inet(ALL)).toBe(fixture("linux/modes/netstat-s.out"));
    expect(inet(ONLY("tcp"))).toBe(fixture("linux/modes/netstat-st.out"));
    expect(inet(ONLY("udp"))).toBe(fixture("linux/modes/netstat-su.out"));
    expect(inet(ONLY("raw"))).toBe(fixture("linux/modes/netstat-sw.out"));
  });

  it("-6s equals netstat's output for the same files", () => {
    const p = new StatPrinter(ALL);
    const six = parseSnmp6(fixture("linux/modes/proc-net-snmp6"), "/proc/net/snmp6");
    expect(six.diagnostics).toEqual([]);
    p.snmp6(six.counters);
    p.sections(parseSnmp(fixture("linux/modes/proc-net-snmp"), "/proc/net/snmp").sections, "Tcp");
    expect(p.out).toBe(fixture("linux/modes/netstat-6s.out"));
  });

  it("netstat's quirks: unsorted tables, unknown counters, the indentation a histogram leaves", () => {
    const p = new StatPrinter(ALL);
    p.sections([
      { title: "Ip", counters: [["Forwarding", 1n], ["DefaultTTL", 64n], ["InReceives", 5n], ["NewCounter", 0n], ["Newer", 3n]] },
      { title: "Icmp", counters: [["InMsgs", 1n], ["InEchos", 0n], ["InEchoReps", 2n]] },
      { title: "IcmpMsg", counters: [["InType0", 2n]] },
    ]);
    expect(p.out).toBe(
      "Ip:\n    Forwarding: 1\n    5 total packets received\n    Newer: 3\n" +
        "Icmp:\n    1 ICMP messages received\n    ICMP input histogram:\n        echo replies: 2\n" +
        "IcmpMsg:\n        InType0: 2\n",
    );
    expect(cpytitle("Icmp6InMsgs")).toBe("Icmp6");
    expect(cpytitle("UdpLite6InErrors")).toBe("UdpLite6");
    expect(strtoull(" -1", 0)).toEqual([18446744073709551615n, 3]);
    expect(strtoull("x", 0)).toEqual([0n, 0]);
  });

  it("malformed input: reported with file and line", () => {
    const r = parseSnmp("Ip: Forwarding DefaultTTL\nIp: 1\nbroken line\nIp: 2\n", "/proc/net/snmp");
    expect(r.sections).toEqual([{ title: "Ip", counters: [["Forwarding", 1n], ["DefaultTTL", 0n]] }]);
    expect(r.broken).toBe(true);
    expect(r.diagnostics).toEqual([
      { source: "/proc/net/snmp", line: 2, message: "fewer values than names (the missing ones count as 0)" },
      { source: "/proc/net/snmp", line: 3, message: "malformed line (no ':'), the rest not read" },
    ]);
    expect(parseSnmp6("Ip6InReceives 5\nIp6Bad\n", "/proc/net/snmp6")).toEqual({
      counters: [["Ip6InReceives", 5n]],
      diagnostics: [{ source: "/proc/net/snmp6", line: 2, message: "malformed snmp6 line skipped" }],
    });
  });
});
