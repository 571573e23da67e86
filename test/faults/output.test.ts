// Output and argument faults (issue 7): stdout closed, /dev/full, a reader that leaves early
// (| head -1) in table, JSON and -c modes, SIGINT/SIGTERM/SIGPIPE during -c; and every option
// with a missing, empty, huge or non-ASCII value: one line (escaped, cut when huge), netstat's status.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../../bin/tsnetstat");
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const line = (i: number): string =>
  `${String(i).padStart(4)}: 0100007F:${(1024 + i).toString(16).toUpperCase().padStart(4, "0")} 0200007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 ${5000 + i} 1 0000000000000000 20 4 30 10 -1`;
const TITLE = "Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
const row = (i: number): string => `tcp        0      0 127.0.0.1:${1024 + i}          127.0.0.2:40001         ESTABLISHED\n`.replace(/(127\.0\.0\.1:\d+) +/, (_m, a: string) => a.padEnd(24));
const ROWS = 3000;
const TABLE = TITLE + Array.from({ length: ROWS }, (_, i) => row(i)).join("");

let work = "";
let tree = "";

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tsf-out-"));
  tree = join(work, "proc");
  mkdirSync(join(tree, "net"), { recursive: true });
  writeFileSync(join(tree, "net", "tcp"), `${HEADER}\n${Array.from({ length: ROWS }, (_, i) => line(i)).join("\n")}\n`);
  writeFileSync(join(tree, "net", "tcp6"), `${HEADER}\n`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run a shell line with $T (tsnetstat) and $P (the tree); stdout, stderr and status. */
/** (--norc: bash reads .bashrc when its stdin is a socket, as node's pipes are) */
function sh(script: string) {
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", T: `"${process.execPath}" "${BIN}"`, P: tree },
    timeout: 20_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("output faults", () => {
  it("the table itself (the reference for the cases below)", () => {
    expect(sh(`eval "$T -tn --proc-root $P"`)).toEqual({ stdout: TABLE, stderr: "", status: 0 });
  });

  it("stdout closed: nothing written anywhere, status 0, no stack", () => {
    // node puts /dev/null on a closed descriptor 0-2 at start: the rows go nowhere, as netstat's would
    expect(sh(`eval "$T -tn --proc-root $P" >&-`)).toEqual({ stdout: "", stderr: "", status: 0 });
  });

  it("stdout on /dev/full: one line naming the failure, status 1", () => {
    expect(sh(`eval "$T -tn --proc-root $P" >/dev/full`)).toEqual({
      stdout: "",
      stderr: "tsnetstat: write error on standard output: no space left on device\n",
      status: 1,
    });
  });

  it("stdout and stderr both on /dev/full: status 1, and no hang", () => {
    expect(sh(`eval "$T -tn --proc-root $P" >/dev/full 2>/dev/full; echo "status $?"`)).toEqual({ stdout: "status 1\n", stderr: "", status: 0 });
  });

  for (const [mode, args, first] of [
    ["a table", "-tn", "Active Internet connections (w/o servers)\n"],
    ["--json", "-tn --json", /^\{"schema":"tsnetstat\/1","host":"[^"]+","time":"[0-9T:.Z-]+","sockets":\[\n$/],
    ["-c", "-tnc", "Active Internet connections (w/o servers)\n"],
  ] as const) {
    it(`| head -1 in ${mode}: the first line, status 0, nothing on stderr`, () => {
      const r = sh(`eval "$T ${args} --proc-root $P" | head -1; echo "status \${PIPESTATUS[0]}"`);
      const [line, status] = r.stdout.split(/(?<=\n)/);
      expect({ ...r, stdout: status }).toEqual({ stdout: "status 0\n", stderr: "", status: 0 });
      if (typeof first === "string") expect(line).toBe(first);
      else expect(line).toMatch(first);
    });
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} during -c: ends at once, only whole tables written`, async () => {
      const child = spawn(process.execPath, [BIN, "-tnc", "--proc-root", tree], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      // after the second table is complete, while the third is due
      await new Promise<void>((ok) => {
        const check = (): void => (out.length >= 2 * TABLE.length ? ok() : void setTimeout(check, 20));
        check();
      });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      child.kill(signal);
      const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on("close", (c, s) => r([c, s])));
      expect(Date.now() - t0).toBeLessThan(2000);
      // killed by the signal, as netstat -c is
      expect({ code, sig, err }).toEqual({ code: null, sig: signal, err: "" });
      expect(out.length % TABLE.length).toBe(0);
      expect(out).toBe(TABLE.repeat(out.length / TABLE.length));
    });
  }

  it("SIGPIPE sent to -c: ignored (a closed pipe shows as EPIPE on the next write), the tables go on", async () => {
    const child = spawn(process.execPath, [BIN, "-tnc", "--proc-root", tree], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGPIPE");
    await new Promise<void>((ok) => {
      const check = (): void => (out.length >= 2 * TABLE.length ? ok() : void setTimeout(check, 20));
      check();
    });
    child.kill("SIGTERM");
    await new Promise((r) => child.on("close", r));
    expect(out.slice(0, 2 * TABLE.length)).toBe(TABLE.repeat(2));
  });
});

const HUGE = "x".repeat(100_000);
const help = " (see 'tsnetstat --help')\n";
const cut = (prefix: string, value: string, suffix: string): string => {
  const whole = `${prefix}${value}${suffix}`;
  return whole.length > 200 ? `${whole.slice(0, 200)}... (${whole.length - 200} more characters)` : whole;
};

describe("arguments: every option with a missing, empty, huge or non-ASCII value", () => {
  const cases: [string[], number, string][] = [
    [["-A"], 3, `tsnetstat: option requires an argument -- 'A'${help}`],
    [["-A", ""], 1, `tsnetstat: unknown address family ''${help}`],
    [["-A", "é"], 1, `tsnetstat: unknown address family '\\xc3\\xa9'${help}`],
    [["-A", HUGE], 1, `tsnetstat: ${cut("unknown address family '", HUGE, "'")}${help}`],
    [["-A", "\x1b[31mx\n"], 1, `tsnetstat: unknown address family '\\x1b[31mx\\n'${help}`],
    [["-f"], 3, `tsnetstat: option requires an argument -- 'f'${help}`],
    [["-f", ""], 1, `tsnetstat: unknown address family ''${help}`],
    [["-f", "ñ"], 1, `tsnetstat: unknown address family '\\xc3\\xb1'${help}`],
    [["-f", HUGE], 1, `tsnetstat: ${cut("unknown address family '", HUGE, "'")}${help}`],
    [["--proc-root"], 3, `tsnetstat: option '--proc-root' requires an argument${help}`],
    [["--proc-root", ""], 1, "tsnetstat: --proc-root '': no such directory\n"],
    [["--proc-root", "é"], 1, "tsnetstat: --proc-root '\\xc3\\xa9': no such directory\n"],
    [["--proc-root", "\x1b]0;x\x07"], 1, "tsnetstat: --proc-root '\\x1b]0;x\\x07': no such directory\n"],
    [["--proc-root", `/${HUGE}`], 1, `tsnetstat: --proc-root '/${"x".repeat(199)}...': cannot be read (file name too long)\n`],
    [["--dns-timeout"], 3, `tsnetstat: option '--dns-timeout' requires an argument${help}`],
    [["--dns-timeout", ""], 3, `tsnetstat: --dns-timeout takes a whole number of milliseconds, not ''${help}`],
    [["--dns-timeout", "é"], 3, `tsnetstat: --dns-timeout takes a whole number of milliseconds, not '\\xc3\\xa9'${help}`],
    [["--dns-timeout", HUGE], 3, `tsnetstat: ${cut("--dns-timeout takes a whole number of milliseconds, not '", HUGE, "'")}${help}`],
    [["--dns-timeout=\n"], 3, `tsnetstat: --dns-timeout takes a whole number of milliseconds, not '\\n'${help}`],
    [["--é"], 3, `tsnetstat: unrecognized option '--\\xc3\\xa9'${help}`],
    [["-é"], 3, `tsnetstat: invalid option -- '\\xc3\\xa9'${help}`],
    [[`--${HUGE}`], 3, `tsnetstat: ${cut("unrecognized option '--", HUGE, "'")}${help}`],
  ];
  it.each(cases.map(([argv, status, stderr]) => [argv.map((a) => (a.length > 40 ? `<${a.length} bytes>` : JSON.stringify(a))).join(" "), argv, status, stderr] as const))(
    "%s",
    (_name, argv, status, stderr) => {
      const r = spawnSync(process.execPath, [BIN, "-tn", ...argv], { encoding: "utf8" });
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: "", stderr, status });
    },
  );
});
