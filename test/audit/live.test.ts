// `tsnetstat --audit` live, in private network namespaces this file makes (tsa-<pid>-*): a clean
// one, a dirty one with every scenario of issue 9 and a peer for its connections, and one whose
// /proc/net copy hides a listener. Every scan and probe stays inside these namespaces.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootRequired, skipRootTests } from "../support/root.js";
import { publicTsnetstat } from "../support/bundle.js";
import { Actor, ENV, hidingProcCopy, inNs, PYTHON, sh, TSNETSTAT, type Run } from "./ns-support.js";

function unavailable(): boolean {
  if (skipRootTests("audit live tests")) return true;
  for (const tool of ["nmap", "setpriv", "script"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) {
      if (rootRequired) throw new Error(`audit live tests: '${tool}' is not installed`);
      console.warn(`skipping audit live tests: '${tool}' is not installed`);
      return true;
    }
  }
  return false;
}

const tag = `tsa-${process.pid}`;
const NS = { clean: `${tag}-a`, dirty: `${tag}-b`, peer: `${tag}-c`, hidden: `${tag}-d` };
const VETH = { dirty: `tsa${process.pid}b`, peer: `tsa${process.pid}c` };

/**
 * Run `tsnetstat --audit ARGS` inside `ns`. Without `lsof`, PATH holds no lsof (the third view is
 * then "not available"): lsof walks every process of this shared host, seconds per run.
 */
