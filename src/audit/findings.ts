// The audit's judgement: from the socket table, the scan, another tool's view, the processes and a
// baseline to findings, each saying what was seen, why it matters and what harmless cause would
// explain it. Pure: everything it knows comes in through AuditFacts.

import type { InetSocket } from "../model.js";
import { baselineKey } from "./baseline.js";
import { direction } from "./direction.js";
import { baseName, exePath, isDeleted, shellKind, suspiciousLocation } from "./executables.js";
import { localService } from "./local-services.js";
import { isListener, isTcpConnection, isTcpListener, reaches, scopeOf, unmapped } from "./sockets.js";
import type {
  BaselineEntry,
  Direction,
  Finding,
  FindingKind,
  FindingProto,
  OtherView,
  PacketSocket,
  PortRange,
  ProcessFacts,
  ScanView,
  Scope,
  Severity,
} from "./types.js";
import { SEVERITIES } from "./types.js";

export interface AuditFacts {
  /** Every Internet socket of the table, all protocols and families (what covers a scanned port). */
  readonly sockets: readonly InetSocket[];
  /** The table read again after the scan (null when it was not): a listener in either read existed. */
  readonly reread: readonly InetSocket[] | null;
  readonly packets: readonly PacketSocket[];
  readonly processes: ReadonlyMap<number, ProcessFacts>;
  /** The /etc/services name of a port, or null. */
  readonly service: (port: number, proto: "tcp" | "udp") => string | null;
  readonly user: (uid: number) => string | null;
  /** Interface names by index (packet sockets). */
  readonly interfaces: ReadonlyMap<number, string>;
  readonly scan: ScanView | null;
  readonly other: OtherView | null;
  readonly baseline: readonly BaselineEntry[] | null;
  readonly ephemeral: PortRange | null;
  /** The -4/-6/-t/-u selection: which sockets are reported on (all are used to cover scanned ports). */
  readonly selected: (proto: FindingProto, family: InetSocket["family"] | null) => boolean;
}

export interface ListenerReport {
  readonly socket: InetSocket;
  readonly service: string | null;
  readonly scope: Scope;
  readonly executable: string | null;
  readonly user: string | null;
}

export interface ConnectionReport {
  readonly socket: InetSocket;
  readonly direction: Direction;
}

export interface Judgement {
  readonly findings: Finding[];
  readonly listeners: ListenerReport[];
  readonly connections: ConnectionReport[];
}

