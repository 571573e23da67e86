// net-tools netstat 2.10 tables, byte for byte (see README "Differences from net-tools" for the
// two intended ones). Pure: sockets and options in, text out through a sink.

import type { InetProto, InetSocket, NetnsLabel, Owner, SocketTimer, UnixSocket } from "../model.js";
import type { ListenMode } from "../select.js";
import type { NameLookup, ServiceTable } from "../names/lookup.js";
import { mappedIPv4 } from "../readers/linux/addr.js";
import { cutAndEscape, escapeText } from "./escape.js";

export interface NetstatView {
  readonly mode: ListenMode;
  /** -e: User and Inode columns. */
  readonly extend: boolean;
  /** -p: PID/Program name column. */
  readonly programs: boolean;
  /** -o: Timer column. */
  readonly timers: boolean;
  /** --netns (a tsnetstat extension): a Netns column, last in the Internet table, before Path in the UNIX one. */
  readonly netns?: boolean;
  /** -W: never shorten addresses. */
  readonly wide: boolean;
  readonly numericHosts: boolean;
  readonly numericPorts: boolean;
  readonly numericUsers: boolean;
  readonly names: NameLookup;
}

/** The netstat.c PROGNAME_WIDTH buffer: "PID/name" keeps 19 bytes, padded to 20. */
const PROGNAME_WIDTH = 20;

const MODE_TITLE: Readonly<Record<ListenMode, string>> = {
  all: "(servers and established)",
  listening: "(only servers)",
  connected: "(w/o servers)",
};

export function inetTitle(view: NetstatView): string {
  let header = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
  if (view.extend) header += " User       Inode     ";
  if (view.programs) header += " PID/Program name    ";
  if (view.timers) header += " Timer";
  if (view.netns === true) header += " Netns";
  return `Active Internet connections ${MODE_TITLE[view.mode]}\n${header}\n`;
}

export function unixTitle(view: NetstatView): string {
  const pid = view.programs ? " PID/Program name    " : "";
  const netns = view.netns === true ? ` ${pad("Netns", NETNS_WIDTH)}` : "";
  return `Active UNIX domain sockets ${MODE_TITLE[view.mode]}\nProto RefCnt Flags       Type       State         I-Node  ${pid}${netns} Path\n`;
}

/** The UNIX table's Netns column is padded to this (the Internet table's is last, unpadded). */
const NETNS_WIDTH = 24;

/**
 * The Netns column: the namespace inode, then its `ip netns` name, else what lives there (the
 * container, unit or command), escaped like every name that comes from another process.
 */
export function netnsText(label: NetnsLabel | undefined): string {
  if (label === undefined) return "-";
  const what = label.name ?? label.container;
  return what === null ? String(label.inode) : `${label.inode}/${escapeText(what)}`;
}

/** What netstat calls each protocol in its Proto column. */
const PROTO_LABEL: Readonly<Record<InetProto, string>> = {
  tcp: "tcp",
  tcp6: "tcp6",
  udp: "udp",
  udp6: "udp6",
  udplite: "udpl",
  udplite6: "udpl6",
  raw: "raw",
  raw6: "raw6",
};

const SERVICE_TABLE: Readonly<Record<InetProto, ServiceTable>> = {
  tcp: "tcp",
  tcp6: "tcp",
  udp: "udp",
  udp6: "udp",
  udplite: "udp",
  udplite6: "udp",
  raw: "raw",
  raw6: "raw",
};

/** The host part of an endpoint (lib/inet.c INET_sprint, lib/inet6.c INET6_sprint and fix_v4_address). */
export function hostText(address: string, view: NetstatView): string {
  if (address === "0.0.0.0") return address;
  if (address === "::") return view.numericHosts ? "::" : "[::]";
  const mapped = mappedIPv4(address);
  if (view.numericHosts) return mapped ?? address;
  const name = view.names.host(address);
  if (name === null) return mapped ?? address;
  // fix_v4_address: for a mapped address, drop what precedes the ':' before the first '.', if any
  if (mapped !== null) {
    const dot = name.indexOf(".");
    const colon = dot < 0 ? -1 : name.lastIndexOf(":", dot);
    return colon >= 0 ? name.slice(colon + 1) : name;
  }
  return name;
}

export function portText(port: number | null, table: ServiceTable, view: NetstatView): string {
  if (port === null) return "*";
  if (view.numericPorts) return String(port);
  return view.names.service(port, table) ?? String(port);
}

/**
 * `host:port`, shortened to 23 characters unless -W (netstat.c addr_do_one): when host and port
 * together exceed 22, the port keeps at most 18 characters and the host what remains of 22.
 */
export function endpointText(host: string, port: string, wide: boolean): string {
  // -W: snprintf into addr_do_one's 128-byte buffer, so at most 127 characters
  if (wide) return `${host}:${port}`.slice(0, 127);
  if (host.length + port.length <= 22) return `${host}:${port}`;
  const portLen = Math.min(port.length, 18);
  return `${host.slice(0, 22 - portLen)}:${port.slice(0, portLen)}`;
}

/** Clock ticks as netstat prints them, "%2.2f" of ticks / 100 (ticks are whole, so no rounding ties). */
export function seconds(ticks: number): string {
  return (ticks / 100).toFixed(2);
}

