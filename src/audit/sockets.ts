// Which sockets are listeners, where they accept, and which scanned port they answer for. Pure.

import type { InetSocket } from "../model.js";
import type { Scope } from "./types.js";

export const isIPv4Text = (address: string): boolean => !address.includes(":");

const isWildcard = (address: string): boolean => address === "0.0.0.0" || address === "::";

/** A v4-mapped IPv6 address ("::ffff:10.0.0.1") as its IPv4 address; null for any other. */
export function unmapped(address: string): string | null {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m === null ? null : (m[1] as string);
}

/** 127.0.0.0/8 (RFC 1122 3.2.1.3), ::1 (RFC 4291 2.5.3), and their v4-mapped forms. */
export function isLoopback(address: string): boolean {
  const v4 = unmapped(address) ?? address;
  return v4 === "::1" || (isIPv4Text(v4) && v4.startsWith("127."));
}

/** A TCP socket in LISTEN. */
export const isTcpListener = (s: InetSocket): boolean => s.proto === "tcp" && s.state === "LISTEN";

/** A bound, unconnected UDP or UDP-Lite socket: netstat -l's UDP servers (remote address unspecified). */
export const isUdpListener = (s: InetSocket): boolean =>
  (s.proto === "udp" || s.proto === "udplite") && isWildcard(s.remote.address) && s.local.port !== null && s.local.port !== 0;

/** The sockets the audit accounts for: listening TCP and bound UDP. */
export const isListener = (s: InetSocket): boolean => isTcpListener(s) || isUdpListener(s);

/** A TCP socket with a peer (any state but LISTEN, with a remote port). */
export const isTcpConnection = (s: InetSocket): boolean => s.proto === "tcp" && s.state !== "LISTEN" && s.remote.port !== null;

export function scopeOf(s: InetSocket): Scope {
  if (isWildcard(s.local.address)) return "all";
  return isLoopback(s.local.address) ? "loopback" : "address";
}

/**
 * Whether a connect to `address`:`port` reaches this listener: same port, and the same address,
 * or a wildcard of the address's family. An IPv6 wildcard ("::") also takes IPv4 unless the socket
 * set IPV6_V6ONLY (ipv6(7)), which /proc does not show: it is taken to cover both.
 */
export function reaches(listener: InetSocket, address: string, port: number): boolean {
  if (listener.local.port !== port) return false;
  const local = listener.local.address;
  if (local === address) return true;
  if (local === "::") return true;
  if (local === "0.0.0.0") return isIPv4Text(address);
  return unmapped(local) === address;
}

/** The local end of `conn` is an address:port some listener accepts on. */
export function matchesListener(conn: InetSocket, listeners: readonly InetSocket[]): boolean {
  const port = conn.local.port;
  if (port === null) return false;
  const address = unmapped(conn.local.address) ?? conn.local.address;
  return listeners.some((l) => l.proto === conn.proto && reaches(l, address, port));
}
