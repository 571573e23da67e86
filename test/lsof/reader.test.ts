// The lsof reader behind the Reader seam, with a fake runner (what lsof printed in a capture),
// and the owner join of a netstat listing with lsof's sockets.

import { describe, expect, it } from "vitest";
import type { InetSocket, Socket, UnixSocket } from "../../src/model.js";
import { formatDiagnostic } from "../../src/model.js";
import type { CommandResult, CommandRunner, RunOptions } from "../../src/readers/run.js";
import { LSOF_ARGS, lsofReader, lsofSource } from "../../src/readers/lsof/index.js";
import { parseLsofFields } from "../../src/readers/lsof/fields.js";
import { joinOwners } from "../../src/readers/lsof/join.js";
import { parseLsofTable } from "../../src/readers/lsof/table.js";
import { lsofSockets } from "../../src/readers/lsof/sockets.js";
import type { ReadRequest } from "../../src/readers/types.js";
import type { IpProtocol, ListenMode } from "../../src/select.js";
import { plan } from "../../src/select.js";
import type { Family } from "../../src/select.js";
import { fixture } from "../support/fixtures.js";

/** A runner that answers one command with `result` and records what it was asked. */
class FakeRunner implements CommandRunner {
  calls: { command: string; args: readonly string[]; options: RunOptions | undefined }[] = [];
  constructor(private readonly result: CommandResult) {}
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.calls.push({ command, args, options });
    return Promise.resolve(this.result);
  }
}

const ok = (stdout: string, status = 0, stderr = ""): CommandResult => ({ ok: true, status, stdout, stderr });

const request = (protocols: IpProtocol[], families: Family[], mode: ListenMode, owners: ReadRequest["owners"] = "all"): ReadRequest => ({
  plan: plan({ protocols: new Set(protocols), families: new Set(families) }),
  mode,
  owners,
  verbose: false,
  root: null,
});

const ends = (s: Socket): string =>
  s.proto === "unix" ? `unix ${s.path}` : `${s.proto}/${s.family} ${s.local.address}:${s.local.port ?? "*"} ${s.remote.address}:${s.remote.port ?? "*"} ${s.state}`;

