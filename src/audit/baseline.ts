// Baselines: the listeners an administrator has accepted, saved as JSON and compared with the
// listeners of a later run. Pure (the run reads and writes the file).

import type { Diagnostic } from "../model.js";
import type { BaselineEntry, Scope } from "./types.js";

export const BASELINE_SCHEMA = "tsnetstat-baseline/1";

const PROTOS = new Set(["tcp", "udp", "udplite", "raw", "sctp"]);
const FAMILIES = new Set(["inet", "inet6"]);
const SCOPES = new Set<Scope>(["loopback", "address", "all"]);

/** The identity of a listener for baseline purposes. */
export const baselineKey = (e: BaselineEntry): string =>
  [e.proto, e.family, e.scope, e.address ?? "*", String(e.port), e.executable ?? "?"].join("\u0000");

/** The baseline file's text: one entry per line, sorted, so that diffs of two baselines read well. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const unique = new Map(entries.map((e) => [baselineKey(e), e]));
  const sorted = [...unique.values()].sort(
    (a, b) => (a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : a.port - b.port || (baselineKey(a) < baselineKey(b) ? -1 : 1)),
  );
  const lines = sorted.map((e) =>
    JSON.stringify({ proto: e.proto, family: e.family, scope: e.scope, address: e.address, port: e.port, executable: e.executable }),
  );
  return `{"schema":${JSON.stringify(BASELINE_SCHEMA)},"listeners":[${lines.length === 0 ? "" : `\n${lines.join(",\n")}\n`}]}\n`;
}

export type BaselineParse = { readonly entries: BaselineEntry[] } | { readonly error: Diagnostic };

/** Read a baseline file's text; anything wrong is one diagnostic naming the file (and entry). */
export function parseBaseline(text: string, source: string): BaselineParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: { source, line: null, message: `not a baseline: ${(err as Error).message}` } };
  }
  if (typeof doc !== "object" || doc === null || (doc as { schema?: unknown }).schema !== BASELINE_SCHEMA) {
    return { error: { source, line: null, message: `not a baseline (schema "${BASELINE_SCHEMA}" expected)` } };
  }
  const list = (doc as { listeners?: unknown }).listeners;
  if (!Array.isArray(list)) return { error: { source, line: null, message: "baseline has no listeners array" } };
  const entries: BaselineEntry[] = [];
  for (const [i, raw] of list.entries()) {
    const e = entryOf(raw);
    // entries are one per line after the opening line (as serializeBaseline writes them)
    if (e === null) return { error: { source, line: i + 2, message: `baseline entry ${i + 1} is malformed` } };
    entries.push(e);
  }
  return { entries };
}

function entryOf(raw: unknown): BaselineEntry | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const { proto, family, scope, address, port, executable } = r;
  if (typeof proto !== "string" || !PROTOS.has(proto)) return null;
  if (typeof family !== "string" || !FAMILIES.has(family)) return null;
  if (typeof scope !== "string" || !SCOPES.has(scope as Scope)) return null;
  if (address !== null && typeof address !== "string") return null;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) return null;
  if (executable !== null && typeof executable !== "string") return null;
  return {
    proto: proto as BaselineEntry["proto"],
    family: family as BaselineEntry["family"],
    scope: scope as Scope,
    address,
    port,
    executable,
  };
}
