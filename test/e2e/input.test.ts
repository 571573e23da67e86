// --input FILE (or - for stdin): every saved listing of fixtures/ read back through the built command,
// detected without being named, and printed as its hand-checked expected sockets; the filters apply.

import { unstamped } from "../support/json-doc.js";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "../../src/model.js";
import { LAYOUTS } from "../../src/readers/saved-text.js";
import { ensureBuilt, run, scratch } from "./harness.js";
import { fixture, projectRoot } from "../support/fixtures.js";

const s = scratch();
beforeAll(() => {
  ensureBuilt();
});
afterAll(() => {
  s.done();
});

const json = (r: { stdout: string }): unknown => unstamped(r.stdout);
/** The command prints Internet sockets first, then UNIX ones, each in the order of the text. */
const inetThenUnix = (list: Socket[]): Socket[] => [...list.filter((x) => x.proto !== "unix"), ...list.filter((x) => x.proto === "unix")];

const BSD_DIRS = ["macos", "freebsd", "openbsd", "qnx", "solaris"];
const BSD_CASES = BSD_DIRS.flatMap((dir) =>
  readdirSync(join(projectRoot, "fixtures", dir))
    .filter((f) => f.endsWith(".txt"))
    .map((f) => `${dir}/${f.slice(0, -4)}`),
);

describe("--input FILE --json: the fixture's hand-checked sockets", () => {
  it("covers the 15 BSD and Solaris fixtures", () => {
    expect(BSD_CASES.length).toBe(15);
  });

  it.each(BSD_CASES)("%s", (name) => {
    const r = run(["--input", join(projectRoot, "fixtures", `${name}.txt`), "--json"], {});
    const sockets = JSON.parse(fixture(`${name}.expected.json`)) as Socket[];
    // every socket, whether the saved netstat listed servers or not (a saved text is read whole unless -l)
    expect({ status: r.status, json: json(r) }).toEqual({ status: 0, json: { schema: "tsnetstat/1", sockets: inetThenUnix(sockets) } });
    // the lines that gave no socket, each named with its line: the first 50, then how many more
    const diagnostics = JSON.parse(fixture(`${name}.diagnostics.json`)) as { line: number; message: string }[];
    const path = join(projectRoot, "fixtures", `${name}.txt`);
    const more = diagnostics.length > 50 ? `tsnetstat: ${path}: ${diagnostics.length - 50} more lines could not be read (not listed)\n` : "";
    expect(r.stderr).toBe(diagnostics.slice(0, 50).map((d) => `tsnetstat: ${path}:${d.line}: ${d.message}\n`).join("") + more);
  });

  it.each([
    ["netstat-text/linux-netstat-old-1.txt", "test/netstat-text/expected/linux-netstat-old-1.txt.json"],
    ["netstat-text/linux-netstat-sudo-aeep-1.txt", "test/netstat-text/expected/linux-netstat-sudo-aeep-1.txt.json"],
    ["netstat-text/linux-netstat-sudo-lnp-1.txt", "test/netstat-text/expected/linux-netstat-sudo-lnp-1.txt.json"],
    ["netstat-text/linux-netstat-sudo-lnp-space-1.txt", "test/netstat-text/expected/linux-netstat-sudo-lnp-space-1.txt.json"],
    ["lsof/linux-lsof-F-default.out", "test/lsof/expected/linux-lsof-F-default.out.json"],
    ["lsof/linux-lsof-U-F.out", "test/lsof/expected/linux-lsof-U-F.out.json"],
    ["lsof/lsof-F-macos-3.txt", "test/lsof/expected/lsof-F-macos-3.txt.json"],
    ["lsof/linux-lsof-i-n-P.out", "test/lsof/expected/linux-lsof-i-n-P.out.json"],
    ["lsof/linux-lsof-U.out", "test/lsof/expected/linux-lsof-U.out.json"],
    ["lsof/linux-lsof-states.out", "test/lsof/expected/linux-lsof-states.out.json"],
    ["lsof/lsof-i-macos-1.txt", "test/lsof/expected/lsof-i-macos-1.txt.json"],
  ])("%s (the owners the text names are kept)", (name, expectedPath) => {
    const path = join(projectRoot, "fixtures", name);
    const r = run(["--input", path, "--json"], {});
    const sockets = JSON.parse(readFileSync(join(projectRoot, expectedPath), "utf8")) as Socket[];
    expect({ status: r.status, json: json(r) }).toEqual({ status: 0, json: { schema: "tsnetstat/1", sockets: inetThenUnix(sockets) } });
    // rows with names instead of numbers (netstat run without -n) are reported by line, never guessed
    for (const line of r.stderr.split("\n").filter((l) => l !== "")) expect(line).toMatch(new RegExp(`^tsnetstat: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: `));
  });

  it.each(["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"])("a /proc/net/%s dump reads as the /proc reader reads that file", (table) => {
    // the same file, once as --input and once through --proc-root (the Linux reader itself)
    const root = join(s.dir, `proc-${table}`);
    mkdirSync(join(root, "net"), { recursive: true });
    const file = join(projectRoot, "fixtures/linux/captures", table === "unix" ? "unix" : "inet", `proc-net-${table}.out`);
    copyFileSync(file, join(root, "net", table));
    const flags = table === "unix" ? ["-x"] : [`--${table.startsWith("tcp") ? "tcp" : table.startsWith("udp") ? "udp" : "raw"}`, table.endsWith("6") ? "-6" : "-4"];
    const viaInput = run(["--input", file, "-a", ...flags, "--json"], {});
    const viaProc = run(["--proc-root", root, "-a", ...flags, "--json"], {});
    expect({ ...viaInput, stdout: unstamped(viaInput.stdout) }).toEqual({ ...viaProc, stdout: unstamped(viaProc.stdout), stderr: "" });
    expect((json(viaInput) as { sockets: unknown[] }).sockets.length).toBeGreaterThan(0);
  });

  it("a /proc/net/tcp dump whose name says nothing is told by its header", () => {
    const r = run(["--input", "-", "--json"], {}, undefined, fixture("linux/jc/linux-proc-net-tcp-1.txt"));
    const sockets = (json(r) as { sockets: Socket[] }).sockets;
    expect({ status: r.status, protos: [...new Set(sockets.map((x) => `${x.proto}/${"family" in x ? x.family : ""}`))] }).toEqual({ status: 0, protos: ["tcp/inet"] });
    expect(sockets[0]).toMatchObject({ local: { address: "127.0.0.53", port: 53 }, state: "LISTEN", uid: 101, inode: 34000 });
  });
});

