// Pure parsers of `netstat -an` text from the BSD family: macOS (network_cmds), FreeBSD, OpenBSD,
// NetBSD and QNX (whose io-pkt netstat is NetBSD's). Text in, sockets and diagnostics out; no I/O.
//
// The tables share one shape (usr.bin/netstat/inet.c protopr and unix.c of each system): a title line
// ("Active Internet connections"), a header ("Proto Recv-Q Send-Q Local Address Foreign Address (state)")
// and rows "proto recvq sendq local foreign [state] [extra columns]". Rows are read by whitespace, never by
// header offsets (macOS 26's header is not aligned with its rows), and the header only says which columns
// exist. Sections that list no sockets (macOS kernel control/event tables) are recognised and skipped.

import type { Diagnostic, InetFamily, InetSocket, Parsed, Socket, TcpState, UnixSocket } from "../../model.js";
import {
  addressFamily,
  bsdCut,
  diagnostic,
  inetSocket,
  lines,
  parseEndpoint,
  parseProto,
  parseState,
  parseUnixType,
  splitEndpoint,
  tokenize,
  udpStateFromRemote,
  type CutWidths,
  type StateTable,
  type TextPlatform,
} from "./normalise.js";

/** What differs between the BSD netstats, beyond what each header says. */
interface Flavour {
  readonly platform: TextPlatform;
  /** Family of a protocol column without a version tag: OpenBSD/NetBSD "tcp" is IPv4; macOS/FreeBSD say none. */
  readonly untaggedFamily: InetFamily | null;
  readonly states: StateTable;
}

const MACOS: Flavour = { platform: "darwin", untaggedFamily: null, states: "bsd" };
const FREEBSD: Flavour = { platform: "freebsd", untaggedFamily: null, states: "bsd" };
const OPENBSD: Flavour = { platform: "openbsd", untaggedFamily: "inet", states: "bsd" };
const NETBSD: Flavour = { platform: "netbsd", untaggedFamily: "inet", states: "netbsd" };
const QNX: Flavour = { platform: "qnx", untaggedFamily: "inet", states: "netbsd" };

/** `netstat -an` (and -A, -v, -W, -l, -f, -p variants) of macOS. */
export const parseMacos = (text: string, source: string): Parsed<Socket> => parseBsd(text, source, MACOS);
/** `netstat -an` (and -A, -P, -T, -W, -f, -p variants) of FreeBSD. */
export const parseFreebsd = (text: string, source: string): Parsed<Socket> => parseBsd(text, source, FREEBSD);
/** `netstat -an` (and -A, -l, -f, -p, -T rtable variants) of OpenBSD. */
export const parseOpenbsd = (text: string, source: string): Parsed<Socket> => parseBsd(text, source, OPENBSD);
/** `netstat -an` of NetBSD (separate Internet and Internet6 tables). */
export const parseNetbsd = (text: string, source: string): Parsed<Socket> => parseBsd(text, source, NETBSD);
/** `netstat -an` of QNX (io-pkt's NetBSD-derived netstat). */
export const parseQnx = (text: string, source: string): Parsed<Socket> => parseBsd(text, source, QNX);

/** Columns of an Internet table, as its header announces them. */
interface InetColumns {
  /** Pointer columns before Proto: FreeBSD "Tcpcb", NetBSD/OpenBSD "PCB" (1); macOS "Socket Flowhash" (2). */
  readonly prefix: number;
  /** "queues": Recv-Q Send-Q; "counters": FreeBSD -T "Rexmit OOORcv 0-win" (TCP rows only; blank for UDP). */
  readonly numbers: "queues" | "counters";
  /** Whether TCP rows carry a state ("(state)", "State", "TCP-State"). */
  readonly state: boolean;
  /** OpenBSD raw sockets: the "IP-Proto" number ends the row. */
  readonly ipProto: boolean;
  /** Columns after the state (macOS -v/-b, FreeBSD -P "Log ID"): any number of tokens may follow. */
  readonly extra: boolean;
  readonly cut: CutWidths;
}

/** Rows met before any header (a grep of netstat output): the default -an columns, anything after the state allowed. */
const HEADERLESS: InetColumns = { prefix: 0, numbers: "queues", state: true, ipProto: false, extra: true, cut: bsdCut(22) };

type Section =
  | { readonly kind: "none" }
  | { readonly kind: "inet"; readonly family: InetFamily | null; columns: InetColumns | "unknown" | null }
  | { readonly kind: "unix"; header: boolean | "unknown" }
  | { readonly kind: "multipath" }
  | { readonly kind: "kernel"; readonly title: string; readonly header: RegExp; readonly row: RegExp }
  | { readonly kind: "unknown" };

