// --netns, live: an `ip netns` namespace no process is in, read by entering it (netns-enter.ts).
// The test makes it (lo up) and leaves in it (a) a TIME_WAIT of a process that has exited, and
// (b) a listener made there by a python process of the test's own namespace that entered it with
// setns(2), listened on 127.0.0.1 and went back, keeping the socket. Every packet stays in that
// namespace. As root, `--netns NAME` and `--netns all` list both with the namespace's label, the
// listener with its holder's pid, and the rows are `ip netns exec NAME netstat -tan`'s; as nobody,
// the namespace is named in the one notice line.

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { publicTsnetstat } from "../support/bundle.js";
import { runToFiles, SYSTEM_ENV } from "../support/netns.js";
import type { FileRun } from "../support/netns.js";

const PROJECT = resolve(import.meta.dirname, "../..");
const TSNETSTAT = join(PROJECT, "bin/tsnetstat");
const ENV = SYSTEM_ENV;
const NAME = `tsn-idle-${process.pid}`;
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const LISTEN_PORT = 7601;
const TW_PORT = 7602;

/** Listen, connect, close the client first (it keeps the TIME_WAIT), then the rest, and exit. */
const TIME_WAIT_PY = `
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", ${TW_PORT})); s.listen()
c = socket.create_connection(("127.0.0.1", ${TW_PORT})); a, _ = s.accept()
c.close(); time.sleep(0.2); a.close(); s.close()
`;

/** Enter the namespace with setns(2), listen there, go back home, and hold the socket until stdin ends. */
const SETNS_PY = `
import ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
home = open("/proc/self/ns/net")
there = open(sys.argv[1])
if libc.setns(there.fileno(), CLONE_NEWNET) != 0: raise OSError(ctypes.get_errno(), "setns there")
s = socket.socket(); s.bind(("127.0.0.1", ${LISTEN_PORT})); s.listen()
if libc.setns(home.fileno(), CLONE_NEWNET) != 0: raise OSError(ctypes.get_errno(), "setns home")
print("READY", os.readlink("/proc/self/ns/net"), flush=True)
sys.stdin.read()
`;

let out = "";
let inode = 0;
let holder: ChildProcessWithoutNullStreams | null = null;
let holderPid = 0;

type Run = FileRun;

/** A command's run with its output in files (a pipe from node would be a socket of ours). */
const run = (argv: readonly string[], user: "root" | "nobody" = "root"): Run => runToFiles(out, argv, user);

const tsnetstat = (args: readonly string[], user: "root" | "nobody" = "root"): Run => run([process.execPath, user === "root" ? TSNETSTAT : publicTsnetstat(), ...args], user);

function startHolder(): Promise<void> {
  const child = spawn(PYTHON, ["-c", SETNS_PY, `/run/netns/${NAME}`], { stdio: ["pipe", "pipe", "pipe"], env: ENV });
  holder = child;
  let log = "";
  child.stdin.on("error", () => undefined);
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (log += c));
  return new Promise((resolvePromise, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`holder: no READY\n${log}`)), 15_000);
    child.once("exit", () => reject(new Error(`holder: exited\n${log}`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => {
      text += c;
      const m = /^READY (\S+)\n/.exec(text);
      if (m === null) return;
      clearTimeout(timer);
      // back in the test's own namespace: no process is in NAME
      if (m[1] !== readlinkSync("/proc/self/ns/net")) {
        reject(new Error(`holder: still in ${m[1]}`));
        return;
      }
      holderPid = child.pid as number;
      resolvePromise();
    });
  });
}

interface JsonSocket {
  proto: string;
  local: { address: string; port: number | null };
  remote: { address: string; port: number | null };
  state: string;
  owners: { pid: number; program: string }[];
  netns?: { inode: number; name: string | null; container: string | null };
}

/** The rows of a table after its two header lines. */
const rowsOf = (text: string): string[] => text.split("\n").slice(2).filter((l) => l.length > 0);

