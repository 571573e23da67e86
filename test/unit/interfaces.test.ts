// -i: /proc/net/dev, if_inet6 and the interface table, on files captured in a lab namespace with
// net-tools netstat 2.10's output for them.

import { describe, expect, it } from "vitest";
import { devName, ifrFlags, parseIfInet6, parseProcNetDev } from "../../src/readers/linux/interfaces.js";
import type { DevStats } from "../../src/modes-model.js";
import { INTERFACE_HEADER, INTERFACE_TITLE, interfaceOrder, longEntry, longFlags, nstrcmp, shortBytes, shortFlags, shortRow } from "../../src/format/interfaces.js";
import type { InterfaceView } from "../../src/format/interfaces.js";
import { fixture } from "../support/fixtures.js";

const DEV = "/proc/net/dev";

/** What Debian's netstat shows for an interface whose name has 15 characters (README: differences). */
function zeroStats(s: DevStats | undefined): DevStats | null {
  if (s === undefined) return null;
  const zero = {} as Record<keyof DevStats, bigint>;
  for (const k of Object.keys(s) as (keyof DevStats)[]) zero[k] = 0n;
  return zero;
}

describe("/proc/net/dev", () => {
  it("rows equal netstat -ian's for the same file (MTU and flags, which come from ioctls, taken from its lines)", () => {
    const { records, diagnostics } = parseProcNetDev(fixture("linux/modes/proc-net-dev"), DEV);
    expect(diagnostics).toEqual([]);
    const expected = fixture("linux/modes/netstat-ian.out").split("\n").slice(2, -1);
    const byName = new Map(records.map((r) => [r.name, r.stats]));
    const order = interfaceOrder(records.map((r) => r.name));
    expect(order).toEqual(expected.map((l) => l.split(" ")[0]));
    const flagBits: Record<string, number> = { L: 0x8, R: 0x40, U: 0x1, B: 0x2, M: 0x1000 };
    const rows = order.map((name, i) => {
      const line = expected[i] ?? "";
      const flags = [...(line.split(" ").pop() ?? "")].reduce((f, c) => f | (flagBits[c] ?? 0), 0);
      const view: InterfaceView = {
        name,
        flags,
        mtu: Number(line.slice(16, 21)),
        hwType: 1,
        hwAddress: new Uint8Array(8),
        txQueueLen: 1000,
        inet: null,
        stats: name.length === 15 ? zeroStats(byName.get(name)) : (byName.get(name) ?? null),
      };
      return shortRow(view);
    });
    expect(INTERFACE_TITLE + INTERFACE_HEADER + rows.join("")).toBe(fixture("linux/modes/netstat-ian.out"));
  });

  it("names: aliases keep their ':N', the ':' before the counters ends a name", () => {
    expect(devName("  eth0:   1 2").name).toBe("eth0");
    expect(devName("eth0:1:   1 2").name).toBe("eth0:1");
    expect(devName("a-15-char-name1:123 4").name).toBe("a-15-char-name1");
  });

  it("malformed lines: one diagnostic each, the other interfaces still read", () => {
    const text = fixture("linux/modes/proc-net-dev").split("\n");
    text.splice(3, 0, "  bad0: 1 2 3", "garbage");
    const { records, diagnostics } = parseProcNetDev(text.join("\n"), DEV);
    expect(records.length).toBe(parseProcNetDev(fixture("linux/modes/proc-net-dev"), DEV).records.length);
    expect(diagnostics).toEqual([
      { source: DEV, line: 4, message: "malformed interface line skipped" },
      { source: DEV, line: 5, message: "malformed interface line skipped" },
    ]);
    expect(parseProcNetDev("a\nb\n", DEV).diagnostics).toEqual([{ source: DEV, line: 2, message: "unexpected header (no 'compressed' column)" }]);
  });
});

describe("flags", () => {
  it("SIOCGIFFLAGS from sysfs: RUNNING from operstate while up", () => {
    expect(ifrFlags(0x1003, "up")).toBe(4163);
    expect(ifrFlags(0x1003, "lowerlayerdown")).toBe(4099);
    expect(ifrFlags(0x9, "unknown")).toBe(73);
    expect(ifrFlags(0x1002, "down")).toBe(4098);
  });

  it("netstat's letters and words", () => {
    expect(shortFlags(4163)).toBe("BMRU");
    expect(shortFlags(73)).toBe("LRU");
    expect(shortFlags(0)).toBe("[NO FLAGS]");
    expect(shortFlags(0x100 | 0x10 | 0x1)).toBe("PPU");
    expect(longFlags(4163)).toBe("flags=4163<UP,BROADCAST,RUNNING,MULTICAST>");
    expect(longFlags(0)).toBe("flags=0<");
    expect(longFlags(0x2000)).toBe("flags=8192");
  });
});

