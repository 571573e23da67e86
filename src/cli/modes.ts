// netstat's modes other than the socket tables: -r (routes), -i (interfaces), -s (statistics) and
// -g (multicast groups). Loaded by main.ts only when one of them is asked for.

import type { Diagnostic } from "../model.js";
import { formatDiagnostic } from "../model.js";
import type { DevStats, Membership, Route4, Route6 } from "../modes-model.js";
import { choosePlatform, linuxModeSources } from "../readers/index.js";
import type { FileText, LinuxModeSources } from "../readers/index.js";
import { INTERFACE_HEADER, INTERFACE_TITLE, interfaceOrder, longEntry, shortRow } from "../format/interfaces.js";
import type { InterfaceView } from "../format/interfaces.js";
import { GROUPS_HEADER, groupRow } from "../format/groups.js";
import { StatPrinter } from "../format/statistics.js";
import {
  NUMERIC_ROUTE_NAMES,
  ROUTE4_TITLE,
  route4CacheHeader,
  route4Header,
  route4Lookups,
  route4Row,
  route6Lookups,
  route6Row,
  route6Title,
  routeExt,
} from "../format/route.js";
import type { RouteNames } from "../format/route.js";
import type { InfoRequest, Options } from "./args.js";
import { DEFAULT_PROC_ROOT, EXIT_FAILURE, EXIT_USAGE } from "./args.js";
import { writeAll } from "./output.js";
import type { Io } from "./main.js";

/** What one reading printed, and the status netstat would exit with. */
interface Printed {
  stdout: string;
  stderr: string;
  code: number;
}

const FLAG_NAMES: Record<InfoRequest["mode"], string> = {
  route: "--route",
  interfaces: "--interfaces",
  statistics: "--statistics",
  groups: "--groups",
};

