// `--input FILE` (or "-" for stdin): a saved socket listing of any known layout, read instead of the
// live system. This module reads the file; parsing and selection are pure (saved-text.ts).

import { readFileSync } from "node:fs";
import type { Socket } from "../model.js";
import type { Reader, ReadRequest, Snapshot } from "./types.js";
import { capDiagnostics, chooseLayout, keepSockets, parseLayout, type Layout } from "./saved-text.js";

/** With -p: how many sockets the text names no process for (most netstat layouts name none). */
function unnamedOwners(sockets: readonly Socket[], source: string): string | null {
  const n = sockets.filter((s) => s.ownerStatus === "not-read").length;
  return n === 0 ? null : `(${source} names no process for ${n} socket${n === 1 ? "" : "s"}: PID/Program name shows "-" there.)\n`;
}

/**
 * Read `path` ("-": stdin) and settle its layout now, so that a file that cannot be read or a text no
 * parser knows is one line before any table is printed. The text is read as latin1 (one char per
 * byte, as the /proc reader reads), so no byte is lost.
 */
export function openInput(path: string, forced: Layout | null): Reader | { readonly error: string } {
  const source = path === "-" ? "stdin" : path;
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "latin1");
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (err as Error).message;
    return { error: `tsnetstat: ${source}: cannot read the input: ${why}\n` };
  }
  const chosen = chooseLayout(text, forced);
  if ("message" in chosen) return { error: `tsnetstat: ${source}: ${chosen.message}\n` };
  const layout = chosen.layout;
  let parsed: { records: Socket[]; diagnostics: Snapshot["diagnostics"] } | null = null;
  return {
    platform: "input",
    read: (req: ReadRequest): Promise<Snapshot> => {
      parsed ??= parseLayout(text, layout, source, path);
      const kept = keepSockets(parsed.records, req, true);
      let inet = kept.inet;
      if (req.onInet !== undefined) {
        for (const s of inet) req.onInet(s);
        inet = [];
      }
      return Promise.resolve({
        inet,
        unix: kept.unix,
        missing: [],
        diagnostics: capDiagnostics(parsed.diagnostics, source),
        ownerNotice: req.owners === "none" ? null : unnamedOwners([...kept.inet, ...(kept.unix ?? [])], source),
        origin: `${source} (read as ${layout} output)`,
      });
    },
  };
}
