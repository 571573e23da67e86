// `tsnetstat --audit`: read the table, scan this host's own addresses, re-read and re-probe what
// disagrees, judge, print. Loaded by the CLI only when --audit is given.

import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import type { Diagnostic, InetSocket, NetnsLabel } from "../model.js";
import { formatDiagnostic } from "../model.js";
import type { Options } from "../cli/args.js";
import { DEFAULT_PROC_ROOT } from "../cli/args.js";
import type { Io } from "../cli/main.js";
import { writeAll } from "../cli/output.js";
import type { Reader } from "../readers/index.js";
import { systemNames } from "../names/system.js";
import { parseBaseline, serializeBaseline } from "./baseline.js";
import { auditStatus, baselineEntry, judge } from "./findings.js";
import { ephemeralRange, hasIPv6, interfaceAddresses, interfaceNames, packetSockets, processFacts } from "./gather.js";
import { defaultTargets, isOwnAddress, parseAddressList, parsePortList } from "./parse.js";
import type { AuditResult, TableRenderer } from "./report.js";
import { auditJson, auditText, plainTable } from "./report.js";
import type { OpenPort, ScanTarget } from "./scan.js";
import { connectScan, DEFAULT_SCAN, reprobe } from "./scan.js";
import { isListener, isLoopback, isTcpListener, reaches, unmapped } from "./sockets.js";
import { bindView, loadScanInput, udpTargets, udpView } from "./more-views.js";
import type { NetworkView } from "./views.js";
import { withOtherNamespaces, withViews } from "./views.js";
import { readTable } from "./table.js";
import type { BaselineEntry, FindingProto, OtherView, PacketSocket, ProcessFacts, ScanView } from "./types.js";
import { SEVERITIES } from "./types.js";

/** Exit status when the audit itself could not run (issue 9). */
export const EXIT_AUDIT_FAILED = 2;

/** Times an open port no listener covers is probed again before it is reported. */
const REPROBES = 3;

class AuditFailure extends Error {}

/**
 * The third view: another tool's list of listeners (lsof), or why there is none (the report says
 * so rather than pretending the views agree).
 */
export type OtherViewSource = () => Promise<OtherView | { readonly unavailable: string }>;

export async function runAudit(o: Options, reader: Reader, io: Io, otherView?: OtherViewSource): Promise<number> {
  try {
    return await audit(o, reader, io, otherView);
  } catch (err) {
    if (!(err instanceof AuditFailure)) throw err;
    writeAll(io.stderr, `tsnetstat: audit could not run: ${err.message}\n`);
    return EXIT_AUDIT_FAILED;
  }
}

