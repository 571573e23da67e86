import { describe, expect, it } from "vitest";
import {
  parseHosts,
  parseNetworks,
  parseNssServices,
  parseNsswitch,
  parsePasswd,
  parseProtocols,
  parseResolvConf,
  parseResolvOptions,
  parseServices,
  serviceTables,
} from "../../src/names/etc.js";
import { hostsByAddr, netstatHostName, networksByAddr } from "../../src/names/hosts.js";
import { parseAddress } from "../../src/addr.js";

describe("parseServices (glibc files-service.c)", () => {
  const text = [
    "# comment line",
    "   ",
    "ssh\t\t22/tcp\t\t\t# SSH Remote Login Protocol",
    "  smtp   25/tcp   mail   # leading blanks, one alias",
    "http 80/tcp www www-http",
    "domain 53/udp#comment right after",
    "nbp 2/ddp",
    "noport /tcp",
    "noslash 99 tcp",
    "nameonly",
    "big 70000/tcp",
    "neg -1/udp",
    "noproto 123",
    "\r",
  ].join("\n");
  const { records, diagnostics } = parseServices(text, "/etc/services");

  it("reads names, ports, protocols and aliases", () => {
    expect(records.map((r) => [r.name, r.port, r.proto, r.aliases])).toEqual([
      ["ssh", 22, "tcp", []],
      ["smtp", 25, "tcp", ["mail"]],
      ["http", 80, "tcp", ["www", "www-http"]],
      ["domain", 53, "udp", []],
      ["nbp", 2, "ddp", []],
      ["big", 70000 % 65536, "tcp", []],
      ["neg", 65535, "udp", []],
      ["noproto", 123, "", []],
    ]);
  });
  it("reports the lines glibc rejects, with their numbers", () => {
    expect(diagnostics.filter((d) => d.message.startsWith("malformed")).map((d) => d.line)).toEqual([8, 9, 10]);
    expect(diagnostics.find((d) => d.line === 11)?.message).toContain("taken as 4464");
  });
  it("builds per-protocol tables where the last duplicate wins and only official names count", () => {
    const services = parseServices("first 7777/tcp\nsecond 7777/tcp\nudp-only 7778/udp\n" + "x".repeat(70) + " 9/tcp\nipraw 1/raw\n", "s").records;
    const protocols = parseProtocols("icmp\t1\tICMP\nipv6-icmp 58 IPv6-ICMP\nbad x\n", "p").records;
    const t = serviceTables(services, protocols);
    expect(t.tcp.get(7777)).toBe("second");
    expect(t.udp.get(7777)).toBeUndefined();
    expect(t.tcp.get(7778)).toBeUndefined();
    expect(t.udp.get(7778)).toBe("udp-only");
    expect(t.tcp.get(9)).toBe("x".repeat(63));
    expect(t.raw.get(1)).toBe("icmp"); // protocols are read after services and win
    expect(t.raw.get(58)).toBe("ipv6-icmp");
  });
  it("parseProtocols rejects a line without a number", () => {
    expect(parseProtocols("bad x\nok 5 OK\n", "p").diagnostics.map((d) => d.line)).toEqual([1]);
  });
});

describe("hosts (glibc files-hosts.c gethostbyaddr)", () => {
  const hosts = parseHosts(
    [
      "::1 ip6-localhost ip6-loopback",
      "127.0.0.1\tlocalhost",
      "  127.0.0.5\tfive  five-alias # comment",
      "127.0.0.6#six",
      "127.000.0.8 eight",
      "::ffff:127.0.0.9 nine",
      "127.0.0.9 nine-v4",
      "127.0.0.10 first10",
      "127.0.0.10 second10",
      "fd00::1 Six-Upper",
    ].join("\n"),
    "hosts",
  ).records;
  const q = (a: string): string | null => hostsByAddr(hosts, parseAddress(a) ?? { family: 4, bytes: new Uint8Array(4) });

  it("takes the first line's canonical name", () => {
    expect(q("127.0.0.5")).toBe("five");
    expect(q("127.0.0.10")).toBe("first10");
    expect(q("fd00::1")).toBe("Six-Upper");
  });
  it("matches ::1 and IPv4-mapped lines for IPv4 queries, as glibc does", () => {
    expect(q("127.0.0.1")).toBe("ip6-localhost");
    expect(q("127.0.0.9")).toBe("nine");
  });
  it("does not match IPv4 lines for IPv6 (mapped) queries", () => {
    expect(q("::ffff:127.0.0.1")).toBeNull();
    expect(q("::ffff:127.0.0.9")).toBe("nine");
  });
  it("a line with no name matches with the empty name; leading zeros are not an address", () => {
    expect(q("127.0.0.6")).toBe("");
    expect(q("127.0.0.8")).toBeNull();
  });
  it("netstat's buffers: IPv4 names cut at 127, longer IPv6 names dropped", () => {
    expect(netstatHostName(4, "a".repeat(200))).toBe("a".repeat(127));
    expect(netstatHostName(6, "a".repeat(127))).toBe("a".repeat(127));
    expect(netstatHostName(6, "a".repeat(128))).toBeNull();
  });
});

