// The names capture (netstat 2.10 with the fixture hosts and services files): its numeric table,
// named through the fixture files with tsnetstat's parsers, must print as netstat printed it, with
// and without -W (the truncation rules), with --numeric-hosts, --numeric-ports and -e.

import { describe, expect, it } from "vitest";
import type { InetSocket, ProcInetTable, TcpState } from "../../src/model.js";
import { linuxInet } from "../support/sockets.js";
import { inetRow, inetTitle } from "../../src/format/netstat.js";
import type { NetstatView } from "../../src/format/netstat.js";
import type { NameLookup } from "../../src/names/lookup.js";
import { parseHosts, parseProtocols, parseServices, serviceTables } from "../../src/names/etc.js";
import { hostsByAddr } from "../../src/names/hosts.js";
import { parseAddress } from "../../src/addr.js";
import { fixture, fixtureLines } from "../support/fixtures.js";

const STATES: readonly TcpState[] = [
  "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
];

/** "127.0.0.1:7778", "::1:443", ":::*" → address and port (the port is after the last ':'). */
function endpoint(text: string): { address: string; port: number | null } {
  const colon = text.lastIndexOf(":");
  const port = text.slice(colon + 1);
  return { address: text.slice(0, colon), port: port === "*" ? null : Number(port) };
}

/** The sockets of the numeric capture, with uid and inode from the -e capture (same order). */
function sockets(): InetSocket[] {
  const extended = fixtureLines("linux/captures/names/netstat-tuaeW.out").slice(2);
  return fixtureLines("linux/captures/names/netstat-tuanW.out")
    .slice(2)
    .map((line, i) => {
      const f = line.split(/ +/);
      const proto = f[0] as ProcInetTable;
      const stateText = proto.startsWith("tcp") ? (f[5] ?? "") : (f[5] ?? "");
      const state = STATES.includes(stateText as TcpState) ? (stateText as TcpState) : null;
      const e = (extended[i] ?? "").trim().split(/ +/);
      return linuxInet({
        proto,
        recvQ: Number(f[1]),
        sendQ: Number(f[2]),
        local: endpoint(f[3] ?? ""),
        remote: endpoint(f[4] ?? ""),
        state: proto.startsWith("udp") && state === null ? "CLOSE" : state,
        stateCode: state === null ? 7 : STATES.indexOf(state) + 1,
        uid: e[e.length - 2] === "root" ? 0 : -1,
        inode: Number(e[e.length - 1]),
      });
    });
}

function fixtureNames(): NameLookup {
  const hosts = parseHosts(fixture("linux/captures/etc/hosts"), "hosts").records;
  const tables = serviceTables(parseServices(fixture("linux/captures/etc/services"), "services").records, parseProtocols("", "protocols").records);
  return {
    host: (a) => {
      const p = parseAddress(a);
      return p === null ? null : hostsByAddr(hosts, p);
    },
    service: (port, table) => tables[table].get(port) ?? null,
    user: (uid) => (uid === 0 ? "root" : null),
  };
}

function view(over: Partial<NetstatView>): NetstatView {
  return {
    mode: "all",
    extend: false,
    programs: false,
    timers: false,
    wide: false,
    numericHosts: false,
    numericPorts: false,
    numericUsers: false,
    names: fixtureNames(),
    ...over,
  };
}

const table = (v: NetstatView): string => inetTitle(v) + sockets().map((s) => inetRow(s, v)).join("");

describe("names capture (custom /etc/hosts and /etc/services)", () => {
  it("the numeric table is what it was captured from", () => {
    expect(table(view({ numericHosts: true, numericPorts: true }))).toBe(fixture("linux/captures/names/netstat-tuan.out"));
  });
  it("-tua: names shortened to 23 columns", () => {
    expect(table(view({}))).toBe(fixture("linux/captures/names/netstat-tua.out"));
  });
  it("-tuaW: names whole", () => {
    expect(table(view({ wide: true }))).toBe(fixture("linux/captures/names/netstat-tuaW.out"));
  });
  it("--numeric-hosts and --numeric-ports", () => {
    expect(table(view({ numericHosts: true }))).toBe(fixture("linux/captures/names/netstat-tua-numeric-hosts.out"));
    expect(table(view({ numericPorts: true }))).toBe(fixture("linux/captures/names/netstat-tua-numeric-ports.out"));
  });
  it("-tuaeW: user names", () => {
    expect(table(view({ wide: true, extend: true }))).toBe(fixture("linux/captures/names/netstat-tuaeW.out"));
  });
  it("a duplicated port takes the last name, where getservbyport takes the first", () => {
    expect(fixture("linux/captures/names/getent-7777.out")).toMatch(/^first-name\s+7777\/tcp/);
    expect(fixtureNames().service(7777, "tcp")).toBe("second-name");
    expect(fixtureNames().service(7777, "udp")).toBeNull();
  });
});
