// `tsnetstat --audit --input FILE`: the table is a saved listing (perhaps of another machine), so
// this machine's scans, binds, lsof and /proc are not used: the listener accounting runs on the
// file, the network view comes only from --scan-input. No network, no root.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const FREEBSD = join(PROJECT, "fixtures/freebsd/freebsd-netstat-an-1.txt");
const LINUX_LNP = join(PROJECT, "fixtures/netstat-text/linux-netstat-sudo-lnp-1.txt");
const work = mkdtempSync(join(tmpdir(), "tsc-input-audit-"));

// lsof and nmap out of PATH: were the audit to use this machine's views, the output would say so
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [TSNETSTAT, "--audit", ...args], { encoding: "utf8", env: { PATH: "/nonexistent", LC_ALL: "C" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface Doc {
  scan: unknown;
  views: { name: string; addresses: string[] }[];
  findings: { kind: string; severity: string; proto: string; address: string | null; port: number | null; pids: number[]; message: string }[];
  listeners: { executable: string | null }[];
  connections: { local: { port: number }; direction: string }[];
}
const lines = (d: Doc): string[] => d.findings.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port} [${f.pids.join(",")}]`);

describe("tsnetstat --audit --input", () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("a FreeBSD netstat -an: no network view (one line), the listener accounting on the file", () => {
    const r = run("--json", "--input", FREEBSD);
    expect(r.stderr).toBe(
      `tsnetstat: audit: network view: not available: the sockets come from ${FREEBSD}, a saved listing, and this machine's scans and lsof would not be about it (--scan-input takes a scan of that host)\n`,
    );
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as Doc;
    expect(d.scan).toBeNull();
    expect(d.views).toEqual([]);
    // netstat -an names no process: every listener's owner is unknown, which is info only
    expect(lines(d)).toEqual([
      "info unknown-owner tcp 0.0.0.0 22 []",
      "info unknown-owner udp 0.0.0.0 514 []",
      "info unknown-owner tcp 127.0.0.1 25 []",
      "info unknown-owner tcp :: 22 []",
      "info unknown-owner udp :: 514 []",
    ]);
    expect(d.connections.map((c) => `${c.local.port} ${c.direction}`)).toEqual(["22 inbound"]);
  });

  it("a Linux netstat -lnp: shell-listening by the program name alone (executable not known, said so)", () => {
    const file = join(work, "lnp-bash.txt");
    writeFileSync(file, readFileSync(LINUX_LNP, "utf8").replace("1206/sshd           ", "1206/bash           "));
    const r = run("--json", "-t", "--input", file);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as Doc;
    expect(lines(d)).toEqual(["high shell-listening tcp 0.0.0.0 22 [1206]"]);
    expect(d.findings[0]?.message.split(" Why it matters:")[0]).toBe(
      'pid 1206 is "bash" (the program name the listing shows; its executable is not known), a shell, and is listening on tcp 0.0.0.0:22.',
    );
    expect(d.listeners.map((l) => l.executable)).toEqual([null, null, null, null]);
    expect(r.stderr).toContain("tsnetstat: audit: executables not known (a saved listing): shell-listening is judged by the program name the listing shows, deleted-executable and suspicious-path not at all\n");
  });

  it("with --scan-input of that host: cross-checks the file against the scan", () => {
    const scan = join(work, "bsd.gnmap");
    writeFileSync(
      scan,
      "# Nmap 7.93 scan initiated Tue Dec  1 06:34:18 2026 as: nmap -n -oG bsd.gnmap -sT -p 1-1024,8080 192.168.71.163\n" +
        "Host: 192.168.71.163 ()\tStatus: Up\n" +
        "Host: 192.168.71.163 ()\tPorts: 22/open/tcp//ssh///, 8080/open/tcp//http-proxy///\tIgnored State: closed (1023)\n" +
        "# Nmap done at Tue Dec  1 06:34:25 2026 -- 1 IP address (1 host up) scanned in 0.79 seconds\n",
    );
    const r = run("--json", "-t", "--input", FREEBSD, "--scan-input", scan);
    expect(r.stderr).toBe(`tsnetstat: audit: no local scan: the network view is ${scan}\n`);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as Doc;
    expect(d.views.map((v) => [v.name, v.addresses])).toEqual([[`nmap's TCP connect scan in ${scan}`, ["192.168.71.163"]]]);
    expect(lines(d)).toEqual(["high hidden-listener tcp 192.168.71.163 8080 []", "info unknown-owner tcp 0.0.0.0 22 []", "info unknown-owner tcp 127.0.0.1 25 []", "info unknown-owner tcp :: 22 []"]);
  });

  it("refuses a scan of an address the listing does not show, and this machine's scans, in one line", () => {
    expect(run("--input", FREEBSD, "--scan-input", join(PROJECT, "fixtures/nmap/tcp-127.0.0.1.gnmap"))).toEqual({
      status: 2,
      stdout: "",
      stderr: `tsnetstat: audit could not run: --scan-input ${join(PROJECT, "fixtures/nmap/tcp-127.0.0.1.gnmap")}: a scan of 127.0.0.1, which is not an address of this host\n`,
    });
    expect(run("--input", FREEBSD, "--probe-bind").stderr).toBe(
      `tsnetstat: audit could not run: --probe-bind: the sockets come from ${FREEBSD}, a saved listing: binding this machine's ports would not check it\n`,
    );
  });
});
