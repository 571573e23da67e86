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

const INET_TITLE = ["Active Internet connections (servers and established)", "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "];
const UNIX_TITLE = ["Active UNIX domain sockets (servers and established)", "Proto RefCnt Flags       Type       State         I-Node   Path"];
const P_TITLE = "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ";

/**
 * A row of the Internet table of `tsnetstat -an`: the row; whether `tsnetstat -f inet -an` shows it
 * too (an IPv4 or dual-stack socket); for a TCP row, its PID/Program name in `tsnetstat -tanp`.
 */
type InetRow = readonly [row: string, inet: boolean, owner?: string];

interface PlatformCase {
  readonly platform: string;
  /** The fixture its fake netstat prints: a whole `netstat -an`-style listing of that platform. */
  readonly netstat: string;
  /** Owners for some of the fixture's sockets, as lsof -F0 prints them (DEVICE of a UNIX socket = netstat's Address). */
  readonly lsof: string;
  readonly inet: readonly InetRow[];
  /** The rows of the UNIX table of `tsnetstat -an`. */
  readonly unix: readonly string[];
  /** The notes of `tsnetstat -an` and of `tsnetstat -f inet -an` (`-tanp` has none). */
  readonly notes: { readonly an: readonly string[]; readonly inet: readonly string[] };
}