/** Code-unit order: the same on every machine, whatever its locale. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const serviceTable = (proto: string): "tcp" | "udp" => (proto === "tcp" ? "tcp" : "udp");

const endpoint = (address: string, port: number | null): string =>
  `${address.includes(":") ? `[${address}]` : address}:${port === null ? "*" : port}`;

const pidList = (pids: readonly number[]): string => (pids.length === 0 ? "no process" : `pid ${pids.join(", ")}`);

export function judge(f: AuditFacts): Judgement {
  const findings: Finding[] = [];
  const add = (x: Finding): void => void findings.push(x);
  const chosen = f.sockets.filter((s) => f.selected(s.proto, s.family));
  const listeners = chosen.filter(isListener);
  const allTcpListeners = [...f.sockets, ...(f.reread ?? [])].filter(isTcpListener);

  if (f.scan !== null) {
    hiddenListeners(f, f.scan, allTcpListeners, add);
    unreachableListeners(f.scan, listeners.filter(isTcpListener), add);
  }
  if (f.other !== null) viewMismatches(f, f.other, listeners, add);

  const rereadInodes = f.reread === null ? null : new Set(f.reread.map((s) => s.inode));
  const accepted = f.baseline === null ? null : new Set(f.baseline.map(baselineKey));
  for (const l of listeners) {
    const port = l.local.port ?? 0;
    const service = f.service(port, serviceTable(l.proto));
    const key = baselineKey(baselineEntry(l, f.processes));
    if (service === null && !(accepted?.has(key) ?? false)) {
      add({
        ...at(l, "unexplained-port", "low"),
        seen: `${l.proto} ${endpoint(l.local.address, l.local.port)} is listening (${pidList(pidsOf(l))}); /etc/services has no name for port ${port}${f.baseline === null ? "" : " and the baseline does not list it"}.`,
        why: "Every open port should be explained by a service you know; one nobody can name is how backdoors look.",
        benign: "A local service on a port of its own choosing (development servers, agents, games); accept it with --save-baseline.",
      });
    }
    if (l.owners.length === 0) unknownOwner(l, rereadInodes, add);
    const local = scopeOf(l) === "all" ? localService(serviceTable(l.proto), port) : null;
    if (local !== null) {
      add({
        ...at(l, "wildcard-bind", "medium"),
        seen: `${l.proto} ${endpoint(l.local.address, port)} (${local.what}) accepts on every address (${pidList(pidsOf(l))}).`,
        why: "This service is normally reached only from the machine itself; bound to every interface it is reachable by anyone who can route to the host.",
        benign: "It is meant to serve other hosts and a firewall limits who may connect; or the host has no interface facing an untrusted network.",
      });
    }
  }
  if (accepted !== null && f.baseline !== null) baselineChanges(f, listeners, f.baseline, add);

  processFindings(f, chosen, add);
  rawSockets(f, chosen, add);

  const byPort = (a: Finding, b: Finding): number =>
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    cmp(a.kind, b.kind) ||
    cmp(a.address ?? "", b.address ?? "") ||
    (a.port ?? -1) - (b.port ?? -1);
  findings.sort(byPort);

  const tcpListenersHere = f.sockets.filter(isTcpListener);
  // the kernel lists sockets in hash order: the report sorts them so that two runs compare
  const byLocal = (a: InetSocket, b: InetSocket): number =>
    cmp(a.proto, b.proto) ||
    (a.local.port ?? -1) - (b.local.port ?? -1) ||
    cmp(a.family, b.family) ||
    cmp(a.local.address, b.local.address) ||
    (a.remote.port ?? -1) - (b.remote.port ?? -1) ||
    cmp(a.remote.address, b.remote.address);
  return {
    findings,
    listeners: [...listeners].sort(byLocal).map((socket) => ({
      socket,
      service: f.service(socket.local.port ?? 0, serviceTable(socket.proto)),
      scope: scopeOf(socket),
      executable: executableOf(socket, f.processes),
      user: socket.uid === null ? null : f.user(socket.uid),
    })),
    connections: chosen.filter(isTcpConnection).sort(byLocal).map((socket) => ({ socket, direction: direction(socket, tcpListenersHere, f.ephemeral) })),
  };
}

/** The first owner's executable (without the deleted mark), or null. */
function executableOf(s: InetSocket, processes: ReadonlyMap<number, ProcessFacts>): string | null {
  for (const o of s.owners) {
    const exe = processes.get(o.pid)?.exe;
    if (exe !== null && exe !== undefined) return exePath(exe);
  }
  return null;
}

/** What --save-baseline records for a listener. */
export function baselineEntry(s: InetSocket, processes: ReadonlyMap<number, ProcessFacts>): BaselineEntry {
  const scope = scopeOf(s);
  return {
    proto: s.proto,
    family: s.family,
    scope,
    address: scope === "all" ? null : s.local.address,
    port: s.local.port ?? 0,
    executable: executableOf(s, processes),
  };
}

const pidsOf = (s: InetSocket): number[] => [...new Set(s.owners.map((o) => o.pid))];

function at(s: InetSocket, kind: FindingKind, severity: Severity): Pick<Finding, "kind" | "severity" | "proto" | "address" | "port" | "pids"> {
  return { kind, severity, proto: s.proto, address: s.local.address, port: s.local.port, pids: pidsOf(s) };
}

function hiddenListeners(f: AuditFacts, scan: ScanView, tcpListeners: readonly InetSocket[], add: (x: Finding) => void): void {
  for (const o of scan.open) {
    const family = o.address.includes(":") ? "inet6" : "inet";
    if (!f.selected("tcp", family)) continue;
    if (tcpListeners.some((l) => reaches(l, o.address, o.port))) continue;
    add({
      kind: "hidden-listener",
      severity: "high",
      proto: "tcp",
      address: o.address,
      port: o.port,
      pids: [],
      seen: `${endpoint(o.address, o.port)} accepts TCP connections (re-probed after re-reading the table), but no listening socket in the table covers it.`,
      why: "A port that answers but that the system's own table does not list is what a rootkit hiding its listener looks like.",
      benign: "A listener in another network namespace reached through NAT or a forwarding rule (DNAT, a container's published port), or a socket opened and closed again between the reads and the probes.",
    });
  }
}

