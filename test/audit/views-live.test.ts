// The audit's further network views, live in private namespaces this file makes (tsb-<pid>-a, the
// audited host with 10.89.0.1 on a veth, and tsb-<pid>-b at 10.89.0.2, the "trusted host"): the UDP
// scan (a UDP listener hidden by a --proc-root copy of /proc/net/udp; the same ports as
// nmap -sU -p-) and --scan-input (nmap -oX and -oG files give the findings the local scan gives;
// a file of another host is refused). Every probe stays inside these namespaces.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootRequired, skipRootTests } from "../support/root.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const HOLDER = join(import.meta.dirname, "views_holder.py");
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };

function unavailable(): boolean {
  if (skipRootTests("audit network-view live tests")) return true;
  if (spawnSync("sh", ["-c", "command -v nmap"]).status !== 0) {
    if (rootRequired) throw new Error("audit network-view live tests: 'nmap' is not installed");
    console.warn("skipping audit network-view live tests: 'nmap' is not installed");
    return true;
  }
  return false;
}

const tag = `tsb-${process.pid}`;
const NS = { host: `${tag}-a`, peer: `${tag}-b` };
const VETH = { host: `tsb${process.pid}a`, peer: `tsb${process.pid}b` };
const HOST_ADDRESS = "10.89.0.1";
const PEER_ADDRESS = "10.89.0.2";

const sh = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: "utf8", env: ENV, stdio: ["ignore", "pipe", "pipe"] });
const inNs = (ns: string, ...argv: string[]): string => sh("ip", "netns", "exec", ns, ...argv);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tsnetstat --audit ARGS` inside the audited namespace, with no lsof on PATH (the third view is not the point here). */
function audit(args: readonly string[]): Run {
  const r = spawnSync("ip", ["netns", "exec", NS.host, "env", "PATH=/nonexistent", process.execPath, TSNETSTAT, "--audit", "--json", ...args], { encoding: "utf8", env: ENV });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface AuditDoc {
  scan: { addresses: string[]; open: { address: string; port: number }[] } | null;
  views: { name: string; origin: string; proto: string; addresses: string[]; ports: number | null; open: { address: string; port: number }[] }[];
  findings: { kind: string; severity: string; proto: string; address: string | null; port: number | null; pids: number[]; message: string }[];
}

const doc = (r: Run): AuditDoc => JSON.parse(r.stdout) as AuditDoc;
const findingLines = (d: AuditDoc): string[] => d.findings.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port} [${f.pids.join(",")}]`);

/** nmap's open (and, for UDP, open|filtered) ports in grepable output, as "address port". */
function nmapFound(grepable: string): string[] {
  const found: string[] = [];
  for (const line of grepable.split("\n")) {
    const m = /^Host: (\S+) .*Ports: (.*?)(\tIgnored.*)?$/.exec(line);
    if (m === null) continue;
    for (const p of (m[2] as string).split(", ")) {
      const [port, state] = p.trim().split("/");
      if (state === "open" || state === "open|filtered") found.push(`${m[1]} ${port}`);
    }
  }
  return found;
}

class Holder {
  private readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  constructor(ns: string, specs: readonly string[]) {
    this.child = spawn("ip", ["netns", "exec", ns, "/usr/bin/python3", HOLDER, ...specs], { env: ENV, stdio: "pipe" });
    this.ready = new Promise((res, rej) => {
      this.child.stdout.once("data", () => res());
      this.child.once("exit", (code) => rej(new Error(`holder exited (${code})`)));
    });
  }
  stop(): void {
    this.child.stdin.end();
    this.child.kill("SIGKILL");
  }
}

