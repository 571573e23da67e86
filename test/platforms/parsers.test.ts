// The BSD and Solaris parsers on layouts the fixtures lack, and on malformed lines: exact sockets, exact
// diagnostics (source and line), and the other sockets still read.

import { describe, expect, it } from "vitest";
import type { InetSocket, Socket, TcpState, UnixSocket } from "../../src/model.js";
import { parseFreebsd, parseMacos, parseNetbsd, parseOpenbsd, parseQnx, parseSolaris } from "../../src/readers/text/index.js";

type Platform = InetSocket["detail"]["platform"];

const inet = (
  platform: Platform,
  proto: InetSocket["proto"],
  family: InetSocket["family"],
  local: InetSocket["local"],
  remote: InetSocket["remote"],
  state: TcpState | null,
  extra: { stateText?: string | null; protoText?: string | null; dualStack?: boolean; pcb?: string | null; q?: [number, number] | null } = {},
): InetSocket => ({
  proto,
  family,
  local,
  remote,
  state,
  recvQ: extra.q === null ? null : (extra.q?.[0] ?? 0),
  sendQ: extra.q === null ? null : (extra.q?.[1] ?? 0),
  uid: null,
  inode: null,
  detail: {
    source: "netstat",
    platform,
    state: extra.stateText ?? null,
    protoText: extra.protoText === undefined ? proto : extra.protoText,
    dualStack: extra.dualStack ?? false,
    pcb: extra.pcb ?? null,
    zone: null,
  },
  owners: [],
  ownerStatus: "not-read",
});

const unix = (platform: Platform, type: UnixSocket["type"], path: string | null, pcb: string, conn: string | null): UnixSocket => ({
  proto: "unix",
  type,
  state: conn === null ? null : "CONNECTED",
  path,
  inode: null,
  detail: { source: "netstat", platform, pcb, conn },
  owners: [],
  ownerStatus: "not-read",
});

const any4 = { address: "0.0.0.0", port: null };
const any6 = { address: "::", port: null };
const plain = (records: Socket[]): unknown => JSON.parse(JSON.stringify(records));

describe("NetBSD", () => {
  it("reads the Internet and Internet6 tables, compact states and the UNIX table", () => {
    const text = [
      "Active Internet connections (including servers)",
      "Proto Recv-Q Send-Q  Local Address          Foreign Address        State",
      "tcp        0      0  192.0.2.1.22           192.0.2.9.50000        ESTABLISHED",
      "tcp        0     10  192.0.2.1.22           192.0.2.9.50001        FIN_WAIT_2",
      "udp        0      0  *.514                  *.*",
      "Active Internet6 connections (including servers)",
      "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)",
      "tcp6       0      0  fe80::1%lo0.22         *.*                    LISTEN",
      "udp6       0      0  2001:db8::5.53         2001:db8::9.4000",
      "Active UNIX domain sockets",
      "Address  Type   Recv-Q Send-Q    Inode     Conn     Refs  Nextref Addr",
      "c1f5d000 stream      0      0        0 c1f5d100        0        0 -> /var/run/log",
      "c1f5d200 dgram       0      0 c2000000        0        0        0 /var/run/log",
      "",
    ].join("\n");
    const r = parseNetbsd(text, "netstat -an");
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.records)).toEqual([
      inet("netbsd", "tcp", "inet", { address: "192.0.2.1", port: 22 }, { address: "192.0.2.9", port: 50000 }, "ESTABLISHED", { stateText: "ESTABLISHED" }),
      inet("netbsd", "tcp", "inet", { address: "192.0.2.1", port: 22 }, { address: "192.0.2.9", port: 50001 }, "FIN_WAIT2", { stateText: "FIN_WAIT_2", q: [0, 10] }),
      inet("netbsd", "udp", "inet", { address: "0.0.0.0", port: 514 }, any4, "CLOSE"),
      inet("netbsd", "tcp", "inet6", { address: "fe80::1", port: 22, scope: "lo0" }, any6, "LISTEN", { stateText: "LISTEN", protoText: "tcp6" }),
      inet("netbsd", "udp", "inet6", { address: "2001:db8::5", port: 53 }, { address: "2001:db8::9", port: 4000 }, "ESTABLISHED", { protoText: "udp6" }),
      unix("netbsd", "STREAM", null, "c1f5d000", "c1f5d100"),
      unix("netbsd", "DGRAM", "/var/run/log", "c1f5d200", null),
    ]);
  });

  it("reads -A -n rows with PCB pointers and 6-letter states", () => {
    const text = [
      "Active Internet connections",
      "PCB      Proto Recv-Q Send-Q  Local Address      Foreign Address    State",
      "c2a0b000 tcp        0      0  10.0.0.1.22        10.0.0.2.60000     ESTABL",
      "c2a0b100 tcp        0      0  10.0.0.1.22        10.0.0.2.60001     TMWAIT",
    ].join("\n");
    const r = parseNetbsd(text, "x");
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.records)).toEqual([
      inet("netbsd", "tcp", "inet", { address: "10.0.0.1", port: 22 }, { address: "10.0.0.2", port: 60000 }, "ESTABLISHED", { stateText: "ESTABL", pcb: "c2a0b000" }),
      inet("netbsd", "tcp", "inet", { address: "10.0.0.1", port: 22 }, { address: "10.0.0.2", port: 60001 }, "TIME_WAIT", { stateText: "TMWAIT", pcb: "c2a0b100" }),
    ]);
  });

  it("QNX is the same layout under its own platform tag", () => {
    const text = "Active Internet connections\nProto Recv-Q Send-Q  Local Address          Foreign Address        State\ntcp        0      0  *.22                   *.*                    LISTEN     \n";
    expect(plain(parseQnx(text, "x").records)).toEqual([inet("qnx", "tcp", "inet", { address: "0.0.0.0", port: 22 }, any4, "LISTEN", { stateText: "LISTEN" })]);
  });
});

