// src/format/netstat.ts: titles, headers, endpoint text, timers, programs and whole rows.

import { describe, expect, it } from "vitest";
import type { InetSocket, LinuxTimer, Owner, UnixSocket } from "../../src/model.js";
import type { LinuxInetFields, LinuxUnixFields } from "../support/sockets.js";
import { linuxInet, linuxUnix } from "../support/sockets.js";
import { numericView } from "../support/view.js";
import type { NetstatView } from "../../src/format/netstat.js";
import {
  endpointText,
  hostText,
  inetRow,
  inetTitle,
  portText,
  programText,
  seconds,
  timerText,
  unixRow,
  unixTitle,
} from "../../src/format/netstat.js";
import type { NameLookup, ServiceTable } from "../../src/names/lookup.js";
import { PROC_INET_TABLES } from "../../src/model.js";
import type { ListenMode } from "../../src/select.js";

/** A NameLookup from tables, recording every host it is asked about. */
function fakeNames(hosts: Record<string, string>, services: Record<string, string> = {}, users: Record<number, string> = {}) {
  const asked: string[] = [];
  const names: NameLookup = {
    host: (a) => {
      asked.push(a);
      return hosts[a] ?? null;
    },
    service: (port: number, table: ServiceTable) => services[`${port}/${table}`] ?? null,
    user: (uid) => users[uid] ?? null,
  };
  return { names, asked };
}

const view = numericView;
const resolving = (names: NameLookup, over: Partial<NetstatView> = {}): NetstatView =>
  view({ numericHosts: false, numericPorts: false, numericUsers: false, names, ...over });

const owner = (pid: number, program: string): Owner => ({ pid, fd: 3, program, comm: null, cmdline: null });

const inet = (f: LinuxInetFields): InetSocket => linuxInet(f);
const unix = (f: LinuxUnixFields = {}): UnixSocket => linuxUnix(f);

// ---- titles -------------------------------------------------------------------------------------

const MODES: [ListenMode, string][] = [
  ["connected", "(w/o servers)"],
  ["listening", "(only servers)"],
  ["all", "(servers and established)"],
];

describe("inetTitle: spec §2 and §3, every combination of -e -p -o", () => {
  const BASE = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
  for (const [mode, words] of MODES) {
    for (const extend of [false, true]) {
      for (const programs of [false, true]) {
        for (const timers of [false, true]) {
          const header =
            BASE + (extend ? " User       Inode     " : "") + (programs ? " PID/Program name    " : "") + (timers ? " Timer" : "");
          it(`${mode} e=${extend} p=${programs} o=${timers}`, () => {
            expect(inetTitle(view({ mode, extend, programs, timers }))).toBe(`Active Internet connections ${words}\n${header}\n`);
          });
        }
      }
    }
  }

  it("the captured -tanpeo header, character for character", () => {
    expect(inetTitle(view({ extend: true, programs: true, timers: true }))).toBe(
      "Active Internet connections (servers and established)\n" +
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name     Timer\n",
    );
  });
});

describe("unixTitle", () => {
  for (const [mode, words] of MODES) {
    it(`${mode}, without and with -p; -e and -o change nothing`, () => {
      const plain = `Active UNIX domain sockets ${words}\nProto RefCnt Flags       Type       State         I-Node   Path\n`;
      const withP = `Active UNIX domain sockets ${words}\nProto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n`;
      expect(unixTitle(view({ mode }))).toBe(plain);
      expect(unixTitle(view({ mode, extend: true, timers: true }))).toBe(plain);
      expect(unixTitle(view({ mode, programs: true }))).toBe(withP);
      expect(unixTitle(view({ mode, programs: true, extend: true, timers: true }))).toBe(withP);
    });
  }
});

// ---- endpoints ----------------------------------------------------------------------------------

