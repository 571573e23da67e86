// src/readers/linux/proc-net.ts parseUnixTable on real captures and on malformed input.

import { describe, expect, it } from "vitest";
import type { LinuxUnixDetail, UnixSocket } from "../../src/model.js";
import { NO_OWNERS, parseUnixTable } from "../../src/readers/linux/proc-net.js";
import { fixture } from "../support/fixtures.js";

/** The Linux detail of a socket this parser made. */
const linux = (s: UnixSocket | undefined): LinuxUnixDetail => s?.detail as LinuxUnixDetail;

/** "TYPE STATE FLAGS refCnt inode[ path]" with "-" for a null state / no flags. */
function brief(s: UnixSocket): string {
  const d = linux(s);
  return `${s.type} ${s.state ?? "-"} ${d.flags.join(",") || "-"} ${d.refCnt} ${s.inode}${s.path === null ? "" : ` ${s.path}`}`;
}

const parse = (text: string, source = "/proc/net/unix") => parseUnixTable(text, { source });
const HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";

describe("parseUnixTable on this machine's capture (captures/linux/unix/proc-net-unix.out)", () => {
  const parsed = parse(fixture("linux/captures/unix/proc-net-unix.out"));

  it("reads every socket: embryo, abstract, autobind, a path with a space, an embedded NUL", () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([
      "STREAM CONNECTED - 3 1144973",
      "STREAM CONNECTING - 3 0 /tmp/tsn-demo/usock/stream.sock",
      "STREAM CONNECTED - 3 1144971",
      "DGRAM CONNECTED - 3 1144983",
      "STREAM CONNECTED - 3 1144980",
      "STREAM CONNECTED - 3 1144974 @tsnr-abstract",
      "DGRAM CONNECTED - 2 1144978",
      "STREAM LISTENING ACC 2 1144968 /tmp/tsn-demo/usock/stream.sock",
      "SEQPACKET LISTENING ACC 2 1144976 /tmp/tsn-demo/usock/seq.sock",
      "DGRAM CONNECTED - 3 1144977 /tmp/tsn-demo/usock/dgram.sock",
      "STREAM LISTENING ACC 2 1144984 /tmp/tsn-demo/usock/with space.sock",
      "STREAM CONNECTED - 3 1144970 /tmp/tsn-demo/usock/stream.sock",
      "STREAM CONNECTED - 3 1144969",
      "DGRAM - - 2 1144979",
      "DGRAM CONNECTED - 3 1144982",
      "STREAM CONNECTED - 3 1144981",
      "STREAM LISTENING ACC 2 1144972 @tsnr-abstract",
      "STREAM LISTENING ACC 2 1144985 @emb@nul",
      "DGRAM - - 2 1144975 @bd484",
    ]);
  });

  it("builds whole records", () => {
    expect(parsed.records[1]).toEqual({
      proto: "unix",
      type: "STREAM",
      state: "CONNECTING",
      path: "/tmp/tsn-demo/usock/stream.sock",
      inode: 0,
      detail: { source: "proc", platform: "linux", refCnt: 3, flags: [], protocol: 0, typeCode: 1, stateCode: 2 },
      owners: [],
      ownerStatus: "not-read",
    });
    expect(parsed.records[8]).toEqual({
      proto: "unix",
      type: "SEQPACKET",
      state: "LISTENING",
      path: "/tmp/tsn-demo/usock/seq.sock",
      inode: 1144976,
      detail: { source: "proc", platform: "linux", refCnt: 2, flags: ["ACC"], protocol: 0, typeCode: 5, stateCode: 1 },
      owners: [],
      ownerStatus: "not-read",
    });
    expect(parsed.records[13]).toEqual({
      proto: "unix",
      type: "DGRAM",
      state: null,
      path: null,
      inode: 1144979,
      detail: { source: "proc", platform: "linux", refCnt: 2, flags: [], protocol: 0, typeCode: 2, stateCode: 1 },
      owners: [],
      ownerStatus: "not-read",
    });
    for (const r of parsed.records) expect(r.owners).toBe(NO_OWNERS);
  });
});

