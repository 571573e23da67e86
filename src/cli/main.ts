// The tsnetstat command: flags → plan → reader → names → formatter → stdout.

import { formatDiagnostic } from "../model.js";
import type { InetSocket, Socket } from "../model.js";
import { plan as makePlan } from "../select.js";
import type { Plan } from "../select.js";
import { readLinux } from "../readers/linux/index.js";
import type { LinuxSnapshot } from "../readers/linux/index.js";
import { inetRow, inetTitle, unixRow, unixTitle } from "../format/netstat.js";
import type { NetstatView } from "../format/netstat.js";
import { writeJson } from "../format/json.js";
import { NUMERIC_NAMES } from "../names/lookup.js";
import type { NameLookup } from "../names/lookup.js";
import type { Options } from "./args.js";
import { EXIT_FAILURE, parseArgs } from "./args.js";
import { ChunkedWriter, OutputClosed, writeAll } from "./output.js";
import pkg from "../../package.json";

const STDOUT = 1;
const STDERR = 2;

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, pkg.version);
  if (parsed.kind === "exit") {
    if (parsed.stdout) writeAll(STDOUT, parsed.stdout);
    if (parsed.stderr) writeAll(STDERR, parsed.stderr);
    return parsed.code;
  }
  const options = parsed.options;
  if (options.warnings.length > 0) writeAll(STDERR, options.warnings.join(""));
  const early = refuse(options);
  if (early !== null) {
    writeAll(STDERR, early);
    return EXIT_FAILURE;
  }
  // the audit (scan, findings, report) is loaded only when asked for
  if (options.audit !== null) return (await import("../audit/run.js")).runAudit(options);
  const plan = makePlan({ protocols: options.protocols, families: options.families });
  const out = new ChunkedWriter(STDOUT);
  for (;;) {
    const code = await report(options, plan, out);
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
  if (process.platform !== "linux" && o.procRoot === "/proc") {
    return `tsnetstat: ${process.platform} is not supported yet (Linux only; --proc-root reads a Linux /proc copy)\n`;
  }
  return null;
}

async function report(o: Options, plan: Plan, out: ChunkedWriter): Promise<number> {
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
  const snap = readLinux({
    procRoot: o.procRoot,
    plan,
    mode: o.mode,
    owners: o.programs ? (o.json || process.geteuid?.() !== 0 ? "all" : "first") : "none",
    verbose: o.verbose,
    onInet,
  });
  if (o.programs) {
    if (snap.ownerNotice === "no-info") {
      writeAll(STDERR, `(No info could be read for "-p": geteuid()=${process.geteuid?.() ?? -1} but you should be root.)\n`);
    } else if (snap.ownerNotice === "not-all") {
      writeAll(
        STDERR,
        "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n",
      );
    }
  }
  if (snap.diagnostics.length > 0) {
    // streamed rows go out before the diagnostics about their table
    if (streaming) out.flush();
    writeAll(STDERR, snap.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""));
  }

  if (o.json) {
    writeJson(allSockets(snap), out.write);
  } else {
    view ??= await viewFor(o, () => distinctAddresses(snap.inet));
    if (plan.inetHeader && !streaming) {
      out.write(inetTitle(view));
      for (const s of snap.inet) out.write(inetRow(s, view));
    }
    if (snap.unix !== null) {
      out.write(unixTitle(view));
      for (const s of snap.unix) out.write(unixRow(s, view));
    }
  }
  out.flush();
  if (snap.unsupported.length > 0) {
    writeAll(STDERR, snap.unsupported.map((n) => `tsnetstat: no support for \`${n}' on this system.\n`).join(""));
  }
  if (snap.failed) return EXIT_FAILURE;
  // netstat reaches the Bluetooth tables last, and Debian's build has none (netstat.c ENOSUPP)
  if (plan.bluetooth) {
    writeAll(STDERR, "tsnetstat: feature `AF BLUETOOTH' not supported.\n");
    return EXIT_FAILURE;
  }
  return 0;
}

function* allSockets(snap: LinuxSnapshot): Generator<Socket> {
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

function distinctAddresses(sockets: readonly InetSocket[]): Set<string> {
  const set = new Set<string>();
  for (const s of sockets) {
    set.add(s.local.address);
    set.add(s.remote.address);
  }
  return set;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof OutputClosed) process.exit(0);
    const message = err instanceof Error ? err.message : String(err);
    try {
      writeAll(STDERR, `tsnetstat: ${message}\n`);
    } catch {
      // nowhere left to report it
    }
    process.exit(EXIT_FAILURE);
  },
);