describe("OpenBSD", () => {
  it("reads repeated title+header blocks, raw rows with IP-Proto, and the UNIX table", () => {
    const text = [
      "Active Internet connections (including servers)",
      "Proto   Recv-Q Send-Q  Local Address          Foreign Address        TCP-State",
      "tcp          0      0  10.0.0.1.22            10.0.0.2.40000         SYN_RCVD",
      "Active Internet connections (including servers)",
      "Proto   Recv-Q Send-Q  Local Address          Foreign Address        IP-Proto",
      "ip           0      0  *.*                    *.*                    17",
      "ip6          0      0  *.*                    *.*                    58",
      "Active UNIX domain sockets",
      "Address            Type   Recv-Q Send-Q Inode              Conn               Refs               Nextref            Addr",
      "0x0                seqpacket  0      0 0x0                0x0                0x0                0x0                /var/run/a b",
    ].join("\n");
    const r = parseOpenbsd(text, "x");
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.records)).toEqual([
      inet("openbsd", "tcp", "inet", { address: "10.0.0.1", port: 22 }, { address: "10.0.0.2", port: 40000 }, "SYN_RECV", { stateText: "SYN_RCVD" }),
      inet("openbsd", "raw", "inet", any4, any4, null, { protoText: "ip" }),
      inet("openbsd", "raw", "inet6", any6, any6, null, { protoText: "ip6" }),
      unix("openbsd", "SEQPACKET", "/var/run/a b", "0x0", null),
    ]);
  });

  it("refuses the rows of a header it does not know, once per row", () => {
    const text = [
      "Active Internet connections",
      "Proto   Recv-Q Send-Q Recv-W Send-W Cgst-W  Local Address          Foreign Address        TCP-State",
      "tcp          0      0  16384  16384      1  10.0.0.1.22            10.0.0.2.40000         ESTABLISHED",
    ].join("\n");
    expect(parseOpenbsd(text, "saved.txt")).toEqual({
      records: [],
      diagnostics: [
        { source: "saved.txt", line: 2, message: "unrecognised table header: the rows under it are not read" },
        { source: "saved.txt", line: 3, message: "row under an unrecognised table header not read" },
      ],
    });
  });
});

