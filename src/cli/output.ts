// Writing to stdout and stderr: large synchronous writes straight to the descriptors, so that
// nothing is lost when the process exits and a closed pipe (`| head`) ends the run quietly.

import { writeSync } from "node:fs";
import { UserError } from "../errors.js";

/** Thrown when the reader of our output has gone away: the run ends with status 0, as netstat's does. */
export class OutputClosed extends Error {
  constructor() {
    super("output closed");
  }
}

/** strerror(3) words for what a write can meet. */
const WRITE_ERROR: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EIO: "input/output error",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EBADF: "bad file descriptor",
  EINVAL: "invalid argument",
  ECONNRESET: "connection reset by peer",
};

/** A write that failed for another reason than a reader gone away: the run ends with this one line and status 1. */
export class OutputFailed extends UserError {
  constructor(fd: number, code: string) {
    super(`write error on ${fd === 1 ? "standard output" : fd === 2 ? "standard error" : `descriptor ${fd}`}: ${WRITE_ERROR[code] ?? code}`);
  }
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));

/** Write all of `data` to `fd`, waiting out a non-blocking descriptor that is full. */
export function writeAll(fd: number, data: string): void {
  writeBytes(fd, Buffer.from(data, "utf8"));
}

/** Write all of `bytes` to `fd`: a pipe may take less than asked, or be full (EAGAIN), or be gone (EPIPE). */
function writeBytes(fd: number, bytes: Uint8Array): void {
  let buf = bytes;
  while (buf.length > 0) {
    let n: number;
    try {
      n = writeSync(fd, buf);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "EAGAIN") {
        Atomics.wait(sleepBuffer, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") throw new OutputClosed();
      if (typeof code === "string") throw new OutputFailed(fd, code);
      throw err;
    }
    buf = buf.subarray(n);
  }
}

/**
 * Characters joined before they are encoded: each encoding is a call into C++, and joining a few
 * kilobytes of rows first is cheaper (10% of `-tan` at 200,000 sockets).
 */
const PENDING_MAX = 1 << 13;

/**
 * Collects small strings and writes them in large chunks: never one write per line. A few
 * kilobytes of strings at a time are encoded straight into one reused buffer (no flattening of
 * 200,000 row strings into one, no fresh buffer per chunk): at 200,000 rows that is 3-4x cheaper
 * than joining everything and encoding it.
 */
export class ChunkedWriter {
  private readonly buf: Buffer;
  private pos = 0;
  constructor(
    private readonly fd: number,
    chunk = 1 << 18,
  ) {
    this.buf = Buffer.allocUnsafe(chunk);
  }

  /** Rows joined here first: one encoding call per few kilobytes, not one per row. */
  private pending = "";

  readonly write = (s: string): void => {
    this.pending += s;
    if (this.pending.length >= PENDING_MAX) this.encode();
  };

  private encode(): void {
    const s = this.pending;
    this.pending = "";
    // a UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4)
    const worst = s.length * 3;
    if (worst > this.buf.length - this.pos) {
      this.flushBytes();
      if (worst > this.buf.length) {
        writeAll(this.fd, s);
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos);
  }

  flush(): void {
    if (this.pending.length > 0) this.encode();
    this.flushBytes();
  }

  private flushBytes(): void {
    if (this.pos === 0) return;
    const n = this.pos;
    this.pos = 0;
    writeBytes(this.fd, this.buf.subarray(0, n));
  }
}

/**
 * A character device that is never a terminal, by its device number: on Linux major 1 is the
 * memory devices, /dev/null, /dev/zero, /dev/full… (Documentation/admin-guide/devices.txt; the
 * major as glibc's gnu_dev_major takes it from st_rdev). Anything else may be one: ask isatty(3).
 */
export function neverTerminal(rdev: number, platform: NodeJS.Platform): boolean {
  if (platform !== "linux") return false;
  const major = ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
  return major === 1;
}

