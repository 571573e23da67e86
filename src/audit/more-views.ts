// The audit's views beyond the local TCP connect scan, gathered: a scan file given with
// --scan-input (read and mapped to this host), and the UDP scan of this host's own addresses with
// its re-read and re-probes. Touches the file system and the network (own addresses only).

import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { InetSocket } from "../model.js";
import { formatDiagnostic } from "../model.js";
import { parseNmap } from "./nmap-input.js";
import { explainInUse, isWildcardAddress } from "./bind-explain.js";
import { allPairs, probeBind, specificPairs, wildcardTargets } from "./probe-bind.js";
import type { OpenPort, ScanTarget } from "./scan.js";
import type { PortRange } from "./types.js";
import { isUdpListener, reaches } from "./sockets.js";
import { DEFAULT_UDP_SCAN, UDP_REPROBE, udpReprobe, udpScan } from "./udp-scan.js";
import type { NetworkView } from "./views.js";
import { fileViews } from "./views.js";

/** The default targets, and every other 127.x address a bound UDP socket uses (a stub resolver's 127.0.0.53). */
export function udpTargets(targets: readonly ScanTarget[], sockets: readonly InetSocket[]): ScanTarget[] {
  const out = [...targets];
  for (const s of sockets) {
    const a = s.local.address;
    if (isUdpListener(s) && a.startsWith("127.") && isIP(a) === 4 && !out.some((t) => t.address === a)) out.push({ address: a, family: 4 });
  }
  return out;
}

/** Times a silent UDP port no bound socket covers is probed again (each waits a second). */
const UDP_REPROBES = 2;

/** --scan-input FILE as views, or the one line that refuses it (unreadable, not nmap output, another host). */
export function loadScanInput(file: string, isOwn: (address: string) => boolean): NetworkView[] | string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return `--scan-input ${file}: cannot be read (${(err as { code?: string }).code ?? (err as Error).message})`;
  }
  const scan = parseNmap(text, file);
  if ("message" in scan) return `--scan-input ${formatDiagnostic(scan).replace(/^tsnetstat: /, "")}`;
  const views = fileViews(scan, file, isOwn);
  return typeof views === "string" ? `--scan-input ${views}` : views;
}

/**
 * The UDP view of `targets`: every port probed once; a silent port no bound socket covers is
 * re-read in the table and probed again before it stays; a bound port that answered "refused" is
 * probed again too (the socket may have just opened).
 */
export async function udpView(
  targets: readonly ScanTarget[],
  ports: readonly number[],
  sockets: readonly InetSocket[],
  reread: () => Promise<{ readonly sockets: InetSocket[] }>,
  ephemeral: PortRange | null,
  onProgress?: (done: number, total: number) => void,
): Promise<{ view: NetworkView; reread: InetSocket[] | null }> {
  const started = performance.now();
  // each probing socket holds an ephemeral port (connect(2) autobinds, udp(7)); two per worker
  // (IPv4 and IPv6) must leave the rest of the host free ones
  const budget = ephemeral === null ? DEFAULT_UDP_SCAN.concurrency : Math.max(2, Math.floor((ephemeral.high - ephemeral.low + 1) / 8));
  const first = { ...DEFAULT_UDP_SCAN, concurrency: Math.min(DEFAULT_UDP_SCAN.concurrency, budget) };
  const found = await udpScan(targets, ports, onProgress === undefined ? first : { ...first, onProgress });
  const coveredBy = (list: readonly InetSocket[]) => (address: string, port: number) => list.some((s) => isUdpListener(s) && reaches(s, address, port));
  const firstCover = coveredBy(sockets);
  const open = new Set(found.map((f) => `${f.address} ${f.port}`));
  const suspects = found.filter((f) => !firstCover(f.address, f.port));
  const wanted = new Set(ports);
  const refusedBound = targets.flatMap((t) =>
    sockets
      .filter((s) => isUdpListener(s) && s.local.port !== null && wanted.has(s.local.port) && reaches(s, t.address, s.local.port))
      .map((s) => ({ address: t.address, port: s.local.port as number }))
      .filter((p) => !open.has(`${p.address} ${p.port}`)),
  );
  let again: InetSocket[] | null = null;
  let keep = found.filter((f) => firstCover(f.address, f.port));
  if (suspects.length > 0) {
    again = (await reread()).sockets;
    const second = coveredBy(again);
    keep = keep.concat(suspects.filter((s) => second(s.address, s.port)));
    keep = keep.concat(await udpReprobe(targets, suspects.filter((s) => !second(s.address, s.port)), UDP_REPROBES, { ...UDP_REPROBE, concurrency: Math.min(UDP_REPROBE.concurrency, budget) }));
  }
  const unique = [...new Map(refusedBound.map((p) => [`${p.address} ${p.port}`, p])).values()];
  if (unique.length > 0) keep = keep.concat(await udpReprobe(targets, unique, 1, { ...UDP_REPROBE, concurrency: Math.min(UDP_REPROBE.concurrency, budget) }));
  const order = new Map(targets.map((t, i) => [t.address, i]));
  const openPorts = [...new Map(keep.map((k) => [`${k.address} ${k.port}`, { address: k.address, port: k.port }])).values()].sort(
    (a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0) || a.port - b.port,
  );
  return {
    view: { name: "the local UDP scan", origin: "local", proto: "udp", addresses: targets.map((t) => t.address), ports, open: openPorts, seconds: (performance.now() - started) / 1000 },
    reread: again,
  };
}

