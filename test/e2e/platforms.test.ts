// The platform readers end to end: the built tsnetstat with a fake `netstat` and `lsof` (test/e2e/bin)
// alone in PATH and TSNETSTAT_PLATFORM set. The fake netstat prints a captured output and refuses, with
// status 2, any option the real one on that platform would refuse; the fake lsof takes only tsnetstat's
// own arguments. Each expected table was checked line by line against the fixture text it comes from
// (fixtures/<platform>/...), the lsof listings below were written for these tests.

import { unstamped } from "../support/json-doc.js";
import { execFileSync, spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKES, ensureBuilt, lsofF0, run, scratch } from "./harness.js";
import { fixture, projectRoot } from "../support/fixtures.js";
import { NOT_ROOT_NOTICE } from "../../src/readers/lsof/index.js";

const s = scratch();
beforeAll(() => {
  ensureBuilt();
});
afterAll(() => {
  s.done();
});

/** Owners for some of each fixture's sockets, as lsof -F0 prints them (DEVICE of a UNIX socket = netstat's Address). */
const lsof: Record<string, string> = {
  darwin: lsofF0([
    { p: ["p812", "cSafari", "u501"], files: [["f23", "tIPv4", "d0x6949610a99d53797", "PTCP", "n10.8.0.6:54433->1.2.3.4:443", "TST=ESTABLISHED", "TQR=0", "TQS=0"]] },
    { p: ["p90", "chttpd", "u0"], files: [["f4", "tIPv6", "d0x6949610a99d50001", "PTCP", "n*:80", "TST=LISTEN", "TQR=0", "TQS=0"]] },
    { p: ["p91", "chttpd", "u70"], files: [["f4", "tIPv6", "d0x6949610a99d50001", "PTCP", "n*:80", "TST=LISTEN", "TQR=0", "TQS=0"]] },
    { p: ["p188", "cmDNSResponder", "u65"], files: [["f5", "tunix", "d0x4f1eb4c58685585f", "n/var/run/mDNSResponder"]] },
  ]),
  freebsd: lsofF0([
    { p: ["p1201", "csshd", "u0"], files: [["f5", "tIPv4", "d0xfffff80003ac1000", "PTCP", "n192.168.71.163:22->192.168.71.1:56321", "TST=ESTABLISHED"]] },
    { p: ["p700", "csshd", "u0"], files: [["f3", "tIPv4", "d0xfffff80003ac2000", "PTCP", "n*:22", "TST=LISTEN"], ["f4", "tIPv6", "d0xfffff80003ac3000", "PTCP", "n*:22", "TST=LISTEN"]] },
    { p: ["p400", "cdevd", "u0"], files: [["f4", "tunix", "d0xfffff80003abf000", "n/var/run/devd.pipe"]] },
  ]),
  openbsd: lsofF0([
    { p: ["p300", "cunbound", "u0"], files: [["f5", "tIPv4", "d0xffff800000a1b000", "PTCP", "n127.0.0.1:53", "TST=LISTEN"], ["f6", "tIPv4", "d0xffff800000a1c000", "PUDP", "n127.0.0.1:53"]] },
  ]),
  sunos: lsofF0([
    { p: ["p2000", "cnc", "u100"], files: [["f3", "tIPv4", "d0x30012345678", "PTCP", "n8.8.17.4:1337->8.8.213.120:65472", "TST=ESTABLISHED"]] },
    { p: ["p150", "csyslogd", "u0"], files: [["f7", "tIPv4", "d0x30012345680", "PUDP", "n127.0.0.1:32859->127.0.0.1:514"]] },
  ]),
};

/** The fixture each fake netstat prints: a whole `netstat -an`-style listing of that platform. */
const NETSTAT_OUTPUT: Record<string, string> = {
  darwin: "macos/macos-netstat-an-1",
  freebsd: "freebsd/freebsd-netstat-an-1",
  openbsd: "openbsd/openbsd-netstat-T99-f-inet-ln-1",
  sunos: "solaris/solaris-netstat-n-1",
};

function fakeEnv(platform: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    FAKE_PLATFORM: platform,
    TSNETSTAT_PLATFORM: platform,
    FAKE_NETSTAT_OUTPUT: join(projectRoot, "fixtures", `${NETSTAT_OUTPUT[platform] ?? ""}.txt`),
    FAKE_LSOF_OUTPUT: s.write(`lsof-${platform}`, lsof[platform] ?? ""),
    ...extra,
  };
}

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join("");

