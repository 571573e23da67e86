// A socket listing as text (a saved output, or what a platform's netstat just printed) → the sockets
// the plan keeps, as a Snapshot. Pure: text in, sockets and diagnostics out. Used by `--input` and by
// every reader that runs a netstat (readers/netstat-live.ts).

import type { Diagnostic, InetSocket, Parsed, Platform, ProcInetTable, Socket, UnixSocket } from "../model.js";
import { wanted } from "../select.js";
import type { ReadRequest } from "./types.js";
import { detectLayout, NETSTAT_TEXT_PARSERS, type Layout } from "./text/index.js";
import { parseNetstatText } from "./netstat-text/linux.js";
import { parseLsofFields } from "./lsof/fields.js";
import { parseLsofTable } from "./lsof/table.js";
import { lsofSockets } from "./lsof/sockets.js";
import { parseInetTable, parseUnixTable } from "./linux/proc-net.js";

export { LAYOUTS, type Layout } from "./text/index.js";

/**
 * Which /proc/net table a dump is. The file name says it when it was kept ("tcp6", "proc-net-udp.out");
 * else the text: /proc/net/unix has its own header, UDP and raw tables end their header with "ref
 * pointer drops" where TCP's ends at "inode" (net/ipv4/udp.c udp4_seq_show, tcp_ipv4.c tcp4_seq_show),
 * and an IPv6 address is 32 hex digits. A raw table cannot be told from a UDP one by its text: name it.
 */
function procTableOf(text: string, name: string): ProcInetTable | "unix" {
  const base = name.replace(/^.*\//, "");
  const named = /(?:^|[^a-z])(tcp6|tcp|udplite6|udplite|udp6|udp|raw6|raw|unix)(?:[^a-z0-9]|$)/.exec(base);
  if (named?.[1] !== undefined) return named[1] as ProcInetTable | "unix";
  const header = text.slice(0, Math.max(0, text.indexOf("\n"))) || text;
  if (/^Num\s+RefCount/.test(header)) return "unix";
  const v6 = /^\s*\d+: [0-9A-Fa-f]{32}:/m.test(text);
  const udp = /\sdrops\s*$/.test(header);
  return udp ? (v6 ? "udp6" : "udp") : v6 ? "tcp6" : "tcp";
}

/**
 * lsof's listing does not say which system it came from. Linux lsof names a UNIX socket's type after its
 * path ("type=STREAM", dialects/linux/dsock.c) and prints an Internet socket's inode as its DEVICE; the
 * other dialects print a kernel address there ("0x...", lsof(8) DEVICE).
 */
function lsofPlatform(text: string): Platform {
  if (/ type=(?:STREAM|DGRAM|SEQPACKET|RAW|RDM)\b/.test(text)) return "linux";
  if (/\bIPv[46]\s+\d+\s/.test(text) || /(?:^|[\0\n])d\d+[\0\n]/.test(text)) return "linux";
  return /(?:^|[\0\n])d0x[0-9a-f]+|\s0x[0-9a-f]{6,}\s/.test(text) ? "darwin" : "linux";
}

/** Every layout's parser, by its --input-format name; `name` is the input's file name (for /proc tables). */
export function parseLayout(text: string, layout: Layout, source: string, name: string = source): Parsed<Socket> {
  switch (layout) {
    case "macos":
    case "freebsd":
    case "openbsd":
    case "netbsd":
    case "qnx":
    case "solaris":
      return NETSTAT_TEXT_PARSERS[layout](text, source);
    case "linux-netstat":
      return parseNetstatText(text, { source });
    case "linux-proc-net": {
      const table = procTableOf(text, name);
      return table === "unix" ? parseUnixTable(text, { source }) : parseInetTable(text, table, { source });
    }
    case "lsof-F":
    case "lsof-i": {
      const files = layout === "lsof-F" ? parseLsofFields(text, source) : parseLsofTable(text, source);
      // a saved listing cannot say whether lsof saw every process
      const made = lsofSockets(files.records, { source, platform: lsofPlatform(text), ownerStatus: "partial" });
      return { records: made.records, diagnostics: [...files.diagnostics, ...made.diagnostics] };
    }
  }
}

/** The layout to read: the one forced with --input-format, else the detected one, else why not (one line, no newline). */
export function chooseLayout(text: string, forced: Layout | null): { layout: Layout } | { message: string } {
  if (forced !== null) return { layout: forced };
  if (text.trim() === "") return { message: "empty input: no socket listing to read" };
  const found = detectLayout(text);
  if ("layout" in found) return { layout: found.layout };
  return { message: `not a socket listing tsnetstat knows (tried: ${found.tried.join(", ")}); --input-format NAME reads it as one of them` };
}

/** A BSD "tcp46"/"udp46" socket takes IPv4 too: `-f inet` (-4) keeps it, as macOS netstat -f inet does (spec bsd-solaris.md §2.1). */
const takesIPv4 = (s: InetSocket): boolean => s.family === "inet" || (s.detail.source !== "proc" && s.detail.dualStack);

export interface Kept {
  readonly inet: InetSocket[];
  readonly unix: UnixSocket[] | null;
}

/**
 * The sockets the plan and the mode keep, in the order the text lists them (a platform's netstat has
 * its own order: Solaris lists UDP before TCP, OpenBSD sorts by remote port). Without -p the owners
 * a live source found are dropped (ownerStatus "not-read"); `keepOwners` keeps those a saved text
 * names (--input: they cost nothing more to read, and JSON made from a paste should not lose them).
 */
export function keepSockets(sockets: readonly Socket[], req: Pick<ReadRequest, "plan" | "mode" | "owners">, keepOwners = false): Kept {
  const keep = wanted(req.mode);
  const steps = req.plan.inetSteps;
  const strip = <T extends Socket>(s: T): T => (req.owners === "none" && !keepOwners && s.ownerStatus !== "not-read" ? { ...s, owners: [], ownerStatus: "not-read" } : s);
  const inet: InetSocket[] = [];
  const unix: UnixSocket[] = [];
  for (const s of sockets) {
    if (!keep(s)) continue;
    if (s.proto === "unix") {
      if (req.plan.unix) unix.push(strip(s));
      continue;
    }
    const step = steps.find((x) => x.protocol === s.proto);
    if (step === undefined) continue;
    if ((step.ipv4 && takesIPv4(s)) || (step.ipv6 && s.family === "inet6")) inet.push(strip(s));
  }
  return { inet, unix: req.plan.unix ? unix : null };
}

/** Diagnostics of a parse, at most `max` of them and a line saying how many more there were. */
export function capDiagnostics(diagnostics: readonly Diagnostic[], source: string, max = 50): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  return [...diagnostics.slice(0, max), { source, line: null, message: `${diagnostics.length - max} more lines could not be read (not listed)` }];
}
