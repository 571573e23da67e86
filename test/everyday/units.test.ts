// The pure parts of the everyday features: filter parsing and predicates, getopt, colour levels
// and painted rows, boxed widths, and the socket diff of --changes.

import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { InetSocket, Owner, Socket, UnixSocket } from "../../src/model.js";
import { inCidr, parseCidr, parseFilter, parsePorts, parseStates, socketPredicate, ownerPredicate } from "../../src/filter.js";
import type { Filter } from "../../src/filter.js";
import { getopt, longMatch } from "../../src/cli/getopt.js";
import type { OptionSpec } from "../../src/cli/getopt.js";
import { colorLevel, painter } from "../../src/format/color.js";
import { fitWidths, shownColumns } from "../../src/format/boxed.js";
import { diffSockets, keyed, socketKey } from "../../src/cli/watch.js";
import { inetRow, unixRow } from "../../src/format/netstat.js";
import type { NetstatView } from "../../src/format/netstat.js";
import { NUMERIC_NAMES } from "../../src/names/lookup.js";
import { jsonlLine, jsonlPrefix } from "../../src/format/jsonl.js";

const OWNER: Owner = { pid: 42, fd: 3, program: "sshd", comm: "sshd", cmdline: "/usr/sbin/sshd -D" };

function tcp(local: string, lport: number | null, remote: string, rport: number | null, state: InetSocket["state"], owners: Owner[] = []): InetSocket {
  return {
    proto: "tcp",
    family: local.includes(":") ? "inet6" : "inet",
    local: { address: local, port: lport },
    remote: { address: remote, port: rport },
    state,
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 7,
    detail: { source: "proc", platform: "linux", stateCode: 1, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
    owners,
    ownerStatus: owners.length > 0 ? "complete" : "not-read",
  };
}

const UNIX: UnixSocket = {
  proto: "unix",
  type: "STREAM",
  state: "LISTENING",
  path: "/run/x.sock",
  inode: 99,
  detail: { source: "proc", platform: "linux", refCnt: 2, flags: ["ACC"], protocol: 0, typeCode: 1, stateCode: 1 },
  owners: [],
  ownerStatus: "complete",
};

const filter = (args: Record<string, string[]>): Filter => {
  const r = parseFilter(args);
  if (r.kind !== "ok") throw new Error(r.message);
  return r.filter;
};

describe("filter parsing", () => {
  it("ports and ranges", () => {
    expect(parsePorts("--port", "22,8000-8080")).toEqual([
      { lo: 22, hi: 22 },
      { lo: 8000, hi: 8080 },
    ]);
    expect(parsePorts("--port", "80-22")).toBe("--port takes port numbers and ranges (N, N-M, comma-separated), not '80-22'");
    expect(parsePorts("--sport", "ssh")).toBe("--sport takes port numbers and ranges (N, N-M, comma-separated), not 'ssh'");
  });

  it("states: netstat's names, ss's names and groups", () => {
    expect([...(parseStates("time-wait,LISTEN") as Set<string>)]).toEqual(["TIME_WAIT", "LISTEN"]);
    expect([...(parseStates("synchronized") as Set<string>)].sort()).toEqual(
      ["ESTABLISHED", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSING", "NEW_SYN_RECV"].sort(),
    );
    expect(parseStates("connected")).toEqual(new Set(["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSING", "NEW_SYN_RECV"]));
    expect(typeof parseStates("up")).toBe("string");
  });

  it.each([
    ["10.0.0.0/8", "10.1.2.3", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.0.0.0/8", "::ffff:10.1.2.3", true],
    ["192.168.1.128/25", "192.168.1.200", true],
    ["192.168.1.128/25", "192.168.1.100", false],
    ["fe80::/10", "fe80::1", true],
    ["fe80::/10", "fec0::1", false],
    ["::1", "::1", true],
    ["::1", "127.0.0.1", false],
    ["2001:db8::/32", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", true],
  ])("%s holds %s: %s", (cidr, address, inside) => {
    const c = parseCidr(cidr);
    if (typeof c === "string") throw new Error(c);
    expect(inCidr(address, c)).toBe(inside);
  });

  it.each([["10.0.0.0/33"], ["10.0.0/8"], ["::1::2"], ["host.example"], ["1.2.3.4/x"]])("--address %s is refused", (cidr) => {
    expect(parseCidr(cidr)).toBe(`--address takes an address or CIDR prefix (10.0.0.0/8, ::1, fe80::/10), not '${cidr}'`);
  });
});

describe("filter predicates", () => {
  const listen = tcp("0.0.0.0", 22, "0.0.0.0", null, "LISTEN");
  const conn = tcp("10.0.0.5", 22, "10.0.0.9", 50000, "ESTABLISHED", [OWNER]);
  it("ports match either end; sport/dport one end; UNIX sockets never match a port", () => {
    const p = socketPredicate(filter({ port: ["50000"] }));
    expect([p(listen), p(conn), p(UNIX)]).toEqual([false, true, false]);
    const d = socketPredicate(filter({ dport: ["22"] }));
    expect([d(listen), d(conn)]).toEqual([false, false]);
  });
  it("--state on UNIX sockets as ss shows them", () => {
    expect(socketPredicate(filter({ state: ["listening"] }))(UNIX)).toBe(true);
    expect(socketPredicate(filter({ state: ["connected"] }))(UNIX)).toBe(false);
  });
  it("--user by uid and by name", () => {
    expect(socketPredicate(filter({ user: ["0"] }))(conn)).toBe(true);
    expect(socketPredicate(filter({ user: ["root"] }), new Map([["root", 0]]))(conn)).toBe(true);
    expect(socketPredicate(filter({ user: ["bob"] }), new Map([["bob", null]]))(conn)).toBe(false);
  });
  it("--program matches program or comm; --pid the holder", () => {
    expect(ownerPredicate(filter({ program: ["sshd"] }))(conn)).toBe(true);
    expect(ownerPredicate(filter({ pid: ["43"] }))(conn)).toBe(false);
    expect(ownerPredicate(filter({ pid: ["42"], program: ["sshd"] }))(listen)).toBe(false);
  });
});

describe("getopt", () => {
  const specs: OptionSpec[] = [
    { short: "t", long: "tcp", arg: "none" },
    { short: "A", long: "protocol", arg: "required" },
    { short: "c", long: "continuous", arg: "optional" },
    { short: null, long: "json", arg: "none" },
    { short: null, long: "jsonl", arg: "none" },
  ];
  it.each([
    [["-tc", "0.2"], ["--tcp", "--continuous=0.2"], []],
    [["-ct"], ["--continuous", "--tcp"], []],
    [["-c0.5", "x"], ["--continuous=0.5"], ["x"]],
    [["-c", "word"], ["--continuous"], ["word"]],
    [["-Ainet", "--json"], ["--protocol=inet", "--json"], []],
    [["--prot", "unix", "--", "-t"], ["--protocol=unix"], ["-t"]],
    [["--json"], ["--json"], []],
  ])("%j", (argv, args, operands) => {
    expect(getopt(argv, specs, [])).toEqual({ kind: "ok", args, operands });
  });
  it("an exact name wins over a longer one; a shared prefix is ambiguous", () => {
    expect(longMatch("json", ["json", "jsonl"], [])).toEqual({ kind: "one", name: "json" });
    expect(longMatch("js", ["json", "jsonl"], [])).toEqual({ kind: "ambiguous", possibilities: ["json", "jsonl"] });
  });
});

describe("colour", () => {
  it.each([
    ["auto", {}, true, 1],
    ["auto", {}, false, 0],
    ["auto", { NO_COLOR: "1" }, true, 0],
    ["auto", { NO_COLOR: "" }, true, 1],
    ["auto", { FORCE_COLOR: "1" }, false, 1],
    ["auto", { FORCE_COLOR: "3" }, false, 3],
    ["auto", { FORCE_COLOR: "0" }, true, 0],
    ["auto", { TERM: "dumb" }, true, 0],
    ["always", { NO_COLOR: "1" }, false, 1],
    ["never", { FORCE_COLOR: "1" }, true, 0],
  ] as const)("--color=%s with %j, terminal %s: level %d", (mode, env, tty, level) => {
    expect(colorLevel(mode, env, tty)).toBe(level);
  });

  const view: NetstatView = { mode: "all", extend: false, programs: true, timers: false, wide: false, numericHosts: true, numericPorts: true, numericUsers: true, names: NUMERIC_NAMES };
  const p = painter(new Chalk({ level: 1 }));
  const strip = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");

  it("a wildcard server: bold red address, green LISTEN, red '-' for no known owner; the text unchanged", () => {
    const s = { ...tcp("0.0.0.0", 22, "0.0.0.0", null, "LISTEN"), ownerStatus: "complete" as const };
    const row = inetRow(s, view);
    const painted = p.inetRow(row, s, true, false);
    expect(strip(painted)).toBe(row);
    expect(painted).toBe(
      "tcp        0      0 \x1b[1m\x1b[31m0.0.0.0:22\x1b[39m\x1b[22m              0.0.0.0:*               \x1b[32mLISTEN\x1b[39m      \x1b[31m-\x1b[39m                   \n",
    );
  });

  it("a UNIX server: green LISTENING, the path untouched", () => {
    const row = unixRow(UNIX, view);
    const painted = p.unixRow(row, UNIX, true);
    expect(strip(painted)).toBe(row);
    expect(painted).toContain("\x1b[32mLISTENING\x1b[39m");
    expect(painted).toContain("\x1b[31m-\x1b[39m");
  });
});

describe("--table widths", () => {
  it("columns empty in every row are left out", () => {
    expect(shownColumns([["tcp", "a", "b", "LISTEN", "", "root", "-"]])).toEqual([0, 1, 2, 3, 5, 6]);
  });
  it("the widest wrappable column shrinks until the box fits", () => {
    const head = ["Proto", "Local", "Owners"];
    const rows = [["tcp", "127.0.0.1:5000", "1234/a-long-program-name"]];
    expect(fitWidths(head, rows, 80, [false, true, true])).toEqual([7, 16, 26]);
    // 40 columns: 4 borders leave 36
    expect(fitWidths(head, rows, 40, [false, true, true])).toEqual([7, 14, 15]);
  });
});

describe("--changes and --jsonl", () => {
  it("a state change is one socket going and another coming", () => {
    const a = tcp("127.0.0.1", 40000, "127.0.0.1", 22, "ESTABLISHED");
    const b = { ...a, state: "TIME_WAIT" as const };
    const c = tcp("127.0.0.1", 40001, "127.0.0.1", 22, "ESTABLISHED");
    const d = diffSockets(keyed([a, c]), keyed([b, c]));
    expect([d.gone.map(socketKey), d.appeared.map(socketKey)]).toEqual([[socketKey(a)], [socketKey(b)]]);
  });
  it("a --jsonl line is the --json socket with host and time first", () => {
    const s: Socket = tcp("::1", 1, "::", null, "LISTEN");
    const line = jsonlLine(jsonlPrefix({ host: "h", time: "2026-01-01T00:00:00.000Z" }), s);
    expect(JSON.parse(line)).toEqual({ host: "h", time: "2026-01-01T00:00:00.000Z", ...JSON.parse(JSON.stringify(s)) });
    expect(line.startsWith('{"host":"h","time":"2026-01-01T00:00:00.000Z","proto":"tcp",')).toBe(true);
  });
});
