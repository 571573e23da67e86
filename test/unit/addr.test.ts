// src/addr.ts (glibc inet_ntop text), and the /proc/net hex addresses the Linux parser decodes.

import { SocketAddress } from "node:net";
import { describe, expect, it } from "vitest";
import { formatIPv4, formatIPv6, isUnspecified, mappedIPv4 } from "../../src/addr.js";
import { parseInetTable } from "../../src/readers/linux/proc-net.js";

/**
 * The local address the /proc/net parser reads from `hex` in a kernel-shaped line (tcp for up to
 * 12 digits, tcp6 above), or null when it reports the line's local address as malformed.
 */
function decodeProcAddress(hex: string, littleEndian = true): string | null {
  const v6 = hex.length > 12;
  const zeros = "0".repeat(v6 ? 32 : 8);
  const line = `   0: ${hex}:0050 ${zeros}:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1`;
  const parsed = parseInetTable(`header\n${line}\n`, v6 ? "tcp6" : "tcp", { source: "t", littleEndian });
  const r = parsed.records[0];
  if (r !== undefined) return r.local.address;
  expect(parsed.diagnostics.map((d) => d.message)).toEqual([`malformed ${v6 ? "tcp6" : "tcp"} line skipped (local address)`]);
  return null;
}

/** 16 bytes from 8 groups. */
function bytesOf(words: readonly number[]): Uint8Array {
  const b = new Uint8Array(16);
  words.forEach((w, i) => {
    b[i * 2] = w >> 8;
    b[i * 2 + 1] = w & 0xff;
  });
  return b;
}

/** The /proc/net spelling of 16 bytes on a little-endian machine: each 4-byte word reversed, upper-case. */
function procHexLE(b: Uint8Array): string {
  let out = "";
  for (let w = 0; w < 4; w++) {
    for (let i = 3; i >= 0; i--) out += (b[w * 4 + i] ?? 0).toString(16).padStart(2, "0").toUpperCase();
  }
  return out;
}

