// Pure parsers for what the audit reads besides the socket tables: /proc/net/packet, the scan
// options, and the choice of default scan addresses.

import { isIP } from "node:net";
import type { Diagnostic, InetSocket, Parsed } from "../model.js";
import type { ScanTarget } from "./scan.js";
import { isLoopback, isTcpListener, unmapped } from "./sockets.js";
import type { PacketSocket } from "./types.js";

/**
 * /proc/net/packet (net/packet/af_packet.c packet_seq_show):
 * "%pK %-6d %-4d %04x   %-5d %1d %-6u %-6u %-6lu" = sk RefCnt Type Proto Iface R Rmem User Inode.
 */
export function parsePacketTable(text: string, source: string): Parsed<Omit<PacketSocket, "pids">> {
  const records: Omit<PacketSocket, "pids">[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    const f = line.trim().split(/\s+/);
    const [type, proto, ifindex, uid, inode] = [f[2], f[3], f[4], f[7], f[8]];
    if (f.length < 9 || ![type, ifindex, uid, inode].every((x) => x !== undefined && /^\d+$/.test(x)) || !/^[0-9a-f]+$/i.test(proto ?? "")) {
      diagnostics.push({ source, line: i + 1, message: "malformed packet line skipped" });
      continue;
    }
    records.push({ type: Number(type), protocol: parseInt(proto as string, 16), ifindex: Number(ifindex), uid: Number(uid), inode: Number(inode) });
  }
  return { records, diagnostics };
}

/** "1-1024,3306,8080-8090" → sorted distinct ports; an error message when it is not that. */
export function parsePortList(text: string): number[] | string {
  const ports = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(part);
    if (m === null) return `'${part}' is not a port or a range of ports`;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    if (low < 1 || high > 65535 || low > high) return `'${part}' is not within 1-65535`;
    for (let p = low; p <= high; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

/** "127.0.0.1,::1,fe80::1%eth0" → scan targets; an error message naming the bad entry. */
export function parseAddressList(text: string): ScanTarget[] | string {
  const out: ScanTarget[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    const pct = part.indexOf("%");
    const address = pct < 0 ? part : part.slice(0, pct);
    const version = isIP(address);
    if (version === 0 || (pct >= 0 && (version !== 6 || pct === part.length - 1))) return `'${part}' is not a numeric IPv4 or IPv6 address`;
    const family: 4 | 6 = version === 4 ? 4 : 6;
    if (!out.some((t) => t.address === address)) out.push(pct < 0 ? { address, family } : { address, family, scope: part.slice(pct + 1) });
  }
  return out;
}

/** One address of an interface, as os.networkInterfaces() gives it. */
export interface InterfaceAddress {
  readonly name: string;
  readonly address: string;
  readonly family: 4 | 6;
  readonly internal: boolean;
}

/**
 * The default scan: the loopback addresses in use (127.0.0.1 and every other 127.x a TCP listener
 * is bound to), ::1 when the host has IPv6, and every address of every interface. Link-local IPv6
 * addresses carry their interface as the scope.
 */
export function defaultTargets(interfaces: readonly InterfaceAddress[], sockets: readonly InetSocket[], ipv6: boolean): ScanTarget[] {
  const out: ScanTarget[] = [];
  const add = (t: ScanTarget): void => {
    if (!out.some((o) => o.address === t.address)) out.push(t);
  };
  add({ address: "127.0.0.1", family: 4 });
  for (const s of sockets) {
    if (!isTcpListener(s)) continue;
    const a = unmapped(s.local.address) ?? s.local.address;
    if (a.startsWith("127.") && isIP(a) === 4) add({ address: a, family: 4 });
  }
  if (ipv6) add({ address: "::1", family: 6 });
  for (const i of interfaces) {
    if (i.family === 6 && !ipv6) continue;
    if (i.address.toLowerCase().startsWith("fe80:")) add({ address: i.address, family: 6, scope: i.name });
    else add({ address: i.address, family: i.family });
  }
  return out;
}

/** A loopback address or an address of one of this machine's interfaces: what the scan may connect to. */
export const isOwnAddress = (address: string, interfaces: readonly InterfaceAddress[]): boolean =>
  isLoopback(address) || interfaces.some((i) => i.address.toLowerCase() === address.toLowerCase());
