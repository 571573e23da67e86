// Bytes from the system (paths, command lines) as JavaScript strings, without losing any byte.
// Valid UTF-8 decodes as usual; each byte of an invalid sequence becomes a lone surrogate
// U+DC80..U+DCFF ("surrogateescape", PEP 383), which encodeBytes turns back into that byte.
// JSON.stringify writes lone surrogates as "\udcNN", so JSON keeps them too.

import { isUtf8 } from "node:buffer";

const ESCAPE_BASE = 0xdc00;

export function decodeBytes(bytes: Uint8Array): string {
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const n = validSequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(ESCAPE_BASE + (bytes[i] as number));
      i++;
    } else {
      out += Buffer.from(bytes.buffer, bytes.byteOffset + i, n).toString("utf8");
      i += n;
    }
  }
  return out;
}

/** The bytes a decodeBytes string came from (for other strings: their UTF-8 form). */
export function encodeBytes(s: string): Uint8Array {
  if (!hasEscapes(s)) return Buffer.from(s, "utf8");
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !isLowSurrogateOfPair(s, i)) {
      parts.push(Buffer.from(s.slice(start, i), "utf8"), Uint8Array.of(c - ESCAPE_BASE));
      start = i + 1;
    }
  }
  parts.push(Buffer.from(s.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/** Tables are read as latin1 (one char per byte); turn a slice of such text into a proper string. */
export function decodeLatin1Bytes(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return decodeBytes(Buffer.from(s, "latin1"));
  return s;
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

function hasEscapes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) return true;
  }
  return false;
}

function isLowSurrogateOfPair(s: string, i: number): boolean {
  if (i === 0) return false;
  const prev = s.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

/** Length of the well-formed UTF-8 sequence at i (RFC 3629 table 3-7), or 0 when it is not one. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const v = b[i + k];
    return v !== undefined && v >= lo && v <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
