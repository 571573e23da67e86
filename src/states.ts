// TCP state names and numbers of every platform, mapped to the model's canonical (Linux) names.
// Pure data and lookups; the one table every reader, the filters and the tests use.

import type { TcpState } from "./model.js";

/** Kernel TCP states by number (Linux include/net/tcp_states.h; 0 is unused): /proc/net `st`, netstat's raw column. */
const BY_NUMBER: readonly (TcpState | null)[] = [
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

/** The canonical name of a Linux kernel TCP state number, or null when it has none. */
export const tcpStateOfNumber = (n: number): TcpState | null => BY_NUMBER[n] ?? null;

/** Every canonical TCP state, in the kernel's order. */
export const ALL_TCP_STATES: readonly TcpState[] = BY_NUMBER.filter((s): s is TcpState => s !== null);

/** BSD tcpstates[] (netinet/tcp_fsm.h of FreeBSD, macOS, OpenBSD, NetBSD) mapped to the Linux names. */
export const BSD_TCP_STATES: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ["CLOSED", "CLOSE"],
  ["LISTEN", "LISTEN"],
  ["SYN_SENT", "SYN_SENT"],
  ["SYN_RCVD", "SYN_RECV"],
  ["ESTABLISHED", "ESTABLISHED"],
  ["CLOSE_WAIT", "CLOSE_WAIT"],
  ["FIN_WAIT_1", "FIN_WAIT1"],
  ["CLOSING", "CLOSING"],
  ["LAST_ACK", "LAST_ACK"],
  ["FIN_WAIT_2", "FIN_WAIT2"],
  ["TIME_WAIT", "TIME_WAIT"],
]);

/** NetBSD inet.c/inet6.c with -A -n ("compact") print 6-letter abbreviations (tcp_fsm.h tcpstates compact table). */
export const NETBSD_COMPACT_STATES: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ["CLOSED", "CLOSE"],
  ["LISTEN", "LISTEN"],
  ["SYNSEN", "SYN_SENT"],
  ["SYSRCV", "SYN_RECV"],
  ["ESTABL", "ESTABLISHED"],
  ["CLWAIT", "CLOSE_WAIT"],
  ["FWAIT1", "FIN_WAIT1"],
  ["CLOSNG", "CLOSING"],
  ["LASTAK", "LAST_ACK"],
  ["FWAIT2", "FIN_WAIT2"],
  ["TMWAIT", "TIME_WAIT"],
]);

/**
 * illumos netstat.c mitcp_state() (inet/mib2.h MIB2_TCP_*): the BSD names plus IDLE (socket not bound)
 * and BOUND (bound, neither listening nor connected); both are a closed TCP endpoint, Linux's CLOSE.
 */
export const SOLARIS_TCP_STATES: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ...BSD_TCP_STATES,
  ["IDLE", "CLOSE"],
  ["BOUND", "CLOSE"],
]);

/** illumos netstat.c miudp_state(): Unbound, Idle (bound), Connected; Linux says CLOSE / ESTABLISHED. */
export const SOLARIS_UDP_STATES: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ["Unbound", "CLOSE"],
  ["Idle", "CLOSE"],
  ["Connected", "ESTABLISHED"],
]);

/**
 * Every TCP state name lsof or net-tools netstat print on any platform: Linux's own names
 * (include/net/tcp_states.h, as net-tools and lsof print them), the BSD and Solaris ones above, and
 * SYN_RECEIVED (lsof's dialects spell the BSD TCPS_SYN_RECEIVED constant so).
 */
const ANY_TCP_STATE: ReadonlyMap<string, TcpState> = new Map<string, TcpState>([
  ...ALL_TCP_STATES.map((s): [string, TcpState] => [s, s]),
  ...SOLARIS_TCP_STATES,
  ["SYN_RECEIVED", "SYN_RECV"],
]);

/** The canonical TCP state of a state name as any platform's netstat or lsof spells it; null when unknown. */
export const canonicalTcpState = (name: string): TcpState | null => ANY_TCP_STATE.get(name) ?? null;
