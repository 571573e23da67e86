// The model as JSON: {"schema": "tsnetstat/1", "sockets": [...]}, one socket per line inside the
// array so that a large document streams in chunks and stays greppable. Pure.

import type { Socket } from "../model.js";

export const JSON_SCHEMA = "tsnetstat/1";

/** Write the document through `sink` in pieces; the pieces joined are one valid JSON document. */
export function writeJson(sockets: Iterable<Socket>, sink: (chunk: string) => void): void {
  sink(`{"schema":${JSON.stringify(JSON_SCHEMA)},"sockets":[`);
  let first = true;
  for (const s of sockets) {
    sink(`${first ? "\n" : ",\n"}${JSON.stringify(s)}`);
    first = false;
  }
  sink(first ? "]}\n" : "\n]}\n");
}
