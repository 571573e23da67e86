// netstat -r: the kernel routing tables as net-tools 2.10 prints them (lib/inet_gr.c rprint_fib,
// lib/inet6_gr.c rprint_fib6). Pure: routes and names in, lines out.

import { parseIPv4, parseIPv6, isV4Mapped } from "../addr.js";
import type { Route4, Route6 } from "../modes-model.js";

/** The names a route table may show; every lookup is answered before formatting starts. */
export interface RouteNames {
  /** gethostbyaddr's name for a numeric address, or null. */
  host(address: string): string | null;
  /** getnetbyaddr's name for a network number (host order), or null. */
  network(net: number): string | null;
}

export const NUMERIC_ROUTE_NAMES: RouteNames = { host: () => null, network: () => null };

/** C's %-Ns: pad on the right to at least `n`. */
const left = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
/** C's %Ns. */
const right = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

// RTF_* as net-tools defines them (lib/net-support.h)
const RTF_UP = 0x0001;
const RTF_GATEWAY = 0x0002;
const RTF_HOST = 0x0004;
const RTF_REINSTATE = 0x0008;
const RTF_DYNAMIC = 0x0010;
const RTF_MODIFIED = 0x0020;
const RTF_MTU = 0x0040;
const RTF_WINDOW = 0x0080;
const RTF_IRTT = 0x0100;
const RTF_REJECT = 0x0200;
const RTF_NOTCACHED = 0x0400;
const RTF_DEFAULT = 0x00010000;
const RTF_ALLONLINK = 0x00020000;
const RTF_ADDRCONF = 0x00040000;
const RTF_NONEXTHOP = 0x00200000;
const RTF_EXPIRES = 0x00400000;
const RTF_CACHE = 0x01000000;
const RTF_FLOW = 0x02000000;
const RTF_POLICY = 0x04000000;
const RTF_LOCAL = 0x80000000;

/** The Flags column of the IPv4 table (rprint_fib): a reject route is "!" and what follows. */
export function route4Flags(flags: number): string {
  let s = "";
  if (flags & RTF_UP) s += "U";
  if (flags & RTF_GATEWAY) s += "G";
  if (flags & RTF_REJECT) s = "!";
  const rest: [number, string][] = [
    [RTF_HOST, "H"],
    [RTF_REINSTATE, "R"],
    [RTF_DYNAMIC, "D"],
    [RTF_MODIFIED, "M"],
    [RTF_DEFAULT, "d"],
    [RTF_ALLONLINK, "a"],
    [RTF_ADDRCONF, "c"],
    [RTF_NONEXTHOP, "o"],
    [RTF_EXPIRES, "e"],
    [RTF_CACHE, "c"],
    [RTF_FLOW, "f"],
    [RTF_POLICY, "p"],
    [RTF_LOCAL, "l"],
    [RTF_MTU, "u"],
    [RTF_WINDOW, "w"],
    [RTF_IRTT, "i"],
    [RTF_NOTCACHED, "n"],
  ];
  for (const [bit, c] of rest) if ((flags & bit) >>> 0 !== 0) s += c;
  return s;
}

/** The Flag column of the IPv6 table (rprint_fib6). */
export function route6Flags(flags: number): string {
  const bits: [number, string][] = [
    [RTF_UP, "U"],
    [RTF_REJECT, "!"],
    [RTF_GATEWAY, "G"],
    [RTF_HOST, "H"],
    [RTF_DEFAULT, "D"],
    [RTF_ADDRCONF, "A"],
    [RTF_CACHE, "C"],
    [RTF_ALLONLINK, "a"],
    [RTF_EXPIRES, "e"],
    [RTF_MODIFIED, "m"],
    [RTF_NONEXTHOP, "n"],
    [RTF_FLOW, "f"],
  ];
  let s = "";
  for (const [bit, c] of bits) if ((flags & bit) >>> 0 !== 0) s += c;
  return s;
}

