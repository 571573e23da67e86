// lsof's open files → the Socket model: one socket per kernel socket, with every process and
// descriptor holding it as its owners. Pure.
//
// lsof prints one file set per descriptor, so a socket held by several descriptors or processes
// (a forked server, launchd's listeners) appears several times. They are one socket when they have
// the same identity: the inode on Linux (DEVICE of an Internet socket, NODE of a UNIX socket: lsof
// reads them from /proc/net), the kernel address elsewhere (DEVICE "0x..."); without either, an
// Internet socket is known by protocol, family and both endpoints.

import type { Diagnostic, Endpoint, InetFamily, InetProto, InetSocket, OwnerStatus, Owner, Parsed, Platform, Socket, UnixSocket, UnixState, UnixType } from "../../model.js";
import { canonicalIPv4, canonicalIPv6 } from "../../addr.js";
import { canonicalTcpState } from "../../states.js";
import type { LsofFile } from "./fields.js";

export interface LsofSocketOptions {
  /** Name of the source for diagnostics ("lsof", a file name). */
  readonly source: string;
  /** The platform lsof ran on (its spellings and its DEVICE column differ). */
  readonly platform: Platform;
  /** "complete" only when lsof could read every process (root); a saved text is "partial". */
  readonly ownerStatus: OwnerStatus;
}

/** lsof's protocol names (the NODE column / `P` field) for the transports of the model. */
const PROTOCOLS: Readonly<Record<string, InetProto>> = {
  TCP: "tcp",
  UDP: "udp",
  UDPLITE: "udplite",
  SCTP: "sctp",
  RAW: "raw",
};

/** Linux lsof's UNIX states (lsof dialects/linux/dsock.c, from the kernel socket_state) → the model's. */
const UNIX_STATES: Readonly<Record<string, UnixState | null>> = {
  UNCONNECTED: null,
  LISTEN: "LISTENING",
  CONNECTING: "CONNECTING",
  CONNECTED: "CONNECTED",
  DISCONNECTING: "DISCONNECTING",
};

const UNIX_TYPES: ReadonlySet<string> = new Set(["STREAM", "DGRAM", "RAW", "RDM", "SEQPACKET"]);

