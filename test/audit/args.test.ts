// --audit and its options on the command line (src/cli/args.ts): given as typed, checked by the audit.

import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";

const parse = (argv: string[]) => parseArgs(argv, "0.0.0");

describe("--audit options", () => {
  it("are null without --audit", () => {
    const r = parse(["-tlnp"]);
    expect(r.kind === "run" ? r.options.audit : r).toBeNull();
  });
  it("carry the lists and files as given, with the other flags", () => {
    const r = parse(["--audit", "-4", "-t", "--json", "--scan-ports", "1-1024", "--scan-addresses=127.0.0.1", "--base", "b.json"]);
    expect(r.kind).toBe("run");
    if (r.kind !== "run") return;
    expect(r.options.audit).toEqual({ scanAddresses: "127.0.0.1", scanPorts: "1-1024", baseline: "b.json", saveBaseline: null, scanInput: null, localScan: false, probeBind: false });
    expect([...r.options.families, ...r.options.protocols, r.options.json]).toEqual(["inet", "tcp", true]);
  });
  it("take --probe-bind, and refuse it without --audit", () => {
    const r = parse(["--audit", "--probe-bind"]);
    expect(r.kind === "run" ? r.options.audit?.probeBind : r).toBe(true);
    expect(parse(["-tl", "--probe-bind"])).toEqual({ kind: "exit", code: 3, stdout: "", stderr: "tsnetstat: --probe-bind needs --audit (see 'tsnetstat --help')\n" });
  });
  it("refuse an audit option without --audit, in one line", () => {
    expect(parse(["--save-baseline", "x"])).toEqual({
      kind: "exit",
      code: 3,
      stdout: "",
      stderr: "tsnetstat: --save-baseline needs --audit (see 'tsnetstat --help')\n",
    });
  });
});