async function audit(o: Options, reader: Reader, io: Io, otherViewSource: OtherViewSource | undefined): Promise<number> {
  const STDOUT = io.stdout;
  const STDERR = io.stderr;
  const report = (diagnostics: readonly Diagnostic[]): void => {
    if (diagnostics.length > 0) writeAll(STDERR, diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""));
  };
  const root = o.procRoot === DEFAULT_PROC_ROOT ? null : o.procRoot;
  const req = o.audit;
  if (req === null) throw new AuditFailure("no --audit");
  const ports = parsePortList(req.scanPorts ?? "1-65535");
  if (typeof ports === "string") throw new AuditFailure(`--scan-ports: ${ports}`);
  const given = req.scanAddresses === null ? null : parseAddressList(req.scanAddresses);
  if (typeof given === "string") throw new AuditFailure(`--scan-addresses: ${given}`);
  const interfaces = interfaceAddresses();
  // the audit connects to this machine only: a loopback address or one of its interfaces'
  const foreign = given?.find((t) => !isOwnAddress(t.address, interfaces));
  if (foreign !== undefined) throw new AuditFailure(`--scan-addresses: ${foreign.address} is not an address of this machine (loopback or an interface's)`);
  const baseline = req.baseline === null ? null : loadBaseline(req.baseline);
  // --input: the sockets are a saved listing, perhaps of another machine; this machine's scans,
  // binds, lsof and /proc/<pid> would not be about them
  const saved = o.input;
  if (saved !== null && req.localScan) throw new AuditFailure(`--local-scan: the sockets come from ${saved}, a saved listing: this machine's scans would not be about it`);
  if (saved !== null && req.probeBind) throw new AuditFailure(`--probe-bind: the sockets come from ${saved}, a saved listing: binding this machine's ports would not check it`);
  if (saved !== null && given !== null) throw new AuditFailure(`--scan-addresses: the sockets come from ${saved}, a saved listing: this machine's addresses are not scanned`);

  const isRoot = process.geteuid?.() === 0;
  const notes: string[] = [];
  const netns = o.netns ?? undefined;
  let first = await readTable(reader, root, true, netns);
  report(first.diagnostics);
  if (first.failed !== null) throw new AuditFailure(first.failed);
  if (first.ownersDenied && o.input === null) notes.push("not root: the owners and executables of other users' processes could not be read");
  if (first.netnsNotice !== null) notes.push(first.netnsNotice);
  // --netns: the scans and the views judge this namespace's sockets only (they reach no other);
  // the other namespaces' listeners are accounted for on their own, each with its namespace
  let elsewhere: InetSocket[] = [];
  let ownLabel: NetnsLabel | undefined;
  if (netns !== undefined) {
    const own = ownNetnsInode();
    if (own === null) throw new AuditFailure("--netns: cannot tell which network namespace the audit runs in (/proc/self/ns/net)");
    let all = first.sockets;
    if (netns.kind !== "all") {
      const mine = await readTable(reader, root, true, { kind: "pid", pid: process.pid });
      report(mine.diagnostics);
      all = [...mine.sockets, ...first.sockets.filter((s) => s.netns?.inode !== own)];
    }
    const here = all.filter((s) => s.netns === undefined || s.netns.inode === own);
    elsewhere = all.filter((s) => s.netns !== undefined && s.netns.inode !== own);
    ownLabel = here.find((s) => s.netns !== undefined)?.netns ?? { inode: own, name: null, container: null };
    first = { ...first, sockets: here };
  }

  const selected = selection(o);
  // lsof walks every process of the host (seconds on a busy one): it runs while the scan does
  const otherPending = (saved !== null ? async () => ({ unavailable: "" }) : (otherViewSource ?? (() => lsofView(root, reader.platform))))().catch((err: unknown) => ({
    unavailable: `lsof view: not available (${err instanceof Error ? err.message : String(err)})`,
  }));
  // --scan-input: a scan made elsewhere is the network view, instead of the local scans (or beside them with --local-scan)
  // a saved listing's host is known by the addresses its sockets are bound to or connected on
  // (not its loopback: a scan of 127.0.0.1 made elsewhere is a scan of that elsewhere)
  const listed = new Set(first.sockets.map((s) => unmapped(s.local.address) ?? s.local.address).filter((a) => !isLoopback(a)));
  const isHost = saved === null ? (a: string) => isOwnAddress(a, interfaces) : (a: string) => listed.has(a);
  const fromFile = req.scanInput === null ? [] : loadScanInput(req.scanInput, isHost);
  if (typeof fromFile === "string") throw new AuditFailure(fromFile);
  const local = saved === null && (req.scanInput === null || req.localScan);
  if (saved !== null && req.scanInput === null) {
    notes.push(`network view: not available: the sockets come from ${saved}, a saved listing, and this machine's scans and lsof would not be about it (--scan-input takes a scan of that host)`);
  } else if (!local) {
    notes.push(`no local scan: the network view is ${req.scanInput ?? ""}`);
  }
  const scanWanted = local && (selected("tcp", "inet") || selected("tcp", "inet6"));
  let scan: ScanView | null = null;
  let reread: InetSocket[] | null = null;
  const views: NetworkView[] = [];
  const baseTargets = given ?? defaultTargets(interfaces, first.sockets, hasIPv6(o.procRoot));
  if (scanWanted) {
    const all = baseTargets;
    const targets = all.filter((t) => selected("tcp", t.family === 4 ? "inet" : "inet6"));
    const rereadTable = async (): Promise<InetSocket[]> => (reread = (await readTable(reader, root, false)).sockets);
    scan = await scanStep(targets, ports, first.sockets, rereadTable, STDERR);
  } else if (local) {
    notes.push("no TCP connect scan: TCP was not selected");
  }
  if (local && (selected("udp", "inet") || selected("udp", "inet6"))) {
    const all = given ?? udpTargets(baseTargets, first.sockets);
    const targets = all.filter((t) => selected("udp", t.family === 4 ? "inet" : "inet6"));
    const progress = process.stderr.isTTY && STDERR === 2 ? (done: number, total: number) => writeAll(STDERR, `\rscanning: ${done}/${total} UDP probes`) : undefined;
    const udp = await udpView(targets, ports, first.sockets, () => readTable(reader, root, false), ephemeralRange(DEFAULT_PROC_ROOT), progress);
    if (progress !== undefined) writeAll(STDERR, "\r\u001b[K");
    views.push(udp.view);
    if (udp.reread !== null) reread = [...(reread ?? []), ...udp.reread];
  }
  if (req.probeBind) {
    for (const proto of ["tcp", "udp"] as const) {
      const all = proto === "udp" && given === null ? udpTargets(baseTargets, first.sockets) : baseTargets;
      const targets = all.filter((t) => selected(proto, t.family === 4 ? "inet" : "inet6"));
      if (targets.length === 0) continue;
      const progress = process.stderr.isTTY && STDERR === 2 ? (done: number, total: number) => writeAll(STDERR, `\rbinding: ${done}/${total} ${proto.toUpperCase()} ports`) : undefined;
      const bound = await bindView(proto, targets, ports, first.sockets, () => readTable(reader, root, false), progress);
      if (progress !== undefined) writeAll(STDERR, "\r\u001b[K");
      views.push(bound.view);
      if (bound.reread !== null) reread = [...(reread ?? []), ...bound.reread];
      for (const [code, n] of bound.failed) notes.push(`${proto.toUpperCase()} bind probe: ${n} port${n === 1 ? "" : "s"} could not be tried (${code})`);
    }
  }
  views.push(...fromFile);
  if (req.scanInput !== null && !local) {
    for (const proto of ["tcp", "udp"] as const) {
      const wanted = selected(proto, "inet") || selected(proto, "inet6");
      if (wanted && !fromFile.some((v) => v.proto === proto)) notes.push(`no ${proto.toUpperCase()} view: ${req.scanInput ?? ""} holds no ${proto.toUpperCase()} scan`);
    }
  }
  const other = await otherPending;
  if ("unavailable" in other && other.unavailable !== "") notes.push(other.unavailable);

  const packets: { sockets: PacketSocket[]; diagnostics: Diagnostic[] } = selected("packet", null) && saved === null
    ? packetSockets(o.procRoot)
    : { sockets: [], diagnostics: [] };
  report(packets.diagnostics);
  const processes = new Map<number, ProcessFacts>();
  const factsOf = (pid: number): ProcessFacts => (saved === null ? processFacts(o.procRoot, pid) : { pid, exe: null, exeError: "elsewhere", argv: [] });
  for (const s of [...first.sockets, ...elsewhere]) for (const owner of s.owners) if (!processes.has(owner.pid)) processes.set(owner.pid, factsOf(owner.pid));
  if (saved !== null && processes.size > 0) {
    notes.push("executables not known (a saved listing): shell-listening is judged by the program name the listing shows, deleted-executable and suspicious-path not at all");
  }
  for (const p of packets.sockets) for (const pid of p.pids) if (!processes.has(pid)) processes.set(pid, processFacts(o.procRoot, pid));
  if (!isRoot && [...processes.values()].some((p) => p.exeError === "denied")) {
    notes.push("not root: some executables (/proc/<pid>/exe) could not be read, so they were not judged");
  }
  if (!isRoot && packets.sockets.length > 0) notes.push("not root: holders of packet sockets may be missing");

  const names = await systemNames({ hosts: false, ports: true, users: true, addresses: [], timeoutMs: 0, etc: "/etc" });
  const facts = {
    packets: [] as PacketSocket[],
    processes,
    service: (port: number, proto: "tcp" | "udp") => names.service(port, proto),
    user: (uid: number) => names.user(uid),
    interfaces: interfaceNames(),
    ephemeral: ephemeralRange(o.procRoot),
    selected,
  };
  const judged = judge({
    sockets: first.sockets,
    reread,
    packets: packets.sockets,
    processes,
    service: (port, proto) => names.service(port, proto),
    user: (uid) => names.user(uid),
    interfaces: interfaceNames(),
    scan,
    other: "unavailable" in other ? null : other,
    baseline,
    // another machine's ephemeral range is not known: a connection no listener explains is "unknown"
    ephemeral: saved === null ? ephemeralRange(o.procRoot) : null,
    selected,
  });

  if (req.saveBaseline !== null) {
    const entries = first.sockets.filter((s) => isListener(s) && selected(s.proto, s.family)).map((s) => baselineEntry(s, processes));
    try {
      writeFileSync(req.saveBaseline, serializeBaseline(entries));
    } catch (err) {
      throw new AuditFailure(`--save-baseline ${req.saveBaseline}: ${(err as Error).message}`);
    }
  }

  const ownFindings = withViews(
    judged.findings,
    views,
    { sockets: [...first.sockets, ...(reread ?? [])], listeners: first.sockets.filter((s) => isListener(s) && selected(s.proto, s.family)), selected },
    scan === null ? null : { name: "the local TCP connect scan", origin: "local", proto: "tcp", addresses: scan.addresses, ports: scan.ports, open: scan.open, seconds: scan.seconds },
  );
  const listeners = [...judged.listeners];
  const connections = [...judged.connections];
  let findings = ownLabel === undefined ? ownFindings : withOtherNamespaces(ownFindings, elsewhere).map((f) => ({ ...f, netns: f.netns ?? ownLabel }));
  if (ownLabel !== undefined) {
    // each other namespace on its own: the listener accounting, no scan and no lsof (neither reaches it)
    const byNamespace = new Map<number, InetSocket[]>();
    for (const s of elsewhere) {
      const key = s.netns?.inode ?? 0;
      const list = byNamespace.get(key);
      if (list === undefined) byNamespace.set(key, [s]);
      else list.push(s);
    }
    for (const sockets of byNamespace.values()) {
      const label = sockets[0]?.netns;
      const there = judge({ ...facts, sockets, reread: null, scan: null, other: null, baseline: null });
      findings = findings.concat(there.findings.map((f) => (label === undefined ? f : { ...f, netns: label })));
      listeners.push(...there.listeners);
      connections.push(...there.connections);
    }
    if (byNamespace.size > 0) notes.push(`other network namespaces (${byNamespace.size}): their listeners are accounted for, but not scanned (the scans reach this namespace only)`);
  }
  // highest first, as the report groups them (a stable sort keeps each group's order)
  findings = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const result: AuditResult = {
    host: hostname(),
    time: new Date().toISOString(),
    scan,
    views,
    findings,
    listeners,
    connections,
    notes,
  };
  if (o.json) {
    writeAll(STDOUT, auditJson(result));
    if (notes.length > 0) writeAll(STDERR, notes.map((n) => `tsnetstat: audit: ${n}\n`).join(""));
  } else {
    const boxed = process.stdout.isTTY && STDOUT === 1;
    writeAll(STDOUT, auditText(result, boxed ? await boxTable(process.stdout.columns) : plainTable, boxed));
  }
  return auditStatus(findings);
}