/** Deterministic PRNG (mulberry32) so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("decodeProcAddress (spec §7.1, little-endian host order)", () => {
  it.each([
    ["0100007F", "127.0.0.1"],
    ["0200007F", "127.0.0.2"],
    ["00000000", "0.0.0.0"],
    ["FFFFFFFF", "255.255.255.255"],
    ["802AA8C0", "192.168.42.128"],
    ["2104C798", "152.199.4.33"],
    ["3500007F", "127.0.0.53"],
    ["0100007f", "127.0.0.1"], // lower-case hex is accepted too
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000001000000", "::1"],
    ["0000000000000000FFFF00000100007F", "::ffff:127.0.0.1"],
    ["0000000000000000FFFF000000000000", "::ffff:0.0.0.0"],
    ["4606012600F1019E000000004C3A0000", "2601:646:9e01:f100::3a4c"],
    ["8028032A830031F10CB0CEFADE250000", "2a03:2880:f131:83:face:b00c:0:25de"],
    ["000080FE0000000023FEFF010A896745", "fe80::1ff:fe23:4567:890a"],
    ["B80D0120000000000000000001000000", "2001:db8::1"],
  ])("%s → %s", (hex, text) => {
    expect(decodeProcAddress(hex)).toBe(text);
  });

  it.each([
    ["7F000001", "127.0.0.1"],
    ["00000000000000000000000000000001", "::1"],
    ["00000000000000000000FFFF7F000001", "::ffff:127.0.0.1"],
    ["20010DB8000000000000000000000001", "2001:db8::1"],
  ])("big-endian host: %s → %s", (hex, text) => {
    expect(decodeProcAddress(hex, false)).toBe(text);
  });

  it.each([
    ["", "empty"],
    ["0100007", "7 digits"],
    ["0100007F0", "9 digits"],
    ["0100007G", "not hex"],
    ["0100 07F", "a space"],
    ["-100007F", "a sign"],
    ["0000000000000000000000000100000", "31 digits"],
    ["000000000000000000000000010000000", "33 digits"],
    ["0000000000000000FFFF00000100007Z", "not hex in the last word"],
    ["Z000000000000000FFFF00000100007F", "not hex in the first word"],
  ])("%j (%s) → null", (hex) => {
    expect(decodeProcAddress(hex)).toBeNull();
  });

  it("formatIPv4 reads 4 bytes at an offset", () => {
    expect(formatIPv4(new Uint8Array([9, 9, 10, 0, 0, 255]), 2)).toBe("10.0.0.255");
  });
});

describe("formatIPv6 = glibc inet_ntop", () => {
  it.each([
    // all zero, loopback, one group
    [[0, 0, 0, 0, 0, 0, 0, 0], "::"],
    [[0, 0, 0, 0, 0, 0, 0, 1], "::1"],
    [[1, 0, 0, 0, 0, 0, 0, 0], "1::"],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], "2001:db8::1"],
    // a single zero group is not compressed
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], "2001:db8:0:1:1:1:1:1"],
    [[1, 0, 2, 0, 3, 0, 4, 5], "1:0:2:0:3:0:4:5"],
    [[0, 1, 2, 3, 4, 5, 6, 7], "0:1:2:3:4:5:6:7"],
    [[1, 2, 3, 4, 5, 6, 7, 0], "1:2:3:4:5:6:7:0"],
    // the longest run wins; on a tie the first
    [[1, 0, 0, 2, 0, 0, 0, 3], "1:0:0:2::3"],
    [[1, 0, 0, 0, 2, 0, 0, 3], "1::2:0:0:3"],
    [[1, 0, 0, 2, 3, 0, 0, 4], "1::2:3:0:0:4"],
    [[0, 0, 1, 0, 0, 2, 0, 0], "::1:0:0:2:0:0"],
    [[1, 0, 0, 0, 0, 0, 0, 2], "1::2"],
    [[1, 0, 0, 0, 0, 0, 0, 0], "1::"],
    [[1, 2, 3, 4, 5, 6, 0, 0], "1:2:3:4:5:6::"],
    // lower-case, no leading zeros
    [[0xabcd, 0xef01, 0x00ff, 0x0f00, 0xffff, 0xa, 0xb, 0xc], "abcd:ef01:ff:f00:ffff:a:b:c"],
    [[0xfe80, 0, 0, 0, 0x1ff, 0xfe23, 0x4567, 0x890a], "fe80::1ff:fe23:4567:890a"],
    // IPv4-mapped: ::ffff:a.b.c.d
    [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 1], "::ffff:127.0.0.1"],
    [[0, 0, 0, 0, 0, 0xffff, 0, 0], "::ffff:0.0.0.0"],
    [[0, 0, 0, 0, 0, 0xffff, 0, 1], "::ffff:0.0.0.1"],
    [[0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0101], "::ffff:192.168.1.1"],
    // IPv4-compatible (deprecated): ::a.b.c.d, but ::1 and ::N (seven zero groups) stay hex
    [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], "::1.2.3.4"],
    [[0, 0, 0, 0, 0, 0, 0x0001, 0x0000], "::0.1.0.0"],
    [[0, 0, 0, 0, 0, 0, 0, 0x0102], "::102"],
    // not mapped: ffff in another place, or a non-zero prefix
    [[0, 0, 0, 0, 0xffff, 0, 0x7f00, 1], "::ffff:0:7f00:1"],
    [[0, 0, 0, 0, 1, 0xffff, 0x7f00, 1], "::1:ffff:7f00:1"],
    [[0x64, 0xff9b, 0, 0, 0, 0, 0x0102, 0x0304], "64:ff9b::102:304"],
    [[0, 0, 0, 0, 0, 0xfffe, 0x7f00, 1], "::fffe:7f00:1"],
  ])("%j → %s", (words, text) => {
    expect(formatIPv6(bytesOf(words))).toBe(text);
  });

  it("agrees with Node's inet_ntop (net.SocketAddress) on 20,000 random addresses rich in zero groups", () => {
    const rand = rng(0x5eed);
    for (let n = 0; n < 20_000; n++) {
      const words: number[] = [];
      for (let i = 0; i < 8; i++) {
        const r = rand();
        words.push(r < 0.5 ? 0 : r < 0.55 ? 0xffff : r < 0.7 ? Math.floor(rand() * 16) : Math.floor(rand() * 0x10000));
      }
      const b = bytesOf(words);
      const ours = formatIPv6(b);
      const node = new SocketAddress({ address: ours, family: "ipv6" }).address;
      if (ours !== node) expect({ words, ours }).toEqual({ words, ours: node });
      // and the text round-trips through /proc spelling
      expect(decodeProcAddress(procHexLE(b))).toBe(ours);
    }
  });

  it("agrees with the WHATWG URL serialiser (RFC 5952) except for dotted IPv4 tails", () => {
    const rand = rng(42);
    let compared = 0;
    for (let n = 0; n < 20_000; n++) {
      const words: number[] = [];
      for (let i = 0; i < 8; i++) words.push(rand() < 0.5 ? 0 : Math.floor(rand() * 0x10000));
      if (rand() < 0.1) words.splice(0, 6, 0, 0, 0, 0, 0, 0xffff);
      const ours = formatIPv6(bytesOf(words));
      if (ours.includes(".")) continue; // glibc's dotted tails: pinned below
      compared++;
      const url = new URL(`http://[${ours}]/`).hostname;
      if (`[${ours}]` !== url) expect({ words, ours }).toEqual({ words, ours: url.slice(1, -1) });
    }
    expect(compared).toBeGreaterThan(15_000);
  });

  it.each([
    // glibc (and tsnetstat) vs RFC 5952 as Node's URL prints it
    [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 1], "::ffff:127.0.0.1", "::ffff:7f00:1"],
    [[0, 0, 0, 0, 0, 0xffff, 0, 0], "::ffff:0.0.0.0", "::ffff:0:0"],
    [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], "::1.2.3.4", "::102:304"],
    [[0, 0, 0, 0, 0, 0, 0xc0a8, 1], "::192.168.0.1", "::c0a8:1"],
  ])("where glibc differs from RFC 5952: %j → %s (URL: %s)", (words, glibc, rfc) => {
    const b = bytesOf(words);
    expect(formatIPv6(b)).toBe(glibc);
    expect(new URL(`http://[${glibc}]/`).hostname).toBe(`[${rfc}]`);
  });
});

describe("isUnspecified / mappedIPv4", () => {
  it.each([
    ["0.0.0.0", true],
    ["::", true],
    ["::0", false], // only the model's canonical spellings
    ["127.0.0.1", false],
    ["::1", false],
    ["::ffff:0.0.0.0", false],
  ])("isUnspecified(%s) = %s", (a, v) => {
    expect(isUnspecified(a)).toBe(v);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::ffff:0.0.0.0", "0.0.0.0"],
    ["::1.2.3.4", null],
    ["::ffff:7f00:1", null],
    ["::ffff", null],
    ["127.0.0.1", null],
    ["::1", null],
  ])("mappedIPv4(%s) = %s", (a, v) => {
    expect(mappedIPv4(a)).toBe(v);
  });
});
