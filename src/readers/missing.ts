// What netstat does when a table cannot be listed: the shared rule every reader follows, driven by
// the Plan (net-tools 2.10 netstat.c main, the INFO_GUTS macros and ENOSUPP). Pure.

import type { Plan } from "../select.js";
import type { TableName } from "./types.js";

/** netstat's names for the tables in its "no support for `…' on this system." message (netstat.c *_info). */
const AF_NAME: Readonly<Record<TableName, string>> = {
  tcp: "AF INET (tcp)",
  sctp: "AF INET (sctp)",
  udp: "AF INET (udp)",
  udplite: "AF INET (udplite)",
  raw: "AF INET (raw)",
  unix: "AF UNIX",
  ipx: "AF IPX",
  ax25: "AF AX25",
  x25: "AF X25",
  netrom: "AF NETROM",
  rose: "AF ROSE",
};

export interface MissingVerdict {
  /** Say "no support for …" on stderr. */
  readonly report: boolean;
  /** The run fails here (exit 1) and no later table is read. */
  readonly fail: boolean;
}

/**
 * One missing table. Internet protocols: reported and fatal when the user named them (or a family
 * implied them); with nothing selected, only -v reports them. UNIX: fatal unless everything was
 * listed, then only -v reports it. The families after UNIX: fatal when named; with nothing
 * selected, only -v reports them.
 */
export function missingVerdict(plan: Plan, verbose: boolean, table: TableName): MissingVerdict {
  switch (table) {
    case "tcp":
    case "sctp":
    case "udp":
    case "udplite":
    case "raw": {
      const explicit = plan.inetSteps.some((s) => s.protocol === table && s.explicit);
      return { report: explicit || (verbose && plan.everything), fail: explicit };
    }
    case "unix":
      return { report: !plan.everything || verbose, fail: !plan.everything };
    default:
      return plan.everything ? { report: verbose, fail: false } : { report: true, fail: true };
  }
}

export interface MissingOutcome {
  /** netstat's stderr lines, in order, each ending in a newline. */
  readonly messages: string;
  /** True when a missing table fails the run: exit status 1. */
  readonly failed: boolean;
}

/** All the missing tables of a snapshot: what to say, and whether the run failed. */
export function settleMissing(plan: Plan, verbose: boolean, missing: readonly TableName[]): MissingOutcome {
  let messages = "";
  for (const table of missing) {
    const v = missingVerdict(plan, verbose, table);
    if (v.report) messages += `tsnetstat: no support for \`${AF_NAME[table]}' on this system.\n`;
    if (v.fail) return { messages, failed: true };
  }
  return { messages, failed: false };
}