describe("the lsof Reader", () => {
  const capture = fixture("lsof/linux-lsof-F-default.out");

  it("runs lsof with the documented arguments, accepting exit status 1", async () => {
    const runner = new FakeRunner(ok(capture));
    await lsofReader({ runner, privileged: true, platform: "linux" }).read(request([], [], "all"));
    expect(runner.calls).toEqual([{ command: "lsof", args: ["-n", "-P", "-w", "-i", "-U", "-F", "0pcuftdinPT"], options: { okStatuses: [0, 1], timeoutMs: 60_000 } }]);
    expect(LSOF_ARGS).toEqual(runner.calls[0]?.args);
  });

  it("-ta: TCP only, each protocol's IPv4 sockets before its IPv6 ones", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok(capture)), privileged: true, platform: "linux" }).read(request(["tcp"], [], "all"));
    expect(snap.inet.map(ends)).toEqual([
      "tcp/inet 127.0.0.1:8080 0.0.0.0:* LISTEN",
      "tcp/inet 127.0.0.1:58996 127.0.0.1:8080 ESTABLISHED",
      "tcp/inet 127.0.0.1:8080 127.0.0.1:58996 ESTABLISHED",
      "tcp/inet6 :::22 :::* LISTEN",
      "tcp/inet6 ::1:60760 ::1:22 ESTABLISHED",
      "tcp/inet6 ::1:22 ::1:60760 ESTABLISHED",
    ]);
    expect(snap.unix).toBeNull();
    expect(snap).toMatchObject({ missing: [], diagnostics: [], ownerNotice: null });
    expect(snap.inet.every((s) => s.ownerStatus === "complete" && s.owners.length === 1)).toBe(true);
  });

  it("-ul: UDP servers only; without -p no owners", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok(capture)), privileged: true, platform: "linux" }).read(request(["udp"], [], "listening", "none"));
    expect(snap.inet.map(ends)).toEqual(["udp/inet 0.0.0.0:53 0.0.0.0:* CLOSE"]);
    expect(snap.inet.map((s) => [s.owners, s.ownerStatus])).toEqual([[[], "not-read"]]);
  });

  it("-x: UNIX sockets, and streaming to onInet when asked", async () => {
    const seen: InetSocket[] = [];
    const snap = await lsofReader({ runner: new FakeRunner(ok(fixture("lsof/linux-lsof-U-F.out"))), privileged: true, platform: "linux" }).read({
      ...request([], ["unix", "inet"], "all", "none"),
      onInet: (s) => seen.push(s),
    });
    expect(snap.unix?.map(ends)).toEqual(["unix /tmp/tsn-demo/lsof.sock"]);
    expect(seen).toEqual([]);
  });

  it("not root: owners are partial and the notice says why", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok(capture)), privileged: false, platform: "linux" }).read(request(["tcp"], [], "listening", "first"));
    expect(snap.ownerNotice).toBe("(Not all processes could be identified: lsof runs without root privileges and lists only this user's processes.)\n");
    expect(snap.inet.map((s) => s.ownerStatus)).toEqual(["partial", "partial"]);
  });

  it.each([
    [{ ok: false, failure: { kind: "missing", code: "ENOENT" }, stdout: "", stderr: "" }, "lsof is not installed (not found in PATH)"],
    [{ ok: false, failure: { kind: "exit", status: 2 }, stdout: "", stderr: "lsof: unknown option\n" }, "exited with status 2: lsof: unknown option"],
    [{ ok: false, failure: { kind: "timeout", ms: 10000 }, stdout: "p1\n", stderr: "" }, "stopped after 10000 ms (time limit)"],
    [{ ok: false, failure: { kind: "signal", signal: "SIGKILL" }, stdout: "", stderr: "" }, "killed by SIGKILL"],
  ] satisfies [CommandResult, string][])("a failed run is one diagnostic naming the command: %j", async (result, reason) => {
    const snap = await lsofReader({ runner: new FakeRunner(result), privileged: true, platform: "linux" }).read(request([], [], "all"));
    expect(snap.inet).toEqual([]);
    expect(snap.unix).toEqual([]);
    expect(snap.diagnostics.map(formatDiagnostic)).toEqual([`tsnetstat: lsof -n -P -w -i -U -F 0pcuftdinPT: ${reason} (no sockets listed)`]);
  });

  it("exit status 1 with a message: what was printed is read, and the message kept", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok(capture, 1, "lsof: WARNING: something\n")), privileged: true, platform: "linux" }).read(request(["tcp"], [], "listening"));
    expect(snap.inet).toHaveLength(2);
    expect(snap.diagnostics).toEqual([{ source: lsofSource(), line: null, message: "exited with status 1: lsof: WARNING: something" }]);
  });

  it("a malformed file set after the 100 lines of the capture is a diagnostic naming line 101; the other sockets are read", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok(`${capture}f12\ntIPv4\nPTCP\nnnot-an-address\n`)), privileged: true, platform: "linux" }).read(request(["tcp"], [], "all"));
    expect(snap.inet).toHaveLength(6);
    expect(snap.diagnostics).toEqual([{ source: lsofSource(), line: 101, message: 'address "not-an-address" has no port (descriptor 12 of process 11708)' }]);
  });

  it("--proc-root: lsof cannot read a copy, and says so", async () => {
    const snap = await lsofReader({ runner: new FakeRunner(ok("")), privileged: true, platform: "linux" }).read({ ...request([], [], "all"), root: "/srv/proc-copy" });
    expect(snap.diagnostics.map(formatDiagnostic)).toEqual(["tsnetstat: lsof -n -P -w -i -U -F 0pcuftdinPT: lsof reads the live system, not the copy in /srv/proc-copy"]);
  });
});

/** A BSD-style netstat listing of sockets without owners (what the platform readers parse). */
const listed = (local: [string, number | null], remote: [string, number | null], extra: { pcb?: string; family?: "inet" | "inet6"; proto?: "tcp" | "udp" } = {}): InetSocket => ({
  proto: extra.proto ?? "tcp",
  family: extra.family ?? "inet",
  local: { address: local[0], port: local[1] },
  remote: { address: remote[0], port: remote[1] },
  state: "LISTEN",
  recvQ: 0,
  sendQ: 0,
  uid: null,
  inode: null,
  owners: [],
  ownerStatus: "not-read",
  detail: { source: "netstat", platform: "darwin", state: "LISTEN", protoText: "tcp4", dualStack: false, pcb: extra.pcb ?? null, zone: null },
});