/** The scan, with a progress line on stderr when stderr is a terminal, and its open ports confirmed. */
async function scanStep(
  targets: readonly ScanTarget[],
  ports: readonly number[],
  sockets: readonly InetSocket[],
  reread: () => Promise<InetSocket[]>,
  stderr: number,
): Promise<ScanView> {
  const started = performance.now();
  const progress = process.stderr.isTTY && stderr === 2 ? (done: number, total: number) => writeAll(stderr, `\rscanning: ${done}/${total} connects`) : undefined;
  const found = await connectScan(targets, ports, progress === undefined ? DEFAULT_SCAN : { ...DEFAULT_SCAN, onProgress: progress });
  if (progress !== undefined) writeAll(stderr, "\r\u001b[K");
  const open = await confirm(reread, targets, found, sockets);
  return { addresses: targets.map((t) => t.address), ports, open, seconds: (performance.now() - started) / 1000 };
}

/**
 * The scan's open ports, checked again where they disagree with the table: an open port no
 * listener covers is re-read in the table (it may have just opened) and probed again (it may have
 * just closed) before it stays in the list.
 */
async function confirm(
  reread: () => Promise<InetSocket[]>,
  targets: readonly ScanTarget[],
  found: readonly OpenPort[],
  sockets: readonly InetSocket[],
): Promise<OpenPort[]> {
  const covered = (list: readonly InetSocket[]) => {
    const listeners = list.filter(isTcpListener);
    return (p: OpenPort): boolean => listeners.some((l) => reaches(l, p.address, p.port));
  };
  const firstCover = covered(sockets);
  const suspects = found.filter((p) => !firstCover(p));
  if (suspects.length === 0) return [...found];
  const secondCover = covered(await reread());
  const still = await reprobe(
    targets,
    suspects.filter((p) => !secondCover(p)),
    REPROBES,
    DEFAULT_SCAN,
  );
  const keep = new Set(still.map((p) => `${p.address} ${p.port}`));
  return found.filter((p) => firstCover(p) || secondCover(p) || keep.has(`${p.address} ${p.port}`));
}

