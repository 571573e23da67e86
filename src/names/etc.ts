// Parsers for the /etc files netstat's names come from, read the way glibc's nss_files reads them
// (nss/nss_files/files-parse.c and files-{service,proto,hosts,network,pwd}.c). Pure: text in,
// records and diagnostics out. Lines glibc ignores are skipped; those it rejects as malformed
// are skipped with a diagnostic (netstat itself says nothing about them).

import type { Diagnostic, Parsed } from "../model.js";
import { parseIPv4, parseIPv6 } from "./inet.js";

/** C isspace() in the C locale. */
const isSpace = (c: string | undefined): boolean =>
  c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

interface Line {
  readonly no: number;
  readonly text: string;
}

/**
 * The lines glibc hands to a parser: leading blanks skipped, empty lines and lines starting with
 * '#' ignored, and (for databases with "#" in their end-of-line set) everything from '#' cut off.
 */
function* nssLines(text: string, cutComments: boolean): Generator<Line> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? "";
    let start = 0;
    while (start < line.length && isSpace(line[start])) start++;
    line = line.slice(start);
    if (line === "" || line.startsWith("#")) continue;
    if (cutComments) {
      const hash = line.indexOf("#");
      if (hash >= 0) line = line.slice(0, hash);
    }
    yield { no: i + 1, text: line };
  }
}

/** A cursor over one line, with the files-parse.c field macros. */
class Fields {
  pos = 0;
  constructor(readonly text: string) {}
  get rest(): string {
    return this.text.slice(this.pos);
  }
  /** STRING_FIELD(var, isspace, 1): up to the next blank, then every blank after it. */
  word(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !isSpace(this.text[this.pos])) this.pos++;
    const w = this.text.slice(start, this.pos);
    while (this.pos < this.text.length && isSpace(this.text[this.pos])) this.pos++;
    return w;
  }
  /**
   * strtoul(line, &end, 10): optional blanks and sign, then digits. Returns the value modulo 2^64
   * as C does (a '-' negates, an overflow gives ULONG_MAX), or null when there are no digits.
   */
  strtoul(): bigint | null {
    const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)/.exec(this.rest);
    if (m === null) return null;
    this.pos += m[0].length;
    const max = (1n << 64n) - 1n;
    let v = BigInt(m[2] ?? "0");
    if (v > max) return max;
    if (m[1] === "-") v = (max + 1n - v) & max;
    return v;
  }
  /** The TRAILING_LIST of aliases: blank-separated words. */
  list(): string[] {
    return this.rest.split(/[ \t\n\v\f\r]+/).filter((w) => w !== "");
  }
}

// ---------------------------------------------------------------------------------------------
// /etc/services and /etc/protocols

export interface ServiceEntry {
  readonly name: string;
  /** The port as getservent gives it: the number modulo 65536 (htons of an unsigned long). */
  readonly port: number;
  readonly proto: string;
  readonly aliases: readonly string[];
  readonly line: number;
}

/** files-service.c: `name port/proto aliases...`, '#' starts a comment anywhere. */
export function parseServices(text: string, source: string): Parsed<ServiceEntry> {
  const records: ServiceEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { no, text: line } of nssLines(text, true)) {
    const f = new Fields(line);
    const name = f.word();
    const value = f.strtoul();
    const after = f.text[f.pos];
    if (value === null || (after !== "/" && after !== undefined)) {
      diagnostics.push({ source, line: no, message: "malformed services line skipped (port/protocol)" });
      continue;
    }
    if (after === "/") f.pos++;
    const proto = f.word();
    const port = Number(value & 0xffffn);
    if (value > 65535n) {
      diagnostics.push({ source, line: no, message: `port out of range, taken as ${port} (as glibc does)` });
    }
    records.push({ name, port, proto, aliases: f.list(), line: no });
  }
  return { records, diagnostics };
}

export interface ProtocolEntry {
  readonly name: string;
  readonly number: number;
  readonly aliases: readonly string[];
  readonly line: number;
}

/** files-proto.c: `name number aliases...`. */
export function parseProtocols(text: string, source: string): Parsed<ProtocolEntry> {
  const records: ProtocolEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { no, text: line } of nssLines(text, true)) {
    const f = new Fields(line);
    const name = f.word();
    const value = f.strtoul();
    const after = f.text[f.pos];
    if (value === null || (after !== undefined && !isSpace(after))) {
      diagnostics.push({ source, line: no, message: "malformed protocols line skipped (number)" });
      continue;
    }
    f.word(); // the blanks after the number
    // p_proto is an int; netstat keeps htons(p_proto), i.e. its low 16 bits
    records.push({ name, number: Number(value & 0xffffn), aliases: f.list(), line: no });
  }
  return { records, diagnostics };
}

