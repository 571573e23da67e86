// Pure parsers for the Linux /proc/net socket tables: text in, sockets and diagnostics out.
// They scan the text character by character (no per-line regular expressions or split arrays):
// a busy server's /proc/net/tcp holds hundreds of thousands of lines.

import type {
  Diagnostic,
  InetFamily,
  InetProto,
  InetSocket,
  LinuxInetDetail,
  LinuxTimer,
  LinuxUnixDetail,
  Owner,
  Parsed,
  ProcInetTable,
  UnixFlag,
  UnixSocket,
  UnixState,
  UnixType,
} from "../../model.js";
import { PROC_INET_TABLES } from "../../model.js";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "../../addr.js";
import { decodeLatin1Bytes } from "../../text.js";
import { tcpStateOfNumber } from "../../states.js";

/** Shared by every socket whose owners are unknown, so that 200,000 sockets cost no arrays. */
export const NO_OWNERS: readonly Owner[] = Object.freeze([]);
/** Shared by every socket with no timer running (most of them): one object, not 200,000. */
const NO_TIMER: LinuxTimer = Object.freeze({ kind: 0, ticks: 0, retransmits: 0, probes: 0 });


/** The detail of a socket with no timer running, one frozen object per state number (the common case). */
const IDLE_DETAIL: readonly LinuxInetDetail[] = Array.from({ length: 256 }, (_, stateCode) =>
  Object.freeze({ source: "proc", platform: "linux", stateCode, timer: NO_TIMER }),
);

export interface ParseOptions {
  /** Name used in diagnostics, e.g. "/proc/net/tcp". */
  readonly source: string;
  /** Byte order of the machine that wrote the file (the words are host-order integers). */
  readonly littleEndian?: boolean;
  /**
   * Internet tables: read the kernel's own lines at fixed offsets first (true, the default), or
   * every line field by field (false: the two readers must agree, and the tests check that they do).
   */
  readonly fastPath?: boolean;
}

const SPACE = 32;
const COLON = 58;

/** The value of one hex digit (either case), or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/** Where the run of hex digits starting at `at` ends (`at` itself when there is none), before `end`. */
function hexEnd(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && hexDigit(text.charCodeAt(i)) >= 0) i++;
  return i;
}

/**
 * Exactly `n` hex digits from `at` (n ≤ 13, so the value is exact): their value, or -1. The one hex
 * reader of this module: fields, ports, addresses (the kernel prints them all with %X / %0nX).
 */
