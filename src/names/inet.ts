// The reverse-DNS view of addresses: which address glibc looks up, and its PTR name. Pure, no I/O.
// Address text <-> bytes is src/addr.ts; its parser is re-exported here for the name modules.

import { isV4Mapped, zeros } from "../addr.js";
export type { ParsedAddress } from "../addr.js";
export { isV4Mapped, parseAddress, parseIPv4, parseIPv6, sameBytes } from "../addr.js";

/**
 * The IPv4 address glibc's DNS backend looks up instead of an IPv6 one (nss_dns gethostbyaddr
 * "unmaps" IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d, but not ::1), else null.
 */
export function dnsUnmapped(b: Uint8Array): Uint8Array | null {
  if (b.length !== 16) return null;
  if (isV4Mapped(b)) return b.slice(12);
  if (zeros(b, 0, 12) && !(b[12] === 0 && b[13] === 0 && b[14] === 0 && b[15] === 1)) return b.slice(12);
  return null;
}

/** The PTR query name: "4.3.2.1.in-addr.arpa" or the 32 nibbles of ".ip6.arpa". */
export function ptrName(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[3]}.${bytes[2]}.${bytes[1]}.${bytes[0]}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = bytes.length - 1; i >= 0; i--) {
    const v = bytes[i] ?? 0;
    nibbles.push((v & 0xf).toString(16), (v >> 4).toString(16));
  }
  return `${nibbles.join(".")}.ip6.arpa`;
}
