// src/readers/linux/netns.ts, the pure side of reading an idle `ip netns` namespace by entering it:
// the nsenter argv, what each run's ending means, and the notice about what could not be entered.

import { describe, expect, it } from "vitest";
import type { EnteredRun, NetnsEntry } from "../../src/readers/linux/netns.js";
import { enteredOutcome, noticeFor, nsenterArgv } from "../../src/readers/linux/netns.js";

const ok: EnteredRun = { spawnError: null, timedOut: false, status: 0, stderr: "" };

describe("nsenterArgv", () => {
  it("enters the bind mount and cats the file of /proc/self/net, no shell", () => {
    expect(nsenterArgv("/run/netns/blue", "tcp6")).toEqual(["nsenter", "--net=/run/netns/blue", "--", "cat", "/proc/self/net/tcp6"]);
    expect(nsenterArgv("/run/netns/-x y", "sctp/eps")).toEqual(["nsenter", "--net=/run/netns/-x y", "--", "cat", "/proc/self/net/sctp/eps"]);
  });
});

describe("enteredOutcome", () => {
  it("status 0 is the file's text", () => {
    expect(enteredOutcome(ok, 5000)).toEqual({ kind: "data" });
  });

  it.each([
    ["cat: /proc/self/net/udplite6: No such file or directory\n", "ENOENT"],
    ["cat: /proc/self/net/x: Permission denied\n", "EACCES"],
    ["cat: /proc/self/net/x: Input/output error\n", "EIO"],
  ])("cat's complaint %j is the file's (%s)", (stderr, code) => {
    expect(enteredOutcome({ ...ok, status: 1, stderr }, 5000)).toEqual({ kind: "file", code });
  });

  it("nsenter's own failures are the namespace's", () => {
    expect(enteredOutcome({ ...ok, status: 1, stderr: "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted\n" }, 5000)).toEqual({
      kind: "namespace",
      why: "nsenter(1) failed: reassociate to namespace 'ns/net' failed: Operation not permitted",
    });
    expect(enteredOutcome({ ...ok, status: 1, stderr: "" }, 5000)).toEqual({ kind: "namespace", why: "nsenter(1) failed (status 1)" });
    expect(enteredOutcome({ ...ok, status: null, stderr: "" }, 5000)).toEqual({ kind: "namespace", why: "nsenter(1) failed (status killed)" });
  });

  it("a message is one printable line of bounded size", () => {
    const r = enteredOutcome({ ...ok, status: 1, stderr: `nsenter: \x1b[31m${"x".repeat(500)}\nsecond` }, 5000);
    expect(r.kind).toBe("namespace");
    const why = (r as { why: string }).why;
    expect(why).toMatch(/^nsenter\(1\) failed: \?\[31mx+$/);
    expect(why.length).toBeLessThanOrEqual(220);
  });

  it("no nsenter, a spawn failure, a timeout", () => {
    expect(enteredOutcome({ ...ok, spawnError: "ENOENT", status: null }, 5000)).toEqual({ kind: "namespace", why: "nsenter(1) is not installed" });
    expect(enteredOutcome({ ...ok, spawnError: "EAGAIN", status: null }, 5000)).toEqual({ kind: "namespace", why: "nsenter(1) could not be run (EAGAIN)" });
    expect(enteredOutcome({ ...ok, timedOut: true, status: null }, 5000)).toEqual({ kind: "namespace", why: "nsenter(1) did not finish within 5 s" });
  });
});

describe("noticeFor", () => {
  const entry = (inode: number, ...names: string[]): NetnsEntry => ({ inode, pids: [], names });

  it("nothing unread: no notice", () => {
    expect(noticeFor({ kind: "all" }, 0, [])).toBeNull();
  });

  it("denied processes count only for --netns all", () => {
    expect(noticeFor({ kind: "all" }, 3, [])).toBe("tsnetstat: --netns: the network namespace of 3 processes could not be read (you would have to be root to see them all)\n");
    expect(noticeFor({ kind: "name", name: "x" }, 3, [])).toBeNull();
  });

  it("idle namespaces that could not be entered, grouped by why", () => {
    const root = "you would have to be root";
    expect(noticeFor({ kind: "name", name: "a" }, 0, [{ entry: entry(7, "a"), why: root }])).toBe(
      "tsnetstat: --netns: no process is in ip netns a (inode 7) and it could not be entered (you would have to be root), so its sockets are not listed\n",
    );
    expect(
      noticeFor({ kind: "all" }, 1, [
        { entry: entry(7, "a", "a2"), why: root },
        { entry: entry(8, "b"), why: "nsenter(1) is not installed" },
        { entry: entry(9, "c"), why: root },
      ]),
    ).toBe(
      "tsnetstat: --netns: the network namespace of 1 process could not be read (you would have to be root to see them all); " +
        "no process is in ip netns a,a2 (inode 7), c (inode 9) and they could not be entered (you would have to be root), so their sockets are not listed; " +
        "no process is in ip netns b (inode 8) and it could not be entered (nsenter(1) is not installed), so its sockets are not listed\n",
    );
  });
});
