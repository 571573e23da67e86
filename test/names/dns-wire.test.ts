import { describe, expect, it } from "vitest";
import { decodePtrResponse, encodePtrQuery } from "../../src/names/dns-wire.js";

const Q = "1.0.10.127.in-addr.arpa";

function name(text: string): number[] {
  const out: number[] = [];
  for (const l of text.split(".").filter((x) => x !== "")) out.push(l.length, ...Buffer.from(l, "latin1"));
  return [...out, 0];
}
const u16 = (v: number): number[] => [v >> 8, v & 0xff];

interface Rr {
  owner?: number[];
  type: number;
  target: string;
  klass?: number;
}

/** A response to encodePtrQuery(id, qname): header, the question, then the records. */
function response(id: number, rcode: number, records: Rr[], opts: { qname?: string; flags?: number } = {}): Uint8Array {
  const question = [...name(opts.qname ?? Q), ...u16(12), ...u16(1)];
  const out = [...u16(id), ...u16((opts.flags ?? 0x8180) | rcode), ...u16(1), ...u16(records.length), 0, 0, 0, 0, ...question];
  for (const r of records) {
    const rdata = name(r.target);
    out.push(...(r.owner ?? [0xc0, 0x0c]), ...u16(r.type), ...u16(r.klass ?? 1), 0, 0, 0, 60, ...u16(rdata.length), ...rdata);
  }
  return new Uint8Array(out);
}

describe("PTR queries and answers (glibc res_send / getanswer_r)", () => {
  it("encodes a recursive PTR question", () => {
    const q = encodePtrQuery(0x1234, Q);
    expect([...q.slice(0, 12)]).toEqual([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect([...q.slice(12)]).toEqual([...name(Q), 0, 12, 0, 1]);
  });
  it("the first PTR owned by the question is the name", () => {
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "first.test" }, { type: 12, target: "second.test" }]), 7, Q)).toEqual({
      kind: "name",
      name: "first.test",
    });
  });
  it("follows a CNAME (RFC 2317 classless delegation); owner names compare case-insensitively", () => {
    const r = response(7, 0, [
      { type: 5, target: "1.0-24.0.10.127.in-addr.arpa" },
      { owner: name("1.0-24.0.10.127.IN-ADDR.arpa"), type: 12, target: "classless.test" },
    ]);
    expect(decodePtrResponse(r, 7, Q)).toEqual({ kind: "name", name: "classless.test" });
  });
  it("skips records of other owners and classes", () => {
    const r = response(7, 0, [
      { owner: name("2.0.10.127.in-addr.arpa"), type: 12, target: "other.test" },
      { type: 12, target: "chaos.test", klass: 3 },
      { type: 12, target: "right.test" },
    ]);
    expect(decodePtrResponse(r, 7, Q)).toEqual({ kind: "name", name: "right.test" });
  });
  it("a target that is not a host name fails the lookup (no later PTR is tried)", () => {
    for (const bad of ["bad name.test", "-dash.test", "semi;colon.test", "*.test"]) {
      expect(decodePtrResponse(response(7, 0, [{ type: 12, target: bad }, { type: 12, target: "good.test" }]), 7, Q).kind).toBe("tryagain");
    }
    for (const good of ["under_score.test", "a.-b.test", "1.2.3.4", "UPPER.Test"]) {
      expect(decodePtrResponse(response(7, 0, [{ type: 12, target: good }]), 7, Q)).toEqual({ kind: "name", name: good });
    }
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "" }]), 7, Q)).toEqual({ kind: "name", name: "." });
  });
  it("rcodes: NXDOMAIN not found, SERVFAIL/REFUSED next server, no answer not found", () => {
    expect(decodePtrResponse(response(7, 3, []), 7, Q).kind).toBe("notfound");
    expect(decodePtrResponse(response(7, 2, []), 7, Q).kind).toBe("next-server");
    expect(decodePtrResponse(response(7, 5, []), 7, Q).kind).toBe("next-server");
    expect(decodePtrResponse(response(7, 0, []), 7, Q).kind).toBe("notfound");
    expect(decodePtrResponse(response(7, 0, [{ type: 5, target: "x.test" }]), 7, Q).kind).toBe("tryagain");
  });
  it("ignores what does not answer this query", () => {
    expect(decodePtrResponse(response(8, 0, [{ type: 12, target: "a.test" }]), 7, Q).kind).toBe("ignore");
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "a.test" }], { qname: "2.0.10.127.in-addr.arpa" }), 7, Q).kind).toBe("ignore");
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "a.test" }], { flags: 0x0100 }), 7, Q).kind).toBe("ignore");
    expect(decodePtrResponse(new Uint8Array([0, 7, 0x81]), 7, Q).kind).toBe("ignore");
  });
  it("survives malformed messages: compression loops, records past the end", () => {
    const loop = response(7, 0, []);
    const looped = new Uint8Array([...loop.slice(0, 7), 1, ...loop.slice(8), 0xc0, loop.length, 0, 12, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, loop.length]);
    expect(decodePtrResponse(looped, 7, Q).kind).toBe("tryagain");
    const cut = response(7, 0, [{ type: 12, target: "a.test" }]);
    expect(decodePtrResponse(cut.slice(0, cut.length - 3), 7, Q).kind).toBe("tryagain");
  });
});

