// /etc faults (issue 7): hosts, services, passwd, protocols and nsswitch.conf missing, empty,
// unreadable, huge (100,000 lines) or malformed. Each case binds its own /etc over the real one in
// a private mount namespace (fault-lab.ts) and compares tsnetstat -tae with netstat -tae byte for
// byte: names where the files give them, numbers where they do not, nothing on stderr, status 0.
// The one intended difference: a name with control bytes is escaped.

import { describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { scenarioLab, sortedRows } from "./fault-lab.js";

const NSSWITCH = "passwd: files\ngroup: files\nhosts: files\nservices: files\nprotocols: files\nnetworks: files\n";
const BASE: Record<string, string | null> = {
  hosts: "127.0.0.1 localhost\n10.77.0.2 peer.test\n",
  services: "webalt 8000/tcp\ndomain 53/tcp\n",
  passwd: "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
  group: "root:x:0:\nnogroup:x:65534:\n",
  protocols: "ip 0 IP\ntcp 6 TCP\nudp 17 UDP\n",
  "nsswitch.conf": NSSWITCH,
};

const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join("\n") + "\n";

interface Case {
  readonly name: string;
  readonly files: Record<string, string | null>;
  readonly modes?: Record<string, number>;
  readonly user?: "nobody";
  /** What the table must show (checked on tsnetstat's sorted rows), beyond equality with netstat. */
  readonly shows: readonly string[];
}

const CASES: readonly Case[] = [
  { name: "every file in place (the baseline)", files: {}, shows: ["peer.test:40001", ":webalt", " root "] },
  { name: "no /etc/hosts", files: { hosts: null }, shows: ["10.77.0.2:40001"] },
  { name: "an empty /etc/hosts", files: { hosts: "" }, shows: ["10.77.0.2:40001"] },
  { name: "an unreadable /etc/hosts (as nobody)", files: {}, modes: { hosts: 0 }, user: "nobody", shows: ["10.77.0.2:40001"] },
  {
    name: "a 100,000-line /etc/hosts, the entry last",
    files: { hosts: lines(100_000, (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} host-${i}.test alias-${i}`).replace(/^10\.1\.119\.2 .*$/m, "") + "10.77.0.2 peer.test\n" },
    shows: ["peer.test:40001"],
  },
  {
    name: "a malformed /etc/hosts around the entry",
    files: { hosts: "garbage\n10.77.0.300 bad.test\n\0\0\0\n10.77.0.2\n   \t\n# 10.77.0.2 commented.test\n10.77.0.2 peer.test\n" },
    // glibc takes "10.77.0.2" alone as an entry with an empty name, and so does tsnetstat
    shows: [" :40001 "],
  },
  { name: "no /etc/services", files: { services: null }, shows: ["10.77.0.1:8000", "peer.test:40001"] },
  {
    name: "a malformed /etc/services",
    files: { services: "webalt\nwebalt x/tcp\nwebalt 99999999/tcp\nbad 8000\n\0\xff\nwebalt 8000/tcp\n" },
    shows: [":webalt"],
  },
  { name: "a 100,000-line /etc/services", files: { services: lines(100_000, (i) => `svc-${i} ${10000 + (i % 50000)}/udp`) + "webalt 8000/tcp\n" }, shows: [":webalt"] },
  { name: "no /etc/passwd", files: { passwd: null }, shows: [" 0          "] },
  { name: "a malformed /etc/passwd", files: { passwd: "root\nroot:x:zero:0::/:/bin/sh\n::::\n\0\nroot:x:0:0:root:/root:/bin/sh\n" }, shows: [" root "] },
  { name: "no /etc/protocols", files: { protocols: null }, shows: [":webalt"] },
  { name: "a malformed /etc/protocols", files: { protocols: "tcp\ntcp six TCP\n\xff\xfe\n" }, shows: [":webalt"] },
  // glibc's built-in "files dns" (nss/nss_database.c): /etc/hosts answers first
  { name: "no /etc/nsswitch.conf", files: { "nsswitch.conf": null }, shows: [":webalt", "peer.test:40001"] },
  { name: "an empty /etc/nsswitch.conf", files: { "nsswitch.conf": "" }, shows: [":webalt", "peer.test:40001"] },
  {
    name: "odd /etc/nsswitch.conf lines glibc skips",
    files: { "nsswitch.conf": "hosts:\n: files\n\0\nservices: nosuchmodule files\nhosts: files [!SUCCESS=continue] bogus\npasswd: files\n" },
    shows: [":webalt", " root "],
  },
];

describe.skipIf(skipRootTests("/etc fault matrix"))("/etc faults: names where the files give them, numbers elsewhere, as netstat", () => {
  const lab = scenarioLab();

  for (const c of CASES) {
    it.concurrent(c.name, async () => {
      const etc = lab.etcDir({ ...BASE, ...c.files }, c.modes);
      const ts = await lab.tsnetstat(["-tae"], { etc, ...(c.user ? { user: c.user } : {}) });
      const ns = await lab.run(["netstat", "-tae"], { etc, ...(c.user ? { user: c.user } : {}) });
      expect({ status: ts.status, stderr: ts.stderr }).toEqual({ status: 0, stderr: "" });
      expect(ts.ms).toBeLessThan(5000);
      expect(sortedRows(ts.stdout)).toBe(sortedRows(ns.stdout));
      for (const s of c.shows) expect(sortedRows(ts.stdout)).toContain(s);
    });
  }

  // glibc rejects the whole file on some syntax errors (then netstat shows every number); tsnetstat
  // skips what it cannot read and keeps the rest (README: When things go wrong)
  it.concurrent("a malformed /etc/nsswitch.conf: the readable entries are used", async () => {
    const etc = lab.etcDir({ ...BASE, "nsswitch.conf": "hosts files [NOTFOUND=\npasswd: [\nhosts: files\nservices: files\n" });
    const ts = await lab.tsnetstat(["-tae"], { etc });
    expect({ status: ts.status, stderr: ts.stderr }).toEqual({ status: 0, stderr: "" });
    expect(sortedRows(ts.stdout).replace(/ \d+ +\n/g, "\n")).toBe(
      sortedRows(
        "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode     \n" +
          "tcp        0      0 10.77.0.1:webalt        0.0.0.0:*               LISTEN      root      \n" +
          "tcp        0      0 127.0.0.18:domain       0.0.0.0:*               LISTEN      root      \n" +
          "tcp        0      0 127.0.0.21:domain       0.0.0.0:*               LISTEN      root      \n" +
          "tcp        0      0 10.77.0.1:webalt        peer.test:40001         ESTABLISHED root      \n" +
          "tcp        0      0 peer.test:40001         10.77.0.1:webalt        ESTABLISHED root      \n",
      ),
    );
  });

  it.concurrent("a host name with control bytes is escaped (netstat prints the bytes)", async () => {
    const etc = lab.etcDir({ ...BASE, hosts: "10.77.0.2 ev\x1b[31mil\n" });
    const ts = await lab.tsnetstat(["-ta"], { etc });
    const ns = await lab.run(["netstat", "-ta"], { etc });
    expect({ status: ts.status, stderr: ts.stderr }).toEqual({ status: 0, stderr: "" });
    expect(ns.stdout).toContain("ev\x1b[31mil:40001");
    const a = (s: string): string => s.padEnd(23);
    expect(sortedRows(ts.stdout)).toBe(
      sortedRows(
        "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n" +
          `tcp        0      0 ${a("10.77.0.1:webalt")} ${a("0.0.0.0:*")} LISTEN     \n` +
          `tcp        0      0 ${a("127.0.0.18:domain")} ${a("0.0.0.0:*")} LISTEN     \n` +
          `tcp        0      0 ${a("127.0.0.21:domain")} ${a("0.0.0.0:*")} LISTEN     \n` +
          `tcp        0      0 ${a("10.77.0.1:webalt")} ${a("ev\\x1b[31mil:40001")} ESTABLISHED\n` +
          `tcp        0      0 ${a("ev\\x1b[31mil:40001")} ${a("10.77.0.1:webalt")} ESTABLISHED\n`,
      ),
    );
  });
});
