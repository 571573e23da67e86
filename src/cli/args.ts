// netstat's command line, as users type it (`-tulpna`, `-A inet6`, `-f inet`, `--numeric-hosts`),
// parsed with commander into one Options value. No I/O: errors come back as values.

import { Command, CommanderError, Option } from "commander";
import type { Family, IpProtocol, ListenMode } from "../select.js";
import { FAMILY_ALIASES } from "../select.js";
import type { NetnsSelector } from "../netns-selector.js";
import { parseNetnsSelector } from "../netns-selector.js";
import type { Filter, FilterArgs } from "../filter.js";
import { parseFilter } from "../filter.js";
import type { NetstatLongOption, OptionSpec } from "./getopt.js";
import { getopt } from "./getopt.js";
import { renderHelp } from "./help.js";
import { completionScript, SHELLS } from "./completion.js";

export type ColorMode = "auto" | "always" | "never";
import { escapeText } from "../format/escape.js";

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
  /** Seconds between refreshes with -c (1 unless given: `-c 0.2`). */
  readonly interval: number;
  /** --changes: with -c, only the sockets that appeared or went away. */
  readonly changes: boolean;
  readonly json: boolean;
  /** --jsonl: one socket per line. */
  readonly jsonl: boolean;
  /** --table: the boxed view. */
  readonly table: boolean;
  readonly color: ColorMode;
  readonly filter: Filter;
  /** Words that are not options: ignored as netstat ignores them (one line on stderr says so). */
  readonly ignored: readonly string[];
  readonly procRoot: string;
  /** Linux: where the sockets come from, /proc ("proc", the default) or a run of lsof ("lsof"). */
  readonly source: Source;
  /** --input: a saved listing to read instead of the live system ("-" for stdin); null for the live system. */
  readonly input: string | null;
  /** --input-format: the layout to read the input as ("list": print the names); null to detect it. */
  readonly inputFormat: string | null;
  readonly dnsTimeoutMs: number;
  /** -Z, -M: modes tsnetstat does not have; the name of the first one given. */
  /** --netns all|NAME|PID (a tsnetstat extension): read other network namespaces; null without it. */
  readonly netns: NetnsSelector | null;
  readonly unsupportedMode: string | null;
  /** -r, -i, -s, -g: netstat's other modes (cli/modes.ts), or null for the socket tables. */
  readonly info: InfoRequest | null;
  /** -g with socket tables (-gt, -g -6): the groups print after the Internet tables. */
  readonly groupsToo: boolean;
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
  /** unhide-tcp's check: bind each scanned port (on each family's wildcard, then on the scanned addresses); one in use that no socket of the table holds is hidden. */
  readonly probeBind: boolean;
}