const u32 = (address: string): number => {
  const b = parseIPv4(address) ?? new Uint8Array(4);
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
};

/** What INET_rresolve (lib/inet.c) shows for an address: a word, a number, or a name to look up. */
export type Rresolve4 =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "host"; readonly address: string }
  | { readonly kind: "network"; readonly address: string; readonly net: number };

/**
 * lib/inet.c INET_rresolve: numeric when asked; 0.0.0.0 is "default" (a destination) or "*" with an
 * all-zero mask, else "0.0.0.0"; an address with host bits outside `mask` (or `forceHost`) is a
 * host (gethostbyaddr), any other a network (getnetbyaddr).
 */
export function rresolve4(address: string, numeric: boolean, mask: string, defaultWord: boolean, forceHost: boolean): Rresolve4 {
  if (numeric) return { kind: "text", text: address };
  const ad = u32(address);
  const m = u32(mask);
  if (ad === 0) return { kind: "text", text: m === 0 ? (defaultWord ? "default" : "*") : "0.0.0.0" };
  if ((ad & ~m) >>> 0 !== 0 || forceHost) return { kind: "host", address };
  return { kind: "network", address, net: ad };
}

/** INET_sprint gives INET_rresolve this mask (lib/inet.c). */
const SPRINT_MASK = "255.255.255.0";

const nameOf = (r: Rresolve4, names: RouteNames): string =>
  r.kind === "text" ? r.text : r.kind === "host" ? (names.host(r.address) ?? r.address) : (names.network(r.net) ?? r.address);

/** The destination and gateway lookups an IPv4 route table needs (for the bounded host lookup). */
export function route4Lookups(routes: readonly Route4[], numeric: boolean): Rresolve4[] {
  const out: Rresolve4[] = [];
  for (const r of routes) {
    if (!(r.flags & RTF_UP)) continue;
    out.push(rresolve4(r.destination, numeric, r.mask, true, (r.flags & RTF_HOST) !== 0));
    out.push(rresolve4(r.gateway, numeric, SPRINT_MASK, false, true));
  }
  return out;
}

/**
 * What `ext` (FLAG_EXT bits) a number of -e gives: netstat swaps 1 and 2 for -r (netstat.c main),
 * so none is the MSS table (2), -e the Metric table (1), -ee both (3), -eee nothing (0).
 */
export function routeExt(extend: number): number {
  let exp = 1 + extend;
  if (exp === 2) exp = 1;
  else if (exp === 1) exp = 2;
  return exp & 3;
}

export const ROUTE4_TITLE = "Kernel IP routing table\n";

export function route4Header(ext: number): string {
  const base = "Destination     Gateway         Genmask         ";
  if (ext === 1) return `${base}Flags Metric Ref    Use Iface\n`;
  if (ext === 2) return `${base}Flags   MSS Window  irtt Iface\n`;
  if (ext >= 3) return `${base}Flags Metric Ref    Use Iface    MSS   Window irtt\n`;
  return "";
}

