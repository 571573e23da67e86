// The socket table the audit judges: every Internet socket, all protocols and both families, with
// every owner, from whichever platform reader the command picked.

import type { Diagnostic, InetSocket } from "../model.js";
import { plan } from "../select.js";
import { readSockets } from "../readers/index.js";
import type { Reader } from "../readers/index.js";

export interface Table {
  readonly sockets: InetSocket[];
  readonly diagnostics: readonly Diagnostic[];
  /** Why the table could not be read at all, or null. */
  readonly failed: string | null;
  /** Some processes could not be read (not root): owners may be missing. */
  readonly ownersDenied: boolean;
}

const EVERY_INET = plan({ protocols: new Set(["tcp", "udp", "udplite", "raw"]), families: new Set(["inet", "inet6"]) });

/** `root`: a saved /proc copy (--proc-root), or null for the live system. */
export async function readTable(reader: Reader, root: string | null, owners: boolean): Promise<Table> {
  const snap = await readSockets(reader, { plan: EVERY_INET, mode: "all", owners: owners ? "all" : "none", verbose: false, root });
  const failed = snap.failed ? `the socket tables could not be read (${snap.unsupported.trim().replace(/\n/g, "; ")})` : null;
  return { sockets: [...snap.inet], diagnostics: snap.diagnostics, failed, ownersDenied: snap.ownerNotice !== null };
}
