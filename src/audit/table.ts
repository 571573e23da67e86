// The socket table the audit judges: every Internet socket, all protocols and both families, with
// every owner, from whichever platform reader the command picked.

import type { Diagnostic, InetSocket } from "../model.js";
import type { NetnsSelector } from "../netns-selector.js";
import { plan } from "../select.js";
import { NetnsNotFound } from "../errors.js";
import { readSockets } from "../readers/index.js";
import type { Reader } from "../readers/index.js";

export interface Table {
  readonly sockets: InetSocket[];
  readonly diagnostics: readonly Diagnostic[];
  /** Why the table could not be read at all, or null. */
  readonly failed: string | null;
  /** Some processes could not be read (not root): owners may be missing. */
  readonly ownersDenied: boolean;
  /** --netns: the one line about namespaces that could not be read, or why none could. */
  readonly netnsNotice: string | null;
}

const EVERY_INET = plan({ protocols: new Set(["tcp", "udp", "udplite", "raw"]), families: new Set(["inet", "inet6"]) });

/** `root`: a saved /proc copy (--proc-root), or null for the live system; `netns`: --netns (each socket labelled). */
export async function readTable(reader: Reader, root: string | null, owners: boolean, netns?: NetnsSelector): Promise<Table> {
  let snap: Awaited<ReturnType<typeof readSockets>>;
  try {
    snap = await readSockets(reader, { plan: EVERY_INET, mode: "all", owners: owners ? "all" : "none", verbose: false, root, netns });
  } catch (err) {
    if (!(err instanceof NetnsNotFound)) throw err;
    return { sockets: [], diagnostics: [], failed: err.message, ownersDenied: false, netnsNotice: null };
  }
  const failed = snap.failed ? `the socket tables could not be read (${snap.unsupported.trim().replace(/\n/g, "; ")})` : null;
  return { sockets: [...snap.inet], diagnostics: snap.diagnostics, failed, ownersDenied: snap.ownerNotice !== null, netnsNotice: snap.netnsNotice?.trim().replace(/^tsnetstat: /, "") ?? null };
}
