// End-to-end runs of -r -i -s -g (bin/tsnetstat, the bundle) on /proc trees made of the captured
// fixtures: the whole path from flags to output, no root needed.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, projectRoot } from "../support/fixtures.js";
import { ensureBuilt, tsnetstat } from "../support/cli.js";

describe("-r -i -s -g on a /proc copy", () => {
  let root: string;
  let proc: string;

  beforeAll(() => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), "tsm-cli-"));
    proc = join(root, "proc");
    mkdirSync(join(proc, "net"), { recursive: true });
    for (const f of ["route", "ipv6_route", "dev", "if_inet6", "igmp", "igmp6", "snmp", "netstat", "snmp6"]) {
      copyFileSync(join(projectRoot, "fixtures/linux/modes", `proc-net-${f}`), join(proc, "net", f));
    }
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    [["-rn"], "netstat-rn.out"],
    [["-rne"], "netstat-rne.out"],
    [["-rnee"], "netstat-rnee.out"],
    [["-6rn"], "netstat-6rn.out"],
    [["-gn"], "netstat-gn.out"],
    [["-s"], "netstat-s.out"],
    [["-st"], "netstat-st.out"],
    [["-su"], "netstat-su.out"],
    [["-sw"], "netstat-sw.out"],
    [["-6s"], "netstat-6s.out"],
  ])("%j prints what netstat printed for these files", (args, out) => {
    expect(tsnetstat([...args, "--proc-root", proc])).toEqual({ status: 0, stdout: fixture(`linux/modes/${out}`), stderr: "" });
  });

  it("-i without a sysfs beside the copy: every interface, flags and MTU 0, said once on stderr", () => {
    const r = tsnetstat(["-i", "--proc-root", proc]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`tsnetstat: ${proc}/../sys/class/net: not found beside the --proc-root copy: flags and MTU show as 0\n`);
    expect(r.stdout.split("\n")[2]).toBe("lo                  0       80      0      0 0            80      0      0      0 [NO FLAGS]");
  });

  it("a missing table: netstat's two lines and status 1", () => {
    const empty = join(root, "empty");
    mkdirSync(join(empty, "net"), { recursive: true });
    expect(tsnetstat(["-rn", "--proc-root", empty])).toEqual({
      status: 1,
      stdout: "INET (IPv4) not configured in this system.\n",
      stderr: `${empty}/net/route: No such file or directory\n`,
    });
  });

  it("a malformed route line: one line naming file and line, the other routes still print", () => {
    const bad = join(root, "bad");
    mkdirSync(join(bad, "net"), { recursive: true });
    const lines = fixture("linux/modes/proc-net-route").split("\n");
    lines.splice(2, 0, "va\tnot-hex\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
    writeFileSync(join(bad, "net", "route"), lines.join("\n"));
    const r = tsnetstat(["-rn", "--proc-root", bad]);
    expect(r).toEqual({ status: 0, stdout: fixture("linux/modes/netstat-rn.out"), stderr: `tsnetstat: ${bad}/net/route:3: malformed route line skipped (destination)\n` });
  });

  it("--json documents", () => {
    const routes = JSON.parse(tsnetstat(["-rn", "-A", "inet,inet6", "--json", "--proc-root", proc]).stdout) as { schema: string; inet: unknown[]; inet6: unknown[] };
    expect(routes.schema).toBe("tsnetstat-routes/1");
    expect(routes.inet[0]).toEqual({ iface: "va", destination: "0.0.0.0", gateway: "10.9.0.2", mask: "0.0.0.0", flags: 3, refCnt: 0, use: 0, metric: 0, mtu: 0, window: 0, irtt: 0 });
    const stats = JSON.parse(tsnetstat(["-s", "--json", "--proc-root", proc]).stdout) as { schema: string; snmp: { title: string }[] };
    expect([stats.schema, stats.snmp[0]?.title]).toEqual(["tsnetstat-statistics/1", "Ip"]);
    const groups = JSON.parse(tsnetstat(["-g", "--json", "--proc-root", proc]).stdout) as { schema: string; groups: unknown[] };
    expect([groups.schema, groups.groups[0]]).toEqual(["tsnetstat-groups/1", { iface: "lo", refCnt: 1, group: "224.0.0.1", family: "inet" }]);
  });

  it("other platforms: one line", () => {
    expect(tsnetstat(["-rn"], { TSNETSTAT_PLATFORM: "darwin" })).toEqual({ status: 1, stdout: "", stderr: "tsnetstat: --route is not supported on darwin\n" });
    expect(tsnetstat(["-s"], { TSNETSTAT_PLATFORM: "freebsd" })).toEqual({ status: 1, stdout: "", stderr: "tsnetstat: --statistics is not supported on freebsd\n" });
  });

  it("-M is refused with one line; two modes are a usage error", () => {
    expect(tsnetstat(["-M"])).toEqual({ status: 1, stdout: "", stderr: "tsnetstat: --masquerade is not supported (Linux has had no masquerading table since 2.4; try 'conntrack -L')\n" });
    expect(tsnetstat(["-r", "-s"]).status).toBe(3);
  });
});
