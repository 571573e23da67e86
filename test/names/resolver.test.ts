// src/names/resolver.ts without a network: node:dgram and node:net are replaced by sockets this
// test drives (what each server answers, when, in which chunks, or that it cannot be reached), and
// `getent` by a script of the test's own on PATH. Server failover, connect and send errors,
// silence, truncated answers asked again over TCP, use-vc, rotate, close().

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

/** A TCP connection as the resolver uses it: what it writes, and what the server does. */
class FakeStream extends EventEmitter {
  readonly written: Uint8Array[] = [];
  destroyed = false;
  unrefed = false;
  constructor(
    readonly host: string,
    readonly port: number,
    readonly lookup: unknown,
  ) {
    super();
  }
  unref(): this {
    this.unrefed = true;
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  write(data: Uint8Array): boolean {
    this.written.push(data);
    return true;
  }
  /** As net.Socket: "close" follows, later. */
  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true;
      queueMicrotask(() => this.emit("close", false));
    }
    return this;
  }
  /** The query it carries: what was written, without the two-byte length. */
  query(): Uint8Array {
    const all = Buffer.concat(this.written);
    expect(all.readUInt16BE(0)).toBe(all.length - 2);
    return new Uint8Array(all.subarray(2));
  }
  /** Bytes from the server, in these chunks. */
  receive(...chunks: Uint8Array[]): void {
    for (const c of chunks) this.emit("data", Buffer.from(c));
  }
  /** An error on the connection (ECONNREFUSED, ECONNRESET...), then its end, as net.Socket does. */
  fail(code: string): void {
    this.emit("error", Object.assign(new Error(code), { code }));
    this.destroy();
  }
  /** The server closes its side without (more) answers. */
  hangUp(): void {
    this.emit("end");
    this.destroy();
  }
}

const streams: FakeStream[] = [];
/** Hosts whose net.connect() throws at once. */
const throwingHosts = new Set<string>();
vi.mock("node:net", () => ({
  default: {
    connect: (o: { host: string; port: number; lookup: unknown }) => {
      if (throwingHosts.has(o.host)) throw new Error("connect failed");
      const s = new FakeStream(o.host, o.port, o.lookup);
      streams.push(s);
      return s;
    },
  },
}));

const { getentHosts, dnsPtrResolver, TCP_CONNECTIONS_PER_SERVER } = await import("../../src/names/resolver.js");

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
  streams.length = 0;
  throwingHosts.clear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("dnsPtrResolver", () => {
  it("asks the first server only, and takes its answer", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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

  // no server reached at all is still "not found": nss_dns tests the errno it had on entry, not
  // res_send's ECONNREFUSED (checked against netstat in test/faults/resolver.test.ts)
  it("a failed send passes the query on; the last server failing too is 'not found'", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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

  it("an ICMP error reported to the send of another query fails the server for every query sent to it", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const first = r.ptr(QNAME);
    await settle();
    // the first query's "port unreachable" comes back as the error of the second one's send
    const s = socketOf("10.9.0.1");
    if (s !== undefined) s.sendError = Object.assign(new Error("send ECONNREFUSED"), { code: "ECONNREFUSED" });
    const second = r.ptr("2.0.0.10.in-addr.arpa");
    await settle();
    expect(s?.closed).toBe(true);
    const next = socketOf("10.9.0.2");
    expect(next?.sent).toHaveLength(2);
    for (const q of next?.sent ?? []) next?.receive(reply(q, 3));
    expect(await first).toEqual({ status: "notfound", name: null });
    expect(await second).toEqual({ status: "notfound", name: null });
    r.close();
  });

  it("a silent server: the next one is asked after its share of the time, and a late first answer still counts", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
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
    const r = dnsPtrResolver(["10.9.0.1"], 1000);
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
    const r = dnsPtrResolver(["10.9.0.1", "fd00::53"], 1000);
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
    const r = dnsPtrResolver([], 1000);
    expect(await r.ptr(QNAME)).toEqual({ status: "notfound", name: null });
    expect(sockets).toEqual([]);
    r.close();
  });
});

/** A truncated reply (TC set, no records) to `query`. */
function truncated(query: Uint8Array): Uint8Array {
  const out = reply(query, 0);
  out[2] = 0x83; // QR, TC, RD
  return out;
}

/** `msg` with its two-byte length, as over TCP. */
const framed = (msg: Uint8Array): Uint8Array => new Uint8Array([msg.length >> 8, msg.length & 0xff, ...msg]);

/** The TCP connections made to `server`, in order. */
const streamsTo = (server: string): FakeStream[] => streams.filter((s) => s.host === server);

/** Ask `server` over UDP, and let it answer with the TC bit. */
async function truncate(server: string): Promise<void> {
  await settle();
  const s = socketOf(server);
  expect(s?.sent).toHaveLength(1);
  s?.receive(truncated(s.sent[0] ?? new Uint8Array()));
  await settle();
}

