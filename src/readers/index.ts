// Picks the reader for the platform tsnetstat runs on: the only door from the command to a reader.
// Each platform's module is loaded on demand (dynamic import), so a run loads its own reader only.

import { settleMissing } from "./missing.js";
import type { Reader, ReadRequest, Snapshot } from "./types.js";

export type { OwnerWant, Reader, ReadRequest, Snapshot, TableName } from "./types.js";

/**
 * The readers by platform name (Node's process.platform names). A platform helper adds one line:
 * `name: async () => (await import("./name/index.js")).reader`.
 */
const READERS: Readonly<Record<string, () => Promise<Reader>>> = {
  linux: async () => (await import("./linux/index.js")).linuxReader,
  // not a platform: Linux's --source lsof (cli/main.ts), lsof's view of the live system
  lsof: async () => (await import("./lsof/index.js")).reader,
};

/** Registered readers that are not a platform of their own (cli/main.ts picks them with --source). */
const SOURCES_NOT_PLATFORMS: ReadonlySet<string> = new Set(["lsof"]);

/** The platform names the registry knows, for messages and tests. */
export const knownPlatforms = (): string[] => Object.keys(READERS).filter((name) => !SOURCES_NOT_PLATFORMS.has(name));

/**
 * Which platform to read: TSNETSTAT_PLATFORM when set (tests, and reading a copy of another
 * system), else Linux when a /proc copy is given (--proc-root), else the platform tsnetstat runs on.
 */
export function choosePlatform(env: NodeJS.ProcessEnv, runningOn: string, procRootGiven: boolean): string {
  const forced = env.TSNETSTAT_PLATFORM;
  if (forced !== undefined && forced !== "") return forced;
  return procRootGiven ? "linux" : runningOn;
}

/** The reader registered for `platform`, or the one-line message (with its newline) that there is none. */
export async function readerFor(platform: string): Promise<Reader | { readonly error: string }> {
  const load = Object.hasOwn(READERS, platform) ? READERS[platform] : undefined;
  if (load === undefined) {
    return { error: `tsnetstat: ${platform} is not supported yet (readers exist for: ${knownPlatforms().join(", ")}; --proc-root reads a Linux /proc copy)\n` };
  }
  return load();
}

export interface ReadResult extends Snapshot {
  /** netstat's "no support for …" lines for the missing tables, to print after the tables. */
  readonly unsupported: string;
  /** A missing table fails the run (exit 1). */
  readonly failed: boolean;
}

/** Read with `reader` and apply the shared missing-table rule (readers/missing.ts) to its answer. */
export async function readSockets(reader: Reader, req: ReadRequest): Promise<ReadResult> {
  const snap = await reader.read(req);
  const { messages, failed } = settleMissing(req.plan, req.verbose, snap.missing);
  return { ...snap, unsupported: messages, failed };
}
