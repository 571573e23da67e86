// The network view: a TCP connect scan of the machine's own addresses, as `nmap -sT` does it
// (connect(2), open when the handshake completes, closed on RST, filtered on timeout). Touches the
// network: only ever give it this machine's own addresses.

import { Socket } from "node:net";

/** One address to scan. `scope` is the IPv6 zone a link-local address needs ("eth0"). */
export interface ScanTarget {
  readonly address: string;
  readonly family: 4 | 6;
  readonly scope?: string;
}

export interface OpenPort {
  readonly address: string;
  readonly port: number;
}

export interface ScanOptions {
  /** Connects in flight at once (bounded: each takes a descriptor and an ephemeral port). */
  readonly concurrency: number;
  /** A connect that has neither completed nor been refused after this long counts as filtered. */
  readonly timeoutMs: number;
  /** Called now and then with how many probes are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SCAN: ScanOptions = { concurrency: 512, timeoutMs: 1000 };

/** What one connect found. */
type ProbeResult = "open" | "closed" | "filtered";

/**
 * Scan every target × port; the open ones come back sorted by target order, then port. Ports are
 * interleaved across targets so that no single address takes the whole concurrency bound.
 */
export async function connectScan(targets: readonly ScanTarget[], ports: readonly number[], opts: ScanOptions): Promise<OpenPort[]> {
  const total = targets.length * ports.length;
  const open: OpenPort[] = [];
  if (total === 0) return open;
  // a refused connect builds an Error with a stack trace: 65,535 of them are a third of the scan's CPU
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    let next = 0;
    let done = 0;
    let lastProgress = 0;
    const inFlight = new Set<Probe>();
    // one sweep for the timeouts instead of a timer per socket
    const sweep = setInterval(
      () => {
        const now = performance.now();
        for (const p of inFlight) if (now - p.started >= opts.timeoutMs) p.expire();
      },
      Math.max(10, Math.min(250, opts.timeoutMs / 4)),
    );
    await new Promise<void>((finish) => {
      const launch = (): void => {
        while (inFlight.size < opts.concurrency && next < total) {
          const i = next++;
          const target = targets[i % targets.length] as ScanTarget;
          const port = ports[Math.floor(i / targets.length)] as number;
          const probe = startProbe(target, port, (result) => {
            inFlight.delete(probe);
            if (result === "open") open.push({ address: target.address, port });
            done++;
            if (opts.onProgress !== undefined && (done - lastProgress >= 4096 || done === total)) {
              lastProgress = done;
              opts.onProgress(done, total);
            }
            if (done === total) finish();
            else launch();
          });
          inFlight.add(probe);
        }
      };
      launch();
    }).finally(() => clearInterval(sweep));
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  const order = new Map(targets.map((t, i) => [t.address, i]));
  return open.sort((a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0) || a.port - b.port);
}

interface Probe {
  readonly started: number;
  expire(): void;
}

function startProbe(target: ScanTarget, port: number, onDone: (r: ProbeResult) => void): Probe {
  const s = new Socket();
  let settled = false;
  const settle = (r: ProbeResult): void => {
    if (settled) return;
    settled = true;
    s.destroy();
    onDone(r);
  };
  s.once("connect", () => {
    // TCP simultaneous open: a connect from ephemeral port P to port P of the same address meets
    // itself and "succeeds" with no listener (RFC 793 3.4); nmap never counts it, nor do we
    settle(s.localPort === port && s.localAddress === s.remoteAddress ? "closed" : "open");
  });
  s.once("error", () => settle("closed"));
  const host = target.scope === undefined ? target.address : `${target.address}%${target.scope}`;
  s.connect({ host, port, family: target.family });
  return { started: performance.now(), expire: () => settle("filtered") };
}

/**
 * Probe each candidate again `times` times; keep those open every time. A port that opened once is
 * re-checked before it is reported: a socket may have closed between the table read and the scan.
 */
export async function reprobe(
  targets: readonly ScanTarget[],
  candidates: readonly OpenPort[],
  times: number,
  opts: ScanOptions,
): Promise<OpenPort[]> {
  let still = [...candidates];
  for (let k = 0; k < times && still.length > 0; k++) {
    const byAddress = new Map<string, number[]>();
    for (const c of still) byAddress.set(c.address, [...(byAddress.get(c.address) ?? []), c.port]);
    const next: OpenPort[] = [];
    for (const [address, ports] of byAddress) {
      const target = targets.find((t) => t.address === address);
      if (target === undefined) continue;
      next.push(...(await connectScan([target], ports, opts)));
    }
    still = next;
  }
  return still;
}
