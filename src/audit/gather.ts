// What the audit reads from the system besides the socket table: the processes behind sockets
// (/proc/<pid>/exe and cmdline), packet sockets, interfaces, the ephemeral port range.

import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { networkInterfaces } from "node:os";
import type { Diagnostic } from "../model.js";
import { socketInodeOfLink } from "../readers/linux/owners.js";
import { decodeBytes } from "../text.js";
import { parsePortRange } from "./direction.js";
import type { InterfaceAddress } from "./parse.js";
import { parsePacketTable } from "./parse.js";
import type { PacketSocket, PortRange, ProcessFacts } from "./types.js";

const errno = (err: unknown): string | undefined => (err as { code?: string }).code;

/** /proc/<pid>/exe (proc(5): a symbolic link to the executed command) and /proc/<pid>/cmdline. */
export function processFacts(procRoot: string, pid: number): ProcessFacts {
  let exe: string | null = null;
  let exeError: ProcessFacts["exeError"] = null;
  try {
    exe = decodeBytes(readlinkSync(`${procRoot}/${pid}/exe`, { encoding: "buffer" }));
  } catch (err) {
    const code = errno(err);
    // kernel threads have no executable: readlink fails with ENOENT while the pid is alive
    exeError = code === "EACCES" || code === "EPERM" ? "denied" : code === "ENOENT" && alive(procRoot, pid) ? "kernel" : "gone";
  }
  let argv: string[] = [];
  try {
    const raw = readFileSync(`${procRoot}/${pid}/cmdline`);
    argv = raw.length === 0 ? [] : decodeBytes(raw.at(-1) === 0 ? raw.subarray(0, -1) : raw).split("\u0000");
  } catch {
    // exited, or hidepid: argv stays unknown
  }
  return { pid, exe, exeError, argv };
}

function alive(procRoot: string, pid: number): boolean {
  try {
    readFileSync(`${procRoot}/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

/** Packet sockets with their holders; the holders come from one walk of /proc/<pid>/fd. */
export function packetSockets(procRoot: string): { sockets: PacketSocket[]; diagnostics: Diagnostic[] } {
  const source = `${procRoot}/net/packet`;
  let text: string;
  try {
    text = readFileSync(source, "latin1");
  } catch (err) {
    const missing = errno(err) === "ENOENT";
    return { sockets: [], diagnostics: missing ? [] : [{ source, line: null, message: `cannot be read (${errno(err) ?? "error"})` }] };
  }
  const parsed = parsePacketTable(text, source);
  if (parsed.records.length === 0) return { sockets: [], diagnostics: parsed.diagnostics };
  const holders = socketHolders(procRoot, new Set(parsed.records.map((r) => r.inode)));
  return { sockets: parsed.records.map((r) => ({ ...r, pids: holders.get(r.inode) ?? [] })), diagnostics: parsed.diagnostics };
}

/** Which processes hold each of `inodes` (fs/proc/fd.c: fd links read "socket:[inode]"). */
function socketHolders(procRoot: string, inodes: ReadonlySet<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`${procRoot}/${name}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = socketInodeOfLink(target);
      if (inode < 0 || !inodes.has(inode)) continue;
      const pids = out.get(inode) ?? [];
      const pid = Number(name);
      if (!pids.includes(pid)) pids.push(pid);
      out.set(inode, pids);
    }
  }
  return out;
}

/** Interface names by index (/sys/class/net/<name>/ifindex, sysfs-class-net ABI). */
export function interfaceNames(): Map<number, string> {
  const out = new Map<number, string>();
  try {
    for (const name of readdirSync("/sys/class/net")) {
      try {
        out.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, "latin1").trim()), name);
      } catch {
        // an interface that went away while we looked
      }
    }
  } catch {
    // no sysfs: packet sockets print their index
  }
  return out;
}

/** This network namespace's interface addresses. */
export function interfaceAddresses(): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue; // the loopback addresses are chosen separately
      out.push({ name, address: a.address, family: a.family === "IPv4" ? 4 : 6, internal: a.internal });
    }
  }
  return out;
}

/** Whether the host has IPv6: /proc/net/if_inet6 exists (net/ipv6/addrconf.c if6_proc_init) and is not empty. */
export function hasIPv6(procRoot: string): boolean {
  try {
    return readFileSync(`${procRoot}/net/if_inet6`, "latin1").trim() !== "";
  } catch {
    return false;
  }
}

/** net.ipv4.ip_local_port_range (also used for IPv6, Documentation/networking/ip-sysctl.rst). */
export function ephemeralRange(procRoot: string): PortRange | null {
  try {
    return parsePortRange(readFileSync(`${procRoot}/sys/net/ipv4/ip_local_port_range`, "latin1"));
  } catch {
    return null;
  }
}