describe("dnsPtrResolver over TCP (res_send.c send_vc)", () => {
  it("a truncated answer is asked again of the same server over TCP; an answer split anywhere gives the name", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    const [tcp] = streamsTo("10.9.0.1");
    expect(streams).toHaveLength(1);
    expect([tcp?.port, typeof tcp?.lookup, tcp?.unrefed]).toEqual([53, "function", true]);
    const query = tcp?.query() ?? new Uint8Array();
    // the same query as over UDP, id and all
    expect(query).toEqual(new Uint8Array(socketOf("10.9.0.1")?.sent[0] ?? []));
    const bytes = framed(reply(query, 0, "over.tcp.example"));
    tcp?.receive(bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2, 9), bytes.slice(9));
    expect(await answer).toEqual({ status: "success", name: "over.tcp.example" });
    expect(tcp?.destroyed).toBe(true);
    expect(socketOf("10.9.0.2")).toBeUndefined();
    r.close();
  });

  it("a refused TCP connection passes the query on, and the next server is asked over TCP too (v_circuit stays)", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    streamsTo("10.9.0.1")[0]?.fail("ECONNREFUSED");
    await settle();
    expect(socketOf("10.9.0.2")).toBeUndefined();
    const [next] = streamsTo("10.9.0.2");
    next?.receive(framed(reply(next.query(), 0, "second.example")));
    expect(await answer).toEqual({ status: "success", name: "second.example" });
    r.close();
  });

  it("the only server truncating and refusing TCP: 'not found', as netstat shows it", async () => {
    const r = dnsPtrResolver(["10.9.0.1"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    streamsTo("10.9.0.1")[0]?.fail("ECONNREFUSED");
    expect(await answer).toEqual({ status: "notfound", name: null });
    r.close();
  });

  it("a reset before the answer's length connects once more (send_vc's connreset); a second reset passes the query on", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    // one byte of the length, then the reset: still waiting for the length
    streamsTo("10.9.0.1")[0]?.receive(new Uint8Array([0]));
    streamsTo("10.9.0.1")[0]?.fail("ECONNRESET");
    await settle();
    expect(streamsTo("10.9.0.1")).toHaveLength(2);
    expect(streamsTo("10.9.0.2")).toHaveLength(0);
    streamsTo("10.9.0.1")[1]?.fail("ECONNRESET");
    await settle();
    expect(streamsTo("10.9.0.1")).toHaveLength(2);
    const [next] = streamsTo("10.9.0.2");
    next?.receive(framed(reply(next.query(), 3)));
    expect(await answer).toEqual({ status: "notfound", name: null });
    r.close();
  });

  it("a reset inside the answer, the server closing first, or an answer shorter than a header pass the query on at once", async () => {
    for (const fault of ["reset inside", "hang up", "undersized"]) {
      streams.length = 0;
      sockets.length = 0;
      const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
      const answer = r.ptr(QNAME);
      await truncate("10.9.0.1");
      const [tcp] = streamsTo("10.9.0.1");
      if (fault === "reset inside") {
        tcp?.receive(new Uint8Array([0, 40, 1, 2, 3]));
        tcp?.fail("ECONNRESET");
      } else if (fault === "hang up") {
        tcp?.hangUp();
      } else {
        tcp?.receive(framed(new Uint8Array([0, 1, 2])));
      }
      await settle();
      expect(streamsTo("10.9.0.1"), fault).toHaveLength(1);
      expect(tcp?.destroyed, fault).toBe(true);
      const [next] = streamsTo("10.9.0.2");
      expect(next, fault).toBeDefined();
      next?.receive(framed(reply(next.query(), 0, "next.example")));
      expect(await answer, fault).toEqual({ status: "success", name: "next.example" });
      r.close();
    }
  });

  it("over TCP, messages for another id are skipped, and SERVFAIL ends the lookup (no next server)", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    const [tcp] = streamsTo("10.9.0.1");
    const query = tcp?.query() ?? new Uint8Array();
    const other = reply(query, 0, "other.example");
    other[0] = (other[0] ?? 0) ^ 0xff;
    tcp?.receive(new Uint8Array([...framed(other), ...framed(reply(query, 2))]));
    expect(await answer).toEqual({ status: "tryagain", name: null });
    await settle();
    expect(streamsTo("10.9.0.2")).toHaveLength(0);
    r.close();
  });

  it("a failing UDP socket does not pass on a query already waiting for that server over TCP", async () => {
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000);
    const answer = r.ptr(QNAME);
    await truncate("10.9.0.1");
    socketOf("10.9.0.1")?.emit("error", Object.assign(new Error("ECONNREFUSED"), { code: "ECONNREFUSED" }));
    await settle();
    expect(socketOf("10.9.0.2")).toBeUndefined();
    const [tcp] = streamsTo("10.9.0.1");
    tcp?.receive(framed(reply(tcp.query(), 0, "still.example")));
    expect(await answer).toEqual({ status: "success", name: "still.example" });
    r.close();
  });

  it("net.connect throwing is the server failing", async () => {
    throwingHosts.add("10.9.0.1");
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000, { useVc: true });
    const answer = r.ptr(QNAME);
    await settle();
    const [next] = streamsTo("10.9.0.2");
    next?.receive(framed(reply(next.query(), 0, "next.example")));
    expect(await answer).toEqual({ status: "success", name: "next.example" });
    r.close();
  });

  it("a silent TCP server: the next server is asked after its share of the time, and a late answer still counts", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2"], 1000, { useVc: true });
    const answer = r.ptr(QNAME);
    await settle();
    expect(streams.map((s) => s.host)).toEqual(["10.9.0.1"]);
    vi.advanceTimersByTime(500);
    await settle();
    expect(streams.map((s) => s.host)).toEqual(["10.9.0.1", "10.9.0.2"]);
    const [first] = streams;
    first?.receive(framed(reply(first.query(), 0, "late.example")));
    expect(await answer).toEqual({ status: "success", name: "late.example" });
    await settle();
    expect(streams.every((s) => s.destroyed)).toBe(true);
    r.close();
  });

  it("use-vc: every query over TCP from the start, no UDP socket at all", async () => {
    const r = dnsPtrResolver(["10.9.0.1"], 1000, { useVc: true });
    const answers = [r.ptr(QNAME), r.ptr("2.0.0.10.in-addr.arpa")];
    await settle();
    expect(sockets).toEqual([]);
    expect(streams).toHaveLength(2);
    for (const [i, s] of streams.entries()) s.receive(framed(reply(s.query(), 0, `vc${i}.example`)));
    expect(await Promise.all(answers)).toEqual([
      { status: "success", name: "vc0.example" },
      { status: "success", name: "vc1.example" },
    ]);
    r.close();
  });

  it(`at most ${TCP_CONNECTIONS_PER_SERVER} TCP connections to a server at once; the other queries wait for one to end`, async () => {
    const r = dnsPtrResolver(["10.9.0.1"], 1000, { useVc: true });
    const answers = Array.from({ length: TCP_CONNECTIONS_PER_SERVER + 2 }, (_, i) => r.ptr(`${i + 1}.0.0.10.in-addr.arpa`));
    await settle();
    expect(streams).toHaveLength(TCP_CONNECTIONS_PER_SERVER);
    streams[0]?.receive(framed(reply(streams[0].query(), 3)));
    expect(await answers[0]).toEqual({ status: "notfound", name: null });
    await settle();
    expect(streams).toHaveLength(TCP_CONNECTIONS_PER_SERVER + 1);
    streams[1]?.fail("ECONNREFUSED");
    await settle();
    expect(streams).toHaveLength(TCP_CONNECTIONS_PER_SERVER + 2);
    expect(streams.filter((s) => !s.destroyed)).toHaveLength(TCP_CONNECTIONS_PER_SERVER);
    r.close();
    expect(streams.every((s) => s.destroyed)).toBe(true);
    expect((await Promise.all(answers)).slice(2).every((a) => a.status === "tryagain")).toBe(true);
  });

  it("rotate: each query starts at the next server, the first at a random one (res_send.c nameserver_offset)", async () => {
    vi.spyOn(Math, "random").mockReturnValueOnce(4 / 0x10000); // the rotation's start: 4 % 3 = server 1
    try {
      const r = dnsPtrResolver(["10.9.0.1", "10.9.0.2", "10.9.0.3"], 1000, { rotate: true });
      for (let i = 0; i < 4; i++) void r.ptr(`${i + 1}.0.0.10.in-addr.arpa`);
      await settle();
      const firsts = ["10.9.0.1", "10.9.0.2", "10.9.0.3"].map((a) => socketOf(a)?.sent.length ?? 0);
      expect(firsts).toEqual([1, 2, 1]);
      const order = sockets.map((s) => s.server);
      expect(order).toEqual(["10.9.0.2", "10.9.0.3", "10.9.0.1"]);
      r.close();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("close() settles what waits for TCP or for a connection, destroys every TCP socket, and later events change nothing", async () => {
    const r = dnsPtrResolver(["10.9.0.1"], 1000, { useVc: true });
    const answers = Array.from({ length: TCP_CONNECTIONS_PER_SERVER + 1 }, (_, i) => r.ptr(`${i + 1}.0.0.10.in-addr.arpa`));
    await settle();
    r.close();
    expect(await Promise.all(answers)).toEqual(answers.map(() => ({ status: "tryagain", name: null })));
    expect(streams).toHaveLength(TCP_CONNECTIONS_PER_SERVER);
    expect(streams.every((s) => s.destroyed)).toBe(true);
    await settle();
    // what a destroyed socket could still report
    const [s] = streams;
    s?.receive(framed(reply(s.query(), 0, "too.late")));
    s?.fail("ECONNRESET");
    s?.hangUp();
    await settle();
    expect(streams).toHaveLength(TCP_CONNECTIONS_PER_SERVER);
    expect(await r.ptr(QNAME)).toEqual({ status: "notfound", name: null });
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