describe("macOS", () => {
  it("reads macOS 26 -v rows (process:pid column) under the misaligned 45-wide header", () => {
    const header =
      "Proto Recv-Q Send-Q  Local Address                                 Foreign Address                               (state)      rhiwat  shiwat          process:pid   state  options gencnt flags flags1 usecnt rtncnt fltrs";
    const text = [
      "Active Internet connections (including servers)",
      header,
      "tcp6       0      0  2620:1ec:42::132.443   *.*                    LISTEN      131072  131072          launchd:1      00000 00000006 0000000000000a6c 00000000 00000800      1      0 000001",
      "tcp4       0      0  127.0.0.1.631          *.*                    LISTEN      131072  131072            cupsd:412    00000 00000006 0000000000000a6d 00000000 00000800      1      0 000001",
      "udp4       0      0  *.5353                 *.*                                786896    9216  mDNSResponder:288    00000 00000000 0000000000000a6e 00000000 00000800      1      0 000001",
    ].join("\n");
    const r = parseMacos(text, "x");
    // The rows are 22 wide: a 16-character IPv6 host may have been cut even though the header says 45.
    expect(r.diagnostics).toEqual([
      { source: "x", line: 3, message: "local address: address \"2620:1ec:42::132\" fills netstat's 16-character host field and may have been cut; row skipped" },
    ]);
    expect(plain(r.records)).toEqual([
      inet("darwin", "tcp", "inet", { address: "127.0.0.1", port: 631 }, any4, "LISTEN", { stateText: "LISTEN", protoText: "tcp4" }),
      inet("darwin", "udp", "inet", { address: "0.0.0.0", port: 5353 }, any4, "CLOSE", { protoText: "udp4" }),
    ]);
  });

  it("skips kernel tables deliberately and diagnoses a line that is not theirs", () => {
    const text = [
      "Active kernel control sockets",
      "Proto Recv-Q Send-Q   unit     id name",
      "kctl       0      0      1      2 com.apple.nke.sockwall",
      "tcp4       0      0  127.0.0.1.631          *.*                    LISTEN",
      "Active VSOCK sockets",
      "anything at all",
      "Active LOCAL (UNIX) domain sockets",
      "Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr",
      "4f1eb4c58685585f stream      0      0                0 4f1eb4c5868572ef                0                0",
    ].join("\n");
    const r = parseMacos(text, "x");
    expect(r.diagnostics).toEqual([
      { source: "x", line: 4, message: 'unrecognised line in "Active kernel control sockets"' },
      { source: "x", line: 5, message: 'section "Active VSOCK sockets" is not a socket table tsnetstat reads; its lines are skipped' },
    ]);
    expect(plain(r.records)).toEqual([unix("darwin", "STREAM", null, "4f1eb4c58685585f", "4f1eb4c5868572ef")]);
  });
});

describe("UNIX tables", () => {
  it("refuses rows under a UNIX header with more columns than the default", () => {
    const text = [
      "Active LOCAL (UNIX) domain sockets",
      "Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr  rhiwat shiwat    pid   epid",
      "4f1eb4c58685585f stream      0      0                0 4f1eb4c5868572ef                0                0 /var/run/x   8192   8192    101      0",
    ].join("\n");
    expect(parseMacos(text, "x")).toEqual({
      records: [],
      diagnostics: [
        { source: "x", line: 2, message: "unrecognised table header: the rows under it are not read" },
        { source: "x", line: 3, message: "row under an unrecognised table header not read" },
      ],
    });
  });
});