function hexValue(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** A cursor over one line of text; every read returns -1 (or false) on malformed input. */
class Cursor {
  pos = 0;
  end = 0;
  constructor(readonly text: string) {}

  at(start: number, end: number): void {
    this.pos = start;
    this.end = end;
  }

  skipSpaces(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** Hex digits up to a non-hex character; -1 if there are none or more than 13 (2^52: exact). */
  hex(): number {
    const start = this.pos;
    this.pos = hexEnd(this.text, start, this.end);
    const n = this.pos - start;
    return n === 0 || n > 13 ? -1 : hexValue(this.text, start, n);
  }

  /** Decimal digits, optionally negative; NaN if there are none. */
  dec(): number {
    let neg = false;
    if (this.text.charCodeAt(this.pos) === 45) {
      neg = true;
      this.pos++;
    }
    const start = this.pos;
    let v = 0;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      this.pos++;
    }
    if (this.pos === start || this.pos - start > 15) return NaN;
    return neg ? -v : v;
  }

  expect(code: number): boolean {
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  /** A field must end at a space or the end of the line. */
  fieldEnd(): boolean {
    return this.pos >= this.end || this.text.charCodeAt(this.pos) === SPACE;
  }
}

/** Iterate the lines of a table after its header; calls fn(start, end, lineNumber) (1-based, header = 1). */
function forEachDataLine(text: string, fn: (start: number, end: number, line: number) => void): void {
  let start = text.indexOf("\n");
  if (start < 0) return;
  start++;
  let line = 2;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    // ignore a trailing empty line, tolerate trailing spaces (IPv4 tables are padded to a fixed width)
    let e = end;
    while (e > start && text.charCodeAt(e - 1) === SPACE) e--;
    if (e > start) fn(start, e, line);
    start = end + 1;
    line++;
  }
}

/** Addresses repeat a lot (127.0.0.1, ::): decode each distinct hex form once per table. */
class AddressCache {
  private readonly v4 = new Map<number, string>();
  private readonly v6 = new Map<string, string>();
  private readonly bytes = new Uint8Array(16);
  constructor(private readonly littleEndian: boolean) {}

  /** Reads 8 or 32 hex digits at cur.pos; returns the numeric text or null. */
  read(cur: Cursor, ipv6: boolean): string | null {
    const text = cur.text;
    const n = ipv6 ? 32 : 8;
    if (cur.pos + n > cur.end) return null;
    if (!ipv6) {
      const v = hexValue(text, cur.pos, 8);
      if (v < 0) return null;
      cur.pos += 8;
      let s = this.v4.get(v);
      if (s === undefined) {
        this.word(v, 0);
        s = formatIPv4(this.bytes, 0);
        this.v4.set(v, s);
      }
      return s;
    }
    const key = text.substring(cur.pos, cur.pos + 32);
    let s = this.v6.get(key);
    if (s === undefined) {
      for (let w = 0; w < 4; w++) {
        const v = hexValue(key, w * 8, 8);
        if (v < 0) return null;
        this.word(v, w * 4);
      }
      s = formatIPv6(this.bytes);
      this.v6.set(key, s);
    }
    cur.pos += 32;
    return s;
  }

  /**
   * One 32-bit word of an address into its 4 bytes in network order: the kernel prints each word
   * as a host-order integer with "%08X" (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c
   * get_tcp6_sock), so on a little-endian machine the bytes of every word appear reversed.
   */
  private word(v: number, at: number): void {
    const b = this.bytes;
    const le = this.littleEndian;
    b[at + (le ? 3 : 0)] = (v >>> 24) & 0xff;
    b[at + (le ? 2 : 1)] = (v >>> 16) & 0xff;
    b[at + (le ? 1 : 2)] = (v >>> 8) & 0xff;
    b[at + (le ? 0 : 3)] = v & 0xff;
  }
}

/**
 * Parse /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}.
 * Layout: `sl: local rem st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …`
 * (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv4/udp.c udp4_format_sock, net/ipv4/raw.c raw_sock_seq_show).
 */
export function parseInetTable(text: string, table: ProcInetTable, opts: ParseOptions): Parsed<InetSocket> {
  const records: InetSocket[] = [];
  const diagnostics: Diagnostic[] = [];
  const { proto, family } = PROC_INET_TABLES[table];
  const ipv6 = family === "inet6";
  const fast = opts.fastPath ?? true;
  const addrs = new AddressCache(opts.littleEndian ?? true);
  const cur = new Cursor(text);

  // one closure for the whole table, not one per line
  const bad = (line: number, what: string): void => {
    diagnostics.push({ source: opts.source, line, message: `malformed ${table} line skipped (${what})` });
  };
  forEachDataLine(text, (start, end, line) => {
    // the kernel's own lines take the fixed-width path; anything else is read field by field
    const quick = fast ? quickInetLine(text, start, end, proto, family, addrs, cur) : null;
    if (quick !== null) {
      records.push(quick);
      return;
    }
    cur.at(start, end);
    cur.skipSpaces();
    if (Number.isNaN(cur.dec()) || !cur.expect(COLON)) return bad(line, "slot number");
    cur.skipSpaces();
    const localAddress = addrs.read(cur, ipv6);
    if (localAddress === null || !cur.expect(COLON)) return bad(line, "local address");
    const localPort = cur.hex();
    if (localPort < 0 || localPort > 0xffff || !cur.fieldEnd()) return bad(line, "local port");
    cur.skipSpaces();
    const remoteAddress = addrs.read(cur, ipv6);
    if (remoteAddress === null || !cur.expect(COLON)) return bad(line, "remote address");
    const remotePort = cur.hex();
    if (remotePort < 0 || remotePort > 0xffff || !cur.fieldEnd()) return bad(line, "remote port");
    cur.skipSpaces();
    const st = cur.hex();
    if (st < 0 || !cur.fieldEnd()) return bad(line, "state");
    cur.skipSpaces();
    const sendQ = cur.hex();
    if (sendQ < 0 || !cur.expect(COLON)) return bad(line, "tx_queue");
    const recvQ = cur.hex();
    if (recvQ < 0 || !cur.fieldEnd()) return bad(line, "rx_queue");
    cur.skipSpaces();
    const tr = cur.hex();
    if (tr < 0 || !cur.expect(COLON)) return bad(line, "timer");
    const when = cur.hex();
    if (when < 0 || !cur.fieldEnd()) return bad(line, "timer expiry");
    cur.skipSpaces();
    const retr = cur.hex();
    if (retr < 0 || !cur.fieldEnd()) return bad(line, "retransmits");
    cur.skipSpaces();
    const uid = cur.dec();
    if (Number.isNaN(uid) || !cur.fieldEnd()) return bad(line, "uid");
    cur.skipSpaces();
    const timeout = cur.dec();
    if (Number.isNaN(timeout) || !cur.fieldEnd()) return bad(line, "timeout");
    cur.skipSpaces();
    const inode = cur.dec();
    if (Number.isNaN(inode) || inode < 0 || !cur.fieldEnd()) return bad(line, "inode");

    records.push(
      inetSocket(proto, family, localAddress, localPort, remoteAddress, remotePort, st, { sendQ, recvQ, tr, when, retr, uid, timeout, inode }),
    );
  });
  return { records, diagnostics };
}

/** Where the last decField stopped (one number per call is all a line needs, so no result object). */
let decEnd = 0;
/** Decimal digits after optional spaces from `at`, up to `end`: their value, or -1. */
function decField(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  const first = i;
  let v = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  decEnd = i;
  return i === first || i - first > 15 ? -1 : v;
}

/**
 * A line exactly as the kernel writes it, read at fixed offsets (all three tables use the same
 * widths: `%08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu`, net/ipv4/tcp_ipv4.c
 * get_tcp4_sock, udp.c udp4_format_sock, raw.c raw_sock_seq_show; IPv6 has 32 address digits):
 * the socket, or null for anything else (a wider field, a negative number), which then goes
 * through the field-by-field reader and its diagnostics. Same values as that reader.
 */
function quickInetLine(
  text: string,
  start: number,
  end: number,
  proto: InetProto,
  family: InetFamily,
  addrs: AddressCache,
  cur: Cursor,
): InetSocket | null {
  const ipv6 = family === "inet6";
  // the slot number: spaces, digits, a colon, a space
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  const digits = i;
  while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === digits || i - digits > 15 || text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) return null;
  const a = ipv6 ? 32 : 8;
  // offsets from the local address: address, ':', port, ' ', address, ':', port, ' ', st, ' ',
  // tx, ':', rx, ' ', tr, ':', when, ' ', retr, ' '
  const l = i + 2;
  const r = l + a + 6;
  const q = r + a + 6 + 3;
  const t = q + 18;
  if (q + 18 + 21 >= end) return null;
  if (
    text.charCodeAt(l + a) !== COLON ||
    text.charCodeAt(l + a + 5) !== SPACE ||
    text.charCodeAt(r + a) !== COLON ||
    text.charCodeAt(r + a + 5) !== SPACE ||
    text.charCodeAt(q - 1) !== SPACE ||
    text.charCodeAt(q + 8) !== COLON ||
    text.charCodeAt(q + 17) !== SPACE ||
    text.charCodeAt(t + 2) !== COLON ||
    text.charCodeAt(t + 11) !== SPACE ||
    text.charCodeAt(t + 20) !== SPACE
  ) {
    return null;
  }
  const localPort = hexValue(text, l + a + 1, 4);
  const remotePort = hexValue(text, r + a + 1, 4);
  const st = hexValue(text, r + a + 6, 2);
  const sendQ = hexValue(text, q, 8);
  const recvQ = hexValue(text, q + 9, 8);
  const tr = hexValue(text, t, 2);
  const when = hexValue(text, t + 3, 8);
  const retr = hexValue(text, t + 12, 8);
  if (localPort < 0 || remotePort < 0 || st < 0 || sendQ < 0 || recvQ < 0 || tr < 0 || when < 0 || retr < 0) return null;
  const uid = decField(text, t + 21, end);
  if (uid < 0 || text.charCodeAt(decEnd) !== SPACE) return null;
  const timeout = decField(text, decEnd, end);
  if (timeout < 0 || text.charCodeAt(decEnd) !== SPACE) return null;
  const inode = decField(text, decEnd, end);
  if (inode < 0 || (decEnd < end && text.charCodeAt(decEnd) !== SPACE)) return null;
  cur.at(l, end);
  const localAddress = addrs.read(cur, ipv6);
  cur.at(r, end);
  const remoteAddress = addrs.read(cur, ipv6);
  if (localAddress === null || remoteAddress === null) return null;
  return inetSocket(proto, family, localAddress, localPort, remoteAddress, remotePort, st, { sendQ, recvQ, tr, when, retr, uid, timeout, inode });
}