interface Expected {
  readonly status: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

const EXPECTED: Record<string, Record<string, Expected>> = {
  darwin: {
    "-an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 10.8.0.6:54433          1.2.3.4:443             ESTABLISHED",
        "tcp6       0      0 :::80                   :::*                    LISTEN     ",
        "tcp6       0      0 :::88                   :::*                    LISTEN     ",
        "udp        0      0 0.0.0.0:*               0.0.0.0:*                          ",
        "udp6       0      0 :::52919                :::*                               ",
        "udp6       0      0 :::*                    :::*                               ",
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   Path",
        "unix  -      [ ]         STREAM     CONNECTED     -        /var/run/mDNSResponder",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM                   -        /var/run/vmnat.40388",
      ],
      stderr: [
        "tsnetstat: netstat -anl gives no reference count or inode of UNIX sockets for 4 sockets: RefCnt and I-Node show \"-\" there",
      ],
    },
    "-tanp": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 10.8.0.6:54433          1.2.3.4:443             ESTABLISHED 812/Safari          ",
        "tcp6       0      0 :::80                   :::*                    LISTEN      90/httpd            ",
        "tcp6       0      0 :::88                   :::*                    LISTEN      -                   ",
      ],
      stderr: [],
    },
    "-f inet -an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 10.8.0.6:54433          1.2.3.4:443             ESTABLISHED",
        "tcp6       0      0 :::80                   :::*                    LISTEN     ",
        "udp        0      0 0.0.0.0:*               0.0.0.0:*                          ",
        "udp6       0      0 :::*                    :::*                               ",
      ],
      stderr: [],
    },
  },
  freebsd: {
    "-an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 192.168.71.163:22       192.168.71.1:56321      ESTABLISHED",
        "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     ",
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ",
        "tcp6       0      0 :::22                   :::*                    LISTEN     ",
        "udp        0      0 0.0.0.0:514             0.0.0.0:*                          ",
        "udp6       0      0 :::514                  :::*                               ",
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   Path",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM     CONNECTED     -        ",
        "unix  -      [ ]         STREAM                   -        /var/run/devd.pipe",
        "unix  -      [ ]         DGRAM      CONNECTED     -        ",
        "unix  -      [ ]         DGRAM      CONNECTED     -        ",
        "unix  -      [ ]         DGRAM      CONNECTED     -        ",
        "unix  -      [ ]         DGRAM      CONNECTED     -        ",
        "unix  -      [ ]         DGRAM      CONNECTED     -        ",
        "unix  -      [ ]         DGRAM                    -        /var/run/logpriv",
        "unix  -      [ ]         DGRAM                    -        /var/run/log",
        "unix  -      [ ]         SEQPACKET                -        /var/run/devd.seqpacket.pipe",
      ],
      stderr: [
        "tsnetstat: netstat -anW gives no reference count or inode of UNIX sockets for 14 sockets: RefCnt and I-Node show \"-\" there",
      ],
    },
    "-tanp": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 192.168.71.163:22       192.168.71.1:56321      ESTABLISHED 1201/sshd           ",
        "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      -                   ",
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      700/sshd            ",
        "tcp6       0      0 :::22                   :::*                    LISTEN      700/sshd            ",
      ],
      stderr: [],
    },
    "-f inet -an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 192.168.71.163:22       192.168.71.1:56321      ESTABLISHED",
        "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     ",
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ",
        "udp        0      0 0.0.0.0:514             0.0.0.0:*                          ",
      ],
      stderr: [],
    },
  },
  openbsd: {
    "-an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 127.0.0.1:53            0.0.0.0:*               LISTEN     ",
        "udp        0      0 127.0.0.1:53            0.0.0.0:*                          ",
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   Path",
      ],
      stderr: [],
    },
    "-tanp": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 127.0.0.1:53            0.0.0.0:*               LISTEN      300/unbound         ",
      ],
      stderr: [],
    },
    "-f inet -an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "tcp        0      0 127.0.0.1:53            0.0.0.0:*               LISTEN     ",
        "udp        0      0 127.0.0.1:53            0.0.0.0:*                          ",
      ],
      stderr: [],
    },
  },
  sunos: {
    "-an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "udp        -      - 8.8.17.4:15934          8.8.7.7:53              ESTABLISHED",
        "udp        -      - 127.0.0.1:32859         127.0.0.1:514           ESTABLISHED",
        "udp        -      - 127.0.0.1:32860         127.0.0.1:514           ESTABLISHED",
        "tcp        0      0 8.8.17.4:1337           8.8.213.120:65472       ESTABLISHED",
        "tcp        0      0 8.8.17.4:44306          8.8.17.4:111            TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44064          8.8.17.4:32774          TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44308          8.8.17.4:32774          TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44066          8.8.17.4:111            TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44310          8.8.17.4:111            TIME_WAIT  ",
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   Path",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        /tmp/ssh-MyY25402/agent.25402",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        ",
        "unix  -      [ ]         STREAM                   -        /var/tmp/amavisd-new/abgeber/amavisd.sock",
        "unix  -      [ ]         STREAM                   -        ",
      ],
      stderr: [
        "tsnetstat: netstat -an gives no queue sizes for 3 sockets: Recv-Q and Send-Q show \"-\" there",
        "tsnetstat: netstat -an gives no reference count or inode of UNIX sockets for 11 sockets: RefCnt and I-Node show \"-\" there",
      ],
    },
    "-tanp": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
        "tcp        0      0 8.8.17.4:1337           8.8.213.120:65472       ESTABLISHED 2000/nc             ",
        "tcp        0      0 8.8.17.4:44306          8.8.17.4:111            TIME_WAIT   -                   ",
        "tcp        0      0 8.8.17.4:44064          8.8.17.4:32774          TIME_WAIT   -                   ",
        "tcp        0      0 8.8.17.4:44308          8.8.17.4:32774          TIME_WAIT   -                   ",
        "tcp        0      0 8.8.17.4:44066          8.8.17.4:111            TIME_WAIT   -                   ",
        "tcp        0      0 8.8.17.4:44310          8.8.17.4:111            TIME_WAIT   -                   ",
      ],
      stderr: [],
    },
    "-f inet -an": {
      status: 0,
      stdout: [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        "udp        -      - 8.8.17.4:15934          8.8.7.7:53              ESTABLISHED",
        "udp        -      - 127.0.0.1:32859         127.0.0.1:514           ESTABLISHED",
        "udp        -      - 127.0.0.1:32860         127.0.0.1:514           ESTABLISHED",
        "tcp        0      0 8.8.17.4:1337           8.8.213.120:65472       ESTABLISHED",
        "tcp        0      0 8.8.17.4:44306          8.8.17.4:111            TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44064          8.8.17.4:32774          TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44308          8.8.17.4:32774          TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44066          8.8.17.4:111            TIME_WAIT  ",
        "tcp        0      0 8.8.17.4:44310          8.8.17.4:111            TIME_WAIT  ",
      ],
      stderr: [
        "tsnetstat: netstat -an gives no queue sizes for 3 sockets: Recv-Q and Send-Q show \"-\" there",
      ],
    },
  },
};

