// Names against the real netstat, in private network namespaces whose /etc/resolv.conf (mounted by
// `ip netns exec` from /etc/netns/NS/) points at a DNS server inside the namespace: the host's own
// resolver is never asked. test/live/names_scenario.py holds the sockets and runs that server.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";

const TSNETSTAT = resolve(import.meta.dirname, "../../bin/tsnetstat");
const SCENARIO = join(import.meta.dirname, "names_scenario.py");
const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", LANG: "C" };
const HOSTS = "127.0.0.1\tlocalhost\n127.0.0.3\ta-really-long-hostname.example.test\n::1\tip6-localhost ip6-loopback\n";

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly ms: number;
}

/** A namespace with its own /etc/netns files and a running names_scenario.py. */
class NamesLab {
  readonly etc: string;
  readonly dir = mkdtempSync(join(tmpdir(), "tsn-names-"));
  private child: ChildProcessWithoutNullStreams | null = null;

  constructor(readonly ns: string) {
    this.etc = `/etc/netns/${ns}`;
  }

  async start(args: string[], addresses: string[]): Promise<void> {
    this.stop();
    spawnSync("ip", ["netns", "add", this.ns], { env: ENV });
    spawnSync("ip", ["-n", this.ns, "link", "set", "lo", "up"], { env: ENV });
    for (const a of addresses) spawnSync("ip", ["-n", this.ns, "addr", "add", a, "dev", "lo", "nodad"], { env: ENV });
    mkdirSync(this.etc, { recursive: true });
    this.resolvConf("nameserver 127.0.0.53\n");
    writeFileSync(`${this.etc}/hosts`, HOSTS);
    const child = spawn("ip", ["netns", "exec", this.ns, "python3", SCENARIO, args[0] ?? "", this.dir, ...args.slice(1)], { env: ENV });
    this.child = child;
    let out = "";
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`scenario did not start: ${out}`)), 30_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("READY\n")) {
          clearTimeout(timer);
          ok();
        }
      });
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("exit", () => fail(new Error(`scenario exited: ${out}`)));
    });
  }

  resolvConf(text: string): void {
    writeFileSync(`${this.etc}/resolv.conf`, text);
  }

  run(command: string, args: string[], timeoutMs = 30_000): Run {
    const t0 = performance.now();
    const r = spawnSync("ip", ["netns", "exec", this.ns, command, ...args], { env: ENV, encoding: "latin1", timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: performance.now() - t0 };
  }

  stop(): void {
    if (this.child !== null) {
      this.child.stdin.end();
      this.child.kill("SIGKILL");
      this.child = null;
    }
    spawnSync("ip", ["netns", "del", this.ns], { env: ENV, stdio: "ignore" });
    rmSync(this.etc, { recursive: true, force: true });
  }

  dispose(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The tests run the bundle: build it, and stop here with npm's output when that fails. */
function buildOrFail(): void {
  const b = spawnSync("npm", ["run", "build"], { cwd: resolve(import.meta.dirname, "../.."), encoding: "utf8" });
  if (b.status !== 0) throw new Error(`npm run build failed (status ${b.status}):\n${b.stdout}${b.stderr}`);
}

describe.skipIf(skipRootTests("names (live)"))("names through a DNS server in the namespace", () => {
  const lab = new NamesLab(`tsn-names-${process.pid}`);
  beforeAll(async () => {
    buildOrFail();
    await lab.start(["names"], ["fd00::1/128", "fd00::2/128", "fd00::3/128", "fd00::4/128"]);
  });
  afterAll(() => lab.dispose());

  for (const flags of ["-ta", "-tua", "-tuap", "-tuaW", "-xa", "-tuae", "-tuaeW", "-tua --numeric-hosts", "-tua --numeric-ports", "-tuae --numeric-users"]) {
    it(`tsnetstat ${flags} prints what netstat prints`, () => {
      const args = flags.split(" ");
      const want = lab.run("netstat", args);
      const got = lab.run(TSNETSTAT, args);
      expect(want.stdout).not.toBe("");
      expect(got.stdout).toBe(want.stdout);
      expect(got.stderr).toBe(want.stderr);
      expect(got.status).toBe(want.status);
    });
  }

  it("shows the names the DNS server gives, and numbers where it gives none", () => {
    const out = lab.run(TSNETSTAT, ["-tuaW"]).stdout;
    expect(out).toContain("alpha.test:41001");
    expect(out).toContain("classless.test:41005"); // through a CNAME
    expect(out).toContain("127.10.0.4:41004"); // "bad name.test" is no host name
    expect(out).toContain("127.10.0.6:41006"); // SERVFAIL
    expect(out).toContain("six.test:"); // IPv6 PTR
    expect(out).toContain("loopback-from-dns.test:https"); // ::ffff:127.0.0.1 goes to DNS, not /etc/hosts
    expect(out).toContain("localhost:ssh");
  });
});

// DNS over TCP (glibc res_send.c: send_vc after a truncated send_dg answer, or with use-vc). Each
// resolv.conf is run by netstat and by tsnetstat, and the tables must be the same bytes.
describe.skipIf(skipRootTests("names over TCP (live)"))("names over TCP: truncated answers, use-vc", () => {
  const lab = new NamesLab(`tsn-tcp-${process.pid}`);
  beforeAll(async () => {
    buildOrFail();
    await lab.start(["tcp"], ["fd00::10/128"]);
  });
  afterAll(() => lab.dispose());

  /** netstat and tsnetstat with this resolv.conf: the same output, which tsnetstat returns. */
  const same = (resolv: string, flags = ["-ta"]): string => {
    lab.resolvConf(resolv);
    const want = lab.run("netstat", flags);
    const got = lab.run(TSNETSTAT, flags);
    expect(want.stdout).not.toBe("");
    expect(got.stdout).toBe(want.stdout);
    expect(got.stderr).toBe(want.stderr);
    expect(got.status).toBe(want.status);
    expect(got.ms).toBeLessThan(3000);
    return got.stdout;
  };

  it("a truncated answer is asked again over TCP: the names netstat shows, not the records of the truncated answer", () => {
    for (const flags of [["-ta"], ["-taW"], ["-tae"]]) {
      const out = same("nameserver 127.0.0.53\n", flags);
      expect(out).toContain("over-tcp.test:41010");
      expect(out).toContain("whole-tcp.test:41011");
      expect(out).not.toContain("partial-udp.test");
      expect(out).toContain("plain-udp.test:41012");
      expect(out).toContain("six-over-tcp.test:");
    }
  });

  it("a server that truncates over UDP and refuses TCP: numbers, as netstat", () => {
    const out = same("nameserver 127.0.0.55\n");
    expect(out).toContain("127.10.0.10:41010");
    expect(out).toContain("127.10.0.12:41012");
  });

  it("after a refused TCP connection the next server is asked over TCP (res_send keeps v_circuit)", () => {
    const out = same("nameserver 127.0.0.55\nnameserver 127.0.0.53\n");
    // 127.10.0.12 too: its plain answer came over TCP, from the second server
    expect(out).toContain("over-tcp.test:41010");
    expect(out).toContain("plain-udp.test:41012");
  });

  it("options use-vc: every query over TCP (127.0.0.56 refuses over UDP)", () => {
    const out = same("options use-vc\nnameserver 127.0.0.56\n");
    expect(out).toContain("over-tcp.test:41010");
    expect(out).toContain("plain-udp.test:41012");
    expect(same("nameserver 127.0.0.56\n")).toContain("127.10.0.12:41012");
  });
});

describe.skipIf(skipRootTests("names (live, dead resolver)"))("names with a resolver that never answers", () => {
  const COUNT = 200;
  const lab = new NamesLab(`tsn-dead-${process.pid}`);
  beforeAll(async () => {
    buildOrFail();
    await lab.start(["dead", String(COUNT)], []);
  });
  afterAll(() => lab.dispose());

  it(`tsnetstat -ta with ${COUNT} unknown peers finishes within 3 s and prints them numerically`, () => {
    lab.resolvConf("nameserver 127.0.0.53\n");
    const numeric = lab.run(TSNETSTAT, ["-tan"]);
    const got = lab.run(TSNETSTAT, ["-ta"]);
    expect(got.status).toBe(0);
    expect(got.ms).toBeLessThan(3000);
    const peers = new Set(got.stdout.match(/127\.20\.\d+\.\d+/g) ?? []);
    expect(peers.size).toBe(COUNT);
    // what netstat prints once every lookup has failed: a server that refuses fails at once
    lab.resolvConf("nameserver 127.0.0.54\n");
    const reference = lab.run("netstat", ["-ta"]);
    expect(got.stdout).toBe(reference.stdout);

    lab.resolvConf("nameserver 127.0.0.53\n");
    const limit = 15_000;
    const netstat = lab.run("netstat", ["-ta"], limit);
    const netstatText = netstat.status === null ? `still running after ${(netstat.ms / 1000).toFixed(1)} s (killed)` : `${(netstat.ms / 1000).toFixed(1)} s`;
    console.log(
      `dead resolver, ${COUNT} peers: tsnetstat -ta ${(got.ms / 1000).toFixed(2)} s (-tan ${(numeric.ms / 1000).toFixed(2)} s); netstat -ta ${netstatText}`,
    );
    expect(netstat.ms).toBeGreaterThan(got.ms * 3);
  }, 60_000);
});
