// Untrusted text (program names, UNIX paths) made safe for a terminal or a line-oriented pipe.
// net-tools 2.10 prints such bytes raw, so a process could forge table lines or send terminal
// escapes; upstream later replaced them (CVE-2024-58251). We escape them unambiguously instead.

import { encodeBytes } from "../text.js";

const HEX = "0123456789abcdef";

/** True when every character is printable ASCII other than the backslash: nothing to escape. */
export function isPlainText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c) return false;
  }
  return true;
}

/** Escape bytes (UTF-8, or the raw bytes behind src/text.ts escapes): `\\` for a backslash, `\n` `\t` `\r`, `\xNN` for any other byte outside 0x20–0x7e. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0d) out += "\\r";
    else if (b < 0x20 || b > 0x7e) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

export function escapeText(s: string): string {
  return isPlainText(s) ? s : escapeBytes(encodeBytes(s));
}

/** The first `max` bytes of s (as the system gave them), escaped: cut first, so an escape is never split. */
export function cutAndEscape(s: string, max: number): string {
  if (isPlainText(s)) return s.length > max ? s.slice(0, max) : s;
  return escapeBytes(encodeBytes(s).subarray(0, max));
}
