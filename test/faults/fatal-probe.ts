// Run by fatal.test.ts: installs the last-resort handler as the entry point does, prints a row
// into the chunked writer (not yet flushed), then fails in the way argv[2] names.

import { ChunkedWriter, OutputClosed } from "../../src/cli/output.js";
import { flushOnFatal, installFatalHandler } from "../../src/cli/fatal.js";

installFatalHandler();
const out = new ChunkedWriter(1);
flushOnFatal(() => out.flush());
out.write("row printed before the failure\n");
const how = process.argv[2];
setTimeout(() => {
  if (how === "throw") throw new Error("boom\nsecond line of the message");
  if (how === "reject") void Promise.reject(new TypeError("a rejected promise"));
  if (how === "string") throw "not an Error object";
  if (how === "closed") throw new OutputClosed();
}, 1);
setTimeout(() => process.exit(42), 5000);
