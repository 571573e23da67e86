// The audit as a report: text grouped by severity (tables drawn by a renderer the caller picks:
// plain columns for pipes, boxes for a terminal) and the JSON document "tsnetstat-audit/1". Pure.

import { escapeText } from "../format/escape.js";
import { netnsText } from "../format/netstat.js";
import type { NetnsLabel } from "../model.js";
import { isWildcardAddress, wildcardFamily } from "./bind-explain.js";
import type { ConnectionReport, ListenerReport } from "./findings.js";
import type { Finding, ScanView, Severity } from "./types.js";
import type { NetworkView } from "./views.js";
import { SEVERITIES } from "./types.js";

export const AUDIT_SCHEMA = "tsnetstat-audit/1";

export interface AuditResult {
  readonly host: string;
  /** ISO 8601. */
  readonly time: string;
  readonly scan: ScanView | null;
  /** The other network views (the local UDP scan, --scan-input's scans); none when absent. */
  readonly views?: readonly NetworkView[];
  readonly findings: readonly Finding[];
  readonly listeners: readonly ListenerReport[];
  readonly connections: readonly ConnectionReport[];
  /** What the audit could not see or did not do, one sentence each. */
  readonly notes: readonly string[];
}

/** The one-string message of a finding in JSON: what was seen, why it matters, benign causes. */
export const findingMessage = (f: Finding): string => `${f.seen} Why it matters: ${f.why} Benign explanations: ${f.benign}`;

