// Colour, --table and -c as a user sees them in a terminal (tmux, in a private namespace), and
// the same commands through pipes, where the bytes are netstat's (issue 10 items 1, 4, 5).

import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { BIN, ensureBuilt, have } from "../support/cli.js";
import { cleanEnv, createNamespace, deleteNamespace, inNs, NS, nsRun, startPopulation } from "./ns.js";

const skip = skipRootTests("everyday terminal") || !have("tmux");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SERVER = NS; // tmux -L: a private tmux server for this suite
const tmux = (args: string[]) => spawnSync("tmux", ["-u", "-L", SERVER, "-f", "/dev/null", ...args], { encoding: "utf8", env: cleanEnv({ SHELL: "/bin/bash" }) });

let session = 0;

/**
 * Run `shell` in a fresh tmux window `width` columns wide (in the namespace), `then` (keys sent
 * after `delayMs`), and give the screen with its colours (tmux capture-pane -e) once it says DONE.
 */
async function terminal(shell: string, width: number, opts: { keys?: string; delayMs?: number; env?: string } = {}): Promise<string[]> {
  const name = `s${++session}`;
  // the shell traps Ctrl-C so that it lives on to say how the program ended (a program killed by
  // SIGINT makes an untrapped shell give up too, as with netstat -c)
  const cmd = `trap : INT; ${opts.env ?? ""} ip netns exec ${NS} ${process.execPath} ${BIN} ${shell}; echo DONE=$?; sleep 60`;
  const started = tmux(["new-session", "-d", "-x", String(width), "-y", "50", "-s", name, cmd]);
  expect([started.status, started.stderr]).toEqual([0, ""]);
  if (opts.keys !== undefined) {
    // keys go only once the program is running (its second listing is on the screen)
    for (let i = 0; i < 200; i++) {
      const text = tmux(["capture-pane", "-p", "-S", "-", "-t", name]).stdout;
      if (text.split("Active Internet").length > 2) break;
      await sleep(50);
    }
    await sleep(opts.delayMs ?? 0);
    tmux(["send-keys", "-t", name, opts.keys]);
  }
  let screen: string[] = [];
  for (let i = 0; i < 200; i++) {
    // the terminal echoes a Ctrl-C as ^C where the cursor is: at the start of the next line printed
    screen = tmux(["capture-pane", "-p", "-e", "-S", "-", "-t", name]).stdout.split("\n").map((l) => l.replace(/^\^C/, ""));
    if (screen.some((l) => l.startsWith("DONE="))) break;
    await sleep(50);
  }
  const alive = tmux(["has-session", "-t", name]).status === 0;
  tmux(["kill-session", "-t", name]);
  const done = screen.findIndex((l) => l.startsWith("DONE="));
  if (done < 0) throw new Error(`no DONE line (session ${alive ? "alive" : "gone"}):\n${screen.filter((l) => l !== "").slice(-8).join("\n")}`);
  return screen.slice(0, done + 1);
}

const ESC = "\x1b";
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, "g");
const plain = (l: string) => l.replace(SGR, "");