describe("FreeBSD", () => {
  it("skips the pcb-list-changed notice and reads CRLF text", () => {
    const text = [
      "Active Internet connections (including servers)",
      "Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    ",
      "tcp46      0      0 *.80                   *.*                    LISTEN     ",
      "Some tcp sockets may have been created.",
      "udp4       0      0 192.0.2.1.123          *.*                    ",
    ].join("\r\n");
    const r = parseFreebsd(text, "x");
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.records)).toEqual([
      inet("freebsd", "tcp", "inet6", { address: "::", port: 80 }, any6, "LISTEN", { stateText: "LISTEN", protoText: "tcp46", dualStack: true }),
      inet("freebsd", "udp", "inet", { address: "192.0.2.1", port: 123 }, any4, "CLOSE", { protoText: "udp4" }),
    ]);
  });

  it("turns each malformed line into one diagnostic and keeps the rest", () => {
    const text = [
      "Active Internet connections (including servers)",
      "Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    ",
      "tcp4       0      0 127.0.0.1.25           *.*                    LISTEN     ",
      "tcp4       x      0 127.0.0.1.25           *.*                    LISTEN     ",
      "tcp4       0      0 127.0.0.1.25           *.*                    LISTENING  ",
      "tcp4       0      0 127.0.0.1.25",
      "tcp4       0      0 127.0.0.1.25           *.*",
      "sctp4      0      0 127.0.0.1.25           *.*                    LISTEN     ",
      "tcp4       0      0 127.0.0.1.25           *.*                    LISTEN      extra",
      "garbage",
      "Active UNIX domain sockets",
      "Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr",
      "fffff80003ab6100 funny       0      0                0                0                0                0",
      "fffff80003ab6100 stream",
      "tcp4       0      0 127.0.0.1.26           *.*                    LISTEN     ",
    ].join("\n");
    const r = parseFreebsd(text, "netstat -an");
    const d = (line: number, message: string): { source: string; line: number; message: string } => ({ source: "netstat -an", line, message });
    expect(r.diagnostics).toEqual([
      d(4, "malformed row: Recv-Q/Send-Q are not numbers"),
      d(5, 'state "LISTENING" is not known; row skipped'),
      d(6, "malformed row: missing address columns"),
      d(7, "malformed row: TCP row without a state"),
      d(8, 'protocol "sctp4" is not known; row skipped'),
      d(9, 'malformed row: unexpected column "extra"'),
      d(10, "unrecognised line"),
      d(13, 'UNIX socket type "funny" is not known; row skipped'),
      d(14, "unrecognised line"),
      d(15, "unrecognised line"),
    ]);
    expect(plain(r.records)).toEqual([inet("freebsd", "tcp", "inet", { address: "127.0.0.1", port: 25 }, any4, "LISTEN", { stateText: "LISTEN", protoText: "tcp4" })]);
  });

  it("skips a routing table and the -L listen queues pasted with the sockets, saying so once each", () => {
    const text = [
      "Routing tables",
      "",
      "Internet:",
      "Destination        Gateway            Flags     Netif Expire",
      "default            192.0.2.254        UGS         em0",
      "Current listen queue sizes (qlen/incqlen/maxqlen)",
      "Proto Listen                           Local Address",
      "tcp4  0/0/128                          *.22",
      "Active Internet connections (including servers)",
      "Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    ",
      "tcp4       0      0 *.22                   *.*                    LISTEN     ",
    ].join("\n");
    const r = parseFreebsd(text, "x");
    expect(r.diagnostics).toEqual([
      { source: "x", line: 1, message: 'section "Routing tables" is not a socket table tsnetstat reads; its lines are skipped' },
      { source: "x", line: 6, message: 'section "Current listen queue sizes (qlen/incqlen/maxqlen)" is not a socket table tsnetstat reads; its lines are skipped' },
    ]);
    expect(plain(r.records)).toEqual([inet("freebsd", "tcp", "inet", { address: "0.0.0.0", port: 22 }, any4, "LISTEN", { stateText: "LISTEN", protoText: "tcp4" })]);
  });

  it("reads -W rows: 45-wide columns keep IPv6 hosts up to 39 characters whole", () => {
    const row = (proto: string, local: string, remote: string, state: string): string =>
      `${proto.padEnd(5)}      0      0 ${local.padEnd(45)} ${remote.padEnd(45)} ${state.padEnd(11)}`;
    const text = [
      "Active Internet connections (including servers)",
      "Proto Recv-Q Send-Q Local Address                                 Foreign Address                               (state)    ",
      row("tcp6", "2001:db8:1234:5678:9abc:def0:1234:5678.22", "2001:db8::2.50000", "ESTABLISHED"),
      row("tcp6", "fe80::aede:48ff:fe00:1122%en5.49154", "*.*", "LISTEN"),
    ].join("\n");
    const r = parseFreebsd(text, "x");
    expect(r.diagnostics).toEqual([]);
    expect(plain(r.records)).toEqual([
      inet("freebsd", "tcp", "inet6", { address: "2001:db8:1234:5678:9abc:def0:1234:5678", port: 22 }, { address: "2001:db8::2", port: 50000 }, "ESTABLISHED", {
        stateText: "ESTABLISHED",
        protoText: "tcp6",
      }),
      inet("freebsd", "tcp", "inet6", { address: "fe80::aede:48ff:fe00:1122", port: 49154, scope: "en5" }, any6, "LISTEN", { stateText: "LISTEN", protoText: "tcp6" }),
    ]);
  });

  it("refuses rows under an unknown header even without a title", () => {
    const text = [
      "Proto Recv-Q Send-Q Local Address          Foreign Address        R-MBUF S-MBUF",
      "tcp4       0      0 127.0.0.1.25           *.*                         0      0",
    ].join("\n");
    expect(parseFreebsd(text, "x").diagnostics).toEqual([
      { source: "x", line: 1, message: "unrecognised table header: the rows under it are not read" },
      { source: "x", line: 2, message: "row under an unrecognised table header not read" },
    ]);
  });

  it("diagnoses rows before any title that are not Internet rows", () => {
    expect(parseFreebsd("hello\n\n", "f")).toEqual({ records: [], diagnostics: [{ source: "f", line: 1, message: "unrecognised line" }] });
  });
});

