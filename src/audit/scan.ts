// The network view: a TCP connect scan of the machine's own addresses, as `nmap -sT` does it
// (connect(2), open when the handshake completes, closed on RST, filtered on timeout). Touches the
// network: only ever give it this machine's own addresses.
//
// A connect to a closed port of a local address is answered inside the connect(2) call itself
// (the RST comes back through the loopback in the same system call), so a scan of 65,535 ports is
// bound by CPU, not by waiting: the probes are shared among worker threads, one per core (at most
// MAX_WORKERS), each with its own share of the concurrency bound.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

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
  /**
   * Connects being answered at once, over all threads. A local address answers within the
   * connect(2) call, so this is CPU work: few at a time is cheapest (measured: 64 costs a fifth
   * less CPU than 512). Probes left unanswered for a while (a firewall dropping them) stop
   * counting against it, up to `maxInFlight`.
   */
  readonly concurrency: number;
  /** Hard bound on connects in flight, over all threads (each takes a descriptor and an ephemeral port). */
  readonly maxInFlight: number;
  /** A connect that has neither completed nor been refused after this long counts as filtered. */
  readonly timeoutMs: number;
  /** Threads to share the probes among; default one per core, at most MAX_WORKERS. */
  readonly workers?: number;
  /** Called now and then with how many probes are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SCAN: ScanOptions = { concurrency: 64, maxInFlight: 2048, timeoutMs: 1000 };

/** A probe not answered after this long is waiting on the network, not using CPU. */
const SLOW_MS = 20;

export const MAX_WORKERS = 4;

/** What a worker is given. */
interface Job {
  readonly targets: readonly ScanTarget[];
  readonly ports: readonly number[];
  readonly concurrency: number;
  readonly maxInFlight: number;
  readonly slowMs: number;
  readonly timeoutMs: number;
}

/** What a worker says: progress now and then, and at the end the open ports as [target index, port]. */
type WorkerMessage = { readonly done: number } | { readonly open: readonly (readonly [number, number])[] };

/**
 * The probe loop of one worker thread, as the source text the thread runs (plain JavaScript: a
 * function's own text would carry whatever helpers a bundler or test transform wrapped it in).
 * workerData is a Job; it posts {done} now and then and {open: [[target index, port], ...]} last.
 */
const PROBE_SOURCE = String.raw`
"use strict";
const net = require("node:net");
const { parentPort, workerData: job } = require("node:worker_threads");
// a refused connect builds an Error; its stack trace would be a third of the scan's CPU
Error.stackTraceLimit = 0;
const total = job.targets.length * job.ports.length;
const open = [];
const inFlight = new Set();
let next = 0;
let done = 0;
// probes waiting on the network (unanswered for slowMs) do not count against the concurrency
let waiting = 0;
const sweep = setInterval(() => {
  const now = performance.now();
  waiting = 0;
  for (const p of inFlight) {
    if (now - p.started >= job.timeoutMs) p.settle(false);
    else if (now - p.started >= job.slowMs) waiting++;
  }
  launch();
}, job.slowMs);
function finish() {
  clearInterval(sweep);
  parentPort.postMessage({ open });
}
function launch() {
  while (inFlight.size - waiting < job.concurrency && inFlight.size < job.maxInFlight && next < total) {
    const i = next++;
    const ti = i % job.targets.length;
    const target = job.targets[ti];
    const port = job.ports[Math.floor(i / job.targets.length)];
    const s = new net.Socket();
    let settled = false;
    const probe = { started: performance.now(), settle };
    function settle(isOpen) {
      if (settled) return;
      settled = true;
      s.destroy();
      if (inFlight.delete(probe) && performance.now() - probe.started >= job.slowMs && waiting > 0) waiting--;
      if (isOpen) open.push([ti, port]);
      done++;
      if ((done & 4095) === 0) parentPort.postMessage({ done });
      if (done === total) finish();
      else launch();
    }
    // TCP simultaneous open: a connect from ephemeral port P to port P of the same address meets
    // itself and "succeeds" with no listener (RFC 793 3.4); nmap never counts it, nor do we
    s.once("connect", () => settle(!(s.localPort === port && s.localAddress === s.remoteAddress)));
    s.once("error", () => settle(false));
    inFlight.add(probe);
    s.connect({ host: target.scope === undefined ? target.address : target.address + "%" + target.scope, port, family: target.family });
  }
}
if (total === 0) finish();
else launch();
`;

/**
 * Scan every target x port; the open ones come back sorted by target order, then port. Each
 * worker takes every n-th port, so each sees the whole range and they finish together.
 */
export async function connectScan(targets: readonly ScanTarget[], ports: readonly number[], opts: ScanOptions): Promise<OpenPort[]> {
  const total = targets.length * ports.length;
  if (total === 0) return [];
  const n = Math.max(1, Math.min(opts.workers ?? Math.min(availableParallelism(), MAX_WORKERS), ports.length));
  const shares = Array.from({ length: n }, (_, k) => ports.filter((_, i) => i % n === k));
  const progress = new Array<number>(n).fill(0);
  const results = await Promise.all(
    shares.map(
      (share, k) =>
        new Promise<readonly (readonly [number, number])[]>((resolve, reject) => {
          const job: Job = {
            targets,
            ports: share,
            concurrency: Math.max(1, Math.ceil(opts.concurrency / n)),
            maxInFlight: Math.max(1, Math.ceil(opts.maxInFlight / n)),
            slowMs: SLOW_MS,
            timeoutMs: opts.timeoutMs,
          };
          const w = new Worker(PROBE_SOURCE, { eval: true, workerData: job });
          w.on("message", (m: WorkerMessage) => {
            if ("open" in m) {
              resolve(m.open);
              void w.terminate();
              return;
            }
            progress[k] = m.done;
            opts.onProgress?.(progress.reduce((a, b) => a + b, 0), total);
          });
          w.once("error", reject);
          w.once("exit", (code) => reject(new Error(`scan thread exited (${code})`)));
        }),
    ),
  );
  opts.onProgress?.(total, total);
  const open = results.flat().map(([ti, port]) => ({ ti, port }));
  open.sort((a, b) => a.ti - b.ti || a.port - b.port);
  return open.map(({ ti, port }) => ({ address: (targets[ti] as ScanTarget).address, port }));
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
    const next: OpenPort[] = [];
    for (const target of targets) {
      const ports = still.filter((c) => c.address === target.address).map((c) => c.port);
      if (ports.length > 0) next.push(...(await connectScan([target], ports, { ...opts, workers: 1 })));
    }
    still = next;
  }
  return still;
}