describe("--input: tables, filters, stdin, forcing and refusing", () => {
  const freebsd = join(projectRoot, "fixtures/freebsd/freebsd-netstat-an-1.txt");

  it("-l keeps the servers, -t -4 one protocol and family, as on the live system", () => {
    const r = run(["--input", freebsd, "-tln4"], {});
    expect(r).toEqual({
      status: 0,
      stdout:
        "Active Internet connections (only servers)\n" +
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n" +
        "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     \n" +
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \n",
      stderr: "",
    });
  });

  it("- reads stdin, and -p says once that the text names no process", () => {
    const r = run(["--input", "-", "-tnp", "-6"], {}, undefined, fixture("freebsd/freebsd-netstat-an-1.txt"));
    expect(r).toEqual({
      status: 0,
      stdout:
        "Active Internet connections (servers and established)\n" +
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n" +
        "tcp6       0      0 :::22                   :::*                    LISTEN      -                   \n",
      stderr: '(stdin names no process for 1 socket: PID/Program name shows "-" there.)\n',
    });
  });

  it("a text no layout knows: one line naming the layouts tried, status 1, nothing printed", () => {
    const odd = s.write("odd.txt", "hello\nworld\n");
    expect(run(["--input", odd, "-an"], {})).toEqual({
      status: 1,
      stdout: "",
      stderr: `tsnetstat: ${odd}: not a socket listing tsnetstat knows (tried: ${LAYOUTS.join(", ")}); --input-format NAME reads it as one of them\n`,
    });
  });

  it("--input-format forces a layout (here one that does not fit: every line is a diagnostic)", () => {
    const text = s.write("short.txt", "Active Internet connections (including servers)\nProto Recv-Q Send-Q Local Address          Foreign Address        (state)\ntcp4       0      0 127.0.0.1.25           *.*                    LISTEN\n");
    const asFreebsd = run(["--input", text, "--input-format", "freebsd", "-tn", "-l"], {});
    expect(asFreebsd.stdout.split("\n")[2]).toBe("tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     ");
    const asSolaris = run(["--input", text, "--input-format", "solaris", "-tn", "-l", "--json"], {});
    expect({ status: asSolaris.status, json: json(asSolaris) }).toEqual({ status: 0, json: { schema: "tsnetstat/1", sockets: [] } });
    expect(asSolaris.stderr.split("\n").filter((l) => l !== "").length).toBe(3);
  });

  it("--input-format list prints the names; a wrong name is one line", () => {
    expect(run(["--input-format", "list"], {})).toEqual({ status: 0, stdout: LAYOUTS.map((l) => `${l}\n`).join(""), stderr: "" });
    expect(run(["--input", freebsd, "--input-format", "hpux"], {})).toEqual({
      status: 1,
      stdout: "",
      stderr: `tsnetstat: --input-format takes one of ${LAYOUTS.join(", ")} (or list), not 'hpux'\n`,
    });
  });

  it("a file that cannot be read: one line, status 1", () => {
    const missing = join(s.dir, "nope.txt");
    expect(run(["--input", missing], {})).toEqual({ status: 1, stdout: "", stderr: `tsnetstat: ${missing}: cannot read the input: no such file\n` });
  });

  it.each([
    [["--input", "x", "--proc-root", "/tmp"], "--input and --proc-root name two different sources: give one"],
    [["--input", "x", "--source", "lsof"], "--input and --source lsof name two different sources: give one"],
    [["--input", "x", "-c"], "-c prints the live system again every second: it cannot be used with --input"],
    [["--input-format", "macos"], "--input-format needs --input FILE"],
  ])("%j is a usage error", (args, message) => {
    expect(run(args, {})).toEqual({ status: 3, stdout: "", stderr: `tsnetstat: ${message} (see 'tsnetstat --help')\n` });
  });
});