/** The numeric columns of a table line after the state. */
interface LineNumbers {
  readonly sendQ: number;
  readonly recvQ: number;
  readonly tr: number;
  readonly when: number;
  readonly retr: number;
  readonly uid: number;
  readonly timeout: number;
  readonly inode: number;
}

/** One socket of a table line, built the same way (and so with the same shape) by both readers. */
function inetSocket(
  proto: InetProto,
  family: InetFamily,
  localAddress: string,
  localPort: number,
  remoteAddress: string,
  remotePort: number,
  st: number,
  n: LineNumbers,
): InetSocket {
  const idle = n.tr === 0 && n.when === 0 && n.retr === 0 && n.timeout === 0;
  return {
    proto,
    family,
    local: { address: localAddress, port: localPort === 0 ? null : localPort },
    remote: { address: remoteAddress, port: remotePort === 0 ? null : remotePort },
    state: tcpStateOfNumber(st),
    recvQ: n.recvQ,
    sendQ: n.sendQ,
    uid: n.uid,
    inode: n.inode,
    detail:
      idle && st < 256
        ? (IDLE_DETAIL[st] as LinuxInetDetail)
        : { source: "proc", platform: "linux", stateCode: st, timer: idle ? NO_TIMER : { kind: n.tr, ticks: n.when, retransmits: n.retr, probes: n.timeout } },
    owners: NO_OWNERS,
    ownerStatus: "not-read",
  };
}