/** Where netstat looks a port up: tcp6 uses tcp, udp6/udplite use udp, raw6 uses raw. */
export interface ServiceTables {
  readonly tcp: ReadonlyMap<number, string>;
  readonly udp: ReadonlyMap<number, string>;
  readonly raw: ReadonlyMap<number, string>;
}

/** get_sname's 64-byte buffer: a name keeps at most 63 characters. */
const SNAME_MAX = 63;

/**
 * net-tools lib/inet.c read_services: every tcp, udp and raw service (official names only) and
 * then every protocol into the raw list, each list built by prepending, so for a number listed
 * more than once the LAST entry wins and protocols win over raw services.
 */
export function serviceTables(services: readonly ServiceEntry[], protocols: readonly ProtocolEntry[]): ServiceTables {
  const tcp = new Map<number, string>();
  const udp = new Map<number, string>();
  const raw = new Map<number, string>();
  const cut = (name: string): string => name.slice(0, SNAME_MAX);
  for (const s of services) {
    if (s.proto === "tcp") tcp.set(s.port, cut(s.name));
    else if (s.proto === "udp") udp.set(s.port, cut(s.name));
    else if (s.proto === "raw") raw.set(s.port, cut(s.name));
  }
  for (const p of protocols) raw.set(p.number, cut(p.name));
  return { tcp, udp, raw };
}

// ---------------------------------------------------------------------------------------------
// /etc/hosts

export interface HostsEntry {
  /** The address text as written; how it matches depends on the query (see hostsByAddr). */
  readonly address: string;
  /** The canonical name (empty when the line has only an address, which glibc accepts). */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly line: number;
}