function loadBaseline(path: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new AuditFailure(`--baseline ${path}: ${(err as Error).message}`);
  }
  const parsed = parseBaseline(text, path);
  if ("error" in parsed) throw new AuditFailure(formatDiagnostic(parsed.error).replace(/^tsnetstat: /, ""));
  return parsed.entries;
}

/** lsof's listeners, for the view-mismatch check: the live system only, and only beside /proc. */
async function lsofView(root: string | null, platform: string): Promise<OtherView | { readonly unavailable: string }> {
  if (root !== null) return { unavailable: "lsof view: not used with --proc-root (lsof sees the live system, not the copy)" };
  if (platform !== "linux") return { unavailable: `lsof view: not used when the table itself comes from ${platform}` };
  const { readLsof } = await import("../readers/lsof/index.js");
  const snap = await readLsof({ platform: "linux", ownerStatus: process.geteuid?.() === 0 ? "complete" : "partial" });
  if (snap.failure !== null) return { unavailable: `lsof view: not available (${snap.failure})` };
  const listeners = snap.sockets
    .filter((s): s is InetSocket => s.proto !== "unix" && isListener(s))
    .map((s) => ({ proto: s.proto === "tcp" ? ("tcp" as const) : ("udp" as const), address: s.local.address, port: s.local.port ?? 0, pids: [...new Set(s.owners.map((x) => x.pid))] }))
    // lsof runs while the audit probes: the --probe-bind's own momentary sockets are not a listener of the host
    .filter((l) => !(l.pids.length === 1 && l.pids[0] === process.pid));
  return { name: "lsof", listeners };
}