export function auditJson(r: AuditResult): string {
  const lines: string[] = [];
  const scan =
    r.scan === null
      ? "null"
      : JSON.stringify({ addresses: r.scan.addresses, ports: r.scan.ports.length, open: r.scan.open, seconds: round(r.scan.seconds) });
  lines.push(`{"schema":${JSON.stringify(AUDIT_SCHEMA)},"host":${JSON.stringify(r.host)},"time":${JSON.stringify(r.time)},"scan":${scan},`);
  if (r.views !== undefined) {
    const views = r.views.map((v) =>
      JSON.stringify({ name: v.name, origin: v.origin, method: v.method ?? "scan", proto: v.proto, addresses: v.addresses, ports: v.ports === null ? null : v.ports.length, open: v.open, seconds: v.seconds === null ? null : round(v.seconds) }),
    );
    lines.push(`"views":[${views.length === 0 ? "" : `\n${views.join(",\n")}\n`}],`);
  }
  const list = (name: string, items: string[], last: boolean): void => {
    lines.push(`"${name}":[${items.length === 0 ? "" : `\n${items.join(",\n")}\n`}]${last ? "}" : ","}`);
  };
  list(
    "findings",
    r.findings.map((f) =>
      JSON.stringify({
        kind: f.kind,
        severity: f.severity,
        proto: f.proto,
        family: findingFamily(f),
        address: f.address,
        port: f.port,
        pids: f.pids,
        ...(f.netns === undefined ? {} : { netns: f.netns }),
        message: findingMessage(f),
      }),
    ),
    false,
  );
  list(
    "listeners",
    r.listeners.map((l) => JSON.stringify({ ...l.socket, service: l.service, scope: l.scope, executable: l.executable, user: l.user })),
    false,
  );
  list(
    "connections",
    r.connections.map((c) => JSON.stringify({ ...c.socket, direction: c.direction })),
    true,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * The address family a finding is about, beside its transport (`proto` "udp" with family "inet6"
 * is netstat's "udp6"): from its numeric address (a v4-mapped one is an IPv6 socket's); null for
 * packet sockets and findings without an address.
 */
export function findingFamily(f: Pick<Finding, "proto" | "address">): "inet" | "inet6" | null {
  if (f.proto === "packet" || f.address === null) return null;
  return f.address.includes(":") ? "inet6" : "inet";
}

/** " in netns 4026532000/web" after a finding's place, with --netns. */
const inNetns = (label: NetnsLabel | undefined): string => (label === undefined ? "" : ` in netns ${netnsText(label)}`);

const round = (s: number): number => Math.round(s * 1000) / 1000;

/** Draws one table; `wrap` columns may be folded to fit. */
export type TableRenderer = (head: readonly string[], rows: readonly (readonly string[])[]) => string;

/** Columns padded with spaces, a header line, no borders: what a pipe or a file gets. */
export const plainTable: TableRenderer = (head, rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `${l}\n`).join("");
};

const where = (address: string | null, port: number | null): string => {
  if (address === null) return port === null ? "*" : `*:${port}`;
  const a = address.includes(":") ? `[${address}]` : address;
  return port === null ? a : `${a}:${port}`;
};

/**
 * Where a finding is. A port the wildcard bind found held on an address it cannot name (a
 * hidden-listener at 0.0.0.0 or "::") reads "*:47010 (some IPv4 address)", not as a wildcard listener.
 */
export function findingWhere(f: Pick<Finding, "kind" | "address" | "port">): string {
  if (f.kind !== "hidden-listener" || f.address === null || !isWildcardAddress(f.address)) return where(f.address, f.port);
  return `*:${f.port ?? "*"} (some ${wildcardFamily(f.address)} address)`;
}

const ownerText = (owners: ListenerReport["socket"]["owners"]): string =>
  owners.length === 0 ? "-" : owners.map((o) => `${o.pid}/${o.program}`).join(",");

const SEVERITY_TITLE: Readonly<Record<Severity, string>> = { high: "HIGH", medium: "MEDIUM", low: "LOW", info: "INFO" };

/** The readable report. `boxed` chooses how findings print: in a table (terminal) or as blocks. */
export function auditText(r: AuditResult, table: TableRenderer, boxed: boolean): string {
  const e = escapeText;
  const out: string[] = [];
  out.push(`tsnetstat audit of ${e(r.host)} at ${r.time}\n`);
  if (r.scan !== null) {
    const s = r.scan;
    out.push(
      `scan: TCP connect to ${s.addresses.length === 0 ? "no address" : s.addresses.join(", ")}, ${s.ports.length} port${s.ports.length === 1 ? "" : "s"} each, ` +
        `in ${s.seconds.toFixed(2)} s: ${s.open.length} open${s.open.length === 0 ? "" : ` (${s.open.map((o) => where(o.address, o.port)).join(", ")})`}\n`,
    );
  }
  for (const v of r.views ?? []) {
    const ports = v.ports === null ? "the ports nmap chose" : `${v.ports.length} port${v.ports.length === 1 ? "" : "s"} each`;
    out.push(
      `view: ${e(v.name)}: ${v.addresses.length === 0 ? "no address" : v.addresses.join(", ")}, ${ports}${v.seconds === null ? "" : `, in ${v.seconds.toFixed(2)} s`}: ` +
        `${v.open.length} ${v.method === "bind" ? "in use" : v.proto === "udp" ? "open or silent" : "open"}${v.open.length === 0 ? "" : ` (${v.open.map((o) => where(o.address, o.port)).join(", ")})`}\n`,
    );
  }
  for (const n of r.notes) out.push(`note: ${e(n)}\n`);

  const total = r.findings.length;
  const counts = SEVERITIES.map((s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
  out.push(`\nfindings: ${total === 0 ? "none" : counts}\n`);
  for (const sev of SEVERITIES) {
    const group = r.findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push(`\n${SEVERITY_TITLE[sev]} (${group.length})\n`);
    if (boxed) {
      out.push(
        table(
          ["finding", "where", "pids", "seen / why it matters / benign explanations"],
          group.map((f) => [
            f.kind,
            `${f.proto} ${e(findingWhere(f))}${inNetns(f.netns)}`,
            f.pids.join(",") || "-",
            `${e(f.seen)}\nWhy: ${f.why}\nBenign: ${f.benign}`,
          ]),
        ),
      );
    } else {
      for (const f of group) {
        out.push(`  ${f.kind}  ${f.proto} ${e(findingWhere(f))}${inNetns(f.netns)}${f.pids.length === 0 ? "" : `  pid ${f.pids.join(",")}`}\n`);
        out.push(`    seen:   ${e(f.seen)}\n    why:    ${f.why}\n    benign: ${f.benign}\n`);
      }
    }
  }

  const withNetns = r.listeners.some((l) => l.socket.netns !== undefined);
  out.push(`\nlisteners (${r.listeners.length})\n`);
  if (r.listeners.length > 0) {
    out.push(
      table(
        [...(withNetns ? ["netns"] : []), "proto", "local address", "service", "scope", "user", "pid/program", "executable"],
        r.listeners.map((l) => [
          ...(withNetns ? [netnsText(l.socket.netns)] : []),
          `${l.socket.proto}${l.socket.family === "inet6" ? "6" : ""}`,
          e(where(l.socket.local.address, l.socket.local.port)),
          l.service === null ? "-" : e(l.service),
          l.scope,
          l.user === null ? (l.socket.uid === null ? "-" : String(l.socket.uid)) : e(l.user),
          e(ownerText(l.socket.owners)),
          l.executable === null ? "-" : e(l.executable),
        ]),
      ),
    );
  }
  out.push(`\nconnections (${r.connections.length})\n`);
  if (r.connections.length > 0) {
    out.push(
      table(
        ["proto", "local address", "foreign address", "state", "direction", "pid/program"],
        r.connections.map((c) => [
          `${c.socket.proto}${c.socket.family === "inet6" ? "6" : ""}`,
          e(where(c.socket.local.address, c.socket.local.port)),
          e(where(c.socket.remote.address, c.socket.remote.port)),
          c.socket.state ?? "-",
          c.direction,
          e(ownerText(c.socket.owners)),
        ]),
      ),
    );
  }
  return out.join("");
}
