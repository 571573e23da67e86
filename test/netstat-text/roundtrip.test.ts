// tsnetstat's own tables read back: sockets rendered with src/format/netstat.ts and parsed by the
// net-tools text parser give the same sockets (protocol, family, endpoints, state, queues, user and
// inode with -e, the first owner's pid and program with -p).

import { describe, expect, it } from "vitest";
import type { InetSocket, Owner, Socket, UnixSocket } from "../../src/model.js";
import type { NetstatView } from "../../src/format/netstat.js";
import { inetRow, inetTitle, unixRow, unixTitle } from "../../src/format/netstat.js";
import { parseInetTable, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import { parseNetstatText } from "../../src/readers/netstat-text/linux.js";
import { fixture } from "../support/fixtures.js";
import { linuxInet, linuxUnix } from "../support/sockets.js";
import { numericView } from "../support/view.js";

const view = numericView;

function render(inet: readonly InetSocket[], unix: readonly UnixSocket[], v: NetstatView): string {
  return inetTitle(v) + inet.map((s) => inetRow(s, v)).join("") + unixTitle(v) + unix.map((s) => unixRow(s, v)).join("");
}

const owner = (pid: number, program: string): Owner => ({ pid, fd: 3, program, comm: null, cmdline: null });

/** What a table shows of a socket; `program` maps the owner's program to what the table can hold. */
function shown(s: Socket, v: NetstatView, program: (p: string) => string = (p) => p) {
  const owners = v.programs ? s.owners.slice(0, 1).map((o) => [o.pid, program(o.program)]) : [];
  if (s.proto === "unix") return { proto: s.proto, type: s.type, state: s.state, path: s.path, inode: s.inode, owners };
  const extra = v.extend ? { uid: s.uid, inode: s.inode } : {};
  return { proto: s.proto, family: s.family, local: s.local, remote: s.remote, state: s.state, recvQ: s.recvQ, sendQ: s.sendQ, owners, ...extra };
}

function captured(): { inet: InetSocket[]; unix: UnixSocket[] } {
  const inet: InetSocket[] = [];
  for (const t of ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"] as const) {
    inet.push(...parseInetTable(fixture(`linux/captures/inet/proc-net-${t}.out`), t, { source: t }).records);
  }
  const unix = parseUnixTable(fixture("linux/captures/unix/proc-net-unix.out"), { source: "unix" }).records;
  return { inet, unix };
}

function roundTrip(inet: readonly InetSocket[], unix: readonly UnixSocket[], v: NetstatView, program?: (p: string) => string): void {
  const text = render(inet, unix, v);
  const back = parseNetstatText(text, { source: "tsnetstat" });
  expect(back.diagnostics).toEqual([]);
  expect(back.records.map((s) => shown(s, v))).toEqual([...inet, ...unix].map((s) => shown(s, v, program)));
}

describe("tsnetstat's tables parse back to the sockets they show", () => {
  const { inet, unix } = captured();

  it.each([
    ["-an", view()],
    ["-anW", view({ wide: true })],
    ["-ane", view({ extend: true })],
    ["-aneo", view({ extend: true, timers: true })],
  ])("the captured /proc sockets, %s", (_, v) => {
    expect(inet.length).toBeGreaterThan(30);
    roundTrip(inet, unix, v);
  });

  it("-anpeo with owners whose names hold spaces, escapes, and more than the column", () => {
    const names = ["sshd: /usr/sbin/sshd -D", "evil\nname", "back\\slash", "a-program-name-well-beyond-nineteen-bytes", "", "worker: pool www"];
    const withOwners = inet.map((s, i) => (s.inode === 0 ? s : { ...s, owners: [owner(1000 + i, names[i % names.length] ?? "")] }));
    const unixOwners = unix.map((s, i) => (s.inode === 0 ? s : { ...s, owners: [owner(20000 + i, names[i % names.length] ?? "")] }));
    const v = view({ extend: true, programs: true, timers: true });
    const text = render(withOwners, unixOwners, v);
    const back = parseNetstatText(text, { source: "tsnetstat" });
    expect(back.diagnostics).toEqual([]);
    // netstat's column keeps "PID/name" to 19 bytes (cut before tsnetstat escapes them), so 4- and
    // 5-digit pids leave 14 or 13 bytes of the name; a name cut right after a space loses that space
    // to the padding
    const expectName = (pid: number, p: string): string => p.slice(0, 19 - String(pid).length - 1).trimEnd();
    expect(back.records.map((s) => s.owners.map((o) => [o.pid, o.program]))).toEqual(
      [...withOwners, ...unixOwners].map((s) => s.owners.map((o) => [o.pid, expectName(o.pid, o.program)])),
    );
    expect(back.records.map((s) => shown(s, { ...v, programs: false }))).toEqual([...withOwners, ...unixOwners].map((s) => shown(s, { ...v, programs: false })));
  });

  it("a UNIX path with a space and a newline comes back whole (tsnetstat prints it escaped)", () => {
    const s = linuxUnix({ type: "STREAM", state: "LISTENING", path: "/tmp/with space\nand newline.sock", inode: 77, flags: ["ACC"], stateCode: 1, refCnt: 2 });
    roundTrip([], [s], view({ programs: true }));
  });

  it("a long IPv6 address with -W, and sockets from a platform without queues or inodes", () => {
    const long = linuxInet({ proto: "tcp6", local: { address: "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", port: 44321 }, remote: { address: "::", port: null } });
    const text: InetSocket = {
      proto: "tcp",
      family: "inet",
      local: { address: "10.0.0.1", port: 22 },
      remote: { address: "10.0.0.2", port: 5000 },
      state: "ESTABLISHED",
      recvQ: null,
      sendQ: null,
      uid: null,
      inode: null,
      owners: [owner(812, "sshd")],
      ownerStatus: "complete",
      detail: { source: "netstat", platform: "darwin", state: "ESTABLISHED", protoText: "tcp4", dualStack: false, pcb: null, zone: null },
    };
    roundTrip([long, text], [], view({ wide: true, extend: true, programs: true, timers: true }));
  });
});