/** include/uapi/linux/net.h: enum sock_type, as netstat names them. */
const UNIX_TYPES: Readonly<Record<number, UnixType>> = { 1: "STREAM", 2: "DGRAM", 3: "RAW", 4: "RDM", 5: "SEQPACKET" };
/** include/uapi/linux/net.h: socket_state (SS_FREE … SS_DISCONNECTING). */
const UNIX_STATES: readonly (UnixState | null)[] = ["FREE", null, "CONNECTING", "CONNECTED", "DISCONNECTING"];
/** __SO_ACCEPTCON (include/linux/net.h), the only flag /proc/net/unix reports (net/unix/af_unix.c). */
const SO_ACCEPTCON = 1 << 16;
/** The two flag lists a socket can have, shared by every socket. */
const NO_FLAGS: readonly UnixFlag[] = Object.freeze([]);
const ACC_FLAGS: readonly UnixFlag[] = Object.freeze(["ACC"]);

/** A line of /proc/net/unix starts with a kernel pointer and a colon. */
function looksLikeUnixLine(text: string, start: number, end: number): boolean {
  const i = hexEnd(text, start, end);
  return i > start && text.charCodeAt(i) === COLON && text.charCodeAt(i + 1) === SPACE;
}

/**
 * Parse /proc/net/unix: `Num: RefCount Protocol Flags Type St Inode [Path]` (net/unix/af_unix.c unix_seq_show).
 * The path is printed raw by the kernel, so a bound name may contain spaces and even newlines: a line
 * that does not start like a socket line continues the previous socket's path.
 */
