// --probe-bind live, in a private network namespace this file makes (tsc-<pid>-pb): a TCP and a
// UDP listener hidden by a --proc-root copy of /proc/net are found by the bind probe, and by
// unhide-tcp run in the same namespace with a netstat that reads the same copy; so are hidden
// listeners on addresses the scan does not try (127.0.0.5, and an IPv6 address no interface has),
// by the wildcard pass. Every bind stays inside that namespace.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootRequired, skipRootTests } from "../support/root.js";
import { Actor, ENV, hidingProcCopy, sh, inNs, TSNETSTAT, tsnetstatIn } from "./ns-support.js";

function unavailable(): boolean {
  if (skipRootTests("--probe-bind live tests")) return true;
  if (spawnSync("sh", ["-c", "command -v unhide-tcp"]).status !== 0) {
    if (rootRequired) throw new Error("--probe-bind live tests: 'unhide-tcp' (Debian package unhide) is not installed");
    console.warn("skipping --probe-bind live tests: 'unhide-tcp' is not installed");
    return true;
  }
  return false;
}

const NS = `tsc-${process.pid}-pb`;

interface Doc {
  findings: { kind: string; severity: string; proto: string; address: string | null; port: number | null; pids: number[]; message: string }[];
  views: { name: string; method: string; proto: string; addresses: string[]; ports: number; open: { address: string; port: number }[] }[];
  connections: { local: { port: number }; remote: { port: number }; state: string }[];
}