describe("endpointText: shortening to 23 characters (spec §4.3)", () => {
  it.each([
    // the six captured rows
    ["a-really-long-hostname.example.test", "http-alt", "a-really-long-:http-alt"],
    ["a-really-long-hostname.example.test", "second-name", "a-really-lo:second-name"],
    ["a-really-long-hostname.example.test", "40001", "a-really-long-hos:40001"],
    ["localhost", "an-extremely-long-service-name", "loca:an-extremely-long-"],
    ["127.0.0.1", "an-extremely-long-service-name", "127.:an-extremely-long-"],
    ["a-really-long-hostname.example.test", "7777", "a-really-long-host:7777"],
    // the derived IPv6 examples of spec §4.3, by its rule (A' = 22 - P'): the spec prints them with
    // one host character too many ("2001:db8:aaaa:bbbb:c:443", 24 characters, over its own limit of 23)
    ["2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "443", "2001:db8:aaaa:bbbb::443"],
    ["fe80::1ff:fe23:4567:890a", "22", "fe80::1ff:fe23:4567::22"],
    // boundaries: 22 characters fit, 23 do not
    ["abcdefghijklmnop", "123456", "abcdefghijklmnop:123456"],
    ["abcdefghijklmnopq", "123456", "abcdefghijklmnop:123456"],
    ["255.255.255.255", "65535", "255.255.255.255:65535"],
    ["[::]", "*", "[::]:*"],
    ["h", "a-port-name-of-exactly-twenty-two", "h:a-port-name-of-exa"],
  ])("%s : %s → %s", (host, port, text) => {
    const out = endpointText(host, port, false);
    expect(out).toBe(text);
    expect(out.length).toBeLessThanOrEqual(23);
  });

  it("-W never shortens", () => {
    expect(endpointText("a-really-long-hostname.example.test", "http-alt", true)).toBe("a-really-long-hostname.example.test:http-alt");
    expect(endpointText("localhost", "an-extremely-long-service-name", true)).toBe("localhost:an-extremely-long-service-name");
  });
});

describe("hostText (spec §4.3 host part)", () => {
  const hosts = {
    "127.0.0.1": "localhost",
    "::1": "ip6-localhost",
    "::ffff:127.0.0.2": "mapped-name",
    "::ffff:127.0.0.3": "::ffff:127.0.0.3", // a resolver that answers with the numeric form
    "0.0.0.0": "should-not-be-used",
    "::": "should-not-be-used",
  };

  it.each([
    ["0.0.0.0", "0.0.0.0", "0.0.0.0"],
    ["::", "[::]", "::"],
    ["127.0.0.1", "localhost", "127.0.0.1"],
    ["127.0.0.9", "127.0.0.9", "127.0.0.9"],
    ["::1", "ip6-localhost", "::1"],
    ["::2", "::2", "::2"],
    ["::ffff:127.0.0.1", "127.0.0.1", "127.0.0.1"],
    ["::ffff:127.0.0.2", "mapped-name", "127.0.0.2"],
    ["::ffff:127.0.0.3", "127.0.0.3", "127.0.0.3"],
    ["::ffff:0.0.0.0", "0.0.0.0", "0.0.0.0"],
    ["::127.0.0.1", "::127.0.0.1", "::127.0.0.1"], // IPv4-compatible is not mapped
  ])("%s → %s resolving, %s with -n", (address, resolved, numeric) => {
    const { names } = fakeNames(hosts);
    expect(hostText(address, resolving(names))).toBe(resolved);
    expect(hostText(address, resolving(names, { numericHosts: true }))).toBe(numeric);
  });

  it("never looks up 0.0.0.0 or ::, and looks up nothing with -n", () => {
    const { names, asked } = fakeNames(hosts);
    hostText("0.0.0.0", resolving(names));
    hostText("::", resolving(names));
    expect(asked).toEqual([]);
    for (const a of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) hostText(a, resolving(names, { numericHosts: true }));
    expect(asked).toEqual([]);
  });
});

describe("portText", () => {
  const { names } = fakeNames({}, { "22/tcp": "ssh", "53/udp": "domain", "1/raw": "icmp", "7777/tcp": "second-name" });
  it.each([
    [null, "tcp", "*", "*"],
    [22, "tcp", "ssh", "22"],
    [22, "udp", "22", "22"],
    [53, "udp", "domain", "53"],
    [1, "raw", "icmp", "1"],
    [255, "raw", "255", "255"],
    [7777, "tcp", "second-name", "7777"],
    [7777, "udp", "7777", "7777"],
    [65535, "tcp", "65535", "65535"],
  ] as const)("%s/%s → %s resolving, %s with -n", (port, table, resolved, numeric) => {
    expect(portText(port, table, resolving(names))).toBe(resolved);
    expect(portText(port, table, resolving(names, { numericPorts: true }))).toBe(numeric);
  });
});

// ---- timers -------------------------------------------------------------------------------------

describe("timerText (spec §4.8)", () => {
  const t = (kind: number, ticks = 1234, retransmits = 2, probes = 3): LinuxTimer => ({ kind, ticks, retransmits, probes });
  it.each([
    ["tcp", t(0), "off (0.00/2/3)"],
    ["tcp", t(1), "on (12.34/2/3)"],
    ["tcp", t(2), "keepalive (12.34/2/3)"],
    ["tcp", t(3), "timewait (12.34/2/3)"],
    ["tcp", t(4), "probe (12.34/2/3)"],
    ["tcp", t(5), "unkn-5 (12.34/2/3)"],
    ["tcp6", t(2, 719921, 0, 0), "keepalive (7199.21/0/0)"],
    ["tcp6", t(3, 5926, 0, 0), "timewait (59.26/0/0)"],
    ["tcp", t(1, 18, 1, 0), "on (0.18/1/0)"],
    ["tcp", t(1, 0, 0, 0), "on (0.00/0/0)"],
    ["tcp", t(1, 5, 0, 0), "on (0.05/0/0)"],
    // udp prints retr 0 whatever the file says
    ["udp", t(0), "off (0.00/0/3)"],
    ["udp", t(1), "on1 (12.34/0/3)"],
    ["udp6", t(2), "on2 (12.34/0/3)"],
    ["udplite", t(3), "unkn-3 (12.34/0/3)"],
    ["udplite6", t(4), "unkn-4 (12.34/0/3)"],
    // raw keeps retr
    ["raw", t(0), "off (0.00/2/3)"],
    ["raw", t(1), "on1 (12.34/2/3)"],
    ["raw6", t(2), "on2 (12.34/2/3)"],
    ["raw", t(3), "unkn-3 (12.34/2/3)"],
    ["raw6", t(9), "unkn-9 (12.34/2/3)"],
  ] as const)("%s %j → %s", (table, timer, text) => {
    expect(timerText(PROC_INET_TABLES[table].proto, timer)).toBe(text);
    expect(inetRow(inet({ proto: table, timer }), view({ timers: true })).endsWith(` ${text}\n`)).toBe(true);
  });

  it.each([
    [0, "0.00"],
    [1, "0.01"],
    [10, "0.10"],
    [99, "0.99"],
    [100, "1.00"],
    [5926, "59.26"],
    [719921, "7199.21"],
    [4294967295, "42949672.95"],
  ])("seconds(%d) = %s", (ticks, text) => {
    expect(seconds(ticks)).toBe(text);
  });
});

// ---- programs -----------------------------------------------------------------------------------

describe("programText (spec §4.7)", () => {
  it.each([
    [[], "-"],
    [[owner(16400, "python3")], "16400/python3"],
    [[owner(9676, "a-very-long-daemon-name")], "9676/a-very-long-da"],
    [[owner(16407, "a-very-long-daemon-name")], "16407/a-very-long-d"],
    [[owner(10655, "worker: pool www")], "10655/worker: pool "],
    [[owner(600, "sshd: /usr/sbin/sshd -D [listener]")], "600/sshd: /usr/sbin"],
    [[owner(4194304, "kworker")], "4194304/kworker"],
    [[owner(1, "")], "1/"],
    [[owner(1, "evil\x1b[2J\nfake")], "1/evil\\x1b[2J\\nfake"],
    [[owner(1, "back\\slash")], "1/back\\\\slash"],
    [[owner(7, "first"), owner(8, "second")], "7/first"],
  ] as const)("%j → %s", (owners, text) => {
    expect(programText(owners)).toBe(text);
  });
});

// ---- whole rows ---------------------------------------------------------------------------------

describe("inetRow: exact lines, trailing spaces included", () => {
  it.each([
    [inet({ proto: "tcp" }), view(), "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN     \n"],
    [
      inet({ proto: "tcp", remote: { address: "127.0.0.1", port: 45500 }, local: { address: "127.0.0.1", port: 8080 }, state: "ESTABLISHED", stateCode: 1, recvQ: 1234 }),
      view(),
      "tcp     1234      0 127.0.0.1:8080          127.0.0.1:45500         ESTABLISHED\n",
    ],
    [
      inet({ proto: "tcp", local: { address: "127.0.0.1", port: 45506 }, remote: { address: "127.0.0.1", port: 8080 }, state: "ESTABLISHED", stateCode: 1, sendQ: 3797504 }),
      view(),
      "tcp        0 3797504 127.0.0.1:45506         127.0.0.1:8080          ESTABLISHED\n",
    ],
    [inet({ proto: "tcp6", local: { address: "::", port: 80 }, remote: { address: "::", port: null } }), view(), "tcp6       0      0 :::80                   :::*                    LISTEN     \n"],
    [
      inet({ proto: "tcp6", local: { address: "::ffff:127.0.0.1", port: 80 }, remote: { address: "::ffff:127.0.0.1", port: 55282 }, state: "ESTABLISHED", stateCode: 1 }),
      view(),
      "tcp6       0      0 127.0.0.1:80            127.0.0.1:55282         ESTABLISHED\n",
    ],
    [inet({ proto: "tcp", state: null, stateCode: 99 }), view(), "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               UNKNOWN    \n"],
    [inet({ proto: "udp", state: "CLOSE", stateCode: 7, recvQ: 2496, local: { address: "0.0.0.0", port: 53 } }), view(), "udp     2496      0 0.0.0.0:53              0.0.0.0:*                          \n"],
    [
      inet({ proto: "udp", state: "ESTABLISHED", stateCode: 1, local: { address: "127.0.0.1", port: 5353 }, remote: { address: "127.0.0.1", port: 9 } }),
      view(),
      "udp        0      0 127.0.0.1:5353          127.0.0.1:9             ESTABLISHED\n",
    ],
    [inet({ proto: "udp", state: "LISTEN", stateCode: 10 }), view(), "udp        0      0 127.0.0.1:9001          0.0.0.0:*               UNKNOWN    \n"],
    [inet({ proto: "udplite", state: "CLOSE", stateCode: 7 }), view(), "udpl       0      0 127.0.0.1:9001          0.0.0.0:*                          \n"],
    [inet({ proto: "udplite6", state: "CLOSE", stateCode: 7, local: { address: "::1", port: 9 }, remote: { address: "::", port: null } }), view(), "udpl6      0      0 ::1:9                   :::*                               \n"],
    [inet({ proto: "raw", state: "CLOSE", stateCode: 7, local: { address: "0.0.0.0", port: 255 } }), view(), "raw        0      0 0.0.0.0:255             0.0.0.0:*               7          \n"],
    [inet({ proto: "raw6", state: "CLOSE", stateCode: 7, local: { address: "::", port: 58 }, remote: { address: "::", port: null } }), view(), "raw6       0      0 :::58                   :::*                    7          \n"],
  ])("%#", (s, v, line) => {
    expect(inetRow(s, v)).toBe(line);
  });

  it("-e -p -o columns (captured -tanpeo rows)", () => {
    const v = view({ extend: true, programs: true, timers: true });
    expect(inetRow(inet({ proto: "tcp", owners: [owner(16407, "a-very-long-daemon-name")] }), v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      0          1486245    16407/a-very-long-d  off (0.00/0/0)\n",
    );
    expect(
      inetRow(
        inet({ proto: "tcp", local: { address: "127.0.0.1", port: 7001 }, remote: { address: "127.0.0.1", port: 43792 }, state: "ESTABLISHED", stateCode: 1, inode: 0 }),
        v,
      ),
    ).toBe("tcp        0      0 127.0.0.1:7001          127.0.0.1:43792         ESTABLISHED 0          0          -                    off (0.00/0/0)\n");
  });

  it("-e user names, and uids with no name or with --numeric-users", () => {
    const { names } = fakeNames({}, {}, { 0: "root", 65534: "nobody", 1: "a-very-long-user-name" });
    const v = resolving(names, { extend: true, numericHosts: true, numericPorts: true });
    expect(inetRow(inet({ proto: "tcp", uid: 65534 }), v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      nobody     1486245   \n",
    );
    expect(inetRow(inet({ proto: "tcp", uid: 4242 }), v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      4242       1486245   \n",
    );
    expect(inetRow(inet({ proto: "tcp", uid: 1 }), v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      a-very-long-user-name 1486245   \n",
    );
    expect(inetRow(inet({ proto: "tcp", uid: 65534 }), { ...v, numericUsers: true })).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      65534      1486245   \n",
    );
  });

  it("-p with a hostile program name: escaped, and the column grows rather than lose bytes", () => {
    const v = view({ programs: true });
    expect(inetRow(inet({ proto: "tcp", owners: [owner(42, "x\x1b]0;pwned\x07\nroot")] }), v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      42/x\\x1b]0;pwned\\x07\\nroot\n",
    );
  });

  it("names, [::] and shortening (captured rows of netstat -a / -tua)", () => {
    const { names } = fakeNames(
      { "127.0.0.1": "localhost", "127.0.0.5": "a-really-long-hostname.example.test" },
      { "8080/tcp": "http-alt", "80/tcp": "http", "123/udp": "ntp", "58/raw": "ipv6-icmp", "6000/tcp": "x11" },
    );
    const v = resolving(names);
    expect(inetRow(inet({ proto: "tcp", local: { address: "127.0.0.1", port: 6000 } }), v)).toBe(
      "tcp        0      0 localhost:x11           0.0.0.0:*               LISTEN     \n",
    );
    expect(inetRow(inet({ proto: "tcp6", local: { address: "::", port: 80 }, remote: { address: "::", port: null } }), v)).toBe(
      "tcp6       0      0 [::]:http               [::]:*                  LISTEN     \n",
    );
    expect(inetRow(inet({ proto: "udp6", state: "CLOSE", stateCode: 7, local: { address: "::", port: 123 }, remote: { address: "::", port: null } }), v)).toBe(
      "udp6       0      0 [::]:ntp                [::]:*                             \n",
    );
    expect(inetRow(inet({ proto: "raw6", state: "CLOSE", stateCode: 7, local: { address: "::", port: 58 }, remote: { address: "::", port: null } }), v)).toBe(
      "raw6       0      0 [::]:ipv6-icmp          [::]:*                  7          \n",
    );
    const long = inet({ proto: "tcp", local: { address: "127.0.0.5", port: 8080 }, remote: { address: "127.0.0.5", port: 40001 }, state: "ESTABLISHED", stateCode: 1 });
    expect(inetRow(long, v)).toBe("tcp        0      0 a-really-long-:http-alt a-really-long-hos:40001 ESTABLISHED\n");
    expect(inetRow(long, { ...v, wide: true })).toBe(
      "tcp        0      0 a-really-long-hostname.example.test:http-alt a-really-long-hostname.example.test:40001 ESTABLISHED\n",
    );
  });
});

describe("unixRow: exact lines", () => {
  it.each([
    [unix(), view(), "unix  3      [ ]         STREAM     CONNECTED     1144973  \n"],
    [unix({ inode: 0, state: "CONNECTING", stateCode: 2, path: "/tmp/tsn-demo/usock/stream.sock" }), view(), "unix  3      [ ]         STREAM     CONNECTING    0        /tmp/tsn-demo/usock/stream.sock\n"],
    [unix({ refCnt: 2, flags: ["ACC"], state: "LISTENING", stateCode: 1, type: "SEQPACKET", typeCode: 5, inode: 1144976, path: "/tmp/seq.sock" }), view(), "unix  2      [ ACC ]     SEQPACKET  LISTENING     1144976  /tmp/seq.sock\n"],
    [unix({ refCnt: 2, type: "DGRAM", typeCode: 2, state: null, stateCode: 1, inode: 1144975, path: "@bd484" }), view(), "unix  2      [ ]         DGRAM                    1144975  @bd484\n"],
    [unix({ path: "/tmp/with space.sock" }), view(), "unix  3      [ ]         STREAM     CONNECTED     1144973  /tmp/with space.sock\n"],
    [unix({ path: "/tmp/new\nline" }), view(), "unix  3      [ ]         STREAM     CONNECTED     1144973  /tmp/new\\nline\n"],
    [unix({ path: "@evil\x1b[8m" }), view(), "unix  3      [ ]         STREAM     CONNECTED     1144973  @evil\\x1b[8m\n"],
    [unix({ protocol: 1 }), view(), "??    3      [ ]         STREAM     CONNECTED     1144973  \n"],
    [unix({ type: "UNKNOWN", typeCode: 9, state: "UNKNOWN", stateCode: 7 }), view(), "unix  3      [ ]         UNKNOWN    UNKNOWN       1144973  \n"],
    [unix({ refCnt: 1234567, inode: 123456789 }), view(), "unix  1234567 [ ]         STREAM     CONNECTED     123456789 \n"],
    [unix({ owners: [owner(11261, "python3")] }), view({ programs: true }), "unix  3      [ ]         STREAM     CONNECTED     1144973  11261/python3        \n"],
    [unix({ inode: 0, path: "/p" }), view({ programs: true }), "unix  3      [ ]         STREAM     CONNECTED     0        -                    /p\n"],
    [unix({ path: "/p" }), view({ extend: true, timers: true, wide: true }), "unix  3      [ ]         STREAM     CONNECTED     1144973  /p\n"],
  ])("%#", (s, v, line) => {
    expect(unixRow(s, v)).toBe(line);
  });
});

// ---- sockets read on other platforms ------------------------------------------------------------

describe("rows of sockets another platform's reader made (neutral fields only)", () => {
  const text = (state: string | null): InetSocket["detail"] => ({ source: "netstat", platform: "freebsd", state, protoText: null, dualStack: false, pcb: null, zone: null });
  const bsd = (over: Partial<InetSocket>): InetSocket => ({
    ...linuxInet({ proto: "tcp" }),
    recvQ: null,
    sendQ: null,
    uid: null,
    inode: null,
    detail: text("LISTEN"),
    ...over,
  });

  it("unknown numbers print '-', -o prints '-' for the timer", () => {
    expect(inetRow(bsd({}), view({ extend: true, timers: true, numericUsers: false }))).toBe(
      "tcp        -      - 127.0.0.1:9001          0.0.0.0:*               LISTEN      -          -          -\n",
    );
  });

  it("UDP state from the neutral state; raw prints the platform's own state, or nothing", () => {
    expect(inetRow(bsd({ proto: "udp", state: "ESTABLISHED", remote: { address: "10.0.0.1", port: 53 } }), view())).toBe(
      "udp        -      - 127.0.0.1:9001          10.0.0.1:53             ESTABLISHED\n",
    );
    expect(inetRow(bsd({ proto: "udp", state: null }), view())).toBe("udp        -      - 127.0.0.1:9001          0.0.0.0:*                          \n");
    expect(inetRow(bsd({ proto: "raw", family: "inet6", state: null, local: { address: "::", port: 58 }, remote: { address: "::", port: null }, detail: text("Idle") }), view())).toBe(
      "raw6       -      - :::58                   :::*                    Idle       \n",
    );
    expect(inetRow(bsd({ proto: "raw", state: null, detail: text(null) }), view())).toBe("raw        -      - 127.0.0.1:9001          0.0.0.0:*                          \n");
  });

  it("a UNIX socket without Linux detail: '-' for RefCnt and Inode, no flags", () => {
    const s: UnixSocket = { ...linuxUnix({ state: "LISTENING", path: "/var/run/x.sock" }), inode: null, detail: { source: "netstat", platform: "darwin", pcb: "0xfff", conn: null } };
    expect(unixRow(s, view())).toBe("unix  -      [ ]         STREAM     LISTENING     -        /var/run/x.sock\n");
  });
});
