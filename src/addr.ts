// Addresses as every reader must spell them (the contract in model.ts): text <-> bytes, and the
// few classifications the flag semantics and formatters need. Pure, platform-neutral.
//
// Parsing follows glibc inet_pton(3) (resolv/inet_pton.c), formatting glibc inet_ntop(3)
// (resolv/inet_ntop.c): the model's spelling is exactly what inet_ntop prints.

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

/** True when bytes `from` to `to` (exclusive) of `b` are all zero. */
export const zeros = (b: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
};

/** ::ffff:a.b.c.d */
export const isV4Mapped = (b: Uint8Array): boolean => b.length === 16 && zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff;


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

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** A dotted quad as a tool prints it (lsof NAME, a netstat column) in the model's spelling, or null when it is not one. */
export function canonicalIPv4(text: string): string | null {
  const b = parseIPv4(text);
  return b === null ? null : formatIPv4(b, 0);
}

/** An IPv6 address as a tool prints it in the model's (glibc inet_ntop) spelling, or null when it is not one. */
export function canonicalIPv6(text: string): string | null {
  const b = parseIPv6(text);
  return b === null ? null : formatIPv6(b);
}
