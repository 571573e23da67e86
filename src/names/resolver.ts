// The I/O of host names: reverse DNS over UDP to the resolv.conf name servers, every query
// concurrent, nothing outliving close(). The decisions (what a reply means) are in dns-wire.ts.

import dgram from "node:dgram";
import { spawn } from "node:child_process";
import type { ChildProcess, ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { decodePtrResponse, encodePtrQuery } from "./dns-wire.js";
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

interface Server {
  readonly address: string;
  readonly bytes: Uint8Array | null;
  /** Its socket once asked; "failed" once it could not be reached (every later query skips it). */
  socket: dgram.Socket | "failed" | null;
  /** Sends waiting for connect(); null once connected. */
  queue: (() => void)[] | null;
}

interface Pending {
  readonly id: number;
  readonly qname: string;
  readonly packet: Uint8Array;
  /** Servers asked so far (indexes), and those that asked us to go elsewhere. */
  readonly asked: Set<number>;
  readonly refused: Set<number>;
  /** Servers that could not be reached at all (no answer, no silence: an error). */
  readonly unreachable: Set<number>;
  readonly timers: NodeJS.Timeout[];
  readonly settle: (a: PtrAnswer) => void;
}

const NOT_FOUND: PtrAnswer = { status: "notfound", name: null };

/**
 * Queries go to the first server; a server that answers SERVFAIL/REFUSED/NOTIMP or cannot be
 * reached passes the query on at once, one that stays silent after its share of `timeoutMs`
 * passes it on too (still listening to the earlier ones), as glibc's res_send walks its servers.
 *
 * Every way a server can fail (the socket cannot be made, connect() fails at once or later, a
 * send fails or throws, an error event, the socket closes under us, a reply that cannot be read)
 * ends in one place, `unreachable`: that server has refused, and its queries go on to the next.
 * Nothing here throws into the event loop.
 */
export function udpPtrResolver(servers: readonly string[], timeoutMs: number): PtrResolver {
  const list: Server[] = servers.map((address) => ({
    address,
    bytes: parseAddress(address.replace(/%.*$/, ""))?.bytes ?? null,
    socket: null,
    queue: [],
  }));
  const pending = new Map<number, Pending>();
  let closed = false;
  const slice = Math.max(1, Math.floor(timeoutMs / Math.max(1, list.length)));

  const finish = (p: Pending, a: PtrAnswer): void => {
    if (pending.get(p.id) !== p) return;
    pending.delete(p.id);
    for (const t of p.timers) clearTimeout(t);
    p.settle(a);
  };

  /** This server refused `p` (`error`: it could not be reached at all): ask the next one. */
  const refuse = (p: Pending, index: number, error = false): void => {
    if (p.refused.has(index)) return;
    p.refused.add(index);
    if (error) p.unreachable.add(index);
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
    for (const p of [...pending.values()]) if (p.asked.has(index)) refuse(p, index, true);
  };

  const onMessage = (index: number, msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    const server = list[index];
    const from = parseAddress(rinfo.address.replace(/%.*$/, ""))?.bytes;
    if (server === undefined || rinfo.port !== 53 || from === undefined || server.bytes === null || !sameBytes(from, server.bytes)) return;
    if (msg.length < 2) return;
    const p = pending.get(msg.readUInt16BE(0));
    if (p === undefined || !p.asked.has(index)) return;
    const r = decodePtrResponse(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), p.id, p.qname);
    switch (r.kind) {
      case "ignore":
        return;
      case "name":
        return finish(p, { status: "success", name: r.name });
      case "notfound":
        return finish(p, NOT_FOUND);
      case "tryagain":
      case "truncated":
        return finish(p, { status: "tryagain", name: null });
      case "next-server":
        return refuse(p, index);
    }
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

  const ask = (p: Pending, index: number): void => {
    p.asked.add(index);
    const s = socketFor(index);
    const server = list[index];
    if (s === null || server === undefined) {
      refuse(p, index, true);
      return;
    }
    const send = (): void => {
      if (closed || pending.get(p.id) !== p) return;
      try {
        s.send(p.packet, (err) => {
          if (err && !closed) refuse(p, index, true);
        });
      } catch {
        if (!closed) refuse(p, index, true);
      }
    };
    if (server.queue === null) send();
    else server.queue.push(send);
  };

  /** Ask the next server not yet asked; when every server has refused, the answer is "not found". */
  const passOn = (p: Pending): void => {
    if (pending.get(p.id) !== p) return;
    for (let i = 0; i < list.length; i++) {
      if (!p.asked.has(i)) {
        ask(p, i);
        return;
      }
    }
    // no server reached at all is "unavail": res_send sets ECONNREFUSED when it got nowhere, and
    // nss_dns (dns-host.c) answers NSS_STATUS_UNAVAIL for it, so "dns [!UNAVAIL=return] files" goes on to files
    if (p.refused.size >= list.length) {
      finish(p, { status: list.length === 0 || p.unreachable.size >= list.length ? "unavail" : "notfound", name: null });
    }
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
      if (pending.size >= 0x8000) return Promise.resolve({ status: "tryagain", name: null });
      return new Promise<PtrAnswer>((settle) => {
        const id = newId();
        const p: Pending = { id, qname, packet: encodePtrQuery(id, qname), asked: new Set(), refused: new Set(), unreachable: new Set(), timers: [], settle };
        pending.set(id, p);
        ask(p, 0);
        for (let i = 1; i < list.length; i++) {
          const t = setTimeout(() => passOn(p), slice * i);
          t.unref();
          p.timers.push(t);
        }
      });
    },
    close(): void {
      closed = true;
      for (const p of [...pending.values()]) finish(p, { status: "tryagain", name: null });
      for (const server of list) {
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