function audit(ns: string, args: readonly string[], opts: { user?: "root" | "nobody"; lsof?: boolean } = {}): Run {
  const drop = (opts.user ?? "root") === "root" ? [] : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
  const path = opts.lsof === true ? [] : ["env", "PATH=/nonexistent"];
  const r = spawnSync("ip", ["netns", "exec", ns, ...drop, ...path, process.execPath, (opts.user ?? "root") === "root" ? TSNETSTAT : publicTsnetstat(), "--audit", ...args], { encoding: "utf8", env: ENV });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface AuditDoc {
  schema: string;
  scan: { addresses: string[]; ports: number; open: { address: string; port: number }[]; seconds: number } | null;
  findings: { kind: string; severity: string; proto: string; address: string | null; port: number | null; pids: number[]; message: string }[];
  listeners: { proto: string; local: { address: string; port: number }; service: string | null; scope: string; executable: string | null; user: string | null }[];
  connections: { local: { address: string; port: number }; remote: { address: string; port: number }; state: string; direction: string }[];
}

const doc = (r: Run): AuditDoc => JSON.parse(r.stdout) as AuditDoc;
const findingLines = (d: AuditDoc): string[] => d.findings.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port} [${f.pids.join(",")}]`);

/** Open ports nmap's grepable output (-oG -) lists, as "address port". */
function nmapOpen(ns: string, ...args: string[]): string[] {
  const out = inNs(ns, "nmap", "-sT", "-p-", "-n", "-oG", "-", ...args);
  const open: string[] = [];
  for (const line of out.split("\n")) {
    const m = /^Host: (\S+) .*Ports: (.*)$/.exec(line);
    if (m === null) continue;
    for (const p of (m[2] as string).split(", ")) {
      const [port, state] = p.trim().split("/");
      if (state === "open") open.push(`${m[1]} ${port}`);
    }
  }
  return open;
}

const PYTHON_EXE = realpathSync(PYTHON);
const NO_LSOF = "tsnetstat: audit: lsof view: not available (lsof is not installed (not found in PATH))\n";

describe.skipIf(unavailable())("tsnetstat --audit in private namespaces", () => {
  const actors: Actor[] = [];
  let work = "";
  const actor = (ns: string, python?: string): Actor => {
    const a = new Actor(["ip", "netns", "exec", ns], python);
    actors.push(a);
    return a;
  };
  let shell: Actor;
  let deleted: Actor;
  let dirty: Actor;
  let hiddenProc = "";

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `${tag}-`));
    chmodSync(work, 0o755);
    for (const ns of Object.values(NS)) {
      sh("ip", "netns", "add", ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // the dirty namespace and its peer, joined by a veth pair
    sh("ip", "link", "add", VETH.dirty, "netns", NS.dirty, "type", "veth", "peer", "name", VETH.peer, "netns", NS.peer);
    sh("ip", "-n", NS.dirty, "addr", "add", "10.77.0.1/24", "dev", VETH.dirty);
    sh("ip", "-n", NS.peer, "addr", "add", "10.77.0.2/24", "dev", VETH.peer);
    sh("ip", "-n", NS.dirty, "link", "set", VETH.dirty, "up");
    sh("ip", "-n", NS.peer, "link", "set", VETH.peer, "up");
    // an ephemeral range below 1024 (ip-sysctl.rst: the range must start above the privileged ports)
    inNs(NS.dirty, "sysctl", "-qw", "net.ipv4.ip_unprivileged_port_start=500");
    inNs(NS.dirty, "sysctl", "-qw", "net.ipv4.ip_local_port_range=600 700");

    const clean = actor(NS.clean);
    await clean.send("listen 127.0.0.1 22");

    dirty = actor(NS.dirty);
    for (const c of ["listen 127.0.0.1 47001", "listen 0.0.0.0 3306", "raw", "packet", "listen 10.77.0.1 8080", "listen 10.77.0.1 2000"]) await dirty.send(c);
    const peer = actor(NS.peer);
    for (const c of ["listen 10.77.0.2 5432", "connect 10.77.0.2 900 10.77.0.1 8080", "connect 10.77.0.2 650 10.77.0.1 2000"]) await peer.send(c);
    for (const c of ["accept 10.77.0.1 8080", "accept 10.77.0.1 2000", "close 10.77.0.1 2000", "connect 10.77.0.1 0 10.77.0.2 5432"]) await dirty.send(c);
    await peer.send("accept 10.77.0.2 5432");
    shell = actor(NS.dirty);
    await shell.send("shell 127.0.0.1 21");
    // a copy of python under /tmp, started, then deleted
    const copy = join(work, "svc");
    copyFileSync(PYTHON_EXE, copy);
    chmodSync(copy, 0o755);
    deleted = actor(NS.dirty, copy);
    await deleted.send("listen 127.0.0.1 25");
    unlinkSync(copy);

    const hidden = actor(NS.hidden);
    await hidden.send("listen 127.0.0.1 22");
    await hidden.send("listen 127.0.0.1 47002");
    hiddenProc = hidingProcCopy(join(work, "proc"), NS.hidden, { tcp: [47002] });
  });

  afterAll(() => {
    for (const a of actors) a.stop();
    for (const ns of Object.values(NS)) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("audits a clean namespace clean: status 0, no finding, the default scan finds its one listener", () => {
    const r = audit(NS.clean, ["--json"]);
    expect(r.stderr).toBe(NO_LSOF);
    expect(r.status).toBe(0);
    const d = doc(r);
    expect(d.schema).toBe("tsnetstat-audit/1");
    expect(d.findings).toEqual([]);
    expect(d.scan?.addresses).toEqual(["127.0.0.1", "::1"]);
    expect(d.scan?.ports).toBe(65535);
    expect(d.scan?.open).toEqual([{ address: "127.0.0.1", port: 22 }]);
    expect(d.listeners.map((l) => [l.proto, l.local.address, l.local.port, l.service, l.scope, l.executable, l.user])).toEqual([
      ["tcp", "127.0.0.1", 22, "ssh", "loopback", PYTHON_EXE, "root"],
    ]);
  });

  it("prints the readable report grouped by severity when stdout is not a terminal", () => {
    const r = audit(NS.dirty, ["-4", "-t", "--scan-ports", "25,47001"]);
    expect(r.status).toBe(1);
    const text = r.stdout
      .replace(/^(tsnetstat audit of \S+ at )\S+$/m, "$1TIME")
      .replace(/ in \d+\.\d\d s: /, " in S s: ")
      .replaceAll(String(shell.pid), "SHELL")
      .replaceAll(String(deleted.pid), "DELETED")
      .replaceAll(String(dirty.pid), "DIRTY")
      .replace(/^(tcp +10\.77\.0\.1:)6\d\d /m, "$1EPH ")
      .replaceAll(work, "WORK")
      // column widths follow the pids' lengths: compare the cells, not the padding
      .replace(/ {2,}/g, "  ")
      .replace(/ +$/gm, "");
    expect(text.split("\n")).toEqual(DIRTY_REPORT.replace("HOST", sh("hostname").trim()).replaceAll("PYTHON", PYTHON_EXE).split("\n"));
  });

  it("draws boxes (cli-table3) when stdout is a terminal", () => {
    // script(1) gives the run a terminal; stderr (notes) is left out
    const cmd = `stty cols 120; ip netns exec ${NS.clean} env PATH=/nonexistent ${process.execPath} ${TSNETSTAT} --audit --scan-ports 22 2>/dev/null`;
    const out = spawnSync("script", ["-qc", cmd, "/dev/null"], { encoding: "utf8", env: ENV }).stdout;
    const all = out.replace(/\r\n/g, "\n").split("\n");
    // the listeners' box (the connections left by earlier scans vary from run to run)
    const at = all.indexOf("listeners (1)");
    const lines = all
      .slice(at, at + 6)
      // box widths follow the pid's length: compare with runs of rule and blank collapsed
      .map((l) => l.replace(/─+/g, "─").replace(/ +/g, " ").replace(/\b\d+\/python3/, "PID/python3"));
    expect(lines).toEqual([
      "listeners (1)",
      "┌─┬─┬─┬─┬─┬─┬─┐",
      "│ proto │ local address │ service │ scope │ user │ pid/program │ executable │",
      "├─┼─┼─┼─┼─┼─┼─┤",
      `│ tcp │ 127.0.0.1:22 │ ssh │ loopback │ root │ PID/python3 │ ${PYTHON_EXE} │`,
      "└─┴─┴─┴─┴─┴─┴─┘",
    ]);
  });

  it("reports every scenario of the dirty namespace, each where it should be and nowhere else", () => {
    // with lsof as the third view: it agrees with the table, so no view-mismatch
    const r = audit(NS.dirty, ["--json", "--scan-ports", "1-100,2000,3306,8080,47001"], { lsof: true });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const d = doc(r);
    expect(findingLines(d)).toEqual([
      `high deleted-executable tcp 127.0.0.1 25 [${deleted.pid}]`,
      `high shell-listening tcp 127.0.0.1 21 [${shell.pid}]`,
      `high suspicious-path tcp 127.0.0.1 25 [${deleted.pid}]`,
      `medium raw-socket packet null null [${dirty.pid}]`,
      `medium raw-socket raw 0.0.0.0 1 [${dirty.pid}]`,
      `medium wildcard-bind tcp 0.0.0.0 3306 [${dirty.pid}]`,
      `low unexplained-port tcp 127.0.0.1 47001 [${dirty.pid}]`,
    ]);
    const shellFinding = d.findings.find((f) => f.kind === "shell-listening");
    expect(shellFinding?.message).toMatch(/^pid \d+ runs \/usr\/bin\/bash \(argv\[0\] says "sshd"\), a shell, and is listening on tcp 127\.0\.0\.1:21\. /);
    expect(d.scan?.open).toEqual([
      { address: "127.0.0.1", port: 21 },
      { address: "127.0.0.1", port: 25 },
      { address: "127.0.0.1", port: 3306 },
      { address: "127.0.0.1", port: 47001 },
      { address: "10.77.0.1", port: 3306 },
      { address: "10.77.0.1", port: 8080 },
    ]);
    // the listener bound to the interface address only
    expect(d.listeners.filter((l) => l.scope === "address").map((l) => `${l.local.address}:${l.local.port} ${l.service}`)).toEqual(["10.77.0.1:8080 http-alt"]);
    // directions: the kernel's range here is 600-700, so "above 1024" would get all three wrong
    const established = d.connections.filter((c) => c.state === "ESTABLISHED");
    const outbound = established.find((c) => c.remote.port === 5432);
    const ephemeral = outbound?.local.port ?? -1;
    expect(ephemeral >= 600 && ephemeral <= 700).toBe(true);
    expect(established.map((c) => `${c.local.address}:${c.local.port} ${c.remote.address}:${c.remote.port} ${c.direction}`).sort()).toEqual(
      [
        `10.77.0.1:${ephemeral} 10.77.0.2:5432 outbound`,
        "10.77.0.1:2000 10.77.0.2:650 inbound",
        "10.77.0.1:8080 10.77.0.2:900 inbound",
      ].sort(),
    );
  });

  it("reports a listener missing from a --proc-root copy of /proc/net as hidden-listener, and nothing else", () => {
    const r = audit(NS.hidden, ["--json", "--proc-root", hiddenProc, "--scan-ports", "1-100,47000-47010"]);
    expect(r.status).toBe(1);
    const d = doc(r);
    expect(findingLines(d)).toEqual(["high hidden-listener tcp 127.0.0.1 47002 []"]);
    expect(d.scan?.open).toEqual([
      { address: "127.0.0.1", port: 22 },
      { address: "127.0.0.1", port: 47002 },
    ]);
    // the owners still come through the copy's links to the live /proc
    expect(d.listeners.map((l) => [l.local.port, l.executable])).toEqual([[22, PYTHON_EXE]]);
  });

  it("finds exactly the open ports nmap -sT -p- -n finds on the same addresses", () => {
    const r = audit(NS.dirty, ["--json", "--scan-addresses", "127.0.0.1,10.77.0.1,::1"]);
    const d = doc(r);
    const ours = (d.scan?.open ?? []).map((o) => `${o.address} ${o.port}`).sort();
    const theirs = [...nmapOpen(NS.dirty, "127.0.0.1", "10.77.0.1"), ...nmapOpen(NS.dirty, "-6", "::1")].sort();
    expect(ours).toEqual(theirs);
    expect(ours.length).toBe(6);
  });

  it("round-trips a baseline: only the listener added after saving it is reported", async () => {
    const file = join(work, "baseline.json");
    const saved = audit(NS.clean, ["--json", "--scan-ports", "1-100", "--save-baseline", file]);
    expect(saved.status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(
      `{"schema":"tsnetstat-baseline/1","listeners":[\n` +
        `{"proto":"tcp","family":"inet","scope":"loopback","address":"127.0.0.1","port":22,"executable":${JSON.stringify(PYTHON_EXE)}}\n]}\n`,
    );
    const later = actor(NS.clean);
    await later.send("listen 127.0.0.1 3306");
    try {
      const r = audit(NS.clean, ["--json", "--scan-ports", "1-100,3306", "--baseline", file]);
      expect(r.status).toBe(1);
      expect(findingLines(doc(r))).toEqual([`medium new-listener tcp 127.0.0.1 3306 [${later.pid}]`]);
    } finally {
      later.stop();
    }
  });

  it("runs without root and says what it could not see", () => {
    const r = audit(NS.clean, ["--json", "--scan-ports", "1-100"], { user: "nobody" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      "tsnetstat: audit: not root: the owners and executables of other users' processes could not be read\n" +
        NO_LSOF,
    );
    expect(findingLines(doc(r))).toEqual(["info unknown-owner tcp 127.0.0.1 22 []"]);
  });

  it("reports a listener that does not accept (its queue full, so SYNs are dropped) as unreachable-listener after the timeout", async () => {
    const full = actor(NS.clean);
    try {
      await full.send("listen0 127.0.0.1 2000");
      await full.send("connect 127.0.0.1 0 127.0.0.1 2000");
      const r = audit(NS.clean, ["--json", "-4", "--scan-ports", "2000"]);
      expect(r.status).toBe(1);
      const d = doc(r);
      expect(d.scan?.open).toEqual([]);
      expect(findingLines(d)).toEqual([`low unreachable-listener tcp 127.0.0.1 2000 [${full.pid}]`]);
    } finally {
      full.stop();
    }
  });

  it("exits 2 with one line when the audit cannot run", () => {
    const r = audit(NS.clean, ["--scan-ports", "0-5"]);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, "", "tsnetstat: audit could not run: --scan-ports: '0-5' is not within 1-65535\n"]);
    // it connects to this machine only
    const away = audit(NS.clean, ["--scan-addresses", "127.0.0.1,192.0.2.1", "--scan-ports", "22"]);
    expect([away.status, away.stdout, away.stderr]).toEqual([
      2,
      "",
      "tsnetstat: audit could not run: --scan-addresses: 192.0.2.1 is not an address of this machine (loopback or an interface's)\n",
    ]);
  });

});

/** The report of the dirty namespace for `-4 -t --scan-ports 25,47001` (padding collapsed to two spaces). */
const DIRTY_REPORT = `tsnetstat audit of HOST at TIME
scan: TCP connect to 127.0.0.1, 10.77.0.1, 2 ports each, in S s: 2 open (127.0.0.1:25, 127.0.0.1:47001)
note: lsof view: not available (lsof is not installed (not found in PATH))

