// Writing to stdout and stderr: large synchronous writes straight to the descriptors, so that
// nothing is lost when the process exits and a closed pipe (`| head`) ends the run quietly.

import { writeSync } from "node:fs";

/** Thrown when the reader of our output has gone away: the run ends with status 0, as netstat's does. */
export class OutputClosed extends Error {
  constructor() {
    super("output closed");
  }
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));

/** Write all of `data` to `fd`, waiting out a non-blocking descriptor that is full. */
export function writeAll(fd: number, data: string): void {
  let buf = Buffer.from(data, "utf8");
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
      throw err;
    }
    buf = buf.subarray(n);
  }
}

/** Collects small strings and writes them in large chunks: never one write per line. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly fd: number,
    private readonly chunk = 1 << 18,
  ) {}

  readonly write = (s: string): void => {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  };

  flush(): void {
    if (this.size === 0) return;
    const data = this.parts.join("");
    this.parts = [];
    this.size = 0;
    writeAll(this.fd, data);
  }
}
