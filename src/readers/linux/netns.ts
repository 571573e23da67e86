// Network namespaces of a Linux host, pure: from what one pass over /proc saw (each process's
// /proc/<pid>/ns/net link, in /proc order), the inodes of the `ip netns` bind mounts under
// /run/netns and the /proc/<pid>/cgroup of one process per namespace, decide the distinct
// namespaces, the process whose /proc/<pid>/net shows each one's tables, and their labels.
// No I/O here (see netns-fs.ts).

import type { NetnsLabel } from "../../model.js";
import type { NetnsSelector } from "../../netns-selector.js";

/** One process's network namespace, as the /proc pass read it. */
export interface ProcNetns {
  readonly pid: number;
  readonly inode: number;
}

/** An `ip netns` name and the inode of the namespace bound there. */
export interface NamedNetns {
  readonly name: string;
  readonly inode: number;
}

/** A distinct namespace and where its tables can be read. */
export interface NetnsEntry {
  readonly inode: number;
  /**
   * Every process seen in it, in pid order. The first reads its tables: /proc/<pid>/net shows the
   * tables of that process's namespace (fs/proc/proc_net.c get_proc_task_net); the next one reads if
   * it exits first. Empty for an `ip netns` with no process in it.
   */
  readonly pids: readonly number[];
  /** Every `ip netns` name bound to it, in byte order. */
  readonly names: readonly string[];
}

/**
 * The inode in a /proc/<pid>/ns/net link target, "net:[4026531840]" (fs/nsfs.c ns_dname prints
 * "%s:[%u]"), or -1 for anything else.
 */
