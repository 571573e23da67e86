// --scan-input: nmap's XML (-oX) and grepable (-oG) output of a scan of this host, made elsewhere
// (a trusted host), read into the audit's network views. Pure: the file's text comes in, the
// views or one diagnostic go out. Formats: nmap's docs/nmap.dtd (XML) and the "Grepable Output"
// chapter of the nmap reference guide (-oG: "Host: ADDR (NAME)\tPorts: port/state/proto/owner/service/rpc/version/, ...").

import { isIP } from "node:net";
import type { Diagnostic } from "../model.js";
import { parsePortList } from "./parse.js";

export type ScanProto = "tcp" | "udp";

/** One port of one host as nmap reported it; `state` is nmap's word (open, open|filtered, closed, filtered ...). */
export interface NmapPort {
  readonly proto: ScanProto;
  readonly port: number;
  readonly state: string;
}

export interface NmapHost {
  /** Numeric address as nmap printed it (IPv6 without a %zone). */
  readonly address: string;
  /** "up", "down", or null when the file does not say. */
  readonly status: string | null;
  readonly ports: readonly NmapPort[];
}

export interface NmapScan {
  readonly format: "xml" | "grepable";
  /** The nmap command line, when the file records it. */
  readonly command: string | null;
  /** The protocols scanned and, where the file tells, which ports (null: it does not say, e.g. nmap's top ports). */
  readonly scanned: ReadonlyMap<ScanProto, readonly number[] | null>;
  /** nmap's scan type per protocol as in XML's scaninfo ("connect", "syn", "udp"), or from the command line. */
  readonly types: ReadonlyMap<ScanProto, string>;
  readonly hosts: readonly NmapHost[];
}

/** Whether nmap's state means a port took the probe: TCP "open"; UDP "open" or "open|filtered" (silent). */
export const seenOpen = (p: NmapPort): boolean => p.state === "open" || (p.proto === "udp" && p.state === "open|filtered");

/** nmap -oX or -oG text (told apart by their first lines) → the scan, or one diagnostic. */
export function parseNmap(text: string, source: string): NmapScan | Diagnostic {
  const head = text.trimStart();
  if (head.startsWith("<?xml") || head.startsWith("<nmaprun")) return parseXml(text, source);
  if (/^# Nmap \S+ scan initiated/.test(head) || /^Host: /m.test(text)) return parseGrepable(text, source);
  return { source, line: 1, message: "not nmap output: expected nmap -oX (XML) or -oG (grepable)" };
}

const lineAt = (text: string, offset: number): number => {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

/** XML attribute values with the five predefined entities and numeric references decoded. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const raw = m[2] ?? m[3] ?? "";
    out.set(
      m[1] as string,
      raw.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
        e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
      ),
    );
  }
  return out;
}

const PROTOS: readonly string[] = ["tcp", "udp"];
const isProto = (p: string | undefined): p is ScanProto => p !== undefined && PROTOS.includes(p);

function parseXml(text: string, source: string): NmapScan | Diagnostic {
  const fail = (offset: number, message: string): Diagnostic => ({ source, line: lineAt(text, offset), message });
  const run = /<nmaprun\b[^>]*>/.exec(text);
  if (run === null) return fail(0, "not nmap XML: no <nmaprun> element");
  if (!text.includes("</nmaprun>")) return fail(text.length, "nmap XML cut short: no </nmaprun> (was the scan interrupted?)");
  const scanned = new Map<ScanProto, readonly number[] | null>();
  const types = new Map<ScanProto, string>();
  for (const m of text.matchAll(/<scaninfo\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const proto = a.get("protocol");
    if (!isProto(proto)) continue; // sctp, ip: not judged
    const services = a.get("services") ?? "";
    const ports = services === "" ? [] : parsePortList(services.replace(/[TU]:/g, ""));
    if (typeof ports === "string") return fail(m.index, `scaninfo services="${services}": ${ports}`);
    scanned.set(proto, ports);
    types.set(proto, a.get("type") ?? proto);
  }
  const hosts: NmapHost[] = [];
  for (const m of text.matchAll(/<host\b[^>]*>([\s\S]*?)<\/host>/g)) {
    const body = m[1] as string;
    const at = m.index + m[0].indexOf(body);
    const addresses = [...body.matchAll(/<address\b[^>]*>/g)].map((x) => attributes(x[0])).filter((x) => x.get("addrtype") === "ipv4" || x.get("addrtype") === "ipv6");
    const address = addresses[0]?.get("addr")?.replace(/%.*$/, "");
    if (address === undefined || isIP(address) === 0) return fail(at, "a <host> without a numeric ipv4 or ipv6 <address>");
    const statusTag = /<status\b[^>]*>/.exec(body);
    const ports: NmapPort[] = [];
    for (const p of body.matchAll(/<port\b([^>]*)>([\s\S]*?)<\/port>/g)) {
      const a = attributes(p[1] as string);
      const proto = a.get("protocol");
      const portid = Number(a.get("portid"));
      const stateTag = /<state\b[^>]*>/.exec(p[2] as string);
      const state = stateTag === null ? undefined : attributes(stateTag[0]).get("state");
      if (!Number.isInteger(portid) || portid < 1 || portid > 65535 || state === undefined) return fail(at + (p.index ?? 0), "a <port> without a portid or a <state>");
      if (isProto(proto)) ports.push({ proto, port: portid, state });
    }
    hosts.push({ address, status: statusTag === null ? null : (attributes(statusTag[0]).get("state") ?? null), ports });
  }
  return { format: "xml", command: attributes(run[0]).get("args") ?? null, scanned, types, hosts };
}

function parseGrepable(text: string, source: string): NmapScan | Diagnostic {
  const lines = text.split("\n");
  let command: string | null = null;
  let portsScanned: string | null = null;
  const byAddress = new Map<string, { status: string | null; ports: NmapPort[] }>();
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    const fail = (message: string): Diagnostic => ({ source, line: i + 1, message });
    const initiated = /^# Nmap \S+ scan initiated .* as: (.*)$/.exec(line);
    if (initiated !== null) command = initiated[1] as string;
    // with -v: "# Ports scanned: TCP(65535;1-65535) UDP(0;) SCTP(0;) PROTOCOLS(0;)"
    if (line.startsWith("# Ports scanned:")) portsScanned = line;
    if (line === "" || line.startsWith("#")) continue;
    const host = /^Host: (\S+) \([^)]*\)\t(.*)$/.exec(line);
    if (host === null) return fail("not a grepable nmap line (expected 'Host: ADDRESS (NAME)<tab>...')");
    const address = (host[1] as string).replace(/%.*$/, "");
    if (isIP(address) === 0) return fail(`'${address}' is not a numeric address (scan with -n, or nmap printed a name)`);
    const entry = byAddress.get(address) ?? { status: null, ports: [] };
    byAddress.set(address, entry);
    for (const field of (host[2] as string).split("\t")) {
      const status = /^Status: (\S+)/.exec(field);
      if (status !== null) entry.status = (status[1] as string).toLowerCase();
      if (!field.startsWith("Ports: ")) continue;
      const list = field.slice("Ports: ".length).trim();
      if (list === "") continue;
      for (const item of list.split(/,\s*/)) {
        const [port, state, proto] = item.split("/");
        const n = Number(port);
        if (!/^\d+$/.test(port ?? "") || n < 1 || n > 65535 || state === undefined || state === "" || proto === undefined) {
          return fail(`'${item}' is not a port entry (port/state/protocol/owner/service/rpc/version/)`);
        }
        if (isProto(proto)) entry.ports.push({ proto, port: n, state });
      }
    }
  }
  if (byAddress.size === 0 && command === null) return { source, line: 1, message: "no nmap header and no Host: lines" };
  const fromCommand = command === null ? null : commandScan(command);
  const scanned = new Map<ScanProto, readonly number[] | null>(fromCommand?.scanned ?? []);
  const types = new Map<ScanProto, string>(fromCommand?.types ?? []);
  if (portsScanned !== null) {
    for (const m of portsScanned.matchAll(/\b(TCP|UDP)\((\d+);([^)]*)\)/g)) {
      const proto = (m[1] as string).toLowerCase() as ScanProto;
      if (m[2] === "0") continue;
      const ports = parsePortList(m[3] as string);
      scanned.set(proto, typeof ports === "string" ? null : ports);
    }
  }
  const hosts = [...byAddress].map(([address, e]) => ({ address, status: e.status, ports: e.ports }));
  return { format: "grepable", command, scanned, types, hosts };
}

