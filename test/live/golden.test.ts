// The main acceptance test of the Linux path: for every row of matrix.ts, tsnetstat and net-tools
// netstat 2.10 run on the same sockets (population.py, in a private network and pid namespace)
// and must print the same stdout and stderr and exit with the same status — as root and as nobody.
//
// Timers (-o) tick between the two runs: tsnetstat runs first, netstat right after it, and a
// timer value may differ by at most TIMER_TOLERANCE seconds (the time between the two reads of
// /proc/net/tcp: the tail of one run and the start of the next, about 0.25 s here). Everything
// else is exact. A pair that differs is run once more, because a few things in the population
// move on their own clock (a SYN or SYN-ACK retransmission bumps a retransmit count, TIME_WAIT
// ends after 60 s); a real formatting difference shows in both attempts.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { compareRuns } from "./compare.js";
import type { RunResult, StderrRule } from "./compare.js";
import { LONG_V6, Lab, missingTools, removeStaleNamespaces } from "./lab.js";
import type { User } from "./lab.js";
import { MATRIX } from "./matrix.js";

const TIMER_TOLERANCE = 0.5;

const NOT_ALL =
  "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n";
const NO_INFO = '(No info could be read for "-p": geteuid()=65534 but you should be root.)\n';

const EXACT: StderrRule = { kind: "exact" };

const show = (args: readonly string[]): string => args.join(" ");
const hasPrograms = (args: readonly string[]): boolean =>
  args.some((x) => x === "--programs" || x === "--prog" || (/^-[^-]/.test(x) && x.includes("p")));

