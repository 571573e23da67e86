// SCTP (-S) from /proc/net/sctp/{eps,assocs}: the parsers, and whole runs on a --proc-root tree
// compared with what netstat 2.10 printed for the same tree (fixtures/linux/sctp, see SOURCES.md).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSctpAssocs, parseSctpEps } from "../../src/readers/linux/proc-net.js";
import { fixture, projectRoot } from "../support/fixtures.js";
import { runInProcess } from "../support/run.js";

const TREE = join(projectRoot, "fixtures/linux/sctp/proc");
const EPS_HEADER = "ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS";
const ASSOCS_HEADER =
  "ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf";

describe("tsnetstat -S on a /proc copy = netstat 2.10 on the same tables", () => {
  it.each(["-San", "-Saen", "-Sno", "-Slnp", "-Saneeo", "-tSn", "-Sln -4", "-San -6"])("%s", async (flags) => {
    const name = `netstat${flags.replaceAll(" ", "")}`;
    const r = await runInProcess([...flags.split(" "), "--proc-root", TREE]);
    // the copy holds no process directories: with -p tsnetstat says so once (issue 14), netstat says nothing
    const noProcesses = flags.includes("p") ? `tsnetstat: ${TREE}: holds no process directories (<pid>/fd): no owners to show\n` : "";
    expect(r).toEqual({ code: 0, stdout: fixture(`linux/sctp/${name}.out`), stderr: noProcesses + fixture(`linux/sctp/${name}.err`) });
  });
});

describe("parseSctpEps", () => {
  it("one socket per endpoint, with every address; the first is the local one", () => {
    const parsed = parseSctpEps(fixture("linux/sctp/proc/net/sctp/eps"), { source: "eps" });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map((s) => [s.family, s.local.address, s.local.port, s.remote.address, s.remote.port, s.state, s.uid, s.inode, s.addresses?.local])).toEqual([
      ["inet", "0.0.0.0", 9901, "0.0.0.0", null, "LISTEN", 0, 50001, ["0.0.0.0"]],
      ["inet", "127.0.0.1", 9902, "0.0.0.0", null, "LISTEN", 65534, 50002, ["127.0.0.1", "10.0.0.1", "10.0.0.2"]],
      ["inet6", "::", 9903, "::", null, "LISTEN", 0, 50003, ["::"]],
      ["inet6", "::1", 9904, "::", null, null, 0, 50004, ["::1", "127.0.0.1"]],
    ]);
    expect(parsed.records[3]?.detail).toEqual({ source: "proc", platform: "linux", stateCode: 99, timer: { kind: 0, ticks: 0, retransmits: 0, probes: 0 } });
    expect(parsed.records.every((s) => s.recvQ === null && s.sendQ === null && s.addresses?.remote.length === 0)).toBe(true);
  });

  it("a malformed line is one diagnostic naming its line; the others still parse", () => {
    const good = "0000000000000000 0000000000000000 5   10  22   9901      0 50001 0.0.0.0 ";
    const text = [EPS_HEADER, "garbage line here", good.replace("50001", "5x"), good.replace("0.0.0.0 ", "0.0.0.300 "), good.replace(" 0.0.0.0 ", " "), good, ""].join("\n");
    const parsed = parseSctpEps(text, { source: "/proc/net/sctp/eps" });
    expect(parsed.diagnostics).toEqual([
      { source: "/proc/net/sctp/eps", line: 2, message: "malformed sctp eps line skipped (state)" },
      { source: "/proc/net/sctp/eps", line: 3, message: "malformed sctp eps line skipped (inode)" },
      { source: "/proc/net/sctp/eps", line: 4, message: "malformed sctp eps line skipped (local address)" },
      { source: "/proc/net/sctp/eps", line: 5, message: "malformed sctp eps line skipped (no local address)" },
    ]);
    expect(parsed.records.map((s) => s.inode)).toEqual([50001]);
  });
});

