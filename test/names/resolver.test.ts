// src/names/resolver.ts without a network: node:dgram is replaced by sockets this test drives
// (what each server answers, when, or that it cannot be reached), and `getent` by a script of the
// test's own on PATH. Server failover, connect and send errors, silence, close().

import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { EventEmitter } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** A UDP socket as the resolver uses it, recording what it is asked to do. */
class FakeSocket extends EventEmitter {
  server: string | null = null;
  readonly sent: Uint8Array[] = [];
  closed = false;
  /** Makes the next send() fail with this error (as an unreachable server's ECONNREFUSED does). */
  sendError: Error | null = null;
  constructor(readonly type: string) {
    super();
  }
  unref(): void {}
  connect(port: number, address: string, cb: () => void): void {
    expect(port).toBe(53);
    this.server = address;
    queueMicrotask(cb);
  }
  send(packet: Uint8Array, cb: (err: Error | null) => void): void {
    this.sent.push(packet);
    const err = this.sendError;
    queueMicrotask(() => cb(err));
  }
  close(): void {
    this.closed = true;
  }
  /** A datagram arriving from `from`:`port`. */
  receive(msg: Uint8Array, from = this.server ?? "", port = 53): void {
    this.emit("message", Buffer.from(msg), { address: from, port, family: "IPv4", size: msg.length });
  }
}

const sockets: FakeSocket[] = [];
vi.mock("node:dgram", () => ({
  default: {
    createSocket: (type: string) => {
      const s = new FakeSocket(type);
      sockets.push(s);
      return s;
    },
  },
}));

const { getentHosts, udpPtrResolver } = await import("../../src/names/resolver.js");

const QNAME = "1.0.0.10.in-addr.arpa";

/** The reply a server gives to `query`: rcode, and a PTR record for `name` when given. */
function reply(query: Uint8Array, rcode: number, name?: string): Uint8Array {
  const rdata = name === undefined ? [] : [...name.split(".").flatMap((l) => [l.length, ...Buffer.from(l, "latin1")]), 0];
  const answer = name === undefined ? [] : [0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, rdata.length >> 8, rdata.length & 0xff, ...rdata];
  const out = new Uint8Array([...query, ...answer]);
  out[2] = 0x81; // QR, RD
  out[3] = 0x80 | rcode; // RA
  out[7] = name === undefined ? 0 : 1; // ANCOUNT
  return out;
}

/** Let connect callbacks and sends run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** The socket that talks to `server`, once it exists. */
const socketOf = (server: string): FakeSocket | undefined => sockets.find((s) => s.server === server);

