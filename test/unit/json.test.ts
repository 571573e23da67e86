// src/format/json.ts: the "tsnetstat/1" document.

import { describe, expect, it } from "vitest";
import type { InetSocket, Socket, UnixSocket } from "../../src/model.js";
import { JSON_SCHEMA, writeJson } from "../../src/format/json.js";
import { parseInetTable, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import { fixture } from "../support/fixtures.js";

function render(sockets: Socket[]): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeJson(sockets, (c) => chunks.push(c));
  return { text: chunks.join(""), chunks };
}

const tcp: InetSocket = {
  proto: "tcp",
  family: "inet",
  local: { address: "127.0.0.1", port: 22 },
  remote: { address: "0.0.0.0", port: null },
  state: "LISTEN",
  recvQ: 0,
  sendQ: 0,
  uid: 0,
  inode: 31337,
  detail: { source: "proc", platform: "linux", stateCode: 10, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } },
  owners: [
    { pid: 812, fd: 3, program: "sshd", comm: "sshd", cmdline: "/usr/sbin/sshd -D" },
    { pid: 900, fd: 7, program: "evil\x1b[2J\n", comm: null, cmdline: null },
  ],
  ownerStatus: "complete",
};

const unixSock: UnixSocket = {
  proto: "unix",
  type: "DGRAM",
  state: null,
  path: null,
  inode: 1144979,
  detail: { source: "proc", platform: "linux", refCnt: 2, flags: [], protocol: 0, typeCode: 2, stateCode: 1 },
  owners: [],
  ownerStatus: "not-read",
};

describe("writeJson", () => {
  it("an empty list is still one valid document", () => {
    const { text } = render([]);
    expect(text).toBe('{"schema":"tsnetstat/1","sockets":[]}\n');
    expect(JSON.parse(text)).toEqual({ schema: "tsnetstat/1", sockets: [] });
  });

  it("the README example, byte for byte (one socket per line)", () => {
    const one = { ...tcp, owners: tcp.owners.slice(0, 1) };
    expect(render([one]).text).toBe(
      '{"schema":"tsnetstat/1","sockets":[\n' +
        '{"proto":"tcp","family":"inet","local":{"address":"127.0.0.1","port":22},"remote":{"address":"0.0.0.0","port":null},"state":"LISTEN","recvQ":0,"sendQ":0,"uid":0,"inode":31337,"detail":{"source":"proc","platform":"linux","stateCode":10,"timer":{"kind":0,"ticks":0,"retransmits":0,"probes":0}},"owners":[{"pid":812,"fd":3,"program":"sshd","comm":"sshd","cmdline":"/usr/sbin/sshd -D"}],"ownerStatus":"complete"}\n' +
        "]}\n",
    );
  });

  it("parses back to the model: numbers as numbers, null where unknown, every owner", () => {
    const { text, chunks } = render([tcp, unixSock]);
    expect(chunks.length).toBeGreaterThan(1);
    const doc = JSON.parse(text) as { schema: string; sockets: Record<string, unknown>[] };
    expect(doc.schema).toBe(JSON_SCHEMA);
    expect(doc.schema).toBe("tsnetstat/1");
    expect(doc.sockets).toEqual([tcp, unixSock]);
    const [t, u] = doc.sockets;
    expect(typeof (t?.local as { port: unknown }).port).toBe("number");
    expect((t?.remote as { port: unknown }).port).toBeNull();
    expect(typeof t?.inode).toBe("number");
    expect(Array.isArray(t?.owners)).toBe(true);
    expect((t?.owners as unknown[]).length).toBe(2);
    expect(u?.path).toBeNull();
    expect(u?.state).toBeNull();
    expect(u?.owners).toEqual([]);
  });

  it("control characters in names are JSON escapes, never raw bytes", () => {
    const { text } = render([tcp]);
    expect(text).toContain('"program":"evil\\u001b[2J\\n"');
    // the document's only raw newlines are its own line breaks
    expect(text.split("\n")).toHaveLength(4);
    expect([...text].filter((c) => c.charCodeAt(0) < 0x20 && c !== "\n")).toEqual([]);
  });

  it("whole parsed captures round-trip", () => {
    const inet = parseInetTable(fixture("linux/captures/inet/proc-net-tcp6.out"), "tcp6", { source: "tcp6" }).records;
    const unix = parseUnixTable(fixture("linux/captures/unix/proc-net-unix.out"), { source: "unix" }).records;
    const sockets: Socket[] = [...inet, ...unix];
    const { text } = render(sockets);
    const doc = JSON.parse(text) as { sockets: unknown[] };
    expect(doc.sockets).toEqual(JSON.parse(JSON.stringify(sockets)));
    expect(doc.sockets).toHaveLength(7 + 19);
    expect(text.split("\n")).toHaveLength(7 + 19 + 3);
    const mapped = doc.sockets[4] as InetSocket;
    expect(mapped.local).toEqual({ address: "::ffff:127.0.0.1", port: 55296 });
    const space = doc.sockets[7 + 10] as UnixSocket;
    expect(space.path).toBe("/tmp/tsn-demo/usock/with space.sock");
    expect(space.detail).toEqual({ source: "proc", platform: "linux", refCnt: 2, flags: ["ACC"], protocol: 0, typeCode: 1, stateCode: 1 });
  });
});