findings: 3 high, 1 medium, 1 low, 0 info

HIGH (3)
  deleted-executable  tcp 127.0.0.1:25  pid DELETED
  seen:  pid DELETED runs WORK/svc, which has been deleted, and is listening on tcp 127.0.0.1:25.
  why:  Malware often deletes its own file after starting so that nothing is left on disk to find.
  benign: The program was upgraded by the package manager while it ran and has not been restarted yet.
  shell-listening  tcp 127.0.0.1:21  pid SHELL
  seen:  pid SHELL runs /usr/bin/bash (argv[0] says "sshd"), a shell, and is listening on tcp 127.0.0.1:21.
  why:  A shell or netcat behind a port is a bind shell: whoever connects gets commands run on this host.
  benign: A debugging session or a quick file transfer someone started by hand (nc -l, python -m http.server); an inetd-style service that passes the socket to a shell script.
  suspicious-path  tcp 127.0.0.1:25  pid DELETED
  seen:  pid DELETED runs WORK/svc: it runs from /tmp, a directory anyone may write to; it is listening on tcp 127.0.0.1:25.
  why:  Installed software does not run from temporary or hidden directories; dropped payloads do.
  benign: A program being developed or tested from a scratch directory, or a self-updating tool that unpacks itself into one.

MEDIUM (1)
  wildcard-bind  tcp 0.0.0.0:3306  pid DIRTY
  seen:  tcp 0.0.0.0:3306 (MySQL/MariaDB database) accepts on every address (pid DIRTY).
  why:  This service is normally reached only from the machine itself; bound to every interface it is reachable by anyone who can route to the host.
  benign: It is meant to serve other hosts and a firewall limits who may connect; or the host has no interface facing an untrusted network.

