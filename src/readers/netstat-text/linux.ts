// The pure parser of Linux net-tools `netstat` tables (a saved `netstat -an`, `-tulpn`, `-aeep`,
// ...; and tsnetstat's own tables, which are the same): text in, sockets and diagnostics out.
//
// Layout (net-tools netstat.c, see the Linux netstat spec): a title line per table, a header line
// that says which optional columns follow (-e "User Inode", -p "PID/Program name", -o "Timer"),
// then one row per socket. Internet rows are read as whitespace-separated tokens (queues and long
// addresses widen their columns); the program name, which may hold spaces, is what lies between
// the fixed columns before it and the timer after it. UNIX rows are read the same way up to the
// inode; the program and path columns start where the header puts them (shifted by an inode wider
// than its column). Older net-tools (1.60, 2.0) right-align the inode in 6 and run the path on
// right after the padded program name; the header tells which.

import type { Diagnostic, Endpoint, InetFamily, InetProto, InetSocket, Owner, OwnerStatus, Parsed, Socket, UnixSocket, UnixState, UnixType } from "../../model.js";
import { PROC_INET_TABLES } from "../../model.js";
import { canonicalIPv4, canonicalIPv6 } from "../../addr.js";
import { canonicalTcpState, tcpStateOfNumber } from "../../states.js";
import { decodeBytes } from "../../text.js";

/** netstat prints a process but not which descriptor: the model's "unknown" descriptor. */
const FD_NOT_PRINTED = null;

export interface NetstatTextOptions {
  /** Name of the input for diagnostics (a file name, "-" for stdin). */
  readonly source: string;
  /**
   * Undo tsnetstat's escapes in program names and paths (`\\` `\n` `\t` `\r` `\xNN`, README
   * "Differences" 1). net-tools prints those bytes raw, so only a literal backslash in a real
   * netstat's output is read differently. Default true.
   */
  readonly unescape?: boolean;
}

/**
 * netstat's Proto column → transport and family: netstat names each row after its /proc/net file
 * (netstat.c tcp_info ... raw6_info), except UDP-Lite's, "udpl" and "udpl6".
 */
const PROTOS: Readonly<Record<string, { readonly proto: InetProto; readonly family: InetFamily }>> = Object.fromEntries(
  Object.entries(PROC_INET_TABLES).map(([file, kind]) => [file.replace(/^udplite/, "udpl"), kind]),
);

const UNIX_TYPES: ReadonlySet<string> = new Set(["STREAM", "DGRAM", "RAW", "RDM", "SEQPACKET", "UNKNOWN"]);
const UNIX_STATES: ReadonlySet<string> = new Set(["FREE", "LISTENING", "CONNECTING", "CONNECTED", "DISCONNECTING", "UNKNOWN"]);

/** The -o column at the end of a row (netstat.c tcp_do_one, udp_do_one, raw_do_one). */
const TIMER = / (?:(?:off|on\d?|keepalive|timewait|probe|unkn-\d+) \(-?\d+\.\d\d\/\d+\/\d+\)|-)$/;

/** netstat's stderr notices about -p, often pasted along with the table (netstat.c prg_cache_load). */
const NOTICES = [/^\(Not all processes could be identified, non-owned process info$/, /^ will not be shown, you would have to be root to see it all\.\)$/, /^\(No info could be read for "-p": geteuid\(\)=\d+ but you should be root\.\)$/];

interface InetColumns {
  readonly kind: "inet";
  readonly extend: boolean;
  readonly programs: boolean;
  readonly timers: boolean;
}

interface UnixColumns {
  readonly kind: "unix";
  /** Where the header puts PID/Program name, or null without -p. */
  readonly programAt: number | null;
  readonly pathAt: number;
}

/** Endpoints longer than 23 characters exist only with -W: then no address was shortened. */
function looksWide(lines: readonly string[]): boolean {
  for (const l of lines) {
    const t = l.split(/\s+/);
    if (t[0] !== undefined && Object.hasOwn(PROTOS, t[0]) && ((t[3]?.length ?? 0) > 23 || (t[4]?.length ?? 0) > 23)) return true;
  }
  return false;
}

