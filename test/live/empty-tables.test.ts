// Tables the namespace's sockstat says are empty are not read (each TCP read walks the hash every
// namespace shares): in a private namespace (tsempty<pid>) with nothing, with one UDP and one IPv6
// TCP socket, and with only a TIME_WAIT, TSNETSTAT_DEBUG=tables names the tables left unread, and
// the table printed is still the real netstat's, byte for byte.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ip, removeStaleNetns, SYSTEM_ENV } from "../support/netns.js";
import { skipRootTests } from "../support/root.js";

const TSNETSTAT = join(resolve(import.meta.dirname, "../.."), "bin/tsnetstat");
const NS = `tsempty${process.pid}`;
const DEBUG = /^tsnetstat: tables: (.*)\n/m;

/** A python process in the namespace running `setup`, holding what it made until stdin closes. */
function hold(setup: string): Promise<ChildProcessWithoutNullStreams> {
  const script = `import socket, sys, time\nheld = []\n${setup}\nprint("READY", flush=True)\nsys.stdin.read()\n`;
  const child = spawn("ip", ["netns", "exec", NS, "python3", "-c", script], { env: SYSTEM_ENV, stdio: "pipe" });
  return new Promise((done, fail) => {
    let text = "";
    child.once("exit", (code) => fail(new Error(`holder exited (${code}) before READY`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => {
      text += c;
      if (text.includes("READY\n")) {
        child.removeAllListeners("exit");
        done(child);
      }
    });
  });
}

function inNs(argv: readonly string[], env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("ip", ["netns", "exec", NS, "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv], { encoding: "utf8", env: SYSTEM_ENV });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** tsnetstat's table, the tables it left unread, and netstat's table for the same flags, in the namespace. */
function compare(flags: string): { ours: string; netstat: string; unread: string | null; rest: string } {
  const ours = inNs([process.execPath, TSNETSTAT, flags], { TSNETSTAT_DEBUG: "tables" });
  expect(ours.status).toBe(0);
  const netstat = inNs(["netstat", flags]);
  return { ours: ours.stdout, netstat: netstat.stdout, unread: DEBUG.exec(ours.stderr)?.[1] ?? null, rest: ours.stderr.replace(DEBUG, "") };
}

/** The table's rows (after title and header), each as proto, local, foreign and state, single-spaced. */
const brief = (table: string): string[] =>
  table
    .split("\n")
    .slice(2)
    .filter((l) => l !== "")
    .map((l) => l.split(/\s+/).filter((_w, i) => i === 0 || i >= 3).join(" ").trim());

describe.skipIf(skipRootTests("empty-table live tests"))("tables sockstat says are empty are not read", () => {
  let holder: ChildProcessWithoutNullStreams | null = null;

  beforeAll(() => {
    removeStaleNetns(/^tsempty(\d+)$/);
    ip("netns", "add", NS);
    ip("-n", NS, "link", "set", "lo", "up");
  });

  afterEach(() => {
    holder?.kill("SIGKILL");
    holder = null;
  });

  afterAll(() => {
    spawnSync("ip", ["netns", "del", NS], { stdio: "ignore", env: SYSTEM_ENV });
  });

  it("a namespace with no sockets: every Internet table left unread, netstat's empty table", () => {
    const r = compare("-tuwan");
    expect(r.unread).toBe("not read, sockstat says empty: tcp tcp6 udp udp6 raw raw6");
    expect(r.rest).toBe("");
    expect(r.ours).toBe(r.netstat);
    expect(r.ours.split("\n")).toHaveLength(3); // title, header, final newline
  });

  it("one UDP/IPv4 and one TCP/IPv6 socket: only their tables are read", async () => {
    holder = await hold(
      [
        "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 5353)); held.append(u)",
        "t = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); t.bind(('::1', 8080)); t.listen(4); held.append(t)",
      ].join("\n"),
    );
    const r = compare("-tuwan");
    expect(r.unread).toBe("not read, sockstat says empty: tcp udp6 raw raw6");
    expect(r.ours).toBe(r.netstat);
    expect(brief(r.ours)).toEqual(["tcp6 ::1:8080 :::* LISTEN", "udp 127.0.0.1:5353 0.0.0.0:*"]);
  });

  it("only a TIME_WAIT (no TCP socket in use): both TCP tables are read, and the TIME_WAIT shows", async () => {
    // the client closes first, so its end waits in TIME_WAIT; then everything else is closed
    holder = await hold(
      [
        "l = socket.socket(socket.AF_INET, socket.SOCK_STREAM); l.bind(('127.0.0.1', 9000)); l.listen(4)",
        "c = socket.socket(socket.AF_INET, socket.SOCK_STREAM); c.connect(('127.0.0.1', 9000)); a, _ = l.accept()",
        "c.close(); time.sleep(0.1); a.close(); l.close(); time.sleep(0.1)",
      ].join("\n"),
    );
    const sockstat = inNs(["cat", "/proc/net/sockstat"]).stdout;
    expect(sockstat).toMatch(/^TCP: inuse 0 orphan \d+ tw 1 /m);
    const r = compare("-tan");
    expect(r.unread).toBe("not read, sockstat says empty: udp udp6 raw raw6");
    expect(r.ours).toBe(r.netstat);
    expect(brief(r.ours).map((l) => l.replace(/:\d+ /, ":PORT "))).toEqual(["tcp 127.0.0.1:PORT 127.0.0.1:9000 TIME_WAIT"]);
  });
});