/** Platforms with a KAME IPv6 stack: lsof shows a link-local scope inside the address (fe80:5::1). */
const KAME: ReadonlySet<Platform> = new Set(["darwin", "freebsd", "openbsd", "netbsd"]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function lsofSockets(files: readonly LsofFile[], opts: LsofSocketOptions): Parsed<Socket> {
  const records: Socket[] = [];
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, { socket: Socket; owners: Owner[] }>();
  for (const f of files) {
    const made = fileSocket(f, opts);
    if (typeof made === "string") {
      diagnostics.push({ source: opts.source, line: f.line, message: made });
      continue;
    }
    const { socket, key, owner } = made;
    const seen = key === null ? undefined : byKey.get(key);
    if (seen !== undefined) {
      if (!seen.owners.some((o) => o.pid === owner.pid && o.fd === owner.fd)) seen.owners.push(owner);
      continue;
    }
    const owners = [owner];
    (socket as Mutable<Socket>).owners = owners;
    records.push(socket);
    if (key !== null) byKey.set(key, { socket, owners });
  }
  return { records, diagnostics };
}

/**
 * A descriptor's number from lsof's FD, null when lsof kept only its last digits, undefined when it is
 * no descriptor (cwd, txt, mem...). lsof prints a descriptor of 10,000 or more as "*" and its last three
 * digits (lsof proc.c alloc_lfile: `"*%03d", num % 1000`), in field output and table alike.
 */
export function descriptorNumber(fd: string): number | null | undefined {
  if (/^\d{1,9}$/.test(fd)) return Number(fd);
  return /^\*\d{3}$/.test(fd) ? null : undefined;
}

/** One file as a socket with its identity and owner, or why it cannot be one. */
function fileSocket(f: LsofFile, opts: LsofSocketOptions): { socket: Socket; key: string | null; owner: Owner } | string {
  const fd = descriptorNumber(f.fd);
  if (fd === undefined) return `file descriptor ${JSON.stringify(f.fd)} of process ${f.pid} is not a socket descriptor`;
  const owner: Owner = { pid: f.pid, fd, program: f.command ?? "", comm: f.command, cmdline: null };
  const pcb = f.device !== null && /^0x[0-9a-fA-F]+$/.test(f.device) ? f.device.toLowerCase() : null;
  if (f.type === "IPv4" || f.type === "IPv6") {
    const s = inetSocket(f, f.type === "IPv4" ? "inet" : "inet6", pcb, opts);
    if (typeof s === "string") return s;
    const key = s.inode !== null ? `i${s.inode}` : pcb !== null ? `p${pcb}` : `e${s.proto} ${s.family} ${endpointKey(s.local)} ${endpointKey(s.remote)}`;
    return { socket: s, key, owner };
  }
  if (f.type === "unix") {
    const s = unixSocket(f, pcb, opts);
    const key = s.inode !== null ? `u${s.inode}` : pcb !== null ? `q${pcb}` : null;
    return { socket: s, key, owner };
  }
  if (f.type === null) return `no file type (t field) for descriptor ${f.fd} of process ${f.pid}: run lsof with -F t`;
  return `${f.type} file (descriptor ${f.fd} of process ${f.pid}) is not an Internet or UNIX socket`;
}

const endpointKey = (e: Endpoint): string => `${e.address}%${e.scope ?? ""}:${e.port ?? "*"}`;

function inetSocket(f: LsofFile, family: InetFamily, pcb: string | null, opts: LsofSocketOptions): InetSocket | string {
  const where = `(descriptor ${f.fd} of process ${f.pid})`;
  const proto = f.protocol === null ? undefined : PROTOCOLS[f.protocol.toUpperCase()];
  if (proto === undefined) return `protocol ${JSON.stringify(f.protocol ?? "")} is not one tsnetstat lists ${where}`;
  if (f.name === null) return `Internet socket without an address ${where}`;
  const ends = parseLsofName(f.name, family, opts.platform);
  if (typeof ends === "string") return `${ends} ${where}`;
  let state = f.state === null ? null : canonicalTcpState(f.state);
  // UDP has no state in lsof; Linux calls a connected UDP socket ESTABLISHED and the others CLOSE
  if (proto === "udp" || proto === "udplite") state = ends.remote.port === null && isWildcard(ends.remote.address) ? "CLOSE" : "ESTABLISHED";
  if (proto === "tcp" && f.state !== null && state === null) return `unknown TCP state ${JSON.stringify(f.state)} ${where}`;
  // Linux lsof's DEVICE for an Internet socket is its inode (dialects/linux: from /proc/net/*)
  const inode = opts.platform === "linux" && f.device !== null && /^\d{1,15}$/.test(f.device) ? Number(f.device) : null;
  return {
    proto,
    family,
    local: ends.local,
    remote: ends.remote,
    state,
    recvQ: f.recvQ,
    sendQ: f.sendQ,
    uid: null,
    inode,
    owners: [],
    ownerStatus: opts.ownerStatus,
    detail: { source: "lsof", platform: opts.platform, state: f.state, protoText: f.protocol, dualStack: false, pcb, zone: null },
  };
}

const isWildcard = (a: string): boolean => a === "0.0.0.0" || a === "::";

/**
 * lsof's NAME of an Internet socket: `local` or `local->remote`, each `host:port` where host is a
 * dotted quad, `[IPv6]` or `*` and port a number or `*` (lsof with -n -P; lsof's printinaddr in
 * lib/print.c). An IPv6 socket's IPv4-mapped peer is printed as a plain dotted quad.
 */
function parseLsofName(name: string, family: InetFamily, platform: Platform): { local: Endpoint; remote: Endpoint } | string {
  const arrow = name.indexOf("->");
  const local = parseLsofEndpoint(arrow < 0 ? name : name.slice(0, arrow), family, platform);
  if (typeof local === "string") return local;
  if (arrow < 0) return { local, remote: { address: family === "inet" ? "0.0.0.0" : "::", port: null } };
  const remote = parseLsofEndpoint(name.slice(arrow + 2), family, platform);
  if (typeof remote === "string") return remote;
  return { local, remote };
}

export function parseLsofEndpoint(text: string, family: InetFamily, platform: Platform): Endpoint | string {
  const colon = text.lastIndexOf(":");
  if (colon < 0) return `address ${JSON.stringify(text)} has no port`;
  const hostText = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  let port: number | null;
  if (portText === "*") port = null;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText) === 0 ? null : Number(portText);
  else return `port ${JSON.stringify(portText)} is not a number (lsof was run without -P)`;
  if (hostText === "*") return { address: family === "inet" ? "0.0.0.0" : "::", port };
  if (hostText.startsWith("[") && hostText.endsWith("]")) {
    let inner = hostText.slice(1, -1);
    let scope: string | undefined;
    const pct = inner.indexOf("%");
    if (pct >= 0) {
      scope = inner.slice(pct + 1);
      inner = inner.slice(0, pct);
    }
    let address = canonicalIPv6(inner);
    if (address === null) return `${JSON.stringify(hostText)} is not an IPv6 address`;
    // KAME stacks keep a link-local address's scope in its second group; lsof prints it as is
    const kame = /^fe80:([0-9a-f]{1,4}):/.exec(address);
    if (scope === undefined && kame !== null && KAME.has(platform)) {
      scope = String(parseInt(kame[1] ?? "0", 16));
      address = canonicalIPv6(`fe80:0:${address.slice(kame[0].length)}`) ?? address;
    }
    return scope === undefined ? { address, port } : { address, port, scope };
  }
  const v4 = canonicalIPv4(hostText);
  if (v4 === null) return `host ${JSON.stringify(hostText)} is not a numeric address (lsof was run without -n)`;
  // an IPv6 socket talking to an IPv4 peer: the model spells it IPv4-mapped, as the kernel stores it
  return { address: family === "inet6" ? `::ffff:${v4}` : v4, port };
}