const PLATFORMS: readonly PlatformCase[] = [
  {
    platform: "darwin",
    netstat: "macos/macos-netstat-an-1",
    lsof: lsofF0([
      { p: ["p812", "cSafari", "u501"], files: [["f23", "tIPv4", "d0x6949610a99d53797", "PTCP", "n10.8.0.6:54433->1.2.3.4:443", "TST=ESTABLISHED", "TQR=0", "TQS=0"]] },
      { p: ["p90", "chttpd", "u0"], files: [["f4", "tIPv6", "d0x6949610a99d50001", "PTCP", "n*:80", "TST=LISTEN", "TQR=0", "TQS=0"]] },
      { p: ["p91", "chttpd", "u70"], files: [["f4", "tIPv6", "d0x6949610a99d50001", "PTCP", "n*:80", "TST=LISTEN", "TQR=0", "TQS=0"]] },
      { p: ["p188", "cmDNSResponder", "u65"], files: [["f5", "tunix", "d0x4f1eb4c58685585f", "n/var/run/mDNSResponder"]] },
    ]),
    inet: [
      ["tcp        0      0 10.8.0.6:54433          1.2.3.4:443             ESTABLISHED", true, "812/Safari"],
      ["tcp6       0      0 :::80                   :::*                    LISTEN     ", true, "90/httpd"], // tcp46
      ["tcp6       0      0 :::88                   :::*                    LISTEN     ", false, "-"],
      ["udp        0      0 0.0.0.0:*               0.0.0.0:*                          ", true],
      ["udp6       0      0 :::52919                :::*                               ", false],
      ["udp6       0      0 :::*                    :::*                               ", true], // udp46
    ],
    unix: [
      "unix  -      [ ]         STREAM     CONNECTED     -        /var/run/mDNSResponder",
      "unix  -      [ ]         STREAM     CONNECTED     -        ",
      "unix  -      [ ]         STREAM     CONNECTED     -        ",
      "unix  -      [ ]         STREAM                   -        /var/run/vmnat.40388",
    ],
    notes: {
      an: ["tsnetstat: netstat -anl gives no reference count or inode of UNIX sockets for 4 sockets: RefCnt and I-Node show \"-\" there"],
      inet: [],
    },
  },
  {
    platform: "freebsd",
    netstat: "freebsd/freebsd-netstat-an-1",
    lsof: lsofF0([
      { p: ["p1201", "csshd", "u0"], files: [["f5", "tIPv4", "d0xfffff80003ac1000", "PTCP", "n192.168.71.163:22->192.168.71.1:56321", "TST=ESTABLISHED"]] },
      { p: ["p700", "csshd", "u0"], files: [["f3", "tIPv4", "d0xfffff80003ac2000", "PTCP", "n*:22", "TST=LISTEN"], ["f4", "tIPv6", "d0xfffff80003ac3000", "PTCP", "n*:22", "TST=LISTEN"]] },
      { p: ["p400", "cdevd", "u0"], files: [["f4", "tunix", "d0xfffff80003abf000", "n/var/run/devd.pipe"]] },
    ]),
    inet: [
      ["tcp        0      0 192.168.71.163:22       192.168.71.1:56321      ESTABLISHED", true, "1201/sshd"],
      ["tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN     ", true, "-"],
      ["tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ", true, "700/sshd"],
      ["tcp6       0      0 :::22                   :::*                    LISTEN     ", false, "700/sshd"],
      ["udp        0      0 0.0.0.0:514             0.0.0.0:*                          ", true],
      ["udp6       0      0 :::514                  :::*                               ", false],
    ],
    unix: [
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
    notes: {
      an: ["tsnetstat: netstat -anW gives no reference count or inode of UNIX sockets for 14 sockets: RefCnt and I-Node show \"-\" there"],
      inet: [],
    },
  },
  {
    platform: "openbsd",
    netstat: "openbsd/openbsd-netstat-T99-f-inet-ln-1",
    lsof: lsofF0([
      { p: ["p300", "cunbound", "u0"], files: [["f5", "tIPv4", "d0xffff800000a1b000", "PTCP", "n127.0.0.1:53", "TST=LISTEN"], ["f6", "tIPv4", "d0xffff800000a1c000", "PUDP", "n127.0.0.1:53"]] },
    ]),
    inet: [
      ["tcp        0      0 127.0.0.1:53            0.0.0.0:*               LISTEN     ", true, "300/unbound"],
      ["udp        0      0 127.0.0.1:53            0.0.0.0:*                          ", true],
    ],
    unix: [],
    notes: { an: [], inet: [] },
  },
  {
    platform: "sunos",
    netstat: "solaris/solaris-netstat-n-1",
    lsof: lsofF0([
      { p: ["p2000", "cnc", "u100"], files: [["f3", "tIPv4", "d0x30012345678", "PTCP", "n8.8.17.4:1337->8.8.213.120:65472", "TST=ESTABLISHED"]] },
      { p: ["p150", "csyslogd", "u0"], files: [["f7", "tIPv4", "d0x30012345680", "PUDP", "n127.0.0.1:32859->127.0.0.1:514"]] },
    ]),
    inet: [
      ["udp        -      - 8.8.17.4:15934          8.8.7.7:53              ESTABLISHED", true],
      ["udp        -      - 127.0.0.1:32859         127.0.0.1:514           ESTABLISHED", true],
      ["udp        -      - 127.0.0.1:32860         127.0.0.1:514           ESTABLISHED", true],
      ["tcp        0      0 8.8.17.4:1337           8.8.213.120:65472       ESTABLISHED", true, "2000/nc"],
      ["tcp        0      0 8.8.17.4:44306          8.8.17.4:111            TIME_WAIT  ", true, "-"],
      ["tcp        0      0 8.8.17.4:44064          8.8.17.4:32774          TIME_WAIT  ", true, "-"],
      ["tcp        0      0 8.8.17.4:44308          8.8.17.4:32774          TIME_WAIT  ", true, "-"],
      ["tcp        0      0 8.8.17.4:44066          8.8.17.4:111            TIME_WAIT  ", true, "-"],
      ["tcp        0      0 8.8.17.4:44310          8.8.17.4:111            TIME_WAIT  ", true, "-"],
    ],
    unix: [
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
    notes: {
      an: [
        "tsnetstat: netstat -an gives no queue sizes for 3 sockets: Recv-Q and Send-Q show \"-\" there",
        "tsnetstat: netstat -an gives no reference count or inode of UNIX sockets for 11 sockets: RefCnt and I-Node show \"-\" there",
      ],
      inet: ["tsnetstat: netstat -an gives no queue sizes for 3 sockets: Recv-Q and Send-Q show \"-\" there"],
    },
  },
];

function platformCase(platform: string): PlatformCase {
  const p = PLATFORMS.find((c) => c.platform === platform);
  if (p === undefined) throw new Error(`no platform case for ${platform}`);
  return p;
}

function fakeEnv(platform: string, extra: Record<string, string> = {}): Record<string, string> {
  const p = platformCase(platform);
  return {
    FAKE_PLATFORM: platform,
    TSNETSTAT_PLATFORM: platform,
    FAKE_NETSTAT_OUTPUT: join(projectRoot, "fixtures", `${p.netstat}.txt`),
    FAKE_LSOF_OUTPUT: s.write(`lsof-${platform}`, p.lsof),
    ...extra,
  };
}

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join("");

interface Expected {
  readonly status: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** What tsnetstat ARGS prints on a platform's fixture, for each ARGS tested: the tables are its rows, as the case lists them. */
function expected(p: PlatformCase): Record<string, Expected> {
  return {
    "-an": { status: 0, stdout: [...INET_TITLE, ...p.inet.map(([row]) => row), ...UNIX_TITLE, ...p.unix], stderr: p.notes.an },
    // -p adds the PID/Program name column, 20 wide
    "-tanp": { status: 0, stdout: [INET_TITLE[0] ?? "", P_TITLE, ...p.inet.flatMap(([row, , owner]) => (owner === undefined ? [] : [`${row} ${owner.padEnd(20)}`]))], stderr: [] },
    "-f inet -an": { status: 0, stdout: [...INET_TITLE, ...p.inet.filter(([, inet]) => inet).map(([row]) => row)], stderr: p.notes.inet },
  };
}

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

for (const p of PLATFORMS) {
  describe(`${p.platform}: tsnetstat on its netstat and lsof`, () => {
    for (const [args, want] of Object.entries(expected(p))) {
      it(`tsnetstat ${args}`, () => {
        const r = run(args.split(" "), fakeEnv(p.platform));
        // not root (outside CI): lsof saw this user's processes only, and -p says so first
        const notice = args.includes("p") && process.geteuid?.() !== 0 ? NOT_ROOT_NOTICE : "";
        expect(r).toEqual({ status: want.status, stdout: text(want.stdout), stderr: notice + text(want.stderr) });
      });
    }

    it("tsnetstat -an --json is the fixture's hand-checked sockets", () => {
      const r = run(["-an", "--json"], fakeEnv(p.platform));
      const sockets = JSON.parse(fixture(`${p.netstat}.expected.json`)) as unknown[];
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
      expect(unstamped(r.stdout)).toEqual({ schema: "tsnetstat/1", sockets });
    });
  });
}

describe("failure modes: one line naming the command, how it ended and what was still shown", () => {
  // FreeBSD's IPv4 TCP rows
  const FREEBSD_TCP = platformCase("freebsd").inet.flatMap(([row, inet]) => (inet && row.startsWith("tcp ") ? [row] : []));
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
