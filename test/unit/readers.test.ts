// src/readers/index.ts (the registry), src/readers/missing.ts (netstat's rule for missing tables),
// and the whole command run in-process through cli/main.ts.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { choosePlatform, knownPlatforms, readerFor } from "../../src/readers/index.js";
import { missingVerdict, settleMissing } from "../../src/readers/missing.js";
import type { TableName } from "../../src/readers/types.js";
import { plan } from "../../src/select.js";
import type { Family, IpProtocol } from "../../src/select.js";
import { projectRoot } from "../support/fixtures.js";
import { runInProcess } from "../support/run.js";

const req = (protocols: IpProtocol[], families: Family[] = []) => plan({ protocols: new Set(protocols), families: new Set(families) });

describe("choosePlatform / readerFor", () => {
  it.each([
    [{}, "linux", false, "linux"],
    [{}, "freebsd", false, "freebsd"],
    [{}, "darwin", true, "linux"],
    [{ TSNETSTAT_PLATFORM: "openbsd" }, "linux", false, "openbsd"],
    [{ TSNETSTAT_PLATFORM: "openbsd" }, "linux", true, "openbsd"],
    [{ TSNETSTAT_PLATFORM: "" }, "sunos", false, "sunos"],
  ] as const)("env %j on %s, --proc-root %s → %s", (env, on, procRoot, expected) => {
    expect(choosePlatform(env, on, procRoot)).toBe(expected);
  });

  it("knows Linux, and loads its reader", async () => {
    expect(knownPlatforms()).toEqual(["linux"]);
    const r = await readerFor("linux");
    expect("error" in r ? r.error : r.platform).toBe("linux");
  });

  it("says in one line that another platform is not supported yet", async () => {
    for (const name of ["freebsd", "toString", "__proto__"]) {
      expect(await readerFor(name)).toEqual({
        error: `tsnetstat: ${name} is not supported yet (readers exist for: linux; --proc-root reads a Linux /proc copy)\n`,
      });
    }
  });
});

describe("missingVerdict / settleMissing (netstat.c main, INFO_GUTS)", () => {
  const nothing = req([]);
  it.each([
    ["-t, tcp missing", req(["tcp"]), false, ["tcp"], "tsnetstat: no support for `AF INET (tcp)' on this system.\n", true],
    ["-t -u, tcp missing: stops there", req(["tcp", "udp"]), false, ["tcp", "udp"], "tsnetstat: no support for `AF INET (tcp)' on this system.\n", true],
    ["nothing named, sctp missing: silent", nothing, false, ["sctp"], "", false],
    ["nothing named -v, sctp and ipx missing: both named, no failure", nothing, true, ["sctp", "ipx"], "tsnetstat: no support for `AF INET (sctp)' on this system.\ntsnetstat: no support for `AF IPX' on this system.\n", false],
    ["-4 (family only), udplite missing: silent even with -v", req([], ["inet"]), true, ["udplite"], "", false],
    ["-x, unix missing", req([], ["unix"]), false, ["unix"], "tsnetstat: no support for `AF UNIX' on this system.\n", true],
    ["nothing named, unix missing: silent", nothing, false, ["unix"], "", false],
    ["nothing named -v, unix missing: said", nothing, true, ["unix"], "tsnetstat: no support for `AF UNIX' on this system.\n", false],
    ["--ax25 --rose named", req([], ["ax25", "rose"]), false, ["ax25", "rose"], "tsnetstat: no support for `AF AX25' on this system.\n", true],
  ] as const)("%s", (_name, p, verbose, missing, messages, failed) => {
    expect(settleMissing(p, verbose, missing as readonly TableName[])).toEqual({ messages, failed });
  });

  it("a reader stops where the verdict fails", () => {
    expect(missingVerdict(req(["tcp"]), false, "tcp")).toEqual({ report: true, fail: true });
    expect(missingVerdict(nothing, true, "tcp")).toEqual({ report: true, fail: false });
  });
});

describe("main in-process (a /proc copy)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsn-core-main-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "net"));
  for (const t of ["tcp", "tcp6"]) copyFileSync(join(projectRoot, `fixtures/linux/captures/inet/proc-net-${t}.out`), join(dir, "net", t));

  const run = runInProcess;

  it("-tn prints what netstat printed for the same tables", async () => {
    const r = await run(["-tn", "--proc-root", dir]);
    expect(r).toEqual({ code: 0, stdout: readFileSync(join(projectRoot, "fixtures/linux/captures/inet/netstat-tn.out"), "latin1"), stderr: "" });
  });

  it("-u with no udp table: netstat's message after the (empty) table, exit 1", async () => {
    const r = await run(["-un", "--proc-root", dir]);
    expect(r).toEqual({
      code: 1,
      stdout: "Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n",
      stderr: "tsnetstat: no support for `AF INET (udp)' on this system.\n",
    });
  });

  it("TSNETSTAT_PLATFORM picks a platform with no reader: one line, exit 1, nothing read", async () => {
    const r = await run(["-tn"], { TSNETSTAT_PLATFORM: "freebsd" });
    expect(r).toEqual({ code: 1, stdout: "", stderr: "tsnetstat: freebsd is not supported yet (readers exist for: linux; --proc-root reads a Linux /proc copy)\n" });
  });
});
