// DNS messages over TCP: the two-byte length prefix, and the whole messages in a stream of chunks
// that may split anywhere (inside the prefix too). Pure, no I/O; resolver.ts does the sockets.

/** RFC 1035 4.2.2: the length field is two bytes, so a message over TCP has at most 65535 bytes. */
export const MAX_TCP_MESSAGE = 0xffff;

/** RFC 1035 4.2.2 (RFC 7766 8): the message prefixed by its length, most significant byte first. */
export function frameMessage(msg: Uint8Array): Uint8Array {
  if (msg.length > MAX_TCP_MESSAGE) throw new RangeError(`a DNS message over TCP has at most ${MAX_TCP_MESSAGE} bytes, not ${msg.length}`);
  const out = new Uint8Array(2 + msg.length);
  out[0] = msg.length >> 8;
  out[1] = msg.length & 0xff;
  out.set(msg, 2);
  return out;
}

export interface Frames {
  /** The whole messages completed by the chunk, in order (a zero-length frame gives an empty one). */
  readonly messages: readonly Uint8Array[];
  /** The bytes of the next message not yet complete (its prefix may itself be incomplete). */
  readonly rest: Uint8Array;
}

/**
 * The messages a stream yields once `chunk` arrives after the `rest` of the earlier ones: feed each
 * chunk with the previous call's `rest` (an empty array to start). The messages are copies: they
 * share no memory with the chunks, which the caller may reuse.
 */
export function takeFrames(rest: Uint8Array, chunk: Uint8Array): Frames {
  const data = rest.length === 0 ? chunk : concat(rest, chunk);
  const messages: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    if (data.length - at < 2) break;
    const length = ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
    if (data.length - at - 2 < length) break;
    messages.push(data.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return { messages, rest: data.slice(at) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
