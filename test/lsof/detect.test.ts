// The layout tests --input's detector can use: each fixture is recognised by its own parser's test
// and by no other of these three.

import { describe, expect, it } from "vitest";
import { looksLikeLsofFields } from "../../src/readers/lsof/fields.js";
import { looksLikeLsofTable } from "../../src/readers/lsof/table.js";
import { looksLikeLinuxNetstat } from "../../src/readers/netstat-text/linux.js";
import { fixture } from "../support/fixtures.js";

const which = (text: string): string[] =>
  [
    ["lsof-fields", looksLikeLsofFields(text)],
    ["lsof-table", looksLikeLsofTable(text)],
    ["linux-netstat", looksLikeLinuxNetstat(text)],
  ]
    .filter(([, yes]) => yes === true)
    .map(([name]) => name as string);

describe("layout detection", () => {
  it.each([
    ["lsof/lsof-F-macos-1.txt", "lsof-fields"],
    ["lsof/lsof-F-macos-3.txt", "lsof-fields"],
    ["lsof/linux-lsof-F-default.out", "lsof-fields"],
    ["lsof/linux-lsof-F0-pcfnPT.out", "lsof-fields"],
    ["lsof/linux-lsof-U-F.out", "lsof-fields"],
    ["lsof/lsof-i-macos-1.txt", "lsof-table"],
    ["lsof/lsof-i-linux-1.txt", "lsof-table"],
    ["lsof/lsof-i-linux-2.txt", "lsof-table"],
    ["lsof/linux-lsof-U.out", "lsof-table"],
    ["lsof/linux-lsof-states.out", "lsof-table"],
    ["netstat-text/linux-netstat-old-1.txt", "linux-netstat"],
    ["netstat-text/linux-netstat-sudo-aeep-1.txt", "linux-netstat"],
    ["netstat-text/linux-netstat-sudo-lnp-1.txt", "linux-netstat"],
    ["netstat-text/linux-netstat-sudo-lnp-space-1.txt", "linux-netstat"],
    ["linux/captures/inet/netstat-an.out", "linux-netstat"],
    ["linux/captures/unix/netstat-xap.out", "linux-netstat"],
  ])("%s is %s only", (path, layout) => {
    expect(which(fixture(path))).toEqual([layout]);
  });

  it("a BSD netstat table is none of them", () => {
    const bsd = "Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)    \ntcp4       0      0  127.0.0.1.631          *.*                    LISTEN     \n";
    expect(which(bsd)).toEqual([]);
  });
});
