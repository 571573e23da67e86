// The tsnetstat command: flags → plan → reader → names → formatter → stdout.

import { formatDiagnostic } from "../model.js";
import type { InetSocket, Socket } from "../model.js";
import { plan as makePlan } from "../select.js";
import type { Plan } from "../select.js";
import { choosePlatform, readerFor, readSockets } from "../readers/index.js";
import type { Reader, Snapshot } from "../readers/index.js";
import { addressesToName, inetRow, inetTitle, unixRow, unixTitle } from "../format/netstat.js";
import type { NetstatView } from "../format/netstat.js";
import { writeJson } from "../format/json.js";
import { NUMERIC_NAMES } from "../names/lookup.js";
import type { NameLookup } from "../names/lookup.js";
import type { Options } from "./args.js";
import { DEFAULT_PROC_ROOT, EXIT_FAILURE, parseArgs } from "./args.js";
import { ChunkedWriter, writeAll } from "./output.js";
import pkg from "../../package.json";

/** Where the output goes: file descriptors (1 and 2 for a run; tests give files of their own). */
export interface Io {
  readonly stdout: number;
  readonly stderr: number;
  readonly env: NodeJS.ProcessEnv;
}

const PROCESS_IO: Io = { stdout: 1, stderr: 2, env: process.env };

/** The whole command: parse `argv`, read, print; resolves to the exit status. Runs nothing on import (entry.ts runs it). */
export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  const { stdout, stderr } = io;
  const parsed = parseArgs(argv, pkg.version);
  if (parsed.kind === "exit") {
    if (parsed.stdout) writeAll(stdout, parsed.stdout);
    if (parsed.verboseVersion === true) writeAll(stdout, (await import("./identity.js")).identityLines(io.env));
    if (parsed.stderr) writeAll(stderr, parsed.stderr);
    return parsed.code;
  }
  const options = parsed.options;
  if (options.warnings.length > 0) writeAll(stderr, options.warnings.join(""));
  const early = refuse(options);
  if (early !== null) {
    writeAll(stderr, early);
    return EXIT_FAILURE;
  }
  const platform = choosePlatform(io.env, process.platform, options.procRoot !== DEFAULT_PROC_ROOT);
  // --source lsof: on Linux, lsof's view instead of /proc (elsewhere lsof already gives the owners)
  if (options.source === "lsof" && platform !== "linux") {
    writeAll(stderr, `tsnetstat: --source lsof is for Linux; on ${platform} netstat lists the sockets and lsof their owners\n`);
    return EXIT_FAILURE;
  }
  const reader = await readerFor(options.source === "lsof" ? "lsof" : platform);
  if ("error" in reader) {
    writeAll(stderr, reader.error);
    return EXIT_FAILURE;
  }
  // the audit (scan, findings, report) is loaded only when asked for
  if (options.audit !== null) return (await import("../audit/run.js")).runAudit(options, reader, io);
  const plan = makePlan({ protocols: options.protocols, families: options.families });
  const out = new ChunkedWriter(stdout);
  for (;;) {
    const code = await report(options, plan, reader, out, stderr);
    out.flush();
    if (!options.continuous || code !== 0) return code;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Things tsnetstat will not do, said before anything is read. */
function refuse(o: Options): string | null {
  if (o.selinux) return "tsnetstat: -Z (SELinux contexts) is not supported\n";
  if (o.unsupportedMode !== null) {
    return `tsnetstat: --${o.unsupportedMode} is not supported: tsnetstat lists sockets (try 'ip route', 'ip -s link' or 'nstat')\n`;
  }
  return null;
}

async function report(o: Options, plan: Plan, reader: Reader, out: ChunkedWriter, stderr: number): Promise<number> {
  // Rows stream (each is written as its piece of the table is parsed, so no socket outlives its
  // piece) unless something needs every socket first: owners (-p), host names, or JSON.
  const streaming = !o.json && !o.programs && o.numericHosts;
  let view: NetstatView | null = null;
  let onInet: ((s: InetSocket) => void) | undefined;
  if (streaming) {
    const v = await viewFor(o, () => []);
    view = v;
    if (plan.inetHeader) out.write(inetTitle(v));
    onInet = (s) => out.write(inetRow(s, v));
  }
  const snap = await readSockets(reader, {
    root: o.procRoot === DEFAULT_PROC_ROOT ? null : o.procRoot,
    plan,
    mode: o.mode,
    // a table shows the first owner of each socket; JSON shows them all
    owners: o.programs ? (o.json ? "all" : "first") : "none",
    verbose: o.verbose,
    onInet,
  });
  if (o.programs && snap.ownerNotice !== null) writeAll(stderr, snap.ownerNotice);
  if (snap.diagnostics.length > 0) {
    // streamed rows go out before the diagnostics about their table
    if (streaming) out.flush();
    writeAll(stderr, snap.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""));
  }

  if (o.json) {
    writeJson(allSockets(snap), out.write);
  } else {
    view ??= await viewFor(o, () => addressesToName(snap.inet, o));
    if (plan.inetHeader && !streaming) {
      out.write(inetTitle(view));
      for (const s of snap.inet) out.write(inetRow(s, view));
    }
    // netstat prints the UNIX title before it opens the table, so also when the table is missing
    if (snap.unix !== null || snap.missing.includes("unix")) out.write(unixTitle(view));
    if (snap.unix !== null) for (const s of snap.unix) out.write(unixRow(s, view));
  }
  out.flush();
  if (snap.unsupported !== "") writeAll(stderr, snap.unsupported);
  if (snap.failed) return EXIT_FAILURE;
  // netstat reaches the Bluetooth tables last, and Debian's build has none (netstat.c ENOSUPP)
  if (plan.bluetooth) {
    writeAll(stderr, "tsnetstat: feature `AF BLUETOOTH' not supported.\n");
    return EXIT_FAILURE;
  }
  return 0;
}

function* allSockets(snap: Snapshot): Generator<Socket> {
  yield* snap.inet;
  if (snap.unix !== null) yield* snap.unix;
}

/** The table options and names; `addresses` (every address shown) is asked for only when hosts get names. */
async function viewFor(o: Options, addresses: () => Iterable<string>): Promise<NetstatView> {
  const extend = o.extend > 0;
  const needNames = !o.numericHosts || !o.numericPorts || (extend && !o.numericUsers);
  // loaded only when names are shown: the resolver brings dgram and child_process (several ms at start-up)
  const names: NameLookup = needNames
    ? await (await import("../names/system.js")).systemNames({
        hosts: !o.numericHosts,
        ports: !o.numericPorts,
        users: extend && !o.numericUsers,
        addresses: o.numericHosts ? [] : addresses(),
        timeoutMs: o.dnsTimeoutMs,
        etc: "/etc",
      })
    : NUMERIC_NAMES;
  return {
    mode: o.mode,
    extend,
    programs: o.programs,
    timers: o.timers,
    wide: o.wide,
    numericHosts: o.numericHosts,
    numericPorts: o.numericPorts,
    numericUsers: o.numericUsers,
    names,
  };
}
