// The kernel routing tables as /proc shows them: /proc/net/route (IPv4) and /proc/net/ipv6_route.
// Pure parsers: text in, routes and diagnostics out.

import type { Diagnostic, Parsed } from "../../model.js";
import { formatIPv4, formatIPv6 } from "../../addr.js";
import type { Route4, Route6 } from "../../modes-model.js";

/**
 * An IPv4 address as /proc/net prints it: the 32-bit word in host order with %08X, so on a
 * little-endian machine its bytes appear reversed (net/ipv4/fib_trie.c, net/ipv4/igmp.c).
 */
export function ipv4FromProcHex(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const v = parseInt(hex, 16);
  return formatIPv4(Uint8Array.from([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]), 0);
}

/** The columns netstat asks proc_gen_fmt for (lib/inet_gr.c rprint_fib), in the kernel's header spelling. */
const ROUTE4_COLUMNS = ["Iface", "Destination", "Gateway", "Flags", "RefCnt", "Use", "Metric", "Mask", "MTU", "Window", "IRTT"] as const;
type Route4Column = (typeof ROUTE4_COLUMNS)[number];

/** A whole decimal number as sscanf %d takes it (the whole field here). */
function decimal(field: string | undefined): number | null {
  if (field === undefined || !/^[-+]?\d+$/.test(field)) return null;
  return Number(field) | 0;
}

function hex32(field: string | undefined): number | null {
  if (field === undefined || !/^[0-9A-Fa-f]{1,8}$/.test(field)) return null;
  return parseInt(field, 16) >>> 0;
}

/**
 * /proc/net/route: a header naming the columns, then one tab-separated line per route. Lines
 * that cannot be read are reported (netstat skips them silently); every route is kept, up or
 * not (netstat shows only RTF_UP ones: the formatter decides).
 */
export function parseRoute4(text: string, source: string): Parsed<Route4> {
  const records: Route4[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").split(/\s+/).filter((w) => w !== "");
  const at = new Map<Route4Column, number>();
  for (const c of ROUTE4_COLUMNS) {
    const i = header.indexOf(c);
    if (i >= 0) at.set(c, i);
  }
  // lib/proc.c proc_gen_fmt: a title netstat asks for that the header lacks makes the file unreadable
  const missing = ROUTE4_COLUMNS.filter((c) => c !== "IRTT" && !at.has(c));
  if (missing.length > 0) {
    diagnostics.push({ source, line: 1, message: `unexpected header, no ${missing.join(", ")} column` });
    return { records, diagnostics };
  }
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (line.trim() === "") continue;
    const f = line.split(/\s+/).filter((w) => w !== "");
    const get = (c: Route4Column): string | undefined => {
      const i = at.get(c);
      return i === undefined ? undefined : f[i];
    };
    const destination = ipv4FromProcHex(get("Destination") ?? "");
    const gateway = ipv4FromProcHex(get("Gateway") ?? "");
    const mask = ipv4FromProcHex(get("Mask") ?? "");
    const flags = hex32(get("Flags"));
    const nums = (["RefCnt", "Use", "Metric", "MTU", "Window"] as const).map((c) => decimal(get(c)));
    const irttText = get("IRTT");
    const irtt = irttText === undefined ? 0 : decimal(irttText);
    const bad =
      destination === null
        ? "destination"
        : gateway === null
          ? "gateway"
          : mask === null
            ? "mask"
            : flags === null
              ? "flags"
              : nums.includes(null) || irtt === null
                ? "numbers"
                : null;
    if (bad !== null || destination === null || gateway === null || mask === null || flags === null || irtt === null) {
      diagnostics.push({ source, line: n + 1, message: `malformed route line skipped (${bad ?? "numbers"})` });
      continue;
    }
    const [refCnt, use, metric, mtu, window] = nums as number[];
    records.push({
      iface: get("Iface") ?? "",
      destination,
      gateway,
      mask,
      flags,
      refCnt: refCnt ?? 0,
      use: use ?? 0,
      metric: metric ?? 0,
      mtu: mtu ?? 0,
      window: window ?? 0,
      irtt,
    });
  }
  return { records, diagnostics };
}

/** 32 hex digits, in network order as the kernel prints them (%pi6), to the numeric text form; null when not that. */
export function ipv6FromHex(hex: string | undefined): string | null {
  if (hex === undefined || !/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return formatIPv6(bytes);
}

/** /proc/net/ipv6_route: no header; ten space-separated fields per route. */
export function parseRoute6(text: string, source: string): Parsed<Route6> {
  const records: Route6[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (line.trim() === "") continue;
    const f = line.split(/\s+/).filter((w) => w !== "");
    const destination = ipv6FromHex(f[0]);
    const prefixLength = f[1] !== undefined && /^[0-9A-Fa-f]{1,2}$/.test(f[1]) ? parseInt(f[1], 16) : null;
    const src = ipv6FromHex(f[2]);
    const sourceLength = f[3] !== undefined && /^[0-9A-Fa-f]{1,2}$/.test(f[3]) ? parseInt(f[3], 16) : null;
    const nextHop = ipv6FromHex(f[4]);
    const words = [f[5], f[6], f[7], f[8]].map(hex32);
    const iface = f[9];
    const bad =
      destination === null || prefixLength === null
        ? "destination"
        : src === null || sourceLength === null
          ? "source"
          : nextHop === null
            ? "next hop"
            : words.includes(null)
              ? "numbers"
              : iface === undefined || f.length !== 10
                ? "fields"
                : null;
    if (bad !== null || destination === null || prefixLength === null || src === null || sourceLength === null || nextHop === null || iface === undefined) {
      diagnostics.push({ source, line: n + 1, message: `malformed ipv6_route line skipped (${bad ?? "fields"})` });
      continue;
    }
    const [metric, refCnt, use, flags] = words as number[];
    records.push({
      destination,
      prefixLength,
      source: src,
      sourceLength,
      nextHop,
      metric: (metric ?? 0) | 0,
      refCnt: (refCnt ?? 0) | 0,
      use: (use ?? 0) | 0,
      flags: flags ?? 0,
      iface,
    });
  }
  return { records, diagnostics };
}
