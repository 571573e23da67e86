// Issue 14 items 5 and 7: option messages as getopt gives them, a stray word printed and ignored,
// and a hint for each refused mode — run as a user types them, exact output and status.

import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, have, tsnetstat } from "../support/cli.js";

beforeAll(ensureBuilt);

const SEE = " (see 'tsnetstat --help')\n";

/** argv, and getopt's sentence (netstat 2.10 prints the same after "netstat: "). */
const GETOPT_CASES: readonly (readonly [string[], string])[] = [
  [["--nu"], "option '--nu' is ambiguous; possibilities: '--numeric' '--numeric-hosts' '--numeric-ports' '--numeric-users'"],
  [["--un"], "option '--un' is ambiguous; possibilities: '--unix' '--unix'"],
  [["--ve"], "option '--ve' is ambiguous; possibilities: '--version' '--verbose'"],
  [["--tcp=1"], "option '--tcp' doesn't allow an argument"],
  [["--prog=x"], "option '--programs' doesn't allow an argument"],
  [["--numeric-hosts=x"], "option '--numeric-hosts' doesn't allow an argument"],
  [["--foo"], "unrecognized option '--foo'"],
  [["--foo=x"], "unrecognized option '--foo=x'"],
  [["-k"], "invalid option -- 'k'"],
  [["-tkA"], "invalid option -- 'k'"],
  [["--protocol"], "option '--protocol' requires an argument"],
  [["-t", "-A"], "option requires an argument -- 'A'"],
];

describe("option messages as getopt gives them (status 3)", () => {
  it("an abbreviation lists tsnetstat's own long options too (netstat has no --local-scan)", () => {
    expect(tsnetstat(["--l"])).toEqual({
      status: 3,
      stdout: "",
      stderr: `tsnetstat: option '--l' is ambiguous; possibilities: '--l2cap' '--listening' '--local-scan'${SEE}`,
    });
  });

  it("an abbreviation lists tsnetstat's own long options too (netstat has no --input)", () => {
    expect(tsnetstat(["--in"])).toEqual({
      status: 3,
      stdout: "",
      stderr: `tsnetstat: option '--in' is ambiguous; possibilities: '--inet' '--interfaces' '--input' '--input-format'${SEE}`,
    });
  });

  it.each(GETOPT_CASES)("%j", (argv, sentence) => {
    expect(tsnetstat(argv)).toEqual({ status: 3, stdout: "", stderr: `tsnetstat: ${sentence}${SEE}` });
  });

  it.skipIf(!have("netstat"))("netstat 2.10 says the same sentences", () => {
    for (const [argv, sentence] of GETOPT_CASES) {
      const r = spawnSync("netstat", argv, { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
      expect([argv, r.status, r.stderr.split("\n")[0]]).toEqual([argv, 3, `netstat: ${sentence}`]);
    }
  });

  it("tsnetstat's own options: a unique prefix works, an ambiguous one lists them", () => {
    expect(tsnetstat(["--js"])).toEqual({ status: 3, stdout: "", stderr: `tsnetstat: option '--js' is ambiguous; possibilities: '--json' '--jsonl'${SEE}` });
    expect(tsnetstat(["--c"]).stderr).toBe(
      `tsnetstat: option '--c' is ambiguous; possibilities: '--continuous' '--cache' '--context' '--changes' '--color' '--completion'${SEE}`,
    );
    expect(tsnetstat(["--jsonl=1"])).toEqual({ status: 3, stdout: "", stderr: `tsnetstat: option '--jsonl' doesn't allow an argument${SEE}` });
  });
});

describe("a stray word is printed and ignored, as netstat does", () => {
  it("-tlnp 8765: the table as with -tlnp, one line on stderr pointing at --port", () => {
    const plain = tsnetstat(["-tln"]);
    const r = tsnetstat(["-tln", "8765"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(plain.stdout.split("\n").slice(0, 2));
    expect(r.stderr).toBe("tsnetstat: ignored '8765': netstat takes no operands (to select port 8765: --port 8765)\n");
  });

  it("two words and '--': one line naming both", () => {
    const r = tsnetstat(["--proc-root", "/nonexistent-tsnetstat", "-tn", "foo", "--", "-x"]);
    expect(r.stderr.split("\n")[0]).toBe("tsnetstat: ignored 'foo' '-x': netstat takes no operands");
  });
});

describe("refused modes, each with its own hint (status 1)", () => {
  it.each([
    [["-M"], "tsnetstat: --masquerade is not supported (Linux has had no masquerading table since 2.4; try 'conntrack -L')\n"],
    [["--masq"], "tsnetstat: --masquerade is not supported (Linux has had no masquerading table since 2.4; try 'conntrack -L')\n"],
    [["-Z"], "tsnetstat: -Z (SELinux contexts) is not supported (try 'ss -Z')\n"],
    [["-tlnZ"], "tsnetstat: -Z (SELinux contexts) is not supported (try 'ss -Z')\n"],
  ])("%j", (argv, stderr) => {
    expect(tsnetstat(argv)).toEqual({ status: 1, stdout: "", stderr });
  });
});

describe("flag values and combinations: one line, status 3", () => {
  it.each([
    [["-c", "0"], "-c takes a number of seconds above 0 (0.2, 5), not '0'"],
    [["--continuous=x"], "-c takes a number of seconds above 0 (0.2, 5), not 'x'"],
    [["--changes"], "--changes needs -c (changes between refreshes)"],
    [["-c", "--changes", "--json"], "--changes prints lines: use it with the table or --jsonl"],
    [["--json", "--table"], "--json and --table cannot be combined"],
    [["--color=blue"], "--color takes auto, always or never, not 'blue'"],
    [["--port", "99999"], "--port takes port numbers and ranges (N, N-M, comma-separated), not '99999'"],
    [["--state", "up"], "--state: unknown state 'up' (netstat's names such as LISTEN or TIME_WAIT, ss's such as time-wait, or connected, synchronized, bucket, big, all)"],
    [["--address", "10.0.0.0/40"], "--address takes an address or CIDR prefix (10.0.0.0/8, ::1, fe80::/10), not '10.0.0.0/40'"],
    [["--pid", "me"], "--pid takes process ids, not 'me'"],
    [["--completion", "tcsh"], "--completion takes one of bash, zsh, fish, not 'tcsh'"],
  ])("%j", (argv, sentence) => {
    expect(tsnetstat(argv)).toEqual({ status: 3, stdout: "", stderr: `tsnetstat: ${sentence}${SEE}` });
  });
});
