// The seam between the command and the platform readers: what is asked, and what a reader answers.
// Every reader (one per platform, registered in readers/index.ts) takes a ReadRequest and answers a
// Snapshot in the neutral model; nothing here knows which platform runs.

import type { Diagnostic, InetSocket, Socket, UnixSocket } from "../model.js";
import type { IpProtocol, ListenMode, Plan } from "../select.js";
import type { NetnsSelector } from "../netns-selector.js";

/**
 * How much of the owners the caller needs:
 *  - "none":  no owners (no -p); sockets keep ownerStatus "not-read";
 *  - "first": a table, which shows one owner per socket: a reader may stop looking once each
 *             kept socket has one (its owners then list only the first found, and ownerStatus
 *             speaks only of whether every process could be read);
 *  - "all":   every holder of every socket (JSON, audits).
 */
export type OwnerWant = "none" | "first" | "all";

export interface ReadRequest {
  /** Which tables, from the flags (select.ts): the reader reads them in the plan's order. */
  readonly plan: Plan;
  /** Servers, connections or both: the reader keeps only those (before looking up owners). */
  readonly mode: ListenMode;
  readonly owners: OwnerWant;
  /** The user's filters that need no owners (--port, --state ...): sockets they reject are dropped before the owner walk. */
  readonly filter?: ((s: Socket) => boolean) | undefined;
  /** -v: report tables that are missing even when nobody asked for them. */
  readonly verbose: boolean;
  /** A saved copy of the system's tables to read instead of the live system (--proc-root); null for the live one. */
  readonly root: string | null;
  /**
   * When given (only with owners "none"), each Internet socket the filters keep goes here as soon as
   * the reader has it, and the snapshot's `inet` stays empty: a table is printed while it is read.
   */
  readonly onInet?: ((s: InetSocket) => void) | undefined;
  /** --netns: the network namespaces to read (each socket then carries `netns`); only for readers with `netns`. */
  readonly netns?: NetnsSelector | undefined;
}

/**
 * A table the reader could not list: an Internet protocol, UNIX, or one of the other families
 * netstat lists after UNIX. Whether that is an error, and what is said, is the shared rule in
 * readers/missing.ts, not the reader's.
 */
export type TableName = IpProtocol | "unix" | "ipx" | "ax25" | "x25" | "netrom" | "rose";

export interface Snapshot {
  /** Internet sockets the filters kept, in the plan's table order (empty when streamed to onInet). */
  readonly inet: readonly InetSocket[];
  /** UNIX sockets the filters kept; null when the plan has no UNIX table or it could not be read. */
  readonly unix: readonly UnixSocket[] | null;
  /**
   * Tables that could not be listed, in the order they were met. A reader stops reading at the
   * first one that missingVerdict (readers/missing.ts) says fails the run, as netstat does.
   */
  readonly missing: readonly TableName[];
  /**
   * Missing tables the reader has already named in a diagnostic (a file a --proc-root copy lacks,
   * a file that exists but cannot be read): the shared rule still decides the status, but says no
   * "no support … on this system" for them.
   */
  readonly explained?: readonly TableName[];
  /** Problems in what was read (a malformed line), each naming its source and line. */
  readonly diagnostics: readonly Diagnostic[];
  /** The platform's own stderr notice about owners that could not all be read (-p), whole lines; null for none. */
  readonly ownerNotice: string | null;
  /**
   * What the sockets were read from when it is not the kernel's own tables ("netstat -anW", a saved
   * file): named in the notes about columns that source cannot fill. Absent for /proc.
   */
  readonly origin?: string;
  /** The source could not be read (its command failed or printed what nobody can read): exit status 1. */
  readonly failed?: boolean;
  /** --netns: one whole stderr line about namespaces that could not be read. */
  readonly netnsNotice?: string;
}

export interface Reader {
  /** The platform name it is registered under (readers/index.ts), e.g. "linux". */
  readonly platform: string;
  /** True when it can read other network namespaces (ReadRequest.netns). */
  readonly netns?: boolean;
  read(req: ReadRequest): Promise<Snapshot>;
}
