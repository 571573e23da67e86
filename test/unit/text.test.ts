import { describe, expect, it } from "vitest";
import { decodeBytes, decodeLatin1Bytes, encodeBytes } from "../../src/text.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("decodeBytes / encodeBytes keep every byte", () => {
  it.each([
    ["ascii", [0x61, 0x62]],
    ["valid UTF-8", [0x63, 0x61, 0x66, 0xc3, 0xa9]],
    ["4-byte UTF-8", [0xf0, 0x9f, 0x98, 0x80]],
    ["lone 0xff", [0x2f, 0xff, 0x2f]],
    ["truncated sequence", [0x61, 0xe2, 0x82]],
    ["overlong NUL", [0xc0, 0x80]],
    ["UTF-8 encoded surrogate", [0xed, 0xa0, 0x80]],
    ["invalid then valid", [0xfe, 0xc3, 0xa9, 0x80]],
    ["every high byte", Array.from({ length: 128 }, (_, i) => 0x80 + i)],
  ])("%s", (_name, bytes) => {
    const raw = Uint8Array.from(bytes);
    expect(hex(encodeBytes(decodeBytes(raw)))).toBe(hex(raw));
  });

  it("valid UTF-8 decodes as text", () => {
    expect(decodeBytes(Buffer.from("café ☃", "utf8"))).toBe("café ☃");
  });

  it("an invalid byte becomes the matching lone surrogate, which JSON keeps", () => {
    const s = decodeBytes(Uint8Array.from([0x61, 0xff]));
    expect(s).toBe("a\udcff");
    expect(JSON.stringify(s)).toBe('"a\\udcff"');
  });

  it("a real surrogate pair in text is not mistaken for an escaped byte", () => {
    const s = "x\ud83d\udc80y"; // U+1F480, whose low surrogate lies in DC80..DCFF
    expect(hex(encodeBytes(s))).toBe(hex(Buffer.from(s, "utf8")));
  });

  it("decodeLatin1Bytes treats each char as a byte", () => {
    expect(decodeLatin1Bytes("/tmp/caf\u00c3\u00a9")).toBe("/tmp/café");
    expect(decodeLatin1Bytes("/tmp/\u00ff")).toBe("/tmp/\udcff");
    expect(decodeLatin1Bytes("plain")).toBe("plain");
  });
});
