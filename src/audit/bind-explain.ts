// --probe-bind's judgement: which socket of the table explains a port the probe could not bind
// (EADDRINUSE), at one address or at a family's wildcard, by the rules Linux applies to the
// probe's own binds. The rules, observed in a private namespace (Linux 6.18) with the probe's own
// binds (Node: TCP listen, which sets SO_REUSEADDR; UDP bind without it; IPv6 with IPV6_V6ONLY):
//   - a TCP bind with SO_REUSEADDR collides with a LISTEN socket, or with one (bound, connected,
//     TIME_WAIT) that did not set SO_REUSEADDR (net/ipv4/inet_connection_sock.c inet_bind_conflict);
//   - a UDP bind without SO_REUSEADDR collides with any UDP socket of the port (net/ipv4/udp.c
//     udp_lib_lport_inuse);
//   - 0.0.0.0 overlaps every IPv4 address (assigned or not), a v4-mapped IPv6 socket and a
//     dual-stack "::"; not an IPv6 address a socket bound to, dual-stack or not (experiment, Linux 6.18);
//   - 0.0.0.0 also collides with a dual-stack IPv6 socket whose port connect(2) picked (no bind:
//     /proc shows it at the address it connected from, ss's [::1]:40172), TCP and UDP alike
//     (experiment, Linux 6.18: the audit's own connect scan leaves such TIME_WAITs on ::1);
//   - "::" with IPV6_V6ONLY overlaps every IPv6 address and "::", no IPv4 or v4-mapped socket
//     (net/ipv4/inet_connection_sock.c ipv6_rcv_saddr_equal; experiment, Linux 6.18).
// /proc shows neither SO_REUSEADDR nor IPV6_V6ONLY: a socket that might collide is taken to.
// Pure.

import { isUnspecified } from "../addr.js";
import type { InetSocket } from "../model.js";
import { isIPv4Text, isTcpListener, isUdpListener, reaches, unmapped } from "./sockets.js";

export type BindProto = "tcp" | "udp";

/** What the bind probe binds to try a port on every address of a family (IPv6 with IPV6_V6ONLY). */
export const WILDCARD: Readonly<Record<4 | 6, string>> = { 4: "0.0.0.0", 6: "::" };

/** 0.0.0.0 or "::" (addr.ts isUnspecified): in a bind view, the wildcard pass's address. */
export const isWildcardAddress = isUnspecified;

/** The family a wildcard bind tries every address of, as the findings name it. */
export const wildcardFamily = (wildcard: string): "IPv4" | "IPv6" => (wildcard === WILDCARD[4] ? "IPv4" : "IPv6");

/** The wildcard whose bind overlaps `address` (a v4-mapped address is IPv4). */
export const wildcardOf = (address: string): string => (isIPv4Text(unmapped(address) ?? address) ? WILDCARD[4] : WILDCARD[6]);

const sameProto = (s: InetSocket, proto: BindProto): boolean => (proto === "tcp" ? s.proto === "tcp" : s.proto === "udp" || s.proto === "udplite");

/**
 * Whether a bind of `address`:`port` (a specific address, or a wildcard) would collide with this
 * socket of the table, whatever its state: same transport and port, and overlapping addresses.
 */
export function holds(s: InetSocket, proto: BindProto, address: string, port: number): boolean {
  if (!sameProto(s, proto) || s.local.port !== port) return false;
  const local = unmapped(s.local.address) ?? s.local.address;
  // an IPv6 socket with a peer may have had its port picked by connect(2): /proc cannot tell
  if (address === WILDCARD[4]) return isIPv4Text(local) || local === "::" || s.remote.port !== null;
  if (address === WILDCARD[6]) return !isIPv4Text(local);
  // a wildcard collides with every address of its family, and "::" (dual-stack) with IPv4 too
  return local === address || local === "::" || (local === "0.0.0.0" && isIPv4Text(address));
}

/**
 * Whether this socket is a listener (TCP LISTEN, bound UDP) that accounts for a port a view found
 * at `address`: it reaches the address, or, for a wildcard bind's, holds the port on an address
 * the wildcard overlaps.
 */
export function listenerCovers(s: InetSocket, proto: BindProto, address: string, port: number): boolean {
  if (!(proto === "tcp" ? isTcpListener(s) : isUdpListener(s))) return false;
  return isWildcardAddress(address) ? holds(s, proto, address, port) : reaches(s, address, port);
}

/**
 * Why `address`:`port` could not be bound, by the table: a listener covers it, another socket
 * holds it ("other": a connection's local port, a TIME_WAIT), or nothing explains it (null).
 */
export function explainInUse(sockets: readonly InetSocket[], proto: BindProto, address: string, port: number): "listener" | "other" | null {
  if (sockets.some((s) => listenerCovers(s, proto, address, port))) return "listener";
  return sockets.some((s) => holds(s, proto, address, port)) ? "other" : null;
}

/**
 * A port the wildcard bind found unexplained that a view also found unexplained at a specific
 * address of the same family: that one is more precise, and this one is the same port.
 */
export function shadowedWildcard(
  h: { readonly proto: string; readonly address: string; readonly port: number },
  others: readonly { readonly proto: string; readonly address: string; readonly port: number }[],
): boolean {
  return isWildcardAddress(h.address) && others.some((o) => o.proto === h.proto && o.port === h.port && !isWildcardAddress(o.address) && wildcardOf(o.address) === h.address);
}
