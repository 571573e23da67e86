// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetProto, InetSocket, Owner, Socket, UnixSocket } from "../../model.js";
import type { IpProtocol, ListenMode, Plan } from "../../select.js";
import { inetProtos, wanted } from "../../select.js";
import { parseInetTable, parseUnixTable } from "./proc-net.js";
import { pathExists, readProcText, scanOwners } from "./proc-fs.js";

export type OwnerMode = "none" | "first" | "all";

export interface LinuxRequest {
  /** Where /proc is: "/proc", or a copy taken from another machine (--proc-root). */
  readonly procRoot: string;
  readonly plan: Plan;
  readonly mode: ListenMode;
  /** "first" is enough for netstat's table (it shows one owner); "all" is for JSON and audits. */
  readonly owners: OwnerMode;
  /** -v: report tables that are missing even when nobody asked for them. */
  readonly verbose: boolean;
}

/** How the owner walk went, for netstat's two stderr notices to users who are not root. */
export type OwnerNotice = "none" | "no-info" | "not-all";

export interface LinuxSnapshot {
  readonly inet: InetSocket[];
  readonly unix: UnixSocket[] | null;
  /** netstat's "no support for `AF …' on this system." names, in the order they happened. */
  readonly unsupported: readonly string[];
  /** True when an explicitly requested table was missing: netstat stops there and exits 1. */
  readonly failed: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly ownerNotice: OwnerNotice;
}

/** netstat's names for the tables in its "no support" message (netstat.c *_info). */
const AF_NAME: Readonly<Record<IpProtocol, string>> = {
  tcp: "AF INET (tcp)",
  sctp: "AF INET (sctp)",
  udp: "AF INET (udp)",
  udplite: "AF INET (udplite)",
  raw: "AF INET (raw)",
};

/** Files netstat probes for the tables it lists only when they exist (netstat.c main). */
const OTHER_TABLE: Readonly<Record<string, { file: string; name: string }>> = {
  ipx: { file: "net/ipx/socket", name: "AF IPX" },
  ax25: { file: "net/ax25", name: "AF AX25" },
  x25: { file: "net/x25", name: "AF X25" },
  netrom: { file: "net/nr", name: "AF NETROM" },
  rose: { file: "net/rose", name: "AF ROSE" },
};

export function readLinux(req: LinuxRequest): LinuxSnapshot {
  const keep = wanted(req.mode);
  const diagnostics: Diagnostic[] = [];
  const unsupported: string[] = [];
  const inet: InetSocket[] = [];
  let failed = false;

  for (const step of req.plan.inetSteps) {
    if (step.protocol === "sctp") {
      // SCTP endpoints live in /proc/net/sctp/{eps,assocs}; tsnetstat does not list them yet
      if (!pathExists(`${req.procRoot}/net/sctp/eps`)) {
        if (step.explicit || req.verbose) unsupported.push(AF_NAME.sctp);
        if (step.explicit) {
          failed = true;
          break;
        }
      } else if (step.explicit) {
        diagnostics.push({ source: `${req.procRoot}/net/sctp`, line: null, message: "SCTP sockets are not listed yet" });
      }
      continue;
    }
    for (const proto of inetProtos(step)) {
      const source = `${req.procRoot}/net/${proto}`;
      const read = readProcText(source);
      if ("missing" in read) {
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (proto.endsWith("6")) continue;
        if (step.explicit || req.verbose) unsupported.push(AF_NAME[step.protocol]);
        if (step.explicit) failed = true;
        break;
      }
      const parsed = parseInetTable(read.text, proto as InetProto, { source });
      diagnostics.push(...parsed.diagnostics);
      for (const s of parsed.records) if (keep(s)) inet.push(s);
    }
    if (failed) break;
  }

  let unix: UnixSocket[] | null = null;
  if (!failed && req.plan.unix) {
    const source = `${req.procRoot}/net/unix`;
    const read = readProcText(source);
    if ("missing" in read) {
      if (!req.plan.everything || req.verbose) unsupported.push("AF UNIX");
      if (!req.plan.everything) failed = true;
    } else {
      const parsed = parseUnixTable(read.text, { source });
      diagnostics.push(...parsed.diagnostics);
      unix = parsed.records.filter(keep);
    }
  }

  if (!failed) {
    if (req.plan.everything) {
      // listed only when their files exist; -v names the missing ones (Debian's 2.10 has ROSE too: HAVE_AFROSE)
      if (req.verbose) {
        for (const family of ["ipx", "ax25", "x25", "netrom", "rose"]) {
          const t = OTHER_TABLE[family];
          if (t !== undefined && !pathExists(`${req.procRoot}/${t.file}`)) unsupported.push(t.name);
        }
      }
    } else if (req.plan.otherFamilies.length > 0) {
      // tsnetstat lists no IPX, AX.25, X.25, NET/ROM or ROSE sockets: report the first named, as netstat
      // does for a missing table, and stop
      const t = OTHER_TABLE[req.plan.otherFamilies[0] ?? ""];
      if (t !== undefined) unsupported.push(t.name);
      failed = true;
    }
  }

  let ownerNotice: OwnerNotice = "none";
  if (req.owners !== "none") {
    const all: Socket[] = unix === null ? inet : [...inet, ...unix];
    const wantedInodes = new Set<number>();
    for (const s of all) if (s.inode !== 0) wantedInodes.add(s.inode);
    const scan = scanOwners(req.procRoot, { wanted: wantedInodes, firstOwnerOnly: req.owners === "first" });
    if (scan.owners.size > 0) {
      attach(inet, scan.owners);
      if (unix !== null) attach(unix, scan.owners);
    }
    if (scan.denied) ownerNotice = scan.sawAnySocket ? "not-all" : "no-info";
  }

  return { inet, unix, unsupported, failed, diagnostics, ownerNotice };
}

function attach<T extends Socket>(list: T[], owners: ReadonlyMap<number, Owner[]>): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as T;
    const found = s.inode === 0 ? undefined : owners.get(s.inode);
    if (found !== undefined) list[i] = { ...s, owners: found };
  }
}
