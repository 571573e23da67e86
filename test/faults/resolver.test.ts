// The resolver fault matrix (issue 7): name servers that cannot be reached, resolv.conf files that
// are missing or odd, and servers that answer with garbage, late or only over TCP. Every case must
// print the whole table (names from /etc/hosts, numbers where DNS gave nothing), write nothing on
// stderr, exit 0, and finish within its bound. Where netstat is quick to give the same answer the
// output is also compared with netstat's byte for byte. Runs in a namespace of its own
// (faults_scenario.py holds the sockets and the DNS servers); each case binds its own /etc.
// The cases that speak DNS over TCP run one after the other, after the others: a DNS connection
// is a row of the TCP table, and must not show in the table of a case running beside it.

import { describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { scenarioLab, sortedRows } from "./fault-lab.js";

const HEAD = "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
/** The table when the DNS answer for 10.77.0.1 arrives (rows sorted: see sortedRows). */
const NAMED = sortedRows(
  HEAD +
    "tcp        0      0 svc.example.test:webalt 0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 127.0.0.18:53           0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 127.0.0.21:53           0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 peer.test:40001         svc.example.test:webalt ESTABLISHED\n" +
    "tcp        0      0 svc.example.test:webalt peer.test:40001         ESTABLISHED\n",
);
/** The table when it does not: 10.77.0.1 numeric, peer.test still from /etc/hosts. */
const NUMERIC = sortedRows(
  HEAD +
    "tcp        0      0 10.77.0.1:webalt        0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 127.0.0.18:53           0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 127.0.0.21:53           0.0.0.0:*               LISTEN     \n" +
    "tcp        0      0 peer.test:40001         10.77.0.1:webalt        ESTABLISHED\n" +
    "tcp        0      0 10.77.0.1:webalt        peer.test:40001         ESTABLISHED\n",
);
/** The table when DNS says "not found" and nsswitch.conf stops there: no name at all. */
const NO_NAMES = sortedRows(NUMERIC.replace(/peer\.test/g, "10.77.0.2"));
/** The table when /etc/hosts names 10.77.0.1 (as hosts.file.entry) before DNS is asked. */
const FILES_FIRST = sortedRows(NAMED.replace(/svc\.example\.test/g, "hosts.file.entry"));

const ETC = {
  hosts: "127.0.0.1 localhost\n10.77.0.2 peer.test\n",
  services: "webalt 8000/tcp\n",
  "nsswitch.conf": "hosts: files dns\n",
};

interface Case {
  readonly name: string;
  /** resolv.conf, or null for none at all. */
  readonly resolv: string | null;
  readonly expect: "named" | "numeric" | "no names" | "files first";
  /** Also compare with netstat (only where glibc gives up at once: it waits 5 s per silent server). */
  readonly netstat: boolean;
  /** --dns-timeout for the run, and the bound on its whole time. */
  readonly dnsTimeoutMs: number;
  /** Other files of /etc than ETC's (null: none). */
  readonly etc?: Readonly<Record<string, string | null>>;
  /** RES_OPTIONS for both tools. */
  readonly resOptions?: string;
}

const TABLES = { named: NAMED, numeric: NUMERIC, "no names": NO_NAMES, "files first": FILES_FIRST };

const CASES: readonly Case[] = [
  { name: "a server that answers (the baseline)", resolv: "nameserver 127.0.0.11\n", expect: "named", netstat: true, dnsTimeoutMs: 1000 },
  { name: "unreachable IPv6 server (no route)", resolv: "nameserver 2001:db8::53\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "unreachable IPv4 server (no route)", resolv: "nameserver 10.9.9.9\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "link-local server with a scope", resolv: "nameserver fe80::1%lo\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "link-local server with an unknown scope", resolv: "nameserver fe80::1%nosuch0\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  {
    name: "three unreachable servers, then one that answers (only three are used, as glibc's MAXNS)",
    resolv: "nameserver 2001:db8::53\nnameserver 10.9.9.9\nnameserver fe80::1%lo\nnameserver 127.0.0.11\n",
    expect: "numeric",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  {
    name: "two unreachable servers, then one that answers",
    resolv: "nameserver 2001:db8::53\nnameserver 10.9.9.9\nnameserver 127.0.0.11\n",
    expect: "named",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  { name: "no nameserver line (127.0.0.1, where nothing listens)", resolv: "search example.test\noptions ndots:2\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "no resolv.conf at all", resolv: null, expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  {
    name: "garbage lines around a good server",
    resolv: "\x00\xff\xfe garbage\nnameserver\nnameserver not-an-address\nnameserver 300.1.2.3\noptions ndots:x timeout:\nnameserver 127.0.0.11 trailing words\n#nameserver 10.9.9.9\n",
    expect: "named",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  { name: "options timeout:30 attempts:5 with a silent server: --dns-timeout still bounds it", resolv: "options timeout:30 attempts:5\nnameserver 127.0.0.19\n", expect: "numeric", netstat: false, dnsTimeoutMs: 400 },
  { name: "a 5-byte answer", resolv: "nameserver 127.0.0.12\n", expect: "numeric", netstat: false, dnsTimeoutMs: 400 },
  { name: "an answer with the wrong id", resolv: "nameserver 127.0.0.13\n", expect: "numeric", netstat: false, dnsTimeoutMs: 400 },
  { name: "an answer whose name is a compression loop", resolv: "nameserver 127.0.0.14\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "an answer whose name is longer than 255 bytes", resolv: "nameserver 127.0.0.15\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "an answer whose name holds control bytes (not a host name: numeric, as glibc's res_hnok)", resolv: "nameserver 127.0.0.16\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "an answer 3 s late: not waited for, and the run does not wait for it either", resolv: "nameserver 127.0.0.17\n", expect: "numeric", netstat: false, dnsTimeoutMs: 400 },
  {
    // nss_dns tests the errno it had on entry (dns-host.c), not res_send's ECONNREFUSED: "not found"
    name: "no server reachable, with 'dns [!UNAVAIL=return] files': DNS said 'not found', so no /etc/hosts",
    resolv: "nameserver 127.0.0.1\n",
    etc: { "nsswitch.conf": "hosts: dns [!UNAVAIL=return] files\n" },
    expect: "no names",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  {
    name: "no nsswitch.conf: glibc's built-in 'files dns', so /etc/hosts wins over the DNS answer",
    resolv: "nameserver 127.0.0.11\n",
    etc: { "nsswitch.conf": null, hosts: "127.0.0.1 localhost\n10.77.0.1 hosts.file.entry\n10.77.0.2 peer.test\n" },
    expect: "files first",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
];

/** DNS over TCP (res_send.c send_vc): after a truncated answer, or with options use-vc. */
const TCP_CASES: readonly Case[] = [
  { name: "a truncated answer (TC bit): asked again over TCP, the name", resolv: "nameserver 127.0.0.18\n", expect: "named", netstat: true, dnsTimeoutMs: 1000 },
  { name: "a truncated answer from a server that refuses TCP", resolv: "nameserver 127.0.0.20\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  {
    name: "a truncated answer, TCP refused, with 'dns [!UNAVAIL=return] files': DNS said 'not found', so no /etc/hosts",
    resolv: "nameserver 127.0.0.20\n",
    etc: { "nsswitch.conf": "hosts: dns [!UNAVAIL=return] files\n" },
    expect: "no names",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  {
    // the second server answers REFUSED over UDP: only a query still over TCP gets the name
    name: "a truncated answer, TCP refused, then the next server: asked over TCP too (v_circuit stays)",
    resolv: "nameserver 127.0.0.20\nnameserver 127.0.0.21\n",
    expect: "named",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
  { name: "options use-vc: over TCP from the start (REFUSED over UDP, the name over TCP)", resolv: "options use-vc\nnameserver 127.0.0.21\n", expect: "named", netstat: true, dnsTimeoutMs: 1000 },
  { name: "options use-vc with a server that has no TCP", resolv: "options use-vc\nnameserver 127.0.0.11\n", expect: "numeric", netstat: true, dnsTimeoutMs: 1000 },
  { name: "use-vc after a '#' on the options line still counts (res_setoptions reads every word)", resolv: "options ndots:1 # use-vc\nnameserver 127.0.0.21\n", expect: "named", netstat: true, dnsTimeoutMs: 1000 },
  { name: "RES_OPTIONS=use-vc", resolv: "nameserver 127.0.0.21\n", resOptions: "use-vc", expect: "named", netstat: true, dnsTimeoutMs: 1000 },
  {
    // whichever server a query starts at, it ends with the name: over TCP at .18, or REFUSED at .21 and then .18
    name: "options rotate over a truncating server and a refusing one",
    resolv: "options rotate\nnameserver 127.0.0.18\nnameserver 127.0.0.21\n",
    expect: "named",
    netstat: true,
    dnsTimeoutMs: 1000,
  },
];

/** Start-up, reading and printing on a busy 2-core machine, on top of the DNS bound. */
const SLACK_MS = 2500;

describe.skipIf(skipRootTests("resolver fault matrix"))("resolver faults: the table is printed, numeric where DNS gave nothing", () => {
  const lab = scenarioLab();

  const check = async (c: Case): Promise<void> => {
    const etc = lab.etcDir({ ...ETC, ...c.etc, "resolv.conf": c.resolv });
    const args = ["-ta", `--dns-timeout=${c.dnsTimeoutMs}`];
    const shell = c.resOptions === undefined ? {} : { shell: `RES_OPTIONS='${c.resOptions}' exec "$@"` };
    const ts = await lab.run([process.execPath, lab.bin(), ...args], { etc, ...shell });
    expect({ stderr: ts.stderr, status: ts.status }).toEqual({ stderr: "", status: 0 });
    expect(sortedRows(ts.stdout)).toBe(TABLES[c.expect]);
    expect(ts.ms).toBeLessThan(c.dnsTimeoutMs + SLACK_MS);
    if (c.netstat) {
      const ns = await lab.run(["netstat", "-ta"], { etc, ...shell });
      expect(ts.stdout).toBe(ns.stdout);
    }
  };

  for (const c of CASES) it.concurrent(c.name, () => check(c));
  for (const c of TCP_CASES) it(c.name, () => check(c));

  // after the concurrent cases (their resolver sockets would show in this table)
  it("as nobody, with an unreachable server: the same table as netstat", async () => {
    const etc = lab.etcDir({ ...ETC, "resolv.conf": "nameserver 2001:db8::53\nnameserver 10.9.9.9\n" });
    for (const args of [["-tuap"], ["-tuae"]]) {
      const ts = await lab.tsnetstat(args, { etc, user: "nobody" });
      const ns = await lab.run(["netstat", ...args], { etc, user: "nobody" });
      expect(ts.status).toBe(0);
      expect(ts.stdout).toBe(ns.stdout);
      expect(ts.stderr).toBe(ns.stderr.replace(/^netstat: /gm, "tsnetstat: "));
    }
  });
});