/** One route as rprint_fib prints it; "" for a route netstat does not show (not up, or ext 0). */
export function route4Row(r: Route4, ext: number, numeric: boolean, names: RouteNames): string {
  if (!(r.flags & RTF_UP) || ext === 0) return "";
  // net_addr, gate_addr and mask_addr are cut at 15 characters
  const dest = nameOf(rresolve4(r.destination, numeric, r.mask, true, (r.flags & RTF_HOST) !== 0), names).slice(0, 15);
  const gate = nameOf(rresolve4(r.gateway, numeric, SPRINT_MASK, false, true), names).slice(0, 15);
  const mask = r.mask.slice(0, 15);
  const flags = route4Flags(r.flags);
  const reject = (r.flags & RTF_REJECT) !== 0;
  const d = (n: number): string => String(n);
  if (ext === 1) {
    if (reject) return `${left(dest, 15)} -               ${left(mask, 15)} ${left(flags, 5)} ${left(d(r.metric), 6)} -  ${right(d(r.use), 7)} -\n`;
    return `${left(dest, 15)} ${left(gate, 15)} ${left(mask, 15)} ${left(flags, 5)} ${left(d(r.metric), 6)} ${left(d(r.refCnt), 2)} ${right(d(r.use), 7)} ${r.iface}\n`;
  }
  if (ext === 2) {
    if (reject) return `${left(dest, 15)} -               ${left(mask, 15)} ${left(flags, 5)}     - -          - -\n`;
    return `${left(dest, 15)} ${left(gate, 15)} ${left(mask, 15)} ${left(flags, 5)} ${right(d(r.mtu), 5)} ${left(d(r.window), 5)} ${right(d(r.irtt), 6)} ${r.iface}\n`;
  }
  if (reject) {
    return `${left(dest, 15)} -               ${left(mask, 15)} ${left(flags, 5)} ${left(d(r.metric), 6)} -  ${right(d(r.use), 7)} -        -     -      -\n`;
  }
  return (
    `${left(dest, 15)} ${left(gate, 15)} ${left(mask, 15)} ${left(flags, 5)} ${left(d(r.metric), 6)} ${left(d(r.refCnt), 3)} ` +
    `${right(d(r.use), 6)} ${left(r.iface.slice(0, 6), 6)}   ${left(d(r.mtu), 5)} ${left(d(r.window), 6)} ${d(r.irtt)}\n`
  );
}

/** rprint_cache's title and header: Linux has had no IPv4 routing cache since 3.6, so no rows. */
export function route4CacheHeader(ext: number): string {
  const base = "Source          Destination     Gateway         ";
  let s = "Kernel IP routing cache\n";
  if (ext === 1) s += `${base}Flags Metric Ref    Use Iface\n`;
  if (ext === 2) s += `${base}Flags   MSS Window  irtt Iface\n`;
  if (ext >= 3) s += `${base}Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n`;
  return s;
}

export function route6Title(cache: boolean): string {
  return `${cache ? "Kernel IPv6 routing cache" : "Kernel IPv6 routing table"}\nDestination                    Next Hop                   Flag Met Ref  Use If\n`;
}

/** lib/inet6.c fix_v4_address: an IPv4-mapped address prints as its IPv4 part. */
function fixV4(text: string, address: string): string {
  const b = parseIPv6(address);
  if (b === null || !isV4Mapped(b)) return text;
  const dot = text.indexOf(".");
  if (dot < 0) return text;
  const colon = text.lastIndexOf(":", dot);
  return colon < 0 ? text : text.slice(colon + 1);
}

/** lib/inet6.c INET6_rresolve without the 0x8000 bit: "[::]" for the unspecified address, else getnameinfo. */
function name6(address: string, numeric: boolean, names: RouteNames): string {
  if (numeric) return fixV4(address, address);
  if (address === "::") return "[::]";
  return fixV4(names.host(address) ?? address, address);
}

/** The addresses an IPv6 route table looks up. */
export function route6Lookups(routes: readonly Route6[], cache: boolean): string[] {
  const out: string[] = [];
  for (const r of routes) {
    if (((r.flags & RTF_CACHE) !== 0) !== cache) continue;
    out.push(r.destination, r.nextHop);
  }
  return out.filter((a) => a !== "::");
}

/** One route as rprint_fib6 prints it; "" when it belongs to the other table (cache or not). */
export function route6Row(r: Route6, cache: boolean, numeric: boolean, names: RouteNames): string {
  if (((r.flags & RTF_CACHE) !== 0) !== cache) return "";
  const dest = `${name6(r.destination, numeric, names)}/${r.prefixLength}`;
  const hop = name6(r.nextHop, numeric, names);
  return `${left(dest, 30)} ${left(hop, 26)} ${left(route6Flags(r.flags), 4)} ${left(String(r.metric), 3)} ${left(String(r.refCnt), 1)} ${right(String(r.use), 6)} ${r.iface}\n`;
}
