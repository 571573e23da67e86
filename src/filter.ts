// Filters netstat lacks and users emulate with grep: ports, states (with ss's groups), addresses
// (CIDR), processes and users. Pure: flag text → Filter (or one message), Filter → predicates on the
// neutral model fields. Filters that need no owners are split from those that do, so that the
// reader can apply the first before it walks /proc for owners.

import type { Socket, TcpState } from "./model.js";
import { ALL_TCP_STATES } from "./states.js";

export interface PortRange {
  readonly lo: number;
  readonly hi: number;
}

/** A parsed address prefix: 4 or 16 bytes and how many leading bits must match. */
export interface Cidr {
  readonly bytes: Uint8Array;
  readonly bits: number;
  readonly text: string;
}

/** `--user NAME|UID`: a number is a uid; a name is looked up in the passwd database by the caller. */
export type UserSpec = { readonly uid: number } | { readonly name: string };

export interface Filter {
  /** --port: the local or the remote port is in one of the ranges. */
  readonly ports: readonly PortRange[] | null;
  readonly sports: readonly PortRange[] | null;
  readonly dports: readonly PortRange[] | null;
  readonly states: ReadonlySet<TcpState> | null;
  /** --address: the local or the remote address is inside one of the prefixes. */
  readonly addresses: readonly Cidr[] | null;
  readonly pids: ReadonlySet<number> | null;
  readonly programs: readonly string[] | null;
  readonly users: readonly UserSpec[] | null;
}

/** The raw flag values, as given on the command line (each may be repeated). */
export interface FilterArgs {
  readonly port?: readonly string[];
  readonly sport?: readonly string[];
  readonly dport?: readonly string[];
  readonly state?: readonly string[];
  readonly address?: readonly string[];
  readonly pid?: readonly string[];
  readonly program?: readonly string[];
  readonly user?: readonly string[];
}

export type FilterResult = { readonly kind: "ok"; readonly filter: Filter } | { readonly kind: "error"; readonly message: string };

const ALL_STATES = ALL_TCP_STATES;

/** ss(8) STATE-FILTER groups: connected is every state but listening and closed; synchronized drops syn-sent. */
const CONNECTED = ALL_STATES.filter((s) => s !== "LISTEN" && s !== "CLOSE");
const STATE_GROUPS: Readonly<Record<string, readonly TcpState[]>> = {
  all: ALL_STATES,
  connected: CONNECTED,
  synchronized: CONNECTED.filter((s) => s !== "SYN_SENT"),
  // ss: bucket is the minisockets (syn-recv, time-wait), big everything else
  bucket: ["SYN_RECV", "NEW_SYN_RECV", "TIME_WAIT"],
  big: ALL_STATES.filter((s) => s !== "SYN_RECV" && s !== "NEW_SYN_RECV" && s !== "TIME_WAIT"),
  // ss's names for single states (ss(8) STATE-FILTER)
  established: ["ESTABLISHED"],
  "syn-sent": ["SYN_SENT"],
  "syn-recv": ["SYN_RECV", "NEW_SYN_RECV"],
  "fin-wait-1": ["FIN_WAIT1"],
  "fin-wait-2": ["FIN_WAIT2"],
  "time-wait": ["TIME_WAIT"],
  closed: ["CLOSE"],
  "close-wait": ["CLOSE_WAIT"],
  "last-ack": ["LAST_ACK"],
  listening: ["LISTEN"],
  closing: ["CLOSING"],
};

/** A state name as netstat prints it (any case) or as ss spells it, or an ss group. */
export function parseStates(text: string): ReadonlySet<TcpState> | string {
  const out = new Set<TcpState>();
  for (const word of text.split(",")) {
    const upper = word.toUpperCase() as TcpState;
    const group = Object.hasOwn(STATE_GROUPS, word.toLowerCase()) ? STATE_GROUPS[word.toLowerCase()] : undefined;
    if (ALL_STATES.includes(upper)) out.add(upper);
    else if (group !== undefined) for (const s of group) out.add(s);
    else return `--state: unknown state '${word}' (netstat's names such as LISTEN or TIME_WAIT, ss's such as time-wait, or connected, synchronized, bucket, big, all)`;
  }
  return out;
}

/** `N[,M|N-M]...` → ranges. */
export function parsePorts(flag: string, text: string): PortRange[] | string {
  const out: PortRange[] = [];
  for (const word of text.split(",")) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(word);
    const lo = m?.[1] === undefined ? NaN : Number(m[1]);
    const hi = m?.[2] === undefined ? lo : Number(m[2]);
    if (!(lo <= hi && hi <= 65535)) return `${flag} takes port numbers and ranges (N, N-M, comma-separated), not '${word}'`;
    out.push({ lo, hi });
  }
  return out;
}

function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? "";
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

/** An IPv6 address in any RFC 4291 text form (with "::" and a dotted IPv4 tail). */
function parseIPv6(text: string): Uint8Array | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (half === undefined || half === "") return [];
    const out: number[] = [];
    const parts = half.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? "";
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (v4 === null) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** An address as bytes, an IPv4-mapped IPv6 address as its IPv4 bytes (so 10.0.0.0/8 finds ::ffff:10.1.2.3). */
function addressBytes(text: string): Uint8Array | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return v4;
  const v6 = parseIPv6(text);
  if (v6 === null) return null;
  const mapped = v6.subarray(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff));
  return mapped ? v6.slice(12) : v6;
}