/** files-hosts.c: `address name aliases...`. Addresses are checked at lookup time, as glibc does. */
export function parseHosts(text: string, _source: string): Parsed<HostsEntry> {
  const records: HostsEntry[] = [];
  for (const { no, text: line } of nssLines(text, true)) {
    const f = new Fields(line);
    const address = f.word();
    const name = f.word();
    records.push({ address, name, aliases: f.list(), line: no });
  }
  return { records, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------
// /etc/networks

export interface NetworkEntry {
  readonly name: string;
  /** n_net: the network number (host order) as inet_network gives it, or null when invalid. */
  readonly net: number | null;
  readonly line: number;
}

/** One part of an inet_network() number: decimal, 0-octal or 0x-hex, at most 255. */
function inetNetworkPart(p: string): number | null {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
  else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
  else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
  else return null;
  return v > 255 ? null : v;
}

/** files-network.c: `name number aliases...`; a number of fewer than 4 parts gets ".0"s appended. */
export function parseNetworks(text: string, _source: string): Parsed<NetworkEntry> {
  const records: NetworkEntry[] = [];
  for (const { no, text: line } of nssLines(text, true)) {
    const f = new Fields(line);
    const name = f.word();
    const parts = f.word().split(".");
    while (parts.length < 4) parts.push("0");
    let net: number | null = 0;
    if (parts.length !== 4) net = null;
    for (const p of parts) {
      const v = inetNetworkPart(p);
      if (v === null || net === null) {
        net = null;
        break;
      }
      net = net * 256 + v;
    }
    records.push({ name, net, line: no });
  }
  return { records, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------
// /etc/passwd

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly line: number;
}

/** files-pwd.c: `name:passwd:uid:gid:gecos:dir:shell`; NIS "+"/"-" lines are never matched. */
export function parsePasswd(text: string, source: string): Parsed<PasswdEntry> {
  const records: PasswdEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { no, text: line } of nssLines(text, false)) {
    const fields = line.split(":");
    const name = fields[0] ?? "";
    if (name.startsWith("+") || name.startsWith("-")) continue;
    const uid = /^[ \t\n\v\f\r]*\+?([0-9]+)$/.exec(fields[2] ?? "");
    if (fields.length < 4 || uid === null) {
      diagnostics.push({ source, line: no, message: "malformed passwd line skipped (uid)" });
      continue;
    }
    records.push({ name, uid: Number(BigInt(uid[1] ?? "0") & 0xffffffffn), line: no });
  }
  return { records, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// /etc/nsswitch.conf

export type NssStatus = "success" | "notfound" | "unavail" | "tryagain";

export interface NssService {
  readonly name: string;
  /** What to do after this service answers with each status: stop ("return") or go on. */
  readonly actions: Readonly<Record<NssStatus, "return" | "continue">>;
}

const STATUSES: readonly NssStatus[] = ["success", "notfound", "unavail", "tryagain"];

/** glibc's built-in order when nsswitch.conf has no "hosts" line (nss/nss_database.c: nss_database_default_dns, "files dns"). */
export const DEFAULT_HOSTS = "files dns";

/** The service list of one database line ("files dns", "files [NOTFOUND=return] dns"). */
export function parseNssServices(spec: string): NssService[] {
  const out: NssService[] = [];
  const tokens = spec.match(/\[[^\]]*\]?|[^\s[]+/g) ?? [];
  for (const token of tokens) {
    if (token.startsWith("[")) {
      const last = out[out.length - 1];
      if (last === undefined) continue;
      const actions = { ...last.actions };
      for (const item of token.replace(/[[\]]/g, "").trim().split(/\s+/)) {
        const m = /^(!?)([A-Za-z]+)=([A-Za-z]+)$/.exec(item);
        if (m === null) continue;
        const status = (m[2] ?? "").toLowerCase() as NssStatus;
        const act = (m[3] ?? "").toLowerCase();
        if (!STATUSES.includes(status) || (act !== "return" && act !== "continue")) continue;
        for (const s of STATUSES) if ((m[1] === "!") !== (s === status)) actions[s] = act;
      }
      out[out.length - 1] = { name: last.name, actions };
    } else {
      out.push({ name: token, actions: { success: "return", notfound: "continue", unavail: "continue", tryagain: "continue" } });
    }
  }
  return out;
}

/**
 * The service lists of nsswitch.conf, by database name. The last line for a database counts:
 * glibc's nss_database.c process_line overwrites conf->databases[db] (checked against netstat:
 * "hosts: files\nhosts: dns" looks up DNS only).
 */
export function parseNsswitch(text: string): Map<string, NssService[]> {
  const out = new Map<string, NssService[]>();
  for (const { text: line } of nssLines(text, true)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const db = line.slice(0, colon).trim();
    out.set(db, parseNssServices(line.slice(colon + 1)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// /etc/resolv.conf

/** glibc keeps at most three name servers (MAXNS). */
const MAXNS = 3;

/** The name servers of resolv.conf, in order; glibc uses 127.0.0.1 when none is given. */
export function parseResolvConf(text: string): string[] {
  const servers: string[] = [];
  for (const raw of text.split("\n")) {
    const m = /^nameserver[ \t]+([^ \t#;]+)/.exec(raw);
    if (m === null || servers.length >= MAXNS) continue;
    const addr = m[1] ?? "";
    // res_init accepts a dotted quad, or an IPv6 address with an optional %scope
    if (parseIPv4(addr) !== null || parseIPv6(addr.replace(/%.*$/, "")) !== null) servers.push(addr);
  }
  return servers.length > 0 ? servers : ["127.0.0.1"];
}

/** The resolv.conf options that change what tsnetstat sends; the others tune glibc's waits, bounded here by --dns-timeout. */
export interface ResolvOptions {
  /** `use-vc` (RES_USEVC): every query over TCP. */
  readonly useVc: boolean;
  /** `rotate` (RES_ROTATE): each query starts at the next name server. */
  readonly rotate: boolean;
}

/**
 * The options of resolv.conf, then of `env` (RES_OPTIONS), as glibc's res_init.c reads them: a
 * line starting with "options" and a blank, whose blank-separated words res_setoptions takes by
 * prefix ("rotate" also matches "rotated"); words it does not know are ignored, and no word clears
 * a flag. RES_OPTIONS is read after the file, with the same res_setoptions.
 */
export function parseResolvOptions(text: string, env?: string): ResolvOptions {
  const words: string[] = [];
  for (const line of text.split("\n")) {
    // res_init.c MATCH(line, "options"): the word, then a space or a tab
    if (/^options[ \t]/.test(line)) words.push(...line.slice("options".length).split(/[ \t]+/));
  }
  if (env !== undefined) words.push(...env.split(/[ \t]+/));
  // res_setoptions: "ndots:", "timeout:" and "attempts:" come first, then a table matched by prefix
  return { useVc: words.some((w) => w.startsWith("use-vc")), rotate: words.some((w) => w.startsWith("rotate")) };
}
