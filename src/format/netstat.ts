// net-tools netstat 2.10 tables, byte for byte for sockets read on Linux (see README "Differences
// from net-tools" for the intended ones). Pure: sockets and options in, each row's text out.
// Only the neutral model fields are read, except where netstat prints a Linux number itself
// (raw sockets' state, the -o timers, UNIX RefCnt/Flags); other platforms' sockets print their
// own state there, and "-" for a number the platform does not give.

import type { InetFamily, InetProto, InetSocket, LinuxTimer, NetnsLabel, Owner, UnixSocket } from "../model.js";
import type { ListenMode } from "../select.js";
import type { NameLookup, ServiceTable } from "../names/lookup.js";
import { mappedIPv4 } from "../addr.js";
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

/** What netstat calls each protocol in its Proto column: "6" added for inet6, UDP-Lite is "udpl". */
const PROTO_LABEL: Readonly<Record<InetProto, Readonly<Record<InetFamily, string>>>> = {
  tcp: { inet: "tcp", inet6: "tcp6" },
  udp: { inet: "udp", inet6: "udp6" },
  udplite: { inet: "udpl", inet6: "udpl6" },
  raw: { inet: "raw", inet6: "raw6" },
  sctp: { inet: "sctp", inet6: "sctp6" },
};

/** The services table each protocol's port names come from (net-tools: UDP-Lite uses udp's). */
const SERVICE_TABLE: Readonly<Record<InetProto, ServiceTable>> = {
  tcp: "tcp",
  udp: "udp",
  udplite: "udp",
  raw: "raw",
  // unused: netstat prints SCTP ports as numbers (get_sname knows only tcp, udp and raw; sctpRow)
  sctp: "tcp",
};

/** A number as netstat prints it; "-" when the platform does not give it. */
const num = (n: number | null): string => (n === null ? "-" : String(n));

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

/** The -o column for a Linux timer (netstat.c tcp_do_one / udp_do_one / raw_do_one). Clock ticks are USER_HZ = 100. */
export function timerText(proto: InetProto, timer: LinuxTimer): string {
  const isTcp = proto === "tcp";
  // udp_do_one resets retr to 0 before printing; raw_do_one does not
  const retr = proto === "udp" || proto === "udplite" ? 0 : timer.retransmits;
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
      return s.state ?? "UNKNOWN";
    case "raw":
      // raw_do_one prints the kernel's number; other platforms' raw sockets their own state, if any
      return s.detail.source === "proc" ? String(s.detail.stateCode) : (s.detail.state ?? "");
    default:
      // udp_do_one: TCP_ESTABLISHED → ESTABLISHED, TCP_CLOSE → empty, else UNKNOWN
      return s.state === "ESTABLISHED" ? "ESTABLISHED" : s.state === "CLOSE" || s.state === null ? "" : "UNKNOWN";
  }
}

/** SPACES[k] is k spaces: padding 200,000 rows allocates no padding strings. */
const SPACES: readonly string[] = Array.from({ length: 33 }, (_, k) => " ".repeat(k));
const spaces = (k: number): string => SPACES[k] ?? " ".repeat(k);
const pad = (s: string, n: number): string => (s.length >= n ? s : s + spaces(n - s.length));
const rpad = (s: string, n: number): string => (s.length >= n ? s : spaces(n - s.length) + s);

/**
 * The addresses whose host names the rows of `sockets` show (when hosts are not numeric): both ends,
 * and every address of a multi-homed SCTP socket, unless another -n flag keeps SCTP numeric (sctpRow).
 */
export function addressesToName(sockets: Iterable<InetSocket>, view: Pick<NetstatView, "numericPorts" | "numericUsers">): Set<string> {
  const set = new Set<string>();
  const sctpNamed = !view.numericPorts && !view.numericUsers;
  for (const s of sockets) {
    if (s.proto === "sctp") {
      if (!sctpNamed) continue;
      for (const a of s.addresses?.local ?? [s.local.address]) set.add(a);
      for (const a of s.addresses?.remote ?? [s.remote.address]) set.add(a);
      continue;
    }
    set.add(s.local.address);
    set.add(s.remote.address);
  }
  return set;
}

/** One Internet row, with its trailing newline. */
export function inetRow(s: InetSocket, view: NetstatView): string {
  if (s.proto === "sctp") return sctpRow(s, view);
  const table = SERVICE_TABLE[s.proto];
  const local = endpointText(hostText(s.local.address, view), portText(s.local.port, table, view), view.wide);
  const remote = endpointText(hostText(s.remote.address, view), portText(s.remote.port, table, view), view.wide);
  const label = PROTO_LABEL[s.proto][s.family];
  // tcp and raw print "%-4s  "; udp and udplite "%-5s " (the same for names of 4 characters or fewer)
  const isUdp = table === "udp";
  let line = isUdp ? `${pad(label, 5)} ` : `${pad(label, 4)}  `;
  line += `${rpad(num(s.recvQ), 6)} ${rpad(num(s.sendQ), 6)} ${pad(local, 23)} ${pad(remote, 23)} ${pad(stateText(s), 11)}`;
  return line + tail(s, view);
}