// macOS network_cmds: systm.c kctl/kevt listings (`netstat -a` prints them after the UNIX table).
const KERNEL_SECTIONS: readonly { title: string; header: RegExp; row: RegExp }[] = [
  {
    title: "Registered kernel control modules",
    header: /^(?:kctlref\s+)?id\s+(?:unit\s+)?flags\s+pcbcount\s+rcvbuf\s+sndbuf\s+name\s*$/,
    row: /^\s*[0-9a-f]+(?:\s+-?[0-9a-f]+){4,6}\s+\S.*$/,
  },
  {
    title: "Active kernel event sockets",
    header: /^\s*(?:pcb\s+)?Proto\s+Recv-Q\s+Send-Q\s+vendor\s+class\s+subcla\s*$/,
    row: /^(?:[0-9a-f]{1,16}\s+)?kevt(?:\s+\d+){5}\s*$/,
  },
  {
    title: "Active kernel control sockets",
    header: /^\s*(?:pcb\s+)?Proto\s+Recv-Q\s+Send-Q\s+unit\s+id\s+name\s*$/,
    row: /^(?:[0-9a-f]{1,16}\s+)?kctl(?:\s+\d+){4}\s+\S.*$/,
  },
];

const INET_TITLE = /^Active Internet(6)? connections(?: \((?:including|only) servers\))?\s*$/;
const UNIX_TITLE = /^Active (?:LOCAL \(UNIX\)|UNIX) domain sockets\s*$/;
const MULTIPATH_TITLE = /^Active Multipath Internet connections\s*$/;
/**
 * Titles of tables that list no socket tsnetstat reads: any other "Active ... sockets/connections"
 * (newer macOS VSOCK, route), `netstat -r` ("Routing tables", route.c), FreeBSD/macOS -L listen queues.
 */
const OTHER_TITLE = /^(?:Active [A-Za-z0-9 ()-]+ (?:sockets|connections)(?: \(.*\))?|Routing tables|Current listen queue sizes \(.*\))\s*$/;
/** FreeBSD/macOS inet.c: printed when the pcb list changed while it was read. */
const CHANGED = /^Some \w+ sockets may have been (?:created|deleted|created or deleted)\.?\s*$/;
const UNIX_HEADER = /^Address\s+Type\s+Recv-Q\s+Send-Q\s+Inode\s+Conn\s+Refs\s+Nextref\s+Addr\s*$/;
const MULTIPATH_HEADER = /^Proto\/ID\s+Flags\s+Local Address\s+Foreign Address\s+\(state\)\s*$/;

function parseBsd(text: string, source: string, flavour: Flavour): Parsed<Socket> {
  const records: Socket[] = [];
  const diagnostics: Diagnostic[] = [];
  let section: Section = { kind: "none" };
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? "";
    const n = i + 1;
    const note = (message: string): void => {
      diagnostics.push(diagnostic(source, n, message));
    };
    if (line.trim() === "" || CHANGED.test(line)) continue;

    const title = INET_TITLE.exec(line);
    if (title !== null) {
      // NetBSD inet6.c prints IPv6 sockets under their own "Internet6" title.
      section = { kind: "inet", family: title[1] === "6" ? "inet6" : flavour.untaggedFamily, columns: null };
      continue;
    }
    if (UNIX_TITLE.test(line)) {
      section = { kind: "unix", header: false };
      continue;
    }
    if (MULTIPATH_TITLE.test(line)) {
      section = { kind: "multipath" };
      continue;
    }
    const kernel = KERNEL_SECTIONS.find((k) => line.trimEnd() === k.title);
    if (kernel !== undefined) {
      section = { kind: "kernel", ...kernel };
      continue;
    }
    if (OTHER_TITLE.test(line)) {
      section = { kind: "unknown" };
      note(`section "${line.trim()}" is not a socket table tsnetstat reads; its lines are skipped`);
      continue;
    }

    switch (section.kind) {
      case "unknown":
        continue;
      case "kernel":
        if (!section.header.test(line) && !section.row.test(line)) note(`unrecognised line in "${section.title}"`);
        continue;
      case "multipath":
        // MPTCP rows (network_cmds mptcp_netstat.c) are subflows of TCP connections listed in the table above.
        if (!MULTIPATH_HEADER.test(line)) note("multipath (MPTCP) row not read");
        continue;
      case "unix": {
        if (UNIX_HEADER.test(line)) {
          section.header = true;
          continue;
        }
        if (/^Address\s+Type\s/.test(line) || section.header === "unknown") {
          // More columns than unix.c's default (macOS -v process columns after Addr): a path could not
          // be told from them, so no row is read.
          if (section.header !== "unknown") note("unrecognised table header: the rows under it are not read");
          else note("row under an unrecognised table header not read");
          section.header = "unknown";
          continue;
        }
        const row = unixRow(line, flavour);
        if (typeof row === "string") note(row);
        else records.push(row);
        continue;
      }
      case "inet": {
        const columns = inetHeader(line);
        if (columns !== null) {
          section.columns = columns;
          continue;
        }
        if (/^(?:\S+\s+)*Proto\s/.test(line) || section.columns === "unknown") {
          // A header with columns we do not know (OpenBSD -B windows, FreeBSD -x, -R, -c...): its rows
          // cannot be split safely, so none is read.
          if (section.columns !== "unknown") note("unrecognised table header: the rows under it are not read");
          else note("row under an unrecognised table header not read");
          section.columns = "unknown";
          continue;
        }
        const row = inetRow(line, section.columns ?? HEADERLESS, section.family, flavour);
        if (typeof row === "string") note(row);
        else records.push(row);
        continue;
      }
      case "none": {
        // Rows without a title: a grep of netstat output (`netstat -anv | grep LISTEN`).
        if (inetHeader(line) !== null) {
          section = { kind: "inet", family: flavour.untaggedFamily, columns: inetHeader(line) };
          continue;
        }
        if (/^(?:\S+\s+)*Proto\s/.test(line)) {
          section = { kind: "inet", family: flavour.untaggedFamily, columns: "unknown" };
          note("unrecognised table header: the rows under it are not read");
          continue;
        }
        if (UNIX_HEADER.test(line)) {
          section = { kind: "unix", header: true };
          continue;
        }
        const first = line.trimStart().split(/\s+/)[0] ?? "";
        if (/^(?:[a-z]+(?:46|4|6)?)$/.test(first) && parseProto(first, flavour.untaggedFamily ?? "inet").ok) {
          const row = inetRow(line, HEADERLESS, flavour.untaggedFamily, flavour);
          if (typeof row === "string") note(row);
          else records.push(row);
        } else note("unrecognised line");
        continue;
      }
    }
  }
  return { records, diagnostics };
}