describe("joinOwners: lsof's processes on a netstat listing", () => {
  const holders = lsofSockets(parseLsofTable(fixture("lsof/lsof-i-macos-1.txt"), "l").records, { source: "l", platform: "darwin", ownerStatus: "complete" }).records;

  it("by kernel address when both print it: launchd's shared listeners get both descriptors", () => {
    const ssh6 = listed(["::", 22], ["::", null], { family: "inet6", pcb: "0xd7741fb83718b26b" });
    const ssh4 = listed(["0.0.0.0", 22], ["0.0.0.0", null], { pcb: "0xD7741FB8371919F3" });
    const joined = joinOwners([ssh6, ssh4], holders, "complete");
    expect(joined.sockets.map((s) => [s.ownerStatus, s.owners.map((o) => [o.pid, o.fd, o.program])])).toEqual([
      ["complete", [[1, 8, "launchd"], [1, 11, "launchd"]]],
      ["complete", [[1, 9, "launchd"], [1, 12, "launchd"]]],
    ]);
    expect(joined.ambiguous).toBe(0);
    expect(joined.unmatched).toHaveLength(holders.length - 2);
  });

  it("by protocol and both endpoints when no kernel address is printed; the scope is not compared", () => {
    const cups = listed(["127.0.0.1", 631], ["0.0.0.0", null]);
    const remoted = { ...listed(["fe80::aede:48ff:fe00:1122", 49157], ["::", null], { family: "inet6" }), local: { address: "fe80::aede:48ff:fe00:1122", port: 49157, scope: "en5" } };
    const nobody = listed(["127.0.0.1", 9999], ["0.0.0.0", null]);
    const udpTwin = listed(["127.0.0.1", 631], ["0.0.0.0", null], { proto: "udp" });
    const joined = joinOwners([cups, remoted, nobody, udpTwin], holders, "complete");
    expect(joined.sockets.map((s) => s.owners.map((o) => [o.pid, o.fd]))).toEqual([[[26008, 6]], [[77, 7]], [], []]);
    // the listing's own fields are kept; only owners and their status change
    expect(joined.sockets[1]).toEqual({ ...remoted, owners: joined.sockets[1]?.owners, ownerStatus: "complete" });
  });

  it("by inode (Linux), and a UNIX socket only by inode or kernel address", () => {
    const lsof = lsofSockets(
      [
        { line: 1, pid: 5, command: "a", uid: 0, fd: "3", type: "unix", device: "0xabc", inode: "900", protocol: null, name: "/run/a.sock type=STREAM", state: "LISTEN", recvQ: null, sendQ: null },
        { line: 2, pid: 6, command: "b", uid: 0, fd: "4", type: "unix", device: "0xabd", inode: "901", protocol: null, name: "/run/a.sock type=STREAM", state: "CONNECTED", recvQ: null, sendQ: null },
      ],
      { source: "x", platform: "linux", ownerStatus: "complete" },
    ).records;
    const u = (inode: number | null, path: string): UnixSocket => ({ proto: "unix", type: "STREAM", state: "CONNECTED", path, inode, owners: [], ownerStatus: "not-read", detail: { source: "netstat", platform: "linux", pcb: null, conn: null } });
    const joined = joinOwners([u(901, "/run/a.sock"), u(null, "/run/a.sock")], lsof, "complete");
    expect(joined.sockets.map((s) => s.owners.map((o) => o.pid))).toEqual([[6], []]);
  });

  it("sockets bound alike (SO_REUSEPORT) cannot be told apart by endpoints: owners merged, counted as ambiguous", () => {
    const text = ["p1", "ca", "f3", "tIPv4", "PTCP", "n*:80", "TST=LISTEN", "p2", "cb", "f3", "tIPv4", "PTCP", "n*:80", "TST=LISTEN", ""].join("\n");
    // without a kernel address lsof's two files are one socket by their endpoints too
    const two = lsofSockets(parseLsofFields(text, "x").records, { source: "x", platform: "darwin", ownerStatus: "complete" }).records;
    expect(two).toHaveLength(1);
    const a = listed(["0.0.0.0", 80], ["0.0.0.0", null]);
    const joined = joinOwners([a, { ...a }], two, "complete");
    expect(joined.ambiguous).toBe(2);
    expect(joined.sockets.map((s) => s.owners.map((o) => o.pid))).toEqual([[1, 2], [1, 2]]);
  });
});
