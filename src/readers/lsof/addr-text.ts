// Numeric addresses as tools print them (lsof NAME, net-tools netstat columns) → the model's
// spelling (src/model.ts address contract, via src/addr.ts). Pure. Also the TCP state names of every platform's
// tools mapped to the canonical (Linux) names.

import type { TcpState } from "../../model.js";
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