function unreachableListeners(scan: ScanView, tcpListeners: readonly InetSocket[], add: (x: Finding) => void): void {
  const ports = new Set(scan.ports);
  const open = new Set(scan.open.map((o) => `${o.address} ${o.port}`));
  for (const l of tcpListeners) {
    const port = l.local.port;
    if (port === null || !ports.has(port)) continue;
    const probed = scan.addresses.filter((a) => reaches(l, a, port));
    if (probed.length === 0 || probed.some((a) => open.has(`${a} ${port}`))) continue;
    add({
      ...at(l, "unreachable-listener", "low"),
      seen: `${l.proto} ${endpoint(l.local.address, port)} is listed as listening (${pidList(pidsOf(l))}), but connects to ${probed.join(", ")} port ${port} were not accepted.`,
      why: "The table and the network disagree: either something filters the port, or the table shows a socket that does not really accept.",
      benign: "A firewall rule (nftables/iptables) dropping or rejecting the port, a full accept queue, or an IPv6-only socket probed over IPv4.",
    });
  }
}

function viewMismatches(f: AuditFacts, other: OtherView, listeners: readonly InetSocket[], add: (x: Finding) => void): void {
  const key = (proto: string, address: string, port: number | null): string => `${proto} ${unmapped(address) ?? address} ${port}`;
  const tableKeys = new Set(f.sockets.filter(isListener).map((l) => key(serviceTable(l.proto), l.local.address, l.local.port)));
  const otherKeys = new Set(other.listeners.map((l) => key(l.proto, l.address, l.port)));
  // lsof lists sockets by their holders: a listener no process holds is in the table only
  for (const l of listeners.filter((x) => x.owners.length > 0)) {
    if (otherKeys.has(key(serviceTable(l.proto), l.local.address, l.local.port))) continue;
    add({
      ...at(l, "view-mismatch", "medium"),
      seen: `the socket table lists ${l.proto} ${endpoint(l.local.address, l.local.port)} (${pidList(pidsOf(l))}); ${other.name} does not.`,
      why: "Two tools reading the same kernel should agree; a difference means one of them is being lied to or misread.",
      benign: `${other.name} cannot see sockets of processes it may not read (not root), nor kernel sockets without a holding process; or the socket changed between the two reads.`,
    });
  }
  for (const l of other.listeners) {
    if (!f.selected(l.proto, l.address.includes(":") ? "inet6" : "inet")) continue;
    if (tableKeys.has(key(l.proto, l.address, l.port))) continue;
    add({
      kind: "view-mismatch",
      severity: "high",
      proto: l.proto,
      address: l.address,
      port: l.port,
      pids: [...l.pids],
      seen: `${other.name} shows ${l.proto} ${endpoint(l.address, l.port)} listening (${pidList(l.pids)}); the socket table does not.`,
      why: "A listener one view shows and the kernel's table hides is the signature of a hook filtering /proc.",
      benign: "The socket was opened between the two reads, or the two tools looked at different network namespaces.",
    });
  }
}

function unknownOwner(l: InetSocket, rereadInodes: ReadonlySet<number | null> | null, add: (x: Finding) => void): void {
  const exited = rereadInodes !== null && l.inode !== null && !rereadInodes.has(l.inode);
  const reason: { text: string; severity: Severity } =
    l.ownerStatus === "partial"
      ? { text: "not root: the processes of other users could not be read", severity: "info" }
      : l.ownerStatus === "not-read"
        ? { text: "owners could not be read on this platform", severity: "info" }
        : exited
          ? { text: "exited: the socket was gone when the table was read again", severity: "info" }
          : { text: "no process here holds it: a kernel socket, or a process in another pid namespace", severity: "medium" };
  add({
    ...at(l, "unknown-owner", reason.severity),
    seen: `${l.proto} ${endpoint(l.local.address, l.local.port)} is listening and no owning process was found (${reason.text}).`,
    why: "A listener nobody can account for cannot be checked; a process hidden from /proc leaves exactly this.",
    benign: "Kernel services (NFS, WireGuard, RPC) hold sockets with no process; containers hold sockets from their own pid namespace; run as root to see every process.",
  });
}