describe("parseUnixTable on fixtures/linux/jc/linux-proc-net-unix-1.txt", () => {
  it("reads all 130 sockets (decoded independently)", () => {
    const parsed = parse(fixture("linux/jc/linux-proc-net-unix-1.txt"));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([
      "STREAM LISTENING ACC 2 42776 /var/snap/lxd/common/lxd/unix.socket",
      "STREAM LISTENING ACC 2 35128 /var/run/vmware/guestServicePipe",
      "SEQPACKET LISTENING ACC 2 29792 /run/udev/control",
      "STREAM LISTENING ACC 2 42769 /var/snap/lxd/common/lxd-user/unix.socket",
      "DGRAM - - 2 41863 /run/user/1000/systemd/notify",
      "STREAM LISTENING ACC 2 41866 /run/user/1000/systemd/private",
      "STREAM LISTENING ACC 2 41874 /run/user/1000/bus",
      "STREAM LISTENING ACC 2 29777 @/org/kernel/linux/storage/multipathd",
      "STREAM LISTENING ACC 2 41875 /run/user/1000/gnupg/S.dirmngr",
      "STREAM LISTENING ACC 2 41876 /run/user/1000/gnupg/S.gpg-agent.browser",
      "STREAM LISTENING ACC 2 41877 /run/user/1000/gnupg/S.gpg-agent.extra",
      "STREAM LISTENING ACC 2 41878 /run/user/1000/gnupg/S.gpg-agent.ssh",
      "STREAM LISTENING ACC 2 35973 /run/dbus/system_bus_socket",
      "STREAM LISTENING ACC 2 41879 /run/user/1000/gnupg/S.gpg-agent",
      "STREAM LISTENING ACC 2 35990 /run/snapd.socket",
      "STREAM LISTENING ACC 2 41903 /run/user/1000/pk-debconf-socket",
      "STREAM LISTENING ACC 2 35992 /run/snapd-snap.socket",
      "STREAM LISTENING ACC 2 41904 /run/user/1000/snapd-session-agent.socket",
      "STREAM LISTENING ACC 2 35994 /run/uuidd/request",
      "STREAM LISTENING ACC 2 37637 /run/irqbalance/irqbalance861.sock",
      "DGRAM - - 3 29761 /run/systemd/notify",
      "STREAM LISTENING ACC 2 29764 /run/systemd/private",
      "STREAM LISTENING ACC 2 29766 /run/systemd/userdb/io.systemd.DynamicUser",
      "STREAM LISTENING ACC 2 29775 /run/lvm/lvmpolld.socket",
      "DGRAM - - 2 29778 /run/systemd/journal/syslog",
      "DGRAM - - 10 29785 /run/systemd/journal/dev-log",
      "STREAM LISTENING ACC 2 29787 /run/systemd/journal/stdout",
      "DGRAM - - 9 29789 /run/systemd/journal/socket",
      "STREAM LISTENING ACC 2 30858 /run/systemd/journal/io.systemd.journal",
      "STREAM LISTENING ACC 2 35985 @ISCSIADM_ABSTRACT_NAMESPACE",
      "DGRAM - - 3 41865",
      "STREAM CONNECTED - 3 40074 /run/dbus/system_bus_socket",
      "DGRAM - - 2 37639",
      "DGRAM - - 2 34191",
      "DGRAM - - 3 34731",
      "DGRAM - - 3 34198",
      "STREAM CONNECTED - 3 37395",
      "DGRAM - - 2 34187",
      "STREAM CONNECTED - 3 41868 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 32191 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 37695 /run/dbus/system_bus_socket",
      "DGRAM - - 3 34732",
      "STREAM CONNECTED - 3 34123",
      "STREAM CONNECTED - 3 104866",
      "STREAM CONNECTED - 3 39056",
      "STREAM CONNECTED - 3 37694 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 35846 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 35594 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 33108",
      "DGRAM - - 3 34195",
      "STREAM CONNECTED - 3 30127",
      "DGRAM - - 3 30139",
      "STREAM CONNECTED - 3 37473",
      "DGRAM - - 3 30140",
      "DGRAM - - 3 34729",
      "DGRAM - - 3 29762",
      "DGRAM - - 2 30860",
      "DGRAM - - 3 41864",
      "STREAM CONNECTED - 3 35735 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 36549",
      "STREAM CONNECTED - 3 41867",
      "STREAM CONNECTED - 3 37693 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 37400 /run/systemd/journal/stdout",
      "DGRAM - - 3 29763",
      "DGRAM - - 3 34196",
      "STREAM CONNECTED - 3 36166",
      "STREAM CONNECTED - 3 30891 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 36010",
      "STREAM CONNECTED - 3 37635 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 37691 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 39057",
      "STREAM CONNECTED - 3 32701 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 33991 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 35845",
      "STREAM CONNECTED - 3 35984",
      "STREAM CONNECTED - 3 35734",
      "DGRAM - - 2 34725",
      "STREAM CONNECTED - 3 35806",
      "STREAM CONNECTED - 3 34722",
      "STREAM CONNECTED - 3 38537",
      "STREAM CONNECTED - 3 35593",
      "STREAM CONNECTED - 3 35262 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 39051",
      "STREAM CONNECTED - 3 33989",
      "STREAM CONNECTED - 3 37547 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 41833 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 35983",
      "STREAM CONNECTED - 3 35453",
      "DGRAM - - 3 34197",
      "STREAM CONNECTED - 3 42102",
      "DGRAM - - 2 41844",
      "STREAM CONNECTED - 3 37692 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 36317",
      "STREAM CONNECTED - 3 38743",
      "DGRAM - - 2 35335",
      "STREAM CONNECTED - 3 39052 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 32702 /run/systemd/journal/stdout",
      "DGRAM - - 3 34730",
      "STREAM CONNECTED - 3 34066",
      "DGRAM - - 2 30241",
      "DGRAM - - 2 30136",
      "STREAM CONNECTED - 3 37721 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 39006 /run/systemd/journal/stdout",
      "DGRAM - - 2 42110",
      "STREAM CONNECTED - 3 39035 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 104870 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 103612 /run/systemd/journal/stdout",
      "DGRAM - - 2 37688",
      "DGRAM - - 2 40763",
      "STREAM CONNECTED - 3 37831",
      "DGRAM - - 2 38990",
      "STREAM CONNECTED - 3 104869",
      "DGRAM - - 2 89141",
      "STREAM CONNECTED - 3 86011",
      "STREAM CONNECTED - 3 38997 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 39038",
      "STREAM CONNECTED - 3 35808 /run/systemd/journal/stdout",
      "STREAM CONNECTED - 3 37474 /run/systemd/journal/stdout",
      "DGRAM - - 2 36009",
      "STREAM CONNECTED - 3 39037",
      "STREAM CONNECTED - 3 86012",
      "STREAM CONNECTED - 3 39034",
      "STREAM CONNECTED - 3 38996",
      "STREAM CONNECTED - 3 37690",
      "DGRAM - - 2 89121",
      "DGRAM - - 2 85934",
      "STREAM CONNECTED - 3 37689",
      "STREAM CONNECTED - 2 85914",
      "STREAM CONNECTED - 3 37832 /run/dbus/system_bus_socket",
      "STREAM CONNECTED - 3 38139",
    ]);
  });
});

