// The walker thread (built to dist/fd-walker.cjs): helps the main thread walk /proc/<pid>/fd when
// a host holds many descriptors. Both threads take the next process from a shared counter, so the
// work splits itself however the descriptors are spread; this thread hands its records back in one
// message and raises the "done" flag the main thread may be waiting on (see proc-fs.ts).
// Started with `reader` instead, it reads /proc/net tables for the main thread (table-read.ts);
// with `nsread`, the tables of network namespaces (netns-read.ts).

import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { SLOT_DONE, SLOT_NEXT, SLOT_PROGRESS, walkFdDir } from "./fd-walk.js";
import { serveTableReads } from "./table-read.js";
import type { NsReadData } from "./netns-read.js";
import { serveNamespaceReads } from "./netns-read.js";

export interface WalkerData {
  readonly procRoot: string;
  readonly pids: readonly string[];
  /** Int32 slots SLOT_NEXT, SLOT_DONE, SLOT_PROGRESS (fd-walk.ts). */
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

function run(data: WalkerData): void {
  const shared = new Int32Array(data.shared);
  const out: number[] = [];
  for (;;) {
    const i = Atomics.add(shared, SLOT_NEXT, 1);
    if (i >= data.pids.length) break;
    out.push(i);
    walkFdDir(`${data.procRoot}/${data.pids[i]}/fd`, out);
    Atomics.add(shared, SLOT_PROGRESS, 1);
  }
  const records = Float64Array.from(out);
  data.port.postMessage(records, [records.buffer]);
  Atomics.store(shared, SLOT_DONE, 1);
  Atomics.notify(shared, SLOT_DONE);
  data.port.close();
}

if (workerData !== null && typeof workerData === "object") {
  if ("reader" in workerData) serveTableReads((workerData as { reader: SharedArrayBuffer }).reader);
  else if ("nsread" in workerData) serveNamespaceReads((workerData as { nsread: NsReadData }).nsread);
  else if ("shared" in workerData) run(workerData as WalkerData);
}
