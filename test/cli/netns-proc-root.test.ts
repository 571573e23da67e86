// --netns on a synthetic /proc tree (--proc-root), run in-process through cli/main.ts: the
// namespaces of containers this machine cannot run (Docker with either cgroup driver, Podman,
// Kubernetes with containerd and with the cgroupfs driver, a systemd unit with PrivateNetwork=, a
// plain `unshare -n`), each process's ns/net link and cgroup file as the kernel shows them. No root.

import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ensureBuilt, tsnetstat } from "../support/cli.js";
import type { Run } from "../support/cli.js";

const ID = {
  docker: "3f4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4f3e2d1c0",
  dockerFs: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  podman: "aa11bb22cc33dd44ee55ff6600778899aabbccddeeff00112233445566778899",
  pause: "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f",
  app: "9999999999999999999999999999999999999999999999999999999999999999",
  coredns: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
};
const POD = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const POD2 = "11111111-2222-3333-4444-555555555555";

const TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";
const V6_HEADER = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";

const tcp = (local: string, remote: string, st: string, inode: number): string =>
  `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;
const udp = (local: string, inode: number): string =>
  `  1: ${local} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${inode} 2 0000000000000000 0`;
const unix = (inode: number, path: string): string => `0000000000000000: 00000002 00000000 00010000 0001 01 ${inode} ${path}`;

interface Space {
  inode: number;
  tcp?: string[];
  udp?: string[];
  unix?: string[];
}

interface Proc {
  pid: number;
  space: Space;
  comm: string;
  cmdline: string;
  cgroup: string;
  fds: Record<number, number>;
}

const ROOT: Space = { inode: 4026531840, tcp: [tcp("00000000:0016", "00000000:0000", "0A", 1001)], unix: [unix(1002, "/run/systemd/private")] };
const DOCKER: Space = { inode: 4026532301, tcp: [tcp("00000000:0050", "00000000:0000", "0A", 2001)], unix: [unix(2002, "/var/run/nginx.sock")] };
const PODMAN: Space = { inode: 4026532302, tcp: [tcp("0100007F:18EB", "00000000:0000", "0A", 3001)] };
const K8S: Space = { inode: 4026532303, tcp: [tcp("00000000:1F90", "00000000:0000", "0A", 4001)] };
const UNIT: Space = { inode: 4026532304, tcp: [tcp("0100007F:2328", "00000000:0000", "0A", 5001)] };
const DOCKER_FS: Space = { inode: 4026532305, udp: [udp("00000000:14E9", 6001)] };
const PLAIN: Space = {
  inode: 4026532306,
  tcp: [
    tcp("0100007F:1388", "00000000:0000", "0A", 7000),
    tcp("0100007F:1388", "0100007F:9C40", "01", 7001),
    tcp("0100007F:9C40", "0100007F:1388", "01", 7002),
  ],
};
const K8S_FS: Space = { inode: 4026532307, udp: [udp("00000000:0035", 8001)] };

const PROCS: Proc[] = [
  { pid: 1, space: ROOT, comm: "systemd", cmdline: "/sbin/init\0", cgroup: "0::/init.scope\n", fds: { 3: 1001, 4: 1002 } },
  {
    pid: 700,
    space: DOCKER,
    comm: "nginx",
    cmdline: "nginx\0-g\0daemon off;\0",
    // cgroup v1 with the systemd driver
    cgroup: `12:pids:/system.slice/docker-${ID.docker}.scope\n4:memory:/system.slice/docker-${ID.docker}.scope\n1:name=systemd:/system.slice/docker-${ID.docker}.scope\n0::/\n`,
    fds: { 6: 2001, 7: 2002 },
  },
  { pid: 701, space: DOCKER, comm: "nginx", cmdline: "nginx: worker process\0", cgroup: `0::/system.slice/docker-${ID.docker}.scope\n`, fds: { 6: 2001 } },
  { pid: 800, space: PODMAN, comm: "redis-server", cmdline: "redis-server *:6379\0", cgroup: `0::/machine.slice/libpod-${ID.podman}.scope/container\n`, fds: { 6: 3001 } },
  {
    pid: 900,
    space: K8S,
    comm: "pause",
    cmdline: "/pause\0",
    cgroup: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD.replaceAll("-", "_")}.slice/cri-containerd-${ID.pause}.scope\n`,
    fds: {},
  },
  {
    pid: 901,
    space: K8S,
    comm: "app",
    cmdline: "/app\0--port=8080\0",
    cgroup: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD.replaceAll("-", "_")}.slice/cri-containerd-${ID.app}.scope\n`,
    fds: { 3: 4001 },
  },
  { pid: 1000, space: UNIT, comm: "python3", cmdline: "/usr/bin/python3\0/srv/demo.py\0", cgroup: "0::/system.slice/tsn-demo.service\n", fds: { 3: 5001 } },
  { pid: 1100, space: DOCKER_FS, comm: "avahi-daemon", cmdline: "avahi-daemon: running\0", cgroup: `4:memory:/docker/${ID.dockerFs}\n1:name=systemd:/docker/${ID.dockerFs}\n`, fds: { 5: 6001 } },
  { pid: 1200, space: PLAIN, comm: "socat", cmdline: "socat\0TCP-LISTEN:5000\0-\0", cgroup: "0::/user.slice/user-0.slice/session-1.scope\n", fds: { 3: 7000, 4: 7001, 5: 7002 } },
  { pid: 1300, space: K8S_FS, comm: "coredns", cmdline: "/coredns\0", cgroup: `11:pids:/kubepods/burstable/pod${POD2}/${ID.coredns}\n`, fds: { 7: 8001 } },
];

let tmp = "";
let proc = "";

function writeTree(): void {
  for (const p of PROCS) {
    const dir = join(proc, String(p.pid));
    mkdirSync(join(dir, "fd"), { recursive: true });
    mkdirSync(join(dir, "ns"));
    mkdirSync(join(dir, "net"));
    symlinkSync(`net:[${p.space.inode}]`, join(dir, "ns", "net"));
    writeFileSync(join(dir, "comm"), `${p.comm}\n`);
    writeFileSync(join(dir, "cmdline"), Buffer.from(p.cmdline, "latin1"));
    writeFileSync(join(dir, "cgroup"), p.cgroup);
    for (const [fd, inode] of Object.entries(p.fds)) symlinkSync(`socket:[${inode}]`, join(dir, "fd", fd));
    const table = (header: string, rows: string[] | undefined): string => `${[header, ...(rows ?? [])].join("\n")}\n`;
    writeFileSync(join(dir, "net", "tcp"), table(TCP_HEADER, p.space.tcp));
    writeFileSync(join(dir, "net", "tcp6"), table(V6_HEADER, []));
    writeFileSync(join(dir, "net", "udp"), table(UDP_HEADER, p.space.udp));
    writeFileSync(join(dir, "net", "udp6"), table(V6_HEADER, []));
    writeFileSync(join(dir, "net", "unix"), table(UNIX_HEADER, p.space.unix));
  }
}

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const o = join(tmp, "out");
  const e = join(tmp, "err");
  const fo = openSync(o, "w");
  const fe = openSync(e, "w");
  let status: number;
  try {
    status = await main(["--proc-root", proc, ...args], { stdout: fo, stderr: fe, env: {} });
  } finally {
    closeSync(fo);
    closeSync(fe);
  }
  return { status, stdout: readFileSync(o, "utf8"), stderr: readFileSync(e, "utf8") };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "tsn-netns-"));
  proc = join(tmp, "proc");
  writeTree();
});

afterAll(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

describe("--netns all on a /proc tree with each runtime's namespaces", () => {
  it("-tulpan: namespace after namespace (each with its tables in netstat's order), labelled, owners from the one walk", async () => {
    const r = await run(["-tulpan", "--netns", "all"]);
    expect(r).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name     Netns",
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1/init               4026531840/systemd",
        "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      700/nginx            4026532301/docker:3f4e5d6c7b8a",
        "tcp        0      0 127.0.0.1:6379          0.0.0.0:*               LISTEN      800/redis-server *:  4026532302/podman:aa11bb22cc33",
        `tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      901/app              4026532303/k8s-pod:${POD}/containerd:5e6f7a8b9c0d1`,
        "tcp        0      0 127.0.0.1:9000          0.0.0.0:*               LISTEN      1000/python3         4026532304/tsn-demo.service",
        "udp        0      0 0.0.0.0:5353            0.0.0.0:*                           1100/avahi-daemon:   4026532305/docker:0123456789ab",
        "tcp        0      0 127.0.0.1:5000          0.0.0.0:*               LISTEN      1200/socat           4026532306/socat",
        "tcp        0      0 127.0.0.1:5000          127.0.0.1:40000         ESTABLISHED 1200/socat           4026532306/socat",
        "tcp        0      0 127.0.0.1:40000         127.0.0.1:5000          ESTABLISHED 1200/socat           4026532306/socat",
        `udp        0      0 0.0.0.0:53              0.0.0.0:*                           1300/coredns         4026532307/k8s-pod:${POD2}/cri:c0ffee00c0ffe`,
        "",
      ].join("\n"),
    });
  });

  it("--json: netns on every socket, every owner across the namespace's processes", async () => {
    const r = await run(["-tuxlpn", "--netns", "all", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { sockets: { inode: number; owners: { pid: number; fd: number }[]; netns: unknown }[] };
    const got = doc.sockets.map((s) => [s.inode, s.owners.map((o) => `${o.pid}:${o.fd}`).join(","), s.netns]);
    const label = (inode: number, container: string) => ({ inode, name: null, container });
    expect(got).toEqual([
      [1001, "1:3", label(ROOT.inode, "systemd")],
      [2001, "700:6,701:6", label(DOCKER.inode, "docker:3f4e5d6c7b8a")],
      [3001, "800:6", label(PODMAN.inode, "podman:aa11bb22cc33")],
      [4001, "901:3", label(K8S.inode, `k8s-pod:${POD}/containerd:5e6f7a8b9c0d1`)],
      [5001, "1000:3", label(UNIT.inode, "tsn-demo.service")],
      [6001, "1100:5", label(DOCKER_FS.inode, "docker:0123456789ab")],
      [7000, "1200:3", label(PLAIN.inode, "socat")],
      [8001, "1300:7", label(K8S_FS.inode, `k8s-pod:${POD2}/cri:c0ffee00c0ffe`)],
      [1002, "1:4", label(ROOT.inode, "systemd")],
      [2002, "700:7", label(DOCKER.inode, "docker:3f4e5d6c7b8a")],
    ]);
  });

  it("-xl: the UNIX table's Netns column comes before Path", async () => {
    const r = await run(["-xl", "--netns", "all"]);
    expect(r).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Active UNIX domain sockets (only servers)",
        "Proto RefCnt Flags       Type       State         I-Node   Netns                    Path",
        "unix  2      [ ACC ]     STREAM     LISTENING     1002     4026531840/systemd       /run/systemd/private",
        "unix  2      [ ACC ]     STREAM     LISTENING     2002     4026532301/docker:3f4e5d6c7b8a /var/run/nginx.sock",
        "",
      ].join("\n"),
    });
  });

  it("--netns PID: that process's namespace, read through it", async () => {
    const r = await run(["-tln", "--netns", "701"]);
    expect(r).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Active Internet connections (only servers)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       Netns",
        "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      4026532301/docker:3f4e5d6c7b8a",
        "",
      ].join("\n"),
    });
  });

  it("--netns with a pid that does not exist, or a name (a /proc copy has no ip netns names): one line, status 1", () => {
    // the built command: the line comes from its handling of a UserError (cli/entry.ts)
    ensureBuilt();
    const cli = (args: string[]): Run => tsnetstat(["--proc-root", proc, ...args]);
    expect(cli(["-tln", "--netns", "4242"])).toEqual({ status: 1, stdout: "", stderr: "tsnetstat: --netns: 4242: no such process\n" });
    expect(cli(["-tln", "--netns", "blue"])).toEqual({
      status: 1,
      stdout: "",
      stderr: "tsnetstat: --netns: no network namespace named 'blue' in /run/netns\n",
    });
  });

  it("without --netns the output is unchanged: the tree's own /proc/net, no Netns column", async () => {
    mkdirSync(join(proc, "net"), { recursive: true });
    const header = (h: string): string => `${h}\n`;
    writeFileSync(join(proc, "net", "tcp"), `${TCP_HEADER}\n${tcp("00000000:0016", "00000000:0000", "0A", 1001)}\n`);
    writeFileSync(join(proc, "net", "tcp6"), header(V6_HEADER));
    const r = await run(["-tlnp"]);
    rmSync(join(proc, "net"), { recursive: true });
    expect(r).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "Active Internet connections (only servers)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1/init              ",
        "",
      ].join("\n"),
    });
  });

  it("a namespace whose sockstat says it has no TCP socket: its TCP tables are not read", async () => {
    // (the tree's table says otherwise, which shows that the table was not read)
    const sockstat = join(proc, "800", "net", "sockstat");
    writeFileSync(sockstat, "sockets: used 1\nTCP: inuse 0 orphan 0 tw 0 alloc 1 mem 0\nUDP: inuse 0 mem 0\n");
    writeFileSync(join(proc, "800", "net", "sockstat6"), "TCP6: inuse 0\nUDP6: inuse 0\n");
    try {
      const r = await run(["-tln", "--netns", "all"]);
      expect(r.status).toBe(0);
      expect(r.stdout.split("\n").filter((l) => l.includes("4026532302"))).toEqual([]);
      // the first namespace is always read whole
      writeFileSync(join(proc, "1", "net", "sockstat"), "sockets: used 1\nTCP: inuse 0 orphan 0 tw 0 alloc 1 mem 0\n");
      expect((await run(["-tln", "--netns", "all"])).stdout.split("\n")[2]).toBe(
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      4026531840/systemd",
      );
    } finally {
      for (const f of ["800/net/sockstat", "800/net/sockstat6", "1/net/sockstat"]) rmSync(join(proc, f), { force: true });
    }
  });

  it("a namespace whose first process exited is read through the next one in it", async () => {
    rmSync(join(proc, "700", "net"), { recursive: true });
    try {
      const r = await run(["-tln", "--netns", "all"]);
      expect(r.stdout.split("\n").filter((l) => l.includes("4026532301"))).toEqual([
        "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      4026532301/docker:3f4e5d6c7b8a",
      ]);
    } finally {
      mkdirSync(join(proc, "700", "net"));
      for (const f of ["tcp", "tcp6", "udp", "udp6", "unix"]) writeFileSync(join(proc, "700", "net", f), readFileSync(join(proc, "701", "net", f)));
    }
  });
});