export function parseNetstatText(text: string, opts: NetstatTextOptions): Parsed<Socket> {
  const source = opts.source;
  const unescape = opts.unescape ?? true;
  const records: Socket[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const wide = looksWide(lines);
  let columns: InetColumns | UnixColumns | null = null;
  let section: "inet" | "unix" | null = null;

  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const bad = (message: string): void => void diagnostics.push({ source, line: n, message });
    if (/^Active Internet connections\b/.test(line)) {
      section = "inet";
      columns = null;
      return;
    }
    if (/^Active UNIX domain sockets\b/.test(line)) {
      section = "unix";
      columns = null;
      return;
    }
    if (line.startsWith("Active ")) {
      section = null;
      columns = null;
      bad(`table not read: ${line.trim()}`);
      return;
    }
    if (NOTICES.some((re) => re.test(line))) return;
    if (line.trim() === "") {
      bad("empty line");
      return;
    }
    if (/^Proto +Recv-Q +Send-Q +Local Address +Foreign Address +State\b/.test(line)) {
      columns = { kind: "inet", extend: / User +Inode\b/.test(line), programs: line.includes(" PID/Program name"), timers: / Timer *$/.test(line) };
      if (section !== "inet") section = "inet";
      return;
    }
    if (/^Proto +RefCnt +Flags +Type +State +I-Node\b/.test(line)) {
      const programAt = line.indexOf("PID/Program name");
      const pathAt = line.indexOf("Path");
      if (pathAt < 0) {
        bad("UNIX header without a Path column");
        columns = null;
        return;
      }
      columns = { kind: "unix", programAt: programAt < 0 ? null : programAt, pathAt };
      section = "unix";
      return;
    }
    const cols: InetColumns | UnixColumns | null = columns;
    if (cols === null) {
      bad(section === null ? "not a netstat table line" : "row before the table's column header");
      return;
    }
    const made = cols.kind === "inet" ? inetRow(line, cols, wide, unescape) : unixRow(line, cols, unescape);
    if (typeof made === "string") bad(made);
    else records.push(made);
  });
  return { records, diagnostics };
}

function ownerStatusOf(programs: boolean): OwnerStatus {
  // a saved table does not say whether netstat ran as root: a "-" may be a process it could not read
  return programs ? "partial" : "not-read";
}

/** "1161/sshd" → the owner; "-" → none. netstat cuts "PID/name" to 19 characters (PROGNAME_WIDTH). */
function ownerOf(text: string, unescape: boolean): Owner[] | string {
  if (text === "-") return [];
  const m = /^(\d+)\/(.*)$/s.exec(text);
  if (m === null) return `PID/Program name ${JSON.stringify(text)} is not PID/name or -`;
  const program = unescape ? unescapeText(m[2] ?? "") : (m[2] ?? "");
  return [{ pid: Number(m[1]), fd: FD_NOT_PRINTED, program, comm: null, cmdline: null }];
}

