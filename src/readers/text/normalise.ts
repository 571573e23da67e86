// Normalisation of BSD and Solaris netstat text into the Socket model: endpoints, protocol names and
// state names. Pure functions, no I/O. Every platform fact cites where it comes from.

import type { Diagnostic, Endpoint, InetFamily, InetProto, InetSocket, Platform, TcpState, UnixType } from "../../model.js";
import { formatIPv6, isUnspecified, parseIPv4, parseIPv6 } from "../../addr.js";
import { BSD_TCP_STATES, NETBSD_COMPACT_STATES, SOLARIS_TCP_STATES, SOLARIS_UDP_STATES } from "../../states.js";

/** A value, or the reason it could not be read (the caller turns the reason into a Diagnostic). */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(reason: string): Result<T> => ({ ok: false, reason });

export const diagnostic = (source: string, line: number | null, message: string): Diagnostic => ({ source, line, message });

/** How far netstat may have cut an endpoint: the column width and the width of the host part. */
export interface CutWidths {
  /** The address column (22 by default, 18 with -A, 45 with -W/-l for IPv6); 0 when nothing is cut (Solaris). */
  readonly column: number;
  /** The host part before ".port" (16, or 39 in the 45-wide columns); 0 when never cut. */
  readonly host: number;
}

/** BSD netstat: host cut to 16 characters, "host.port" cut to the column (FreeBSD inet.c inetprint/inet6print). */
export const bsdCut = (column: number): CutWidths => ({ column, host: column >= 45 ? 39 : 16 });

/** Solaris/illumos netstat never cuts an endpoint (netstat.c pr_ap/pr_ap6 print the whole name). */
export const NO_CUT: CutWidths = { column: 0, host: 0 };

/**
 * Canonical spelling of a numeric address as the model contract says (IPv4 dotted quad, IPv6 as glibc
 * inet_ntop prints it), or null when the text is not a numeric address of that family.
 */
export function canonicalAddress(text: string, family: InetFamily): string | null {
  const v4 = parseIPv4(text);
  if (family === "inet") return v4 === null ? null : text;
  if (v4 !== null) return `::ffff:${text}`; // an IPv4 peer of an IPv6 socket: the v4-mapped form Linux shows
  const v6 = parseIPv6(text);
  return v6 === null ? null : formatIPv6(v6);
}

/** The wildcard address of a family ("*" in BSD and Solaris netstat). */
export const wildcardAddress = (family: InetFamily): string => (family === "inet" ? "0.0.0.0" : "::");

/** Which family an address text is, judged from its spelling; null for "*" or a name. */
export function addressFamily(host: string): InetFamily | null {
  if (parseIPv4(host) !== null) return "inet";
  const bare = host.includes("%") ? host.slice(0, host.indexOf("%")) : host;
  return parseIPv6(bare) !== null ? "inet6" : null;
}

/** Split "host.port" at the last dot (BSD inet.c and Solaris netstat.c print host, ".", port). */
export function splitEndpoint(text: string): { host: string; port: string } | null {
  const dot = text.lastIndexOf(".");
  if (dot <= 0 || dot === text.length - 1) return null;
  return { host: text.slice(0, dot), port: text.slice(dot + 1) };
}

/**
 * One endpoint as BSD/Solaris netstat prints it with -n: "127.0.0.1.22", "*.22", "*.*", "::1.631",
 * "fe80::1%lo0.123". Names (netstat run without -n) and endpoints netstat may have cut are refused
 * with the reason, because no address or port can be trusted from them.
 */
export function parseEndpoint(text: string, family: InetFamily, cut: CutWidths): Result<Endpoint> {
  const parts = splitEndpoint(text);
  if (parts === null) return fail(`endpoint "${text}" is not host.port`);
  const { host } = parts;
  // OpenBSD inet.c prints an RPC service's port as "2049[nfs]"; the number comes first.
  const portText = parts.port.replace(/^(\d+)\[[^\]]*\]$/, "$1");
  if (cut.host > 0 && host.length >= cut.host) return fail(`address "${host}" fills netstat's ${cut.host}-character host field and may have been cut`);
  // The column cut removes characters from the end: only a port shorter than 5 digits may have lost some.
  if (cut.column > 0 && text.length >= cut.column && /^\d{1,4}$/.test(portText))
    return fail(`endpoint "${text}" fills its ${cut.column}-character column and its port may have been cut`);
  let port: number | null;
  if (portText === "*") port = null;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
  else return fail(`port "${portText}" is not a number (netstat was run without -n)`);
  // Port 0 prints as "*" (inet.c inetprint: `port ? number : "*"`), so a printed 0 stays 0.
  if (host === "*") return ok({ address: wildcardAddress(family), port });
  const pct = host.indexOf("%");
  const bare = pct >= 0 ? host.slice(0, pct) : host;
  const scope = pct >= 0 ? host.slice(pct + 1) : null;
  if (scope !== null && (scope === "" || family === "inet")) return fail(`address "${host}" has a malformed scope`);
  const address = canonicalAddress(bare, family);
  if (address === null) {
    if (family === "inet" && parseIPv6(bare) !== null) return fail(`IPv6 address "${host}" in an IPv4 row`);
    return fail(`address "${host}" is not numeric (netstat was run without -n)`);
  }
  return ok(scope === null ? { address, port } : { address, port, scope });
}

