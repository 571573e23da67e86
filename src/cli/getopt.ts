// getopt_long as glibc runs it for netstat (posix/getopt.c): short option clusters, long options and
// their unambiguous prefixes, words that are not options set aside, and glibc's own error sentences.
// Pure: it turns argv into canonical `--long[=value]` words for commander, or one message.

/** One option of tsnetstat's table, as getopt needs it. */
export interface OptionSpec {
  /** The short letter without its dash ("t"), or null. */
  readonly short: string | null;
  /** The long name without its dashes ("tcp"), or null. */
  readonly long: string | null;
  /** Whether the option takes a value. "optional" takes a following word only when it is a number (`-c 0.2`). */
  readonly arg: "none" | "required" | "optional";
}

/** One long option of net-tools 2.10 netstat, in the order of its getopt_long table. */
export interface NetstatLongOption {
  readonly name: string;
  /** An address-family switch (lib/net-support.h AFTRANS_OPTS): getopt value 1, so these never conflict. */
  readonly family?: boolean;
}

export type GetoptResult =
  | { readonly kind: "ok"; readonly args: readonly string[]; readonly operands: readonly string[] }
  | { readonly kind: "error"; readonly message: string };

/** What a long name or prefix stands for. */
export type LongMatch =
  | { readonly kind: "one"; readonly name: string }
  | { readonly kind: "ambiguous"; readonly possibilities: readonly string[] }
  | { readonly kind: "none" };

/**
 * netstat's answer for a prefix (glibc process_long_option): an exact name wins; else the first
 * match, unless a later one differs from it (two family switches never do) — then the first and
 * every later match that differs are the possibilities, in table order (so `--un` lists '--unix' twice).
 */
function netstatMatch(prefix: string, table: readonly NetstatLongOption[]): LongMatch {
  if (table.some((o) => o.name === prefix)) return { kind: "one", name: prefix };
  const matches = table.filter((o) => o.name.startsWith(prefix));
  const first = matches[0];
  if (first === undefined) return { kind: "none" };
  const differing = matches.filter((o) => o !== first && !(o.family === true && first.family === true));
  if (differing.length === 0) return { kind: "one", name: first.name };
  return { kind: "ambiguous", possibilities: [first, ...differing].map((o) => o.name) };
}

/**
 * tsnetstat's answer: a prefix netstat knows resolves as netstat's getopt_long resolves it, so that
 * tsnetstat's own long options never change what netstat's abbreviations mean (`--prog` stays
 * --programs); tsnetstat's own options that also match are added to an ambiguous list. Other
 * prefixes must name one of tsnetstat's own options alone.
 */
export function longMatch(prefix: string, own: readonly string[], table: readonly NetstatLongOption[]): LongMatch {
  if (own.includes(prefix)) return { kind: "one", name: prefix };
  const netstat = netstatMatch(prefix, table);
  const extra = own.filter((n) => n.startsWith(prefix) && !table.some((o) => o.name === n));
  if (netstat.kind === "one") return netstat;
  if (netstat.kind === "ambiguous") return { kind: "ambiguous", possibilities: [...netstat.possibilities, ...extra] };
  const only = extra[0];
  if (only === undefined) return { kind: "none" };
  return extra.length === 1 ? { kind: "one", name: only } : { kind: "ambiguous", possibilities: extra };
}

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

/** Walk argv as getopt_long does (with permutation: words may come anywhere, `--` ends the options). */
export function getopt(argv: readonly string[], specs: readonly OptionSpec[], table: readonly NetstatLongOption[]): GetoptResult {
  const own = specs.map((s) => s.long).filter((l): l is string => l !== null);
  const args: string[] = [];
  const operands: string[] = [];
  const canonical = (s: OptionSpec): string => (s.long !== null ? `--${s.long}` : `-${s.short ?? ""}`);
  const withValue = (s: OptionSpec, value: string): string => (s.long !== null ? `--${s.long}=${value}` : `-${s.short ?? ""}${value}`);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const next = argv[i + 1];
    if (arg === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      const name = eq < 0 ? body : body.slice(0, eq);
      const match = longMatch(name, own, table);
      if (match.kind === "none") return { kind: "error", message: `unrecognized option '--${body}'` };
      if (match.kind === "ambiguous") {
        return { kind: "error", message: `option '--${name}' is ambiguous; possibilities:${match.possibilities.map((p) => ` '--${p}'`).join("")}` };
      }
      const spec = specs.find((s) => s.long === match.name);
      // a netstat option tsnetstat lacks would be a gap in the table: say so as getopt would
      if (spec === undefined) return { kind: "error", message: `unrecognized option '--${body}'` };
      if (eq >= 0) {
        if (spec.arg === "none") return { kind: "error", message: `option '--${match.name}' doesn't allow an argument` };
        args.push(withValue(spec, body.slice(eq + 1)));
      } else if (spec.arg === "required") {
        if (next === undefined) return { kind: "error", message: `option '--${match.name}' requires an argument` };
        args.push(withValue(spec, next));
        i++;
      } else if (spec.arg === "optional" && next !== undefined && NUMBER.test(next)) {
        args.push(withValue(spec, next));
        i++;
      } else {
        args.push(canonical(spec));
      }
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] ?? "";
      const spec = specs.find((s) => s.short === letter);
      if (spec === undefined) return { kind: "error", message: `invalid option -- '${letter}'` };
      if (spec.arg === "none") {
        args.push(canonical(spec));
        continue;
      }
      const rest = arg.slice(j + 1);
      // an optional value is only a number (`-c0.2`): `-ctn` stays -c -t -n as in netstat
      if (spec.arg === "optional" && rest !== "" && !NUMBER.test(rest)) {
        args.push(canonical(spec));
        continue;
      }
      if (rest !== "") args.push(withValue(spec, rest));
      else if (spec.arg === "required") {
        if (next === undefined) return { kind: "error", message: `option requires an argument -- '${letter}'` };
        args.push(withValue(spec, next));
        i++;
      } else if (next !== undefined && NUMBER.test(next)) {
        args.push(withValue(spec, next));
        i++;
      } else args.push(canonical(spec));
      break;
    }
  }
  return { kind: "ok", args, operands };
}