describe.skipIf(skipRootTests("live golden tests (tsnetstat vs netstat)"))("live: tsnetstat vs net-tools netstat 2.10", () => {
  let lab: Lab;

  /** Both tools on the same sockets; the differences, after one retry. */
  function pair(user: User, args: readonly string[], stderr: StderrRule = EXACT): { ts: RunResult; ns: RunResult } {
    let problems: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const ts = lab.tsnetstat(user, args);
      const ns = lab.netstat(user, args);
      problems = compareRuns(ns, ts, { stderr, timerToleranceSeconds: TIMER_TOLERANCE });
      if (problems.length === 0) {
        if (attempt > 1) console.warn(`${user} ${show(args)}: equal only on the second attempt`);
        return { ts, ns };
      }
    }
    throw new Error(`${user}: tsnetstat ${show(args)} differs from netstat:\n${problems.join("\n")}`);
  }

  beforeAll(async () => {
    const missing = missingTools();
    if (missing.length > 0) throw new Error(`live golden tests need ${missing.join(", ")} (iproute2, util-linux)`);
    removeStaleNamespaces();
    lab = new Lab();
    await lab.start();
  });

  afterAll(async () => {
    if (lab === undefined) return;
    const problems = await lab.stop();
    if (problems.length > 0) throw new Error(`teardown: ${problems.join("; ")}`);
  });

  describe("the population is what the matrix relies on", () => {
    it("has every TCP state, both queues, IPv6, mapped and long addresses", () => {
      const { stdout } = lab.netstat("root", ["-tanpo"]);
      for (const state of ["LISTEN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSING"]) {
        expect(stdout, state).toMatch(new RegExp(` ${state} +\\S`));
      }
      expect(stdout).toMatch(/^tcp +2 +0 127\.0\.0\.1:7001 +0\.0\.0\.0:\* +LISTEN /m); // accept queue
      expect(stdout).toMatch(/^tcp +1234 +0 127\.0\.0\.1:8080 /m); // Recv-Q
      expect(stdout).toMatch(/^tcp +0 +[1-9]\d* 127\.0\.0\.1:\d+ +127\.0\.0\.1:8080 +ESTABLISHED/m); // Send-Q
      expect(stdout).toMatch(/^tcp6 .* 127\.0\.0\.1:80 +127\.0\.0\.1:\d+ +ESTABLISHED/m); // IPv4-mapped
      expect(stdout).toMatch(/^tcp6 .* :::80 +:::\* +LISTEN/m);
      expect(stdout).toMatch(/^tcp6 .* ::1:443 +::1:\d+ +ESTABLISHED/m);
      expect(stdout).toContain(`${LONG_V6.slice(0, 17)}:44321 `); // shortened to 23 columns
      expect(stdout).toMatch(/ keepalive \(\d+\.\d\d\/0\/0\)$/m);
      for (const program of ["/python3 ", "/a-very-long-daemo ", "/worker: pool www ", "/a-program-name-we ", "/postgres: checkpo ", "/nobody-listener "]) {
        expect(stdout, program).toContain(program);
      }
    });

    it("has UDP, UDP-Lite and raw sockets, connected and not", () => {
      const { stdout } = lab.netstat("root", ["-uwan", "-U"]);
      expect(stdout).toMatch(/^udp +2496 +0 0\.0\.0\.0:53 +0\.0\.0\.0:\* +$/m);
      expect(stdout).toMatch(/^udp +0 +0 127\.0\.0\.1:5353 +127\.0\.0\.1:9 +ESTABLISHED$/m);
      expect(stdout).toMatch(/^udp6 +0 +0 :::123 /m);
      expect(stdout).toMatch(/^udp6 .* ::1:\d+ +::1:514 +ESTABLISHED/m);
      expect(stdout).toMatch(/^raw +0 +0 0\.0\.0\.0:1 +0\.0\.0\.0:\* +7 /m);
      expect(stdout).toMatch(/^raw +0 +0 127\.0\.0\.1:17 +127\.0\.0\.1:\* +1 /m);
      expect(stdout).toMatch(/^raw6 +0 +0 :::58 /m);
    });

    it("has UNIX sockets of every type and state", () => {
      const { stdout } = lab.netstat("root", ["-xa"]);
      expect(stdout).toMatch(/ STREAM +LISTENING +\d+ +\/.*\/stream\.sock$/m);
      expect(stdout).toMatch(/ SEQPACKET +LISTENING +\d+ +\/.*\/seq\.sock$/m);
      expect(stdout).toMatch(/ SEQPACKET +CONNECTED /m);
      expect(stdout).toMatch(/ STREAM +CONNECTING +0 +\/.*\/stream\.sock$/m); // not yet accepted
      expect(stdout).toMatch(/ DGRAM +CONNECTED +\d+ +\/.*\/dgram\.sock$/m);
      expect(stdout).toMatch(/ DGRAM {20}\d+ +$/m); // unbound, unconnected
      expect(stdout).toMatch(/ DGRAM {20}\d+ +@[0-9a-f]{5}$/m); // autobind
      expect(stdout).toMatch(/ STREAM +LISTENING +\d+ +@tsg-abstract$/m);
      expect(stdout).toMatch(/ @emb@nul$/m);
    });

    it("has a socket shared by two processes (tsnetstat --json lists both)", () => {
      const { stdout } = lab.tsnetstat("root", ["-tlnp", "--json"]);
      const doc = JSON.parse(stdout) as { sockets: { local: { port: number }; owners: { pid: number }[] }[] };
      const shared = doc.sockets.find((s) => s.local.port === 7100);
      expect(shared?.owners.map((o) => o.pid).length).toBe(2);
    });
  });

  describe("as root", () => {
    for (const row of MATRIX) {
      if (row.users !== undefined && !row.users.includes("root")) continue;
      it(show(row.args), () => {
        const { ts } = pair("root", row.args, row.stderr);
        if (row.stderr === undefined) expect(ts.stderr).not.toContain("(No info");
      });
    }
  });

  describe("as nobody, who owns one process with sockets", () => {
    for (const row of MATRIX) {
      if (row.users !== undefined && !row.users.includes("nobody")) continue;
      it(show(row.args), () => {
        const { ts } = pair("nobody", row.args, row.stderr);
        if (hasPrograms(row.args) && row.stderr === undefined) expect(ts.stderr).toBe(NOT_ALL);
      });
    }

    it("--json -tuxap: ownerStatus says the owners are partial for nobody, complete for root", () => {
      const statuses = (user: User): string[] => {
        const r = lab.tsnetstat(user, ["-tuxap", "--json"]);
        expect(r.status).toBe(0);
        const doc = JSON.parse(r.stdout) as { sockets: { ownerStatus: string }[] };
        expect(doc.sockets.length).toBeGreaterThan(10);
        return [...new Set(doc.sockets.map((s) => s.ownerStatus))];
      };
      expect(statuses("nobody")).toEqual(["partial"]);
      expect(statuses("root")).toEqual(["complete"]);
    });
  });

  describe("a UNIX path with a space (README difference 2)", () => {
    beforeAll(async () => {
      await lab.command("space-on");
    });
    afterAll(async () => {
      await lab.command("space-off");
    });

    for (const args of [["-xa"], ["-xlp"]]) {
      it(`${show(args)}: the whole path, where netstat cuts it at the space`, () => {
        const whole = `${lab.work}/with space.sock`;
        const cut = `${lab.work}/with`;
        const ts = lab.tsnetstat("root", args);
        const ns = lab.netstat("root", args);
        const tsLines = ts.stdout.split("\n").filter((l) => l.endsWith(` ${whole}`));
        expect(tsLines).toHaveLength(1);
        expect(ns.stdout.split("\n").filter((l) => l.endsWith(` ${cut}`))).toHaveLength(1);
        // with that one path cut as netstat cuts it, everything is equal
        const asNetstat = { ...ts, stdout: ts.stdout.replace(` ${whole}\n`, ` ${cut}\n`) };
        expect(compareRuns(ns, asNetstat, { stderr: EXACT, timerToleranceSeconds: 0 })).toEqual([]);
      });
    }
  });

  describe("as nobody, who owns no socket at all", () => {
    beforeAll(async () => {
      await lab.command("nobody-off");
    });

    for (const row of MATRIX) {
      if (!hasPrograms(row.args) || row.stderr !== undefined) continue;
      it(show(row.args), () => {
        const { ts } = pair("nobody", row.args);
        expect(ts.stderr).toBe(NO_INFO);
      });
    }
  });

  it("ran within the life of the TIME_WAIT socket", () => {
    // TIME_WAIT lasts 60 s; after that the matrix would no longer see that state
    expect(Date.now() - lab.readyAt).toBeLessThan(58_000);
  });
});
