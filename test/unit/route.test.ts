// -r: the /proc/net/route and ipv6_route parsers and netstat's route tables, on files captured in a
// lab namespace together with net-tools netstat 2.10's output for them.

import { describe, expect, it } from "vitest";
import { parseRoute4, parseRoute6 } from "../../src/readers/linux/route.js";
import {
  NUMERIC_ROUTE_NAMES,
  ROUTE4_TITLE,
  route4Flags,
  route4Header,
  route4Row,
  route6Flags,
  route6Row,
  route6Title,
  routeExt,
  rresolve4,
} from "../../src/format/route.js";
import type { RouteNames } from "../../src/format/route.js";
import { fixture } from "../support/fixtures.js";

const ROUTE = "/proc/net/route";
const ROUTE6 = "/proc/net/ipv6_route";

function table4(ext: number, names: RouteNames = NUMERIC_ROUTE_NAMES, numeric = true): string {
  const { records, diagnostics } = parseRoute4(fixture("linux/modes/proc-net-route"), ROUTE);
  expect(diagnostics).toEqual([]);
  return ROUTE4_TITLE + route4Header(ext) + records.map((r) => route4Row(r, ext, numeric, names)).join("");
}

describe("IPv4 routes", () => {
  it("-rn, -rne, -rnee equal netstat's output for the same file", () => {
    expect(table4(routeExt(0))).toBe(fixture("linux/modes/netstat-rn.out"));
    expect(table4(routeExt(1))).toBe(fixture("linux/modes/netstat-rne.out"));
    expect(table4(routeExt(2))).toBe(fixture("linux/modes/netstat-rnee.out"));
  });

  it("-eee prints no header and no rows; -eeee is -e again (FLAG_EXT is two bits)", () => {
    expect(routeExt(3)).toBe(0);
    expect(table4(0)).toBe(ROUTE4_TITLE);
    expect(routeExt(4)).toBe(1);
  });

  it("names: default, networks from /etc/networks, hosts for gateways and host routes", () => {
    const names: RouteNames = {
      host: (a) => ({ "10.9.0.2": "peer-b", "10.77.1.1": "h" })[a] ?? null,
      network: (n) => (n === 0x0a090000 ? "labnet" : null),
    };
    const lines = table4(routeExt(0), names, false).split("\n");
    expect(lines[2]).toBe("default         peer-b          0.0.0.0         UG        0 0          0 va");
    expect(lines[3]).toBe("labnet          0.0.0.0         255.255.255.0   U         0 0          0 va");
    expect(lines[6]).toBe("h               0.0.0.0         255.255.255.255 UH        0 0          0 vb");
  });

  it("INET_rresolve's choices", () => {
    expect(rresolve4("0.0.0.0", false, "0.0.0.0", true, false)).toEqual({ kind: "text", text: "default" });
    expect(rresolve4("0.0.0.0", false, "0.0.0.0", false, false)).toEqual({ kind: "text", text: "*" });
    expect(rresolve4("0.0.0.0", false, "255.255.255.0", false, true)).toEqual({ kind: "text", text: "0.0.0.0" });
    expect(rresolve4("10.1.2.0", false, "255.255.255.0", true, false)).toEqual({ kind: "network", address: "10.1.2.0", net: 0x0a010200 });
    expect(rresolve4("10.1.2.0", false, "255.255.0.0", true, false)).toEqual({ kind: "host", address: "10.1.2.0" });
    expect(rresolve4("10.1.2.0", true, "255.255.0.0", true, false)).toEqual({ kind: "text", text: "10.1.2.0" });
  });

  it("flags in netstat's order; a reject route is '!' and what follows", () => {
    expect(route4Flags(0x0003)).toBe("UG");
    expect(route4Flags(0x0205)).toBe("!H");
    expect(route4Flags(0x0001 | 0x0010 | 0x0020 | 0x0040)).toBe("UDMu");
  });

  it("a route that is not up is not shown; long names are cut to 15 columns", () => {
    const text = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
      "a-very-long-if0\t0000000A\t00000000\t0000\t0\t0\t0\t000000FF\t0\t0\t0\n" +
      "a-very-long-if0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n";
    const { records } = parseRoute4(text, ROUTE);
    expect(records.map((r) => route4Row(r, 3, true, NUMERIC_ROUTE_NAMES))).toEqual([
      "",
      "10.0.0.0        0.0.0.0         255.0.0.0       U     0      0        0 a-very   0     0      0\n",
    ]);
    const long: RouteNames = { host: () => null, network: () => "a-network-name-of-20" };
    expect(route4Row(records[1]!, 2, false, long).slice(0, 17)).toBe("a-network-name- 0");
  });

  it("malformed lines: one diagnostic each naming file and line, the other routes still read", () => {
    const text = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
      "eth0\tZZ\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n" +
      "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\n" +
      "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n";
    const { records, diagnostics } = parseRoute4(text, ROUTE);
    expect(records.length).toBe(1);
    expect(diagnostics).toEqual([
      { source: ROUTE, line: 2, message: "malformed route line skipped (destination)" },
      { source: ROUTE, line: 3, message: "malformed route line skipped (numbers)" },
    ]);
    expect(parseRoute4("Iface\tDest\n", ROUTE).diagnostics).toEqual([
      { source: ROUTE, line: 1, message: "unexpected header, no Destination, Gateway, Flags, RefCnt, Use, Metric, Mask, MTU, Window column" },
    ]);
  });
});

describe("IPv6 routes", () => {
  it("-6rn equals netstat's output for the same file", () => {
    const { records, diagnostics } = parseRoute6(fixture("linux/modes/proc-net-ipv6_route"), ROUTE6);
    expect(diagnostics).toEqual([]);
    expect(route6Title(false) + records.map((r) => route6Row(r, false, true, NUMERIC_ROUTE_NAMES)).join("")).toBe(
      fixture("linux/modes/netstat-6rn.out"),
    );
  });

  it("names: [::] for the unspecified address, host names else; cached routes only in the cache table", () => {
    const { records } = parseRoute6(fixture("linux/modes/proc-net-ipv6_route"), ROUTE6);
    const names: RouteNames = { host: (a) => (a === "2001:db8:9::2" ? "peer6" : null), network: () => null };
    expect(route6Row(records[1]!, false, false, names)).toBe(
      "2001:db8:77::/48               peer6                      UG   1024 1      0 va\n",
    );
    expect(route6Row(records[0]!, false, false, names)).toBe(
      "2001:db8:9::/64                [::]                       U    256 2      0 va\n",
    );
    expect(route6Row(records[0]!, true, false, names)).toBe("");
    expect(route6Flags(0x01000000 | 0x0003)).toBe("UGC");
  });

  it("malformed lines are reported and skipped", () => {
    const good = "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001       va\n";
    const { records, diagnostics } = parseRoute6(`${good}fe80 40 00\n${good}`, ROUTE6);
    expect(records.length).toBe(2);
    expect(diagnostics).toEqual([{ source: ROUTE6, line: 2, message: "malformed ipv6_route line skipped (destination)" }]);
  });
});
