// The audit's network views beyond the local TCP connect scan: the local UDP scan and scans read
// with --scan-input (nmap run from a trusted host). Each view says what it probed and what took the
// probe; the judgement here turns them into hidden-listener and unreachable-listener findings
// that name the views that saw (or did not see) each port, merged with the findings the local
// connect scan already gave (findings.ts). Pure.

import type { InetFamily, InetSocket } from "../model.js";
import type { NmapScan, ScanProto } from "./nmap-input.js";
import { seenOpen } from "./nmap-input.js";
import type { OpenPort } from "./scan.js";
import { isWildcardAddress, listenerCovers, shadowedWildcard, wildcardFamily } from "./bind-explain.js";
import { isTcpListener, isUdpListener, reaches } from "./sockets.js";
import type { Finding, FindingProto } from "./types.js";

export interface NetworkView {
  /** How findings and the report name it: "the local UDP scan", "nmap's connect scan in FILE". */
  readonly name: string;
  readonly origin: "local" | "file";
  /**
   * "scan" (the default): a probe answered; "bind" (--probe-bind): the port could not be bound
   * here, so a socket holds it; ports explained by a socket of the table that is not a listener
   * (a connection's local port) are already left out of `open`. Its `addresses` end with the
   * wildcards it bound (0.0.0.0, "::" IPv6-only): a port in use there is held on some address of
   * that family, and a listener on any address of the family accounts for it.
   */
  readonly method?: "scan" | "bind";
  readonly proto: ScanProto;
  readonly addresses: readonly string[];
  /** The ports probed on each address; null when the source does not say (nmap's top ports). */
  readonly ports: readonly number[] | null;
  /** TCP: accepted a connection. UDP: did not answer "port unreachable" (silent, or answered). */
  readonly open: readonly OpenPort[];
  readonly seconds: number | null;
}

/**
 * The views a scan file gives (one per protocol it scanned), when every host it scanned is this
 * host; otherwise the one line that refuses it.
 */
export function fileViews(scan: NmapScan, file: string, isOwn: (address: string) => boolean): NetworkView[] | string {
  if (scan.hosts.length === 0) return `${file}: the scan lists no host`;
  for (const h of scan.hosts) {
    if (!isOwn(h.address)) {
      return `${file}: a scan of ${h.address}, which is not an address of this host`;
    }
    if (h.status !== null && h.status !== "up") return `${file}: nmap found ${h.address} ${h.status}: the scan saw none of its ports`;
  }
  const views: NetworkView[] = [];
  for (const [proto, ports] of scan.scanned) {
    const type = scan.types.get(proto) ?? proto;
    views.push({
      name: `nmap's ${type === "udp" ? "UDP" : `TCP ${type}`} scan in ${file}`,
      origin: "file",
      proto,
      addresses: scan.hosts.map((h) => h.address),
      ports,
      open: scan.hosts.flatMap((h) => h.ports.filter((p) => p.proto === proto && seenOpen(p)).map((p) => ({ address: h.address, port: p.port }))),
      seconds: null,
    });
  }
  return views;
}

