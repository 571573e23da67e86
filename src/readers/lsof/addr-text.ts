// Numeric addresses as tools print them (lsof NAME, net-tools netstat columns) → the model's
// spelling (src/model.ts address contract, via src/addr.ts). Pure.

import { formatIPv4, formatIPv6, parseIPv4 as ipv4Bytes, parseIPv6 as ipv6Bytes } from "../../addr.js";

/** A dotted quad as tools print it ("127.0.0.1") in the model's spelling, or null when it is not one. */
export function parseIPv4(text: string): string | null {
  const b = ipv4Bytes(text);
  return b === null ? null : formatIPv4(b, 0);
}

/** An IPv6 address in text form in the model's (glibc inet_ntop) spelling, or null when it is not one. */
export function parseIPv6(text: string): string | null {
  const b = ipv6Bytes(text);
  return b === null ? null : formatIPv6(b);
}