export function parseUnixTable(text: string, opts: ParseOptions): Parsed<UnixSocket> {
  const records: UnixSocket[] = [];
  const diagnostics: Diagnostic[] = [];
  const cur = new Cursor(text);
  let start = text.indexOf("\n");
  if (start < 0) return { records, diagnostics };
  start++;
  let line = 2;
  let last: { socket: UnixSocket; index: number } | null = null;
  /** Sockets whose line ended in the separating space: a bound name, unless no continuation follows. */
  const unnamed: number[] = [];

  for (; start < text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const lineEnd = end;
    const next = end + 1;

    if (!looksLikeUnixLine(text, start, lineEnd)) {
      if (last !== null && last.socket.path !== null) {
        // continuation of a path that contained a newline
        const socket: UnixSocket = { ...last.socket, path: `${last.socket.path}\n${decodeLatin1Bytes(text.slice(start, lineEnd))}` };
        records[last.index] = socket;
        last = { socket, index: last.index };
      } else if (lineEnd > start) {
        diagnostics.push({ source: opts.source, line, message: "malformed unix line skipped (kernel pointer)" });
      }
      start = next;
      continue;
    }
    cur.at(start, lineEnd);
    const bad = (what: string): void => {
      diagnostics.push({ source: opts.source, line, message: `malformed unix line skipped (${what})` });
      last = null;
    };
    cur.hex();
    cur.expect(COLON);
    cur.skipSpaces();
    const refCnt = cur.hex();
    cur.skipSpaces();
    const protocol = cur.hex();
    cur.skipSpaces();
    const flagBits = cur.hex();
    cur.skipSpaces();
    const typeCode = cur.hex();
    cur.skipSpaces();
    const stateCode = cur.hex();
    cur.skipSpaces();
    const inode = cur.dec();
    start = next;
    if (refCnt < 0) { bad("refcount"); continue; }
    if (protocol < 0) { bad("protocol"); continue; }
    if (flagBits < 0) { bad("flags"); continue; }
    if (typeCode < 0) { bad("type"); continue; }
    if (stateCode < 0) { bad("state"); continue; }
    if (Number.isNaN(inode) || inode < 0 || !cur.fieldEnd()) { bad("inode"); continue; }
    // exactly one space separates the inode from the path; the path runs to the end of the line
    // (it is "" here when the name itself starts with a newline: continuation lines follow)
    const path = cur.pos < lineEnd ? decodeLatin1Bytes(text.slice(cur.pos + 1, lineEnd)) : null;
    if (path === "") unnamed.push(records.length);
    const accepting = (flagBits & SO_ACCEPTCON) !== 0;
    const state = stateCode === 1 ? (accepting ? "LISTENING" : null) : (UNIX_STATES[stateCode] ?? "UNKNOWN");
    const detail: LinuxUnixDetail = { source: "proc", platform: "linux", refCnt, flags: accepting ? ACC_FLAGS : NO_FLAGS, protocol, typeCode, stateCode };
    const socket: UnixSocket = {
      proto: "unix",
      type: UNIX_TYPES[typeCode] ?? "UNKNOWN",
      state,
      path,
      inode,
      detail,
      owners: NO_OWNERS,
      ownerStatus: "not-read",
    };
    records.push(socket);
    last = { socket, index: records.length - 1 };
  }
  for (const i of unnamed) {
    const s = records[i];
    if (s !== undefined && s.path === "") records[i] = { ...s, path: null };
  }
  return { records, diagnostics };
}

/** Whitespace-separated words of text[start, end) (netstat's strtok on " \t\n"). */
function words(text: string): string[] {
  return text.split(/[ \t]+/).filter((w) => w !== "");
}

/** A non-negative decimal number, or -1 (the kernel prints these columns with %d / %u / %lu). */
function decimal(word: string | undefined): number {
  return word !== undefined && /^[0-9]{1,15}$/.test(word) ? Number(word) : -1;
}

/**
 * One address of an SCTP list as the model spells it, or null: "%pI4" dotted quads and "%pI6"
 * full IPv6 ("fe80:0000:…:0001"), the primary path marked with a leading "*" in association lists
 * (net/sctp/proc.c sctp_seq_dump_local_addrs / sctp_seq_dump_remote_addrs, net/sctp/ipv6.c
 * sctp_v6_seq_dump_addr); netstat drops the "*" (netstat.c sctp_assoc_do_one).
 */
function sctpAddress(word: string): string | null {
  const w = word.startsWith("*") ? word.slice(1) : word;
  if (w.includes(":")) {
    const b = parseIPv6(w);
    return b === null ? null : formatIPv6(b);
  }
  const b = parseIPv4(w);
  return b === null ? null : formatIPv4(b, 0);
}

/** Every address of a list, or the first word that is not one. */
function sctpAddresses(list: readonly string[]): string[] | { bad: string } {
  const out: string[] = [];
  for (const w of list) {
    const a = sctpAddress(w);
    if (a === null) return { bad: w };
    out.push(a);
  }
  return out;
}

const unspecified = (address: string): string => (address.includes(":") ? "::" : "0.0.0.0");

/** Each data line of an SCTP table, with its 1-based line number (the header is line 1). */
function forEachSctpLine(text: string, fn: (line: string, lineNo: number) => void): void {
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() !== "") fn(line, i + 1);
  }
}

/**
 * Parse /proc/net/sctp/eps, the SCTP endpoints (listening sockets): `ENDPT SOCK STY SST HBKT LPORT
 * UID INODE LADDRS` (net/sctp/proc.c sctp_eps_seq_show). The state is the socket's sk_state, a TCP
 * number (include/net/sctp/constants.h sctp_sock_state_t); queues are not given.
 */
