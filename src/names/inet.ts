// Address text ↔ bytes as glibc parses it (inet_pton), and the reverse-DNS names of addresses.
// Pure functions, no I/O.

/** glibc inet_pton(AF_INET): exactly four decimal parts of 0-255, no leading zeros ("01" fails). */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? "";
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    out[i] = v;
  }
  return out;
}

/** glibc inet_pton(AF_INET6): hex groups of 1-4 digits, one "::", optional trailing dotted quad. */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.length === 0 || /[^0-9A-Fa-f:.]/.test(text)) return null;
  const dbl = text.indexOf("::");
  if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) return null;
  const side = (s: string, last: boolean): number[] | null => {
    if (s === "") return [];
    const groups = s.split(":");
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? "";
      if (g.includes(".")) {
        if (!last || i !== groups.length - 1) return null;
        const v4 = parseIPv4(g);
        if (v4 === null) return null;
        words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
        words.push(parseInt(g, 16));
      }
    }
    return words;
  };
  let words: number[];
  if (dbl >= 0) {
    const head = side(text.slice(0, dbl), false);
    const tail = side(text.slice(dbl + 2), true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = side(text, true);
    if (all === null || all.length !== 8) return null;
    words = all;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

export interface ParsedAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/** A model address ("127.0.0.1", "::1", "::ffff:10.0.0.1") as bytes, or null. */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { family: 6, bytes: v6 };
}

const zeros = (b: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
};

/** ::ffff:a.b.c.d */
export const isV4Mapped = (b: Uint8Array): boolean => b.length === 16 && zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff;

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

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
