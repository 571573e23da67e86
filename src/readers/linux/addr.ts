// Address decoding for /proc/net/{tcp,udp,raw}{,6}: pure functions, no I/O.
//
// The kernel prints each 32-bit word of an address as a host-order integer with "%08X"
// (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock), so on a
// little-endian machine the bytes of every word appear reversed.

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

export function formatIPv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * Text form of a 16-byte IPv6 address exactly as glibc inet_ntop prints it (resolv/inet_ntop.c):
 * lower-case hex, the longest run of two or more zero groups (the first, on a tie) becomes "::",
 * and the last 32 bits print as a dotted quad for IPv4-mapped (::ffff:a.b.c.d) and
 * IPv4-compatible (::a.b.c.d) addresses.
 */
export function formatIPv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;

  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIPv4(b, 12);
      break;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ":";
  return out;
}

/** True for an all-zero address ("0.0.0.0" or "::"). */
export const isUnspecified = (address: string): boolean => address === "0.0.0.0" || address === "::";

/** The IPv4 part of an IPv4-mapped IPv6 address ("::ffff:1.2.3.4" → "1.2.3.4"), or null. */
export function mappedIPv4(address: string): string | null {
  return address.startsWith("::ffff:") && address.indexOf(".") > 0 ? address.slice(7) : null;
}