function inetRow(line: string, cols: InetColumns, wide: boolean, unescape: boolean): InetSocket | string {
  let rest = line.trimEnd();
  if (cols.timers) {
    const t = TIMER.exec(rest);
    if (t === null) return "row without the Timer column its header announces";
    rest = rest.slice(0, t.index).trimEnd();
  }
  const re = /\S+/g;
  const next = (): { text: string; end: number } | null => {
    const m = re.exec(rest);
    return m === null ? null : { text: m[0], end: m.index + m[0].length };
  };
  const protoTok = next();
  const kind = protoTok === null ? undefined : PROTOS[protoTok.text];
  if (protoTok === null || kind === undefined) return `unknown protocol ${JSON.stringify(protoTok?.text ?? "")}`;
  const recvQ = next();
  const sendQ = next();
  // tsnetstat prints "-" for a queue size its platform does not give
  if (recvQ === null || sendQ === null || !/^(\d+|-)$/.test(recvQ.text) || !/^(\d+|-)$/.test(sendQ.text)) return "Recv-Q and Send-Q are not numbers";
  const localTok = next();
  const remoteTok = next();
  if (localTok === null || remoteTok === null) return "row without both addresses";
  const local = endpoint(localTok.text, kind.family, wide);
  if (typeof local === "string") return `local address ${local}`;
  const remote = endpoint(remoteTok.text, kind.family, wide);
  if (typeof remote === "string") return `foreign address ${remote}`;

  // the state: a TCP state name, a raw socket's number, ESTABLISHED or UNKNOWN or nothing for UDP
  let stateText: string | null = null;
  let afterState = remoteTok.end;
  const save = re.lastIndex;
  const st = next();
  const isState =
    st !== null &&
    (kind.proto === "tcp" ? true : kind.proto === "raw" ? /^\d+$/.test(st.text) : st.text === "ESTABLISHED" || st.text === "UNKNOWN");
  if (isState && st !== null) {
    stateText = st.text;
    afterState = st.end;
  } else re.lastIndex = save;
  let state: InetSocket["state"];
  if (kind.proto === "tcp") {
    if (stateText === null) return "TCP row without a state";
    state = canonicalTcpState(stateText);
    if (state === null && stateText !== "UNKNOWN") return `unknown TCP state ${JSON.stringify(stateText)}`;
  } else if (kind.proto === "raw") {
    if (stateText === null) return "raw row without its state number";
    state = tcpStateOfNumber(Number(stateText));
  } else state = stateText === "ESTABLISHED" ? "ESTABLISHED" : stateText === null ? "CLOSE" : null;

  let uid: number | null = null;
  let inode: number | null = null;
  let end = afterState;
  if (cols.extend) {
    const user = next();
    const ino = next();
    if (user === null || ino === null || !/^(\d+|-)$/.test(ino.text)) return "row without the User and Inode columns its header announces";
    // a user name cannot be turned back into a uid here; --numeric-users tables give the number
    uid = /^\d+$/.test(user.text) ? Number(user.text) : null;
    inode = ino.text === "-" ? null : Number(ino.text);
    end = ino.end;
  }
  let owners: Owner[] = [];
  if (cols.programs) {
    const text = rest.slice(end).trim();
    if (text === "") return "row without the PID/Program name column its header announces";
    const o = ownerOf(text, unescape);
    if (typeof o === "string") return o;
    owners = o;
  } else if (next() !== null) return "unexpected text after the last column";
  return {
    proto: kind.proto,
    family: kind.family,
    local,
    remote,
    state,
    recvQ: recvQ.text === "-" ? null : Number(recvQ.text),
    sendQ: sendQ.text === "-" ? null : Number(sendQ.text),
    uid,
    inode,
    owners,
    ownerStatus: ownerStatusOf(cols.programs),
    detail: { source: "netstat", platform: "linux", state: stateText, protoText: protoTok.text, dualStack: false, pcb: null, zone: null },
  };
}

/**
 * `host:port` as netstat prints it with -n (lib/inet.c, lib/inet6.c): IPv6 without brackets except
 * the resolved wildcard `[::]`, an IPv4-mapped address of a tcp6/udp6 row as a plain dotted quad,
 * port 0 as `*`. Without -W an endpoint over 22 characters is cut to 23 (netstat.c addr_do_one),
 * so a 23-character IPv6 endpoint may be cut: it is refused rather than guessed.
 */