/** The optional -e, -p and -o columns (netstat.c finish_this_one); SCTP lines have an empty -o text. */
function tail(s: InetSocket, view: NetstatView, noTimers = false): string {
  let out = "";
  if (view.extend) {
    const name = view.numericUsers || s.uid === null ? null : view.names.user(s.uid);
    out += ` ${pad(name ?? num(s.uid), 10)} ${pad(num(s.inode), 10)}`;
  }
  if (view.programs) out += ` ${pad(programText(s.owners), PROGNAME_WIDTH)}`;
  if (view.timers) out += ` ${noTimers ? "" : timersOf(s)}`;
  if (view.netns === true) out += ` ${netnsText(s.netns)}`;
  return `${out}\n`;
}

const timersOf = (s: InetSocket): string => (s.detail.source === "proc" ? timerText(s.proto, s.detail.timer) : "-");

/** netstat 2.10's tcp_state[] (0 is ""), which its SCTP lines print by number. */
const NETSTAT_TCP_STATE: readonly string[] = [
  "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
];

/** netstat.c sctp_socket_state_str: the name of a Linux state number, else "UNKNOWN(n)"; other platforms' own state. */
function sctpStateText(s: InetSocket): string {
  if (s.detail.source === "proc") {
    const code = s.detail.stateCode;
    return NETSTAT_TCP_STATE[code] ?? `UNKNOWN(${code})`;
  }
  return s.state ?? "";
}

/** 20 columns: where a continuation line of a multi-homed SCTP socket starts. */
const SCTP_INDENT = spaces(20);

/**
 * An SCTP socket as netstat 2.10 prints it (netstat.c sctp_eps_do_one, sctp_assoc_do_one): one line
 * per address of a multi-homed socket. Ports are always numbers (get_sname has no sctp services),
 * and host names are looked up only when no -n flag at all was given (sprint gets all of flag_not);
 * addresses are never shortened. An endpoint (no remote port) prints its local addresses in a
 * 47-column field after "sctp" and blank queues; an association prints queues, then local and
 * remote, the port only on the first line.
 */
function sctpRow(s: InetSocket, view: NetstatView): string {
  const numeric = view.numericHosts || view.numericPorts || view.numericUsers;
  const hostView = numeric === view.numericHosts ? view : { ...view, numericHosts: numeric };
  const host = (a: string): string => hostText(a, hostView);
  const port = (p: number | null): string => (p === null ? "*" : String(p));
  const locals = s.addresses?.local ?? [s.local.address];
  const state = sctpStateText(s);
  let line = "";
  if (s.remote.port === null) {
    locals.forEach((a, i) => {
      line += i === 0 ? "sctp                " : `\n${SCTP_INDENT}`;
      line += `${pad(`${host(a)}:${port(s.local.port)}`, 47)} ${pad(i === 0 ? state : "", 11)}`;
    });
  } else {
    const remotes = s.addresses?.remote ?? [s.remote.address];
    const n = Math.max(locals.length, remotes.length);
    for (let i = 0; i < n; i++) {
      const l = locals[i];
      const r = remotes[i];
      line += i === 0 ? `sctp  ${rpad(num(s.recvQ), 6)} ${rpad(num(s.sendQ), 6)} ` : `\n${SCTP_INDENT}`;
      const lText = l === undefined ? "" : i === 0 ? `${host(l)}:${port(s.local.port)}` : host(l);
      const rText = r === undefined ? "" : i === 0 ? `${host(r)}:${port(s.remote.port)}` : host(r);
      line += `${pad(lText, 23)} ${pad(rText, 23)} ${pad(i === 0 ? state : "", 11)}`;
    }
  }
  // finish_this_one with an empty timer text
  return line + tail(s, view, true);
}

const UNIX_FLAG_TEXT = (flags: readonly string[]): string => {
  let f = "[ ";
  for (const flag of flags) f += `${flag} `;
  return `${f}]`;
};

/** One UNIX row (netstat.c unix_do_one); the path is printed whole and escaped. */
export function unixRow(s: UnixSocket, view: NetstatView): string {
  const d = s.detail.source === "proc" ? s.detail : null;
  // a protocol other than 0 prints "??" (unix_do_one); other platforms have no such field
  const proto = d === null || d.protocol === 0 ? "unix" : "??";
  const refCnt = d === null ? "-" : String(d.refCnt);
  const flags = UNIX_FLAG_TEXT(d === null ? [] : d.flags);
  let line = `${pad(proto, 5)} ${pad(refCnt, 6)} ${pad(flags, 11)} ${pad(s.type, 10)} ${pad(s.state ?? "", 13)} ${pad(num(s.inode), 8)}`;
  if (view.programs) line += ` ${pad(programText(s.owners), PROGNAME_WIDTH)}`;
  if (view.netns === true) line += ` ${pad(netnsText(s.netns), NETNS_WIDTH)}`;
  return `${line} ${s.path === null ? "" : escapeText(s.path)}\n`;
}