/** Reads an Internet table header; null when the line is not one. */
export function inetHeader(line: string): InetColumns | null {
  const m =
    /^(?<prefix>(?:(?:Tcpcb|PCB|Socket|Flowhash)\s+)*)Proto\s+(?<numbers>Recv-Q\s+Send-Q|Rexmit\s+OOORcv\s+0-win)\s+Local Address\s+Foreign Address(?<rest>.*)$/.exec(
      line,
    );
  if (m === null || m.groups === undefined) return null;
  const prefix = (m.groups["prefix"] ?? "").trim();
  const rest = (m.groups["rest"] ?? "").trim().split(/\s+/).filter((w) => w !== "");
  const first = rest[0];
  const state = first === "(state)" || first === "State" || first === "TCP-State";
  const ipProto = first === "IP-Proto";
  if (first !== undefined && !state && !ipProto) return null;
  const local = line.indexOf("Local Address");
  const foreign = line.indexOf("Foreign Address");
  return {
    prefix: prefix === "" ? 0 : prefix.split(/\s+/).length,
    numbers: (m.groups["numbers"] ?? "").startsWith("Recv-Q") ? "queues" : "counters",
    state,
    ipProto,
    extra: rest.length > 1,
    cut: bsdCut(foreign - local - 1),
  };
}

const INT = /^\d+$/;
/** Protocol column values of inet.c protopr (SCTP is recognised here to be refused by name later). */
const PROTO_NAME = /^(?:tcp|toe|udp|sctp|ip|icm|igm|div|divert|rip|raw|pim|gre|car)(?:46|4|6)?$/;
const POINTER = /^(?:0x)?[0-9a-fA-F]+$/;
const isNullPointer = (p: string): boolean => /^(?:0x)?0+$/.test(p);

