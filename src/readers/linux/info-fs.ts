// The file reads of netstat's other modes (-r -i -s -g): /proc/net tables and /sys/class/net.
// Everything read here goes to the pure parsers next to this module.

import { readdirSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { readProcText } from "./proc-fs.js";

export type FileText = { readonly text: string } | { readonly missing: true } | { readonly error: string };

/** A /proc file as latin1 text; missing (ENOENT, ENOTDIR), or the errno message netstat's perror would print. */
export function readInfoFile(path: string): FileText {
  try {
    return readProcText(path);
  } catch (err) {
    return { error: errnoText(err) };
  }
}

/** strerror's text for the common errors (what perror prints after the path). */
function errnoText(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case "EACCES":
      return "Permission denied";
    case "ENOENT":
      return "No such file or directory";
    case "EPERM":
      return "Operation not permitted";
    case "EISDIR":
      return "Is a directory";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** The entries of /sys/class/net (one per interface), or null when it cannot be read. */
export function listSysNet(sysNet: string): string[] | null {
  try {
    return readdirSync(sysNet);
  } catch {
    return null;
  }
}

/** One small sysfs attribute without its newline, or null when it cannot be read (absent, or EINVAL for a down link). */
function readSysAttr(sysNet: string, iface: string, attr: string): string | null {
  try {
    return readFileSync(`${sysNet}/${iface}/${attr}`, "latin1").replace(/\n$/, "");
  } catch {
    return null;
  }
}

/** What netstat's ioctls on one interface tell, read from /sys/class/net/<if>/ (net/core/net-sysfs.c). */
export interface SysNetFacts {
  /** dev->flags ("flags", hex) */
  readonly devFlags: number;
  readonly operstate: string;
  readonly mtu: number;
  /** ARPHRD_* ("type") */
  readonly type: number;
  /** "address": colon-separated hex bytes */
  readonly address: Uint8Array;
  /** -1 when unreadable */
  readonly txQueueLen: number;
}

export function readSysNet(sysNet: string, iface: string): SysNetFacts | null {
  const flags = readSysAttr(sysNet, iface, "flags");
  if (flags === null || !/^0x[0-9a-f]+$/i.test(flags)) return null;
  const num = (attr: string, dflt: number): number => {
    const v = readSysAttr(sysNet, iface, attr);
    return v !== null && /^-?\d+$/.test(v) ? Number(v) : dflt;
  };
  const addressText = readSysAttr(sysNet, iface, "address") ?? "";
  const bytes = addressText === "" ? [] : addressText.split(":").map((h) => parseInt(h, 16) & 0xff);
  return {
    devFlags: parseInt(flags, 16),
    operstate: readSysAttr(sysNet, iface, "operstate") ?? "unknown",
    mtu: num("mtu", 0),
    type: num("type", -1),
    // SIOCGIFHWADDR copies 8 bytes of sa_data (lib/interface.c if_fetch)
    address: Uint8Array.from({ length: 8 }, (_, i) => bytes[i] ?? 0),
    txQueueLen: num("tx_queue_len", -1),
  };
}

/**
 * The IPv4 addresses of the interfaces, by label, in the kernel's order (getifaddrs through Node):
 * what SIOCGIFCONF lists and SIOCGIFADDR answers. Node leaves out interfaces that are down or
 * have no carrier (libuv uv_interface_addresses), so those show no inet line.
 */
export function ipv4ByLabel(): Map<string, { address: string; netmask: string }[]> {
  const out = new Map<string, { address: string; netmask: string }[]>();
  for (const [label, entries] of Object.entries(networkInterfaces())) {
    for (const e of entries ?? []) {
      if (e.family !== "IPv4") continue;
      const list = out.get(label) ?? [];
      list.push({ address: e.address, netmask: e.netmask });
      out.set(label, list);
    }
  }
  return out;
}
