// netstat's command line, as users type it (`-tulpna`, `-A inet6`, `-f inet`, `--numeric-hosts`),
// parsed with commander into one Options value. No I/O: errors come back as values.

import { Command, CommanderError, Option } from "commander";
import type { Family, IpProtocol, ListenMode } from "../select.js";
import { FAMILY_ALIASES } from "../select.js";

/** --proc-root's default: the live system's /proc (the reader then reads the live system). */
export const DEFAULT_PROC_ROOT = "/proc";

export interface Options {
  readonly mode: ListenMode;
  readonly protocols: ReadonlySet<IpProtocol>;
  readonly families: ReadonlySet<Family>;
  readonly extend: number;
  readonly programs: boolean;
  readonly timers: boolean;
  readonly wide: boolean;
  readonly numericHosts: boolean;
  readonly numericPorts: boolean;
  readonly numericUsers: boolean;
  readonly verbose: boolean;
  readonly continuous: boolean;
  readonly json: boolean;
  readonly procRoot: string;
  /** Linux: where the sockets come from, /proc ("proc", the default) or a run of lsof ("lsof"). */
  readonly source: Source;
  readonly dnsTimeoutMs: number;
  /** -Z, -r, -i, -s, -g, -M: modes tsnetstat does not have; the name of the first one given. */
  readonly unsupportedMode: string | null;
  readonly selinux: boolean;
  /** Lines for stderr about flags that were accepted but do nothing (netstat 2.10's --tcpip). */
  readonly warnings: readonly string[];
  /** --audit and its options (checked by the audit itself); null without --audit. */
  readonly audit: AuditRequest | null;
}

/** The audit's options as given: lists and files are read and checked by src/audit/run.ts. */
export interface AuditRequest {
  readonly scanAddresses: string | null;
  readonly scanPorts: string | null;
  readonly baseline: string | null;
  readonly saveBaseline: string | null;
  /** nmap -oX/-oG output of a scan of this host made elsewhere: the network view instead of the local scans. */
  readonly scanInput: string | null;
  /** With --scan-input: run the local scans too, beside the file's. */
  readonly localScan: boolean;
}

/** --source values. */
export const SOURCES = ["proc", "lsof"] as const;
export type Source = (typeof SOURCES)[number];

/** What parsing decided: run with these options, or print something and exit. */
export type ParseResult =
  | { readonly kind: "run"; readonly options: Options }
  | { readonly kind: "exit"; readonly code: number; readonly stdout: string; readonly stderr: string; readonly verboseVersion?: boolean };

/** Exit statuses of net-tools (lib/util.h E_USAGE and friends). */
export const EXIT_USAGE = 3;
export const EXIT_FAILURE = 1;

const increase = (_: string, previous: number): number => previous + 1;

function collectFamilies(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",")];
}