function unixSocket(f: LsofFile, pcb: string | null, opts: LsofSocketOptions): UnixSocket {
  let name = f.name ?? "";
  let type: UnixType = "UNKNOWN";
  let conn: string | null = null;
  // Linux lsof ≥ 4.90 appends " type=STREAM" (dialects/linux/dsock.c); older ones print the path or "socket"
  const typeMatch = / ?type=([A-Z]+)$/.exec(name);
  if (typeMatch !== null) {
    const t = typeMatch[1] ?? "";
    type = UNIX_TYPES.has(t) ? (t as UnixType) : "UNKNOWN";
    name = name.slice(0, typeMatch.index);
  }
  // BSD/macOS lsof names a connected socket's peer by kernel address: "->0x..." (lib/print.c)
  const peer = /(?:^| )?->(0x[0-9a-fA-F]+)$/.exec(name);
  if (peer !== null) {
    conn = (peer[1] ?? "").toLowerCase();
    name = name.slice(0, peer.index);
  }
  const path = name === "" || name === "socket" ? null : name;
  const state = f.state === null ? null : Object.hasOwn(UNIX_STATES, f.state) ? (UNIX_STATES[f.state] ?? null) : "UNKNOWN";
  const inode = f.inode !== null && /^\d{1,15}$/.test(f.inode) ? Number(f.inode) : null;
  return {
    proto: "unix",
    type,
    state,
    path,
    inode,
    owners: [],
    ownerStatus: opts.ownerStatus,
    detail: { source: "lsof", platform: opts.platform, pcb, conn },
  };
}
