// --probe-bind: unhide-tcp's check. Try to bind each port of this machine's own scanned addresses,
// and of each family's wildcard (0.0.0.0, and "::" IPv6-only), which collides with a socket on any
// address of the family, scanned or not; a port that cannot be bound (EADDRINUSE) is held by some
// socket, whether or not the table lists it. A port that can be bound is released at once.
// Touches the network stack (binds, never sends): only ever give it this machine's own addresses.

import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { WILDCARD } from "./bind-explain.js";
import type { ScanTarget } from "./scan.js";

export interface BindResult {
  /** Ports that could not be bound because something holds them (EADDRINUSE, bind(2)). */
  readonly inUse: readonly { readonly address: string; readonly port: number }[];
  /** Probes that failed otherwise (EACCES below the unprivileged port start when not root...), by error code. */
  readonly failed: ReadonlyMap<string, number>;
}

/** Binds in flight at once: each holds a descriptor for a moment. */
const CONCURRENCY = 128;

const host = (t: ScanTarget): string => (t.scope === undefined ? t.address : `${t.address}%${t.scope}`);

/**
 * TCP: Node binds and listens in one call (libuv sets SO_REUSEADDR, so only a listener, or a
 * socket bound without SO_REUSEADDR, makes the port busy: net/ipv4/inet_connection_sock.c
 * inet_csk_bind_conflict); backlog 0 and closed as soon as it is listening. UDP: a plain bind
 * without SO_REUSEADDR, which any UDP socket on the port refuses (net/ipv4/udp.c udp_lib_lport_inuse).
 */
function bindOnce(proto: "tcp" | "udp", t: ScanTarget, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    if (proto === "tcp") {
      const server = createServer();
      server.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
      server.listen({ host: host(t), port, exclusive: true, backlog: 0, ipv6Only: t.family === 6 }, () => server.close(() => resolve(null)));
    } else {
      const socket = createSocket({ type: t.family === 4 ? "udp4" : "udp6", ipv6Only: t.family === 6 });
      socket.once("error", (err: NodeJS.ErrnoException) => {
        socket.close();
        resolve(err.code ?? "error");
      });
      socket.bind({ address: host(t), port, exclusive: true }, () => socket.close(() => resolve(null)));
    }
  });
}

/** Try every port of every target once; `onProgress` now and then with done/total. */
export async function probeBind(
  proto: "tcp" | "udp",
  pairs: readonly { readonly target: ScanTarget; readonly port: number }[],
  onProgress?: (done: number, total: number) => void,
): Promise<BindResult> {
  const inUse: { address: string; port: number }[] = [];
  const failed = new Map<string, number>();
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < pairs.length) {
      const p = pairs[next++] as (typeof pairs)[number];
      const code = await bindOnce(proto, p.target, p.port);
      if (code === "EADDRINUSE") inUse.push({ address: p.target.address, port: p.port });
      else if (code !== null) failed.set(code, (failed.get(code) ?? 0) + 1);
      if (++done % 4096 === 0) onProgress?.(done, pairs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pairs.length) }, worker));
  const order = new Map(pairs.map((p, i) => [`${p.target.address} ${p.port}`, i]));
  inUse.sort((a, b) => (order.get(`${a.address} ${a.port}`) ?? 0) - (order.get(`${b.address} ${b.port}`) ?? 0));
  return { inUse, failed };
}

/** Every port of every target, in order. */
export const allPairs = (targets: readonly ScanTarget[], ports: readonly number[]): { target: ScanTarget; port: number }[] =>
  targets.flatMap((target) => ports.map((port) => ({ target, port })));

/** The wildcard of each family `targets` has (IPv4 first): binding it tries the port on every address of the family. */
export const wildcardTargets = (targets: readonly ScanTarget[]): ScanTarget[] =>
  ([4, 6] as const).filter((family) => targets.some((t) => t.family === family)).map((family) => ({ address: WILDCARD[family], family }));

/**
 * The specific addresses' pairs worth binding after the wildcard pass: the ports in use at their
 * family's wildcard. A bind of one address collides with nothing that a bind of its family's
 * wildcard does not collide with too (a wildcard overlaps every address of its family:
 * net/ipv4/inet_connection_sock.c inet_rcv_saddr_equal; experiment, Linux 6.18), so a port the
 * wildcard bound is free at every address of the family; one the wildcard could not try
 * (EACCES: the same rule refuses every address, inet_bind's check of the unprivileged port
 * start) is not tried there either, and is counted once.
 */
export function specificPairs(
  targets: readonly ScanTarget[],
  ports: readonly number[],
  wildcardInUse: readonly { readonly address: string; readonly port: number }[],
): { target: ScanTarget; port: number }[] {
  const busy = new Set(wildcardInUse.map((b) => `${b.address} ${b.port}`));
  return targets.flatMap((target) => ports.filter((port) => busy.has(`${WILDCARD[target.family]} ${port}`)).map((port) => ({ target, port })));
}