/** The option table: one place that says what tsnetstat accepts. */
export function buildProgram(version: string): Command {
  const program = new Command("tsnetstat")
    .description(
      "Print network connections and the processes behind them, as net-tools netstat does.\n" +
        "Families: inet (alias ip, tcpip), inet6 (ip6), unix.",
    )
    .usage("[-tuUwxS46] [-alnpeoWv] [-A family[,family]] [-f family] [--json]")
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .option("-t, --tcp", "TCP sockets")
    .option("-u, --udp", "UDP sockets")
    .option("-U, --udplite", "UDP-Lite sockets")
    .option("-w, --raw", "raw sockets")
    .option("-S, --sctp", "SCTP sockets (reported as unsupported)")
    .option("-x, --unix", "UNIX domain sockets (same as -A unix)")
    .option("-4", "IPv4 only (same as -A inet)")
    .option("-6", "IPv6 only (same as -A inet6)")
    .option("-A, --protocol <families>", "address families, comma-separated: inet, inet6, unix", collectFamilies)
    .option("-f, --family <family>", "address family, BSD style (same as -A)", collectFamilies)
    .option("--inet", "same as -A inet")
    .option("--inet6", "same as -A inet6")
    .option("--ip", "same as -A inet")
    .option("--tcpip", "selects nothing, as in netstat 2.10 (use -A tcpip)")
    .addOption(new Option("--ipx").hideHelp())
    .addOption(new Option("--ax25").hideHelp())
    .addOption(new Option("--x25").hideHelp())
    .addOption(new Option("--netrom").hideHelp())
    .addOption(new Option("--rose").hideHelp())
    .addOption(new Option("--ddp").hideHelp())
    .addOption(new Option("--appletalk").hideHelp())
    // Bluetooth: accepted, then refused after the other tables (Debian's netstat has no Bluetooth)
    .addOption(new Option("-2, --l2cap").hideHelp())
    .addOption(new Option("--rfcomm").hideHelp())
    .addOption(new Option("--bluetooth").hideHelp())
    .option("-a, --all", "servers and established sockets")
    .option("-l, --listening", "only servers (listening sockets)")
    .option("-n, --numeric", "show numbers: no host, port or user names")
    .option("--numeric-hosts", "show host addresses numerically")
    .option("--numeric-ports", "show port numbers numerically")
    .option("--numeric-users", "show user ids numerically")
    .option("-p, --programs", "show the PID/Program name owning each socket")
    .option("-e, --extend", "show User and Inode columns (repeatable)", increase, 0)
    .option("-o, --timers", "show TCP timers")
    .option("-W, --wide", "never shorten addresses")
    .option("-v, --verbose", "report tables this system does not have")
    .option("-c, --continuous", "print the listing again every second")
    .option("--json", 'print the sockets as one JSON document (schema "tsnetstat/1")')
    .option(
      "--proc-root <dir>",
      "read /proc from another directory (a copy from another machine); user, service and host names still come from this machine's /etc and resolver: add -n for the copy's numbers",
      DEFAULT_PROC_ROOT,
    )
    .option("--source <source>", "Linux: read sockets from proc (/proc, the default) or lsof", "proc")
    .option("--dns-timeout <ms>", "give up on a host name lookup after this many milliseconds", "1000")
    .option("--audit", "account for every open port: the table, a TCP connect scan of this host's own addresses, the processes")
    .option("--scan-addresses <list>", "--audit: addresses to scan, comma-separated (default: loopback and every interface address)")
    .option("--scan-ports <list>", "--audit: ports to scan, e.g. 1-1024,8080 (default: 1-65535)")
    .option("--baseline <file>", "--audit: report listeners that are new or gone since this baseline")
    .option("--save-baseline <file>", "--audit: save the listeners as a baseline")
    .option("--scan-input <file>", "--audit: nmap -oX or -oG output of a scan of this host made elsewhere, used instead of the local scans")
    .option("--local-scan", "--audit: with --scan-input, run the local scans too")
    .addOption(new Option("-N, --symbolic").hideHelp())
    .addOption(new Option("-C, --cache").hideHelp())
    .addOption(new Option("-F, --fib").hideHelp())
    .addOption(new Option("-Z, --context").hideHelp())
    .addOption(new Option("-r, --route").hideHelp())
    .addOption(new Option("-i, --interfaces").hideHelp())
    .addOption(new Option("-s, --statistics").hideHelp())
    .addOption(new Option("-g, --groups").hideHelp())
    .addOption(new Option("-M, --masquerade").hideHelp())
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  return program;
}

/** One long option of net-tools 2.10 netstat, in the order of its getopt_long table. */
export interface NetstatLongOption {
  readonly name: string;
  /** An address-family switch (lib/net-support.h AFTRANS_OPTS): getopt value 1, so these never conflict. */
  readonly family?: boolean;
}

/** netstat.c main()'s longopts: AFTRANS_OPTS first, then the rest ("unix" is in both parts). */
export const NETSTAT_LONG_OPTIONS: readonly NetstatLongOption[] = [
  ...["ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "unix", "rose", "bluetooth", "tcpip"].map(
    (name) => ({ name, family: true }),
  ),
  ...["version", "interfaces", "help", "route", "masquerade", "protocol", "tcp", "sctp", "udp", "udplite", "raw", "unix"]
    .concat(["l2cap", "rfcomm", "listening", "all", "timers", "continuous", "extend", "programs", "verbose", "statistics"])
    .concat(["wide", "numeric", "numeric-hosts", "numeric-ports", "numeric-users", "symbolic", "cache", "fib", "groups", "context"])
    .map((name) => ({ name })),
];

