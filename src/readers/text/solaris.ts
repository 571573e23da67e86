// Pure parser of Solaris / illumos `netstat -an` text (usr/src/cmd/cmd-inet/usr.bin/netstat/netstat.c
// and unix.c of illumos-gate). Text in, sockets and diagnostics out; no I/O.
//
// One section per protocol and family ("UDP: IPv4", "TCP: IPv6", "SCTP:", "Active UNIX domain sockets"),
// each with a header and a dashed underline; no Proto column (the title says it); windows and queues come
// before the state; endpoints are never cut; an unconnected UDP socket prints no remote address at all.
// Rows are read by whitespace from the right, where the numeric columns and the state always are.

import type { Diagnostic, Endpoint, InetFamily, InetSocket, Owner, Parsed, Socket, TcpState, UnixSocket } from "../../model.js";
import {
  diagnostic,
  inetSocket,
  isStateName,
  lines,
  NO_CUT,
  parseEndpoint,
  parseState,
  parseUnixType,
  splitEndpoint,
  tokenize,
  wildcardAddress,
} from "./normalise.js";

type Transport = "tcp" | "udp" | "sctp" | "other";

interface InetColumns {
  /** illumos -u: "User Pid Command" between the addresses and the numbers/state. */
  readonly owners: boolean;
  /** IPv6 tables end with the interface column "If" (usually empty). */
  readonly ifColumn: boolean;
}

type Section =
  | { readonly kind: "none" }
  | { readonly kind: "inet"; transport: Transport; family: InetFamily; columns: InetColumns | null; title: string | null }
  | { readonly kind: "unix" }
  | { readonly kind: "other" };

/** `netstat -r` ("Routing Table: IPv4", netstat.c) and other tables that list no socket. */
const OTHER_TITLE = /^(?:Routing Table:.*|IPv[46] Multicast Group Memberships|Group Memberships.*|Active [A-Za-z0-9 ]+ sockets)\s*$/;

/** Section titles (netstat.c mib_get_constants/ tcp_report, udp_report, sctp_report): "TCP: IPv4", or "TCP" alone with DEFAULT_IP=IP_VERSION4. */
const TITLE = /^(TCP|UDP|SCTP|RAWIP|ICMP)(?::\s*IPv([46]))?:?\s*$/;
const UNIX_TITLE = /^Active UNIX domain sockets\s*$/;
/** illumos unix.c: "Address  Type          Vnode     Conn  Local Addr      Remote Addr". */
const UNIX_HEADER = /^Address\s+Type\s+Vnode\s+Conn\s+Local Addr\s+Remote Addr\s*$/;
const UNDERLINE = /^[\s-]*-[\s-]*$/;
const INT = /^\d+$/;
const POINTER = /^[0-9a-fA-F]+$/;

/** `netstat -an` (and -f inet|inet6|unix, -P, -u) of Solaris and illumos. */
export function parseSolaris(text: string, source: string): Parsed<Socket> {
  const records: Socket[] = [];
  const diagnostics: Diagnostic[] = [];
  let section: Section = { kind: "none" };
  const all = lines(text);
  // illumos -u prints one row per process holding a socket; consecutive equal rows are one socket.
  let previousKey: string | null = null;
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? "";
    const note = (message: string): void => {
      diagnostics.push(diagnostic(source, i + 1, message));
    };
    if (line.trim() === "") continue;
    const title = TITLE.exec(line.trim());
    if (title !== null) {
      const name = title[1] ?? "";
      const transport: Transport = name === "TCP" ? "tcp" : name === "UDP" ? "udp" : name === "SCTP" ? "sctp" : "other";
      section = { kind: "inet", transport, family: title[2] === "6" ? "inet6" : "inet", columns: null, title: line.trim() };
      previousKey = null;
      continue;
    }
    if (UNIX_TITLE.test(line)) {
      section = { kind: "unix" };
      continue;
    }
    if (OTHER_TITLE.test(line.trim())) {
      section = { kind: "other" };
      note(`section "${line.trim()}" is not a socket table tsnetstat reads; its lines are skipped`);
      continue;
    }
    if (section.kind === "other" || UNDERLINE.test(line)) continue;

    if (section.kind === "unix") {
      if (UNIX_HEADER.test(line)) continue;
      const row = unixRow(line);
      if (typeof row === "string") note(row);
      else records.push(row);
      continue;
    }

    const header = inetHeader(line);
    if (header !== null) {
      if (section.kind === "none") {
        // A table without its title (a cut-down paste): the header tells TCP (windows) from UDP, v6 by "If".
        section = { kind: "inet", transport: header.transport, family: header.columns.ifColumn ? "inet6" : "inet", columns: null, title: null };
      }
      section.columns = header.columns;
      previousKey = null;
      continue;
    }
    if (section.kind === "none") {
      note("unrecognised line");
      continue;
    }
    if (section.transport === "sctp" || section.transport === "other") {
      note(`${section.title ?? "this section"} row not read (only TCP, UDP and UNIX sections are)`);
      continue;
    }
    const columns = section.columns ?? { owners: false, ifColumn: section.family === "inet6" };
    const row = section.transport === "tcp" ? tcpRow(line, section.family, columns) : udpRow(line, section.family, columns);
    if (typeof row === "string") {
      note(row);
      continue;
    }
    const last = records[records.length - 1];
    if (columns.owners && row.key === previousKey && last !== undefined && last.proto !== "unix") {
      // the same socket again, held by another process: one more owner
      if (row.owner !== null) records[records.length - 1] = { ...last, owners: [...last.owners, row.owner] };
      continue;
    }
    previousKey = row.key;
    records.push(row.owner === null ? row.socket : { ...row.socket, owners: [row.owner] });
  }
  return { records, diagnostics };
}

