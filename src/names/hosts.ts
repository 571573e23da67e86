// Host names from the files glibc's nss_files reads, and netstat's rules around them. Pure.

import type { HostsEntry, NetworkEntry } from "./etc.js";
import type { ParsedAddress } from "./inet.js";
import { isV4Mapped, parseIPv4, parseIPv6, sameBytes } from "./inet.js";

/**
 * files-hosts.c gethostbyaddr: the canonical name of the first line whose address equals the
 * query. An IPv4 query also matches lines written as IPv4-mapped IPv6 (::ffff:a.b.c.d) and "::1"
 * (taken as 127.0.0.1); an IPv6 query matches only IPv6 lines, so ::ffff:127.0.0.1 does not match
 * "127.0.0.1 localhost". A line with no name matches with the empty name, as in glibc.
 */
export function hostsByAddr(entries: readonly HostsEntry[], query: ParsedAddress): string | null {
  for (const e of entries) {
    let bytes: Uint8Array | null;
    if (query.family === 4) {
      bytes = parseIPv4(e.address);
      if (bytes === null) {
        const v6 = parseIPv6(e.address);
        if (v6 === null) continue;
        if (isV4Mapped(v6)) bytes = v6.slice(12);
        else if (sameBytes(v6, LOOPBACK6)) bytes = new Uint8Array([127, 0, 0, 1]);
        else continue;
      }
    } else {
      bytes = parseIPv6(e.address);
      if (bytes === null) continue;
    }
    if (sameBytes(bytes, query.bytes)) return e.name;
  }
  return null;
}

const LOOPBACK6 = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

/** files-network.c getnetbyaddr: the first network whose number equals `net`. */
export function networksByAddr(entries: readonly NetworkEntry[], net: number): string | null {
  for (const e of entries) if (e.net === net) return e.name;
  return null;
}

/** INET_sprint keeps a host name in a 128-byte buffer. */
const INET_NAME_MAX = 127;
/** INET6_sprint gives getnameinfo 128 bytes: a longer name fails, and the address prints numerically. */
const INET6_NAME_MAX = 127;

/** What netstat keeps of a resolved name: IPv4 names are cut, IPv6 names too long are dropped. */
export function netstatHostName(family: 4 | 6, name: string): string | null {
  if (family === 4) return name.slice(0, INET_NAME_MAX);
  return name.length > INET6_NAME_MAX ? null : name;
}

/**
 * lib/inet.c INET_rresolve with netstat's netmask 0xffffff00 applied to the address as stored
 * (network order, read on a little-endian machine): an address whose FIRST byte is 0 is a
 * "network" and is named from /etc/networks (getnetbyaddr), never through the resolver.
 */
export const isNetworkAddress = (bytes: Uint8Array): boolean => bytes.length === 4 && bytes[0] === 0;

/** The network number getnetbyaddr is given for such an address (host order). */
export const networkNumber = (bytes: Uint8Array): number =>
  (((bytes[0] ?? 0) << 24) >>> 0) + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0);
