// Layout detection on texts other than the BSD/Solaris fixtures (those are in fixtures.test.ts).

import { describe, expect, it } from "vitest";
import { detectLayout, isLayout, LAYOUTS } from "../../src/readers/text/index.js";
import { fixture } from "../support/fixtures.js";

describe("detectLayout", () => {
  it("names net-tools netstat and /proc/net tables captured on Linux", () => {
    for (const f of ["inet/netstat-an.out", "inet/netstat-tane.out", "inet/netstat-uanpeo.out", "unix/netstat-xa.out", "unix/netstat-xap.out", "names/netstat-tua.out"])
      expect([f, detectLayout(fixture(`linux/captures/${f}`))]).toEqual([f, { layout: "linux-netstat", confidence: "high" }]);
    for (const f of ["captures/inet/proc-net-tcp.out", "captures/inet/proc-net-udp6.out", "captures/unix/proc-net-unix.out", "jc/linux-proc-net-tcp-1.txt", "jc/linux-proc-net-unix-1.txt"])
      expect([f, detectLayout(fixture(`linux/${f}`))]).toEqual([f, { layout: "linux-proc-net", confidence: "high" }]);
  });

  it("names lsof field and table output", () => {
    // First lines of lsof-F-macos-3.txt and lsof-i-linux-1.txt (../shared/fixtures).
    expect(detectLayout("p388\ng388\nR1\ncloginwindow\nu501\nf8\n")).toEqual({ layout: "lsof-F", confidence: "high" });
    expect(detectLayout("p388\0g388\0cloginwindow\0\n")).toEqual({ layout: "lsof-F", confidence: "high" });
    expect(
      detectLayout(
        "COMMAND     PID   TID             USER   FD      TYPE             DEVICE SIZE/OFF       NODE NAME\n" +
          "systemd-r   885        systemd-resolve   13u     IPv4              27006      0t0        TCP localhost:domain (LISTEN)\n",
      ),
    ).toEqual({ layout: "lsof-i", confidence: "high" });
  });

  it("tells NetBSD from QNX only by the padding QNX keeps", () => {
    const netbsd =
      "Active Internet connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        State\ntcp        0      0  *.22                   *.*                    LISTEN\n" +
      "Active Internet6 connections (including servers)\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp6       0      0  *.22                   *.*                    LISTEN\n";
    expect(detectLayout(netbsd)).toEqual({ layout: "netbsd", confidence: "high" });
    expect(detectLayout(netbsd.replace("LISTEN\n", "LISTEN     \n"))).toEqual({ layout: "qnx", confidence: "medium" });
  });

  it("reads headerless rows by their column arrangement", () => {
    // FreeBSD: one space before the local address; macOS: two (inet.c of each).
    expect(detectLayout("tcp4       0      0 127.0.0.1.25           *.*                    LISTEN\n")).toEqual({ layout: "freebsd", confidence: "medium" });
    expect(detectLayout("tcp4       0      0  127.0.0.1.25           *.*                    LISTEN\n")).toEqual({ layout: "macos", confidence: "medium" });
    expect(detectLayout("tcp          0      0  127.0.0.1.25           *.*                    LISTEN\n")).toEqual({ layout: "openbsd", confidence: "medium" });
  });

  it("says which layouts it tried when it knows none", () => {
    expect(detectLayout("")).toEqual({ tried: LAYOUTS });
    expect(detectLayout("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n")).toEqual({ tried: LAYOUTS });
    expect(detectLayout("hello world\n")).toEqual({ tried: LAYOUTS });
  });

  it("has stable names", () => {
    expect(LAYOUTS).toEqual(["macos", "freebsd", "openbsd", "netbsd", "qnx", "solaris", "linux-netstat", "linux-proc-net", "lsof-F", "lsof-i"]);
    expect(isLayout("qnx")).toBe(true);
    expect(isLayout("aix")).toBe(false);
  });
});