function endpoint(text: string, family: InetFamily, wide: boolean): Endpoint | string {
  const colon = text.lastIndexOf(":");
  if (colon < 0) return `${JSON.stringify(text)} has no port`;
  const hostText = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  let port: number | null;
  if (portText === "*") port = null;
  else if (/^\d{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText) === 0 ? null : Number(portText);
  else return `${JSON.stringify(text)}: port ${JSON.stringify(portText)} is a service name (save the output of netstat -n)`;
  if (family === "inet") {
    const a = canonicalIPv4(hostText);
    return a === null ? `${JSON.stringify(text)}: ${JSON.stringify(hostText)} is a host name (save the output of netstat -n)` : { address: a, port };
  }
  if (hostText === "[::]") return { address: "::", port };
  const v4 = canonicalIPv4(hostText);
  if (v4 !== null) return { address: `::ffff:${v4}`, port };
  const a = canonicalIPv6(hostText);
  if (a === null) {
    if (!wide && text.length === 23) return `${JSON.stringify(text)} was cut to 23 characters by netstat (save the output of netstat -W)`;
    return `${JSON.stringify(text)}: ${JSON.stringify(hostText)} is a host name (save the output of netstat -n)`;
  }
  if (!wide && text.length === 23) return `${JSON.stringify(text)} may have been cut to 23 characters by netstat (save the output of netstat -W)`;
  return { address: a, port };
}

function unixRow(line: string, cols: UnixColumns, unescape: boolean): UnixSocket | string {
  const re = /\S+/g;
  const toks: { text: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) toks.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  let k = 0;
  const proto = toks[k++];
  if (proto === undefined || (proto.text !== "unix" && proto.text !== "??")) return "not a UNIX socket row";
  const refCnt = toks[k++];
  if (refCnt === undefined || !/^(\d+|-)$/.test(refCnt.text)) return "RefCnt is not a number";
  if (toks[k]?.text !== "[") return "Flags column is not [ ... ]";
  while (k < toks.length && toks[k]?.text !== "]") k++;
  k++;
  const typeTok = toks[k++];
  if (typeTok === undefined || !UNIX_TYPES.has(typeTok.text)) return `unknown socket type ${JSON.stringify(typeTok?.text ?? "")}`;
  let state: UnixState | null = null;
  if (toks[k] !== undefined && UNIX_STATES.has(toks[k]?.text ?? "")) state = (toks[k++]?.text ?? null) as UnixState | null;
  const inodeTok = toks[k];
  if (inodeTok === undefined || !/^(\d+|-)$/.test(inodeTok.text)) return "I-Node is not a number";
  // the columns after the inode start where the header says, later by what a wide inode overflows
  const nextAt = cols.programAt ?? cols.pathAt;
  const shift = Math.max(0, inodeTok.end + 1 - nextAt);
  let owners: Owner[] = [];
  let pathAt = cols.pathAt + shift;
  if (cols.programAt !== null) {
    const at = cols.programAt + shift;
    let progEnd = cols.pathAt + shift;
    // a program name (escaped by tsnetstat) longer than its column pushes the path on
    if (line.length > progEnd && line[progEnd - 1] !== " ") {
      const sp = line.indexOf(" ", progEnd);
      progEnd = sp < 0 ? line.length : sp;
      pathAt = progEnd + 1;
    }
    const o = ownerOf(line.slice(at, progEnd).trimEnd(), unescape);
    if (typeof o === "string") return o;
    owners = o;
  }
  const pathText = line.length > pathAt ? line.slice(pathAt) : "";
  return {
    proto: "unix",
    type: typeTok.text as UnixType,
    state,
    path: pathText === "" ? null : unescape ? unescapeText(pathText) : pathText,
    inode: inodeTok.text === "-" ? null : Number(inodeTok.text),
    owners,
    ownerStatus: ownerStatusOf(cols.programAt !== null),
    detail: { source: "netstat", platform: "linux", pcb: null, conn: null },
  };
}

/** The inverse of src/format/escape.ts: `\\` `\n` `\t` `\r` `\xNN` back to the bytes they stand for. */
export function unescapeText(s: string): string {
  if (!s.includes("\\")) return s;
  const bytes: number[] = [];
  const plain = (str: string): void => {
    for (const b of Buffer.from(str, "utf8")) bytes.push(b);
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? "";
    if (c === "\\") {
      const e = s[i + 1];
      const hex = /^x([0-9a-f]{2})/.exec(s.slice(i + 1, i + 4));
      if (e === "\\") bytes.push(0x5c);
      else if (e === "n") bytes.push(0x0a);
      else if (e === "t") bytes.push(0x09);
      else if (e === "r") bytes.push(0x0d);
      else if (hex !== null) {
        bytes.push(parseInt(hex[1] ?? "0", 16));
        i += 4;
        continue;
      } else {
        bytes.push(0x5c);
        i += 1;
        continue;
      }
      i += 2;
      continue;
    }
    const cp = s.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    plain(ch);
    i += ch.length;
  }
  return decodeBytes(Uint8Array.from(bytes));
}

/**
 * True when the text holds a Linux net-tools table header: "State" without BSD's parentheses, or
 * the UNIX table's "RefCnt Flags Type State I-Node". For --input's layout detection.
 */
export function looksLikeLinuxNetstat(text: string): boolean {
  return /^Proto +Recv-Q +Send-Q +Local Address +Foreign Address +State\b/m.test(text) || /^Proto +RefCnt +Flags +Type +State +I-Node\b/m.test(text);
}