function baselineChanges(f: AuditFacts, listeners: readonly InetSocket[], baseline: readonly BaselineEntry[], add: (x: Finding) => void): void {
  const now = new Map(listeners.map((l) => [baselineKey(baselineEntry(l, f.processes)), l]));
  const before = new Set(baseline.map(baselineKey));
  for (const [key, l] of now) {
    if (before.has(key)) continue;
    const exe = executableOf(l, f.processes);
    add({
      ...at(l, "new-listener", "medium"),
      seen: `${l.proto} ${endpoint(l.local.address, l.local.port)} (${scopeOf(l)}, ${exe ?? "executable unknown"}, ${pidList(pidsOf(l))}) is not in the baseline.`,
      why: "A listener that appeared since the baseline was saved is a change nobody has accepted yet.",
      benign: "A service installed, reconfigured or moved to another executable since the baseline; save a new baseline once it is explained.",
    });
  }
  for (const e of baseline) {
    if (now.has(baselineKey(e)) || !f.selected(e.proto, e.family)) continue;
    add({
      kind: "gone-listener",
      severity: "low",
      proto: e.proto,
      address: e.address ?? (e.family === "inet" ? "0.0.0.0" : "::"),
      port: e.port,
      pids: [],
      seen: `the baseline's ${e.proto} listener on port ${e.port} (${e.scope}${e.address === null ? "" : ` ${e.address}`}, ${e.executable ?? "executable unknown"}) is not listening now.`,
      why: "A service that stopped listening may have crashed, or been replaced by something else on another port.",
      benign: "The service was stopped, uninstalled or reconfigured on purpose.",
    });
  }
}

/** A listener first, then raw sockets, then connections: the socket a process finding names. */
const socketOrder = (s: InetSocket): number => (isListener(s) ? 0 : s.proto === "raw" ? 1 : 2);

function processFindings(f: AuditFacts, sockets: readonly InetSocket[], add: (x: Finding) => void): void {
  const reported = new Set<string>();
  const ordered = [...sockets].sort((a, b) => socketOrder(a) - socketOrder(b));
  const once = (kind: FindingKind, pid: number): boolean => {
    const k = `${kind} ${pid}`;
    if (reported.has(k)) return false;
    reported.add(k);
    return true;
  };
  for (const s of ordered) {
    const role = isListener(s) ? "listening on" : s.proto === "raw" ? "holding a raw socket on" : "connected from";
    const where = `${s.proto} ${endpoint(s.local.address, s.local.port)}`;
    for (const pid of pidsOf(s)) {
      const p = f.processes.get(pid);
      if (p !== undefined && p.exe === null && p.exeError === "elsewhere") {
        nameOnlyShell(s, pid, role, where, once, add);
        continue;
      }
      if (p === undefined || p.exe === null) continue;
      const owner = s.owners.find((o) => o.pid === pid);
      const claim = owner !== undefined && !sameProgram(owner.program, baseName(exePath(p.exe))) ? ` (argv[0] says "${owner.program}")` : "";
      const shell = isListener(s) ? shellKind(p.exe, p.argv) : null;
      if (shell !== null && once("shell-listening", pid)) {
        const what = shell === "shell" ? "a shell" : shell === "relay" ? "a socket relay" : "an interpreter running code from its command line or standard input";
        add({
          ...at(s, "shell-listening", "high"),
          pids: [pid],
          seen: `pid ${pid} runs ${exePath(p.exe)}${claim}, ${what}, and is ${role} ${where}.`,
          why: "A shell or netcat behind a port is a bind shell: whoever connects gets commands run on this host.",
          benign: "A debugging session or a quick file transfer someone started by hand (nc -l, python -m http.server); an inetd-style service that passes the socket to a shell script.",
        });
      }
      if (isDeleted(p.exe) && once("deleted-executable", pid)) {
        add({
          ...at(s, "deleted-executable", "high"),
          pids: [pid],
          seen: `pid ${pid}${claim} runs ${exePath(p.exe)}, which has been deleted, and is ${role} ${where}.`,
          why: "Malware often deletes its own file after starting so that nothing is left on disk to find.",
          benign: "The program was upgraded by the package manager while it ran and has not been restarted yet.",
        });
      }
      const location = suspiciousLocation(p.exe);
      if (location !== null && once("suspicious-path", pid)) {
        add({
          ...at(s, "suspicious-path", "high"),
          pids: [pid],
          seen: `pid ${pid} runs ${exePath(p.exe)}${claim}: ${location}; it is ${role} ${where}.`,
          why: "Installed software does not run from temporary or hidden directories; dropped payloads do.",
          benign: "A program being developed or tested from a scratch directory, or a self-updating tool that unpacks itself into one.",
        });
      }
    }
  }
}