/** What a BSD protocol column says: transport, family, dual stack. */
export interface ProtoInfo {
  readonly proto: InetProto;
  readonly family: InetFamily;
  readonly dualStack: boolean;
}

/** BSD transport names that are raw IP sockets (macOS/FreeBSD cut them to 3 letters: inet.c `%-3.3s`). */
const RAW_NAMES = new Set(["ip", "icm", "igm", "div", "rip", "raw", "pim", "gre", "car", "divert"]);

/**
 * macOS/FreeBSD protocol column: a name cut to 3 letters and a version tag "4", "6", "46" or none
 * (network_cmds inet.c and FreeBSD inet.c protopr: `%-3.3s%-2.2s`); "toe" is TCP offload (FreeBSD).
 * OpenBSD/NetBSD: the name and "6" for IPv6 ("tcp", "tcp6", "ip6", "divert6"). Without a tag the
 * family is the one the section says, else the one the addresses say (`fallback`).
 */
export function parseProto(text: string, fallback: InetFamily | null): Result<ProtoInfo> {
  const m = /^([a-z]+?)(46|4|6)?$/.exec(text);
  if (m === null) return fail(`protocol "${text}" is not known`);
  const name = m[1] ?? "";
  const tag = m[2];
  let proto: InetProto;
  if (name === "tcp" || name === "toe") proto = "tcp";
  else if (name === "udp") proto = "udp";
  else if (RAW_NAMES.has(name)) proto = "raw";
  else return fail(`protocol "${text}" is not known`);
  if (tag === "46") return ok({ proto, family: "inet6", dualStack: true });
  if (tag === "6") return ok({ proto, family: "inet6", dualStack: false });
  if (tag === "4") return ok({ proto, family: "inet", dualStack: false });
  if (fallback === null) return fail(`protocol "${text}" does not say its address family`);
  return ok({ proto, family: fallback, dualStack: false });
}

export type StateTable = "bsd" | "netbsd" | "solaris-tcp" | "solaris-udp";

const TABLES: Record<StateTable, ReadonlyMap<string, TcpState>> = {
  bsd: BSD_TCP_STATES,
  netbsd: new Map([...BSD_TCP_STATES, ...NETBSD_COMPACT_STATES]),
  "solaris-tcp": SOLARIS_TCP_STATES,
  "solaris-udp": SOLARIS_UDP_STATES,
};

/**
 * A platform state name as the canonical TcpState. A bare number (BSD netstat prints an out-of-range
 * state as its number, inet.c) and Solaris "UnknownState(N)" have no name: null, and the spelling is
 * kept by the caller in detail.state. Anything else is refused.
 */
export function parseState(text: string, table: StateTable): Result<TcpState | null> {
  // FreeBSD inet.c appends "*" to a T/TCP "hidden" state (TF_NEEDSYN/TF_NEEDFIN); the state is the name.
  const name = table === "bsd" && text.endsWith("*") ? text.slice(0, -1) : text;
  const known = TABLES[table].get(name);
  if (known !== undefined) return ok(known);
  if (/^\d+$/.test(text) || /^UnknownState\(-?\d+\)$/.test(text)) return ok(null);
  return fail(`state "${text}" is not known`);
}

/** True when a token is a state name of that table (used to find where a row's state is). */
export const isStateName = (text: string, table: StateTable): boolean => TABLES[table].has(text);

/**
 * UDP state for BSD rows, which print none: a UDP socket with a remote address is connected (its pcb
 * has a foreign address, netinet/in_pcb.c in_pcbconnect), which Linux reports as ESTABLISHED, else CLOSE.
 */
export const udpStateFromRemote = (remote: Endpoint): TcpState =>
  remote.port === null && isUnspecified(remote.address) ? "CLOSE" : "ESTABLISHED";

/**
 * UNIX socket type names: BSD unix.c socktype[] ("stream", "dgram", "raw", "rdm", "seqpacket", which
 * FreeBSD/macOS cut to 6: "seqpac"), illumos unix.c ("stream-ord" is a SOCK_STREAM with orderly release).
 */
export function parseUnixType(text: string): UnixType | null {
  switch (text) {
    case "stream":
    case "stream-ord":
      return "STREAM";
    case "dgram":
      return "DGRAM";
    case "raw":
      return "RAW";
    case "rdm":
      return "RDM";
    case "seqpac":
    case "seqpacket":
      return "SEQPACKET";
    default:
      return null;
  }
}

/** Splits a line into whitespace-separated tokens with the offset where each starts. */
export function tokenize(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push({ text: m[0], start: m.index });
  return out;
}

/** A platform name the text parsers tag their detail with. */
export type TextPlatform = Exclude<Platform, "linux">;

/** Splits text into lines (a final newline ends the last line, it does not start another). */
export function lines(text: string): string[] {
  const out = text.split("\n");
  if (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** Builds an Internet socket read from text, with the model's field order. */
export function inetSocket(
  proto: InetSocket["proto"],
  family: InetFamily,
  local: Endpoint,
  remote: Endpoint,
  state: TcpState | null,
  recvQ: number | null,
  sendQ: number | null,
  detail: InetSocket["detail"],
): InetSocket {
  return { proto, family, local, remote, state, recvQ, sendQ, uid: null, inode: null, detail, owners: [], ownerStatus: "not-read" };
}
