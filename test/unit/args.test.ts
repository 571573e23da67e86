// src/cli/args.ts: netstat's command line as users type it.

import { describe, expect, it } from "vitest";
import type { Options, ParseResult } from "../../src/cli/args.js";
import { EXIT_FAILURE, EXIT_USAGE, expandLongPrefixes, parseArgs } from "../../src/cli/args.js";

const VERSION = "9.8.7";

function run(argv: string[]): Options {
  const r = parseArgs(argv, VERSION);
  if (r.kind !== "run") throw new Error(`expected a run for ${JSON.stringify(argv)}, got ${JSON.stringify(r)}`);
  return r.options;
}

function exit(argv: string[]): Extract<ParseResult, { kind: "exit" }> {
  const r = parseArgs(argv, VERSION);
  if (r.kind !== "exit") throw new Error(`expected an exit for ${JSON.stringify(argv)}`);
  return r;
}

/** The options that matter for selection and layout, in one comparable object. */
function brief(o: Options) {
  return {
    mode: o.mode,
    protocols: [...o.protocols].sort(),
    families: [...o.families].sort(),
    extend: o.extend,
    programs: o.programs,
    timers: o.timers,
    wide: o.wide,
    numeric: [o.numericHosts, o.numericPorts, o.numericUsers],
  };
}

const DEFAULTS = { mode: "connected", protocols: [], families: [], extend: 0, programs: false, timers: false, wide: false, numeric: [false, false, false] };

describe("parseArgs: flags", () => {
  it.each([
    [[], {}],
    [["-tulpna"], { mode: "all", protocols: ["tcp", "udp"], programs: true, numeric: [true, true, true] }],
    [["-tlnp"], { mode: "listening", protocols: ["tcp"], programs: true, numeric: [true, true, true] }],
    [["-anpeo"], { mode: "all", programs: true, extend: 1, timers: true, numeric: [true, true, true] }],
    [["-ee"], { extend: 2 }],
    [["-e", "-e", "-e"], { extend: 3 }],
    [["-al"], { mode: "all" }],
    [["-la"], { mode: "all" }],
    [["-l"], { mode: "listening" }],
    [["-a", "-a"], { mode: "all" }],
    [["-tuUwS"], { protocols: ["raw", "sctp", "tcp", "udp", "udplite"] }],
    [["-x"], { families: ["unix"] }],
    [["-4"], { families: ["inet"] }],
    [["-6"], { families: ["inet6"] }],
    [["-46"], { families: ["inet", "inet6"] }],
    [["-A", "inet,inet6"], { families: ["inet", "inet6"] }],
    [["-A", "inet", "-A", "unix"], { families: ["inet", "unix"] }],
    [["-Ainet6"], { families: ["inet6"] }],
    [["-A", "ip"], { families: ["inet"] }],
    [["-A", "tcpip"], { families: ["inet"] }],
    [["-A", "ip6"], { families: ["inet6"] }],
    [["-A", "bluetooth"], { families: ["bluetooth"] }],
    [["-A", "appletalk"], { families: ["ddp"] }],
    [["--protocol=inet6,unix"], { families: ["inet6", "unix"] }],
    [["-f", "inet"], { families: ["inet"] }],
    [["-f", "inet6"], { families: ["inet6"] }],
    [["-finet6"], { families: ["inet6"] }],
    [["--family", "unix"], { families: ["unix"] }],
    [["--inet"], { families: ["inet"] }],
    [["--inet6"], { families: ["inet6"] }],
    [["--ip"], { families: ["inet"] }],
    [["--tcpip"], { families: [] }], // netstat 2.10: an internal error, and no family selected
    [["--l2cap", "--rfcomm", "-2"], { families: ["bluetooth"] }],
    [["--d"], { families: ["ddp"] }], // netstat's --ddp, not --dns-timeout
    [["--ine"], { families: ["inet"] }], // two family switches never make a prefix ambiguous
    [["--unix"], { families: ["unix"] }],
    [["--ipx", "--ax25", "--x25", "--netrom", "--rose"], { families: ["ax25", "ipx", "netrom", "rose", "x25"] }],
    [["--ddp"], { families: ["ddp"] }],
    [["--appletalk"], { families: ["ddp"] }],
    [["-W"], { wide: true }],
    [["--wide"], { wide: true }],
    [["--numeric-hosts"], { numeric: [true, false, false] }],
    [["--numeric-ports"], { numeric: [false, true, false] }],
    [["--numeric-users"], { numeric: [false, false, true] }],
    [["--tcp", "--udp", "--listening", "--programs", "--extend", "--timers"], { mode: "listening", protocols: ["tcp", "udp"], programs: true, extend: 1, timers: true }],
    // getopt_long prefixes
    [["--list"], { mode: "listening" }],
    [["--listen"], { mode: "listening" }],
    [["--prog"], { programs: true }],
    [["--numeric-h"], { numeric: [true, false, false] }],
    [["--inet6"], { families: ["inet6"] }],
    [["--ext", "--ext"], { extend: 2 }],
  ])("%j", (argv, expected) => {
    expect(brief(run(argv))).toEqual({ ...DEFAULTS, ...expected });
  });

  it("defaults for the other options", () => {
    const o = run([]);
    expect({ verbose: o.verbose, continuous: o.continuous, json: o.json, procRoot: o.procRoot, dnsTimeoutMs: o.dnsTimeoutMs, unsupportedMode: o.unsupportedMode, selinux: o.selinux }).toEqual({
      verbose: false,
      continuous: false,
      json: false,
      procRoot: "/proc",
      dnsTimeoutMs: 1000,
      unsupportedMode: null,
      selinux: false,
    });
  });

  it.each([
    [["--json"], { json: true }],
    [["-v"], { verbose: true }],
    [["-c"], { continuous: true }],
    [["-Z"], { selinux: true }],
    [["--proc-root", "/tmp/p"], { procRoot: "/tmp/p" }],
    [["--proc-root=/tmp/p"], { procRoot: "/tmp/p" }],
    [["--proc=/tmp/p"], { procRoot: "/tmp/p" }],
    [["--dns-timeout", "250"], { dnsTimeoutMs: 250 }],
    [["--dns-timeout=0"], { dnsTimeoutMs: 0 }],
    [["--dns=5"], { dnsTimeoutMs: 5 }],
    [["-r"], { unsupportedMode: "route" }],
    [["-i"], { unsupportedMode: "interfaces" }],
    [["-s"], { unsupportedMode: "statistics" }],
    [["-M"], { unsupportedMode: "masquerade" }],
    [["-g"], { unsupportedMode: "groups" }],
  ])("%j", (argv, expected) => {
    const o = run(argv) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) expect([k, o[k]]).toEqual([k, v]);
  });
});

