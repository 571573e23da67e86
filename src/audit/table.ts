// The socket table the audit judges: every Internet socket, all protocols and both families, with
// every owner. The one place the audit touches a platform reader.

import type { Diagnostic, InetSocket } from "../model.js";
import { plan } from "../select.js";
import { readLinux } from "../readers/linux/index.js";

export interface Table {
  readonly sockets: InetSocket[];
  readonly diagnostics: readonly Diagnostic[];
  /** Why the table could not be read at all, or null. */
  readonly failed: string | null;
  /** Some processes could not be read (not root): owners may be missing. */
  readonly ownersDenied: boolean;
}

const EVERY_INET = plan({ protocols: new Set(["tcp", "udp", "udplite", "raw"]), families: new Set(["inet", "inet6"]) });

export function readTable(procRoot: string, owners: boolean): Table {
  const snap = readLinux({ procRoot, plan: EVERY_INET, mode: "all", owners: owners ? "all" : "none", verbose: false });
  const failed = snap.failed ? `${procRoot}/net: the socket tables could not be read` : null;
  return { sockets: snap.inet, diagnostics: snap.diagnostics, failed, ownersDenied: snap.ownerNotice !== "none" };
}
