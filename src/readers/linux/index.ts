// The Linux reader: /proc/net tables → Socket model, with owners from /proc/<pid>/fd.
// Filters run before the owner walk, so owners are looked up only for sockets that will be shown.

import type { Diagnostic, InetProto, InetSocket, Owner, Socket, UnixSocket } from "../../model.js";
import type { IpProtocol, ListenMode, Plan } from "../../select.js";
import { inetProtos, wanted } from "../../select.js";
import { parseInetTable, parseUnixTable } from "./proc-net.js";
import type { OwnerWalk, TableReader } from "./proc-fs.js";
import {
  finishOwnerWalk,
  pathExists,
  PARALLEL_WALK_MIN,
  readProcPieces,
  readProcText,
  socketsInUse,
  startOwnerWalk,
  startTableReader,
} from "./proc-fs.js";

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
  /**
   * When given, each Internet socket the filters keep goes here as soon as its piece of the table
   * is parsed, and the snapshot's `inet` stays empty: no socket outlives its piece. Only without
   * owners (they need every inode before the first can be shown).
   */
  readonly onInet?: ((s: InetSocket) => void) | undefined;
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

/** The table reader thread, started on the first busy read and kept for the refreshes of -c. */
let tableReader: TableReader | null = null;

export function readLinux(req: LinuxRequest): LinuxSnapshot {
  const keep = wanted(req.mode);
  const diagnostics: Diagnostic[] = [];
  const unsupported: string[] = [];
  const inet: InetSocket[] = [];
  if (req.onInet !== undefined && req.owners !== "none") throw new Error("readLinux: onInet needs owners \"none\"");
  const emit = req.onInet ?? ((s: InetSocket): void => void inet.push(s));
  let failed = false;
  // A busy host (sockstat is one small read) gets a second thread on the fd links at once, while
  // this one reads the tables; owners are still made only for the sockets the filters keep.
  const busy = (socketsInUse(req.procRoot) ?? 0) >= PARALLEL_WALK_MIN;
  let walk: OwnerWalk | null = req.owners !== "none" && busy ? startOwnerWalk(req.procRoot, true) : null;
  // without owners, the second thread reads the big tables while this one parses them
  if (req.owners === "none" && busy) tableReader ??= startTableReader();
  /** Rows read before filtering: how busy the host is when sockstat is missing (a /proc copy). */
  let rows = 0;

  for (const step of req.plan.inetSteps) {
    if (step.protocol === "sctp") {
      // like the other tables, only the IPv4 file's absence is reported (netstat.c INFO_GUTS6)
      if (!step.ipv4) continue;
      // SCTP endpoints live in /proc/net/sctp/{eps,assocs}; tsnetstat does not list them yet
      if (!pathExists(`${req.procRoot}/net/sctp/eps`)) {
        if (step.explicit || (req.verbose && req.plan.everything)) unsupported.push(AF_NAME.sctp);
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
      // read and parsed in pieces: the whole text of a 200,000-socket table never exists at once
      let lines = 0; // data lines in the pieces before this one
      const onPiece = (text: string): void => {
        const parsed = parseInetTable(text, proto as InetProto, { source });
        for (const d of parsed.diagnostics) diagnostics.push(lines === 0 || d.line === null ? d : { ...d, line: d.line + lines });
        for (const s of parsed.records) if (keep(s)) emit(s);
        // each data line gives a record or a diagnostic (kernel tables have no blank lines)
        lines += parsed.records.length + parsed.diagnostics.length;
      };
      const found = readProcPieces(source, onPiece, tableReader !== null && !tableReader.broken ? tableReader : null);
      rows += lines;
      if (!found) {
        // a missing IPv6 table is always silent (netstat.c INFO_GUTS2)
        if (proto.endsWith("6")) continue;
        // -v names it too, but not when a family alone chose the protocols (netstat's flag_noprot)
        if (step.explicit || (req.verbose && req.plan.everything)) unsupported.push(AF_NAME[step.protocol]);
        if (step.explicit) failed = true;
        break;
      }
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
    // one slot per distinct inode (a table read while it changes may list a socket twice)
    const wantedInodes = new Map<number, number>();
    const slots = new Int32Array(inet.length + (unix?.length ?? 0));
    let i = 0;
    for (const list of unix === null ? [inet] : [inet, unix]) {
      for (const s of list) {
        let slot = -1;
        if (s.inode !== 0) {
          slot = wantedInodes.get(s.inode) ?? -1;
          if (slot < 0) wantedInodes.set(s.inode, (slot = wantedInodes.size));
        }
        slots[i++] = slot;
      }
    }
    walk ??= startOwnerWalk(req.procRoot, rows + (unix?.length ?? 0) >= PARALLEL_WALK_MIN);
    const scan = finishOwnerWalk(walk, { wanted: wantedInodes, firstOwnerOnly: req.owners === "first" });
    attach(inet, 0, slots, scan.owners);
    if (unix !== null) attach(unix, inet.length, slots, scan.owners);
    if (scan.denied) ownerNotice = scan.sawAnySocket ? "not-all" : "no-info";
  }

  return { inet, unix, unsupported, failed, diagnostics, ownerNotice };
}

/**
 * Give each socket its owners. The sockets are this reader's own fresh objects, not yet seen by
 * anyone: they are completed in place rather than copied (200,000 copies cost more than the walk's
 * bookkeeping).
 */
function attach(list: readonly Socket[], first: number, slots: Int32Array, owners: readonly (Owner[] | undefined)[]): void {
  for (let i = 0; i < list.length; i++) {
    const slot = slots[first + i] as number;
    const found = slot < 0 ? undefined : owners[slot];
    if (found !== undefined) (list[i] as { owners: readonly Owner[] }).owners = found;
  }
}