export function parseSctpEps(text: string, opts: ParseOptions): Parsed<InetSocket> {
  const records: InetSocket[] = [];
  const diagnostics: Diagnostic[] = [];
  forEachSctpLine(text, (line, lineNo) => {
    const bad = (what: string): void => {
      diagnostics.push({ source: opts.source, line: lineNo, message: `malformed sctp eps line skipped (${what})` });
    };
    const w = words(line);
    const st = decimal(w[3]);
    const port = decimal(w[5]);
    const uid = decimal(w[6]);
    const inode = decimal(w[7]);
    if (st < 0) return bad("state");
    if (port < 0 || port > 0xffff) return bad("local port");
    if (uid < 0) return bad("uid");
    if (inode < 0) return bad("inode");
    const local = sctpAddresses(w.slice(8));
    if ("bad" in local) return bad("local address");
    const first = local[0];
    if (first === undefined) return bad("no local address");
    records.push({
      proto: "sctp",
      family: first.includes(":") ? "inet6" : "inet",
      local: { address: first, port: port === 0 ? null : port },
      remote: { address: unspecified(first), port: null },
      state: tcpStateOfNumber(st),
      recvQ: null,
      sendQ: null,
      uid,
      inode,
      detail: sctpDetail(st),
      owners: NO_OWNERS,
      ownerStatus: "not-read",
      addresses: { local, remote: NO_ADDRESSES },
    });
  });
  return { records, diagnostics };
}

/**
 * Parse /proc/net/sctp/assocs, the SCTP associations: `ASSOC SOCK STY SST ST HBKT ASSOC-ID TX_QUEUE
 * RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS` and statistics after a tab (net/sctp/proc.c
 * sctp_assocs_seq_show).
 */
export function parseSctpAssocs(text: string, opts: ParseOptions): Parsed<InetSocket> {
  const records: InetSocket[] = [];
  const diagnostics: Diagnostic[] = [];
  forEachSctpLine(text, (line, lineNo) => {
    const bad = (what: string): void => {
      diagnostics.push({ source: opts.source, line: lineNo, message: `malformed sctp assocs line skipped (${what})` });
    };
    const arrow = line.indexOf("<->");
    if (arrow < 0) return bad("no <->");
    const w = words(line.slice(0, arrow));
    const st = decimal(w[3]);
    const sendQ = decimal(w[7]);
    const recvQ = decimal(w[8]);
    const uid = decimal(w[9]);
    const inode = decimal(w[10]);
    const lport = decimal(w[11]);
    const rport = decimal(w[12]);
    if (st < 0) return bad("state");
    if (sendQ < 0) return bad("tx_queue");
    if (recvQ < 0) return bad("rx_queue");
    if (uid < 0) return bad("uid");
    if (inode < 0) return bad("inode");
    if (lport < 0 || lport > 0xffff) return bad("local port");
    if (rport < 0 || rport > 0xffff) return bad("remote port");
    const local = sctpAddresses(w.slice(13));
    if ("bad" in local) return bad("local address");
    const tail = line.slice(arrow + 3);
    const tab = tail.indexOf("\t");
    const remote = sctpAddresses(words(tab < 0 ? tail : tail.slice(0, tab)));
    if ("bad" in remote) return bad("remote address");
    const l = local[0];
    const r = remote[0];
    if (l === undefined) return bad("no local address");
    if (r === undefined) return bad("no remote address");
    records.push({
      proto: "sctp",
      family: l.includes(":") ? "inet6" : "inet",
      local: { address: l, port: lport === 0 ? null : lport },
      remote: { address: r, port: rport === 0 ? null : rport },
      state: tcpStateOfNumber(st),
      recvQ,
      sendQ,
      uid,
      inode,
      detail: sctpDetail(st),
      owners: NO_OWNERS,
      ownerStatus: "not-read",
      addresses: { local, remote },
    });
  });
  return { records, diagnostics };
}

const NO_ADDRESSES: readonly string[] = Object.freeze([]);

/** SCTP sockets have no timer columns: the detail of an idle socket with their state number. */
const sctpDetail = (st: number): LinuxInetDetail =>
  st < 256 ? (IDLE_DETAIL[st] as LinuxInetDetail) : { source: "proc", platform: "linux", stateCode: st, timer: NO_TIMER };