describe("truncated answers and answers over TCP (res_send.c send_dg and send_vc)", () => {
  const TC = 0x8380; // QR, RD, TC, RA
  it("over UDP the TC bit asks again over TCP, whatever records came with it", () => {
    expect(decodePtrResponse(response(7, 0, [], { flags: TC }), 7, Q)).toEqual({ kind: "truncated" });
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "partial.test" }], { flags: TC }), 7, Q)).toEqual({ kind: "truncated" });
    // send_dg looks at SERVFAIL/NOTIMP/REFUSED before TC, and res_queriesmatch before both
    expect(decodePtrResponse(response(7, 2, [], { flags: TC }), 7, Q).kind).toBe("next-server");
    expect(decodePtrResponse(response(7, 0, [], { flags: TC, qname: "2.0.10.127.in-addr.arpa" }), 7, Q).kind).toBe("ignore");
  });
  it("over TCP the TC bit is not looked at: the answer is read as it is", () => {
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "over.tcp.test" }], { flags: TC }), 7, Q, "tcp")).toEqual({ kind: "name", name: "over.tcp.test" });
    expect(decodePtrResponse(response(7, 0, [], { flags: TC }), 7, Q, "tcp").kind).toBe("notfound");
  });
  it("over TCP a message with another id is skipped (send_vc reads the next one)", () => {
    expect(decodePtrResponse(response(8, 0, [{ type: 12, target: "a.test" }]), 7, Q, "tcp").kind).toBe("ignore");
  });
  it("over TCP the rcode is res_query's: SERVFAIL, REFUSED, NOTIMP end the lookup (no next server)", () => {
    for (const rcode of [2, 4, 5, 1]) expect(decodePtrResponse(response(7, rcode, []), 7, Q, "tcp").kind).toBe("tryagain");
    expect(decodePtrResponse(response(7, 3, []), 7, Q, "tcp").kind).toBe("notfound");
  });
  it("over TCP neither QR nor the question is checked; owners still match the name asked", () => {
    expect(decodePtrResponse(response(7, 0, [{ type: 12, target: "a.test" }], { flags: 0x0100 }), 7, Q, "tcp")).toEqual({ kind: "name", name: "a.test" });
    const other = response(7, 0, [{ type: 12, target: "a.test" }], { qname: "2.0.10.127.in-addr.arpa" });
    expect(decodePtrResponse(other, 7, Q, "tcp").kind).toBe("tryagain");
    const named = response(7, 0, [{ owner: name(Q), type: 12, target: "b.test" }], { qname: "2.0.10.127.in-addr.arpa" });
    expect(decodePtrResponse(named, 7, Q, "tcp")).toEqual({ kind: "name", name: "b.test" });
  });
  it("over TCP a message shorter than a header passes the query on (EMSGSIZE); no question at all fails it", () => {
    expect(decodePtrResponse(new Uint8Array([0, 7, 0x81]), 7, Q, "tcp").kind).toBe("next-server");
    expect(decodePtrResponse(new Uint8Array(0), 7, Q, "tcp").kind).toBe("next-server");
    const none = response(7, 0, [{ type: 12, target: "a.test" }]);
    none[5] = 0; // QDCOUNT 0
    expect(decodePtrResponse(none, 7, Q, "tcp").kind).toBe("tryagain");
    expect(decodePtrResponse(none, 7, Q, "udp").kind).toBe("ignore");
  });
});
