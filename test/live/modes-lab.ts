// The lab of the -r -i -s -g golden tests: one private network namespace (tsm-<pid>) with veth
// pairs and addresses, static, blackhole, unreachable and IPv6 routes, multicast joins, names
// for them in /etc/netns/<ns>/, and some traffic between the namespace's own addresses. Commands
// run in it through `ip netns exec` (which also shows them the namespace's /sys and /etc files).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "./compare.js";
import { NOBODY_UID, TSNETSTAT } from "./lab.js";
import type { User } from "./lab.js";
import { publicTsnetstat } from "../support/bundle.js";
import { ip, removeStaleNetns, SYSTEM_ENV } from "../support/netns.js";

const ENV = SYSTEM_ENV;
const PREFIX = "tsm-";

/** The lab's names: /etc/networks for -r, /etc/hosts for gateways, host routes and groups. */
const NETWORKS = "default\t\t0.0.0.0\nlabnet\t\t10.9.0.0\nfar-away\t192.168.50\nloopback\t127.0.0.0\n";
const HOSTS =
  "127.0.0.1\tlocalhost\n10.9.0.2\tpeer-b\n10.77.1.1\ta-host-route-with-a-long-name\n2001:db8:9::99\trouter6\n" +
  "224.0.0.1\tall-systems.mcast.net\n239.1.2.3\tlab-group\nff02::1\tip6-allnodes\nff15::1234\tlab-group6\n";

/** Traffic between the namespace's own addresses: TCP (accepted, refused), UDP (answered, to a closed port), over IPv4 and IPv6. */
const TRAFFIC = String.raw`
import socket
for fam, a, b in ((socket.AF_INET, "10.9.0.1", "10.9.0.2"), (socket.AF_INET6, "2001:db8:9::1", "2001:db8:9::2")):
    srv = socket.socket(fam, socket.SOCK_STREAM); srv.bind((a, 7000)); srv.listen(4)
    for i in range(3):
        c = socket.socket(fam, socket.SOCK_STREAM); c.bind((b, 0)); c.connect((a, 7000))
        s, _ = srv.accept(); c.sendall(b"x" * 3000); s.recv(10000); s.sendall(b"y" * 100); c.recv(1000)
        s.close(); c.close()
    srv.close()
    r = socket.socket(fam, socket.SOCK_STREAM)
    try: r.connect((a, 7001))
    except OSError: pass
    r.close()
    u = socket.socket(fam, socket.SOCK_DGRAM); u.bind((a, 7002))
    v = socket.socket(fam, socket.SOCK_DGRAM); v.bind((b, 0))
    for i in range(4): v.sendto(b"hello", (a, 7002)); u.recv(100)
    for i in range(2): v.sendto(b"nobody", (a, 7003))
    u.close(); v.close()
`;

/** Namespaces of this suite left behind by runs that were killed before their teardown (and their /etc/netns files). */
export const removeStaleModeNamespaces = (): void => removeStaleNetns(/^tsm-(\d+)$/, (name) => rmSync(`/etc/netns/${name}`, { recursive: true, force: true }));

export class ModesLab {
  readonly ns = `${PREFIX}${process.pid}`;
  private created = false;

