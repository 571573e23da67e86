// Every BSD and Solaris fixture against its hand-checked expectation: the sockets exactly, and exactly the
// lines that gave none (with why). Each line of a fixture is a socket, a header/title/blank, or a diagnostic.

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Socket } from "../../src/model.js";
import { detectLayout, NETSTAT_TEXT_PARSERS, type NetstatTextLayout } from "../../src/readers/text/index.js";
import { fixture, projectRoot } from "../support/fixtures.js";

const DIRS: readonly NetstatTextLayout[] = ["macos", "freebsd", "openbsd", "qnx", "solaris"];

const cases = DIRS.flatMap((layout) =>
  readdirSync(`${projectRoot}fixtures/${layout}`)
    .filter((f) => f.endsWith(".txt"))
    .map((f) => ({ layout, name: f.slice(0, -4) })),
);

describe("BSD and Solaris netstat fixtures", () => {
  it("covers every copied fixture", () => {
    expect(cases.length).toBe(15);
  });

  for (const { layout, name } of cases) {
    describe(`${layout}/${name}`, () => {
      const text = fixture(`${layout}/${name}.txt`);
      const parsed = NETSTAT_TEXT_PARSERS[layout](text, `${name}.txt`);

      it("gives exactly the expected sockets", () => {
        const expected = JSON.parse(fixture(`${layout}/${name}.expected.json`)) as Socket[];
        // Through JSON, as --json prints them (absent `scope` stays absent).
        expect(JSON.parse(JSON.stringify(parsed.records))).toEqual(expected);
      });

      it("diagnoses exactly the expected lines, naming the source", () => {
        const expected = JSON.parse(fixture(`${layout}/${name}.diagnostics.json`)) as { line: number; message: string }[];
        expect(parsed.diagnostics).toEqual(expected.map((d) => ({ source: `${name}.txt`, ...d })));
      });

      it("is detected as its layout", () => {
        expect(detectLayout(text)).toMatchObject({ layout });
      });
    });
  }
});

describe("line accounting", () => {
  // A second count, independent of the parsers: socket rows by their first columns, per fixture.
  const socketRow = /^(?:[0-9a-f]{8,16} +(?:[0-9a-f]{1,8} +)?)?(?:tcp|udp|icm)(?:46|4|6)? |^[0-9a-f]{8,16} (?:stream|dgram|seqpac)|^\s*(?:\*|\d+\.\d+\.\d+\.\d+)\.(?:\*|\d+) /;
  for (const { layout, name } of cases) {
    it(`${layout}/${name}: every socket row is a socket or a diagnostic`, () => {
      const text = fixture(`${layout}/${name}.txt`);
      const rows = text.split("\n").filter((l) => socketRow.test(l)).length;
      const parsed = NETSTAT_TEXT_PARSERS[layout](text, name);
      // illumos -u prints a socket once per process holding it: its two rows are one socket.
      const folded = name === "illumos-netstat-nuf-inet-1" ? 1 : 0;
      expect(parsed.records.length + parsed.diagnostics.length + folded).toBe(rows);
    });
  }
});
