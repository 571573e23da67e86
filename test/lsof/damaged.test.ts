// Damaged input never throws: every fixture cut short at many points and with stray bytes put in
// gives sockets and diagnostics, each diagnostic with its source and a line inside the text.

import { describe, expect, it } from "vitest";
import { parseLsofFields } from "../../src/readers/lsof/fields.js";
import { parseLsofTable } from "../../src/readers/lsof/table.js";
import { lsofSockets } from "../../src/readers/lsof/sockets.js";
import { parseNetstatText } from "../../src/readers/netstat-text/linux.js";
import { fixture } from "../support/fixtures.js";
import { random } from "../support/random.js";

function damaged(text: string, seed: number): string[] {
  const r = random(seed);
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(r() * text.length);
    const stray = String.fromCharCode(Math.floor(r() * 256));
    out.push(i % 2 === 0 ? text.slice(0, at) : text.slice(0, at) + stray + text.slice(at + 1));
  }
  return out;
}

const parsers: Record<string, (text: string) => { diagnostics: { source: string; line: number | null }[] }> = {
  fields: (t) => {
    const p = parseLsofFields(t, "d");
    return { diagnostics: [...p.diagnostics, ...lsofSockets(p.records, { source: "d", platform: "darwin", ownerStatus: "partial" }).diagnostics] };
  },
  table: (t) => {
    const p = parseLsofTable(t, "d");
    return { diagnostics: [...p.diagnostics, ...lsofSockets(p.records, { source: "d", platform: "linux", ownerStatus: "partial" }).diagnostics] };
  },
  netstat: (t) => parseNetstatText(t, { source: "d" }),
};

describe("damaged input", () => {
  it.each([
    ["lsof/linux-lsof-F-default.out", "fields"],
    ["lsof/linux-lsof-F0-pcfnPT.out", "fields"],
    ["lsof/lsof-F-macos-1.txt", "fields"],
    ["lsof/lsof-i-macos-1.txt", "table"],
    ["lsof/lsof-i-linux-1.txt", "table"],
    ["netstat-text/linux-netstat-sudo-aeep-1.txt", "netstat"],
    ["netstat-text/linux-netstat-old-1.txt", "netstat"],
    ["linux/captures/inet/netstat-uanpeo.out", "netstat"],
  ])("%s never throws", (path, kind) => {
    const text = fixture(path);
    const parse = parsers[kind];
    if (parse === undefined) throw new Error(kind);
    const lines = text.split("\n").length;
    damaged(text, path.length).forEach((t) => {
      const got = parse(t);
      for (const d of got.diagnostics) {
        expect(d.source).toBe("d");
        if (d.line !== null) expect(d.line).toBeLessThanOrEqual(lines);
      }
    });
  });
});
