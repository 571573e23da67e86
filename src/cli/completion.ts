// `tsnetstat --completion bash|zsh|fish`: completion scripts made from the option table, so that
// they offer exactly the options the parser accepts. Pure.

import type { Command } from "commander";
import { visibleOptions } from "./help.js";

export const SHELLS: readonly string[] = ["bash", "zsh", "fish"];

/** Values offered after an option that takes one. */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  protocol: ["inet", "inet6", "unix"],
  family: ["inet", "inet6", "unix"],
  state: ["LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "connected", "synchronized"],
  color: ["auto", "always", "never"],
  completion: ["bash", "zsh", "fish"],
};

interface Entry {
  readonly short: string | null;
  readonly long: string | null;
  readonly takesValue: boolean;
  readonly optionalValue: boolean;
  readonly description: string;
}

function entries(program: Command): Entry[] {
  return visibleOptions(program).map((o) => ({
    short: o.short ?? null,
    long: o.long ?? null,
    takesValue: o.required || o.optional,
    optionalValue: o.optional,
    description: o.description,
  }));
}

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(list: readonly Entry[]): string {
  const words = list.flatMap((e) => [e.short, e.long].filter((w): w is string => w !== null));
  const cases = list
    .filter((e) => e.takesValue && !e.optionalValue)
    .map((e) => {
      const pattern = [e.short, e.long].filter((w) => w !== null).join("|");
      const name = (e.long ?? "").slice(2);
      const values = VALUES[name];
      const action = values !== undefined ? `COMPREPLY=($(compgen -W ${sq(values.join(" "))} -- "$cur"))` : name === "proc-root" ? `COMPREPLY=($(compgen -d -- "$cur"))` : "COMPREPLY=()";
      return `    ${pattern}) ${action}; return ;;`;
    });
  return [
    "# bash completion for tsnetstat: eval \"$(tsnetstat --completion bash)\"",
    "_tsnetstat() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  case "$prev" in',
    ...cases,
    "  esac",
    '  case "$cur" in',
    `    --color=*) COMPREPLY=($(compgen -P --color= -W 'auto always never' -- "\${cur#--color=}")); return ;;`,
    "  esac",
    `  COMPREPLY=($(compgen -W ${sq(words.join(" "))} -- "$cur"))`,
    "}",
    "complete -F _tsnetstat tsnetstat",
    "",
  ].join("\n");
}

function zsh(list: readonly Entry[]): string {
  const esc = (s: string): string => s.replace(/[[\]:'\\]/g, (c) => (c === "'" ? `'\\''` : `\\${c}`));
  const specs = list.map((e) => {
    const name = (e.long ?? e.short ?? "").replace(/^-+/, "");
    const values = VALUES[name];
    const action = !e.takesValue ? "" : values !== undefined ? `:${name}:(${values.join(" ")})` : name === "proc-root" ? `:${name}:_directories` : `:${name}:`;
    const desc = `[${esc(e.description)}]`;
    const long = e.long === null ? null : e.optionalValue ? `${e.long}=-` : e.takesValue ? `${e.long}=` : e.long;
    const names = [e.short, long].filter((w) => w !== null);
    const optAction = e.optionalValue ? `::${name}:` : action;
    if (names.length === 1) return `  '${names[0] ?? ""}${desc}${optAction}'`;
    return `  '(${[e.short, e.long].join(" ")})'{${names.join(",")}}'${desc}${optAction}'`;
  });
  return ["#compdef tsnetstat", "# zsh completion for tsnetstat: tsnetstat --completion zsh > \"${fpath[1]}/_tsnetstat\"", "_arguments -s \\", specs.join(" \\\n"), ""].join("\n");
}

function fish(list: readonly Entry[]): string {
  const lines = ["# fish completion for tsnetstat: tsnetstat --completion fish > ~/.config/fish/completions/tsnetstat.fish"];
  for (const e of list) {
    const parts = ["complete -c tsnetstat"];
    if (e.short !== null) parts.push(`-s ${e.short.slice(1)}`);
    if (e.long !== null) parts.push(`-l ${e.long.slice(2)}`);
    const values = VALUES[(e.long ?? "").slice(2)];
    if (e.takesValue && !e.optionalValue) parts.push(values !== undefined ? `-x -a ${sq(values.join(" "))}` : e.long === "--proc-root" ? "-r -F" : "-x");
    parts.push(`-d ${sq(e.description)}`);
    lines.push(parts.join(" "));
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: string, program: Command): string {
  const list = entries(program);
  return shell === "zsh" ? zsh(list) : shell === "fish" ? fish(list) : bash(list);
}