/** The header of an Internet section; null when the line is not one. */
function inetHeader(line: string): { transport: Transport; columns: InetColumns } | null {
  if (!/^\s*Local Address\s+Remote Address\s/.test(line)) return null;
  const words = line.trim().split(/\s+/);
  return {
    transport: words.includes("Swind") ? "tcp" : "udp",
    columns: { owners: words.includes("User") && words.includes("Pid"), ifColumn: words[words.length - 1] === "If" },
  };
}

interface Row {
  /** The socket; with -u its ownerStatus is "partial" (netstat -u leaves the owner columns blank for processes it cannot inspect). */
  readonly socket: InetSocket;
  /** The process of an illumos -u row; null without -u or when the columns are blank. */
  readonly owner: Owner | null;
  /** Everything but the owner columns, to fold the -u rows of one socket together. */
  readonly key: string;
}

/** An interface column names the scope of a link-local address netstat printed without "%zone". */
function withInterface(e: Endpoint, ifName: string | null): Endpoint {
  if (ifName === null || e.scope !== undefined || !/^fe[89ab][0-9a-f]:/i.test(e.address)) return e;
  return { ...e, scope: ifName };
}

/** "local remote [user pid command] swind send-q rwind recv-q state [if]" (netstat.c tcp_report_item_v4/v6). */
function tcpRow(line: string, family: InetFamily, columns: InetColumns): Row | string {
  const t = tokenize(line).map((x) => x.text);
  let end = t.length;
  let ifName: string | null = null;
  if (columns.ifColumn && end > 0 && !isStateName(t[end - 1] ?? "", "solaris-tcp") && !/^UnknownState\(/.test(t[end - 1] ?? "")) {
    ifName = t[end - 1] ?? null;
    end--;
  }
  if (end < 7) return "unrecognised line";
  const stateText = t[end - 1] ?? "";
  const [swind = "", sendQ = "", rwind = "", recvQ = ""] = t.slice(end - 5, end - 1);
  if (![swind, sendQ, rwind, recvQ].every((v) => INT.test(v))) return "unrecognised line";
  const head = t.slice(0, end - 5);
  if (columns.owners ? head.length < 2 : head.length !== 2) return "unrecognised line";
  const state = parseState(stateText, "solaris-tcp");
  if (!state.ok) return `${state.reason}; row skipped`;
  const ends = endpoints(head[0] ?? "", head[1] ?? "", family, ifName);
  if (typeof ends === "string") return ends;
  const socket = withOwnerColumns(inetSocket("tcp", family, ends.local, ends.remote, state.value, Number(recvQ), Number(sendQ), detail(stateText)), columns);
  return { socket, owner: ownerOf(head.slice(2)), key: JSON.stringify([head[0], head[1], swind, sendQ, rwind, recvQ, stateText, ifName]) };
}

/** UDP: "local [remote] [user pid command] state [if]"; the remote is blank when not connected (netstat.c udp_report_item_v4/v6). */
function udpRow(line: string, family: InetFamily, columns: InetColumns): Row | string {
  const t = tokenize(line).map((x) => x.text);
  let end = t.length;
  let ifName: string | null = null;
  if (columns.ifColumn && end > 0 && !isStateName(t[end - 1] ?? "", "solaris-udp") && !/^State\(/.test(t[end - 1] ?? "")) {
    ifName = t[end - 1] ?? null;
    end--;
  }
  // miudp_state(): "Unknown State(N)" is the one two-word state.
  const twoWord = end >= 2 && t[end - 2] === "Unknown" && /^State\(-?\d+\)$/.test(t[end - 1] ?? "");
  const stateText = twoWord ? `Unknown ${t[end - 1] ?? ""}` : (t[end - 1] ?? "");
  const head = t.slice(0, twoWord ? end - 2 : end - 1);
  if (head.length < 1) return "unrecognised line";
  let state: TcpState | null = null;
  if (!twoWord) {
    const parsed = parseState(stateText, "solaris-udp");
    if (!parsed.ok) return `${parsed.reason}; row skipped`;
    state = parsed.value;
  }
  const localText = head[0] ?? "";
  const second = head[1];
  const hasRemote = second !== undefined && looksLikeEndpoint(second);
  const rest = head.length - (hasRemote ? 2 : 1);
  if (columns.owners ? rest < 0 : rest !== 0) return "unrecognised line";
  const ends = endpoints(localText, hasRemote ? second : null, family, ifName);
  if (typeof ends === "string") return ends;
  const socket = withOwnerColumns(inetSocket("udp", family, ends.local, ends.remote, state, null, null, detail(stateText)), columns);
  return { socket, owner: ownerOf(head.slice(hasRemote ? 2 : 1)), key: JSON.stringify([localText, hasRemote ? second : null, stateText, ifName]) };
}

/** With -u the owners were read, though perhaps not all of them: "partial" (illumos netstat.c, -u walks /proc). */
const withOwnerColumns = (s: InetSocket, columns: InetColumns): InetSocket => (columns.owners ? { ...s, ownerStatus: "partial" } : s);

/**
 * The -u columns "User Pid Command" (illumos netstat.c: user %-8.8s, pid %6d, command %-14.14s, the
 * process's pr_fname): blank when the owner is unknown. No descriptor is printed, so fd is null.
 */
function ownerOf(cols: readonly string[]): Owner | null {
  const [, pid, ...command] = cols;
  if (pid === undefined || !INT.test(pid) || command.length === 0) return null;
  const name = command.join(" ");
  return { pid: Number(pid), fd: null, program: name, comm: name, cmdline: null };
}

const looksLikeEndpoint = (text: string): boolean => {
  const parts = splitEndpoint(text);
  return parts !== null && /^(?:\*|\d+)$/.test(parts.port);
};

function endpoints(localText: string, remoteText: string | null, family: InetFamily, ifName: string | null): { local: Endpoint; remote: Endpoint } | string {
  const local = parseEndpoint(localText, family, NO_CUT);
  if (!local.ok) return `local address: ${local.reason}; row skipped`;
  if (remoteText === null) return { local: withInterface(local.value, ifName), remote: { address: wildcardAddress(family), port: null } };
  const remote = parseEndpoint(remoteText, family, NO_CUT);
  if (!remote.ok) return `remote address: ${remote.reason}; row skipped`;
  return { local: withInterface(local.value, ifName), remote: withInterface(remote.value, ifName) };
}

const detail = (state: string): InetSocket["detail"] => ({
  source: "netstat",
  platform: "sunos",
  state,
  protoText: null,
  dualStack: false,
  pcb: null,
  zone: null,
});

/**
 * "Address Type Vnode Conn [Local Addr] [Remote Addr]" (illumos unix.c): the local address column is
 * left blank (spaces) when unbound, the remote one says "(socketpair)" or the peer's path. Vnode and Conn
 * print 00000000 when unused. No state is printed: a socket with a peer (Conn) is CONNECTED, else unknown.
 */
function unixRow(line: string): UnixSocket | string {
  const toks = tokenize(line);
  const [addr, typeTok, vnode, conn] = toks;
  if (addr === undefined || typeTok === undefined || vnode === undefined || conn === undefined) return "unrecognised line";
  if (![addr.text, vnode.text, conn.text].every((p) => POINTER.test(p))) return "unrecognised line";
  const type = parseUnixType(typeTok.text);
  if (type === null) return `UNIX socket type "${typeTok.text}" is not known; row skipped`;
  // After Conn and its separating space, a non-blank character starts the local (bound) path.
  const after = line.slice(conn.start + conn.text.length + 1);
  const local = after.length > 0 && after[0] !== " " ? (toks[4]?.text ?? null) : null;
  const connected = !/^0+$/.test(conn.text);
  return {
    proto: "unix",
    type,
    state: connected ? "CONNECTED" : null,
    path: local,
    inode: null,
    detail: { source: "netstat", platform: "sunos", pcb: addr.text, conn: connected ? conn.text : null },
    owners: [],
    ownerStatus: "not-read",
  };
}
