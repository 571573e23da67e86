// src/format/escape.ts: untrusted text made safe for a terminal (README "Differences" 1).

import { describe, expect, it } from "vitest";
import { cutAndEscape, escapeBytes, escapeText, isPlainText } from "../../src/format/escape.js";

describe("escapeText", () => {
  it.each([
    ["plain", "plain"],
    ["with space and ~!@#$%^&*()_+{}|:\"<>?`-=[];',./", "with space and ~!@#$%^&*()_+{}|:\"<>?`-=[];',./"],
    ["back\\slash", "back\\\\slash"],
    ["new\nline", "new\\nline"],
    ["tab\there", "tab\\there"],
    ["cr\rhere", "cr\\rhere"],
    ["esc\x1b[31mred\x1b[0m", "esc\\x1b[31mred\\x1b[0m"],
    ["nul\0byte", "nul\\x00byte"],
    ["bell\x07", "bell\\x07"],
    ["del\x7f", "del\\x7f"],
    ["\x01\x1f", "\\x01\\x1f"],
    ["caf\u00e9", "caf\\xc3\\xa9"],
    ["\u20ac", "\\xe2\\x82\\xac"],
    ["\u{1f600}", "\\xf0\\x9f\\x98\\x80"],
    ["\u009b", "\\xc2\\x9b"], // C1 CSI as a character
    ["", ""],
    // an escape sequence written out by a process is escaped too: the output stays unambiguous
    ["\\x1b", "\\\\x1b"],
  ])("%j → %s", (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });
});

describe("escapeBytes", () => {
  it("escapes every byte outside 0x20-0x7e, and only those (plus the backslash)", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const out = escapeBytes(all);
    let expected = "";
    for (let b = 0; b < 256; b++) {
      if (b === 0x5c) expected += "\\\\";
      else if (b === 0x0a) expected += "\\n";
      else if (b === 0x09) expected += "\\t";
      else if (b === 0x0d) expected += "\\r";
      else if (b < 0x20 || b > 0x7e) expected += `\\x${b.toString(16).padStart(2, "0")}`;
      else expected += String.fromCharCode(b);
    }
    expect(out).toBe(expected);
    expect(escapeBytes(new Uint8Array([0xff, 0x80, 0x41]))).toBe("\\xff\\x80A");
  });
});

describe("isPlainText", () => {
  it.each([
    ["abc", true],
    [" ~", true],
    ["", true],
    ["a\\b", false],
    ["a\nb", false],
    ["\x7f", false],
    ["\u00e9", false],
  ])("%j → %s", (s, v) => {
    expect(isPlainText(s)).toBe(v);
  });
});

describe("cutAndEscape: cut to a byte count first, then escape", () => {
  it.each([
    ["12345/python3", 19, "12345/python3"],
    ["9676/a-very-long-daemon-name", 19, "9676/a-very-long-da"],
    ["10655/worker: pool www", 19, "10655/worker: pool "],
    ["1/x", 19, "1/x"],
    ["1234567890123456789", 19, "1234567890123456789"],
    ["12345678901234567890", 19, "1234567890123456789"],
    // escapes are never split, and are counted before escaping (so the text may grow)
    ["1/evil\x1b[31m\nfake-line-here", 19, "1/evil\\x1b[31m\\nfake-li"],
    ["1/a\\b", 19, "1/a\\\\b"],
    // a multi-byte character cut in the middle leaves its first bytes, escaped
    ["1/caf\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 10, "1/caf\\xc3\\xa9\\xc3\\xa9\\xc3"],
    ["", 19, ""],
  ])("%j (%d bytes) → %s", (raw, max, out) => {
    expect(cutAndEscape(raw, max)).toBe(out);
  });
});

describe("bytes that are not UTF-8 keep their value (README: any other byte as \\xNN)", () => {
  // programFromCmdline and the /proc/net/unix reader keep invalid bytes (src/text.ts), so a byte 0xff
  // prints as \xff, the byte the process really used, not as U+FFFD's \xef\xbf\xbd.
  it("a program name with a byte 0xff", async () => {
    const { programFromCmdline } = await import("../../src/readers/linux/owners.js");
    expect(cutAndEscape(`1/${programFromCmdline(Buffer.from([0x2f, 0x61, 0xff, 0x00]))}`, 19)).toBe("1/a\\xff");
  });

  it("a UNIX path with a byte 0xff", async () => {
    const { parseUnixTable } = await import("../../src/readers/linux/proc-net.js");
    const text = `Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000001: 00000002 00000000 00010000 0001 01 10 /tmp/\xff\n`;
    const [s] = parseUnixTable(text, { source: "unix" }).records;
    expect(escapeText(s?.path ?? "")).toBe("/tmp/\\xff");
  });
});
