// The interface table's sources: /proc/net/dev (counters), /proc/net/if_inet6 (IPv6 addresses)
// and the /sys/class/net/<if>/ attributes that give what netstat's ioctls give. Pure.

import type { Diagnostic, Parsed } from "../../model.js";
import { ipv6FromHex } from "./route.js";
import type { DevStats, Inet6Address } from "../../modes-model.js";

export interface DevLine {
  readonly name: string;
  readonly stats: DevStats;
}

/**
 * lib/interface.c get_name: the name ends at a space or at the ':' before the counters; a ':'
 * followed by digits and another ':' is an alias ("eth0:1:") and stays in the name.
 */
export function devName(line: string): { name: string; rest: string } {
  let p = 0;
  while (p < line.length && /\s/.test(line[p] ?? "")) p++;
  let name = "";
  while (p < line.length) {
    const c = line[p] ?? "";
    if (/\s/.test(c)) break;
    if (c === ":") {
      let q = p + 1;
      while (q < line.length && /[0-9]/.test(line[q] ?? "")) q++;
      if (line[q] === ":") {
        name += line.slice(p, q);
        p = q;
      }
      p++;
      break;
    }
    name += c;
    p++;
  }
  return { name, rest: line.slice(p) };
}

/** The 16 /proc/net/dev columns in order (net/core/net-procfs.c dev_seq_printf_stats). */
const STAT_KEYS = [
  "rxBytes",
  "rxPackets",
  "rxErrors",
  "rxDropped",
  "rxFifo",
  "rxFrame",
  "rxCompressed",
  "rxMulticast",
  "txBytes",
  "txPackets",
  "txErrors",
  "txDropped",
  "txFifo",
  "collisions",
  "txCarrier",
  "txCompressed",
] as const;

/** /proc/net/dev (net/core/net-procfs.c dev_seq_printf_stats): two header lines, then 16 counters per interface. */
export function parseProcNetDev(text: string, source: string): Parsed<DevLine> {
  const records: DevLine[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (!(lines[1] ?? "").includes("compressed")) {
    // lib/interface.c procnetdev_version: layouts before Linux 2.2 are not read here
    diagnostics.push({ source, line: 2, message: "unexpected header (no 'compressed' column)" });
    return { records, diagnostics };
  }
  for (let n = 2; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (line.trim() === "") continue;
    const { name, rest } = devName(line);
    const f = rest.split(/\s+/).filter((w) => w !== "");
    if (name === "" || f.length !== 16 || f.some((w) => !/^\d+$/.test(w))) {
      diagnostics.push({ source, line: n + 1, message: "malformed interface line skipped" });
      continue;
    }
    const stats = Object.fromEntries(STAT_KEYS.map((k, i) => [k, BigInt(f[i] ?? "0")])) as unknown as DevStats;
    records.push({ name, stats });
  }
  return { records, diagnostics };
}

export function parseIfInet6(text: string, source: string): Parsed<Inet6Address> {
  const records: Inet6Address[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (line.trim() === "") continue;
    const f = line.split(/\s+/).filter((w) => w !== "");
    const hex = f[0] ?? "";
    if (f.length !== 6 || !/^[0-9a-fA-F]{32}$/.test(hex) || !f.slice(1, 5).every((w) => /^[0-9a-fA-F]{1,8}$/.test(w))) {
      diagnostics.push({ source, line: n + 1, message: "malformed if_inet6 line skipped" });
      continue;
    }
    const address = ipv6FromHex(hex) ?? ""; // 32 hex digits, checked above
    const [ifindex, prefixLength, scope, flags] = f.slice(1, 5).map((w) => parseInt(w, 16)) as [number, number, number, number];
    records.push({ address, ifindex, prefixLength, scope, flags, iface: f[5] ?? "" });
  }
  return { records, diagnostics };
}

// IFF_* (include/uapi/linux/if.h)
const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;
const IFF_LOWER_UP = 0x10000;
const IFF_DORMANT = 0x20000;

/**
 * What SIOCGIFFLAGS answers (net/core/dev.c dev_get_flags, cut to the short ifr_flags) from what
 * sysfs shows: /sys/class/net/<if>/flags is dev->flags, and RUNNING comes from operstate (up or
 * unknown, netif_oper_up) while the interface is up. PROMISC and ALLMULTI are taken from dev->flags
 * (the kernel reports the ones a user set, which sysfs does not tell apart).
 */
export function ifrFlags(devFlags: number, operstate: string): number {
  let flags = devFlags & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT);
  if (devFlags & IFF_UP && (operstate === "up" || operstate === "unknown")) flags |= IFF_RUNNING;
  return (flags << 16) >> 16;
}