/** One Internet row, or the reason it cannot be read. */
function inetRow(line: string, columns: InetColumns, sectionFamily: InetFamily | null, flavour: Flavour): InetSocket | string {
  const toks = tokenize(line);
  const t = toks.map((x) => x.text);
  let i = 0;
  let pcb: string | null = null;
  if (columns.prefix > 0) {
    const p = t[0] ?? "";
    if (!POINTER.test(p)) return "unrecognised line";
    pcb = p;
    for (let k = 1; k < columns.prefix; k++) if (!POINTER.test(t[k] ?? "")) return "unrecognised line";
    i = columns.prefix;
  }
  const protoText = t[i++] ?? "";
  if (!PROTO_NAME.test(protoText)) return "unrecognised line";
  const isTcpName = /^(?:tcp|toe)/.test(protoText);
  let recvQ: number | null = null;
  let sendQ: number | null = null;
  if (columns.numbers === "queues") {
    const r = t[i++] ?? "";
    const s = t[i++] ?? "";
    if (!INT.test(r) || !INT.test(s)) return "malformed row: Recv-Q/Send-Q are not numbers";
    recvQ = Number(r);
    sendQ = Number(s);
  } else if (isTcpName) {
    // FreeBSD inet.c with -T: retransmits, out-of-order and zero-window counters instead of the queues.
    for (let k = 0; k < 3; k++) if (!INT.test(t[i++] ?? "")) return "malformed row: Rexmit/OOORcv/0-win are not numbers";
  }
  const localTok = toks[i];
  const remoteTok = toks[i + 1];
  i += 2;
  if (localTok === undefined || remoteTok === undefined) return "malformed row: missing address columns";
  const localText = localTok.text;
  const remoteText = remoteTok.text;
  const cut = rowCut(localTok, remoteTok, columns.cut);
  const fallback =
    sectionFamily ??
    addressFamily(splitEndpoint(localText)?.host ?? "") ??
    addressFamily(splitEndpoint(remoteText)?.host ?? "");
  const protoInfo = parseProto(protoText, fallback);
  if (!protoInfo.ok) return `${protoInfo.reason}; row skipped`;
  const { proto, family, dualStack } = protoInfo.value;
  const local = parseEndpoint(localText, family, cut);
  if (!local.ok) return `local address: ${local.reason}; row skipped`;
  const remote = parseEndpoint(remoteText, family, cut);
  if (!remote.ok) return `foreign address: ${remote.reason}; row skipped`;

  let state: TcpState | null = null;
  let stateText: string | null = null;
  if (proto === "tcp" && columns.state) {
    stateText = t[i++] ?? null;
    if (stateText === null) return "malformed row: TCP row without a state";
    const parsed = parseState(stateText, flavour.states);
    if (!parsed.ok) return `${parsed.reason}; row skipped`;
    state = parsed.value;
  } else if (proto === "udp") {
    state = udpStateFromRemote(remote.value);
  }
  if (proto === "raw" && columns.ipProto) {
    // OpenBSD inet.c: raw rows end with the IP protocol number under "IP-Proto".
    if (!INT.test(t[i++] ?? "")) return "malformed row: IP-Proto is not a number";
  }
  if (i < t.length && !columns.extra) return `malformed row: unexpected column "${t[i] ?? ""}"`;
  return inetSocket(proto, family, local.value, remote.value, state, recvQ, sendQ, {
    source: "netstat",
    platform: flavour.platform,
    state: stateText,
    protoText,
    dualStack,
    pcb,
    zone: null,
  });
}

/**
 * The column width a row was printed with. When the local endpoint is shorter than its column, the
 * padding shows the width exactly (`%-*.*s` then a space); this beats the header, which macOS 26
 * prints 45 wide over 22-wide rows (network_cmds >= 730 inet.c). A full column keeps the header's width.
 */
function rowCut(local: { text: string; start: number }, remote: { start: number }, header: CutWidths): CutWidths {
  const width = remote.start - local.start - 1;
  return width > local.text.length ? bsdCut(width) : header;
}

/**
 * One UNIX row: "Address Type Recv-Q Send-Q Inode Conn Refs Nextref [Addr]" (unix.c unixdomainpr of
 * FreeBSD, macOS, OpenBSD, NetBSD). "Inode" is the kernel vnode pointer, not an inode number. BSD
 * prints no state: a socket with a peer ("Conn") is CONNECTED; otherwise it cannot be told whether it
 * listens, and the state stays null.
 */
function unixRow(line: string, flavour: Flavour): UnixSocket | string {
  const toks = tokenize(line);
  const t = toks.map((x) => x.text);
  if (t.length < 8) return "unrecognised line";
  const [pcb = "", typeText = "", recvQ = "", sendQ = "", vnode = "", conn = "", refs = "", nextref = ""] = t;
  if (![pcb, vnode, conn, refs, nextref].every((p) => POINTER.test(p)) || !INT.test(recvQ) || !INT.test(sendQ)) return "unrecognised line";
  const type = parseUnixType(typeText);
  if (type === null) return `UNIX socket type "${typeText}" is not known; row skipped`;
  // The path runs to the end of the line (it may hold spaces); netstat pads nothing after it.
  // NetBSD unix.c prints a connected socket's peer name as " -> path": that is not this socket's name.
  const rest = toks[8] === undefined ? null : line.slice(toks[8].start).trimEnd();
  const path = rest === null || rest.startsWith("-> ") ? null : rest;
  const connected = !isNullPointer(conn);
  return {
    proto: "unix",
    type,
    state: connected ? "CONNECTED" : null,
    path,
    inode: null,
    detail: { source: "netstat", platform: flavour.platform, pcb, conn: connected ? conn : null },
    owners: [],
    ownerStatus: "not-read",
  };
}