const TYPES: Readonly<Record<string, [ScanProto, string]>> = {
  T: ["tcp", "connect"],
  S: ["tcp", "syn"],
  A: ["tcp", "ack"],
  W: ["tcp", "window"],
  M: ["tcp", "maimon"],
  N: ["tcp", "null"],
  F: ["tcp", "fin"],
  X: ["tcp", "xmas"],
  U: ["udp", "udp"],
};

/**
 * What an nmap command line scanned, for grepable output (which does not say without -v): the
 * -s letters (nmap's default for root is a SYN scan) and -p (with T:/U: parts; "-p-" is every
 * port). Without -p, nmap scans its top ports: which ones is not known here (null).
 */
export function commandScan(command: string): { scanned: Map<ScanProto, number[] | null>; types: Map<ScanProto, string> } {
  const words = command.split(/\s+/);
  const types = new Map<ScanProto, string>();
  let spec: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (/^-s[A-Z]+$/.test(w)) {
      for (const letter of w.slice(2)) {
        const t = TYPES[letter];
        if (t !== undefined) types.set(t[0], t[1]);
      }
    } else if (w === "-p") spec = words[i + 1] ?? null;
    else if (w.startsWith("-p") && !w.startsWith("-pn") && w !== "-Pn") spec = w.slice(2);
  }
  if (types.size === 0) types.set("tcp", "syn");
  const scanned = new Map<ScanProto, number[] | null>();
  for (const proto of types.keys()) scanned.set(proto, spec === null ? null : portsOf(spec, proto));
  return { scanned, types };
}

/** nmap's -p for one protocol: "22,80", "-" (all), "T:1-100,U:53" (parts before any T:/U: are both). */
function portsOf(spec: string, proto: ScanProto): number[] | null {
  if (spec === "-") return parsePortList("1-65535") as number[];
  let current: string | null = null;
  const mine: string[] = [];
  for (const part of spec.split(",")) {
    const m = /^([TUSP]):(.*)$/.exec(part);
    if (m !== null) current = m[1] as string;
    const value = m === null ? part : (m[2] as string);
    if (current === null || current === (proto === "tcp" ? "T" : "U")) mine.push(value === "-" ? "1-65535" : value.replace(/^-/, "1-").replace(/-$/, "-65535"));
  }
  if (mine.length === 0) return [];
  const ports = parsePortList(mine.join(","));
  return typeof ports === "string" ? null : ports;
}