/**
 * The netstat option getopt_long picks for `--prefix`: the first of the table's prefix matches,
 * unless another one differs from it (two family switches never do). "ambiguous" or null (none).
 */
export function netstatLongOption(prefix: string, table: readonly NetstatLongOption[]): string | "ambiguous" | null {
  const exact = table.find((o) => o.name === prefix);
  if (exact !== undefined) return exact.name;
  const matches = table.filter((o) => o.name.startsWith(prefix));
  const first = matches[0];
  if (first === undefined) return null;
  return matches.every((o) => o === first || (o.family === true && first.family === true)) ? first.name : "ambiguous";
}

/**
 * getopt_long accepts any unambiguous prefix of a long option (`--list` for `--listening`); so do we.
 * A prefix that netstat knows resolves as netstat's getopt_long resolves it (`--d` is --ddp, `--ine`
 * --inet, `--l` is ambiguous), so that tsnetstat's own long options never change what netstat's
 * abbreviations mean; other prefixes must name one of `longNames` alone.
 */
export function expandLongPrefixes(
  argv: readonly string[],
  longNames: readonly string[],
  netstatTable: readonly NetstatLongOption[] = [],
): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (rest || !arg.startsWith("--") || arg === "--") {
      if (arg === "--") rest = true;
      out.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (longNames.includes(name)) {
      out.push(arg);
      continue;
    }
    const known = netstatLongOption(name.slice(2), netstatTable);
    if (known !== null) {
      // an ambiguous one is left for the parser to reject
      out.push(known === "ambiguous" ? arg : `--${known}${eq < 0 ? "" : arg.slice(eq)}`);
      continue;
    }
    const matches = longNames.filter((n) => n.startsWith(name));
    const only = matches[0];
    out.push(matches.length === 1 && only !== undefined ? only + (eq < 0 ? "" : arg.slice(eq)) : arg);
  }
  return out;
}

const usageError = (message: string): ParseResult => ({
  kind: "exit",
  code: EXIT_USAGE,
  stdout: "",
  stderr: `tsnetstat: ${message} (see 'tsnetstat --help')\n`,
});

/** Whether argv asks for --verbose (or -v among short flags) before any "--": --version --verbose. */
function wantsVerbose(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    // getopt-style abbreviation: "--verb" is unique, "--ver" is not (--version)
    if (a.length >= 6 && "--verbose".startsWith(a)) return true;
    if (/^-[a-zA-Z46]*v[a-zA-Z46]*$/.test(a)) return true;
  }
  return false;
}

