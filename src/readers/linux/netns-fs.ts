// The network namespaces of this host, from the file system: each process's /proc/<pid>/ns/net
// link (over the same process list the owner walk takes, so /proc is listed once), the `ip netns`
// bind mounts under /run/netns, and the cgroup and comm of one process per namespace. The
// decisions are netns.ts's (pure).

import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { commText } from "./owners.js";
import type { NetnsLabel } from "../../model.js";
import type { NetnsSelector } from "../../netns-selector.js";
import type { IdleNetns, NamedNetns, ProcNetns } from "./netns.js";
import { distinctNamespaces, netnsInodeOfLink, netnsLabel, selectNamespaces } from "./netns.js";
import { isErrno } from "./proc-fs.js";
import { NetnsNotFound } from "../../errors.js";

/** Where ip-netns(8) keeps its bind mounts (ip/ipnetns.c NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = "/run/netns";

/** A namespace to read: where its tables are, and its label. */
export interface NetnsTarget {
  /** The directory whose net/ holds its tables: "<procRoot>/<pid>". */
  readonly root: string;
  /** The same for the other processes in it, in order, should the first one exit before its tables are read. */
  readonly others: readonly string[];
  readonly label: NetnsLabel;
}

export interface NetnsScan {
  readonly targets: readonly NetnsTarget[];
  /** The chosen `ip netns` namespaces no process is in: read by entering them (netns-enter.ts), if at all. */
  readonly idle: readonly IdleNetns[];
  /** How many processes' namespace links could not be read (noticeFor). */
  readonly denied: number;
}

/**
 * Find the namespaces `selector` asks for (NetnsNotFound when it names none that exists). `pids` is the owner walk's process list (ascending);
 * `runDir` is where `ip netns` names live (null for a /proc copy from another machine).
 */
export function scanNetns(procRoot: string, pids: readonly string[] | null, selector: NetnsSelector, runDir: string | null): NetnsScan {
  const procs: ProcNetns[] = [];
  let denied = 0;
  for (const pid of pids ?? []) {
    let target: string;
    try {
      target = readlinkSync(`${procRoot}/${pid}/ns/net`);
    } catch (err) {
      // ptrace read access is needed (proc(5) /proc/pid/ns); a process that exited is skipped
      if (isErrno(err, "EACCES") || isErrno(err, "EPERM")) denied++;
      continue;
    }
    const inode = netnsInodeOfLink(target);
    if (inode >= 0) procs.push({ pid: Number(pid), inode });
  }
  const named = runDir === null ? [] : namedNamespaces(procRoot, runDir);
  const all = distinctNamespaces(procs, named);

  let inode: number | null = null;
  if (selector.kind === "name") {
    inode = named.find((n) => n.name === selector.name)?.inode ?? null;
    if (inode === null) throw new NetnsNotFound(`--netns: no network namespace named '${selector.name}' in ${runDir ?? NETNS_RUN_DIR}`);
  } else if (selector.kind === "pid") {
    inode = procs.find((p) => p.pid === selector.pid)?.inode ?? null;
    if (inode === null) {
      const why = pidExists(procRoot, selector.pid) ? "its network namespace could not be read (you would have to be root)" : "no such process";
      throw new NetnsNotFound(`--netns: ${selector.pid}: ${why}`);
    }
  }
  const chosen = selectNamespaces(all, selector, inode);
  const targets: NetnsTarget[] = [];
  const idle: IdleNetns[] = [];
  for (const e of chosen) {
    const reader = e.pids[0];
    if (reader === undefined) {
      // only named namespaces have no process (distinctNamespaces), and only with a runDir
      const name = e.names[0] as string;
      idle.push({ entry: e, name, path: `${runDir ?? NETNS_RUN_DIR}/${name}` });
      continue;
    }
    const base = `${procRoot}/${reader}`;
    const others = e.pids.slice(1).map((p) => `${procRoot}/${p}`);
    targets.push({ root: base, others, label: netnsLabel(e, readText(`${base}/cgroup`), commOf(base)) });
  }
  return { targets, idle, denied };
}

/** The `ip netns` names and the inodes of the namespaces bound there (only real nsfs bind mounts). */
function namedNamespaces(procRoot: string, runDir: string): NamedNetns[] {
  let names: string[];
  let nsDev: number;
  try {
    names = readdirSync(runDir);
    // a bind mount shows the namespace file itself, on nsfs: the device of our own namespace file
    nsDev = statSync(`${procRoot}/self/ns/net`).dev;
  } catch {
    return [];
  }
  const out: NamedNetns[] = [];
  for (const name of names) {
    try {
      const st = statSync(`${runDir}/${name}`);
      // a name whose mount is gone (ip netns add interrupted) is a plain empty file: not a namespace
      if (st.dev === nsDev) out.push({ name, inode: st.ino });
    } catch {
      // removed while listing
    }
  }
  return out;
}

function pidExists(procRoot: string, pid: number): boolean {
  try {
    statSync(`${procRoot}/${pid}`);
    return true;
  } catch {
    return false;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return null;
  }
}

function commOf(base: string): string | null {
  try {
    return commText(readFileSync(`${base}/comm`));
  } catch {
    return null;
  }
}