describe("parseArgs: errors are one line on stderr, nothing on stdout", () => {
  it.each([
    [["-k"], EXIT_USAGE, "tsnetstat: unknown option '-k' (see 'tsnetstat --help')\n"],
    [["-tk"], EXIT_USAGE, "tsnetstat: unknown option '-k' (see 'tsnetstat --help')\n"],
    [["-T"], EXIT_USAGE, "tsnetstat: unknown option '-T' (see 'tsnetstat --help')\n"],
    [["--bogus"], EXIT_USAGE, "tsnetstat: unknown option '--bogus' (see 'tsnetstat --help')\n"],
    [["-A"], EXIT_USAGE, "tsnetstat: option '-A, --protocol <families>' argument missing (see 'tsnetstat --help')\n"],
    [["-f"], EXIT_USAGE, "tsnetstat: option '-f, --family <family>' argument missing (see 'tsnetstat --help')\n"],
    [["-r", "-i"], EXIT_USAGE, "tsnetstat: -r, -i, -s and -M cannot be combined (see 'tsnetstat --help')\n"],
    [["-A", "bogus"], EXIT_FAILURE, "tsnetstat: unknown address family 'bogus' (see 'tsnetstat --help')\n"],
    [["-A", "inet,bogus"], EXIT_FAILURE, "tsnetstat: unknown address family 'bogus' (see 'tsnetstat --help')\n"],
    [["-A", "bogus,inet"], EXIT_FAILURE, "tsnetstat: unknown address family 'bogus' (see 'tsnetstat --help')\n"],
    [["-A", "INET"], EXIT_FAILURE, "tsnetstat: unknown address family 'INET' (see 'tsnetstat --help')\n"],
    [["-A", "local"], EXIT_FAILURE, "tsnetstat: unknown address family 'local' (see 'tsnetstat --help')\n"],
    [["-A", "constructor"], EXIT_FAILURE, "tsnetstat: unknown address family 'constructor' (see 'tsnetstat --help')\n"],
    [["--dns-timeout", "abc"], EXIT_USAGE, "tsnetstat: --dns-timeout takes a whole number of milliseconds, not 'abc' (see 'tsnetstat --help')\n"],
    [["--dns-timeout", "1.5"], EXIT_USAGE, "tsnetstat: --dns-timeout takes a whole number of milliseconds, not '1.5' (see 'tsnetstat --help')\n"],
    [["--dns-timeout=-5"], EXIT_USAGE, "tsnetstat: --dns-timeout takes a whole number of milliseconds, not '-5' (see 'tsnetstat --help')\n"],
  ])("%j → exit %d", (argv, code, stderr) => {
    expect(exit(argv)).toEqual({ kind: "exit", code, stdout: "", stderr });
  });

  it.each([[["--nu"]], [["--in"]], [["--tc"]], [["--p"]], [["--l"]], [["--un"]]])("ambiguous prefix %j → usage error naming it", (argv) => {
    const r = exit(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([expect.stringContaining(`'${argv[0]}'`), ""]);
    expect(r.stderr).toMatch(/^tsnetstat: .*\(see 'tsnetstat --help'\)\n$/);
  });

  it("--dns-timeout with an empty value is a usage error, not 0 ms", () => {
    expect(exit(["--dns-timeout="])).toEqual({
      kind: "exit",
      code: EXIT_USAGE,
      stdout: "",
      stderr: "tsnetstat: --dns-timeout takes a whole number of milliseconds, not '' (see 'tsnetstat --help')\n",
    });
  });
});

describe("parseArgs: -h and -V", () => {
  it.each([[["-h"]], [["--help"]], [["-t", "-h"]]])("%j: usage on stdout, exit 0", (argv) => {
    const r = exit(argv);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Usage: tsnetstat \[-tuUwxS46\] \[-alnpeoWv\] \[-A family\[,family\]\] \[-f family\] \[--json\]\n/);
    for (const opt of ["--tcp", "--udp", "--raw", "--unix", "--listening", "--all", "--programs", "--extend", "--timers", "--wide", "--json", "--proc-root", "--dns-timeout", "--numeric-hosts"]) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout.endsWith("\n")).toBe(true);
    // a /proc copy is named with this machine's /etc: the help says so
    expect(r.stdout.replace(/\s+/g, " ")).toContain(
      "--proc-root <dir> read /proc from another directory (a copy from another machine); user, service and host names still come from this machine's /etc and resolver: add -n for the copy's numbers (default: \"/proc\")",
    );
  });

  it.each([[["-V"]], [["--version"]], [["--vers"]]])("%j: version on stdout, exit 0", (argv) => {
    expect(exit(argv)).toEqual({ kind: "exit", code: 0, stdout: `tsnetstat ${VERSION}\n`, stderr: "" });
  });
});

describe("expandLongPrefixes", () => {
  const names = ["--listening", "--list-all", "--numeric", "--numeric-hosts", "--tcp", "--tcpip"];
  it.each([
    [["--listen"], ["--listening"]],
    [["--list"], ["--list"]], // ambiguous: left for the parser to reject
    [["--numeric"], ["--numeric"]], // exact beats prefix
    [["--numeric-h"], ["--numeric-hosts"]],
    [["--tcp"], ["--tcp"]],
    [["--tcpi=x"], ["--tcpip=x"]],
    [["--", "--listen"], ["--", "--listen"]],
    [["-l", "--listen", "value"], ["-l", "--listening", "value"]],
  ])("%j → %j", (argv, out) => {
    expect(expandLongPrefixes(argv, names)).toEqual(out);
  });
});