describe("Solaris / illumos", () => {
  it("reads IPv6 sections with the If column, a scope from it, and old titles", () => {
    const text = [
      "",
      "UDP: IPv6",
      "   Local Address                     Remote Address                   State      If",
      "--------------------------------- --------------------------------- ---------- -----",
      "      *.546                                                          Idle       net0",
      "      ::1.4000                      ::1.53                          Connected",
      "",
      "TCP: IPv6",
      "   Local Address                     Remote Address                 Swind Send-Q Rwind Recv-Q   State      If",
      "--------------------------------- --------------------------------- ----- ------ ----- ------ ----------- -----",
      "fe80::8:20ff:fe00:1.22            fe80::1.50000                     64000      0 128000      3 ESTABLISHED net0",
      "      *.22                              *.*                             0      0 128000      0 LISTEN",
      "",
      "TCP",
      "   Local Address        Remote Address    Swind Send-Q Rwind Recv-Q    State",
      "-------------------- -------------------- ----- ------ ----- ------ -----------",
      "10.0.0.1.22          10.0.0.2.1022        64000     12 128000      0 SYN_RCVD",
      "",
      "SCTP:",
      "        Local Address                   Remote Address          Swind  Send-Q Rwind  Recv-Q StrsI/O  State",
      "------------------------------- ------------------------------- ------ ------ ------ ------ ------- -----------",
      "0.0.0.0                         0.0.0.0                              0      0 102400      0  32/32  CLOSED",
    ].join("\n");
    const r = parseSolaris(text, "x");
    expect(r.diagnostics).toEqual([
      { source: "x", line: 22, message: "SCTP: row not read (only TCP, UDP and UNIX sections are)" },
    ]);
    const s = (state: string): { stateText: string; protoText: null; q: null } => ({ stateText: state, protoText: null, q: null });
    expect(plain(r.records)).toEqual([
      inet("sunos", "udp", "inet6", { address: "::", port: 546 }, any6, "CLOSE", s("Idle")),
      inet("sunos", "udp", "inet6", { address: "::1", port: 4000 }, { address: "::1", port: 53 }, "ESTABLISHED", s("Connected")),
      inet(
        "sunos",
        "tcp",
        "inet6",
        { address: "fe80::8:20ff:fe00:1", port: 22, scope: "net0" },
        { address: "fe80::1", port: 50000, scope: "net0" },
        "ESTABLISHED",
        { stateText: "ESTABLISHED", protoText: null, q: [3, 0] },
      ),
      inet("sunos", "tcp", "inet6", { address: "::", port: 22 }, any6, "LISTEN", { stateText: "LISTEN", protoText: null }),
      inet("sunos", "tcp", "inet", { address: "10.0.0.1", port: 22 }, { address: "10.0.0.2", port: 1022 }, "SYN_RECV", {
        stateText: "SYN_RCVD",
        protoText: null,
        q: [0, 12],
      }),
    ]);
  });

  it("reads illumos -u UDP rows with and without owners, and folds the rows of one socket", () => {
    const text = [
      "UDP: IPv4",
      "   Local Address        Remote Address      User    Pid      Command       State",
      "-------------------- --------------------  ------ ------- -------------- ----------",
      "      *.68                                root        90 dhcpagent      Idle",
      "      *.68                                root        91 dhcpagent      Idle",
      "10.0.0.1.5000        10.0.0.2.53                                         Connected",
      "      *.*                                                                Unknown State(9)",
    ].join("\n");
    const r = parseSolaris(text, "x");
    expect(r.diagnostics).toEqual([]);
    const s = (state: string): { stateText: string; protoText: null; q: null } => ({ stateText: state, protoText: null, q: null });
    // -u: the owners of each row (no descriptor is printed), "partial" since blank columns mean "could not tell"
    const dhcp = (pid: number) => ({ pid, fd: null, program: "dhcpagent", comm: "dhcpagent", cmdline: null });
    const owned = (sock: object, owners: object[]) => ({ ...sock, owners, ownerStatus: "partial" });
    expect(plain(r.records)).toEqual([
      owned(inet("sunos", "udp", "inet", { address: "0.0.0.0", port: 68 }, any4, "CLOSE", s("Idle")), [dhcp(90), dhcp(91)]),
      owned(inet("sunos", "udp", "inet", { address: "10.0.0.1", port: 5000 }, { address: "10.0.0.2", port: 53 }, "ESTABLISHED", s("Connected")), []),
      owned(inet("sunos", "udp", "inet", any4, any4, null, s("Unknown State(9)")), []),
    ]);
  });

  it("reads UNIX rows: bound, unbound, socketpair, and a peer's path", () => {
    const text = [
      "Active UNIX domain sockets",
      "Address  Type          Vnode     Conn  Local Addr      Remote Addr",
      "3000623d0f0 stream-ord 00000000 00000000                               ",
      "300016fe008 stream-ord 00000000 300016fe100                 (socketpair)  ",
      "300016ff7a8 stream-ord 300016e70b8 00000000 /tmp/.X11-unix/X1                ",
      "300016ff900 dgram      00000000 300016ff7a8                 /var/run/syslog",
      "300016ff999 whatever   00000000 00000000",
    ].join("\n");
    const r = parseSolaris(text, "x");
    expect(r.diagnostics).toEqual([{ source: "x", line: 7, message: 'UNIX socket type "whatever" is not known; row skipped' }]);
    expect(plain(r.records)).toEqual([
      unix("sunos", "STREAM", null, "3000623d0f0", null),
      unix("sunos", "STREAM", null, "300016fe008", "300016fe100"),
      unix("sunos", "STREAM", "/tmp/.X11-unix/X1", "300016ff7a8", null),
      unix("sunos", "DGRAM", null, "300016ff900", "300016ff7a8"),
    ]);
  });

  it("skips a routing table, saying so once", () => {
    const text = [
      "",
      "Routing Table: IPv4",
      "  Destination           Gateway           Flags  Ref     Use     Interface",
      "-------------------- -------------------- ----- ----- ---------- ---------",
      "default              192.0.2.254          UG        2        120 net0",
      "",
      "TCP: IPv4",
      "   Local Address        Remote Address    Swind Send-Q Rwind Recv-Q    State",
      "-------------------- -------------------- ----- ------ ----- ------ -----------",
      "      *.22                 *.*                0      0 128000      0 LISTEN",
    ].join("\n");
    const r = parseSolaris(text, "x");
    expect(r.diagnostics).toEqual([
      { source: "x", line: 2, message: 'section "Routing Table: IPv4" is not a socket table tsnetstat reads; its lines are skipped' },
    ]);
    expect(plain(r.records)).toEqual([inet("sunos", "tcp", "inet", { address: "0.0.0.0", port: 22 }, any4, "LISTEN", { stateText: "LISTEN", protoText: null })]);
  });

  it("turns malformed rows into diagnostics naming source and line", () => {
    const text = [
      "TCP: IPv4",
      "   Local Address        Remote Address    Swind Send-Q Rwind Recv-Q    State",
      "-------------------- -------------------- ----- ------ ----- ------ -----------",
      "10.0.0.1.22          10.0.0.2.1022        64000     12 128000      0 WAITING",
      "10.0.0.1.22          10.0.0.2.1022        64000     12 lots        0 ESTABLISHED",
      "myhost.ssh           10.0.0.2.1022        64000     12 128000      0 ESTABLISHED",
      "10.0.0.1.22          10.0.0.2.1023        64000      0 128000      0 ESTABLISHED",
      "stray text before any section is fine to report",
    ].join("\n");
    const r = parseSolaris(text, "saved.txt");
    expect(r.diagnostics).toEqual([
      { source: "saved.txt", line: 4, message: 'state "WAITING" is not known; row skipped' },
      { source: "saved.txt", line: 5, message: "unrecognised line" },
      { source: "saved.txt", line: 6, message: 'local address: port "ssh" is not a number (netstat was run without -n); row skipped' },
      { source: "saved.txt", line: 8, message: "unrecognised line" },
    ]);
    expect(r.records).toHaveLength(1);
  });
});