describe.skipIf(skip)("in a terminal and through pipes", () => {
  beforeAll(async () => {
    ensureBuilt();
    createNamespace();
    await startPopulation();
    // a session that outlives the tests' own: the tmux server exits with its last session, and a
    // new one started while the old one winds down can lose its session
    tmux(["new-session", "-d", "-s", "keep", "sleep 600"]);
  }, 60_000);
  afterAll(() => {
    tmux(["kill-server"]);
    deleteNamespace();
  });

  it("on a terminal: LISTEN green, a wildcard bind bold red; the text is netstat's", async () => {
    const screen = await terminal("-tln", 100);
    // rows in the kernel's hash order
    expect(screen.filter((l) => l.includes(":500")).sort()).toEqual([
      `tcp        0      0 ${ESC}[1m${ESC}[31m0.0.0.0:5001${ESC}[0m${ESC}[39m${ESC}[49m            0.0.0.0:*               ${ESC}[32mLISTEN${ESC}[39m`,
      `tcp        0      0 127.0.0.1:5002          0.0.0.0:*               ${ESC}[32mLISTEN${ESC}[39m`,
      `tcp        0      0 127.0.0.1:5005          0.0.0.0:*               ${ESC}[32mLISTEN${ESC}[39m`,
      `tcp6       0      0 ::1:5003                :::*                    ${ESC}[32mLISTEN${ESC}[39m`,
    ].sort());
    const piped = inNs(["-tln"]).stdout.split("\n").map((l) => l.trimEnd());
    expect(screen.slice(0, -1).map(plain)).toEqual(piped.slice(0, -1));
    expect(screen.at(-1)).toBe("DONE=0");
  });

  it("on a terminal with -p: ESTABLISHED cyan, the owner as netstat shows it", async () => {
    const screen = await terminal("-tnp --sport 5005", 120);
    expect(screen.filter((l) => l.includes("127.0.0.1:5005")).map((l) => l.replace(/\d+\/python3/, "PID/python3"))).toEqual([
      `tcp        0      0 127.0.0.1:5005          127.0.0.1:${screen.join("").match(/127\.0\.0\.1:5005 +127\.0\.0\.1:(\d+)/)?.[1] ?? "?"}`.padEnd(68) + `${ESC}[36mESTABLISHED${ESC}[39m PID/python3`,
    ]);
  });

  it.each([
    ["NO_COLOR=1", "-tln"],
    ["", "--color=never -tln"],
    ["TERM=dumb", "-tln"],
  ])("on a terminal with %s %s: no colour", async (env, args) => {
    const screen = await terminal(args, 100, { env });
    expect(screen.join("\n")).not.toContain(ESC);
    expect(screen.length).toBe(7);
  });

  // (-p is compared in the golden tests: netstat -p takes seconds on a busy machine)
  it("piped: byte for byte netstat's (-tuan, -tln, -tl, -xa)", () => {
    // -tl: names looked up where the nameserver has no route (the namespace has only lo)
    for (const args of [["-tuan"], ["-tln"], ["-tl"], ["-xa"]]) {
      expect(inNs(args).stdout).toBe(nsRun(["netstat", ...args]).stdout);
    }
  });

  it("piped with --color=always or FORCE_COLOR=1: coloured", () => {
    const always = inNs(["-tln", "--color=always"]).stdout;
    expect(always).toContain(`${ESC}[32mLISTEN${ESC}[39m`);
    expect(inNs(["-tln"], { FORCE_COLOR: "1" }).stdout).toBe(always);
    expect(plain(always)).toBe(inNs(["-tln"]).stdout);
  });

  it("--table in a 100-column terminal: every cell on one line, the header bold, every owner", async () => {
    const screen = await terminal("-tlp --table", 100);
    const box = screen.filter((l) => /^[┌│├└]/.test(plain(l)));
    // top, header, rule, 4 servers, bottom: nothing wrapped
    expect(box.length).toBe(8);
    const width = [...plain(box[0] ?? "")].length;
    expect(width).toBeLessThanOrEqual(100);
    for (const l of box) expect([l, [...plain(l)].length]).toEqual([l, width]);
    // no service names for these ports here: that column is left out
    expect(plain(box[1] ?? "").replace(/ +/g, " ")).toBe("│ Proto │ Local │ Remote │ State │ User │ Owners │");
    expect(box[1]).toContain(`${ESC}[1mProto${ESC}[0m`);
    expect(box.slice(3, 7).map((l) => plain(l).replace(/\d+\/python3/, "PID/python3").replace(/ +/g, " ")).sort()).toEqual([
      "│ tcp │ 0.0.0.0:5001 │ 0.0.0.0:* │ LISTEN │ root │ PID/python3 │",
      "│ tcp │ 127.0.0.1:5002 │ 0.0.0.0:* │ LISTEN │ root │ PID/python3 │",
      "│ tcp │ 127.0.0.1:5005 │ 0.0.0.0:* │ LISTEN │ root │ PID/python3 │",
      "│ tcp6 │ [::1]:5003 │ [::]:* │ LISTEN │ root │ PID/python3 │",
    ]);
  });

  it("--table in a 56-column terminal: the box is 56 columns, addresses and owners wrap, states do not", async () => {
    const screen = await terminal("-tlp --table", 56);
    const box = screen.filter((l) => /^[┌│├└]/.test(plain(l)));
    expect(box.length).toBeGreaterThan(8);
    for (const l of box) expect([l, [...plain(l)].length]).toEqual([l, 56]);
    expect(box.filter((l) => plain(l).includes("LISTEN")).length).toBe(4);
  });

  it("-c 0.2 on a terminal: Ctrl-C ends it at once by SIGINT (status 130 in the shell), nothing on the screen but listings", async () => {
    const screen = await terminal("-tln -c 0.2", 100, { keys: "C-c", delayMs: 300 });
    expect(screen.at(-1)).toBe("DONE=130");
    const body = screen.slice(0, -1).map(plain).filter((l) => l !== "");
    const once = inNs(["-tln"]).stdout.split("\n").slice(0, -1).map((l) => l.trimEnd());
    expect(body.length % once.length).toBe(0);
    expect(body.length / once.length).toBeGreaterThanOrEqual(2);
    expect(body).toEqual(Array.from({ length: body.length / once.length }, () => once).flat());
  });
});