/** Parse argv (without the node and script entries). */
export function parseArgs(argv: readonly string[], version: string): ParseResult {
  const program = buildProgram(version);
  const longNames = program.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  try {
    program.parse(expandLongPrefixes(argv, longNames, NETSTAT_LONG_OPTIONS), { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed") {
      return { kind: "exit", code: 0, stdout: program.helpInformation(), stderr: "" };
    }
    if (err.code === "commander.version") {
      return { kind: "exit", code: 0, stdout: `tsnetstat ${version}\n`, stderr: "", ...(wantsVerbose(argv) ? { verboseVersion: true } : {}) };
    }
    return usageError(commanderMessage(err));
  }
  const o = program.opts<Record<string, unknown>>();
  const flag = (name: string): boolean => o[name] === true;

  const families = new Set<Family>();
  const named: string[] = [...((o.protocol as string[] | undefined) ?? []), ...((o.family as string[] | undefined) ?? [])];
  for (const name of named) {
    const family = Object.hasOwn(FAMILY_ALIASES, name) ? FAMILY_ALIASES[name] : undefined;
    if (family === undefined) {
      return {
        kind: "exit",
        code: EXIT_FAILURE,
        stdout: "",
        stderr: `tsnetstat: unknown address family '${name}' (see 'tsnetstat --help')\n`,
      };
    }
    families.add(family);
  }
  if (flag("4") || flag("inet") || flag("ip")) families.add("inet");
  if (flag("6") || flag("inet6")) families.add("inet6");
  if (flag("unix")) families.add("unix");
  for (const f of ["ipx", "ax25", "x25", "netrom", "rose"] as const) if (flag(f)) families.add(f);
  if (flag("ddp") || flag("appletalk")) families.add("ddp");
  if (flag("l2cap") || flag("rfcomm") || flag("bluetooth")) families.add("bluetooth");
  // netstat 2.10's --tcpip lies past the end of its family table (AFTRANS_CNT): it reports an internal
  // error and selects nothing. We select nothing too, and say so.
  const warnings = flag("tcpip")
    ? ["tsnetstat: --tcpip selects no address family, as in net-tools 2.10 (use -A tcpip or -4)\n"]
    : [];

  const protocols = new Set<IpProtocol>();
  if (flag("tcp")) protocols.add("tcp");
  if (flag("sctp")) protocols.add("sctp");
  if (flag("udp")) protocols.add("udp");
  if (flag("udplite")) protocols.add("udplite");
  if (flag("raw")) protocols.add("raw");

  const modes = ["route", "interfaces", "statistics", "masquerade"].filter(flag);
  if (modes.length > 1) return usageError("-r, -i, -s and -M cannot be combined");
  const unsupportedMode = modes[0] ?? (flag("groups") ? "groups" : null);

  const dnsTimeoutText = String(o.dnsTimeout);
  const dnsTimeoutMs = /^\d{1,9}$/.test(dnsTimeoutText) ? Number(dnsTimeoutText) : NaN;
  if (Number.isNaN(dnsTimeoutMs)) {
    return usageError(`--dns-timeout takes a whole number of milliseconds, not '${String(o.dnsTimeout)}'`);
  }
  const auditOnly = (["scanAddresses", "scanPorts", "baseline", "saveBaseline", "scanInput", "localScan"] as const).filter((k) => o[k] !== undefined);
  if (!flag("audit") && auditOnly.length > 0) {
    return usageError(`--${auditOnly[0]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --audit`);
  }
  if (flag("localScan") && o.scanInput === undefined) return usageError("--local-scan needs --scan-input");
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  const audit: AuditRequest | null = flag("audit")
    ? { scanAddresses: text(o.scanAddresses), scanPorts: text(o.scanPorts), baseline: text(o.baseline), saveBaseline: text(o.saveBaseline), scanInput: text(o.scanInput), localScan: flag("localScan") }
    : null;
  const source = SOURCES.find((x) => x === String(o.source));
  if (source === undefined) return usageError(`--source takes proc or lsof, not '${String(o.source)}'`);
  if (source === "lsof" && String(o.procRoot) !== DEFAULT_PROC_ROOT) return usageError("--source lsof reads the live system: it cannot read --proc-root");
  const numeric = flag("numeric");
  return {
    kind: "run",
    options: {
      mode: flag("all") ? "all" : flag("listening") ? "listening" : "connected",
      protocols,
      families,
      extend: o.extend as number,
      programs: flag("programs"),
      timers: flag("timers"),
      wide: flag("wide"),
      numericHosts: numeric || flag("numericHosts"),
      numericPorts: numeric || flag("numericPorts"),
      numericUsers: numeric || flag("numericUsers"),
      verbose: flag("verbose"),
      continuous: flag("continuous"),
      json: flag("json"),
      procRoot: String(o.procRoot),
      source,
      dnsTimeoutMs,
      unsupportedMode,
      selinux: flag("context"),
      warnings,
      audit,
    },
  };
}

/** Commander says "error: unknown option '-k'"; we say it our way, on one line. */
function commanderMessage(err: CommanderError): string {
  return err.message.replace(/^error: /, "").split("\n")[0] ?? err.message;
}