/** The -o column (netstat.c tcp_do_one / udp_do_one / raw_do_one). Clock ticks are USER_HZ = 100. */
export function timerText(proto: InetProto, t: SocketTimer | null): string {
  const timer = t ?? { kind: 0, ticks: 0, retransmits: 0, probes: 0 };
  const isTcp = proto === "tcp" || proto === "tcp6";
  // udp_do_one resets retr to 0 before printing; raw_do_one does not
  const retr = proto.startsWith("udp") ? 0 : timer.retransmits;
  const tail = `${seconds(timer.ticks)}/${retr}/${timer.probes})`;
  switch (timer.kind) {
    case 0:
      return `off (0.00/${retr}/${timer.probes})`;
    case 1:
      return isTcp ? `on (${tail}` : `on1 (${tail}`;
    case 2:
      return isTcp ? `keepalive (${tail}` : `on2 (${tail}`;
    case 3:
      if (isTcp) return `timewait (${tail}`;
      break;
    case 4:
      if (isTcp) return `probe (${tail}`;
      break;
  }
  return `unkn-${timer.kind} (${tail}`;
}

/** The last process programText saw: consecutive rows mostly belong to the same process. */
let lastProgram: { pid: number; program: string; text: string } = { pid: -1, program: "", text: "" };

export function programText(owners: readonly Owner[]): string {
  const first = owners[0];
  if (first === undefined) return "-";
  if (first.pid === lastProgram.pid && first.program === lastProgram.program) return lastProgram.text;
  const text = cutAndEscape(`${first.pid}/${first.program}`, PROGNAME_WIDTH - 1);
  lastProgram = { pid: first.pid, program: first.program, text };
  return text;
}

function stateText(s: InetSocket): string {
  switch (s.proto) {
    case "tcp":
    case "tcp6":
      return s.state ?? "UNKNOWN";
    case "raw":
    case "raw6":
      return String(s.stateCode);
    default:
      // udp_do_one: 1 → ESTABLISHED, 7 (TCP_CLOSE) → empty, else UNKNOWN
      return s.stateCode === 1 ? "ESTABLISHED" : s.stateCode === 7 ? "" : "UNKNOWN";
  }
}

/** SPACES[k] is k spaces: padding 200,000 rows allocates no padding strings. */
const SPACES: readonly string[] = Array.from({ length: 33 }, (_, k) => " ".repeat(k));
const spaces = (k: number): string => SPACES[k] ?? " ".repeat(k);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + spaces(n - s.length));
const rpad = (s: string, n: number): string => (s.length >= n ? s : spaces(n - s.length) + s);

/** One Internet row, with its trailing newline. */
export function inetRow(s: InetSocket, view: NetstatView): string {
  const table = SERVICE_TABLE[s.proto];
  const local = endpointText(hostText(s.local.address, view), portText(s.local.port, table, view), view.wide);
  const remote = endpointText(hostText(s.remote.address, view), portText(s.remote.port, table, view), view.wide);
  const label = PROTO_LABEL[s.proto];
  // tcp and raw print "%-4s  "; udp and udplite "%-5s " (the same for names of 4 characters or fewer)
  const isUdp = table === "udp";
  let line = isUdp ? `${pad(label, 5)} ` : `${pad(label, 4)}  `;
  line += `${rpad(String(s.recvQ), 6)} ${rpad(String(s.sendQ), 6)} ${pad(local, 23)} ${pad(remote, 23)} ${pad(stateText(s), 11)}`;
  return line + tail(s, view);
}

/** The optional -e, -p and -o columns (netstat.c finish_this_one). */
function tail(s: InetSocket, view: NetstatView): string {
  let out = "";
  if (view.extend) {
    const name = view.numericUsers ? null : view.names.user(s.uid);
    out += ` ${pad(name ?? String(s.uid), 10)} ${pad(String(s.inode), 10)}`;
  }
  if (view.programs) out += ` ${pad(programText(s.owners), PROGNAME_WIDTH)}`;
  if (view.timers) out += ` ${timerText(s.proto, s.timer)}`;
  if (view.netns === true) out += ` ${netnsText(s.netns)}`;
  return `${out}\n`;
}

const UNIX_FLAG_TEXT = (s: UnixSocket): string => {
  let f = "[ ";
  for (const flag of s.flags) f += `${flag} `;
  return `${f}]`;
};

/** One UNIX row (netstat.c unix_do_one); the path is printed whole and escaped. */
export function unixRow(s: UnixSocket, view: NetstatView): string {
  const proto = s.protocol === 0 ? "unix" : "??";
  let line = `${pad(proto, 5)} ${pad(String(s.refCnt), 6)} ${pad(UNIX_FLAG_TEXT(s), 11)} ${pad(s.type, 10)} ${pad(s.state ?? "", 13)} ${pad(String(s.inode), 8)}`;
  if (view.programs) line += ` ${pad(programText(s.owners), PROGNAME_WIDTH)}`;
  if (view.netns === true) line += ` ${pad(netnsText(s.netns), NETNS_WIDTH)}`;
  return `${line} ${s.path === null ? "" : escapeText(s.path)}\n`;
}
