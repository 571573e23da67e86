// DNS over TCP framing (RFC 1035 4.2.2): the two-byte length prefix, and whole messages out of a
// stream whose chunks split anywhere, the prefix included.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frameMessage, MAX_TCP_MESSAGE, takeFrames } from "../../src/names/dns-tcp.js";

/** Feed `chunks` one after the other: every message, and what is left over. */
function feed(chunks: readonly Uint8Array[]): { messages: Uint8Array[]; rest: Uint8Array } {
  const messages: Uint8Array[] = [];
  let rest: Uint8Array = new Uint8Array(0);
  for (const c of chunks) {
    const f = takeFrames(rest, c);
    messages.push(...f.messages);
    rest = f.rest;
  }
  return { messages, rest };
}

/** `bytes` cut at `cuts` (positions, in any order, duplicates and ends allowed: empty chunks). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.slice(at[i], end));
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Messages as DNS over TCP carries them: empty ones too, some longer than 255 bytes (a prefix whose high byte is set). */
const messages = fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 8 });

describe("frameMessage", () => {
  it("prefixes the length, most significant byte first", () => {
    expect([...frameMessage(new Uint8Array([7, 8, 9]))]).toEqual([0, 3, 7, 8, 9]);
    const long = frameMessage(new Uint8Array(0x1234));
    expect([long[0], long[1], long.length]).toEqual([0x12, 0x34, 0x1236]);
    expect([...frameMessage(new Uint8Array(0))]).toEqual([0, 0]);
  });

  it("refuses a message the prefix cannot hold", () => {
    expect(frameMessage(new Uint8Array(MAX_TCP_MESSAGE)).length).toBe(MAX_TCP_MESSAGE + 2);
    expect(() => frameMessage(new Uint8Array(MAX_TCP_MESSAGE + 1))).toThrow(RangeError);
  });
});

describe("takeFrames", () => {
  it("keeps a prefix cut in half, and a message cut anywhere, for the next chunk", () => {
    const stream = concat([frameMessage(new Uint8Array([1, 2, 3])), frameMessage(new Uint8Array([4]))]);
    const one = takeFrames(new Uint8Array(0), stream.slice(0, 1));
    expect(one).toEqual({ messages: [], rest: new Uint8Array([0]) });
    const two = takeFrames(one.rest, stream.slice(1, 4));
    expect(two).toEqual({ messages: [], rest: new Uint8Array([0, 3, 1, 2]) });
    const three = takeFrames(two.rest, stream.slice(4));
    expect(three).toEqual({ messages: [new Uint8Array([1, 2, 3]), new Uint8Array([4])], rest: new Uint8Array(0) });
  });

  it("gives an empty message for a zero length (the resolver takes it for an undersized answer)", () => {
    expect(takeFrames(new Uint8Array(0), new Uint8Array([0, 0, 0, 1, 9]))).toEqual({ messages: [new Uint8Array(0), new Uint8Array([9])], rest: new Uint8Array(0) });
  });

  it("gives copies: reusing a chunk's memory afterwards changes nothing", () => {
    const chunk = new Uint8Array([0, 2, 5, 6, 0]);
    const f = takeFrames(new Uint8Array(0), chunk);
    chunk.fill(0xff);
    expect(f).toEqual({ messages: [new Uint8Array([5, 6])], rest: new Uint8Array([0]) });
  });

  it("property: however the stream is cut into chunks, the messages come out whole and in order", () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 40 }), (msgs, cuts) => {
        const stream = concat(msgs.map(frameMessage));
        const out = feed(split(stream, cuts));
        expect(out.messages).toEqual(msgs);
        expect(out.rest).toEqual(new Uint8Array(0));
      }),
    );
  });

  it("property: a stream that stops anywhere gives the messages before the stop, and keeps the rest", () => {
    fc.assert(
      fc.property(messages, fc.nat(), fc.array(fc.nat(), { maxLength: 20 }), (msgs, stop, cuts) => {
        const framed = msgs.map(frameMessage);
        const stream = concat(framed);
        const end = stop % (stream.length + 1);
        const out = feed(split(stream.slice(0, end), cuts));
        // the messages whose frames end by `end`
        let whole = 0;
        let at = 0;
        for (const f of framed) {
          if (at + f.length > end) break;
          at += f.length;
          whole++;
        }
        expect(out.messages).toEqual(msgs.slice(0, whole));
        expect(out.rest).toEqual(stream.slice(at, end));
      }),
    );
  });

  it("property: one byte at a time is the same as all at once", () => {
    fc.assert(
      fc.property(messages, (msgs) => {
        const stream = concat(msgs.map(frameMessage));
        const bytewise = feed([...stream].map((b) => new Uint8Array([b])));
        expect(bytewise).toEqual(takeFrames(new Uint8Array(0), stream));
      }),
    );
  });
});
