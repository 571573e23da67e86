import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { neverTerminal } from "../../src/cli/output.js";

// st_rdev as Linux encodes it (glibc gnu_dev_makedev): minor's low byte, major's 12 bits, then the rest
const makedev = (major: number, minor: number): number => Number((BigInt(minor) & 0xffn) | ((BigInt(major) & 0xfffn) << 8n) | ((BigInt(minor) & ~0xffn) << 12n) | ((BigInt(major) & ~0xfffn) << 32n));

describe("neverTerminal", () => {
  it.each([
    ["/dev/null", 1, 3, true],
    ["/dev/zero", 1, 5, true],
    ["/dev/full", 1, 7, true],
    ["/dev/tty", 5, 0, false],
    ["/dev/ptmx", 5, 2, false],
    ["/dev/pts/0", 136, 0, false],
    ["/dev/pts/300", 137, 44, false],
    ["/dev/tty1", 4, 1, false],
    ["a major above 4095", 4097, 1, false],
    ["major 1 with a large minor", 1, 70000, true],
  ])("%s (%i, %i): %s", (_name, major, minor, want) => {
    expect(neverTerminal(makedev(major, minor), "linux")).toBe(want);
  });

  it("elsewhere device numbers mean other things: never ruled out", () => {
    expect(neverTerminal(makedev(1, 3), "darwin")).toBe(false);
    expect(neverTerminal(makedev(1, 3), "freebsd")).toBe(false);
  });

  it.runIf(process.platform === "linux")("this machine's /dev/null is ruled out", () => {
    expect(neverTerminal(statSync("/dev/null").rdev, "linux")).toBe(true);
  });
});