/** Run -r, -i, -s or -g (again every second with -c); resolves to the exit status. */
export async function runInfoMode(o: Options, info: InfoRequest, io: Io): Promise<number> {
  const platform = choosePlatform(io.env, process.platform, o.procRoot !== DEFAULT_PROC_ROOT);
  if (platform !== "linux") {
    writeAll(io.stderr, `tsnetstat: ${FLAG_NAMES[info.mode]} is not supported on ${platform}\n`);
    return EXIT_FAILURE;
  }
  const linux = await linuxModeSources();
  for (let round = 0; ; round++) {
    const p = await once(linux, o, info, round);
    if (p.stdout !== "") writeAll(io.stdout, p.stdout);
    if (p.stderr !== "") writeAll(io.stderr, p.stderr);
    // netstat.c main: -s ends after one reading, -c or not
    if (!o.continuous || p.code !== 0 || info.mode === "statistics") return p.code;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function once(linux: LinuxModeSources, o: Options, info: InfoRequest, round: number): Promise<Printed> {
  const p: Printed = { stdout: "", stderr: "", code: 0 };
  switch (info.mode) {
    case "route":
      await routes(linux, o, info, p);
      break;
    case "interfaces":
      interfaces(linux, o, p, round);
      break;
    case "groups":
      await groups(linux, o, p);
      break;
    case "statistics":
      statistics(linux, o, info, p);
      break;
  }
  return p;
}

const diagnosticLines = (ds: readonly Diagnostic[]): string => ds.map((d) => `${formatDiagnostic(d)}\n`).join("");

/** The text of a /proc file, or null after netstat's perror line and its "not configured" line. */
function procTable(linux: LinuxModeSources, path: string, p: Printed, notConfigured: string): string | null {
  const t: FileText = linux.readInfoFile(path);
  if ("text" in t) return t.text;
  p.stderr += `${path}: ${"error" in t ? t.error : "No such file or directory"}\n`;
  p.stdout += notConfigured;
  p.code = 1;
  return null;
}

// ---------------------------------------------------------------------------------------------
// -r: lib/getroute.c route_info, lib/inet_gr.c, lib/inet6_gr.c

async function routeNames(o: Options, addresses: readonly string[]): Promise<RouteNames> {
  const system = await import("../names/system.js");
  const hosts = await system.systemNames({
    hosts: true,
    ports: false,
    users: false,
    addresses,
    timeoutMs: o.dnsTimeoutMs,
    etc: "/etc",
  });
  return { host: (a) => hosts.host(a), network: (net) => system.networkName("/etc", net) };
}

/** Families with a routing table in Debian's netstat that tsnetstat does not read. */
const OTHER_ROUTED = new Set(["ax25", "ipx", "netrom", "x25", "ddp", "rose"]);

async function routes(linux: LinuxModeSources, o: Options, info: InfoRequest, p: Printed): Promise<void> {
  const numeric = o.numericHosts || info.symbolic;
  const ext = routeExt(o.extend);
  // netstat.c main: the FIB unless -C alone
  const fib = info.fib || !info.cache;
  const cache = info.cache;
  const afnames = info.afnames.length > 0 ? info.afnames : ["inet"];
  const json: { inet?: Route4[]; inet6?: Route6[] } = {};
  for (const af of afnames) {
    if (af === "inet") {
      if (fib) {
        const path = `${o.procRoot}/net/route`;
        const text = procTable(linux, path, p, "INET (IPv4) not configured in this system.\n");
        if (text === null) return;
        const parsed = linux.parseRoute4(text, path);
        json.inet = parsed.records;
        if (!o.json) {
          const names = numeric ? NUMERIC_ROUTE_NAMES : await routeNames(o, lookupAddresses(route4Lookups(parsed.records, numeric)));
          p.stdout += ROUTE4_TITLE + route4Header(ext) + parsed.records.map((r) => route4Row(r, ext, numeric, names)).join("");
        }
        p.stderr += diagnosticLines(parsed.diagnostics);
      }
      if (cache) {
        const path = `${o.procRoot}/net/rt_cache`;
        const text = procTable(linux, path, p, "INET (IPv4) not configured in this system.\n");
        if (text === null) return;
        if (!o.json) p.stdout += route4CacheHeader(ext);
      }
    } else if (af === "inet6") {
      const path = `${o.procRoot}/net/ipv6_route`;
      // rprint_cache6 shows /proc/net/ndisc, which no kernel since 2.2 has: it falls back to the cached routes
      for (const wantCache of [...(fib ? [false] : []), ...(cache ? [true] : [])]) {
        const text = procTable(linux, path, p, "INET6 (IPv6) not configured in this system.\n");
        if (text === null) return;
        const parsed = linux.parseRoute6(text, path);
        json.inet6 = parsed.records;
        if (!o.json) {
          const names = numeric ? NUMERIC_ROUTE_NAMES : await routeNames(o, route6Lookups(parsed.records, wantCache));
          p.stdout += route6Title(wantCache) + parsed.records.map((r) => route6Row(r, wantCache, numeric, names)).join("");
        }
        p.stderr += diagnosticLines(parsed.diagnostics);
      }
    } else if (af === "bluetooth") {
      // not in Debian's build (lib/af.c get_aftype)
      p.stderr += `Address family \`${af}' not supported.\n`;
      p.code = EXIT_USAGE;
      return;
    } else if (OTHER_ROUTED.has(af)) {
      p.stderr += `tsnetstat: routing tables of address family \`${af}' are not supported\n`;
      p.code = EXIT_FAILURE;
      return;
    } else {
      p.stderr += `No routing for address family \`${af}'.\n`;
      p.code = EXIT_USAGE;
      return;
    }
  }
  if (o.json) p.stdout += `${JSON.stringify({ schema: "tsnetstat-routes/1", ...json })}\n`;
}

function lookupAddresses(queries: ReturnType<typeof route4Lookups>): string[] {
  const out = new Set<string>();
  for (const q of queries) if (q.kind === "host") out.add(q.address);
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// -i: netstat.c iface_info, lib/interface.c

/** /sys/class/net of the system read: beside a --proc-root copy when it has one. */
const sysNetFor = (procRoot: string): string => (procRoot === DEFAULT_PROC_ROOT ? "/sys/class/net" : `${procRoot}/../sys/class/net`);

function interfaces(linux: LinuxModeSources, o: Options, p: Printed, round: number): void {
  const devPath = `${o.procRoot}/net/dev`;
  const dev = linux.readInfoFile(devPath);
  const stats = new Map<string, DevStats>();
  const names: string[] = [];
  if ("text" in dev) {
    const parsed = linux.parseProcNetDev(dev.text, devPath);
    for (const d of parsed.records) {
      stats.set(d.name, d.stats);
      names.push(d.name);
    }
    p.stderr += diagnosticLines(parsed.diagnostics);
  } else {
    // lib/interface.c if_readlist_proc
    p.stderr += `Warning: cannot open ${devPath} (${"error" in dev ? dev.error : "No such file or directory"}). Limited output.\n`;
  }
  const live = o.procRoot === DEFAULT_PROC_ROOT;
  const v4 = live ? linux.ipv4ByLabel() : new Map<string, { address: string; netmask: string }[]>();
  // SIOCGIFCONF's names follow /proc/net/dev's (lib/interface.c if_readlist)
  names.push(...v4.keys());
  const sysNet = sysNetFor(o.procRoot);
  if (!live && linux.listSysNet(sysNet) === null && round === 0) {
    p.stderr += `tsnetstat: ${sysNet}: not found beside the --proc-root copy: flags and MTU show as 0\n`;
  }
  const inet6Path = `${o.procRoot}/net/if_inet6`;
  const inet6Text = linux.readInfoFile(inet6Path);
  const inet6 = "text" in inet6Text ? linux.parseIfInet6(inet6Text.text, inet6Path) : { records: [], diagnostics: [] };
  const views: InterfaceView[] = [];
  // an interface sysfs does not know (a --proc-root copy without one) is shown: it may be up
  const unknown = new Set<string>();
  for (const name of interfaceOrder(names)) {
    // an alias label ("eth0:1") answers with its device's flags and hardware (net/ipv4/devinet.c)
    const base = name.includes(":") ? name.slice(0, name.indexOf(":")) : name;
    const sys = linux.readSysNet(sysNet, base);
    if (sys === null) unknown.add(name);
    const first = v4.get(name)?.[0];
    views.push({
      name,
      flags: sys === null ? 0 : linux.ifrFlags(sys.devFlags, sys.operstate),
      mtu: sys?.mtu ?? 0,
      hwType: sys?.type ?? -1,
      hwAddress: sys?.address ?? new Uint8Array(8),
      txQueueLen: sys?.txQueueLen ?? -1,
      inet: first === undefined ? null : { ...first, broadcast: broadcastOf(first.address, first.netmask) },
      stats: stats.get(name) ?? null,
    });
  }
  const shown = views.filter((v) => v.flags & 1 || o.mode === "all" || unknown.has(v.name));
  if (o.json) {
    const doc = {
      schema: "tsnetstat-interfaces/1",
      interfaces: shown.map((v) => ({
        name: v.name,
        flags: v.flags,
        mtu: v.mtu,
        hwType: v.hwType,
        hwAddress: Array.from(v.hwAddress.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join(":"),
        txQueueLen: v.txQueueLen,
        inet: v.inet,
        inet6: inet6.records.filter((a) => a.iface === v.name).map((a) => ({ address: a.address, prefixLength: a.prefixLength, scope: a.scope })),
        stats: v.stats,
      })),
    };
    p.stdout += `${bigJson(doc)}\n`;
  } else {
    // the title comes with the socket netstat opens once, and -c keeps it open
    if (round === 0) p.stdout += INTERFACE_TITLE;
    const long = o.extend >= 1;
    if (!long) p.stdout += INTERFACE_HEADER;
    for (const v of shown) p.stdout += long ? longEntry(v, inet6.records) : shortRow(v);
  }
  p.stderr += diagnosticLines(inet6.diagnostics);
}

/** address | ~netmask (the kernel's own broadcast address is not visible without netlink). */
function broadcastOf(address: string, netmask: string): string {
  const a = address.split(".").map(Number);
  const m = netmask.split(".").map(Number);
  return a.map((x, i) => (x | (~(m[i] ?? 0) & 0xff)) & 0xff).join(".");
}

// ---------------------------------------------------------------------------------------------
// -g: netstat.c igmp_info (INFO_GUTS6: /proc/net/igmp, then /proc/net/igmp6)

/** -g with socket tables: what the groups print, for main.ts to put after the Internet tables. */
export async function groupsBlock(o: Options): Promise<Printed> {
  const p: Printed = { stdout: "", stderr: "", code: 0 };
  await groups(await linuxModeSources(), o, p);
  return p;
}

async function groups(linux: LinuxModeSources, o: Options, p: Printed): Promise<void> {
  const all: Membership[] = [];
  // netstat.c main: -g selects both families unless one was named (-4, -6, -A); INFO_GUTS6 then reads each file only for its own
  const named = o.families.has("inet") || o.families.has("inet6");
  const want4 = !named || o.families.has("inet");
  const want6 = !named || o.families.has("inet6");
  const v4Path = `${o.procRoot}/net/igmp`;
  const v4: FileText = want4 ? linux.readInfoFile(v4Path) : { text: "" };
  let missing4 = false;
  if ("text" in v4) {
    const parsed = linux.parseIgmp(v4.text, v4Path);
    all.push(...parsed.records);
    p.stderr += diagnosticLines(parsed.diagnostics);
  } else if ("error" in v4 && v4.error !== "Permission denied") {
    p.stderr += `${v4Path}: ${v4.error}\n`;
    p.code = EXIT_FAILURE;
    return;
  } else {
    missing4 = "missing" in v4;
  }
  const v6Path = `${o.procRoot}/net/igmp6`;
  const v6: FileText = want6 ? linux.readInfoFile(v6Path) : { text: "" };
  if ("text" in v6) {
    const parsed = linux.parseIgmp6(v6.text, v6Path);
    all.push(...parsed.records);
    p.stderr += diagnosticLines(parsed.diagnostics);
  }
  const numeric = o.numericHosts;
  if (o.json) {
    p.stdout += `${JSON.stringify({ schema: "tsnetstat-groups/1", groups: all })}\n`;
  } else {
    let host: (a: string) => string | null = () => null;
    if (!numeric) {
      const names = await (await import("../names/system.js")).systemNames({
        hosts: true,
        ports: false,
        users: false,
        addresses: [...new Set(all.map((m) => m.group))],
        timeoutMs: o.dnsTimeoutMs,
        etc: "/etc",
      });
      host = (a) => names.host(a);
    }
    p.stdout += GROUPS_HEADER + all.map((m) => groupRow(m, numeric, host)).join("");
  }
  if (missing4) {
    // INFO_GUTS1: a missing table is reported after the others, and fails the run
    p.stderr += "tsnetstat: no support for `AF INET (igmp)' on this system.\n";
    p.code = EXIT_FAILURE;
  }
}

// ---------------------------------------------------------------------------------------------
// -s: netstat.c main, statistics.c parsesnmp and parsesnmp6

/** JSON with bigint counters written as plain integers. */
function bigJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `\u0000${v}` : v)).replace(/"\\u0000(\d+)"/g, "$1");
}

function statistics(linux: LinuxModeSources, o: Options, info: InfoRequest, p: Printed): void {
  const afname = info.afnames.length > 0 ? info.afnames.join(",") : "inet";
  // netstat.c: -s with no protocol flag shows them all ("noprot"); -U alone shows none of the known sections
  const all = o.protocols.size === 0;
  const printer = new StatPrinter({
    raw: all || o.protocols.has("raw"),
    tcp: all || o.protocols.has("tcp"),
    udp: all || o.protocols.has("udp"),
    sctp: all || o.protocols.has("sctp"),
  });
  const json: Record<string, unknown> = { schema: "tsnetstat-statistics/1" };
  const read = (name: string): { path: string; text: string | null; error: string | null } => {
    const path = `${o.procRoot}/net/${name}`;
    const t = linux.readInfoFile(path);
    return { path, text: "text" in t ? t.text : null, error: "text" in t ? null : "error" in t ? t.error : "No such file or directory" };
  };
  if (afname === "inet") {
    const snmp = read("snmp");
    if (snmp.text === null) {
      p.stderr += `cannot open ${snmp.path}: ${snmp.error ?? ""}\n`;
      return;
    }
    const parsed = linux.parseSnmp(snmp.text, snmp.path);
    printer.sections(parsed.sections);
    p.stderr += diagnosticLines(parsed.diagnostics);
    json.snmp = parsed.sections;
    const ext = read("netstat");
    if (ext.text !== null) {
      const e = linux.parseSnmp(ext.text, ext.path);
      printer.sections(e.sections);
      p.stderr += diagnosticLines(e.diagnostics);
      json.netstat = e.sections;
    }
    const sctp = read("sctp/snmp");
    if (sctp.text !== null) {
      const counters = linux.parseSctpSnmp(sctp.text);
      printer.sctp(counters);
      json.sctp = counters;
    }
  } else if (afname === "inet6") {
    const snmp6 = read("snmp6");
    if (snmp6.text === null) {
      p.stderr += `cannot open ${snmp6.path}: ${snmp6.error ?? ""}\n`;
      return;
    }
    const parsed6 = linux.parseSnmp6(snmp6.text, snmp6.path);
    printer.snmp6(parsed6.counters);
    p.stderr += diagnosticLines(parsed6.diagnostics);
    json.snmp6 = parsed6.counters;
    const snmp = read("snmp");
    if (snmp.text === null) {
      p.stderr += `cannot open ${snmp.path}: ${snmp.error ?? ""}\n`;
    } else {
      const parsed = linux.parseSnmp(snmp.text, snmp.path);
      printer.sections(parsed.sections, "Tcp");
      p.stderr += diagnosticLines(parsed.diagnostics);
      json.snmp = parsed.sections.filter((s) => s.title.startsWith("Tcp"));
    }
  } else {
    // netstat prints this sentence on stdout, as "netstat: ..."
    p.stderr += `tsnetstat: No statistics support for specified address family: ${afname}\n`;
    p.code = EXIT_FAILURE;
    return;
  }
  p.stdout += o.json ? `${bigJson(json)}\n` : printer.out;
}
