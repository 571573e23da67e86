// Numeric addresses as tools print them (lsof NAME, net-tools netstat columns) → the model's
// spelling (src/model.ts address contract). Pure. Also the TCP state names of every platform's
// tools mapped to the canonical (Linux) names.

import type { TcpState } from "../../model.js";
import { formatIPv6 } from "../linux/addr.js";

/** A dotted quad without extras ("127.0.0.1"), canonical (no leading zeros), or null. */
export function parseIPv4(text: string): string | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out.join(".");
}

/** The 16 bytes of an IPv6 address in text form (RFC 4291 2.2, with an optional dotted tail), or null. */
export function ipv6Bytes(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.indexOf(".", lastColon) > lastColon) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = v4.split(".").map(Number);
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "::ffff:1.2.3.4" leaves "::ffff:" (one colon to drop unless it is "::")
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const groupsWanted = tail.length > 0 ? 6 : 8;
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0] ?? "");
  const right = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (left === null || right === null) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = groupsWanted - left.length - right.length;
    if (missing < 1) return null;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    if (left.length !== groupsWanted) return null;
    groups = left;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  tail.forEach((b, i) => {
    bytes[12 + i] = b;
  });
  return bytes;
}

/** An IPv6 address in glibc inet_ntop spelling, or null when the text is not one. */
export function parseIPv6(text: string): string | null {
  const b = ipv6Bytes(text);
  return b === null ? null : formatIPv6(b);
}

/**
 * Canonical TCP state for a state name as any platform's netstat or lsof spells it:
 * Linux (include/net/tcp_states.h names, as net-tools and lsof print them), BSD/macOS
 * (sys/netinet/tcp_fsm.h tcpstates[]) and Solaris/illumos (inet/mib2.h MIB2_TCP_*, as lsof and
 * netstat print them: IDLE and BOUND are sockets with no connection, Linux's CLOSE).
 */
const TCP_STATE_NAMES: Readonly<Record<string, TcpState>> = {
  ESTABLISHED: "ESTABLISHED",
  SYN_SENT: "SYN_SENT",
  SYN_RECV: "SYN_RECV",
  SYN_RCVD: "SYN_RECV",
  SYN_RECEIVED: "SYN_RECV",
  FIN_WAIT1: "FIN_WAIT1",
  FIN_WAIT_1: "FIN_WAIT1",
  FIN_WAIT2: "FIN_WAIT2",
  FIN_WAIT_2: "FIN_WAIT2",
  TIME_WAIT: "TIME_WAIT",
  CLOSE: "CLOSE",
  CLOSED: "CLOSE",
  IDLE: "CLOSE",
  BOUND: "CLOSE",
  CLOSE_WAIT: "CLOSE_WAIT",
  LAST_ACK: "LAST_ACK",
  LISTEN: "LISTEN",
  CLOSING: "CLOSING",
  NEW_SYN_RECV: "NEW_SYN_RECV",
};

export function canonicalTcpState(name: string): TcpState | null {
  return Object.hasOwn(TCP_STATE_NAMES, name) ? (TCP_STATE_NAMES[name] ?? null) : null;
}

/** Kernel TCP state numbers (include/net/tcp_states.h): what netstat prints for a raw socket. */
const TCP_STATE_NUMBERS: readonly (TcpState | null)[] = [
  null,
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
  "NEW_SYN_RECV",
];

export const tcpStateOfNumber = (n: number): TcpState | null => TCP_STATE_NUMBERS[n] ?? null;
