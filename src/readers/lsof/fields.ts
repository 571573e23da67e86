// The pure parser of `lsof -F` output (lsof(8) "OUTPUT FOR OTHER PROGRAMS"): text in, one record
// per open file out, with diagnostics for what is not lsof field output.
//
// Each field is one id character and its value, ended by a newline, or by a NUL with -F0 (then each
// process set and each file set also ends with a newline). A process set starts with `p` and holds
// process fields (c u L g R K M ...); each file set starts with `f` (lsof 4.88–4.93.2 always
// printed `f`; later ones only when asked, so we always ask). `T` fields carry a sub-id ending in
// "=" (TST=, TQR=, TQS=, ...). Fields lsof does not have for a file are simply absent.

import type { Diagnostic, Parsed } from "../../model.js";

/** One open file of one process, as lsof described it. */
export interface LsofFile {
  /** Line of the source where the file set starts (its `f` field), 1-based. */
  readonly line: number;
  readonly pid: number;
  /** `c`: the command name as the kernel knows it (whole, not cut to 9 as in the table). */
  readonly command: string | null;
  /** `u`: the process's user id. */
  readonly uid: number | null;
  /** `f`: descriptor ("3", or "cwd", "txt", "mem" for non-descriptors). */
  readonly fd: string;
  /** `t`: "IPv4", "IPv6", "unix", "sock", ... */
  readonly type: string | null;
  /** `d`: the DEVICE column: on Linux the socket inode of an Internet socket, elsewhere a kernel address "0x...". */
  readonly device: string | null;
  /** `i`: the NODE column's inode (Linux UNIX sockets). */
  readonly inode: string | null;
  /** `P`: "TCP", "UDP", "UDPLITE", "SCTP", ... */
  readonly protocol: string | null;
  /** `n`: the NAME column ("127.0.0.1:22->10.0.0.1:5000", "/run/x.sock type=STREAM"). */
  readonly name: string | null;
  /** `TST=`: the state as that system spells it. */
  readonly state: string | null;
  /** `TQR=` / `TQS=`: queue sizes. */
  readonly recvQ: number | null;
  readonly sendQ: number | null;
}

/** Every field id lsof 4.8x–4.99 documents (lsof(8) and `lsof -F ?`), and the dialect digits. */
const KNOWN_IDS = new Set("aCcdDfFGgiKklLmMnNoPpRrsStTuzZ0123456789".split(""));

interface Field {
  readonly id: string;
  readonly value: string;
  readonly line: number;
}

/** Split the text into fields with their line numbers, in either terminator mode. */
function fieldsOf(text: string): Field[] {
  const out: Field[] = [];
  if (text.includes("\0")) {
    // -F0: NUL ends each field; a newline ends each set, so it starts the next field
    let line = 1;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0) {
        out.push({ id: text[start] ?? "", value: text.slice(start + 1, i), line });
        start = i + 1;
      } else if (c === 10 && i === start) {
        line++;
        start = i + 1;
      }
    }
    // a last field without its terminator (a cut-off output) is still read
    if (start < text.length) out.push({ id: text[start] ?? "", value: text.slice(start + 1), line });
    return out;
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((l, i) => out.push({ id: l[0] ?? "", value: l.slice(1), line: i + 1 }));
  return out;
}

const integer = (s: string): number | null => (/^\d{1,15}$/.test(s) ? Number(s) : null);

export function parseLsofFields(text: string, source: string): Parsed<LsofFile> {
  const records: LsofFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const bad = (line: number, message: string): void => void diagnostics.push({ source, line, message });

  let proc: { pid: number; command: string | null; uid: number | null } | null = null;
  /** False after a `p` field we could not read: its fields and files are skipped (one diagnostic said so). */
  let procValid = true;
  let file: { -readonly [K in keyof LsofFile]: LsofFile[K] } | null = null;
  const flush = (): void => {
    if (file !== null) records.push(file);
    file = null;
  };

  for (const { id, value, line } of fieldsOf(text)) {
    if (id === "") {
      bad(line, "empty line in lsof field output");
      continue;
    }
    if (!KNOWN_IDS.has(id)) {
      bad(line, `not lsof field output (unknown field id ${JSON.stringify(id)})`);
      continue;
    }
    if (id === "p") {
      flush();
      const pid = integer(value);
      procValid = pid !== null;
      proc = pid === null ? null : { pid, command: null, uid: null };
      if (pid === null) bad(line, `process id ${JSON.stringify(value)} is not a number (this process's files are skipped)`);
      continue;
    }
    if (!procValid) continue;
    if (proc === null) {
      bad(line, "field before the first process (p) field");
      continue;
    }
    if (id === "f") {
      flush();
      file = {
        line,
        pid: proc.pid,
        command: proc.command,
        uid: proc.uid,
        fd: value,
        type: null,
        device: null,
        inode: null,
        protocol: null,
        name: null,
        state: null,
        recvQ: null,
        sendQ: null,
      };
      continue;
    }
    if (file === null) {
      // process fields come before the first file set
      if (id === "c") proc.command = value;
      else if (id === "u") proc.uid = integer(value);
      else if ("ntdiPT".includes(id)) bad(line, `file field '${id}' before any file descriptor (f) field: run lsof with -F f`);
      continue;
    }
    const f: { -readonly [K in keyof LsofFile]: LsofFile[K] } = file;
    switch (id) {
      case "t":
        f.type = value;
        break;
      case "d":
        f.device = value;
        break;
      case "i":
        f.inode = value;
        break;
      case "P":
        f.protocol = value;
        break;
      case "n":
        f.name = value;
        break;
      case "T": {
        const eq = value.indexOf("=");
        const key = eq < 0 ? value : value.slice(0, eq);
        const v = eq < 0 ? "" : value.slice(eq + 1);
        if (key === "ST") f.state = v;
        else if (key === "QR" || key === "QS") {
          const n = integer(v);
          if (n === null) bad(line, `queue size ${JSON.stringify(value)} is not a number`);
          else if (key === "QR") f.recvQ = n;
          else f.sendQ = n;
        }
        // SO= SS= TF= WR= WW= (socket options, flags, windows) are not part of the model
        break;
      }
      case "c":
      case "u":
        // a process field after a file set: lsof never does this
        bad(line, `process field '${id}' after a file set`);
        break;
      default:
        // the other documented fields (access, lock, offset, flags, ...) say nothing about sockets
        break;
    }
  }
  flush();
  return { records, diagnostics };
}

/** True when the text looks like lsof field output: its first field is a process id (`p1234`). For --input's layout detection. */
export function looksLikeLsofFields(text: string): boolean {
  return /^p\d+(?:\n|\0)/.test(text.replace(/^\n+/, ""));
}