beforeEach(() => {
  sockets.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("udpPtrResolver", () => {
  it("asks the first server only, and takes its answer", async () => {
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    const first = socketOf("10.9.0.1");
    expect(sockets.map((s) => [s.type, s.server])).toEqual([["udp4", "10.9.0.1"]]);
    expect(first?.sent).toHaveLength(1);
    first?.receive(reply(first.sent[0] ?? new Uint8Array(), 0, "host.example"));
    expect(await answer).toEqual({ status: "success", name: "host.example" });
    r.close();
    expect(first?.closed).toBe(true);
  });

  it.each([
    [2, "SERVFAIL"],
    [4, "NOTIMP"],
    [5, "REFUSED"],
  ])("rcode %i (%s) passes the query to the next server at once", async (rcode) => {
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    const first = socketOf("10.9.0.1");
    first?.receive(reply(first.sent[0] ?? new Uint8Array(), rcode));
    await settle();
    const second = socketOf("10.9.0.2");
    expect(second?.sent).toHaveLength(1);
    second?.receive(reply(second.sent[0] ?? new Uint8Array(), 0, "second.example"));
    expect(await answer).toEqual({ status: "success", name: "second.example" });
    r.close();
  });

  it("every server refusing is 'not found'", async () => {
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    for (const server of ["10.9.0.1", "10.9.0.2"]) {
      const s = socketOf(server);
      s?.receive(reply(s.sent[0] ?? new Uint8Array(), 5));
      await settle();
    }
    expect(await answer).toEqual({ status: "notfound", name: null });
    r.close();
  });

  it("a server that cannot be reached (socket error) passes its queries on", async () => {
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    socketOf("10.9.0.1")?.emit("error", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    await settle();
    const second = socketOf("10.9.0.2");
    expect(second?.sent).toHaveLength(1);
    second?.receive(reply(second.sent[0] ?? new Uint8Array(), 3));
    expect(await answer).toEqual({ status: "notfound", name: null });
    r.close();
  });

  it("a failed send passes the query on; the last server failing too is 'not found'", async () => {
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    // the sockets exist only once asked: make every send fail from the start
    const create = FakeSocket.prototype.send;
    FakeSocket.prototype.send = function (this: FakeSocket, packet, cb) {
      this.sendError = new Error("send ECONNREFUSED");
      create.call(this, packet, cb);
    };
    try {
      const answer = r.ptr(QNAME);
      expect(await answer).toEqual({ status: "notfound", name: null });
      expect(sockets.map((s) => [s.server, s.sent.length])).toEqual([
        ["10.9.0.1", 1],
        ["10.9.0.2", 1],
      ]);
    } finally {
      FakeSocket.prototype.send = create;
      r.close();
    }
  });

  it("a silent server: the next one is asked after its share of the time, and a late first answer still counts", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const r = udpPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    expect(socketOf("10.9.0.2")).toBeUndefined();
    vi.advanceTimersByTime(499);
    await settle();
    expect(socketOf("10.9.0.2")).toBeUndefined();
    vi.advanceTimersByTime(1);
    await settle();
    expect(socketOf("10.9.0.2")?.sent).toHaveLength(1);
    const first = socketOf("10.9.0.1");
    first?.receive(reply(first.sent[0] ?? new Uint8Array(), 0, "late.example"));
    expect(await answer).toEqual({ status: "success", name: "late.example" });
    r.close();
  });

  it("answers from another address or port, or to another id, are ignored", async () => {
    const r = udpPtrResolver(["10.9.0.1"], 1000);
    const answer = r.ptr(QNAME);
    await settle();
    const s = socketOf("10.9.0.1");
    const query = s?.sent[0] ?? new Uint8Array();
    s?.receive(reply(query, 0, "spoofed.example"), "10.9.0.66");
    s?.receive(reply(query, 0, "spoofed.example"), "10.9.0.1", 5353);
    const other = reply(query, 0, "other.example");
    other[0] = (other[0] ?? 0) ^ 0xff;
    s?.receive(other);
    s?.receive(reply(query, 0, "real.example"));
    expect(await answer).toEqual({ status: "success", name: "real.example" });
    r.close();
  });

  it("close() settles what is pending as 'tryagain', closes the sockets, and answers later queries 'not found'", async () => {
    const r = udpPtrResolver(["10.9.0.1", "fd00::53"], 1000);
    const a = r.ptr(QNAME);
    const b = r.ptr("2.0.0.10.in-addr.arpa");
    await settle();
    r.close();
    expect(await a).toEqual({ status: "tryagain", name: null });
    expect(await b).toEqual({ status: "tryagain", name: null });
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(await r.ptr(QNAME)).toEqual({ status: "notfound", name: null });
  });

  it("no server at all: 'not found' without a socket", async () => {
    const r = udpPtrResolver([], 1000);
    expect(await r.ptr(QNAME)).toEqual({ status: "notfound", name: null });
    expect(sockets).toEqual([]);
    r.close();
  });
});

describe("getentHosts (a getent of this test's own on PATH)", () => {
  const bin = mkdtempSync(join(tmpdir(), "tsn-core-getent-"));
  const path = process.env.PATH;
  afterAll(() => {
    process.env.PATH = path;
    rmSync(bin, { recursive: true, force: true });
  });

  function fakeGetent(script: string): void {
    writeFileSync(join(bin, "getent"), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, "getent"), 0o755);
    process.env.PATH = `${bin}:${path ?? ""}`;
  }

  it("names the addresses getent answers, matched by value whatever the spelling; others stay unnamed", async () => {
    // getent prints each address found as glibc spells it, with the first name
    fakeGetent(`for a in "$@"; do case "$a" in
      10.0.0.1) echo "10.0.0.1        one.example one" ;;
      ::ffff:10.0.0.2) echo "::ffff:10.0.0.2 two.example" ;;
      fd00:0::1) echo "fd00::1         six.example" ;;
    esac; done; exit 2`);
    const g = getentHosts(["10.0.0.1", "::ffff:10.0.0.2", "fd00:0::1", "10.0.0.9"]);
    expect(await g.found).toEqual(
      new Map([
        ["10.0.0.1", "one.example"],
        ["::ffff:10.0.0.2", "two.example"],
        ["fd00:0::1", "six.example"],
      ]),
    );
  });

  it("close() kills the getent processes still running, and `found` settles with what came", async () => {
    const marker = join(bin, "answered");
    fakeGetent(`[ "$1 $2" = "hosts 10.0.0.1" ] && echo "10.0.0.1 quick.example" && : > "${marker}"; exec sleep 30`);
    const g = getentHosts(["10.0.0.1", "10.0.0.2"]);
    // until the quick one has answered (and a moment for its line to arrive), both still running
    for (let i = 0; i < 400 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    g.close();
    expect(await g.found).toEqual(new Map([["10.0.0.1", "quick.example"]]));
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("no getent on PATH: nothing found, no error", async () => {
    process.env.PATH = bin;
    rmSync(join(bin, "getent"), { force: true });
    const g = getentHosts(["10.0.0.1"]);
    expect(await g.found).toEqual(new Map());
  });
});
