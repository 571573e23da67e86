// --help, the man page and the completion scripts against the option table: none can drift from
// what the parser accepts (issue 10 item 6).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram, parseArgs } from "../../src/cli/args.js";
import { completionScript, SHELLS } from "../../src/cli/completion.js";
import { EXAMPLES, HELP_GROUPS, visibleOptions } from "../../src/cli/help.js";
import { projectRoot } from "../support/fixtures.js";
import { have } from "../support/cli.js";

const program = buildProgram("0.0.0");
const visible = visibleOptions(program);
const key = (o: (typeof visible)[number]): string => (o.long ?? o.short ?? "").replace(/^-+/, "");
const spellings = (o: (typeof visible)[number]): string[] => [o.short, o.long].filter((f): f is string => f !== undefined);

describe("--help", () => {
  it("every visible option is in exactly one group, and every group names real options", () => {
    const grouped = HELP_GROUPS.flatMap((g) => g.flags);
    expect([...grouped].sort()).toEqual(visible.map(key).sort());
  });

  it("lists every visible option once, one line a flag, in its group", () => {
    const r = parseArgs(["--help"], "0.0.0");
    if (r.kind !== "exit") throw new Error("--help did not exit");
    const lines = r.stdout.split("\n");
    expect(lines.filter((l) => /^\S.*:$/.test(l))).toEqual([
      "Selection (which sockets):",
      "Filters (combine with each other and every flag):",
      "Display:",
      "Output formats:",
      "netstat's other modes:",
      "Audit:",
      "Sources and lookups:",
      "Other:",
      "Examples:",
    ]);
    for (const o of visible) {
      const spelled = o.optional && o.short === undefined ? o.flags.replace(" [", "[=") : o.flags;
      const column = `  ${o.short === undefined ? "    " : ""}${spelled} `;
      const own = lines.filter((l) => l.startsWith(column) && l.includes(o.description));
      expect([o.flags, own.length]).toEqual([o.flags, 1]);
    }
    expect(lines).toContain("  -p, --programs                 show the PID/Program name owning each socket");
    expect(lines).toContain("      --color[=when]             colour: auto (a terminal, the default), always, never");
  });

  it.each(EXAMPLES.map(([args]) => [args]))("the example `tsnetstat %s` parses", (args) => {
    expect(parseArgs(args.split(" "), "0.0.0").kind).toBe("run");
  });
});

describe("man/tsnetstat.1", () => {
  const man = readFileSync(join(projectRoot, "man/tsnetstat.1"), "utf8");
  const options = man.slice(man.indexOf(".SH OPTIONS"), man.indexOf(".SH", man.indexOf(".SH OPTIONS") + 3));

  it("documents exactly the visible options, each under .TP", () => {
    const documented = [...options.matchAll(/^\.TP\n(.*)$/gm)].flatMap((m) => [...(m[1] ?? "").matchAll(/\\fB((?:\\-)+(?:\\-|\w)*)\\fR/g)].map((t) => (t[1] ?? "").replace(/\\-/g, "-")));
    expect(documented.sort()).toEqual(visible.flatMap(spellings).sort());
  });

  it("package.json installs it", () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { man: string[]; files: string[] };
    expect([pkg.man, pkg.files.includes("man")]).toEqual([["man/tsnetstat.1"], true]);
  });

  it.skipIf(!have("man"))("man renders it without warnings", () => {
    const r = spawnSync("man", ["--warnings", "-l", "-P", "cat", join(projectRoot, "man/tsnetstat.1")], { encoding: "utf8", env: { ...process.env, MANWIDTH: "80" } });
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });
});

describe("--completion", () => {
  it.each(SHELLS.map((s) => [s]))("%s offers every visible long option", (shell) => {
    const script = completionScript(shell, program);
    for (const o of visible) {
      const word = shell === "fish" ? (o.long !== undefined ? `-l ${o.long.slice(2)}` : `-s ${(o.short ?? "").slice(1)}`) : (o.long ?? o.short ?? "");
      expect([o.flags, script.includes(word)]).toEqual([o.flags, true]);
    }
  });

  it.each(SHELLS.map((s) => [s]))("%s: the script is valid for its shell (when installed)", (shell) => {
    if (!have(shell)) return;
    const r = spawnSync(shell, shell === "fish" ? ["--no-execute"] : ["-n"], { input: completionScript(shell, program), encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  it("bash: after --state the states are offered, after --color= the modes", () => {
    const script = completionScript("bash", program);
    const r = spawnSync(
      "bash",
      ["-c", `${script}\nCOMP_WORDS=(tsnetstat --state con); COMP_CWORD=2; _tsnetstat; echo "\${COMPREPLY[*]}"\nCOMP_WORDS=(tsnetstat --color=a); COMP_CWORD=1; _tsnetstat; echo "\${COMPREPLY[*]}"`],
      { encoding: "utf8" },
    );
    expect(r.stdout).toBe("connected\n--color=auto --color=always\n");
  });
});