LOW (1)
  unexplained-port  tcp 127.0.0.1:47001  pid DIRTY
  seen:  tcp 127.0.0.1:47001 is listening (pid DIRTY); /etc/services has no name for port 47001.
  why:  Every open port should be explained by a service you know; one nobody can name is how backdoors look.
  benign: A local service on a port of its own choosing (development servers, agents, games); accept it with --save-baseline.

listeners (5)
proto  local address  service  scope  user  pid/program  executable
tcp  127.0.0.1:21  ftp  loopback  root  SHELL/sshd  /usr/bin/bash
tcp  127.0.0.1:25  smtp  loopback  root  DELETED/svc  WORK/svc
tcp  0.0.0.0:3306  mysql  all  root  DIRTY/python3  PYTHON
tcp  10.77.0.1:8080  http-alt  address  root  DIRTY/python3  PYTHON
tcp  127.0.0.1:47001  -  loopback  root  DIRTY/python3  PYTHON

connections (3)
proto  local address  foreign address  state  direction  pid/program
tcp  10.77.0.1:EPH  10.77.0.2:5432  ESTABLISHED  outbound  DIRTY/python3
tcp  10.77.0.1:2000  10.77.0.2:650  ESTABLISHED  inbound  DIRTY/python3
tcp  10.77.0.1:8080  10.77.0.2:900  ESTABLISHED  inbound  DIRTY/python3
`;