describe("the fake netstat refuses what the real one would", () => {
  it.each([
    ["openbsd", "-anW", 2, "fake netstat (openbsd): option requires an argument -- W\n"],
    ["sunos", "-anW", 2, "fake netstat (sunos): illegal option -- W\n"],
    ["netbsd", "-anW", 2, "fake netstat (netbsd): illegal option -- W\n"],
    ["freebsd", "-anW", 0, ""],
    ["darwin", "-anl", 0, ""],
  ])("%s netstat %s → status %d", (platform, arg, status, stderr) => {
    const r = spawnSync(join(FAKES, "netstat"), [arg], { env: { FAKE_PLATFORM: platform }, encoding: "utf8" });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status, stderr });
  });
});

describe.each(Object.keys(EXPECTED))("%s: tsnetstat on its netstat and lsof", (platform) => {
  for (const args of Object.keys(EXPECTED[platform] ?? {})) {
    it(`tsnetstat ${args}`, () => {
      const want = EXPECTED[platform]?.[args];
      const r = run(args.split(" "), fakeEnv(platform));
      // not root (outside CI): lsof saw this user's processes only, and -p says so first
      const notice = args.includes("p") && process.geteuid?.() !== 0 ? NOT_ROOT_NOTICE : "";
      expect(r).toEqual({ status: want?.status, stdout: text(want?.stdout ?? []), stderr: notice + text(want?.stderr ?? []) });
    });
  }

  it("tsnetstat -an --json is the fixture's hand-checked sockets", () => {
    const r = run(["-an", "--json"], fakeEnv(platform));
    const sockets = JSON.parse(fixture(`${NETSTAT_OUTPUT[platform] ?? ""}.expected.json`)) as unknown[];
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(unstamped(r.stdout)).toEqual({ schema: "tsnetstat/1", sockets });
  });
});