/** A --proc-root tree: the live /proc, except /proc/net/{tcp,udp} copies without the given lines (a rootkit's hook). */
function hidingCopy(dir: string, ns: string, hide: { tcp: number; udp: number }): string {
  mkdirSync(join(dir, "net"), { recursive: true });
  for (const name of readdirSync("/proc")) if (name !== "net") symlinkSync(`/proc/${name}`, join(dir, name));
  for (const name of inNs(ns, "ls", "/proc/net").split("\n").filter((n) => n !== "")) {
    if (name !== "tcp" && name !== "udp") symlinkSync(`/proc/net/${name}`, join(dir, "net", name));
  }
  for (const table of ["tcp", "udp"] as const) {
    const hex = `:${hide[table].toString(16).toUpperCase().padStart(4, "0")}`;
    const lines = inNs(ns, "cat", `/proc/net/${table}`).split("\n");
    const kept = lines.filter((l, i) => i === 0 || !(l.trim().split(/\s+/)[1] ?? "").endsWith(hex));
    if (kept.length !== lines.length - 1) throw new Error(`hiding copy: expected one ${table} line for port ${hide[table]}`);
    writeFileSync(join(dir, "net", table), kept.join("\n"));
  }
  return dir;
}

describe.skipIf(unavailable())("the audit's UDP scan and --scan-input, in private namespaces", () => {
  let work = "";
  let hiding = "";
  const holders: Holder[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `${tag}-`));
    chmodSync(work, 0o755);
    for (const ns of Object.values(NS)) {
      spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
      sh("ip", "netns", "add", ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    sh("ip", "link", "add", VETH.host, "netns", NS.host, "type", "veth", "peer", "name", VETH.peer, "netns", NS.peer);
    sh("ip", "-n", NS.host, "addr", "add", `${HOST_ADDRESS}/24`, "dev", VETH.host);
    sh("ip", "-n", NS.peer, "addr", "add", `${PEER_ADDRESS}/24`, "dev", VETH.peer);
    sh("ip", "-n", NS.host, "link", "set", VETH.host, "up");
    sh("ip", "-n", NS.peer, "link", "set", VETH.peer, "up");
    // named ports for what the table shows (no unexplained-port), unnamed for what the copy hides
    const holder = new Holder(NS.host, ["tcp:127.0.0.1:22", "tcp:0.0.0.0:80", "tcp:127.0.0.1:47002", "udp:127.0.0.1:53", "udp:::1:123", "udp:127.0.0.1:47202"]);
    holders.push(holder);
    await holder.ready;
    hiding = hidingCopy(join(work, "proc"), NS.host, { tcp: 47002, udp: 47202 });
  }, 60_000);

  afterAll(() => {
    for (const h of holders) h.stop();
    for (const ns of Object.values(NS)) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("reports a UDP listener missing from a --proc-root copy of /proc/net/udp as hidden-listener (udp), and nothing else", () => {
    const r = audit(["-u", "--proc-root", hiding, "--scan-addresses", "127.0.0.1,::1", "--scan-ports", "1-200,47000-47300"]);
    expect(r.stderr).toBe(
      "tsnetstat: audit: no TCP connect scan: TCP was not selected\ntsnetstat: audit: lsof view: not used with --proc-root (lsof sees the live system, not the copy)\n",
    );
    expect(r.status).toBe(1);
    const d = doc(r);
    expect(findingLines(d)).toEqual(["high hidden-listener udp 127.0.0.1 47202 []"]);
    expect(d.findings[0]?.message).toBe(
      "127.0.0.1:47202 takes UDP datagrams without answering \"port unreachable\", but no bound UDP socket in the table covers it. Seen by the local UDP scan. " +
        "Why it matters: A port that answers but that the system's own table does not list is what a rootkit hiding its listener looks like. " +
        "Benign explanations: A socket in another network namespace reached through NAT, a firewall rule that drops (not rejects) the probes, or a socket opened and closed again between the reads and the probes.",
    );
    expect(d.views.map((v) => [v.name, v.proto, v.addresses, v.ports, v.open])).toEqual([
      [
        "the local UDP scan",
        "udp",
        ["127.0.0.1", "::1"],
        501,
        [
          { address: "127.0.0.1", port: 53 },
          { address: "127.0.0.1", port: 47202 },
          { address: "::1", port: 123 },
        ],
      ],
    ]);
  });

  it("without the copy, the same audit is clean: the UDP scan's ports are the table's", () => {
    const r = audit(["-u", "--scan-addresses", "127.0.0.1,::1", "--scan-ports", "1-200,47000-47300"]);
    expect(r.status).toBe(1);
    expect(doc(r).findings.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port}`)).toEqual(["low unexplained-port udp 127.0.0.1 47202"]);
  });

  it("finds the UDP ports nmap -sU -p- finds on the same addresses", () => {
    const r = audit(["-u", "--scan-addresses", "127.0.0.1,::1"]);
    const ours = (doc(r).views[0]?.open ?? []).map((o) => `${o.address} ${o.port}`).sort();
    const theirs = [
      ...nmapFound(inNs(NS.host, "nmap", "-n", "-sU", "-p-", "-T4", "-oG", "-", "127.0.0.1")),
      ...nmapFound(inNs(NS.host, "nmap", "-n", "-6", "-sU", "-p-", "-T4", "-oG", "-", "::1")),
    ].sort();
    expect(ours).toEqual(["127.0.0.1 47202", "127.0.0.1 53", "::1 123"]);
    expect(ours).toEqual(theirs);
  }, 60_000);

  it("nmap -sT -p- files (-oX and -oG) of the namespace's address give the findings the local scan gives", () => {
    const files = { xml: join(work, "lo.xml"), grepable: join(work, "lo.gnmap") };
    inNs(NS.host, "nmap", "-n", "-sT", "-p-", "-oX", files.xml, "-oG", files.grepable, "127.0.0.1");
    const args = ["-t", "--proc-root", hiding];
    const local = doc(audit([...args, "--scan-addresses", "127.0.0.1"]));
    expect(findingLines(local)).toEqual(["high hidden-listener tcp 127.0.0.1 47002 []"]);
    for (const file of [files.xml, files.grepable]) {
      const r = audit([...args, "--scan-input", file]);
      expect(r.status).toBe(1);
      const d = doc(r);
      expect(d.scan).toBeNull();
      expect(findingLines(d)).toEqual(findingLines(local));
      expect(d.findings[0]?.message.split(" Why it matters:")[0]).toBe(
        "127.0.0.1:47002 accepts TCP connections, but no listening socket in the table covers it. " + `Seen by nmap's TCP connect scan in ${file}.`,
      );
      expect(d.views.map((v) => [v.name, v.origin, v.addresses, v.ports, v.open.map((o) => o.port)])).toEqual([
        [`nmap's TCP connect scan in ${file}`, "file", ["127.0.0.1"], 65535, [22, 80, 47002]],
      ]);
      // beside the local scan: the same findings, the message naming both views
      const both = doc(audit([...args, "--scan-input", file, "--local-scan", "--scan-addresses", "127.0.0.1"]));
      expect(findingLines(both)).toEqual(findingLines(local));
      expect(both.findings[0]?.message.split(" Why it matters:")[0]).toBe(
        "127.0.0.1:47002 accepts TCP connections (re-probed after re-reading the table), but no listening socket in the table covers it. " +
          `Seen by the local TCP connect scan and nmap's TCP connect scan in ${file}.`,
      );
    }
  }, 60_000);

  it("a scan made from the trusted host at the veth address gives the local scan's findings there", () => {
    const file = join(work, "from-peer.xml");
    inNs(NS.peer, "nmap", "-n", "-sT", "-p-", "-oX", file, HOST_ADDRESS);
    const args = ["-4", "-t", "--proc-root", hiding];
    const local = doc(audit([...args, "--scan-addresses", HOST_ADDRESS]));
    const remote = doc(audit([...args, "--scan-input", file]));
    expect(findingLines(remote)).toEqual(findingLines(local));
    expect(remote.views[0]?.open).toEqual([{ address: HOST_ADDRESS, port: 80 }]);
  }, 60_000);

  it("refuses a scan file of another host with one line, status 2", () => {
    const file = join(work, "peer.gnmap");
    inNs(NS.host, "nmap", "-n", "-sT", "-p", "1-100", "-oG", file, PEER_ADDRESS);
    const r = audit(["--scan-input", file]);
    expect(r).toEqual({ status: 2, stdout: "", stderr: `tsnetstat: audit could not run: --scan-input ${file}: a scan of ${PEER_ADDRESS}, which is not an address of this host\n` });
  });
});
