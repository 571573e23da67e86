// Colour for the netstat tables on a terminal: states, wildcard binds and unknown owners stand
// out. The rows are netstat's text with escape sequences around some of their words, so the
// columns stay where they are. chalk is loaded (dynamic import) only when colour is on: a plain
// run, and every piped one, never loads it, and prints netstat's bytes.

import type { ChalkInstance } from "chalk";
import type { InetSocket, Socket, UnixSocket } from "../model.js";
import { isUnspecified } from "../addr.js";

export type ColorMode = "auto" | "always" | "never";

/**
 * The colour level for a run (0: none): --color=never/always, else NO_COLOR (https://no-color.org:
 * set and not empty turns colour off), else FORCE_COLOR (0 off; 1, 2, 3 the level; empty or true
 * is 1), else a terminal that is not TERM=dumb.
 */
export function colorLevel(mode: ColorMode, env: NodeJS.ProcessEnv, isTerminal: boolean): 0 | 1 | 2 | 3 {
  if (mode === "never") return 0;
  const force = env.FORCE_COLOR;
  const forced = force === undefined ? null : force === "" || force === "true" ? 1 : force === "false" ? 0 : /^[0-3]$/.test(force) ? (Number(force) as 0 | 1 | 2 | 3) : 1;
  if (mode === "always") return forced === null || forced === 0 ? 1 : forced;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (forced !== null) return forced;
  return isTerminal && env.TERM !== "dumb" ? 1 : 0;
}

export interface Painter {
  inetRow(row: string, s: InetSocket, programs: boolean, extend: boolean): string;
  unixRow(row: string, s: UnixSocket, programs: boolean): string;
  /** The painter's chalk, for the other views (--table, --changes). */
  readonly chalk: ChalkInstance;
  /** A state word (netstat's TCP names, or the UNIX LISTENING/CONNECTED...) in its colour. */
  state(word: string): string;
}

/** A painter at `level` (1-3); loads chalk. */
export async function loadPainter(level: 1 | 2 | 3): Promise<Painter> {
  const { Chalk } = await import("chalk");
  return painter(new Chalk({ level }));
}

const WAITING: ReadonlySet<string> = new Set(["TIME_WAIT", "CLOSE_WAIT", "FIN_WAIT1", "FIN_WAIT2", "LAST_ACK", "CLOSING", "SYN_SENT", "SYN_RECV", "NEW_SYN_RECV"]);

export function painter(c: ChalkInstance): Painter {
  const state = (word: string): string => {
    if (word === "LISTEN" || word === "LISTENING") return c.green(word);
    if (word === "ESTABLISHED" || word === "CONNECTED") return c.cyan(word);
    if (WAITING.has(word)) return c.yellow(word);
    return word;
  };
  /** Split a row into words and the spaces between them (words at even indexes). */
  const words = (row: string): string[] => row.replace(/\n$/, "").split(/( +)/);
  const unknownOwner = (s: Socket): boolean => s.owners.length === 0;
  return {
    chalk: c,
    state,
    inetRow(row, s, programs, extend) {
      // SCTP rows have a layout of their own (one line per address, format/netstat.ts sctpRow): left plain
      if (s.proto === "sctp") return row;
      const w = words(row);
      // words: proto, Recv-Q, Send-Q, local, remote, then the state unless netstat prints it empty
      // (format/netstat.ts stateText: UDP prints nothing when not connected)
      const local = w[6];
      if (local !== undefined && isUnspecified(s.local.address)) w[6] = c.bold.red(local);
      const stateShown = s.proto === "tcp" || s.proto === "raw" || (s.state !== "CLOSE" && s.state !== null);
      const stateWord = w[10];
      if (stateShown && s.proto !== "raw" && stateWord !== undefined) w[10] = state(stateWord);
      const next = (stateShown ? 12 : 10) + (extend ? 4 : 0);
      if (programs && unknownOwner(s) && w[next] === "-") w[next] = c.red("-");
      return `${w.join("")}\n`;
    },
    unixRow(row, s, programs) {
      // unix_do_one's columns: proto 5, RefCnt 6, Flags 11, Type 10, State 13, I-Node 8 (wider when the text is)
      const d = s.detail.source === "proc" ? s.detail : null;
      const flagsLen = d === null ? 3 : 4 + d.flags.reduce((n, f) => n + f.length + 1, 0);
      const widths = [5, Math.max(6, d === null ? 1 : String(d.refCnt).length), Math.max(11, flagsLen), Math.max(10, s.type.length)];
      const stateAt = widths.reduce((n, x) => n + x + 1, 0);
      const stateLen = (s.state ?? "").length;
      const inodeAt = stateAt + Math.max(13, stateLen) + 1;
      const ownerAt = inodeAt + Math.max(8, String(s.inode ?? "-").length) + 1;
      let out = row;
      if (programs && unknownOwner(s) && out[ownerAt] === "-") out = `${out.slice(0, ownerAt)}${c.red("-")}${out.slice(ownerAt + 1)}`;
      if (s.state !== null && out.slice(stateAt, stateAt + stateLen) === s.state) {
        out = `${out.slice(0, stateAt)}${state(s.state)}${out.slice(stateAt + stateLen)}`;
      }
      return out;
    },
  };
}
