// The model as JSON: {"schema": "tsnetstat/1", "host": ..., "time": ..., "sockets": [...]}, one
// socket per line inside the array so that a large document streams in chunks and stays greppable
// (or the whole document on one line, for -c). Pure.

import type { Socket } from "../model.js";

export const JSON_SCHEMA = "tsnetstat/1";

/** Where and when a listing was taken: every JSON form carries both, so outputs from many machines merge. */
export interface Stamp {
  /** The host name (os.hostname()). */
  readonly host: string;
  /** ISO 8601 (UTC) time the read started. */
  readonly time: string;
}

/**
 * Write the document through `sink` in pieces; the pieces joined are one valid JSON document.
 * `oneLine`: no newline until the end (each refresh of -c is one line).
 */
export function writeJson(sockets: Iterable<Socket>, sink: (chunk: string) => void, stamp?: Stamp, oneLine = false): void {
  const head = stamp === undefined ? "" : `,"host":${JSON.stringify(stamp.host)},"time":${JSON.stringify(stamp.time)}`;
  sink(`{"schema":${JSON.stringify(JSON_SCHEMA)}${head},"sockets":[`);
  const nl = oneLine ? "" : "\n";
  let first = true;
  for (const s of sockets) {
    sink(`${first ? nl : `,${nl}`}${JSON.stringify(s)}`);
    first = false;
  }
  sink(first ? "]}\n" : `${nl}]}\n`);
}