describe("parseSctpAssocs", () => {
  it("queues, both port numbers, and the address lists without the primary-path star", () => {
    const parsed = parseSctpAssocs(fixture("linux/sctp/proc/net/sctp/assocs"), { source: "assocs" });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map((s) => [s.family, s.recvQ, s.sendQ, s.local.port, s.remote.port, s.state, s.uid, s.inode, s.addresses])).toEqual([
      ["inet", 0, 0, 9902, 40000, "ESTABLISHED", 0, 50010, { local: ["127.0.0.1", "10.0.0.1"], remote: ["127.0.0.1"] }],
      ["inet6", 1234, 56, 9903, 50000, "ESTABLISHED", 65534, 50011, { local: ["::1"], remote: ["::1"] }],
      ["inet", 0, 0, 40001, 9901, "CLOSE_WAIT", 0, 50012, { local: ["10.0.0.2"], remote: ["10.0.0.1", "10.0.0.3", "10.0.0.4"] }],
    ]);
  });

  it("malformed lines", () => {
    const good = "0 0 1 1 3 0 4 0 0 0 50013 9999 9998  *127.0.0.1 <-> *127.0.0.1 \t1 2 3";
    const text = [ASSOCS_HEADER, good.replace(" <-> ", " "), good.replace("x", "x").replace(" 50013 ", " 5001x "), good.replace("*127.0.0.1 <->", "x.y <->"), good.replace("<-> *127.0.0.1 ", "<-> "), good].join("\n");
    const parsed = parseSctpAssocs(text, { source: "a" });
    expect(parsed.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      "2: malformed sctp assocs line skipped (no <->)",
      "3: malformed sctp assocs line skipped (inode)",
      "4: malformed sctp assocs line skipped (local address)",
      "5: malformed sctp assocs line skipped (no remote address)",
    ]);
    expect(parsed.records.map((s) => s.inode)).toEqual([50013]);
  });
});

describe("present and missing SCTP tables (pathExists on regular files)", () => {
  const empty = mkdtempSync(join(tmpdir(), "tsn-core-nosctp-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));
  mkdirSync(join(empty, "net"));
  for (const t of ["tcp", "udp", "udplite", "raw", "unix"]) writeFileSync(join(empty, "net", t), "header\n");

  // in a --proc-root copy the missing file is named where netstat would say "no support … on this
  // system" (issue 7): the gap is the copy's, not the system's
  const lacks = (file: string): string => `tsnetstat: ${empty}/net/${file}: no such file in the --proc-root tree; its sockets are not listed\n`;

  it("-S without net/sctp: the missing file named, exit 1", async () => {
    expect(await runInProcess(["-Sn", "--proc-root", empty])).toEqual({
      code: 1,
      stdout: "Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n",
      stderr: lacks("sctp/assocs"),
    });
  });

  it("-anv names SCTP twice (endpoints, then associations), as netstat 2.10 does", async () => {
    const r = await runInProcess(["-anv", "--proc-root", empty]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      lacks("sctp/eps") +
        lacks("sctp/assocs") +
        ["AF IPX", "AF AX25", "AF X25", "AF NETROM", "AF ROSE"].map((n) => `tsnetstat: no support for \`${n}' on this system.\n`).join(""),
    );
  });

  it("a present table of a family tsnetstat cannot list is said to be so, not called missing", async () => {
    writeFileSync(join(empty, "net", "ax25"), "dest_addr src_addr dev st vs vr va t1 t2 t3 idle n2 rtt window paclen Snd-Q Rcv-Q inode\n");
    try {
      const r = await runInProcess(["-nv", "--proc-root", empty]);
      expect(r.stderr).toBe(
        lacks("sctp/assocs") +
          `tsnetstat: ${empty}/net/ax25: sockets of this family are not listed (tsnetstat lists Internet and UNIX sockets)\n` +
          ["AF IPX", "AF X25", "AF NETROM", "AF ROSE"].map((n) => `tsnetstat: no support for \`${n}' on this system.\n`).join(""),
      );
    } finally {
      rmSync(join(empty, "net", "ax25"));
    }
  });

  it("-v with the SCTP files present names only the families that are missing", async () => {
    const r = await runInProcess(["-nv", "--proc-root", TREE]);
    // the UNIX title too, although its table is missing: netstat prints it before opening the file
    expect(r.stdout).toBe(fixture("linux/sctp/netstat-nv.out"));
    expect(r.stderr).toBe(
      ["udp", "udplite", "raw", "unix"].map((f) => `tsnetstat: ${TREE}/net/${f}: no such file in the --proc-root tree; its sockets are not listed\n`).join("") +
        ["AF IPX", "AF AX25", "AF X25", "AF NETROM", "AF ROSE"].map((n) => `tsnetstat: no support for \`${n}' on this system.\n`).join(""),
    );
  });
});
