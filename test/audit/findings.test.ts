// The audit's pure judgement: each finding kind from hand-made facts, where it applies and where not.

import { describe, expect, it } from "vitest";
import type { InetSocket, Owner } from "../../src/model.js";
import { baselineEntry, judge } from "../../src/audit/findings.js";
import type { AuditFacts } from "../../src/audit/findings.js";
import type { BaselineEntry, Finding, PacketSocket, ProcessFacts } from "../../src/audit/types.js";

const owner = (pid: number, program = "svc"): Owner => ({ pid, fd: 3, program, comm: program, cmdline: program });

function sock(over: Partial<InetSocket> & { local: InetSocket["local"] }): InetSocket {
  const family = over.local.address.includes(":") ? "inet6" : "inet";
  return {
    proto: "tcp",
    family,
    remote: { address: family === "inet" ? "0.0.0.0" : "::", port: null },
    state: "LISTEN",
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 1000 + (over.local.port ?? 0),
    owners: [owner(10)],
    ownerStatus: "complete",
    detail: { source: "proc", platform: "linux", stateCode: 10, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
    ...over,
  };
}

const proc = (pid: number, exe: string | null, argv: string[] = [exe ?? "?"]): [number, ProcessFacts] => [
  pid,
  { pid, exe, exeError: exe === null ? "denied" : null, argv },
];

const SERVICES: Record<number, string> = { 22: "ssh", 25: "smtp", 3306: "mysql", 8080: "http-alt" };

function facts(over: Partial<AuditFacts>): AuditFacts {
  return {
    sockets: [],
    reread: null,
    packets: [],
    processes: new Map([proc(10, "/usr/sbin/svc")]),
    service: (port) => SERVICES[port] ?? null,
    user: (uid) => (uid === 0 ? "root" : null),
    interfaces: new Map([[2, "eth0"]]),
    scan: null,
    other: null,
    baseline: null,
    ephemeral: { low: 32768, high: 60999 },
    selected: () => true,
    ...over,
  };
}

const brief = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port} [${f.pids.join(",")}]`);

describe("judge", () => {
  it("finds nothing in a clean table", () => {
    const j = judge(facts({ sockets: [sock({ local: { address: "127.0.0.1", port: 22 } })] }));
    expect(j.findings).toEqual([]);
    expect(j.listeners.map((l) => [l.scope, l.service, l.executable, l.user])).toEqual([["loopback", "ssh", "/usr/sbin/svc", "root"]]);
  });

  it("hidden-listener: an open port no listener covers, and a covering wildcard of either family", () => {
    const sockets = [sock({ local: { address: "0.0.0.0", port: 22 } }), sock({ local: { address: "::", port: 25 } })];
    const scan = {
      addresses: ["127.0.0.1", "::1"],
      ports: [22, 25, 4444],
      open: [
        { address: "127.0.0.1", port: 22 },
        { address: "127.0.0.1", port: 25 },
        { address: "::1", port: 25 },
        { address: "127.0.0.1", port: 4444 },
      ],
      seconds: 1,
    };
    const j = judge(facts({ sockets, scan }));
    expect(brief(j.findings)).toEqual(["high hidden-listener tcp 127.0.0.1 4444 []"]);
  });

  it("a listener seen only in the re-read table still covers its port", () => {
    const scan = { addresses: ["127.0.0.1"], ports: [4444], open: [{ address: "127.0.0.1", port: 4444 }], seconds: 1 };
    const reread = [sock({ local: { address: "127.0.0.1", port: 4444 } })];
    expect(judge(facts({ scan, reread })).findings).toEqual([]);
  });

  it("unreachable-listener: only where the scan looked", () => {
    const sockets = [
      sock({ local: { address: "127.0.0.1", port: 22 } }),
      sock({ local: { address: "10.1.1.1", port: 22 } }), // an address the scan did not probe
      sock({ local: { address: "127.0.0.1", port: 25 } }), // a port it did not probe
    ];
    const scan = { addresses: ["127.0.0.1"], ports: [22], open: [], seconds: 1 };
    expect(brief(judge(facts({ sockets, scan })).findings)).toEqual(["low unreachable-listener tcp 127.0.0.1 22 [10]"]);
  });

  it("view-mismatch: both directions, and no complaint about a listener no process holds", () => {
    const sockets = [
      sock({ local: { address: "127.0.0.1", port: 22 } }),
      sock({ local: { address: "127.0.0.1", port: 25 } }),
      sock({ local: { address: "127.0.0.1", port: 8080 }, owners: [] }),
    ];
    const other = {
      name: "lsof",
      listeners: [
        { proto: "tcp" as const, address: "127.0.0.1", port: 22, pids: [10] },
        { proto: "tcp" as const, address: "127.0.0.1", port: 3306, pids: [77] },
      ],
    };
    const j = judge(facts({ sockets, other }));
    expect(brief(j.findings.filter((f) => f.kind === "view-mismatch"))).toEqual([
      "high view-mismatch tcp 127.0.0.1 3306 [77]",
      "medium view-mismatch tcp 127.0.0.1 25 [10]",
    ]);
    expect(j.findings.find((f) => f.port === 3306)?.seen).toBe("lsof shows tcp 127.0.0.1:3306 listening (pid 77); the socket table does not.");
  });

  it("unexplained-port: unnamed ports only, silenced by the baseline", () => {
    const l = sock({ local: { address: "127.0.0.1", port: 47001 } });
    const named = sock({ local: { address: "127.0.0.1", port: 22 } });
    expect(brief(judge(facts({ sockets: [l, named] })).findings)).toEqual(["low unexplained-port tcp 127.0.0.1 47001 [10]"]);
    const processes = new Map([proc(10, "/usr/sbin/svc")]);
    const baseline = [baselineEntry(l, processes), baselineEntry(named, processes)];
    expect(judge(facts({ sockets: [l, named], baseline })).findings).toEqual([]);
  });

  it("unknown-owner: the reason decides the severity", () => {
    const kernel = sock({ local: { address: "0.0.0.0", port: 22 }, owners: [] });
    const notRoot = sock({ local: { address: "127.0.0.1", port: 25 }, owners: [], ownerStatus: "partial" });
    const exited = sock({ local: { address: "127.0.0.1", port: 8080 }, owners: [], inode: 5 });
    const j = judge(facts({ sockets: [kernel, notRoot, exited], reread: [kernel, notRoot] }));
    expect(j.findings.map((f) => `${f.severity} ${f.kind} ${f.port} ${/\(([^)]*)\)\.$/.exec(f.seen)?.[1]}`)).toEqual([
      "medium unknown-owner 22 no process here holds it: a kernel socket, or a process in another pid namespace",
      "info unknown-owner 25 not root: the processes of other users could not be read",
      "info unknown-owner 8080 exited: the socket was gone when the table was read again",
    ]);
  });

  it("shell-listening: judged from the executable, not argv[0]; a script run by an interpreter is not a shell", () => {
    const sockets = [
      sock({ local: { address: "127.0.0.1", port: 22 }, owners: [owner(20, "sshd")] }),
      sock({ local: { address: "127.0.0.1", port: 25 }, owners: [owner(21, "python3")] }),
      sock({ local: { address: "127.0.0.1", port: 8080 }, owners: [owner(22, "bash")] }),
      sock({ local: { address: "127.0.0.1", port: 3306 }, owners: [owner(23, "python3")] }),
    ];
    const processes = new Map([
      proc(20, "/usr/bin/bash", ["sshd"]),
      proc(21, "/usr/bin/python3.11", ["python3", "-u", "/srv/app.py"]),
      proc(22, "/usr/sbin/nginx", ["bash"]), // argv[0] lies the other way: not a shell
      proc(23, "/usr/bin/python3.11", ["python3", "-c", "import socket"]),
    ]);
    const j = judge(facts({ sockets, processes }));
    expect(brief(j.findings)).toEqual(["high shell-listening tcp 127.0.0.1 22 [20]", "high shell-listening tcp 127.0.0.1 3306 [23]"]);
    expect(j.findings[0]?.seen).toBe('pid 20 runs /usr/bin/bash (argv[0] says "sshd"), a shell, and is listening on tcp 127.0.0.1:22.');
  });

  it("deleted-executable and suspicious-path, for connections too, once per process", () => {
    const conn = sock({
      local: { address: "10.0.0.5", port: 40000 },
      remote: { address: "203.0.113.9", port: 443 },
      state: "ESTABLISHED",
      owners: [owner(30, "kworker")],
    });
    const conn2 = { ...conn, local: { address: "10.0.0.5", port: 40001 } };
    const hidden = sock({ local: { address: "127.0.0.1", port: 22 }, owners: [owner(31, "x")] });
    const processes = new Map([proc(30, "/dev/shm/.x/kworker (deleted)"), proc(31, "/home/u/.cache/x")]);
    const j = judge(facts({ sockets: [conn, conn2, hidden], processes }));
    expect(brief(j.findings)).toEqual([
      "high deleted-executable tcp 10.0.0.5 40000 [30]",
      "high suspicious-path tcp 10.0.0.5 40000 [30]",
      "high suspicious-path tcp 127.0.0.1 22 [31]",
    ]);
    expect(j.findings[1]?.seen).toBe(
      "pid 30 runs /dev/shm/.x/kworker: it runs from /dev/shm, a directory anyone may write to; it is connected from tcp 10.0.0.5:40000.",
    );
    expect(j.findings[2]?.seen).toBe("pid 31 runs /home/u/.cache/x: it runs from a hidden directory (.cache); it is listening on tcp 127.0.0.1:22.");
  });

  it("wildcard-bind: a normally local service on every address, not on the loopback", () => {
    const sockets = [
      sock({ local: { address: "0.0.0.0", port: 3306 } }),
      sock({ local: { address: "::", port: 6001 } }),
      sock({ local: { address: "127.0.0.1", port: 6379 } }),
      sock({ local: { address: "0.0.0.0", port: 8080 } }),
    ];
    const j = judge(facts({ sockets, service: (p) => (p === 6379 ? "redis" : (SERVICES[p] ?? (p === 6001 ? "x11-1" : null))) }));
    expect(brief(j.findings)).toEqual(["medium wildcard-bind tcp 0.0.0.0 3306 [10]", "medium wildcard-bind tcp :: 6001 [10]"]);
  });

  it("raw-socket: raw and packet sockets, the packet one only when nothing narrows the audit", () => {
    const raw = sock({ proto: "raw", local: { address: "0.0.0.0", port: 1 }, state: null });
    const packets: PacketSocket[] = [{ type: 3, protocol: 3, ifindex: 2, uid: 0, inode: 9, pids: [10] }];
    expect(brief(judge(facts({ sockets: [raw], packets })).findings)).toEqual([
      "medium raw-socket raw 0.0.0.0 1 [10]",
      "medium raw-socket packet eth0 null [10]",
    ]);
    const narrowed = judge(facts({ sockets: [raw], packets, selected: (p, fam) => p !== "packet" && fam === "inet" }));
    expect(brief(narrowed.findings)).toEqual(["medium raw-socket raw 0.0.0.0 1 [10]"]);
  });

  it("new-listener and gone-listener against a baseline", () => {
    const kept = sock({ local: { address: "127.0.0.1", port: 22 } });
    const added = sock({ local: { address: "127.0.0.1", port: 3306 } });
    const gone: BaselineEntry = { proto: "tcp", family: "inet", scope: "all", address: null, port: 25, executable: "/usr/sbin/exim4" };
    const processes = new Map([proc(10, "/usr/sbin/svc")]);
    const j = judge(facts({ sockets: [kept, added], baseline: [baselineEntry(kept, processes), gone] }));
    expect(brief(j.findings)).toEqual(["medium new-listener tcp 127.0.0.1 3306 [10]", "low gone-listener tcp 0.0.0.0 25 []"]);
  });

  it("the selection (-4 -6 -t -u) limits what is reported, not what covers a scanned port", () => {
    const v6 = sock({ local: { address: "::", port: 47001 } });
    const scan = { addresses: ["127.0.0.1"], ports: [47001], open: [{ address: "127.0.0.1", port: 47001 }], seconds: 1 };
    const j = judge(facts({ sockets: [v6], scan, selected: (_p, fam) => fam === "inet" }));
    expect(j.findings).toEqual([]);
    expect(j.listeners).toEqual([]);
  });
});