const line = (rest: string, ptr = "0000000000000000"): string => `${ptr}: ${rest}`;

describe("parseUnixTable: states, types, flags", () => {
  it.each([
    ["00000002 00000000 00010000 0001 01 10", "STREAM LISTENING ACC 2 10", 1, 1],
    ["00000002 00000000 00000000 0001 01 10", "STREAM - - 2 10", 1, 1],
    ["00000002 00000000 00000000 0001 00 10", "STREAM FREE - 2 10", 1, 0],
    ["00000002 00000000 00000000 0001 02 0", "STREAM CONNECTING - 2 0", 1, 2],
    ["00000002 00000000 00000000 0001 03 10", "STREAM CONNECTED - 2 10", 1, 3],
    ["00000002 00000000 00000000 0001 04 10", "STREAM DISCONNECTING - 2 10", 1, 4],
    ["00000002 00000000 00000000 0001 05 10", "STREAM UNKNOWN - 2 10", 1, 5],
    ["00000002 00000000 00000000 0002 01 10", "DGRAM - - 2 10", 2, 1],
    ["00000002 00000000 00000000 0003 01 10", "RAW - - 2 10", 3, 1],
    ["00000002 00000000 00000000 0004 01 10", "RDM - - 2 10", 4, 1],
    ["00000002 00000000 00010000 0005 01 10", "SEQPACKET LISTENING ACC 2 10", 5, 1],
    ["00000002 00000000 00000000 0006 01 10", "UNKNOWN - - 2 10", 6, 1],
    ["00000002 00000000 00000000 000A 03 10", "UNKNOWN CONNECTED - 2 10", 10, 3],
    // the accepting flag with another state: flagged, but only state 1 is LISTENING
    ["00000002 00000000 00010000 0001 03 10", "STREAM CONNECTED ACC 2 10", 1, 3],
    ["0000000A 00000000 00000000 0002 01 29785", "DGRAM - - 10 29785", 2, 1],
  ])("%s → %s", (rest, text, typeCode, stateCode) => {
    const parsed = parse(`${HEADER}\n${line(rest)}\n`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual([text]);
    expect(linux(parsed.records[0]).typeCode).toBe(typeCode);
    expect(linux(parsed.records[0]).stateCode).toBe(stateCode);
  });

  it("keeps a non-zero protocol field", () => {
    const [r] = parse(`${HEADER}\n${line("00000002 0000002A 00000000 0001 03 10")}\n`).records;
    expect(linux(r).protocol).toBe(42);
  });

  it("32-bit kernel pointers", () => {
    const parsed = parse(`${HEADER}\nc1234567: 00000002 00000000 00010000 0001 01 77 /run/x\n`);
    expect(parsed.records.map(brief)).toEqual(["STREAM LISTENING ACC 2 77 /run/x"]);
  });
});

describe("parseUnixTable: paths", () => {
  const one = (path: string) => parse(`${HEADER}\n${line("00000002 00000000 00010000 0001 01 10")} ${path}\n`);

  it.each([
    ["/run/dbus/system_bus_socket", "/run/dbus/system_bus_socket"],
    ["@/org/kernel/linux/storage/multipathd", "@/org/kernel/linux/storage/multipathd"],
    ["@emb@nul", "@emb@nul"],
    ["/tmp/with space.sock", "/tmp/with space.sock"],
    ["/tmp/two  spaces and a trailing one ", "/tmp/two  spaces and a trailing one "],
    [" /leading-space", " /leading-space"],
    ["/tmp/tab\there", "/tmp/tab\there"],
    ["/tmp/esc\x1b[31mred", "/tmp/esc\x1b[31mred"],
    ["/tmp/caf\xc3\xa9", "/tmp/café"], // UTF-8 bytes, read as latin1, become the character
  ])("%j", (raw, path) => {
    const parsed = one(raw);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map((r) => r.path)).toEqual([path]);
  });

  it("a path containing newlines continues on the next lines", () => {
    const text = [
      HEADER,
      line("00000002 00000000 00010000 0001 01 10 /tmp/a"),
      "b c",
      "",
      "d",
      line("00000002 00000000 00000000 0002 01 11 /tmp/next"),
      line("00000002 00000000 00000000 0002 01 12 /tmp/x"),
      "y",
      "",
    ].join("\n");
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual(["STREAM LISTENING ACC 2 10 /tmp/a\nb c\n\nd", "DGRAM - - 2 11 /tmp/next", "DGRAM - - 2 12 /tmp/x\ny"]);
  });

  // The kernel writes " " + the name + "\n" (net/unix/af_unix.c unix_seq_show), so a line that ends in
  // the separating space has a name that starts with a newline.
  it("a path that starts with a newline (the socket line ends in its separating space)", () => {
    const text = `${HEADER}\n${line("00000002 00000000 00010000 0001 01 10")} \nevil\n${line("00000002 00000000 00000000 0002 01 11")}\n`;
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map((r) => r.path)).toEqual(["\nevil", null]);
  });

  it("a path that ends in a newline, on the last socket of the file", () => {
    const text = `${HEADER}\n${line("00000002 00000000 00010000 0001 01 10")} /tmp/nl\n\n`;
    expect(parse(text).records.map((r) => r.path)).toEqual(["/tmp/nl\n"]);
  });

  it("a path that ends in a newline, followed by another socket", () => {
    const text = `${HEADER}\n${line("00000002 00000000 00010000 0001 01 10")} /tmp/nl\n\n${line("00000002 00000000 00000000 0002 01 11")}\n`;
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map((r) => r.path)).toEqual(["/tmp/nl\n", null]);
  });
});

