// The UDP view: an empty datagram to every port of this machine's own addresses, as `nmap -sU`
// sends it. A closed port answers with ICMP port unreachable, which a connected UDP socket
// reports as ECONNREFUSED (udp(7), "ERROR HANDLING"); an open port stays silent (or answers). The
// kernel does not rate-limit ICMP errors towards the loopback device, which carries every
// datagram to a local address (net/ipv4/icmp.c icmpv4_xrlim_allow, net/ipv6/icmp.c
// icmpv6_xrlim_allow), so every closed port answers at once. Touches the network: only ever give
// it this machine's own addresses.

import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import type { OpenPort, ScanTarget } from "./scan.js";

export type UdpProbeResult = "refused" | "silent" | "answered";

export interface UdpScanOptions {
  /** Probing sockets at once; each is reconnected from port to port. */
  readonly concurrency: number;
  /** How long a probe waits for the port unreachable before the port counts as silent. */
  readonly timeoutMs: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** First pass: loopback answers in microseconds; the silent ports are probed again, slower. */
export const DEFAULT_UDP_SCAN: UdpScanOptions = { concurrency: 256, timeoutMs: 300 };
export const UDP_REPROBE: UdpScanOptions = { concurrency: 64, timeoutMs: 1000 };

export interface UdpPortResult extends OpenPort {
  readonly result: UdpProbeResult;
}

const EMPTY = Buffer.alloc(0);

/**
 * Probe every target × port once; the ports that did not answer "refused" come back (target order,
 * then port). A port one of the probing sockets itself was bound to may have received another
 * probe (silent) or traded datagrams with it (answered): those are probed again by fresh sockets.
 */
export async function udpScan(targets: readonly ScanTarget[], ports: readonly number[], opts: UdpScanOptions): Promise<UdpPortResult[]> {
  const own = new Set<number>();
  let found = await udpPass(targets, ports, opts, own);
  for (let round = 0; round < 3; round++) {
    const mixed = found.filter((f) => own.has(f.port));
    if (mixed.length === 0) break;
    own.clear();
    const again: UdpPortResult[] = [];
    for (const t of targets) {
      const list = mixed.filter((m) => m.address === t.address).map((m) => m.port);
      if (list.length > 0) again.push(...(await udpPass([t], list, { concurrency: Math.min(opts.concurrency, 8), timeoutMs: opts.timeoutMs }, own)));
    }
    const redone = new Set(mixed.map((m) => `${m.address} ${m.port}`));
    found = [...found.filter((f) => !redone.has(`${f.address} ${f.port}`)), ...again];
  }
  const order = new Map(targets.map((t, i) => [t.address, i]));
  return found.sort((a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0) || a.port - b.port);
}

async function udpPass(targets: readonly ScanTarget[], ports: readonly number[], opts: UdpScanOptions, own: Set<number>): Promise<UdpPortResult[]> {
  const total = targets.length * ports.length;
  const found: UdpPortResult[] = [];
  if (total === 0) return found;
  const savedLimit = Error.stackTraceLimit;
  // 65,535 ECONNREFUSED errors: their stack traces would be most of the scan's time
  Error.stackTraceLimit = 0;
  let next = 0;
  let done = 0;
  let lastProgress = 0;
  try {
    await new Promise<void>((finish, fail) => {
      const workers = Math.min(opts.concurrency, total);
      let alive = workers;
      for (let w = 0; w < workers; w++) {
        startWorker(
          () => {
            if (next >= total) return null;
            const i = next++;
            return { target: targets[i % targets.length] as ScanTarget, port: ports[Math.floor(i / targets.length)] as number };
          },
          opts.timeoutMs,
          (target, port, result) => {
            if (result !== "refused") found.push({ address: target.address, port, result });
            done++;
            if (opts.onProgress !== undefined && (done - lastProgress >= 4096 || done === total)) {
              lastProgress = done;
              opts.onProgress(done, total);
            }
          },
          own,
          (err) => {
            if (err !== null) fail(err);
            else if (--alive === 0) finish();
          },
        );
      }
    });
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  return found;
}

interface Job {
  readonly target: ScanTarget;
  readonly port: number;
}

/**
 * One probing socket per family, reconnected to each job's port in turn: bind once, then
 * connect → send → wait for the error, the answer or the timeout → disconnect.
 */
function startWorker(
  take: () => Job | null,
  timeoutMs: number,
  onResult: (t: ScanTarget, port: number, r: UdpProbeResult) => void,
  own: Set<number>,
  onEnd: (err: Error | null) => void,
): void {
  const sockets = new Map<4 | 6, Socket>();
  let job: Job | null = null;
  // an error or datagram counts only once the probe is sent: one arriving while the socket is
  // being reconnected belongs to the port before
  let sent = false;
  let timer: NodeJS.Timeout | null = null;
  const retries = new WeakMap<Job, number>();
  const settle = (r: UdpProbeResult): void => {
    if (job === null) return;
    const j = job;
    job = null;
    sent = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    onResult(j.target, j.port, r);
    go();
  };
  const socketFor = (family: 4 | 6): Socket => {
    const have = sockets.get(family);
    if (have !== undefined) return have;
    const s = createSocket(family === 4 ? "udp4" : "udp6");
    s.on("error", (err: NodeJS.ErrnoException) => {
      if (job === null) return;
      // ECONNREFUSED: the ICMP port unreachable of the port this socket is connected to
      if (sent) settle(err.code === "ECONNREFUSED" ? "refused" : "silent");
      else if (err.code !== "ECONNREFUSED") {
        // connect(2) failed: no free ephemeral port for its autobind (EAGAIN, a small
        // ip_local_port_range), no route: a fresh socket tries again a little later, a few times
        s.removeAllListeners();
        s.on("error", () => undefined);
        s.close();
        if (sockets.get(family) === s) sockets.delete(family);
        const j = job;
        if (j !== null && (retries.get(j) ?? 0) < 20) {
          retries.set(j, (retries.get(j) ?? 0) + 1);
          setTimeout(() => job === j && probe(j, 0), 10);
        } else settle("refused");
      }
    });
    s.on("message", (_msg, rinfo) => {
      if (job !== null && sent && rinfo.port === job.port) settle("answered");
    });
    sockets.set(family, s);
    // not bound here: connect(2) binds an ephemeral port, and disconnecting gives it back
    // (net/ipv4/udp.c __udp_disconnect), so the port changes from probe to probe
    return s;
  };
  const probe = (j: Job, attempt: number): void => {
    let s = socketFor(j.target.family);
    try {
      s.disconnect();
    } catch {
      // not connected (yet, or any more)
    }
    const host = j.target.scope === undefined ? j.target.address : `${j.target.address}%${j.target.scope}`;
    const connected = (): void => {
      if (job !== j) return;
      const local = s.address().port;
      // an IPv6 socket on "::" takes IPv4 datagrams too (ipv6(7)): ports are kept without family
      own.add(local);
      // connected to its own port, it would receive its own datagram: take another port
      if (local === j.port && attempt < 5) return probe(j, attempt + 1);
      sent = true;
      // the timeout settles after the next poll phase (setImmediate): an unreachable that has
      // arrived while the event loop was busy is read first
      timer = setTimeout(() => setImmediate(() => job === j && settle("silent")), timeoutMs);
      s.send(EMPTY, (err) => {
        if (err !== null && err !== undefined && job === j) settle((err as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "refused" : "silent");
      });
    };
    try {
      s.connect(j.port, host, connected);
    } catch {
      // still connecting from an earlier probe: start over with a fresh socket
      s.removeAllListeners("error");
      s.on("error", () => undefined);
      s.close();
      sockets.delete(j.target.family);
      s = socketFor(j.target.family);
      s.connect(j.port, host, connected);
    }
  };
  const go = (): void => {
    const j = take();
    if (j === null) {
      for (const s of sockets.values()) s.close();
      onEnd(null);
      return;
    }
    job = j;
    probe(j, 0);
  };
  go();
}

/** Probe each port again `times` times (slower, one at a time per socket); keep those never refused. */
export async function udpReprobe(targets: readonly ScanTarget[], candidates: readonly OpenPort[], times: number, opts: UdpScanOptions): Promise<UdpPortResult[]> {
  let still: UdpPortResult[] = candidates.map((c) => ({ ...c, result: "silent" }));
  for (let k = 0; k < times && still.length > 0; k++) {
    const next: UdpPortResult[] = [];
    const byAddress = new Map<string, number[]>();
    for (const c of still) byAddress.set(c.address, [...(byAddress.get(c.address) ?? []), c.port]);
    for (const [address, ports] of byAddress) {
      const target = targets.find((t) => t.address === address);
      if (target !== undefined) next.push(...(await udpScan([target], ports, opts)));
    }
    still = next;
  }
  return still;
}
