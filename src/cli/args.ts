// netstat's command line, as users type it (`-tulpna`, `-A inet6`, `-f inet`, `--numeric-hosts`),
// parsed with commander into one Options value. No I/O: errors come back as values.

import { Command, CommanderError, Option } from "commander";
import type { Family, IpProtocol, ListenMode } from "../select.js";
import { FAMILY_ALIASES } from "../select.js";

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
  readonly dnsTimeoutMs: number;
  /** -Z, -r, -i, -s, -g, -M: modes tsnetstat does not have; the name of the first one given. */
  readonly unsupportedMode: string | null;
  readonly selinux: boolean;
}

/** What parsing decided: run with these options, or print something and exit. */
export type ParseResult =
  | { readonly kind: "run"; readonly options: Options }
  | { readonly kind: "exit"; readonly code: number; readonly stdout: string; readonly stderr: string };

/** Exit statuses of net-tools (lib/util.h E_USAGE and friends). */
export const EXIT_USAGE = 3;
export const EXIT_FAILURE = 1;

const increase = (_: string, previous: number): number => previous + 1;

function collectFamilies(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",")];
}

/** The option table: one place that says what tsnetstat accepts. */
export function buildProgram(version: string): Command {
  const program = new Command("tsnetstat")
    .description(
      "Print network connections and the processes behind them, as net-tools netstat does.\n" +
        "Families: inet (alias ip, tcpip), inet6 (ip6), unix (local).",
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
    .option("-A, --protocol <families>", "address families, comma-separated: inet, inet6, unix", collectFamilies, [])
    .option("-f, --family <family>", "address family, BSD style (same as -A)", collectFamilies, [])
    .option("--inet", "same as -A inet")
    .option("--inet6", "same as -A inet6")
    .option("--ip", "same as -A inet")
    .option("--tcpip", "same as -A inet")
    .addOption(new Option("--ipx").hideHelp())
    .addOption(new Option("--ax25").hideHelp())
    .addOption(new Option("--x25").hideHelp())
    .addOption(new Option("--netrom").hideHelp())
    .addOption(new Option("--rose").hideHelp())
    .addOption(new Option("--ddp").hideHelp())
    .addOption(new Option("--appletalk").hideHelp())
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
    .option("--proc-root <dir>", "read /proc from another directory (a copy from another machine)", "/proc")
    .option("--dns-timeout <ms>", "give up on a host name lookup after this many milliseconds", "1000")
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

/** getopt_long accepts any unambiguous prefix of a long option (`--list` for `--listening`); so do we. */
export function expandLongPrefixes(argv: readonly string[], longNames: readonly string[]): string[] {
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

/** Parse argv (without the node and script entries). */
export function parseArgs(argv: readonly string[], version: string): ParseResult {
  const program = buildProgram(version);
  const longNames = program.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  try {
    program.parse(expandLongPrefixes(argv, longNames), { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed") {
      return { kind: "exit", code: 0, stdout: program.helpInformation(), stderr: "" };
    }
    if (err.code === "commander.version") return { kind: "exit", code: 0, stdout: `tsnetstat ${version}\n`, stderr: "" };
    return usageError(commanderMessage(err));
  }
  const o = program.opts<Record<string, unknown>>();
  const flag = (name: string): boolean => o[name] === true;

  const families = new Set<Family>();
  const named: string[] = [...(o.protocol as string[]), ...(o.family as string[])];
  for (const name of named) {
    const family = FAMILY_ALIASES[name];
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
  if (flag("4") || flag("inet") || flag("ip") || flag("tcpip")) families.add("inet");
  if (flag("6") || flag("inet6")) families.add("inet6");
  if (flag("unix")) families.add("unix");
  for (const f of ["ipx", "ax25", "x25", "netrom", "rose"] as const) if (flag(f)) families.add(f);
  if (flag("ddp") || flag("appletalk")) families.add("ddp");

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
      dnsTimeoutMs,
      unsupportedMode,
      selinux: flag("context"),
    },
  };
}

/** Commander says "error: unknown option '-k'"; we say it our way, on one line. */
function commanderMessage(err: CommanderError): string {
  return err.message.replace(/^error: /, "").split("\n")[0] ?? err.message;
}
