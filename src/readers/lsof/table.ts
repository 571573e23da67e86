// The pure parser of lsof's default table (`lsof -i -n -P`, a saved output): the same records as
// the field parser, so the same normaliser makes sockets of them.
//
// Columns: COMMAND PID [TID [TASKCMD]] USER FD TYPE DEVICE SIZE/OFF NODE NAME (lsof(8) OUTPUT).
// Widths follow the data; numbers are right-aligned under their title, NAME starts under its
// title and runs to the end of the line, and a thread row leaves TID blank for the process itself
// (Linux lsof ≥ 4.89 lists threads). COMMAND is cut to 9 characters and may hold spaces, so it is
// what lies before the PID.

import type { Diagnostic, Parsed } from "../../model.js";
import type { LsofFile } from "./fields.js";

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function tokens(s: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** "(LISTEN)", "(ESTABLISHED QR=0 QS=0)", "(QR=0 QS=0)" after the address: state and queues. */
function stateTail(name: string): { name: string; state: string | null; recvQ: number | null; sendQ: number | null } {
  const m = / \(([^()]*)\)$/.exec(name);
  let state: string | null = null;
  let recvQ: number | null = null;
  let sendQ: number | null = null;
  if (m === null) return { name: name.trimEnd(), state, recvQ, sendQ };
  for (const item of (m[1] ?? "").split(" ")) {
    const q = /^(QR|QS)=(\d+)$/.exec(item);
    if (q !== null) {
      if (q[1] === "QR") recvQ = Number(q[2]);
      else sendQ = Number(q[2]);
    } else if (item !== "" && !item.includes("=")) state = item;
  }
  return { name: name.slice(0, m.index), state, recvQ, sendQ };
}

export function parseLsofTable(text: string, source: string): Parsed<LsofFile> {
  const records: LsofFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let header: { pidEnd: number; tidEnd: number | null; nameStart: number } | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (/^COMMAND +PID /.test(line)) {
      const pid = line.indexOf(" PID") + 4;
      const tid = line.indexOf(" TID ");
      const name = line.lastIndexOf(" NAME");
      if (name < 0) diagnostics.push({ source, line: n, message: "lsof header without a NAME column" });
      header = name < 0 ? null : { pidEnd: pid, tidEnd: tid < 0 ? null : tid + 4, nameStart: name + 1 };
      return;
    }
    const h: { pidEnd: number; tidEnd: number | null; nameStart: number } | null = header;
    if (h === null) {
      diagnostics.push({ source, line: n, message: "lsof row before the COMMAND PID ... NAME header" });
      return;
    }
    const prefix = tokens(line.slice(0, h.nameStart));
    const pidAt = prefix.findIndex((t) => t.end === h.pidEnd && /^\d+$/.test(t.text));
    // after PID: [TID] USER FD TYPE DEVICE SIZE/OFF NODE (the socket columns are never blank)
    const rest = pidAt < 0 ? [] : prefix.slice(pidAt + 1);
    const tidAt = h.tidEnd === null ? -1 : rest.findIndex((t) => t.end === h.tidEnd);
    const cols = tidAt === 0 ? rest.slice(1) : rest;
    if (pidAt < 1 || cols.length !== 6) {
      diagnostics.push({ source, line: n, message: "not an lsof row of an Internet or UNIX socket (expected COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME)" });
      return;
    }
    const [, fdTok, typeTok, deviceTok, , nodeTok] = cols;
    // "*123u": a descriptor of 10,000 or more, of which lsof prints only the last three digits (sockets.ts)
    const fd = /^(\d+|\*\d{3})[urw]?[ NrRwWuUx]?$/.exec(fdTok?.text ?? "");
    if (fd === null) {
      diagnostics.push({ source, line: n, message: `FD ${JSON.stringify(fdTok?.text)} is not a socket descriptor` });
      return;
    }
    const node = nodeTok?.text ?? "";
    const tail = stateTail(line.slice(h.nameStart));
    records.push({
      line: n,
      pid: Number(prefix[pidAt]?.text),
      command: line.slice(0, prefix[pidAt]?.start).trimEnd(),
      uid: null,
      fd: fd[1] ?? "",
      type: typeTok?.text ?? null,
      device: deviceTok?.text ?? null,
      inode: /^\d+$/.test(node) ? node : null,
      protocol: /^\d+$/.test(node) ? null : node,
      name: tail.name,
      state: tail.state,
      recvQ: tail.recvQ,
      sendQ: tail.sendQ,
    });
  });
  return { records, diagnostics };
}

/** True when the text starts with lsof's table header (COMMAND PID ... NAME). For --input's layout detection. */
export function looksLikeLsofTable(text: string): boolean {
  return /^COMMAND +PID +.*\bNAME *(?:\n|$)/.test(text.replace(/^\n+/, ""));
}