/** `ADDRESS[/BITS]`; a bare address is the one host. */
export function parseCidr(word: string): Cidr | string {
  const slash = word.indexOf("/");
  const addr = slash < 0 ? word : word.slice(0, slash);
  const bytes = addressBytes(addr);
  const bitsText = slash < 0 ? null : word.slice(slash + 1);
  const max = bytes === null ? 0 : bytes.length * 8;
  const bits = bitsText === null ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (bytes === null || !(bits <= max)) return `--address takes an address or CIDR prefix (10.0.0.0/8, ::1, fe80::/10), not '${word}'`;
  return { bytes, bits, text: word };
}

export function inCidr(address: string, cidr: Cidr): boolean {
  const bytes = addressBytes(address);
  if (bytes === null || bytes.length !== cidr.bytes.length) return false;
  const whole = cidr.bits >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== cidr.bytes[i]) return false;
  const rest = cidr.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((cidr.bytes[whole] ?? 0) & mask);
}

/** Parse every filter flag; the first bad value gives the message. */
export function parseFilter(args: FilterArgs): FilterResult {
  const words = (values: readonly string[] | undefined): string[] | null =>
    values === undefined || values.length === 0 ? null : values.flatMap((v) => v.split(","));
  const ports = (flag: string, values: readonly string[] | undefined): PortRange[] | string | null => {
    const all = words(values);
    return all === null ? null : parsePorts(flag, all.join(","));
  };
  const port = ports("--port", args.port);
  if (typeof port === "string") return { kind: "error", message: port };
  const sport = ports("--sport", args.sport);
  if (typeof sport === "string") return { kind: "error", message: sport };
  const dport = ports("--dport", args.dport);
  if (typeof dport === "string") return { kind: "error", message: dport };
  const stateWords = words(args.state);
  const states = stateWords === null ? null : parseStates(stateWords.join(","));
  if (typeof states === "string") return { kind: "error", message: states };
  let addresses: Cidr[] | null = null;
  for (const w of words(args.address) ?? []) {
    const c = parseCidr(w);
    if (typeof c === "string") return { kind: "error", message: c };
    (addresses ??= []).push(c);
  }
  let pids: Set<number> | null = null;
  for (const w of words(args.pid) ?? []) {
    if (!/^\d{1,10}$/.test(w)) return { kind: "error", message: `--pid takes process ids, not '${w}'` };
    (pids ??= new Set()).add(Number(w));
  }
  const programs = args.program === undefined || args.program.length === 0 ? null : [...args.program];
  let users: UserSpec[] | null = null;
  for (const w of words(args.user) ?? []) {
    if (w === "") return { kind: "error", message: "--user takes a user name or uid, not ''" };
    (users ??= []).push(/^\d{1,10}$/.test(w) ? { uid: Number(w) } : { name: w });
  }
  return { kind: "ok", filter: { ports: port, sports: sport, dports: dport, states, addresses, pids, programs, users } };
}

export const isActive = (f: Filter): boolean => Object.values(f).some((v) => v !== null);

/** Whether the filter needs to know the processes holding each socket (--pid, --program). */
export const needsOwners = (f: Filter): boolean => f.pids !== null || f.programs !== null;

/** Whether a user name must be looked up before the filter can run. */
export const userNames = (f: Filter): string[] => (f.users ?? []).flatMap((u) => ("name" in u ? [u.name] : []));

const inRanges = (port: number | null, ranges: readonly PortRange[]): boolean =>
  port !== null && ranges.some((r) => r.lo <= port && port <= r.hi);

/**
 * The state a UNIX socket is filtered by, as ss shows it (ss -x: LISTEN, ESTAB, UNCONN...):
 * kernel socket_state mapped onto the TCP names.
 */
function unixTcpState(s: Extract<Socket, { proto: "unix" }>): TcpState {
  switch (s.state) {
    case "LISTENING":
      return "LISTEN";
    case "CONNECTED":
      return "ESTABLISHED";
    case "CONNECTING":
      return "SYN_SENT";
    case "DISCONNECTING":
      return "CLOSING";
    default:
      return "CLOSE";
  }
}

/**
 * The predicate of the filters that need no owners. `uids` answers user names (null: unknown
 * user, which matches nothing). Port and address filters keep only Internet sockets (UNIX
 * sockets have neither, as in ss); --user compares the socket's uid, which UNIX sockets lack.
 */
export function socketPredicate(f: Filter, uids: ReadonlyMap<string, number | null> = new Map()): (s: Socket) => boolean {
  const userIds =
    f.users === null ? null : new Set(f.users.map((u) => ("uid" in u ? u.uid : (uids.get(u.name) ?? null))).filter((u): u is number => u !== null));
  return (s) => {
    if (s.proto === "unix") {
      if (f.ports !== null || f.sports !== null || f.dports !== null || f.addresses !== null || userIds !== null) return false;
      return f.states === null || f.states.has(unixTcpState(s));
    }
    if (f.ports !== null && !inRanges(s.local.port, f.ports) && !inRanges(s.remote.port, f.ports)) return false;
    if (f.sports !== null && !inRanges(s.local.port, f.sports)) return false;
    if (f.dports !== null && !inRanges(s.remote.port, f.dports)) return false;
    if (f.states !== null && (s.state === null || !f.states.has(s.state))) return false;
    if (f.addresses !== null && !f.addresses.some((c) => inCidr(s.local.address, c) || inCidr(s.remote.address, c))) return false;
    if (userIds !== null && (s.uid === null || !userIds.has(s.uid))) return false;
    return true;
  };
}

/** The predicate of the filters on owners: a socket is kept when one of its holders matches. */
export function ownerPredicate(f: Filter): (s: Socket) => boolean {
  const { pids, programs } = f;
  if (pids === null && programs === null) return () => true;
  return (s) =>
    s.owners.some(
      (o) => (pids === null || pids.has(o.pid)) && (programs === null || programs.includes(o.program) || (o.comm !== null && programs.includes(o.comm))),
    );
}
