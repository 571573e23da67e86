// The I/O of host names: reverse DNS to the resolv.conf name servers, over UDP and, for a truncated
// answer or `options use-vc`, over TCP; every query concurrent, nothing outliving close(). The
// decisions (what a reply means, how TCP frames messages) are in dns-wire.ts and dns-tcp.ts.

import dgram from "node:dgram";
import net from "node:net";
import type { LookupFunction } from "node:net";
import { spawn } from "node:child_process";
import type { ChildProcess, ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { frameMessage, takeFrames } from "./dns-tcp.js";
import { decodePtrResponse, encodePtrQuery } from "./dns-wire.js";
import type { PtrResult } from "./dns-wire.js";
import type { NssStatus } from "./etc.js";
import { parseAddress, sameBytes } from "./inet.js";

export interface PtrAnswer {
  readonly status: NssStatus;
  readonly name: string | null;
}

export interface PtrResolver {
  /** The PTR name of `qname`; settles by close() at the latest. */
  ptr(qname: string): Promise<PtrAnswer>;
  /** Settle every pending query as not found and release the sockets. */
  close(): void;
}

/** The resolv.conf options that change how queries are sent (glibc resolv/res_init.c res_setoptions). */
export interface ResolverOptions {
  /** `use-vc` (RES_USEVC): every query over TCP (resolv/res_send.c: v_circuit from the start). */
  readonly useVc?: boolean;
  /** `rotate` (RES_ROTATE): each query starts at the next server, the first at a random one (res_send.c nameserver_offset). */
  readonly rotate?: boolean;
}

/**
 * TCP connections open to one server at a time. glibc has one at a time (one query after the other);
 * RFC 7766 6.2.2 asks clients to keep concurrent connections to a server few. Queries beyond wait
 * for one to end, within the same deadline.
 */
export const TCP_CONNECTIONS_PER_SERVER = 4;

interface Server {
  readonly address: string;
  readonly bytes: Uint8Array | null;
  /** Its socket once asked; "failed" once it could not be reached (every later query skips it). */
  socket: dgram.Socket | "failed" | null;
  /** Sends waiting for connect(); null once connected. */
  queue: (() => void)[] | null;
  /** TCP connections open to it now, and the exchanges waiting for one (each says whether it opened one). */
  tcpOpen: number;
  readonly tcpWaiting: (() => boolean)[];
}

interface Pending {
  readonly id: number;
  readonly qname: string;
  readonly packet: Uint8Array;
  /** The servers in the order to ask them (indexes): from the first one (0, or the rotation's) on. */
  readonly order: readonly number[];
  /** Servers asked so far, and those that asked us to go elsewhere. */
  readonly asked: Set<number>;
  readonly refused: Set<number>;
  /** Over TCP from now on: use-vc, or a truncated answer (res_send keeps v_circuit for the rest of the query). */
  vc: boolean;
  /** Servers asked over TCP. */
  readonly tcpAsked: Set<number>;
  /** Its TCP connections, ended when it settles. */
  readonly streams: Set<net.Socket>;
  readonly timers: NodeJS.Timeout[];
  readonly settle: (a: PtrAnswer) => void;
}

const NOT_FOUND: PtrAnswer = { status: "notfound", name: null };
const TRY_AGAIN: PtrAnswer = { status: "tryagain", name: null };

/** Servers are addresses (etc.ts parseResolvConf): a host name here is an error, never a lookup. */
const noLookup: LookupFunction = (hostname, _options, callback) => {
  callback(Object.assign(new Error(`not an address: ${hostname}`), { code: "EINVAL" }), "", 4);
};

/** A socket event handler that cannot throw into the event loop (a failure there is the exchange failing). */
function safely<A extends unknown[]>(handler: (...args: A) => void, failed: () => void): (...args: A) => void {
  return (...args) => {
    try {
      handler(...args);
    } catch {
      try {
        failed();
      } catch {
        // nothing more to do
      }
    }
  };
}

/** The order in which a query asks `count` servers, starting at `first`. */
export function serverOrder(count: number, first: number): number[] {
  return Array.from({ length: count }, (_, i) => (first + i) % count);
}

/**
 * Queries go to the first server (with `rotate`, each query to the next one); a server that answers
 * SERVFAIL/REFUSED/NOTIMP or cannot be reached passes the query on at once, one that stays silent
 * after its share of `timeoutMs` passes it on too (still listening to the earlier ones), as glibc's
 * res_send walks its servers. A truncated answer is asked again of the same server over TCP, and
 * the rest of that query goes over TCP, as res_send's send_vc after send_dg; with `useVc` every
 * query does.
 *
 * Every way a server can fail (the socket cannot be made, connect() fails at once or later, a
 * send fails or throws, an error event, the socket closes under us, a reply that cannot be read;
 * over TCP: refused, reset, closed before the answer) ends in one place, `refuse`: that server has
 * refused, and the query goes on to the next. Nothing here throws into the event loop.
 */
export function dnsPtrResolver(servers: readonly string[], timeoutMs: number, options: ResolverOptions = {}): PtrResolver {
  const list: Server[] = servers.map((address) => ({
    address,
    bytes: parseAddress(address.replace(/%.*$/, ""))?.bytes ?? null,
    socket: null,
    queue: [],
    tcpOpen: 0,
    tcpWaiting: [],
  }));
  const pending = new Map<number, Pending>();
  const streams = new Set<net.Socket>();
  let closed = false;
  const slice = Math.max(1, Math.floor(timeoutMs / Math.max(1, list.length)));
  // res_send.c nameserver_offset: a random start, then one further for every query
  let rotation = Math.floor(Math.random() * 0x10000);

  const finish = (p: Pending, a: PtrAnswer): void => {
    if (pending.get(p.id) !== p) return;
    pending.delete(p.id);
    for (const t of p.timers) clearTimeout(t);
    for (const s of p.streams) s.destroy();
    p.settle(a);
  };

  /** This server refused `p` (or could not be reached): ask the next one. */
  const refuse = (p: Pending, index: number): void => {
    if (p.refused.has(index)) return;
    p.refused.add(index);
    passOn(p);
  };

  /** The server cannot be reached: it refuses everything asked of it, now and later. */
  const unreachable = (index: number): void => {
    const server = list[index];
    if (server === undefined || server.socket === "failed") return;
    const s = server.socket;
    server.socket = "failed";
    server.queue = null;
    if (s !== null) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    if (closed) return;
    // a query already over TCP to it waits for that answer
    for (const p of [...pending.values()]) if (p.asked.has(index) && !p.tcpAsked.has(index)) refuse(p, index);
  };

  /** What response `r` from server `index` does to `p`. */
  const respond = (p: Pending, index: number, r: PtrResult): void => {
    switch (r.kind) {
      case "ignore":
        return;
      case "name":
        return finish(p, { status: "success", name: r.name });
      case "notfound":
        return finish(p, NOT_FOUND);
      case "tryagain":
        return finish(p, TRY_AGAIN);
      case "next-server":
        return refuse(p, index);
      case "truncated":
        // res_send.c: send_dg sets v_circuit on TC, and the same server is asked again with send_vc
        p.vc = true;
        return askTcp(p, index);
    }
  };

  const onMessage = (index: number, msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    const server = list[index];
    const from = parseAddress(rinfo.address.replace(/%.*$/, ""))?.bytes;
    if (server === undefined || rinfo.port !== 53 || from === undefined || server.bytes === null || !sameBytes(from, server.bytes)) return;
    if (msg.length < 2) return;
    const p = pending.get(msg.readUInt16BE(0));
    if (p === undefined || !p.asked.has(index) || p.tcpAsked.has(index)) return;
    respond(p, index, decodePtrResponse(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), p.id, p.qname, "udp"));
  };

  const socketFor = (index: number): dgram.Socket | null => {
    const server = list[index];
    if (server === undefined || server.bytes === null || server.socket === "failed") return null;
    if (server.socket !== null) return server.socket;
    let s: dgram.Socket;
    try {
      s = dgram.createSocket(server.bytes.length === 4 ? "udp4" : "udp6");
    } catch {
      server.socket = "failed";
      return null;
    }
    server.socket = s;
    s.on("message", (msg, rinfo) => {
      try {
        onMessage(index, msg, rinfo);
      } catch {
        // a reply that cannot be read is this server refusing
        unreachable(index);
      }
    });
    // an unreachable server (ICMP errors on a connected socket, a failed send): its queries go on
    s.on("error", () => unreachable(index));
    s.on("close", () => {
      if (server.socket === s) unreachable(index);
    });
    s.unref();
    // a connected socket hears the ICMP "port unreachable" of a server that is not there
    // (ECONNREFUSED at once, as glibc's res_send does), where an unconnected one waits out the deadline.
    // connect() reports a failure (no route, a bad scope) to its callback, not as an "error" event,
    // and a send() on a socket that never connected would be taken for an unconnected one: a failed
    // connect is the server refusing.
    try {
      s.connect(53, server.address, (err?: Error) => {
        if (err) return unreachable(index);
        if (server.socket !== s) return;
        const queued = server.queue ?? [];
        server.queue = null;
        for (const send of queued) send();
      });
    } catch {
      unreachable(index);
      return null;
    }
    return s;
  };

  /** Open the TCP connections the server has room for, to the exchanges waiting longest. */
  const pumpTcp = (server: Server): void => {
    while (server.tcpOpen < TCP_CONNECTIONS_PER_SERVER) {
      const open = server.tcpWaiting.shift();
      if (open === undefined) return;
      if (open()) server.tcpOpen++;
    }
  };

  /** Ask `p` of server `index` over TCP (once per server and query), as soon as a connection may be opened. */
  const askTcp = (p: Pending, index: number): void => {
    const server = list[index];
    if (server === undefined || p.refused.has(index) || p.tcpAsked.has(index)) return;
    p.tcpAsked.add(index);
    server.tcpWaiting.push(() => exchange(p, index, false));
    pumpTcp(server);
  };

  /**
   * One query over one TCP connection (res_send.c send_vc): connect, send the query with its length
   * (RFC 1035 4.2.2), read messages until the one with its id. Returns whether a socket was opened
   * (its "close" event gives its place back). A reset while waiting for the answer's length
   * connects once more (send_vc's connreset); any other failure passes the query on.
   */
  const exchange = (p: Pending, index: number, again: boolean): boolean => {
    const server = list[index];
    if (closed || server === undefined || pending.get(p.id) !== p) return false;
    let s: net.Socket;
    try {
      s = net.connect({ host: server.address, port: 53, lookup: noLookup });
    } catch {
      refuse(p, index);
      return false;
    }
    streams.add(s);
    p.streams.add(s);
    s.unref();
    let rest: Uint8Array = new Uint8Array(0);
    let over = false;
    /** This exchange is over; a `failure` (an errno code, "" when there is none) passes the query on. */
    const end = (failure: string | null): void => {
      if (over) return;
      over = true;
      s.destroy();
      if (failure === null || closed || pending.get(p.id) !== p) return;
      if (failure === "ECONNRESET" && !again && rest.length < 2) {
        server.tcpWaiting.unshift(() => exchange(p, index, true));
        return pumpTcp(server);
      }
      refuse(p, index);
    };
    const failed = (): void => end("EBADMSG");
    s.on(
      "data",
      safely((chunk: Buffer) => {
        const frames = takeFrames(rest, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        rest = frames.rest;
        for (const m of frames.messages) {
          if (over) return;
          const r = decodePtrResponse(m, p.id, p.qname, "tcp");
          if (r.kind === "next-server") return end("EMSGSIZE");
          if (r.kind !== "ignore") {
            end(null);
            return respond(p, index, r);
          }
        }
      }, failed),
    );
    s.on("error", safely((err: NodeJS.ErrnoException) => end(err.code ?? ""), failed));
    // the server closed before answering (send_vc: read() returns 0)
    s.on("end", safely(() => end(""), failed));
    s.on(
      "close",
      safely(() => {
        streams.delete(s);
        p.streams.delete(s);
        server.tcpOpen--;
        end("");
        pumpTcp(server);
      }, failed),
    );
    try {
      s.setNoDelay(true);
      // RFC 7766 8: the length and the message in one write
      s.write(frameMessage(p.packet));
    } catch {
      end("");
    }
    return true;
  };

  const ask = (p: Pending, index: number): void => {
    p.asked.add(index);
    if (p.vc) return askTcp(p, index);
    const s = socketFor(index);
    const server = list[index];
    if (s === null || server === undefined) {
      refuse(p, index);
      return;
    }
    const send = (): void => {
      if (closed || pending.get(p.id) !== p) return;
      try {
        // a connected socket reports an ICMP error once, to whichever call comes next (often the
        // send of another query): a failed send is the server failing, for every query sent to it
        s.send(p.packet, (err) => {
          if (err && !closed) unreachable(index);
        });
      } catch {
        if (!closed) refuse(p, index);
      }
    };
    if (server.queue === null) send();
    else server.queue.push(send);
  };

  /** Ask the next server not yet asked; when every server has refused, the answer is "not found". */
  const passOn = (p: Pending): void => {
    if (pending.get(p.id) !== p) return;
    for (const i of p.order) {
      if (!p.asked.has(i)) {
        ask(p, i);
        return;
      }
    }
    // not "unavail", even when no server could be reached: nss_dns (dns-host.c) answers
    // `errno == ECONNREFUSED ? NSS_STATUS_UNAVAIL : NSS_STATUS_NOTFOUND` after restoring the errno
    // it had on entry (netstat: "dns [!UNAVAIL=return] files" and no server shows numbers)
    if (p.refused.size >= list.length) finish(p, NOT_FOUND);
  };

  const newId = (): number => {
    for (;;) {
      const id = Math.floor(Math.random() * 0x10000);
      if (!pending.has(id)) return id;
    }
  };

  return {
    ptr(qname: string): Promise<PtrAnswer> {
      if (closed || list.length === 0) return Promise.resolve(NOT_FOUND);
      if (pending.size >= 0x8000) return Promise.resolve(TRY_AGAIN);
      return new Promise<PtrAnswer>((settle) => {
        const id = newId();
        const p: Pending = {
          id,
          qname,
          packet: encodePtrQuery(id, qname),
          order: serverOrder(list.length, options.rotate === true ? rotation++ % list.length : 0),
          asked: new Set(),
          refused: new Set(),
          vc: options.useVc === true,
          tcpAsked: new Set(),
          streams: new Set(),
          timers: [],
          settle,
        };
        pending.set(id, p);
        passOn(p);
        for (let i = 1; i < list.length; i++) {
          const t = setTimeout(() => passOn(p), slice * i);
          t.unref();
          p.timers.push(t);
        }
      });
    },
    close(): void {
      closed = true;
      for (const p of [...pending.values()]) finish(p, TRY_AGAIN);
      for (const server of list) {
        server.tcpWaiting.length = 0;
        const s = server.socket;
        server.socket = "failed";
        server.queue = null;
        if (s !== null && s !== "failed") {
          try {
            s.close();
          } catch {
            // already closed
          }
        }
      }
      for (const s of streams) s.destroy();
    },
  };
}

/** How many `getent` processes share the addresses of a system lookup. */
const GETENT_PROCESSES = 8;

/**
 * The system resolver itself, for hosts databases tsnetstat cannot answer on its own (nsswitch
 * modules other than files and dns): `getent hosts ADDRESS...` calls gethostbyaddr as netstat does.
 * getnameinfo on libuv's thread pool cannot be used: a blocked lookup cannot be cancelled, and the
 * process would wait for it at exit. Child processes can be killed: close() kills those still running.
 * `found` settles with the names found, by address as given, when every process has ended.
 */
export function getentHosts(addresses: readonly string[]): { found: Promise<Map<string, string>>; close(): void } {
  const running = new Set<ChildProcess>();
  const found = new Map<string, string>();
  const wanted = addresses.map((a) => ({ a, bytes: parseAddress(a)?.bytes ?? null }));
  const record = (line: string): void => {
    const m = /^(\S+)[ \t]+(\S*)/.exec(line);
    const bytes = m === null ? null : (parseAddress(m[1] ?? "")?.bytes ?? null);
    if (m === null || bytes === null) return;
    const hit = wanted.find((w) => w.bytes !== null && sameBytes(w.bytes, bytes) && !found.has(w.a));
    if (hit !== undefined) found.set(hit.a, m[2] ?? "");
  };
  const chunks: string[][] = [];
  addresses.forEach((a, i) => (chunks[i % GETENT_PROCESSES] ??= []).push(a));
  const children = chunks.map(
    (chunk) =>
      new Promise<void>((resolve) => {
        let child: ChildProcessByStdio<null, Readable, null>;
        try {
          child = spawn("getent", ["hosts", ...chunk], { stdio: ["ignore", "pipe", "ignore"] });
        } catch {
          resolve();
          return;
        }
        running.add(child);
        let partial = "";
        child.stdout.setEncoding("latin1");
        child.stdout.on("data", (data: string) => {
          partial += data;
          let nl: number;
          while ((nl = partial.indexOf("\n")) >= 0) {
            record(partial.slice(0, nl));
            partial = partial.slice(nl + 1);
          }
        });
        const done = (): void => {
          running.delete(child);
          resolve();
        };
        child.on("error", done);
        child.on("close", done);
      }),
  );
  return {
    found: Promise.all(children).then(() => found),
    close(): void {
      for (const child of running) child.kill("SIGKILL");
      running.clear();
    },
  };
}
