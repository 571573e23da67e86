// `tsnetstat --audit --netns all` live, in private network namespaces this file makes (tsc-<pid>-*):
// the audit runs in one ("here") and a second ("there") stands for a container. The scan reaches
// "here" only; the container's listeners are accounted for with their namespace, never reported
// as hidden, unreachable or ownerless. Only our own namespaces' sockets are asserted on (the
// machine's other namespaces are read too).

import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { Actor, PYTHON, sh, tsnetstatIn } from "./ns-support.js";

const NS = { here: `tsc-${process.pid}-here`, there: `tsc-${process.pid}-there` };
const PYTHON_EXE = realpathSync(PYTHON);

interface Label {
  inode: number;
  name: string | null;
  container: string | null;
}
interface Doc {
  scan: { addresses: string[]; open: { address: string; port: number }[] } | null;
  findings: { kind: string; severity: string; proto: string; address: string | null; port: number | null; pids: number[]; netns?: Label }[];
  listeners: { proto: string; local: { address: string; port: number }; executable: string | null; netns?: Label; owners: { pid: number }[] }[];
}

describe.skipIf(skipRootTests("--audit --netns live tests"))("tsnetstat --audit --netns all in private namespaces", () => {
  const actors: Actor[] = [];

  beforeAll(async () => {
    for (const ns of Object.values(NS)) {
      sh("ip", "netns", "add", ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    const here = new Actor(["ip", "netns", "exec", NS.here]);
    const there = new Actor(["ip", "netns", "exec", NS.there]);
    actors.push(here, there);
    await here.send("listen 127.0.0.1 22");
    // 47011 on the loopback "here" is closed: a scan "here" must not judge the container's listener by it
    for (const c of ["listen 127.0.0.1 47011", "listen 0.0.0.0 3306", "udp 127.0.0.1 47012"]) await there.send(c);
  });

  afterAll(() => {
    for (const a of actors) a.stop();
    for (const ns of Object.values(NS)) spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
  });

  it("scans only its own namespace and accounts for the container's listeners with their netns label", () => {
    const r = tsnetstatIn(NS.here, ["--audit", "--netns", "all", "--json", "--scan-ports", "1-100,3306,47000-47020"]);
    const d = JSON.parse(r.stdout) as Doc;
    const ours = (l: Label | undefined): string | null => (l?.name === NS.here || l?.name === NS.there ? l.name : null);
    expect(d.scan?.addresses).toEqual(["127.0.0.1", "::1"]);
    expect(d.scan?.open).toEqual([{ address: "127.0.0.1", port: 22 }]);
    expect(d.findings.filter((f) => ours(f.netns) !== null).map((f) => `${ours(f.netns)} ${f.severity} ${f.kind} ${f.proto} ${f.address} ${f.port}`)).toEqual([
      `${NS.there} medium wildcard-bind tcp 0.0.0.0 3306`,
      `${NS.there} low unexplained-port tcp 127.0.0.1 47011`,
      `${NS.there} low unexplained-port udp 127.0.0.1 47012`,
    ]);
    // no finding about our ports without a namespace, nor one on the container's ports "here"
    expect(d.findings.filter((f) => f.netns === undefined || (ours(f.netns) === NS.here && f.port !== null && f.port > 100))).toEqual([]);
    const there = actors[1]?.pid ?? -1;
    expect(
      d.listeners
        .filter((l) => ours(l.netns) !== null)
        .map((l) => `${ours(l.netns)} ${l.proto} ${l.local.address}:${l.local.port} ${l.executable} ${l.owners.map((o) => (o.pid === there ? "there" : String(o.pid))).join(",")}`),
    ).toEqual([
      `${NS.here} tcp 127.0.0.1:22 ${PYTHON_EXE} ${actors[0]?.pid ?? -1}`,
      `${NS.there} tcp 0.0.0.0:3306 ${PYTHON_EXE} there`,
      `${NS.there} tcp 127.0.0.1:47011 ${PYTHON_EXE} there`,
      `${NS.there} udp 127.0.0.1:47012 ${PYTHON_EXE} there`,
    ]);
  });

  it("with --netns NAME of the container, still scans and judges its own namespace, and the container's listeners on their own", () => {
    const r = tsnetstatIn(NS.here, ["--audit", "--netns", NS.there, "--json", "-t", "--scan-ports", "1-100,3306,47000-47020"]);
    const d = JSON.parse(r.stdout) as Doc;
    expect(d.scan?.open).toEqual([{ address: "127.0.0.1", port: 22 }]);
    expect(d.findings.map((f) => `${f.netns?.name ?? "?"} ${f.kind} ${f.port}`)).toEqual([`${NS.there} wildcard-bind 3306`, `${NS.there} unexplained-port 47011`]);
    expect(d.listeners.map((l) => `${l.local.port} ${l.netns?.name ?? "-"}`)).toEqual([`22 ${NS.here}`, `3306 ${NS.there}`, `47011 ${NS.there}`]);
  });
});