describe.skipIf(skipRootTests("--netns idle namespace live tests"))("--netns, an ip netns namespace no process is in", () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "tsn-idle-"));
    spawnSync("ip", ["netns", "del", NAME], { stdio: "ignore", env: ENV });
    expect(spawnSync("ip", ["netns", "add", NAME], { env: ENV }).status).toBe(0);
    expect(spawnSync("ip", ["-n", NAME, "link", "set", "lo", "up"], { env: ENV }).status).toBe(0);
    inode = statSync(`/run/netns/${NAME}`).ino;
    const tw = spawnSync("ip", ["netns", "exec", NAME, PYTHON, "-c", TIME_WAIT_PY], { env: ENV, encoding: "utf8", timeout: 15_000 });
    expect(tw.status, tw.stderr).toBe(0);
    await startHolder();
  }, 30_000);

  afterAll(async () => {
    const c = holder;
    if (c !== null && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((r) => c.once("exit", () => r()));
      c.stdin.end();
      c.kill("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    spawnSync("ip", ["netns", "del", NAME], { stdio: "ignore", env: ENV });
    if (out !== "") rmSync(out, { recursive: true, force: true });
  }, 30_000);

  it("no process is in it", () => {
    const inside = run(["sh", "-c", `for l in /proc/[0-9]*/ns/net; do readlink $l; done 2>/dev/null | grep -c 'net:\\[${inode}\\]' || true`]);
    expect(inside.stdout.trim()).toBe("0");
  });

  it("--netns NAME -p: the TIME_WAIT and the listener, labelled, the listener with its holder", () => {
    const r = tsnetstat(["-tanp", "--netns", NAME]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = rowsOf(r.stdout).map((l) => l.split(/\s+/));
    expect(rows.every((c) => c[7] === `${inode}/${NAME}`), r.stdout).toBe(true);
    const listener = rows.filter((c) => c[5] === "LISTEN");
    expect(listener, r.stdout).toEqual([["tcp", "0", "0", `127.0.0.1:${LISTEN_PORT}`, "0.0.0.0:*", "LISTEN", `${holderPid}/python3`, `${inode}/${NAME}`]]);
    const tw = rows.filter((c) => c[5] === "TIME_WAIT");
    expect(tw.length, r.stdout).toBe(1);
    expect(tw[0]?.[4]).toBe(`127.0.0.1:${TW_PORT}`);
    expect(tw[0]?.[6]).toBe("-");
  });

  it("its rows are `ip netns exec NAME netstat -tan`'s, with the Netns column last", () => {
    const netstat = run(["ip", "netns", "exec", NAME, "netstat", "-tan"]);
    const r = tsnetstat(["-tan", "--netns", NAME]);
    expect(r.status).toBe(0);
    expect(netstat.status).toBe(0);
    const suffix = ` ${inode}/${NAME}`;
    const rows = rowsOf(r.stdout);
    expect(rows.every((l) => l.endsWith(suffix)), r.stdout).toBe(true);
    // netstat pads State to 11 columns and ends there; with the Netns column after it, tsnetstat's is 12 wide
    expect(rows.map((l) => l.slice(0, -suffix.length).trimEnd())).toEqual(rowsOf(netstat.stdout).map((l) => l.trimEnd()));
    expect(rows.length).toBe(2);
  });

  it("--netns all --json: both sockets once, with the namespace's label and the holder's pid", () => {
    const r = tsnetstat(["-tanp", "--netns", "all", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { sockets: JsonSocket[] };
    const mine = doc.sockets.filter((j) => j.netns?.inode === inode);
    for (const j of mine) expect(j.netns).toEqual({ inode, name: NAME, container: null });
    const line = (j: JsonSocket): string => `${j.proto} ${j.local.address}:${j.local.port ?? "*"} ${j.state} ${j.owners.map((o) => `${o.pid}/${o.program}`).join(",") || "-"}`;
    expect(mine.map(line).sort()).toEqual([`tcp 127.0.0.1:${LISTEN_PORT} LISTEN ${holderPid}/python3`, expect.stringMatching(/^tcp 127\.0\.0\.1:\d+ TIME_WAIT -$/)].sort());
    // the listener is in no other namespace's rows (the holder's own namespace does not have it)
    const listeners = doc.sockets.filter((j) => j.local.port === LISTEN_PORT && j.state === "LISTEN" && j.owners.some((o) => o.pid === holderPid));
    expect(listeners.length).toBe(1);
  });

  it("as nobody: the namespace is named in the one notice line, and nothing fails", () => {
    const want = `no process is in ip netns ${NAME} (inode ${inode}) and it could not be entered (you would have to be root), so its sockets are not listed`;
    const one = tsnetstat(["-tan", "--netns", NAME], "nobody");
    expect(one.status).toBe(0);
    expect(one.stderr).toBe(`tsnetstat: --netns: ${want}\n`);
    expect(rowsOf(one.stdout)).toEqual([]);
    const all = tsnetstat(["-tan", "--netns", "all"], "nobody");
    expect(all.status).toBe(0);
    // other suites' processes and idle namespaces come and go meanwhile: the line's shape, and this namespace in it
    const m = /^tsnetstat: --netns: (?:the network namespace of \d+ process(?:es)? could not be read \(you would have to be root to see them all\); )?no process is in ip netns (.+) and (?:it|they) could not be entered \(you would have to be root\), so (?:its|their) sockets are not listed\n$/.exec(all.stderr);
    expect(m, all.stderr).not.toBeNull();
    expect(m?.[1]?.split(", ")).toContain(`${NAME} (inode ${inode})`);
    expect(all.stdout).not.toContain(` ${inode}/`);
  });
});