describe.skipIf(unavailable())("tsnetstat --audit --probe-bind in a private namespace", () => {
  let actor: Actor | null = null;
  let work = "";
  let copy = "";

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `${NS}-`));
    chmodSync(work, 0o755);
    sh("ip", "netns", "add", NS);
    sh("ip", "-n", NS, "link", "set", "lo", "up");
    // the copy is frozen: the scans' own connects (TIME_WAIT afterwards) must not take probed ports
    inNs(NS, "sysctl", "-qw", "net.ipv4.ip_local_port_range=40000 40999");
    actor = new Actor(["ip", "netns", "exec", NS]);
    for (const c of ["listen 127.0.0.1 22", "listen 127.0.0.1 47002", "udp 127.0.0.1 47003", "bindconnect 127.0.0.1 47005 127.0.0.1 22"]) await actor.send(c);
    // 127.0.0.5 (loopback's /8 needs no address added): listeners hidden there, and listed ones on
    // ports /etc/services names; fd00::5 is on no interface (IP_FREEBIND)
    for (const c of ["listen 127.0.0.5 47006", "udp 127.0.0.5 47007", "freelisten fd00::5 47008", "listen 127.0.0.5 25", "udp 127.0.0.5 69"]) await actor.send(c);
    copy = hidingProcCopy(join(work, "proc"), NS, { tcp: [47002, 47006], udp: [47003, 47007], tcp6: [47008] });
  });

  afterAll(() => {
    actor?.stop();
    spawnSync("ip", ["netns", "del", NS], { stdio: "ignore" });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  // first: the copy is frozen, and later audits leave TIME_WAIT sockets it does not list on ports unhide-tcp binds
  it("agrees with unhide-tcp run in the same namespace with a netstat that reads the same copy", () => {
    // the compromised system's netstat: tsnetstat prints net-tools' table byte for byte, here from the copy
    const bin = join(work, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "netstat"), `#!/bin/sh\nexec ${process.execPath} ${TSNETSTAT} --proc-root ${copy} "$@"\n`, { mode: 0o755 });
    const u = spawnSync("ip", ["netns", "exec", NS, "env", `PATH=${bin}:${ENV.PATH}`, "unhide-tcp", "-n"], { encoding: "utf8", env: ENV });
    const found: string[] = [];
    let proto = "";
    for (const line of u.stdout.split("\n")) {
      if (line.includes("Starting TCP checking")) proto = "tcp";
      if (line.includes("Starting UDP checking")) proto = "udp";
      const m = /Found Hidden port that not appears in netstat: (\d+)/.exec(line);
      if (m !== null) found.push(`${proto} ${m[1] as string}`);
    }
    const ports = found.map((f) => Number(f.split(" ")[1]));
    // unhide-tcp binds IPv4's wildcard only: the IPv6 listener on fd00::5 is not its to find
    const r = tsnetstatIn(NS, ["--audit", "--json", "--probe-bind", "--proc-root", copy, "--scan-addresses", "127.0.0.1", "--scan-ports", ports.join(",")]);
    const ours = (JSON.parse(r.stdout) as Doc).findings.filter((f) => f.kind === "hidden-listener").map((f) => `${f.proto} ${f.port ?? ""}`);
    expect(found).toEqual(["tcp 47002", "tcp 47006", "udp 47003", "udp 47007"]);
    expect(ours.sort()).toEqual(found);
  });

  it("reports the hidden TCP and UDP listeners, each seen by its scan and its bind probe, and nothing else", () => {
    const r = tsnetstatIn(NS, ["--audit", "--json", "--probe-bind", "--proc-root", copy, "--scan-ports", "1-100,47000-47010"]);
    expect(r.stderr).toBe("tsnetstat: audit: lsof view: not used with --proc-root (lsof sees the live system, not the copy)\n");
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as Doc;
    // a connection bound without SO_REUSEADDR makes a bind of its port fail too: the table explains it
    expect(d.connections.map((c) => `${c.local.port} ${c.remote.port} ${c.state}`).sort()).toEqual(["22 47005 ESTABLISHED", "47005 22 ESTABLISHED"]);
    // 127.0.0.5 is scanned by default (a listener of the table is bound there): its hidden ports are found at their
    // address, once (the wildcard binds saw them too); the IPv6 one on no interface by the wildcard bind alone
    expect(d.findings.map((f) => [f.severity, f.kind, f.proto, f.address, f.port, f.message.split(" Why it matters:")[0]])).toEqual([
      ["high", "hidden-listener", "tcp", "127.0.0.1", 47002, "127.0.0.1:47002 accepts TCP connections (re-probed after re-reading the table), but no listening socket in the table covers it. Seen by the local TCP connect scan and the TCP bind probe."],
      ["high", "hidden-listener", "tcp", "127.0.0.5", 47006, "127.0.0.5:47006 accepts TCP connections (re-probed after re-reading the table), but no listening socket in the table covers it. Seen by the local TCP connect scan and the TCP bind probe."],
      ["high", "hidden-listener", "udp", "127.0.0.1", 47003, "127.0.0.1:47003 takes UDP datagrams without answering \"port unreachable\", but no bound UDP socket in the table covers it. Seen by the local UDP scan and the UDP bind probe."],
      ["high", "hidden-listener", "udp", "127.0.0.5", 47007, "127.0.0.5:47007 takes UDP datagrams without answering \"port unreachable\", but no bound UDP socket in the table covers it. Seen by the local UDP scan and the UDP bind probe."],
      ["high", "hidden-listener", "tcp", "::", 47008, "Binding the wildcard [::]:47008 fails (EADDRINUSE): a TCP socket holds port 47008 on some IPv6 address (a bind cannot tell which), but no TCP socket in the table uses the port on any IPv6 address. Seen by the TCP bind probe."],
    ]);
    const binds = d.views.filter((v) => v.method === "bind").map((v) => [v.name, v.proto, v.addresses, v.ports, v.open.map((o) => `${o.address}:${o.port}`)]);
    expect(binds).toEqual([
      [
        "the TCP bind probe",
        "tcp",
        ["127.0.0.1", "127.0.0.5", "::1", "0.0.0.0", "::"],
        111,
        ["127.0.0.1:22", "127.0.0.1:47002", "127.0.0.5:25", "127.0.0.5:47006", "0.0.0.0:22", "0.0.0.0:25", "0.0.0.0:47002", "0.0.0.0:47006", ":::47008"],
      ],
      ["the UDP bind probe", "udp", ["127.0.0.1", "127.0.0.5", "::1", "0.0.0.0", "::"], 111, ["127.0.0.1:47003", "127.0.0.5:69", "127.0.0.5:47007", "0.0.0.0:69", "0.0.0.0:47003", "0.0.0.0:47007"]],
    ]);
  });

  it("finds with the bind probe alone what only a bind can tell: -t with no TCP scan view is the bind's own word", () => {
    // --scan-input of an nmap run that found nothing stands in for the network view: only the bind probe sees the port
    const empty = join(work, "empty.gnmap");
    writeFileSync(empty, "# Nmap 7.93 scan initiated Tue Dec  1 07:00:00 2026 as: nmap -sT -p 47000-47010 -oG - 127.0.0.1\nHost: 127.0.0.1 ()\tStatus: Up\nHost: 127.0.0.1 ()\tPorts: 47002/closed/tcp//////\n# Nmap done\n");
    const r = tsnetstatIn(NS, ["--audit", "--json", "-t", "--probe-bind", "--proc-root", copy, "--scan-ports", "47000-47010", "--scan-input", empty]);
    const d = JSON.parse(r.stdout) as Doc;
    expect(d.findings.map((f) => [f.kind, f.proto, f.port, f.message.split(" Why it matters:")[0]])).toEqual([
      ["hidden-listener", "tcp", 47002, `127.0.0.1:47002 cannot be bound (EADDRINUSE: a TCP socket holds it), but no TCP socket in the table uses the port. Seen by the TCP bind probe; not by nmap's TCP connect scan in ${empty}.`],
      ["hidden-listener", "tcp", 47006, "127.0.0.5:47006 cannot be bound (EADDRINUSE: a TCP socket holds it), but no TCP socket in the table uses the port. Seen by the TCP bind probe."],
      ["hidden-listener", "tcp", 47008, "Binding the wildcard [::]:47008 fails (EADDRINUSE): a TCP socket holds port 47008 on some IPv6 address (a bind cannot tell which), but no TCP socket in the table uses the port on any IPv6 address. Seen by the TCP bind probe."],
    ]);
  });

  it("binds each family's wildcard: finds what no scanned address shows, once per port, and nothing for a listener the table has on 127.0.0.5", () => {
    // 127.0.0.5 is not scanned: only the wildcard binds (0.0.0.0, and "::" IPv6-only) reach it
    const r = tsnetstatIn(NS, ["--audit", "--json", "--probe-bind", "--proc-root", copy, "--scan-addresses", "127.0.0.1,::1", "--scan-ports", "1-100,47000-47010"]);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as Doc;
    const wildcard = (proto: string, family: string, port: number): string =>
      `Binding the wildcard ${family === "IPv4" ? "0.0.0.0" : "[::]"}:${port} fails (EADDRINUSE): a ${proto} socket holds port ${port} on some ${family} address (a bind cannot tell which), but no ${proto} socket in the table uses the port on any ${family} address. Seen by the ${proto} bind probe.`;
    expect(d.findings.map((f) => [f.severity, f.kind, f.proto, f.address, f.port, f.message.split(" Why it matters:")[0]])).toEqual([
      // the scanned addresses' findings, as without the wildcard binds (which saw these ports too: one finding each)
      ["high", "hidden-listener", "tcp", "127.0.0.1", 47002, "127.0.0.1:47002 accepts TCP connections (re-probed after re-reading the table), but no listening socket in the table covers it. Seen by the local TCP connect scan and the TCP bind probe."],
      ["high", "hidden-listener", "udp", "127.0.0.1", 47003, "127.0.0.1:47003 takes UDP datagrams without answering \"port unreachable\", but no bound UDP socket in the table covers it. Seen by the local UDP scan and the UDP bind probe."],
      ["high", "hidden-listener", "tcp", "0.0.0.0", 47006, wildcard("TCP", "IPv4", 47006)],
      ["high", "hidden-listener", "tcp", "::", 47008, wildcard("TCP", "IPv6", 47008)],
      ["high", "hidden-listener", "udp", "0.0.0.0", 47007, wildcard("UDP", "IPv4", 47007)],
    ]);
    const binds = d.views.filter((v) => v.method === "bind").map((v) => [v.name, v.addresses, v.ports, v.open.map((o) => `${o.address}:${o.port}`)]);
    // in use at the wildcard: 22 and 25 (listeners of the table: 127.0.0.1 and 127.0.0.5), 47002 and 47003 (hidden on
    // 127.0.0.1), the hidden ones; not 47005 (the connection's local port: the table explains it, not a listener)
    expect(binds).toEqual([
      ["the TCP bind probe", ["127.0.0.1", "::1", "0.0.0.0", "::"], 111, ["127.0.0.1:22", "127.0.0.1:47002", "0.0.0.0:22", "0.0.0.0:25", "0.0.0.0:47002", "0.0.0.0:47006", ":::47008"]],
      ["the UDP bind probe", ["127.0.0.1", "::1", "0.0.0.0", "::"], 111, ["127.0.0.1:47003", "0.0.0.0:69", "0.0.0.0:47003", "0.0.0.0:47007"]],
    ]);

    // the text report names such a port by its family, not as a listener on the wildcard
    const t = tsnetstatIn(NS, ["--audit", "-t", "--probe-bind", "--proc-root", copy, "--scan-addresses", "127.0.0.1,::1", "--scan-ports", "25,47006,47008"]);
    expect(t.stdout.split("\n").filter((l) => l.startsWith("  hidden-listener") || l.startsWith("view:")).map((l) => l.replace(/in \d+\.\d\d s/, "in S s"))).toEqual([
      "view: the TCP bind probe: 127.0.0.1, ::1, 0.0.0.0, ::, 3 ports each, in S s: 3 in use (0.0.0.0:25, 0.0.0.0:47006, [::]:47008)",
      "  hidden-listener  tcp *:47006 (some IPv4 address)",
      "  hidden-listener  tcp *:47008 (some IPv6 address)",
    ]);
  });
});