/**
 * --probe-bind's view of one protocol (unhide-tcp's check): every port of each family's wildcard
 * (0.0.0.0, "::" IPv6-only) bound once, which collides with a socket on any address of the family;
 * then each port of `targets` that its family's wildcard could not bind (after the first pass: a
 * bind of an address would collide with the probe's own wildcard bind of the same port). A port
 * that is in use and that no socket of the table holds (any state: a connection's local port also
 * makes a bind fail; at a wildcard, on any address of the family) is re-read in the table and
 * bound again before it stays. `open` lists the in-use ports a listener covers and those no
 * socket explains.
 */
export async function bindView(
  proto: "tcp" | "udp",
  targets: readonly ScanTarget[],
  ports: readonly number[],
  sockets: readonly InetSocket[],
  reread: () => Promise<{ readonly sockets: InetSocket[] }>,
  onProgress?: (done: number, total: number) => void,
): Promise<{ view: NetworkView; reread: InetSocket[] | null; failed: ReadonlyMap<string, number> }> {
  const started = performance.now();
  const wildcards = wildcardTargets(targets);
  const wide = await probeBind(proto, allPairs(wildcards, ports), onProgress);
  // a port the wildcard bound is free at every address of its family: only the others are tried there
  const specific = specificPairs(targets, ports, wide.inUse);
  const done = wildcards.length * ports.length;
  const narrow = await probeBind(proto, specific, onProgress === undefined ? undefined : (n, total) => onProgress(done + n, done + total));
  const inUse = [...narrow.inUse, ...wide.inUse];
  const failed = new Map(wide.failed);
  for (const [code, n] of narrow.failed) failed.set(code, (failed.get(code) ?? 0) + n);
  const explained = (list: readonly InetSocket[], p: OpenPort): "listener" | "other" | null => explainInUse(list, proto, p.address, p.port);
  let keep = inUse.filter((p) => explained(sockets, p) === "listener");
  const suspects = inUse.filter((p) => explained(sockets, p) === null);
  let again: InetSocket[] | null = null;
  if (suspects.length > 0) {
    again = (await reread()).sockets;
    const now = again;
    keep = keep.concat(suspects.filter((p) => explained(now, p) === "listener"));
    const still = suspects.filter((p) => explained(now, p) === null);
    const byAddress = new Map([...targets, ...wildcards].map((t) => [t.address, t]));
    const pairsOf = (list: readonly OpenPort[]): { target: ScanTarget; port: number }[] =>
      list.flatMap((p) => {
        const target = byAddress.get(p.address);
        return target === undefined ? [] : [{ target, port: p.port }];
      });
    // the specific addresses again, then the wildcards: never the same port twice at once
    for (const part of [still.filter((p) => !isWildcardAddress(p.address)), still.filter((p) => isWildcardAddress(p.address))]) {
      if (part.length > 0) keep = keep.concat((await probeBind(proto, pairsOf(part))).inUse);
    }
  }
  const addresses = [...targets, ...wildcards].map((t) => t.address);
  const order = new Map(addresses.map((a, i) => [a, i]));
  keep.sort((a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0) || a.port - b.port);
  return {
    view: {
      name: `the ${proto.toUpperCase()} bind probe`,
      origin: "local",
      method: "bind",
      proto,
      addresses,
      ports,
      open: keep.map((p) => ({ address: p.address, port: p.port })),
      seconds: (performance.now() - started) / 1000,
    },
    reread: again,
    failed,
  };
}
