import { describe, expect, it } from "vitest";
import { dnsUnmapped, ptrName } from "../../src/names/inet.js";
import { formatIPv6, parseIPv4, parseIPv6 } from "../../src/addr.js";
import { hostText } from "../../src/format/netstat.js";
import type { NetstatView } from "../../src/format/netstat.js";
import { NUMERIC_NAMES } from "../../src/names/lookup.js";

describe("inet_pton", () => {
  it("IPv4 is strict", () => {
    expect(parseIPv4("10.0.0.1")).toEqual(new Uint8Array([10, 0, 0, 1]));
    for (const bad of ["10.0.0", "10.0.0.256", "10.0.0.01", "1.2.3.4.5", " 1.2.3.4", "0x1.2.3.4"]) expect(parseIPv4(bad)).toBeNull();
  });
  it("IPv6 round-trips through the reader's formatter", () => {
    for (const a of ["::", "::1", "fd00::1", "::ffff:127.0.0.1", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "fe80::1ff:fe23:4567:890a", "::127.0.0.2"]) {
      const b = parseIPv6(a);
      expect(b).not.toBeNull();
      expect(formatIPv6(b ?? new Uint8Array(16))).toBe(a);
    }
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4::", "fe80::1%eth0", ":1::2", "1::2:"]) {
      expect(parseIPv6(bad)).toBeNull();
    }
  });
  it("PTR names and glibc's unmapping for DNS", () => {
    expect(ptrName(new Uint8Array([127, 10, 0, 1]))).toBe("1.0.10.127.in-addr.arpa");
    expect(ptrName(parseIPv6("fd00::1") ?? new Uint8Array())).toBe(`1.${"0.".repeat(29)}d.f.ip6.arpa`);
    expect(dnsUnmapped(parseIPv6("::ffff:10.1.2.3") ?? new Uint8Array())).toEqual(new Uint8Array([10, 1, 2, 3]));
    expect(dnsUnmapped(parseIPv6("::10.1.2.3") ?? new Uint8Array())).toEqual(new Uint8Array([10, 1, 2, 3]));
    expect(dnsUnmapped(parseIPv6("::1") ?? new Uint8Array())).toBeNull();
    expect(dnsUnmapped(parseIPv6("fd00::1") ?? new Uint8Array())).toBeNull();
  });
});

describe("hostText (lib/inet6.c fix_v4_address)", () => {
  const view = (name: string | null, numericHosts = false): NetstatView => ({
    mode: "all", extend: false, programs: false, timers: false, wide: false, numericHosts, numericPorts: false, numericUsers: false,
    names: { ...NUMERIC_NAMES, host: () => name },
  });
  it("mapped addresses print as IPv4, resolved or not", () => {
    expect(hostText("::ffff:10.0.0.1", view(null))).toBe("10.0.0.1");
    expect(hostText("::ffff:10.0.0.1", view(null, true))).toBe("10.0.0.1");
    expect(hostText("::ffff:10.0.0.1", view("alpha.test"))).toBe("alpha.test");
    expect(hostText("::ffff:10.0.0.1", view("localhost"))).toBe("localhost");
    // the ':' before the first '.' ends what is dropped (a name from /etc/hosts may hold one)
    expect(hostText("::ffff:10.0.0.1", view("weird:name.x"))).toBe("name.x");
    expect(hostText("::ffff:10.0.0.1", view("a.b:c"))).toBe("a.b:c");
  });
  it("unspecified addresses", () => {
    expect(hostText("0.0.0.0", view("never"))).toBe("0.0.0.0");
    expect(hostText("::", view("never"))).toBe("[::]");
    expect(hostText("::", view(null, true))).toBe("::");
  });
});