describe("failure modes: one line naming the command, how it ended and what was still shown", () => {
  const INET_TITLE = ["Active Internet connections (servers and established)", "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "];
  const UNIX_TITLE = ["Active UNIX domain sockets (servers and established)", "Proto RefCnt Flags       Type       State         I-Node   Path"];
  const FREEBSD_TCP = EXPECTED.freebsd?.["-f inet -an"]?.stdout.slice(2, 5) ?? [];
  const LSOF = "lsof -n -P -w -i -U -F 0pcuftdinPT";

  it("netstat missing: the empty tables, status 1", () => {
    const empty = join(s.dir, "empty");
    execFileSync("mkdir", ["-p", empty]);
    const r = run(["-an"], fakeEnv("freebsd"), empty);
    expect(r).toEqual({
      status: 1,
      stdout: text([...INET_TITLE, ...UNIX_TITLE]),
      stderr: "tsnetstat: netstat -anW: netstat is not installed (not found in PATH) (no sockets listed)\n",
    });
  });

  it("netstat exits non-zero after printing: what it printed is shown, status 1", () => {
    const r = run(["-tan"], fakeEnv("freebsd", { FAKE_NETSTAT_STATUS: "1", FAKE_NETSTAT_STDERR: "netstat: kvm_read: permission denied" }));
    expect(r).toEqual({
      status: 1,
      stdout: text([...INET_TITLE, ...FREEBSD_TCP, "tcp6       0      0 :::22                   :::*                    LISTEN     "]),
      stderr: "tsnetstat: netstat -anW: exited with status 1: netstat: kvm_read: permission denied (the 20 sockets it printed before that are shown)\n",
    });
  });

  it("netstat times out: what it printed before is shown, status 1", () => {
    const r = run(["-tan", "-4"], fakeEnv("freebsd", { FAKE_NETSTAT_SLEEP: "20", TSNETSTAT_COMMAND_TIMEOUT_MS: "400" }));
    expect(r).toEqual({
      status: 1,
      stdout: text([...INET_TITLE, ...FREEBSD_TCP]),
      stderr: "tsnetstat: netstat -anW: stopped after 400 ms (time limit) (the 20 sockets it printed before that are shown)\n",
    });
  });

  it("netstat prints a layout nobody knows: no sockets, status 1", () => {
    const odd = s.write("odd.txt", "Sockets of the Frobnitz\nfrob 1 2 3\n");
    const r = run(["-tan"], fakeEnv("freebsd", { FAKE_NETSTAT_OUTPUT: odd }));
    expect(r).toEqual({
      status: 1,
      stdout: text(INET_TITLE),
      stderr: 'tsnetstat: netstat -anW: printed text in no layout tsnetstat knows where freebsd netstat output was expected (it starts "Sockets of the Frobnitz"); no sockets listed\n',
    });
  });

  it("netstat prints another platform's layout (a Linux netstat): no sockets, status 1", () => {
    const linux = join(projectRoot, "fixtures/linux/captures/inet/netstat-an.out");
    const r = run(["-tan"], fakeEnv("freebsd", { FAKE_NETSTAT_OUTPUT: linux }));
    expect(r).toEqual({
      status: 1,
      stdout: text(INET_TITLE),
      stderr: 'tsnetstat: netstat -anW: printed what reads as linux-netstat output where freebsd netstat output was expected (it starts "Active Internet connections (servers and established)"); no sockets listed\n',
    });
  });

  const P_TITLE = "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ";
  const unowned = FREEBSD_TCP.map((l) => `${l} -                   `).concat("tcp6       0      0 :::22                   :::*                    LISTEN      -                   ");

  it("lsof missing with -p: the sockets without processes, status 0", () => {
    const onlyNetstat = join(s.dir, "only-netstat");
    execFileSync("mkdir", ["-p", onlyNetstat]);
    symlinkSync(join(FAKES, "netstat"), join(onlyNetstat, "netstat"));
    const r = run(["-tanp"], fakeEnv("freebsd"), onlyNetstat);
    expect(r).toEqual({
      status: 0,
      stdout: text([INET_TITLE[0] ?? "", P_TITLE, ...unowned]),
      stderr: `tsnetstat: ${LSOF}: lsof is not installed (not found in PATH) (the sockets are shown without their processes)\n`,
    });
  });

  it("lsof exits non-zero: the sockets without processes, status 0", () => {
    const r = run(["-tanp"], fakeEnv("freebsd", { FAKE_LSOF_STATUS: "2", FAKE_LSOF_STDERR: "lsof: can't open /dev/kmem" }));
    expect(r).toEqual({
      status: 0,
      stdout: text([INET_TITLE[0] ?? "", P_TITLE, ...unowned]),
      stderr: `tsnetstat: ${LSOF}: exited with status 2: lsof: can't open /dev/kmem (the sockets are shown without their processes)\n`,
    });
  });

  it("lsof times out: the sockets without processes, status 0", () => {
    const r = run(["-tanp"], fakeEnv("freebsd", { FAKE_LSOF_SLEEP: "20", TSNETSTAT_COMMAND_TIMEOUT_MS: "400" }));
    expect(r).toEqual({
      status: 0,
      stdout: text([INET_TITLE[0] ?? "", P_TITLE, ...unowned]),
      stderr: `tsnetstat: ${LSOF}: stopped after 400 ms (time limit) (the sockets are shown without their processes)\n`,
    });
  });

  it("AIX is refused in one line", () => {
    expect(run(["-an"], { TSNETSTAT_PLATFORM: "aix" })).toEqual({
      status: 1,
      stdout: "",
      stderr: "tsnetstat: AIX is not supported: no reader knows its netstat layout yet (--input-format list names the layouts --input reads)\n",
    });
  });
});
