// Address decoding for /proc/net/{tcp,udp,raw}{,6}: pure functions, no I/O (the text form is src/addr.ts).
//
// The kernel prints each 32-bit word of an address as a host-order integer with "%08X"
// (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock), so on a
// little-endian machine the bytes of every word appear reversed.

import { formatIPv4, formatIPv6 } from "../../addr.js";


/** Decode one 8-hex-digit word into the 4 address bytes in network order. Returns false if not hex. */
export function decodeWord(text: string, offset: number, littleEndian: boolean, out: Uint8Array, at: number): boolean {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const d = hexDigit(text.charCodeAt(offset + i));
    if (d < 0) return false;
    value = value * 16 + d;
  }
  const b0 = (value >>> 24) & 0xff;
  const b1 = (value >>> 16) & 0xff;
  const b2 = (value >>> 8) & 0xff;
  const b3 = value & 0xff;
  if (littleEndian) {
    out[at] = b3;
    out[at + 1] = b2;
    out[at + 2] = b1;
    out[at + 3] = b0;
  } else {
    out[at] = b0;
    out[at + 1] = b1;
    out[at + 2] = b2;
    out[at + 3] = b3;
  }
  return true;
}

export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/** Decode a /proc/net hex address (8 digits for IPv4, 32 for IPv6) to its numeric text form, or null. */
export function decodeProcAddress(hex: string, littleEndian = true): string | null {
  if (hex.length === 8) {
    const b = new Uint8Array(4);
    return decodeWord(hex, 0, littleEndian, b, 0) ? formatIPv4(b, 0) : null;
  }
  if (hex.length === 32) {
    const b = new Uint8Array(16);
    for (let w = 0; w < 4; w++) if (!decodeWord(hex, w * 8, littleEndian, b, w * 4)) return null;
    return formatIPv6(b);
  }
  return null;
}
