// Who started each connection. Pure.
//
// The end that accepted is the one whose local address:port a listener covers. When no listener
// covers it (the server closed its listening socket, or it is another host's connection seen
// through a copied /proc), the kernel's ephemeral range decides: connect(2) without bind(2) takes
// its local port from net.ipv4.ip_local_port_range (Documentation/networking/ip-sysctl.rst), so a
// local port inside that range and a remote one outside it is ours, and the other way round is the
// peer's. The old "a port above 1024 is a client's" rule is wrong whenever the range is not
// 1024-65535 (Linux's default is 32768-60999).

import type { InetSocket } from "../model.js";
import { matchesListener } from "./sockets.js";
import type { Direction, PortRange } from "./types.js";

const inRange = (port: number, r: PortRange): boolean => port >= r.low && port <= r.high;

export function direction(conn: InetSocket, listeners: readonly InetSocket[], ephemeral: PortRange | null): Direction {
  if (matchesListener(conn, listeners)) return "inbound";
  const local = conn.local.port;
  const remote = conn.remote.port;
  if (local === null || remote === null) return "unknown";
  // no listener covers our end: a client's end, unless the range says otherwise
  if (ephemeral === null) return "outbound";
  const localEphemeral = inRange(local, ephemeral);
  const remoteEphemeral = inRange(remote, ephemeral);
  if (localEphemeral) return "outbound";
  if (remoteEphemeral) return "inbound";
  // neither end from the range: both ports were chosen by bind(2)
  return "unknown";
}

/**
 * The text of /proc/sys/net/ipv4/ip_local_port_range: two numbers separated by white space
 * (proc_dointvec_minmax output, tab-separated). Null when it is not that.
 */
export function parsePortRange(text: string): PortRange | null {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (m === null) return null;
  const low = Number(m[1]);
  const high = Number(m[2]);
  return low >= 1 && high <= 65535 && low <= high ? { low, high } : null;
}
