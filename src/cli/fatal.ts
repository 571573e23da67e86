// The last resort: an exception or rejection nothing else caught. It must not become a Node stack
// trace on the terminal of someone auditing a machine, nor lose the rows already produced: what
// was printed is flushed, one line says what happened, and the status is 1 (netstat's for errors).
// TSNETSTAT_DEBUG=1 adds the stack, for bug reports.

import { writeSync } from "node:fs";
import { OutputClosed } from "./output.js";

const STDERR = 2;
const EXIT_FAILURE = 1;

/** Called before the message: writes out what the run had produced so far. */
let flushPending: (() => void) | null = null;

/** Register how to flush buffered output when the run dies (the latest registration wins). */
export function flushOnFatal(flush: () => void): void {
  flushPending = flush;
}

/** The one line (or, with TSNETSTAT_DEBUG=1, the line and the stack) for an uncaught error. */
export function fatalMessage(err: unknown, debug: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = `tsnetstat: internal error: ${message.split("\n")[0] ?? ""}\n`;
  if (!debug || !(err instanceof Error) || err.stack === undefined) return first;
  return `${first}${err.stack}\n`;
}

let dying = false;

/** End the run for an error nothing else handled: flush, one line (the stack with TSNETSTAT_DEBUG=1), status 1. */
export function die(err: unknown): never {
  // a reader of our output that went away is not an error (as netstat under `| head`)
  if (err instanceof OutputClosed) process.exit(0);
  if (dying) process.exit(EXIT_FAILURE);
  dying = true;
  const flush = flushPending;
  flushPending = null;
  try {
    flush?.();
  } catch (e) {
    if (e instanceof OutputClosed) process.exit(0);
    // the output cannot take more: still say why the run ends
  }
  try {
    // TSNETSTAT_DEBUG is a comma-separated list (the Linux reader has "threads"): "1" or "stack"
    const flags = (process.env.TSNETSTAT_DEBUG ?? "").split(",");
    writeSync(STDERR, fatalMessage(err, flags.includes("1") || flags.includes("stack")));
  } catch {
    // nowhere left to report it
  }
  return process.exit(EXIT_FAILURE);
}

/** Install the handlers; called once, first thing, by the entry point. */
export function installFatalHandler(): void {
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
}