/** --source values. */
export const SOURCES = ["proc", "lsof"] as const;
export type Source = (typeof SOURCES)[number];
/** netstat's modes other than the socket tables, and what only they read. */
export interface InfoRequest {
  readonly mode: "route" | "interfaces" | "statistics" | "groups";
  /** netstat's afname: the families as given, in order (-A inet6,inet then -4 ...): -r and -s read it. */
  readonly afnames: readonly string[];
  /** -C, -F (routing cache, FIB) */
  readonly cache: boolean;
  readonly fib: boolean;
  /** -N: lib/inet_gr.c takes FLAG_SYM as "numeric" too */
  readonly symbolic: boolean;
}

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
    .usage("[-tuUwxS46] [-alnpeoWv] [-A family[,family]] [-f family] [--json] | -r [-nCFe] | -i [-ae] | -s [-tuw6] | -g")
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .option("-t, --tcp", "TCP sockets")
    .option("-u, --udp", "UDP sockets")
    .option("-U, --udplite", "UDP-Lite sockets")
    .option("-w, --raw", "raw sockets")
    .option("-S, --sctp", "SCTP sockets")
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
    .option("-c, --continuous [seconds]", "print the listing again every second (or every SECONDS, e.g. -c 0.2)")
    .option("--changes", "with -c: print only sockets that appeared (+) or went away (-)")
    .option("--port <ports>", "local or remote port: N, N-M, comma-separated", collectFamilies)
    .option("--sport <ports>", "local (source) port", collectFamilies)
    .option("--dport <ports>", "remote (destination) port", collectFamilies)
    .option("--state <states>", "LISTEN, TIME_WAIT... or ss's connected, synchronized", collectFamilies)
    .option("--address <cidr>", "local or remote address inside a prefix (10.0.0.0/8, ::1)", collectFamilies)
    .option("--pid <pids>", "held by one of these process ids", collectFamilies)
    .option("--program <name>", "held by a process of this name (program or comm)", collectFamilies)
    .option("--user <user>", "owned by this user name or uid", collectFamilies)
    .option("--json", 'print the sockets as one JSON document (schema "tsnetstat/1")')
    .option("--source <source>", "Linux: read sockets from proc (/proc, the default) or lsof", "proc")
    .option("--jsonl", "print one JSON socket per line, streamed")
    .option("--table", "a boxed table for people: every owner, user, service")
    .option("--color [when]", "colour: auto (a terminal, the default), always, never")
    .option("--completion <shell>", "print a completion script: bash, zsh or fish")
    .option(
      "--proc-root <dir>",
      "read /proc from another directory (a copy from another machine); user, service and host names still come from this machine's /etc and resolver: add -n for the copy's numbers",
      DEFAULT_PROC_ROOT,
    )
    .option("--input <file>", "read a saved netstat, /proc/net or lsof listing (- for stdin) instead of this system")
    .option("--input-format <name>", "read --input as this layout instead of detecting it ('list' prints the names)")
    .option("--dns-timeout <ms>", "give up on a host name lookup after this many milliseconds", "1000")
    .option("-r, --route", "the kernel routing tables (-6 or -A inet6 for IPv6; -e, -ee for more columns)")
    .option("-i, --interfaces", "the interface table (-a: also interfaces that are down; -e: ifconfig's form)")
    .option("-s, --statistics", "the kernel's protocol counters (-t, -u, -w to choose; -6 for IPv6)")
    .option("-g, --groups", "multicast group memberships")
    .option("-C, --cache", "with -r: the routing cache")
    .option("-F, --fib", "with -r: the routing table (the default)")
    .option("--netns <which>", "sockets of other network namespaces: all, an 'ip netns' NAME, or the PID of a process in one (adds a Netns column)")
    .option("--audit", "account for every open port: the table, a TCP connect scan of this host's own addresses, the processes")
    .option("--scan-addresses <list>", "--audit: addresses to scan, comma-separated (default: loopback and every interface address)")
    .option("--scan-ports <list>", "--audit: ports to scan, e.g. 1-1024,8080 (default: 1-65535)")
    .option("--baseline <file>", "--audit: report listeners that are new or gone since this baseline")
    .option("--save-baseline <file>", "--audit: save the listeners as a baseline")
    .option("--scan-input <file>", "--audit: nmap -oX or -oG output of a scan of this host made elsewhere, used instead of the local scans")
    .option("--local-scan", "--audit: with --scan-input, run the local scans too")
    .option("--probe-bind", "--audit: also try to bind each scanned TCP and UDP port, on the wildcard and each scanned address (unhide-tcp's check; each is released at once)")
    .addOption(new Option("-N, --symbolic").hideHelp())
    .addOption(new Option("-Z, --context").hideHelp())
    .addOption(new Option("-M, --masquerade").hideHelp())
    .allowExcessArguments(true)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  return program;
}

/** netstat.c main()'s longopts: AFTRANS_OPTS first, then the rest ("unix" is in both parts). */
const NETSTAT_LONG_OPTIONS: readonly NetstatLongOption[] = [
  ...["ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "unix", "rose", "bluetooth", "tcpip"].map(
    (name) => ({ name, family: true }),
  ),
  ...["version", "interfaces", "help", "route", "masquerade", "protocol", "tcp", "sctp", "udp", "udplite", "raw", "unix"]
    .concat(["l2cap", "rfcomm", "listening", "all", "timers", "continuous", "extend", "programs", "verbose", "statistics"])
    .concat(["wide", "numeric", "numeric-hosts", "numeric-ports", "numeric-users", "symbolic", "cache", "fib", "groups", "context"])
    .map((name) => ({ name })),
];

/** The option table as getopt sees it. */
function optionSpecs(program: Command): OptionSpec[] {
  return [...program.options, { short: "-h", long: "--help", required: false, optional: false }].map((o) => ({
    short: o.short === undefined ? null : o.short.slice(1),
    long: o.long === undefined ? null : o.long.slice(2),
    arg: o.required ? "required" : o.optional ? "optional" : "none",
  }));
}

/** Longest message echoed back: a 100,000-byte argument is not repeated whole. */
const MESSAGE_MAX = 200;

