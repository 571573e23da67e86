// The net-tools netstat text parser: saved tables (jc's fixtures) against expected sockets
// transcribed from their text; netstat 2.10's own tables (captured with /proc in the same
// scenario) against the sockets the /proc parser reads from those /proc files; malformed input.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { InetSocket, ProcInetTable, Socket, UnixSocket } from "../../src/model.js";
import { parseNetstatText, unescapeText } from "../../src/readers/netstat-text/linux.js";
import { parseInetTable, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import { procTables } from "../../src/readers/linux/index.js";
import type { IpProtocol, ListenMode } from "../../src/select.js";
import { plan, wanted } from "../../src/select.js";
import { fixture, projectRoot } from "../support/fixtures.js";

const expected = (name: string): Socket[] => JSON.parse(readFileSync(`${projectRoot}test/netstat-text/expected/${name}.json`, "utf8")) as Socket[];

describe("saved net-tools tables (fixtures/netstat-text)", () => {
  it.each(["linux-netstat-old-1.txt", "linux-netstat-sudo-lnp-1.txt", "linux-netstat-sudo-lnp-space-1.txt"])("%s: every socket, no diagnostics", (name) => {
    const source = `netstat-text/${name}`;
    expect(parseNetstatText(fixture(source), { source })).toEqual({ records: expected(name), diagnostics: [] });
  });

  it("linux-netstat-sudo-aeep-1.txt: Internet rows with host and service names are diagnosed, the UNIX table is read", () => {
    const source = "netstat-text/linux-netstat-sudo-aeep-1.txt";
    const service = (ep: string, port: string): string => `local address "${ep}": port "${port}" is a service name (save the output of netstat -n)`;
    const host = (ep: string): string => `local address "${ep}": "localhost" is a host name (save the output of netstat -n)`;
    const got = parseNetstatText(fixture(source), { source });
    expect(got.records).toEqual(expected("linux-netstat-sudo-aeep-1.txt"));
    expect(got.diagnostics).toEqual(
      [
        service("localhost:domain", "domain"),
        service("0.0.0.0:ssh", "ssh"),
        host("localhost:35485"),
        service("localhost:ssh", "ssh"),
        host("localhost:33098"),
        service("[::]:ssh", "ssh"),
        service("localhost:domain", "domain"),
        service("kbrazil-ubuntu:bootpc", "bootpc"),
        service("[::]:ipv6-icmp", "ipv6-icmp"),
      ].map((message, i) => ({ source, line: i + 3, message })),
    );
  });
});

/** The fields a netstat table shows of a socket, the same for /proc's sockets and the parsed ones. */
function shown(s: Socket, cols: { extend?: boolean; programs?: boolean } = {}) {
  const owners = cols.programs === true ? s.owners.slice(0, 1).map((o) => [o.pid, o.program]) : [];
  if (s.proto === "unix") return { proto: s.proto, type: s.type, state: s.state, path: s.path, inode: s.inode, owners };
  const extra = cols.extend === true ? { uid: s.uid, inode: s.inode } : {};
  return { proto: s.proto, family: s.family, local: s.local, remote: s.remote, state: s.state, recvQ: s.recvQ, sendQ: s.sendQ, owners, ...extra };
}

/** The sockets of the captured /proc tables that netstat printed for these flags, in its order. */
function procInet(protocols: IpProtocol[], mode: ListenMode): InetSocket[] {
  const out: InetSocket[] = [];
  const p = plan({ protocols: new Set(protocols), families: new Set() });
  for (const step of p.inetSteps) {
    for (const table of procTables(step)) {
      const parsed = parseInetTable(fixture(`linux/captures/inet/proc-net-${table}.out`), table as ProcInetTable, { source: table });
      out.push(...parsed.records.filter(wanted(mode)));
    }
  }
  return out;
}

/** The capture scenarios ran as root in one process: every socket with an inode is its. */
const ownedBy = <T extends Socket>(list: T[], pid: number, program: string): T[] =>
  list.map((s) => (s.inode === 0 ? s : { ...s, owners: [{ pid, fd: 3, program, comm: null, cmdline: null }] }));

describe("netstat 2.10's tables read back to the sockets /proc had (fixtures/linux/captures)", () => {
  it.each([
    ["netstat-an.out", ["tcp", "udp", "raw"], "all", {}],
    ["netstat-tln.out", ["tcp"], "listening", {}],
    ["netstat-tn.out", ["tcp"], "connected", {}],
    ["netstat-uan.out", ["udp"], "all", {}],
    ["netstat-wan.out", ["raw"], "all", {}],
    ["netstat-tane.out", ["tcp"], "all", { extend: true }],
    ["netstat-uanpeo.out", ["udp"], "all", { extend: true, programs: true }],
    ["netstat-wanpeo.out", ["raw"], "all", { extend: true, programs: true }],
  ] as const)("%s", (file, protocols, mode, cols) => {
    const source = `linux/captures/inet/${file}`;
    const got = parseNetstatText(fixture(source), { source });
    expect(got.diagnostics).toEqual([]);
    let want = procInet([...protocols], mode);
    if ("programs" in cols) want = ownedBy(want, 16400, "python3");
    expect(got.records.map((s) => shown(s, cols))).toEqual(want.map((s) => shown(s, cols)));
    expect(got.records.length).toBeGreaterThan(0);
  });

  const procUnix = (): UnixSocket[] => parseUnixTable(fixture("linux/captures/unix/proc-net-unix.out"), { source: "unix" }).records;
  // netstat 2.10 cuts a path at its first space (README "Differences" 2)
  const cutAtSpace = (s: UnixSocket): UnixSocket => (s.path === null ? s : { ...s, path: s.path.split(" ")[0] ?? null });

  it.each([
    ["netstat-xa.out", "all", false],
    ["netstat-xl.out", "listening", false],
    ["netstat-x.out", "connected", false],
    ["netstat-xap.out", "all", true],
  ] as const)("%s", (file, mode, programs) => {
    const source = `linux/captures/unix/${file}`;
    const got = parseNetstatText(fixture(source), { source });
    expect(got.diagnostics).toEqual([]);
    let want = procUnix().filter(wanted(mode)).map(cutAtSpace);
    if (programs) want = ownedBy(want, 11261, "python3");
    expect(got.records.map((s) => shown(s, { programs }))).toEqual(want.map((s) => shown(s, { programs })));
  });
});

describe("malformed or unknown lines: one diagnostic each, naming source and line; the rest is read", () => {
  const HEAD = "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
  const ROW = "tcp        0      0 127.0.0.1:22            0.0.0.0:*               LISTEN     \n";
  const run = (text: string) => {
    const got = parseNetstatText(text, { source: "pasted.txt" });
    return { sockets: got.records.length, diagnostics: got.diagnostics.map((d) => `${d.source}:${d.line}: ${d.message}`) };
  };

  it.each([
    ["a row before any header", `${ROW}${HEAD}${ROW}`, ["pasted.txt:1: not a netstat table line"]],
    ["a row of an unknown protocol", `${HEAD}sctp       0      0 127.0.0.1:22            0.0.0.0:*               LISTEN     \n${ROW}`, ['pasted.txt:3: unknown protocol "sctp"']],
    ["queues that are not numbers", `${HEAD}tcp        x      0 127.0.0.1:22            0.0.0.0:*               LISTEN     \n${ROW}`, ["pasted.txt:3: Recv-Q and Send-Q are not numbers"]],
    ["an unknown TCP state", `${HEAD}tcp        0      0 127.0.0.1:22            0.0.0.0:*               DANCING    \n${ROW}`, ['pasted.txt:3: unknown TCP state "DANCING"']],
    ["an address cut to 23 characters (no -W)", `${HEAD}tcp6       0      0 2001:db8:aaaa:bbbb::443 :::*                    LISTEN     \n${ROW}`, ['pasted.txt:3: local address "2001:db8:aaaa:bbbb::443" was cut to 23 characters by netstat (save the output of netstat -W)']],
    ["a 23-character address that parses but may be cut", `${HEAD}tcp6       0      0 2001:db8::3:4:5:67:8080 :::*                    LISTEN     \n${ROW}`, ['pasted.txt:3: local address "2001:db8::3:4:5:67:8080" may have been cut to 23 characters by netstat (save the output of netstat -W)']],
    ["another family's table", `Active Bluetooth connections (servers and established)\n${HEAD}${ROW}`, ["pasted.txt:1: table not read: Active Bluetooth connections (servers and established)"]],
    ["an empty line", `${HEAD}\n${ROW}`, ["pasted.txt:3: empty line"]],
    ["a missing PID/Program column", `Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \ntcp        0      0 127.0.0.1:22            0.0.0.0:*               LISTEN\n${ROW.trimEnd()} -                   \n`, ["pasted.txt:3: row without the PID/Program name column its header announces"]],
    ["a UNIX row with an unknown type", `Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node   Path\nunix  2      [ ]         BOGUS                    1234     \nunix  2      [ ]         DGRAM                    1235     \n`, ['pasted.txt:3: unknown socket type "BOGUS"']],
  ])("%s", (_, text, diagnostics) => {
    expect(run(text)).toEqual({ sockets: 1, diagnostics });
  });

  it("netstat's -p notices pasted with the table are understood, not diagnosed", () => {
    const text = `(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n${HEAD}${ROW}`;
    expect(run(text)).toEqual({ sockets: 1, diagnostics: [] });
  });

  it("with -W (an endpoint longer than 23), a 23-character IPv6 endpoint is trusted", () => {
    const text = `${HEAD}tcp6       0      0 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff:44321 :::*                    LISTEN     \ntcp6       0      0 fe80::1ff:fe23:4567:8:22 :::*                    LISTEN     \n`;
    const got = parseNetstatText(text, { source: "w" });
    expect(got.diagnostics).toEqual([]);
    expect(got.records.map((s) => (s.proto === "unix" ? null : s.local))).toEqual([
      { address: "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", port: 44321 },
      { address: "fe80::1ff:fe23:4567:8", port: 22 },
    ]);
  });
});

describe("unescapeText: the inverse of tsnetstat's escapes", () => {
  it.each([
    ["plain", "plain"],
    ["a\\\\b", "a\\b"],
    ["line\\nfeed\\ttab\\rcr", "line\nfeed\ttab\rcr"],
    ["\\xc3\\xa9", "é"],
    ["\\xff", "\udcff"],
    ["trailing\\", "trailing\\"],
  ])("%j", (text, want) => {
    expect(unescapeText(text)).toBe(want);
  });
});
