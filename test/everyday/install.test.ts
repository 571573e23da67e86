// The README's Install section, followed: pack, install the tarball globally into an empty prefix,
// run the installed tsnetstat and its man page, alias it over netstat, complete it, run it through
// npx from the tarball, link a clone, uninstall (issue 14 item 1, issue 10 item 7).

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../support/fixtures.js";
import { have } from "../support/cli.js";

const VERSION = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
const TARBALL = `tsnetstat-${VERSION}.tgz`;

let tmp = "";
let prefix = "";
const npm = (args: string[], cwd = projectRoot): string =>
  execFileSync("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
const installed = (): Record<string, string> => ({ ...process.env, PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}`, LC_ALL: "C" });
const sh = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", env: installed() });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "tsnetstat-install-"));
  prefix = join(tmp, "prefix");
  npm(["pack", "--pack-destination", tmp]);
  npm(["install", "-g", "--prefix", prefix, join(tmp, TARBALL)]);
}, 120_000);

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe("npm pack, then npm install -g of the tarball into an empty prefix", () => {
  it("the package holds only what it needs", () => {
    const list = execFileSync("tar", ["-tzf", join(tmp, TARBALL)], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(list).toEqual(["package/README.md", "package/bin/tsnetstat", "package/dist/fd-walker.cjs", "package/dist/tsnetstat.cjs", "package/man/tsnetstat.1", "package/package.json"]);
  });

  it("tsnetstat is on PATH and -tulpna prints netstat's heading", () => {
    const r = sh("command -v tsnetstat && tsnetstat -tulpna");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      join(prefix, "bin/tsnetstat"),
      "Active Internet connections (servers and established)",
      "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
    ]);
  });

  it.skipIf(!have("man"))("man tsnetstat finds the installed page", () => {
    const r = spawnSync("man", ["-P", "cat", "tsnetstat"], { encoding: "utf8", env: { ...installed(), MANPATH: join(prefix, "share/man"), MANWIDTH: "80" } });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]?.replace(/\s+/g, " ")).toBe("TSNETSTAT(1) User Commands TSNETSTAT(1)");
  });

  it("alias netstat=tsnetstat answers for netstat; bash completion offers the options", () => {
    const r = sh(`shopt -s expand_aliases\nalias netstat=tsnetstat\nnetstat -V\neval "$(tsnetstat --completion bash)"\nCOMP_WORDS=(tsnetstat --js); COMP_CWORD=1; _tsnetstat; echo "\${COMPREPLY[*]}"`);
    expect(r).toMatchObject({ status: 0, stdout: `tsnetstat ${VERSION}\n--json --jsonl\n` });
  });

  it("a plain run loads neither chalk nor cli-table3", () => {
    const modules = join(prefix, "lib/node_modules/tsnetstat/node_modules");
    for (const m of ["chalk", "cli-table3"]) renameSync(join(modules, m), join(modules, `${m}.away`));
    try {
      const r = sh("tsnetstat -tuna >/dev/null && tsnetstat -tln --json >/dev/null && tsnetstat -tln | head -1");
      expect(r).toMatchObject({ status: 0, stdout: "Active Internet connections (only servers)\n", stderr: "" });
    } finally {
      for (const m of ["chalk", "cli-table3"]) renameSync(join(modules, `${m}.away`), join(modules, m));
    }
  });

  it("npx runs tsnetstat from the tarball", () => {
    const out = execFileSync("npx", ["--yes", "--prefer-offline", "--package", join(tmp, TARBALL), "--", "tsnetstat", "-V"], { cwd: tmp, encoding: "utf8" });
    expect(out).toBe(`tsnetstat ${VERSION}\n`);
  });

  it("npm uninstall -g removes the command and the man page", () => {
    npm(["uninstall", "-g", "--prefix", prefix, "tsnetstat"]);
    expect([existsSync(join(prefix, "bin/tsnetstat")), existsSync(join(prefix, "share/man/man1/tsnetstat.1"))]).toEqual([false, false]);
  });

  it("npm link from the clone: the command runs the working tree", () => {
    // npm link takes the global prefix from the environment (--prefix would name the project)
    execFileSync("npm", ["link", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: projectRoot, env: { ...process.env, npm_config_prefix: prefix } });
    expect(sh("tsnetstat -V").stdout).toBe(`tsnetstat ${VERSION}\n`);
    npm(["unlink", "-g", "--prefix", prefix, "tsnetstat"]);
    expect(existsSync(join(prefix, "bin/tsnetstat"))).toBe(false);
  });
});
