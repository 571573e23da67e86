// `tsnetstat --help`: the option table in groups, one line a flag, then examples. Pure. Every
// visible option must be in exactly one group (test/unit/help.test.ts checks it, and that every
// example parses), so the help cannot drift from what the parser accepts.

import type { Command } from "commander";

/** Groups by long name (or short letter for -4/-6), in the order printed. */
export const HELP_GROUPS: readonly { readonly title: string; readonly flags: readonly string[] }[] = [
  {
    title: "Selection (which sockets)",
    flags: ["tcp", "udp", "udplite", "raw", "sctp", "unix", "4", "6", "protocol", "family", "inet", "inet6", "ip", "tcpip", "all", "listening"],
  },
  { title: "Filters (combine with each other and every flag)", flags: ["port", "sport", "dport", "state", "address", "pid", "program", "user"] },
  {
    title: "Display",
    flags: ["numeric", "numeric-hosts", "numeric-ports", "numeric-users", "programs", "extend", "timers", "wide", "verbose", "color", "continuous", "changes"],
  },
  { title: "Output formats", flags: ["json", "jsonl", "table"] },
  { title: "netstat's other modes", flags: ["route", "interfaces", "statistics", "groups", "cache", "fib"] },
  { title: "Audit", flags: ["audit", "scan-addresses", "scan-ports", "scan-input", "local-scan", "probe-bind", "baseline", "save-baseline"] },
  { title: "Sources and lookups", flags: ["source", "proc-root", "input", "input-format", "netns", "dns-timeout"] },
  { title: "Other", flags: ["completion", "help", "version"] },
];

/** Examples, each a command line (without "tsnetstat") and what it shows. */
export const EXAMPLES: readonly (readonly [string, string])[] = [
  ["-tulpna", "every TCP and UDP socket with its process (as root)"],
  ["-tlnp --port 22,80,443", "servers on these ports, and who runs them"],
  ["-tan --state connected --address 10.0.0.0/8", "connections to or from 10/8"],
  ["-tanp --program sshd", "sockets held by sshd"],
  ["-tan -c 0.2 --changes", "connections as they open (+) and close (-)"],
  ["-tulpan --jsonl", "one JSON socket per line, with host and time"],
  ["-tlp --table", "a boxed table with every owner"],
  ["--audit --json", "is every open port accounted for? (exit 1 when not)"],
];

const key = (o: Command["options"][number]): string => (o.long !== undefined ? o.long.slice(2) : (o.short ?? "").slice(1));

/** The visible options of `program` (those the help lists). */
export const visibleOptions = (program: Command): Command["options"] => program.createHelp().visibleOptions(program);

export function renderHelp(program: Command): string {
  const byKey = new Map(visibleOptions(program).map((o) => [key(o), o]));
  const lines = [`Usage: ${program.name()} ${program.usage()}`, "", program.description(), ""];
  for (const group of HELP_GROUPS) {
    const options = group.flags.map((f) => byKey.get(f)).filter((o) => o !== undefined);
    if (options.length === 0) continue;
    lines.push(`${group.title}:`);
    for (const o of options) {
      // an optional value of a long-only option goes after "=" (getopt_long takes it only so)
      const spelled = o.optional && o.short === undefined ? o.flags.replace(" [", "[=") : o.flags;
      const flags = o.short === undefined ? `    ${spelled}` : spelled;
      // string defaults as commander shows them ("/proc", "1000")
      const byDefault = typeof o.defaultValue === "string" ? ` (default: ${JSON.stringify(o.defaultValue)})` : "";
      lines.push(`  ${flags.padEnd(30)} ${o.description}${byDefault}`);
    }
    lines.push("");
  }
  lines.push("Examples:");
  for (const [args, what] of EXAMPLES) lines.push(`  tsnetstat ${args.padEnd(44)} ${what}`);
  lines.push("", "A connection shorter than the -c interval can be missed by --changes.", "See man tsnetstat for the JSON schema and the differences from netstat.");
  return `${lines.join("\n")}\n`;
}
