// Picks the reader for the platform tsnetstat runs on: the only door from the command to a reader.
// Each platform's module is loaded on demand (dynamic import), so a run loads its own reader only.

import { settleMissing } from "./missing.js";
import type { Reader, ReadRequest, Snapshot } from "./types.js";
import type * as LinuxModes from "./linux/modes.js";

export type { OwnerWant, Reader, ReadRequest, Snapshot, TableName } from "./types.js";

/**
 * The readers by platform name (Node's process.platform names). A platform helper adds one line:
 * `name: async () => (await import("./name/index.js")).reader`.
 */
const READERS: Readonly<Record<string, () => Promise<Reader>>> = {
  linux: async () => (await import("./linux/index.js")).linuxReader,
  darwin: async () => (await import("./darwin/index.js")).reader,
  freebsd: async () => (await import("./freebsd/index.js")).reader,
  openbsd: async () => (await import("./openbsd/index.js")).reader,
  netbsd: async () => (await import("./netbsd/index.js")).reader,
  sunos: async () => (await import("./sunos/index.js")).reader,
  // not a platform: Linux's --source lsof (cli/main.ts), lsof's view of the live system
  lsof: async () => (await import("./lsof/index.js")).reader,
};

/** Registered readers that are not a platform of their own (cli/main.ts picks them with --source). */
const SOURCES_NOT_PLATFORMS: ReadonlySet<string> = new Set(["lsof"]);

/** Platforms refused with a reason rather than "not supported yet". */
const REFUSED: Readonly<Record<string, string>> = {
  // nobody has captured AIX's netstat layout for tsnetstat yet (it is not in spec bsd-solaris.md)
  aix: "AIX is not supported: no reader knows its netstat layout yet (--input-format list names the layouts --input reads)",
};

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
  const refused = Object.hasOwn(REFUSED, platform) ? REFUSED[platform] : undefined;
  if (refused !== undefined) return { error: `tsnetstat: ${refused}\n` };
  if (load === undefined) {
    return { error: `tsnetstat: ${platform} is not supported yet (readers exist for: ${knownPlatforms().join(", ")}; --proc-root reads a Linux /proc copy)\n` };
  }
  return load();
}

/** The reader of a saved listing (--input FILE, "-" for stdin), or the one line saying why it cannot be read. */
export async function inputReader(path: string, format: string | null): Promise<Reader | { readonly error: string }> {
  const { openInput } = await import("./input.js");
  const { LAYOUTS } = await import("./saved-text.js");
  const forced = format === null ? null : LAYOUTS.find((l) => l === format);
  if (forced === undefined) return { error: `tsnetstat: --input-format takes one of ${LAYOUTS.join(", ")} (or list), not '${format ?? ""}'\n` };
  return openInput(path, forced);
}

/** Linux's sources of netstat's other modes (-r -i -s -g): their /proc and /sys reads and parsers. */
export type LinuxModeSources = typeof LinuxModes;
export type { FileText } from "./linux/modes.js";

/** Loads the mode sources (only when a mode runs). */
export const linuxModeSources = (): Promise<LinuxModeSources> => import("./linux/modes.js");

/** The names --input-format takes, one a line (--input-format list). */
export async function inputFormatList(): Promise<string> {
  const { LAYOUTS } = await import("./saved-text.js");
  return LAYOUTS.map((l) => `${l}\n`).join("");
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
  const { messages, failed } = settleMissing(req.plan, req.verbose, snap.missing, snap.explained);
  return { ...snap, unsupported: messages, failed: failed || snap.failed === true };
}