describe("parseUnixTable: malformed lines are skipped with one diagnostic each", () => {
  const GOOD_A = line("00000002 00000000 00010000 0001 01 10 /tmp/a", "ffff9b61ac49c400");
  const GOOD_B = line("00000003 00000000 00000000 0001 03 11", "ffff9b61ac49c401");

  it.each([
    ["garbage", "hello world", "kernel pointer"],
    ["no space after the colon", "ffff9b61ac49c402:00000002 00000000 00010000 0001 01 12", "kernel pointer"],
    ["bad refcount", line("zzzzzzzz 00000000 00010000 0001 01 12"), "refcount"],
    ["truncated after the pointer", "ffff9b61ac49c402: ", "refcount"],
    ["truncated after the refcount", line("00000002"), "protocol"],
    ["truncated after the protocol", line("00000002 00000000"), "flags"],
    ["bad flags", line("00000002 00000000 zz010000 0001 01 12"), "flags"],
    ["truncated after the flags", line("00000002 00000000 00010000"), "type"],
    ["truncated after the type", line("00000002 00000000 00010000 0001"), "state"],
    ["bad state", line("00000002 00000000 00010000 0001 x1 12"), "state"],
    ["missing inode", line("00000002 00000000 00010000 0001 01"), "inode"],
    ["non-numeric inode", line("00000002 00000000 00010000 0001 01 abc /tmp/x"), "inode"],
    ["junk after the inode", line("00000002 00000000 00010000 0001 01 12x /tmp/x"), "inode"],
  ])("%s", (_name, bad, what) => {
    // the bad line follows a socket without a path, so it cannot be a path's continuation
    const text = `${HEADER}\n${GOOD_B}\n${bad}\n${GOOD_A}\n`;
    const parsed = parse(text, "/x/net/unix");
    expect(parsed.diagnostics).toEqual([{ source: "/x/net/unix", line: 3, message: `malformed unix line skipped (${what})` }]);
    expect(parsed.records.map(brief)).toEqual(["STREAM CONNECTED - 3 11", "STREAM LISTENING ACC 2 10 /tmp/a"]);
  });

  it("a line after a malformed socket line is not taken as a path continuation", () => {
    const text = `${HEADER}\n${line("00000002 00000000 00010000 0001 01 x /tmp/p")}\nmore\n${GOOD_B}\n`;
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([
      { source: "/proc/net/unix", line: 2, message: "malformed unix line skipped (inode)" },
      { source: "/proc/net/unix", line: 3, message: "malformed unix line skipped (kernel pointer)" },
    ]);
    expect(parsed.records.map(brief)).toEqual(["STREAM CONNECTED - 3 11"]);
  });

  it("garbage before any socket, and line numbers that count continuation lines", () => {
    // after a socket with a path, any line that does not start like a socket line is part of that path
    const text = [HEADER, "garbage", GOOD_A, "cont", "bogus: line", GOOD_B, "zz", line("00000002 00000000 00010000 0001 01 x")].join("\n");
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([
      { source: "/proc/net/unix", line: 2, message: "malformed unix line skipped (kernel pointer)" },
      { source: "/proc/net/unix", line: 7, message: "malformed unix line skipped (kernel pointer)" },
      { source: "/proc/net/unix", line: 8, message: "malformed unix line skipped (inode)" },
    ]);
    expect(parsed.records.map(brief)).toEqual(["STREAM LISTENING ACC 2 10 /tmp/a\ncont\nbogus: line", "STREAM CONNECTED - 3 11"]);
  });
});

describe("parseUnixTable: shapes of a whole file", () => {
  it("empty file, header only, header with newline", () => {
    expect(parse("")).toEqual({ records: [], diagnostics: [] });
    expect(parse(HEADER)).toEqual({ records: [], diagnostics: [] });
    expect(parse(`${HEADER}\n`)).toEqual({ records: [], diagnostics: [] });
  });

  it("no final newline", () => {
    const parsed = parse(`${HEADER}\n${line("00000003 00000000 00000000 0001 03 11")}\n${line("00000002 00000000 00010000 0001 01 10 /tmp/a")}`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.records.map(brief)).toEqual(["STREAM CONNECTED - 3 11", "STREAM LISTENING ACC 2 10 /tmp/a"]);
  });
});