describe("order and the ifconfig form", () => {
  it("nstrcmp: lib/nstrcmp.c's own test cases", () => {
    const sign = (n: number): number => Math.sign(n);
    const cases: [string, string, number][] = [
      ["eth1", "eth1", 0], ["eth0:1", "eth0:1", 0], ["lan", "lan", 0], ["100", "100", 0], ["", "", 0], [":", ":", 0],
      ["a:b:c", "a:b:c", 0], ["a:", "a:", 0], [":a", ":a", 0], ["a", "aa", -1], ["eth0", "eth1", -1], ["eth1", "eth20", -1],
      ["eth20", "eth100", -1], ["eth1", "eth13", -1], ["eth", "eth2", -1], ["eth0:1", "eth0:2", -1], ["eth1:10", "eth13:10", -1],
      ["eth1:1", "eth1:13", -1], ["a", "a:", -1], ["aa", "a", 1], ["eth2", "eth1", 1], ["eth13", "eth1", 1], ["eth2", "eth", 1],
      ["eth2:10", "eth2:1", 1], ["eth2:5", "eth2:4", 1], ["eth3:2", "eth2:3", 1], ["eth13:1", "eth1:0", 1], ["a:", "a", 1],
      ["a1b12", "a1b2", 1], ["eth1", "eth01", 1], ["eth01", "eth1", -1], ["eth1:1", "eth01:1", 1], ["eth01:1", "eth1:1", -1],
      ["eth1:1", "eth01:01", 1], ["eth1:01", "eth01:1", 1], ["eth01:1", "eth1:01", -1], ["eth01:01", "eth1:1", -1],
    ];
    for (const [a, b, want] of cases) expect([a, b, sign(nstrcmp(a, b))]).toEqual([a, b, want]);
    expect(interfaceOrder(["lo", "eth10", "eth2", "eth2", "eth2:1", "br0"])).toEqual(["br0", "eth2", "eth2:1", "eth10", "lo"]);
  });

  it("byte counts as ife_print_long shows them", () => {
    expect(shortBytes(0n)).toBe("0.0 B");
    expect(shortBytes(1006n)).toBe("1006.0 B");
    expect(shortBytes(16784n)).toBe("16.3 KiB");
    expect(shortBytes(1024n)).toBe("1024.0 B");
    expect(shortBytes(5n * 1073741824n + 1n)).toBe("5.0 GiB");
  });

  it("one interface in the ifconfig form (netstat -ie on the lab, copied)", () => {
    const inet6 = parseIfInet6(
      "20010db8000900000000000000000001 03 40 00 80       va\nfe800000000000008857fefffeb1df83 03 40 20 80       va\n",
      "/proc/net/if_inet6",
    );
    expect(inet6.diagnostics).toEqual([]);
    const st = parseProcNetDev(fixture("linux/modes/proc-net-dev"), DEV).records.find((r) => r.name === "va")?.stats ?? null;
    const view: InterfaceView = {
      name: "va",
      flags: 4163,
      mtu: 1400,
      hwType: 1,
      hwAddress: Uint8Array.from([0x8a, 0x57, 0xfe, 0xb1, 0xdf, 0x83, 0, 0]),
      txQueueLen: 1000,
      inet: { address: "10.9.0.1", netmask: "255.255.255.0", broadcast: "10.9.0.255" },
      stats: st,
    };
    expect(longEntry(view, inet6.records)).toBe(
      "va: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1400\n" +
        "        inet 10.9.0.1  netmask 255.255.255.0  broadcast 10.9.0.255\n" +
        "        inet6 2001:db8:9::1  prefixlen 64  scopeid 0x0<global>\n" +
        "        inet6 fe80::8857:feff:feb1:df83  prefixlen 64  scopeid 0x20<link>\n" +
        "        ether 8a:57:fe:b1:df:83  txqueuelen 1000  (Ethernet)\n" +
        `        RX packets ${st?.rxPackets}  bytes ${st?.rxBytes} (${shortBytes(st?.rxBytes ?? 0n)})\n` +
        "        RX errors 0  dropped 0  overruns 0  frame 0\n" +
        `        TX packets ${st?.txPackets}  bytes ${st?.txBytes} (${shortBytes(st?.txBytes ?? 0n)})\n` +
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n",
    );
    const lo: InterfaceView = { ...view, name: "lo", flags: 73, mtu: 65536, hwType: 772, hwAddress: new Uint8Array(8), inet: null, stats: null };
    expect(longEntry(lo, [])).toBe("lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        loop  txqueuelen 1000  (Local Loopback)\n\n");
  });

  it("if_inet6: malformed lines are reported", () => {
    expect(parseIfInet6("zz 01 40 00 80 va\n", "/proc/net/if_inet6").diagnostics).toEqual([
      { source: "/proc/net/if_inet6", line: 1, message: "malformed if_inet6 line skipped" },
    ]);
  });
});