describe("other /etc files", () => {
  it("networks: numbers of fewer than four parts are padded", () => {
    const nets = parseNetworks("default 0.0.0.0\nloopnet 127\nlink-local 169.254.0.0\nodd 0.1.2.3\n", "n").records;
    expect(nets.map((n) => n.net)).toEqual([0, 0x7f000000, 0xa9fe0000, 0x00010203]);
    expect(networksByAddr(nets, 0x00010203)).toBe("odd");
  });
  it("passwd: first line for a uid, NIS lines and bad lines skipped", () => {
    const p = parsePasswd("root:x:0:0:root:/root:/bin/bash\n+::::::\ntoor:x:0:0::/:/bin/sh\nbad:x:abc:0::/:\nnobody:x:65534:65534::/:\n", "passwd");
    expect(p.records.map((r) => [r.name, r.uid])).toEqual([["root", 0], ["toor", 0], ["nobody", 65534]]);
    expect(p.diagnostics.map((d) => d.line)).toEqual([4]);
  });
  it("nsswitch: services and action items", () => {
    // the last line for a database counts (glibc 2.33+ nss_database.c)
    const ns = parseNsswitch("passwd: files systemd\nhosts: dns\nhosts:  files mdns4_minimal [NOTFOUND=return] dns # c\n");
    const hosts = ns.get("hosts") ?? [];
    expect(hosts.map((s) => s.name)).toEqual(["files", "mdns4_minimal", "dns"]);
    expect(hosts[1]?.actions.notfound).toBe("return");
    expect(hosts[1]?.actions.unavail).toBe("continue");
    const neg = parseNssServices("dns [!UNAVAIL=return] files");
    expect(neg[0]?.actions).toEqual({ success: "return", notfound: "return", unavail: "continue", tryagain: "return" });
  });
  it("resolv.conf: at most three valid name servers, 127.0.0.1 when none", () => {
    expect(parseResolvConf("# x\nnameserver 10.0.0.1\nnameserver bogus\nnameserver fe80::1%eth0\nnameserver ::1\nnameserver 10.0.0.9\n")).toEqual([
      "10.0.0.1",
      "fe80::1%eth0",
      "::1",
    ]);
    expect(parseResolvConf("search example.test\n")).toEqual(["127.0.0.1"]);
  });
  it("resolv.conf options (res_init.c res_setoptions): use-vc and rotate, from the file and then RES_OPTIONS", () => {
    const none = { useVc: false, rotate: false };
    expect(parseResolvOptions("nameserver 10.0.0.1\n")).toEqual(none);
    expect(parseResolvOptions("options use-vc\n")).toEqual({ useVc: true, rotate: false });
    expect(parseResolvOptions("options\tndots:2  rotate\ttimeout:1\r\n")).toEqual({ useVc: false, rotate: true });
    // every "options" line counts, and none clears a flag
    expect(parseResolvOptions("options rotate\noptions edns0\noptions use-vc\n")).toEqual({ useVc: true, rotate: true });
    // words are matched by their start, as strncmp does ("rotated", "use-vc\r" from a CRLF file)
    expect(parseResolvOptions("options rotated use-vc\r\n")).toEqual({ useVc: true, rotate: true });
    // not an options line: no blank after the word, a blank before it, a comment; a word inside another
    expect(parseResolvOptions("optionsuse-vc\n options use-vc\n#options use-vc\noptions no-use-vc xrotate\noptions\n")).toEqual(none);
    // and '#' starts no comment inside the line: the words after it count
    expect(parseResolvOptions("options ndots:1 # use-vc\n")).toEqual({ useVc: true, rotate: false });
    // RES_OPTIONS, read after the file, adds to it
    expect(parseResolvOptions("options rotate\n", "use-vc")).toEqual({ useVc: true, rotate: true });
    expect(parseResolvOptions("", "  ndots:3\trotate ")).toEqual({ useVc: false, rotate: true });
    expect(parseResolvOptions("", "")).toEqual(none);
  });
});