export function netnsInodeOfLink(target: string): number {
  if (!target.startsWith("net:[") || !target.endsWith("]")) return -1;
  const digits = target.slice(5, -1);
  // an inode is an unsigned int in ns_dname
  if (digits.length === 0 || digits.length > 10 || !/^[0-9]+$/.test(digits)) return -1;
  const v = Number(digits);
  return v > 0xffffffff ? -1 : v;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The distinct namespaces: those of the processes, in the order of their first process (so the
 * host's own namespace, pid 1's, comes first), then `ip netns` names no process is in, by name.
 * `procs` must be in ascending pid order (as /proc lists them), so the reader is the lowest pid.
 */
export function distinctNamespaces(procs: readonly ProcNetns[], named: readonly NamedNetns[]): NetnsEntry[] {
  const names = new Map<number, string[]>();
  for (const n of named) {
    const list = names.get(n.inode);
    if (list === undefined) names.set(n.inode, [n.name]);
    else list.push(n.name);
  }
  for (const list of names.values()) list.sort(byteOrder);
  const out: NetnsEntry[] = [];
  const members = new Map<number, number[]>();
  for (const p of procs) {
    const list = members.get(p.inode);
    if (list !== undefined) {
      list.push(p.pid);
      continue;
    }
    const pids = [p.pid];
    members.set(p.inode, pids);
    out.push({ inode: p.inode, pids, names: names.get(p.inode) ?? [] });
  }
  const empty: NetnsEntry[] = [];
  for (const [inode, list] of names) if (!members.has(inode)) empty.push({ inode, pids: [], names: list });
  empty.sort((a, b) => byteOrder(a.names[0] as string, b.names[0] as string));
  return out.concat(empty);
}

/** Hex digits only, of this length. */
function isHexId(s: string, length = 64): boolean {
  return s.length === length && /^[0-9a-f]+$/.test(s);
}

/** A component "<prefix><64 hex>.scope" (systemd's scope for a container): the id, else null. */
function scopeId(component: string, prefix: string): string | null {
  if (!component.startsWith(prefix) || !component.endsWith(".scope")) return null;
  const id = component.slice(prefix.length, -".scope".length);
  return isHexId(id) ? id : null;
}

// Short ids as each tool prints them:
/** `docker ps`: 12 hex digits (moby pkg/stringid shortLen = 12, TruncateID). */
const DOCKER_SHORT = 12;
/** `podman ps`: 12 hex digits (podman cmd/podman/containers/ps.go, ID()[0:12]). */
const PODMAN_SHORT = 12;
/** `crictl ps` (containerd and CRI-O): 13 hex digits (cri-tools cmd/crictl/container.go truncatedIDLen = 13). */
const CRICTL_SHORT = 13;

/**
 * The pod UID of a kubelet cgroup component: "pod<uid>" (cgroupfs driver) or
 * "kubepods-<qos>-pod<uid with _ for ->.slice" (systemd driver; kubelet pkg/kubelet/cm
 * cgroup_manager_linux.go escapes "-" as "_" in slice names). Null when it is not one.
 */
function podUid(component: string): string | null {
  let m = /^pod([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(component);
  if (m !== null) return m[1] as string;
  m = /^kubepods(?:-[a-z]+)?-pod([0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12})\.slice$/.exec(component);
  return m === null ? null : (m[1] as string).replaceAll("_", "-");
}

/** The container runtime and short id of one cgroup path ("/system.slice/docker-<id>.scope"), or null. */
export function containerOfCgroupPath(path: string): string | null {
  const parts = path.split("/").filter((p) => p.length > 0);
  const inKubepods = parts.some((p) => p === "kubepods" || p.startsWith("kubepods-") || p === "kubepods.slice");
  let pod: string | null = null;
  let runtime: string | null = null;
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i] as string;
    const parent = i > 0 ? (parts[i - 1] as string) : "";
    pod ??= inKubepods ? podUid(c) : null;
    let id: string | null;
    // systemd cgroup driver: <runtime>-<id>.scope (docker, containerd's CRI plugin, CRI-O, podman's libpod)
    if ((id = scopeId(c, "docker-")) !== null) runtime = `docker:${id.slice(0, DOCKER_SHORT)}`;
    else if ((id = scopeId(c, "cri-containerd-")) !== null) runtime = `containerd:${id.slice(0, CRICTL_SHORT)}`;
    else if ((id = scopeId(c, "crio-")) !== null) runtime = `crio:${id.slice(0, CRICTL_SHORT)}`;
    else if ((id = scopeId(c, "libpod-")) !== null) runtime = `podman:${id.slice(0, PODMAN_SHORT)}`;
    // cgroupfs driver: /docker/<id>, /libpod_parent/libpod-<id>, /kubepods/<qos>/pod<uid>/<id>
    else if (parent === "docker" && isHexId(c)) runtime = `docker:${c.slice(0, DOCKER_SHORT)}`;
    else if (c.startsWith("libpod-") && !c.startsWith("libpod-conmon-") && isHexId(c.slice(7))) runtime = `podman:${c.slice(7, 7 + PODMAN_SHORT)}`;
    else if (pod !== null && isHexId(c) && i > 0 && podUid(parent) !== null) runtime = `cri:${c.slice(0, CRICTL_SHORT)}`;
  }
  if (pod !== null) return runtime === null ? `k8s-pod:${pod}` : `k8s-pod:${pod}/${runtime}`;
  return runtime;
}

/** The systemd unit a cgroup path ends in ("/system.slice/nginx.service"), or null. */
export function unitOfCgroupPath(path: string): string | null {
  const parts = path.split("/").filter((p) => p.length > 0);
  // the deepest .service: a service's own sub-cgroups (Delegate=) sit below it
  for (let i = parts.length - 1; i >= 0; i--) {
    const c = parts[i] as string;
    if (c.endsWith(".service") && c.length > ".service".length) return c;
  }
  return null;
}

/**
 * The paths of a /proc/<pid>/cgroup text, "hierarchy-ID:controller-list:cgroup-path" per line
 * (cgroups(7)), the unified (cgroup v2, "0::") line first, then the named systemd hierarchy, then
 * the others in order.
 */
export function cgroupPaths(text: string): string[] {
  const ranked: [number, string][] = [];
  for (const line of text.split("\n")) {
    const first = line.indexOf(":");
    const second = first < 0 ? -1 : line.indexOf(":", first + 1);
    if (second < 0) continue;
    const id = line.slice(0, first);
    const controllers = line.slice(first + 1, second);
    const rank = id === "0" && controllers === "" ? 0 : controllers === "name=systemd" ? 1 : 2;
    ranked.push([rank, line.slice(second + 1)]);
  }
  return ranked.sort((a, b) => a[0] - b[0]).map((r) => r[1]);
}

/**
 * What lives in a namespace, from its first process: a container named by any of its cgroup paths,
 * else the systemd service unit, else its command. Null when nothing is known.
 */
export function containerLabel(cgroup: string | null, comm: string | null): string | null {
  const paths = cgroup === null ? [] : cgroupPaths(cgroup);
  for (const p of paths) {
    const c = containerOfCgroupPath(p);
    if (c !== null) return c;
  }
  for (const p of paths) {
    const u = unitOfCgroupPath(p);
    if (u !== null) return u;
  }
  return comm;
}

/** The label of a namespace, given what was read of its first process. */
export function netnsLabel(entry: NetnsEntry, cgroup: string | null, comm: string | null): NetnsLabel {
  return { inode: entry.inode, name: entry.names[0] ?? null, container: entry.pids.length === 0 ? null : containerLabel(cgroup, comm) };
}

/** The namespaces a selector picks; `inode` is what the system side resolved the name or pid to (null: not found). */
export function selectNamespaces(all: readonly NetnsEntry[], selector: NetnsSelector, inode: number | null): NetnsEntry[] {
  if (selector.kind === "all") return [...all];
  if (inode === null) return [];
  const found = all.find((e) => e.inode === inode);
  if (found === undefined) return [];
  // --netns PID reads through that very process, as `nsenter -t PID -n` would enter its namespace
  if (selector.kind === "name") return [found];
  return [{ ...found, pids: [selector.pid, ...found.pids.filter((p) => p !== selector.pid)] }];
}

/**
 * The tables a namespace's /proc/<pid>/net/sockstat and sockstat6 say are empty, so that reading
 * them can be skipped. Worth it because the kernel lists a namespace's sockets by walking the hash
 * tables every namespace shares by default (net/ipv4/tcp_ipv4.c established_get_first,
 * net/ipv4/udp.c udp_get_first, net/ipv4/raw.c raw_get_first skip other namespaces' sockets), so
 * each read costs as much as all the host's sockets of that protocol, whatever few are this
 * namespace's. The counts are this namespace's hashed sockets (sock_prot_inuse_get(net, …), added
 * when a socket is hashed): "TCP: inuse N … tw M" (net/ipv4/proc.c sockstat_seq_show; TIME_WAIT
 * ones of v4 and v6 together), "UDP: inuse N", "RAW: inuse N", and "TCP6:", "UDP6:", "RAW6: inuse
 * N" (net/ipv6/proc.c sockstat6_seq_show). A TCP table is empty only when tw says so too (and both
 * when no TIME_WAIT is known); anything unreadable or unparsable keeps its table. UNIX sockets need
 * no skipping: each namespace has its own hash of them (net/unix/af_unix.c, net->unx.table).
 */
export function emptyTables(sockstat: string | null, sockstat6: string | null): Set<EmptiableTable> {
  const out = new Set<EmptiableTable>();
  if (sockstat === null) return out;
  const zero = (text: string | null, label: string): boolean => text !== null && new RegExp(`^${label}: inuse 0(?: |$)`, "m").test(text);
  const m = /^TCP: inuse (\d+) orphan \d+ tw (\d+)/m.exec(sockstat);
  if (m !== null && m[2] === "0") {
    if (m[1] === "0") out.add("tcp");
    if (zero(sockstat6, "TCP6")) out.add("tcp6");
  }
  if (zero(sockstat, "UDP")) out.add("udp");
  if (zero(sockstat6, "UDP6")) out.add("udp6");
  if (zero(sockstat, "RAW")) out.add("raw");
  if (zero(sockstat6, "RAW6")) out.add("raw6");
  return out;
}

/** The /proc/net tables emptyTables can tell are empty. */
export type EmptiableTable = "tcp" | "tcp6" | "udp" | "udp6" | "raw" | "raw6";

/** `sockets: used N` of a sockstat (this network namespace's sockets, net/ipv4/proc.c sockstat_seq_show), or null. */
export function socketsUsed(sockstat: string | null): number | null {
  const m = sockstat === null ? null : /^sockets: used (\d+)/m.exec(sockstat);
  return m === null ? null : Number(m[1]);
}

/**
 * The TCP sockets allocated on the whole host, from any namespace's sockstat: "TCP: … alloc N"
 * counts every namespace's (net/ipv4/proc.c sockstat_seq_show, proto_sockets_allocated_sum_positive
 * of the one tcp_prot), so it is what one namespace's TCP read may have to walk. Null when unknown.
 */
export function tcpAllocated(sockstat: string | null): number | null {
  const m = sockstat === null ? null : /^TCP: inuse \d+ orphan \d+ tw \d+ alloc (\d+)/m.exec(sockstat);
  return m === null ? null : Number(m[1]);
}

/**
 * Whether to read the namespaces besides the first on two threads: a helper takes ~30 ms to start,
 * and is worth it when the kernel has much to walk: each TCP read walks the whole shared hash (all
 * the host's TCP sockets, and its buckets: ~5 ms for 262,144 empty ones on a VM), once per namespace.
 */
export function readNamespacesInParallel(others: number, tcpAlloc: number | null): boolean {
  if (others < 4) return false;
  return others >= 16 || others * (tcpAlloc ?? 0) >= 100_000;
}

/**
 * How many helper threads read namespaces besides this one: one per spare CPU, at most 7, and no
 * more than one per 4 namespaces (a helper takes ~30 ms to start).
 */
export function namespaceHelpers(cpus: number, others: number): number {
  return Math.max(0, Math.min(cpus - 1, 7, Math.floor(others / 4)));
}

/** An `ip netns` namespace no process is in, and the path of its bind mount (/run/netns/NAME). */
export interface IdleNetns {
  readonly entry: NetnsEntry;
  readonly name: string;
  readonly path: string;
}

/** An idle namespace whose sockets are not listed (it could not be entered), and why. */
export interface UnreadNetns {
  readonly entry: NetnsEntry;
  readonly why: string;
}

/**
 * The argv that reads one file of the namespace bound at `path`: nsenter(1) enters it (setns(2)
 * needs CAP_SYS_ADMIN) and runs cat there, and /proc/self/net shows the tables of the reading
 * process's own namespace (proc(5)). `file` is a name under net/ ("tcp", "sctp/eps").
 */
export function nsenterArgv(path: string, file: string): string[] {
  return ["nsenter", `--net=${path}`, "--", "cat", `/proc/self/net/${file}`];
}

/** How one nsenter … cat run ended, as spawnSync reports it. */
export interface EnteredRun {
  /** The errno code of the spawn itself (ENOENT: no nsenter), else null. */
  readonly spawnError: string | null;
  readonly timedOut: boolean;
  readonly status: number | null;
  readonly stderr: string;
}

/** What a run means: the file's text is there; the file could not be read (an errno code); or the namespace cannot be entered (why). */
export type EnteredOutcome = { readonly kind: "data" } | { readonly kind: "file"; readonly code: string } | { readonly kind: "namespace"; readonly why: string };

/** cat's strerror(3) texts (LC_ALL=C) as errno codes. */
const CAT_ERRORS: readonly (readonly [string, string])[] = [
  ["No such file or directory", "ENOENT"],
  ["Not a directory", "ENOTDIR"],
  ["Permission denied", "EACCES"],
  ["Operation not permitted", "EPERM"],
  ["Cannot allocate memory", "ENOMEM"],
];

/**
 * Decide what one nsenter … cat run says. cat's own complaints start "cat: " (its file is the
 * namespace's: missing, unreadable); anything else is nsenter's (it could not open the bind mount,
 * setns(2) failed, it could not run cat), and the namespace cannot be read this way.
 */
export function enteredOutcome(run: EnteredRun, timeoutMs: number): EnteredOutcome {
  if (run.spawnError !== null) {
    return { kind: "namespace", why: run.spawnError === "ENOENT" ? "nsenter(1) is not installed" : `nsenter(1) could not be run (${run.spawnError})` };
  }
  if (run.timedOut) return { kind: "namespace", why: `nsenter(1) did not finish within ${timeoutMs / 1000} s` };
  if (run.status === 0) return { kind: "data" };
  const first = run.stderr.split("\n", 1)[0]?.trim() ?? "";
  if (first.startsWith("cat: ")) {
    const code = CAT_ERRORS.find(([text]) => first.endsWith(`: ${text}`))?.[1] ?? "EIO";
    return { kind: "file", code };
  }
  const said = first.replace(/^nsenter: /, "");
  // a one-line message of bounded size, whatever nsenter printed
  const safe = said.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
  return { kind: "namespace", why: safe.length > 0 ? `nsenter(1) failed: ${safe}` : `nsenter(1) failed (status ${run.status ?? "killed"})` };
}

/**
 * The one line about what could not be read: processes whose namespace is unknown, and the `ip
 * netns` namespaces no process is in that could not be entered either (grouped by why).
 */
export function noticeFor(selector: NetnsSelector, denied: number, unread: readonly UnreadNetns[]): string | null {
  const parts: string[] = [];
  // an unreadable process may be in a namespace of its own: only --netns all can miss one that way
  if (denied > 0 && selector.kind === "all") {
    parts.push(`the network namespace of ${denied} process${denied === 1 ? "" : "es"} could not be read (you would have to be root to see them all)`);
  }
  const whys: string[] = [];
  for (const u of unread) if (!whys.includes(u.why)) whys.push(u.why);
  for (const why of whys) {
    const these = unread.filter((u) => u.why === why);
    const list = these.map((u) => `${u.entry.names.join(",")} (inode ${u.entry.inode})`).join(", ");
    const one = these.length === 1;
    parts.push(`no process is in ip netns ${list} and ${one ? "it" : "they"} could not be entered (${why}), so ${one ? "its" : "their"} sockets are not listed`);
  }
  return parts.length === 0 ? null : `tsnetstat: --netns: ${parts.join("; ")}\n`;
}