  private get etcDir(): string {
    return `/etc/netns/${this.ns}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.etcDir, { recursive: true });
    writeFileSync(join(this.etcDir, "networks"), NETWORKS);
    writeFileSync(join(this.etcDir, "hosts"), HOSTS);
    this.hostsVia("files");
    // no route leads there from the lab: a lookup that reaches DNS fails at connect()
    writeFileSync(join(this.etcDir, "resolv.conf"), "nameserver 2001:db8:dead::53\n");
    ip("netns", "add", this.ns);
    this.created = true;
    const n = (...args: string[]): void => ip("-n", this.ns, ...args);
    // no router solicitations or DAD probes: the counters must stand still once the lab is built
    this.sysctl("net/ipv6/conf/all/router_solicitations", "net/ipv6/conf/default/router_solicitations", "net/ipv6/conf/all/accept_dad", "net/ipv6/conf/default/accept_dad");
    n("link", "set", "lo", "up");
    n("link", "add", "va", "type", "veth", "peer", "name", "vb");
    n("link", "add", "vc", "type", "veth", "peer", "name", "vd"); // stays down: only -a shows it
    n("link", "add", "veth-long-name1", "type", "veth", "peer", "name", "vl2");
    n("link", "set", "va", "mtu", "1400");
    n("addr", "add", "10.9.0.1/24", "brd", "+", "dev", "va");
    n("addr", "add", "10.9.0.2/24", "brd", "+", "dev", "vb");
    n("addr", "add", "10.9.2.1/24", "brd", "+", "dev", "veth-long-name1");
    // address labels: netstat -i lists them as interfaces of their own
    n("addr", "add", "10.9.0.5/24", "brd", "+", "dev", "va", "label", "va:1");
    n("addr", "add", "10.9.7.5/24", "brd", "+", "dev", "va", "label", "va:7");
    n("addr", "add", "2001:db8:9::1/64", "dev", "va", "nodad");
    n("addr", "add", "2001:db8:9::2/64", "dev", "vb", "nodad");
    for (const dev of ["va", "vb", "veth-long-name1", "vl2"]) n("link", "set", dev, "up");
    n("route", "add", "default", "via", "10.9.0.2", "dev", "va");
    n("route", "add", "192.168.50.0/24", "via", "10.9.0.2", "dev", "va");
    n("route", "add", "10.55.0.0/16", "via", "10.9.0.2", "metric", "50", "advmss", "1360", "window", "8000", "rtt", "30ms");
    n("route", "add", "10.77.1.1", "dev", "vb");
    n("route", "add", "blackhole", "10.66.0.0/16");
    n("route", "add", "unreachable", "10.88.0.0/16");
    n("route", "add", "prohibit", "10.89.0.0/16");
    n("-6", "route", "add", "2001:db8:77::/48", "via", "2001:db8:9::99", "dev", "va");
    n("-6", "route", "add", "blackhole", "2001:db8:66::/48");
    // multicast memberships without a process holding them
    n("addr", "add", "239.1.2.3/32", "dev", "va", "autojoin");
    n("-6", "addr", "add", "ff15::1234/128", "dev", "va", "autojoin", "nodad");
    const t = spawnSync("ip", ["netns", "exec", this.ns, "python3", "-c", TRAFFIC], { encoding: "utf8", env: ENV, timeout: 20_000 });
    if (t.status !== 0) throw new Error(`traffic in ${this.ns} failed: ${t.stderr}`);
    await this.quiesce();
  }

  /** The hosts line of the lab's nsswitch.conf ("files", or "files dns" to reach its unreachable resolver). */
  hostsVia(sources: string): void {
    writeFileSync(join(this.etcDir, "nsswitch.conf"), `passwd: files\ngroup: files\nhosts: ${sources}\nnetworks: files\n`);
  }

  /** Set these /proc/sys entries of the namespace to 0. */
  private sysctl(...keys: string[]): void {
    const script = keys.map((k) => `echo 0 > /proc/sys/${k}`).join(" && ");
    execFileSync("ip", ["netns", "exec", this.ns, "sh", "-c", script], { stdio: ["ignore", "ignore", "pipe"], env: ENV });
  }

  /** The namespace's counters, to see them stand still. */
  private counters(): string {
    const r = spawnSync("ip", ["netns", "exec", this.ns, "cat", "/proc/net/snmp", "/proc/net/snmp6", "/proc/net/netstat", "/proc/net/dev"], {
      encoding: "utf8",
      env: ENV,
    });
    return r.stdout;
  }

  /** Wait until the kernel's own messages (IGMP and MLD reports after the joins) are over: counters unchanged for 1.5 s. */
  async quiesce(limitMs = 15_000): Promise<void> {
    const end = Date.now() + limitMs;
    let last = this.counters();
    let stableSince = Date.now();
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      const now = this.counters();
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      } else if (Date.now() - stableSince >= 1500) {
        return;
      }
    }
  }

  run(user: User, argv: readonly string[]): RunResult {
    const drop = user === "root" ? [] : ["setpriv", `--reuid=${NOBODY_UID}`, `--regid=${NOBODY_UID}`, "--clear-groups", "--"];
    const r = spawnSync("ip", ["netns", "exec", this.ns, ...drop, ...argv], { encoding: "utf8", env: ENV, cwd: "/", timeout: 20_000 });
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  }

  tsnetstat(user: User, args: readonly string[]): RunResult {
    // nobody runs a world-readable copy: the clone may sit where nobody cannot reach it (/root)
    return this.run(user, [process.execPath, user === "root" ? TSNETSTAT : publicTsnetstat(), ...args]);
  }

  netstat(user: User, args: readonly string[]): RunResult {
    return this.run(user, ["netstat", ...args]);
  }

  /** A copy of the namespace's /proc/net files (for --proc-root), made with cat inside it. */
  copyProcNet(dir: string, files: readonly string[]): void {
    mkdirSync(join(dir, "net"), { recursive: true });
    for (const f of files) {
      const r = spawnSync("ip", ["netns", "exec", this.ns, "cat", `/proc/net/${f}`], { env: ENV });
      if (r.status === 0) writeFileSync(join(dir, "net", f), r.stdout);
    }
  }

  stop(): string[] {
    const problems: string[] = [];
    if (this.created) {
      const r = spawnSync("ip", ["netns", "del", this.ns], { encoding: "utf8", env: ENV });
      if (r.status !== 0) problems.push(`ip netns del ${this.ns}: ${r.stderr}`);
    }
    try {
      rmSync(this.etcDir, { recursive: true, force: true });
    } catch (e) {
      problems.push(`rm ${this.etcDir}: ${String(e)}`);
    }
    return problems;
  }
}
