// readers/netstat-live.ts with an injected command runner: what a reader asks of netstat and lsof,
// how it joins owners (by kernel address for UNIX sockets, by endpoints for Internet ones), what it
// says when not root, and which tables it reports missing. No process is started.

import { describe, expect, it } from "vitest";
import { netstatReader, type NetstatPlatform } from "../../src/readers/netstat-live.js";
import type { CommandResult, CommandRunner, RunOptions } from "../../src/readers/run.js";
import { NOT_ROOT_NOTICE } from "../../src/readers/lsof/index.js";
import type { ReadRequest } from "../../src/readers/types.js";
import { UnknownColumns } from "../../src/format/unknown.js";
import { plan } from "../../src/select.js";
import type { Family, IpProtocol } from "../../src/select.js";
import { fixture } from "../support/fixtures.js";

const FREEBSD: NetstatPlatform = { platform: "freebsd", layout: "freebsd", args: ["-anW"], tables: ["tcp", "udp", "raw", "unix"] };

/** Answers netstat with a fixture and lsof with `lsof`; records every call. */
function fakeRunner(lsof: string): { runner: CommandRunner; calls: { command: string; args: readonly string[]; options?: RunOptions }[] } {
  const calls: { command: string; args: readonly string[]; options?: RunOptions }[] = [];
  const runner: CommandRunner = {
    run: (command, args, options): Promise<CommandResult> => {
      calls.push({ command, args, ...(options === undefined ? {} : { options }) });
      const stdout = command === "netstat" ? fixture("freebsd/freebsd-netstat-an-1.txt") : lsof;
      return Promise.resolve({ ok: true, status: 0, stdout, stderr: "" });
    },
  };
  return { runner, calls };
}

const request = (protocols: IpProtocol[], families: Family[], owners: ReadRequest["owners"]): ReadRequest => ({
  plan: plan({ protocols: new Set(protocols), families: new Set(families) }),
  mode: "all",
  owners,
  verbose: false,
  root: null,
});

// lsof -F0: devd holds the UNIX socket netstat lists at fffff80003abf000; sshd the IPv4 listener
const LSOF = "p400\0cdevd\0u0\0\nf4\0tunix\0d0xfffff80003abf000\0n/var/run/devd.pipe\0\np700\0csshd\0u0\0\nf3\0tIPv4\0d0xfffff80003ac2000\0PTCP\0n*:22\0TST=LISTEN\0\n";

describe("netstatReader", () => {
  it("runs netstat with the platform's arguments, lsof only for owners", async () => {
    const { runner, calls } = fakeRunner(LSOF);
    await netstatReader(FREEBSD, { runner, privileged: true }).read(request(["tcp"], [], "none"));
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([["netstat", "-anW"]]);
    await netstatReader(FREEBSD, { runner, privileged: true }).read(request(["tcp"], [], "all"));
    expect(calls.map((c) => [c.command, ...c.args]).slice(1)).toEqual([["netstat", "-anW"], ["lsof", "-n", "-P", "-w", "-i", "-U", "-F", "0pcuftdinPT"]]);
  });

  it("not root: owners are partial, and the notice says why once", async () => {
    const { runner } = fakeRunner(LSOF);
    const snap = await netstatReader(FREEBSD, { runner, privileged: false }).read(request([], ["unix"], "all"));
    expect(snap.ownerNotice).toBe(NOT_ROOT_NOTICE);
    const devd = snap.unix?.find((s) => s.path === "/var/run/devd.pipe");
    // netstat prints the address bare, lsof with 0x: the same socket
    expect(devd).toMatchObject({ owners: [{ pid: 400, fd: 4, program: "devd" }], ownerStatus: "partial" });
    expect(snap.unix?.filter((s) => s.owners.length > 0).length).toBe(1);
    expect(snap.unix?.every((s) => s.ownerStatus === "partial")).toBe(true);
  });

  it("root: owners complete, no notice; Internet sockets joined by endpoints", async () => {
    const { runner } = fakeRunner(LSOF);
    const snap = await netstatReader(FREEBSD, { runner, privileged: true }).read(request(["tcp"], ["inet"], "first"));
    expect(snap.ownerNotice).toBeNull();
    expect(snap.inet.map((s) => [`${s.local.address}:${s.local.port ?? "*"}`, s.owners.map((o) => o.pid), s.ownerStatus])).toEqual([
      ["192.168.71.163:22", [], "complete"],
      ["127.0.0.1:25", [], "complete"],
      ["0.0.0.0:22", [700], "complete"],
    ]);
  });

  it("reports the tables its netstat does not list, as netstat's rule says (readers/missing.ts)", async () => {
    const { runner } = fakeRunner("");
    const snap = await netstatReader(FREEBSD, { runner }).read(request(["tcp", "sctp", "udplite"], [], "none"));
    expect(snap.missing).toEqual(["sctp", "udplite"]);
  });

  it("streams Internet rows when asked, and names its command as the origin", async () => {
    const { runner } = fakeRunner("");
    const seen: string[] = [];
    const snap = await netstatReader(FREEBSD, { runner }).read({ ...request(["udp"], [], "none"), onInet: (s) => seen.push(`${s.family} ${s.local.port ?? "*"}`) });
    expect({ seen, inet: snap.inet, origin: snap.origin, failed: snap.failed }).toEqual({ seen: ["inet 514", "inet6 514"], inet: [], origin: "netstat -anW", failed: false });
  });
});

describe("UnknownColumns: one note per column a source leaves blank", () => {
  it("names the column, the count and the source; -e and -o only when shown", async () => {
    const { runner } = fakeRunner("");
    const snap = await netstatReader(FREEBSD, { runner }).read(request([], [], "none"));
    const u = new UnknownColumns();
    for (const s of snap.inet) u.addInet(s);
    for (const s of snap.unix ?? []) u.addUnix(s);
    expect(u.notes({ extend: false, timers: false }, "netstat -anW")).toBe('tsnetstat: netstat -anW gives no reference count or inode of UNIX sockets for 14 sockets: RefCnt and I-Node show "-" there\n');
    expect(u.notes({ extend: true, timers: true }, "netstat -anW")).toBe(
      'tsnetstat: netstat -anW gives no owner uid or inode for 6 sockets: User and Inode show "-" there\n' +
        'tsnetstat: netstat -anW gives no timers for 6 sockets: Timer shows "-" there\n' +
        'tsnetstat: netstat -anW gives no reference count or inode of UNIX sockets for 14 sockets: RefCnt and I-Node show "-" there\n',
    );
  });
});
