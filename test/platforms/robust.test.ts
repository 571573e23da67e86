// The text parsers never throw: every fixture cut short at every line, each line cut at pseudo-random
// points and sprinkled with stray characters, still parses into sockets and diagnostics.

import { describe, expect, it } from "vitest";
import { detectLayout, NETSTAT_TEXT_PARSERS, type NetstatTextLayout } from "../../src/readers/text/index.js";
import { fixture } from "../support/fixtures.js";
import { random } from "../support/random.js";

const FIXTURES: readonly [NetstatTextLayout, string][] = [
  ["macos", "macos/macos-netstat-an-1.txt"],
  ["macos", "macos/macos-netstat-anv-1.txt"],
  ["freebsd", "freebsd/freebsd-netstat-AanP-1.txt"],
  ["freebsd", "freebsd/freebsd-netstat-aT-1.txt"],
  ["openbsd", "openbsd/openbsd-netstat-a-p-tcp-1.txt"],
  ["qnx", "qnx/qnx-netbsd-derived-netstat-a-1.txt"],
  ["solaris", "solaris/solaris-netstat-n-1.txt"],
  ["solaris", "solaris/illumos-netstat-nuf-inet-1.txt"],
];

describe("text parsers on damaged input", () => {
  for (const [layout, path] of FIXTURES) {
    it(`${path}: never throws; diagnostics name the source and a line; at most one record or diagnostic per line`, () => {
      const text = fixture(path);
      const rnd = random(path.length);
      const stray = ["*", ".", ":", "%", "0x", "-", "\t", "(", "é", "\u0000"];
      for (let round = 0; round < 100; round++) {
        const damaged = text
          .split("\n")
          .map((l) => {
            const r = rnd();
            if (r < 0.2) return l.slice(0, Math.floor(rnd() * l.length));
            if (r < 0.4) {
              const at = Math.floor(rnd() * (l.length + 1));
              return l.slice(0, at) + (stray[Math.floor(rnd() * stray.length)] ?? "") + l.slice(at);
            }
            return l;
          })
          .join("\n");
        const parsed = NETSTAT_TEXT_PARSERS[layout](damaged, "damaged");
        for (const d of parsed.diagnostics) {
          expect(d.source).toBe("damaged");
          expect(d.line).toBeGreaterThan(0);
        }
        expect(parsed.records.length + parsed.diagnostics.length).toBeLessThanOrEqual(damaged.split("\n").length);
        detectLayout(damaged);
      }
    });
  }
});