/**
 * A saved listing names the program (argv[0]'s base name, or the task name) but not the
 * executable: a shell or a relay is judged by that name alone, and says so; an interpreter only
 * when the listing has its command line.
 */
function nameOnlyShell(s: InetSocket, pid: number, role: string, where: string, once: (kind: FindingKind, pid: number) => boolean, add: (x: Finding) => void): void {
  const owner = s.owners.find((o) => o.pid === pid);
  if (owner === undefined || !isListener(s) || owner.program === "" || owner.program === "-") return;
  const argv = owner.cmdline === null ? [owner.program] : owner.cmdline.split(" ");
  const shell = shellKind(`/${owner.program}`, argv);
  if (shell === null || (shell === "bare-interpreter" && owner.cmdline === null) || !once("shell-listening", pid)) return;
  const what = shell === "shell" ? "a shell" : shell === "relay" ? "a socket relay" : "an interpreter running code from its command line or standard input";
  add({
    ...at(s, "shell-listening", "high"),
    pids: [pid],
    seen: `pid ${pid} is "${owner.program}" (the program name the listing shows; its executable is not known), ${what}, and is ${role} ${where}.`,
    why: "A shell or netcat behind a port is a bind shell: whoever connects gets commands run on this host.",
    benign: "A debugging session or a quick file transfer someone started by hand (nc -l, python -m http.server); an inetd-style service that passes the socket to a shell script; or a program that only calls itself by that name.",
  });
}

/** argv[0] names the executable, give or take a version suffix (python3 runs python3.11). */
const sameProgram = (program: string, exe: string): boolean => exe.startsWith(program) || program.startsWith(exe);

function rawSockets(f: AuditFacts, sockets: readonly InetSocket[], add: (x: Finding) => void): void {
  const benign = "Network tools and daemons use them legitimately: ping and traceroute on older systems, DHCP clients, tcpdump/wireshark, keepalived, routing daemons.";
  for (const s of sockets) {
    if (s.proto !== "raw") continue;
    const pids = pidsOf(s);
    add({
      ...at(s, "raw-socket", "medium"),
      seen: `a raw ${s.family === "inet" ? "IPv4" : "IPv6"} socket for IP protocol ${s.local.port ?? "?"} on ${s.local.address} is held by ${pidList(pids)}${programs(pids, f)}.`,
      why: "A raw socket sees packets without a port: sniffers and backdoors woken by a magic packet use them, and no port scan finds them.",
      benign,
    });
  }
  if (!f.selected("packet", null)) return;
  for (const p of f.packets) {
    const iface = p.ifindex === 0 ? null : (f.interfaces.get(p.ifindex) ?? `ifindex ${p.ifindex}`);
    add({
      kind: "raw-socket",
      severity: "medium",
      proto: "packet",
      address: iface,
      port: null,
      pids: [...p.pids],
      seen: `a packet socket (${p.type === 3 ? "SOCK_RAW" : p.type === 2 ? "SOCK_DGRAM" : `type ${p.type}`}, ethertype 0x${p.protocol.toString(16).padStart(4, "0")}) on ${iface ?? "every interface"} is held by ${pidList(p.pids)}${programs(p.pids, f)}.`,
      why: "A packet socket sees every frame of an interface: sniffers and backdoors triggered by a filter (BPF) use them, and no port scan finds them.",
      benign,
    });
  }
}

function programs(pids: readonly number[], f: AuditFacts): string {
  const names = pids.map((pid) => f.processes.get(pid)?.exe).filter((e): e is string => e !== null && e !== undefined);
  return names.length === 0 ? "" : ` (${[...new Set(names.map(exePath))].join(", ")})`;
}

/** Exit status of an audit: 0 when nothing above info was found, 1 when something was. */
export const auditStatus = (findings: readonly Finding[]): 0 | 1 => (findings.some((x) => x.severity !== "info") ? 1 : 0);