/**
 * -4 -6 -t -u as netstat means them: no protocol flag is every protocol, no family flag every
 * family. Packet sockets have no address family: they count only when nothing narrows the audit.
 */
function selection(o: Options): (proto: FindingProto, family: InetSocket["family"] | null) => boolean {
  const protocols = o.protocols;
  const families = [...o.families].filter((f) => f === "inet" || f === "inet6");
  const narrowed = o.families.size > 0;
  return (proto, family) => {
    if (proto === "packet") return protocols.size === 0 && !narrowed;
    if (protocols.size > 0 && !protocols.has(proto === "udplite" ? "udplite" : proto)) return false;
    if (narrowed && (family === null || !(families as string[]).includes(family))) return false;
    return true;
  };
}

/** cli-table3 boxes for a terminal, the last column folded to the terminal's width. */
async function boxTable(columns: number | undefined): Promise<TableRenderer> {
  const Table = (await import("cli-table3")).default;
  // a terminal that does not say its size (0 or undefined) gets 100 columns
  const width = Math.max(60, columns === undefined || columns === 0 ? 100 : columns);
  return (head, rows) => {
    const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...(r[i] ?? "").split("\n").map((l) => l.length)))) + 2);
    const fixed = natural.slice(0, -1).reduce((a, b) => a + b, 0) + head.length + 1;
    const own = natural.at(-1) ?? 30;
    const last = Math.max(Math.min(own, 30), Math.min(own, width - fixed));
    const t = new Table({ head: [...head], colWidths: [...natural.slice(0, -1), last], wordWrap: true, style: { head: [], border: [] } });
    for (const r of rows) t.push([...r]);
    return `${t.toString()}\n`;
  };
}

/** The inode of the network namespace this process runs in (proc(5): /proc/self/ns/net reads "net:[INODE]"), or null. */
function ownNetnsInode(): number | null {
  try {
    const m = /^net:\[(\d+)\]$/.exec(readlinkSync("/proc/self/ns/net"));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}