const endpoint = (address: string, port: number): string => `${address.includes(":") ? `[${address}]` : address}:${port}`;
const key = (proto: string, address: string, port: number): string => `${proto} ${address} ${port}`;
const probed = (v: NetworkView, address: string, port: number): boolean => v.addresses.includes(address) && (v.ports === null ? v.open.some((o) => o.port === port) : v.ports.includes(port));
const list = (names: readonly string[]): string => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1) as string}`);

/** What a port the wildcard bind (0.0.0.0 or "::") could not bind, and nothing in the table explains, says. */
export function wildcardSeen(proto: ScanProto, wildcard: string, port: number, views: string): string {
  const family = wildcardFamily(wildcard);
  const p = proto.toUpperCase();
  return `Binding the wildcard ${endpoint(wildcard, port)} fails (EADDRINUSE): a ${p} socket holds port ${port} on some ${family} address (a bind cannot tell which), but no ${p} socket in the table uses the port on any ${family} address. ${views}`;
}

export interface ViewFacts {
  /** Every Internet socket of the table and of its re-read (a socket in either covers a port). */
  readonly sockets: readonly InetSocket[];
  /** The selected listeners (TCP LISTEN and bound UDP) findings are reported on. */
  readonly listeners: readonly InetSocket[];
  readonly selected: (proto: FindingProto, family: InetFamily | null) => boolean;
}

/**
 * `existing` (the local connect scan's findings, from findings.ts) with the views' findings added:
 * a port the local connect scan also reported gets the other views' word in its text; a port only
 * another view saw gets a finding of its own naming which views saw it and which did not.
 */
export function withViews(existing: readonly Finding[], views: readonly NetworkView[], facts: ViewFacts, localTcp: NetworkView | null): Finding[] {
  const out = [...existing];
  const all = localTcp === null ? views : [localTcp, ...views];
  // a wildcard bind's port (0.0.0.0, "::"): a listener on any address of the family accounts for it
  const covered = (proto: ScanProto, address: string, port: number): boolean => facts.sockets.some((s) => listenerCovers(s, proto, address, port));

  // hidden listeners: open in some view, no socket of the table covers it
  const hidden = new Map<string, { proto: ScanProto; address: string; port: number }>();
  for (const v of all) {
    for (const o of v.open) {
      if (!facts.selected(v.proto, o.address.includes(":") ? "inet6" : "inet") || covered(v.proto, o.address, o.port)) continue;
      hidden.set(key(v.proto, o.address, o.port), { proto: v.proto, address: o.address, port: o.port });
    }
  }
  // a port the wildcard bind found that a view also found at an address of that family: one finding, the precise one
  const precise = [...hidden.values(), ...existing.flatMap((f) => (f.kind === "hidden-listener" && f.address !== null && f.port !== null ? [{ proto: f.proto, address: f.address, port: f.port }] : []))];
  for (const [k, h] of hidden) if (shadowedWildcard(h, precise)) hidden.delete(k);
  for (const [k, h] of hidden) {
    const saw = all.filter((v) => v.proto === h.proto && v.open.some((o) => o.address === h.address && o.port === h.port)).map((v) => v.name);
    const missed = all.filter((v) => v.proto === h.proto && probed(v, h.address, h.port) && !saw.includes(v.name)).map((v) => v.name);
    const views = `Seen by ${list(saw)}${missed.length === 0 ? "" : `; not by ${list(missed)}`}.`;
    const at = out.findIndex((f) => f.kind === "hidden-listener" && key(f.proto, f.address ?? "", f.port ?? 0) === k);
    if (at >= 0) {
      const f = out[at] as Finding;
      if (saw.length > 1 || missed.length > 0) out[at] = { ...f, seen: `${f.seen} ${views}` };
      continue;
    }
    const byBind = all.filter((v) => saw.includes(v.name)).every((v) => v.method === "bind");
    const what = byBind
      ? `cannot be bound (EADDRINUSE: a ${h.proto.toUpperCase()} socket holds it)`
      : h.proto === "tcp"
        ? "accepts TCP connections"
        : "takes UDP datagrams without answering \"port unreachable\"";
    out.push({
      kind: "hidden-listener",
      severity: "high",
      proto: h.proto,
      address: h.address,
      port: h.port,
      pids: [],
      seen: isWildcardAddress(h.address)
        ? wildcardSeen(h.proto, h.address, h.port, views)
        : `${endpoint(h.address, h.port)} ${what}, but no ${byBind ? `${h.proto.toUpperCase()} socket in the table uses the port` : `${h.proto === "tcp" ? "listening" : "bound UDP"} socket in the table covers it`}. ${views}`,
      why: "A port that answers but that the system's own table does not list is what a rootkit hiding its listener looks like.",
      benign: byBind
        ? "A socket bound but not yet listening or connected (a program between bind(2) and listen(2) or connect(2)), which the kernel's table does not list; a socket opened and closed again between the reads and the probes."
        : h.proto === "udp"
          ? "A socket in another network namespace reached through NAT, a firewall rule that drops (not rejects) the probes, or a socket opened and closed again between the reads and the probes."
          : "A listener in another network namespace reached through NAT or a forwarding rule (DNAT, a container's published port), or a socket opened and closed again between the reads and the probes.",
    });
  }

  // listeners a view probed and did not find open
  for (const l of facts.listeners) {
    const port = l.local.port;
    if (port === null) continue;
    const proto: ScanProto = isTcpListener(l) ? "tcp" : "udp";
    // a listener the bind probe could bind over is left to the scans' word (it was released at once)
    const looked = all.filter((v) => v.proto === proto && v.method !== "bind").flatMap((v) => v.addresses.filter((a) => reaches(l, a, port) && probed(v, a, port)).map((a) => ({ v, a })));
    if (looked.length === 0) continue;
    // the local connect scan's own misses are findings.ts's
    const missedBy = looked.filter(({ v, a }) => v !== localTcp && !v.open.some((o) => o.address === a && o.port === port));
    if (missedBy.length === 0) continue;
    const where = (xs: typeof looked): string => list([...new Set(xs.map((x) => `${x.v.name} (${x.a})`))]);
    const pids = [...new Set(l.owners.map((o) => o.pid))];
    const at = out.findIndex((f) => f.kind === "unreachable-listener" && f.proto === l.proto && f.address === l.local.address && f.port === port);
    if (at >= 0) {
      const f = out[at] as Finding;
      out[at] = { ...f, seen: `${f.seen} Not accepted in ${where(missedBy)} either.` };
      continue;
    }
    // a UDP port of a bound socket answering "refused" is odd, not alarming: info (issue 15)
    const udp = proto === "udp";
    const sawIt = looked.filter((x) => !missedBy.includes(x));
    out.push({
      kind: "unreachable-listener",
      severity: udp ? "info" : "low",
      proto: l.proto,
      address: l.local.address,
      port,
      pids,
      seen:
        `${l.proto} ${endpoint(l.local.address, port)} is listed as ${udp ? "bound" : "listening"} (${pids.length === 0 ? "no process" : `pid ${pids.join(", ")}`}), ` +
        `but ${udp ? "answered \"port unreachable\"" : "was not accepted"} in ${where(missedBy)}${sawIt.length === 0 ? "" : `; ${where(sawIt)} found it open`}.`,
      why: udp
        ? "The table and the network disagree: the socket may not receive what is sent to that address, or something answers for the port in its place."
        : "The table and the network disagree: either something filters the port, or the table shows a socket that does not really accept.",
      benign: udp
        ? "A socket that closed between the table read and the probe, a firewall rule rejecting the port, or a socket bound where the probe did not look."
        : "A firewall rule (nftables/iptables) dropping or rejecting the port from where that view scanned, a full accept queue, or an IPv6-only socket probed over IPv4.",
    });
  }
  return out;
}

/**
 * --netns: a hidden-listener here whose port another namespace listens on (same transport) says
 * so: a container's published port reached through DNAT looks exactly like it. It stays a
 * finding: the forwarding rule is not read, so the match is a hint, not a proof.
 */
export function withOtherNamespaces(findings: readonly Finding[], elsewhere: readonly InetSocket[]): Finding[] {
  return findings.map((f) => {
    if (f.kind !== "hidden-listener" || f.port === null) return f;
    const there = elsewhere.filter(
      (s) => (f.proto === "tcp" ? isTcpListener(s) : isUdpListener(s)) && s.local.port === f.port && s.netns !== undefined,
    );
    if (there.length === 0) return f;
    const names = [...new Set(there.map((s) => `${s.netns?.inode ?? 0}${s.netns?.name === null || s.netns?.name === undefined ? (s.netns?.container === null || s.netns?.container === undefined ? "" : ` (${s.netns.container})`) : ` (${s.netns.name})`}`))];
    return { ...f, seen: `${f.seen} Network namespace ${list(names)} listens on port ${f.port}: a published or forwarded port (DNAT) to it would explain this.` };
  });
}