/**
 * A message that quotes what the user typed, as one safe line: control bytes, newlines and
 * non-ASCII escaped as in program names (format/escape.ts), and cut when huge.
 */
export function oneLine(message: string): string {
  const safe = escapeText(message);
  return safe.length > MESSAGE_MAX ? `${safe.slice(0, MESSAGE_MAX)}... (${safe.length - MESSAGE_MAX} more characters)` : safe;
}

const usageError = (message: string): ParseResult => ({
  kind: "exit",
  code: EXIT_USAGE,
  stdout: "",
  stderr: `tsnetstat: ${oneLine(message)} (see 'tsnetstat --help')\n`,
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
  // netstat's afname keeps the families in the order they were given (lib/af.c aftrans_opt)
  const afnames: string[] = [];
  const familyEvents: Record<string, string | null> = { "4": "inet", "6": "inet6", inet: "inet", ip: "inet", inet6: "inet6", unix: "unix" };
  for (const f of ["ipx", "ax25", "x25", "netrom", "rose", "ddp", "bluetooth"]) familyEvents[f] = f;
  familyEvents.appletalk = "ddp";
  familyEvents.protocol = null;
  familyEvents.family = null;
  for (const [event, name] of Object.entries(familyEvents)) {
    program.on(`option:${event}`, (value: unknown) => {
      if (name !== null) afnames.push(name);
      else if (typeof value === "string") for (const v of value.split(",")) afnames.push(Object.hasOwn(FAMILY_ALIASES, v) ? (FAMILY_ALIASES[v] ?? v) : v);
    });
  }
  const words = getopt(argv, optionSpecs(program), NETSTAT_LONG_OPTIONS);
  if (words.kind === "error") return usageError(words.message);
  try {
    program.parse(words.args, { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed") {
      return { kind: "exit", code: 0, stdout: renderHelp(program), stderr: "" };
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
        stderr: `tsnetstat: ${oneLine(`unknown address family '${name}'`)} (see 'tsnetstat --help')\n`,
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
  if (words.operands.length > 0) warnings.push(ignoredWords(words.operands));

  const protocols = new Set<IpProtocol>();
  if (flag("tcp")) protocols.add("tcp");
  if (flag("sctp")) protocols.add("sctp");
  if (flag("udp")) protocols.add("udp");
  if (flag("udplite")) protocols.add("udplite");
  if (flag("raw")) protocols.add("raw");

  const modes = ["route", "interfaces", "statistics", "masquerade"].filter(flag);
  if (modes.length > 1) return usageError("-r, -i, -s and -M cannot be combined");
  const unsupportedMode = modes[0] === "masquerade" ? "masquerade" : null;
  const infoMode = modes[0] === "masquerade" ? null : (modes[0] ?? (flag("groups") ? "groups" : null));
  // netstat -g with socket tables prints both (netstat.c main)
  const groupsToo = infoMode === "groups" && (protocols.size > 0 || families.size > 0);
  if (groupsToo && flag("json")) return usageError("-g with socket tables has no JSON form: run --json -g alone");
  const info: InfoRequest | null =
    infoMode === null || groupsToo
      ? null
      : { mode: infoMode as InfoRequest["mode"], afnames, cache: flag("cache"), fib: flag("fib"), symbolic: flag("symbolic") };

  const dnsTimeoutText = String(o.dnsTimeout);
  const dnsTimeoutMs = /^\d{1,9}$/.test(dnsTimeoutText) ? Number(dnsTimeoutText) : NaN;
  if (Number.isNaN(dnsTimeoutMs)) {
    return usageError(`--dns-timeout takes a whole number of milliseconds, not '${String(o.dnsTimeout)}'`);
  }
  const auditOnly = (["scanAddresses", "scanPorts", "baseline", "saveBaseline", "scanInput", "localScan", "probeBind"] as const).filter((k) => o[k] !== undefined);
  if (!flag("audit") && auditOnly.length > 0) {
    return usageError(`--${auditOnly[0]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --audit`);
  }
  if (flag("localScan") && o.scanInput === undefined) return usageError("--local-scan needs --scan-input");
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  const audit: AuditRequest | null = flag("audit")
    ? { scanAddresses: text(o.scanAddresses), scanPorts: text(o.scanPorts), baseline: text(o.baseline), saveBaseline: text(o.saveBaseline), scanInput: text(o.scanInput), localScan: flag("localScan"), probeBind: flag("probeBind") }
    : null;
  const source = SOURCES.find((x) => x === String(o.source));
  if (source === undefined) return usageError(`--source takes proc or lsof, not '${String(o.source)}'`);
  if (source === "lsof" && String(o.procRoot) !== DEFAULT_PROC_ROOT) return usageError("--source lsof reads the live system: it cannot read --proc-root");
  const input = typeof o.input === "string" ? o.input : null;
  const inputFormat = typeof o.inputFormat === "string" ? o.inputFormat : null;
  if (input !== null) {
    if (String(o.procRoot) !== DEFAULT_PROC_ROOT) return usageError("--input and --proc-root name two different sources: give one");
    if (source === "lsof") return usageError("--input and --source lsof name two different sources: give one");
    if (o.continuous !== undefined) return usageError("-c prints the live system again every second: it cannot be used with --input");
  } else if (inputFormat !== null && inputFormat !== "list") {
    return usageError("--input-format needs --input FILE");
  }
  let netns: NetnsSelector | null = null;
  if (o.netns !== undefined) {
    netns = parseNetnsSelector(String(o.netns));
    if (netns === null) return usageError(`--netns takes all, an 'ip netns' name or a pid, not '${String(o.netns)}'`);
  }
  if (o.completion !== undefined) {
    const shell = String(o.completion);
    if (!SHELLS.includes(shell)) return usageError(`--completion takes one of ${SHELLS.join(", ")}, not '${shell}'`);
    return { kind: "exit", code: 0, stdout: completionScript(shell, program), stderr: "" };
  }
  const intervalText = o.continuous === undefined || o.continuous === true ? "1" : String(o.continuous);
  const interval = /^(\d+(\.\d*)?|\.\d+)$/.test(intervalText) ? Number(intervalText) : NaN;
  if (!(interval > 0 && interval <= 86400)) {
    return usageError(`-c takes a number of seconds above 0 (0.2, 5), not '${intervalText}'`);
  }
  if (flag("changes") && o.continuous === undefined) return usageError("--changes needs -c (changes between refreshes)");
  const colorText = o.color === undefined ? "auto" : o.color === true ? "always" : String(o.color);
  if (colorText !== "auto" && colorText !== "always" && colorText !== "never") {
    return usageError(`--color takes auto, always or never, not '${colorText}'`);
  }
  const outputs = ["json", "jsonl", "table"].filter(flag);
  if (outputs.length > 1) return usageError(`--${outputs[0] ?? ""} and --${outputs[1] ?? ""} cannot be combined`);
  if (flag("changes") && (flag("json") || flag("table"))) return usageError("--changes prints lines: use it with the table or --jsonl");
  const filterArgs: Record<string, readonly string[]> = {};
  for (const k of ["port", "sport", "dport", "state", "address", "pid", "program", "user"]) {
    if (Array.isArray(o[k])) filterArgs[k] = o[k] as string[];
  }
  const filter = parseFilter(filterArgs as FilterArgs);
  if (filter.kind === "error") return usageError(filter.message);
  const numeric = flag("numeric");
  return {
    kind: "run",
    options: {
      // a saved listing was already filtered by whoever ran it: all of it unless -l (README --input);
      // --state picks the sockets itself (as in ss): without -l it looks at servers and connections alike
      mode: flag("all") || ((input !== null || filter.filter.states !== null) && !flag("listening")) ? "all" : flag("listening") ? "listening" : "connected",
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
      continuous: o.continuous !== undefined,
      interval,
      changes: flag("changes"),
      json: flag("json"),
      jsonl: flag("jsonl"),
      table: flag("table"),
      color: colorText,
      filter: filter.filter,
      ignored: words.operands,
      procRoot: String(o.procRoot),
      source,
      input,
      inputFormat,
      dnsTimeoutMs,
      netns,
      unsupportedMode,
      info,
      groupsToo,
      selinux: flag("context"),
      warnings,
      audit,
    },
  };
}

/** netstat ignores words that are not options; we print the table too, and say so once. */
function ignoredWords(words: readonly string[]): string {
  const list = words.map((w) => `'${w}'`).join(" ");
  const port = words.find((w) => /^\d{1,5}$/.test(w));
  const hint = port === undefined ? "" : ` (to select port ${port}: --port ${port})`;
  return `tsnetstat: ignored ${list}: netstat takes no operands${hint}\n`;
}

/** Commander says "error: unknown option '-k'"; we say it our way, on one line. */
function commanderMessage(err: CommanderError): string {
  return err.message.replace(/^error: /, "").split("\n")[0] ?? err.message;
}
