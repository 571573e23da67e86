// --table: a boxed view for people rather than scripts — every owner of each socket, the user,
// the service name and the IPv6 scope — sized to the terminal width. cli-table3 is loaded
// (dynamic import) only by this view. The cell texts are pure (boxedRows); drawing is cli-table3's.

import type { InetSocket, Socket, UnixSocket } from "../model.js";
import type { NameLookup, ServiceTable } from "../names/lookup.js";
import { escapeText } from "./escape.js";

const BOXED_HEAD = ["Proto", "Local", "Remote", "State", "Service", "User", "Owners"] as const;

const SERVICE: Readonly<Record<InetSocket["proto"], ServiceTable>> = { tcp: "tcp", udp: "udp", udplite: "udp", raw: "raw", sctp: "tcp" };

const endpoint = (address: string, port: number | null, scope: string | undefined, v6: boolean): string => {
  const host = scope === undefined ? address : `${address}%${scope}`;
  return `${v6 ? `[${host}]` : host}:${port === null ? "*" : String(port)}`;
};

/** One owner per line, "pid/program"; "?" when owners could not all be read, "-" when none hold it. */
function ownersText(s: Socket): string {
  if (s.owners.length === 0) return s.ownerStatus === "complete" ? "-" : s.ownerStatus === "partial" ? "? (not readable)" : "";
  return s.owners.map((o) => escapeText(`${o.pid}/${o.program}`)).join("\n");
}

function inetCells(s: InetSocket, names: NameLookup): string[] {
  const v6 = s.family === "inet6";
  const service = s.local.port === null ? null : names.service(s.local.port, SERVICE[s.proto]);
  const user = s.uid === null ? "-" : (names.user(s.uid) ?? String(s.uid));
  return [
    v6 ? `${s.proto}6` : s.proto,
    endpoint(s.local.address, s.local.port, s.local.scope, v6),
    endpoint(s.remote.address, s.remote.port, s.remote.scope, v6),
    s.state ?? "",
    service ?? "",
    user,
    ownersText(s),
  ];
}

function unixCells(s: UnixSocket): string[] {
  return [`unix ${s.type.toLowerCase()}`, s.path === null ? "" : escapeText(s.path), "", s.state ?? "", "", "-", ownersText(s)];
}

function boxedRows(sockets: Iterable<Socket>, names: NameLookup): string[][] {
  const rows: string[][] = [];
  for (const s of sockets) rows.push(s.proto === "unix" ? unixCells(s) : inetCells(s, names));
  return rows;
}

/** Columns that may wrap when the terminal is narrow: addresses, service names, owners. */
const WRAPPABLE: ReadonlySet<number> = new Set([1, 2, 4, 6]);

/** The columns worth showing: a column empty in every row (no service names, say) is left out. */
export function shownColumns(rows: readonly (readonly string[])[]): number[] {
  return BOXED_HEAD.map((_, i) => i).filter((i) => rows.length === 0 || rows.some((r) => (r[i] ?? "") !== ""));
}

/**
 * Column widths (content plus cli-table3's one-space padding each side) that fit `width`
 * characters: every column as wide as its longest line, then the widest wrappable one shrunk in
 * turn (down to its heading) until the table fits; cli-table3 wraps what no longer fits. A box
 * takes one border per column plus one.
 */
export function fitWidths(head: readonly string[], rows: readonly (readonly string[])[], width: number, wrappable: readonly boolean[]): number[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...(r[i] ?? "").split("\n").map((l) => l.length)))) + 2);
  const min = head.map((h) => Math.max(7, h.length + 2));
  const budget = width - (widths.length + 1);
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    const shrinkable = widths.map((w, i) => (wrappable[i] === true && w > (min[i] ?? 7) ? w : -1));
    const widest = shrinkable.indexOf(Math.max(...shrinkable));
    if (widest < 0 || (shrinkable[widest] ?? -1) < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return widths;
}

export interface BoxedStyle {
  /** Paint the header words (bold on a terminal with colour), or leave them. */
  readonly head: (s: string) => string;
  readonly state: (word: string) => string;
}

/** The boxed table as text, `width` characters wide at most; colour, if any, is painted on the drawn lines. */
export async function renderBoxed(sockets: Iterable<Socket>, names: NameLookup, width: number, style: BoxedStyle): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const all = boxedRows(sockets, names);
  const columns = shownColumns(all);
  const head = columns.map((i) => BOXED_HEAD[i] ?? "");
  const rows = all.map((r) => columns.map((i) => r[i] ?? ""));
  const colWidths = fitWidths(head, rows, width, columns.map((i) => WRAPPABLE.has(i)));
  const stateColumn = columns.indexOf(3);
  // no colours of cli-table3's own: the header and the states are painted on the drawn text
  const table = new Table({ head, colWidths, wordWrap: true, wrapOnWordBoundary: false, style: { head: [], border: [] },
    // no rule between rows: one socket a line (more than one when it has several owners)
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const r of rows) table.push(r);
  const lines = table.toString().split("\n");
  // the rule under the header (cli-table3 draws it with the row rules turned off above)
  lines.splice(2, 0, (lines[0] ?? "").replace("┌", "├").replace("┐", "┤").replaceAll("┬", "┼"));
  const headLine = lines[1];
  if (headLine !== undefined) lines[1] = headLine.replace(/[A-Za-z]+/g, (w) => style.head(w));
  // the State cell: "│ text │" with the text padded to the column
  const statePattern = new RegExp(`^((?:│[^│]*){${stateColumn}}│ )([A-Z_0-9]+)( *│)`);
  if (stateColumn >= 0) {
    for (let i = 3; i < lines.length; i++) lines[i] = (lines[i] ?? "").replace(statePattern, (_, a: string, w: string, b: string) => `${a}${style.state(w)}${b}`);
  }
  return `${lines.join("\n")}\n`;
}
