// src/readers/linux/owners.ts: /proc/<pid>/fd link targets, cmdline and comm.

import { describe, expect, it } from "vitest";
import {
  NETSTAT_CMDLINE_MAX,
  cmdlineText,
  commText,
  isPidName,
  programFromCmdline,
  socketInodeOfLink,
} from "../../src/readers/linux/owners.js";

const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

describe("socketInodeOfLink", () => {
  it.each([
    ["socket:[12345]", 12345],
    ["socket:[0]", 0],
    ["socket:[4294967295]", 4294967295],
    ["[0000]:12345", 12345],
    ["[0000]:1", 1],
    // not sockets
    ["pipe:[12345]", -1],
    ["anon_inode:[eventfd]", -1],
    ["anon_inode:[eventpoll]", -1],
    ["anon_inode:inotify", -1],
    ["/dev/null", -1],
    ["/tmp/socket:[1]", -1],
    ["net:[4026531840]", -1],
    ["", -1],
    // garbage in the socket forms (netstat's extract_type_1/2_socket_inode reject these)
    ["socket:[]", -1],
    ["socket:[", -1],
    ["socket:", -1],
    ["socket:[12a]", -1],
    ["socket:[12", -1],
    ["socket:[12]x", -1],
    ["socket:[-1]", -1],
    ["socket:[ 12]", -1],
    ["Socket:[12]", -1],
    ["[0000]:", -1],
    ["[0000]:12x", -1],
    ["[0000]:-3", -1],
    ["[0001]:12", -1],
    ["socket:[99999999999999999999]", -1],
  ])("%j → %d", (target, inode) => {
    expect(socketInodeOfLink(target)).toBe(inode);
  });
});

describe("programFromCmdline (netstat's PID/Program name)", () => {
  it.each([
    ["/usr/sbin/sshd\0-D\0", "sshd"],
    ["/usr/local/sbin/a-very-long-daemon-name\0-c\0x\0", "a-very-long-daemon-name"],
    ["python3\0-c\0pass\0", "python3"],
    ["./relative/prog\0", "./relative/prog"],
    ["bin/prog\0", "bin/prog"],
    ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
    ["worker: pool www\0", "worker: pool www"],
    ["postgres: checkpointer   \0", "postgres: checkpointer   "],
    ["/\0", ""],
    ["/usr/bin/\0", ""],
    ["/prog", "prog"],
    ["/a/b/c:d e/f g\0h/i\0", "f g"],
    ["", ""],
    ["\0", ""],
    ["\0\0arg\0", ""],
  ])("%j → %j", (cmdline, program) => {
    expect(programFromCmdline(bytes(cmdline))).toBe(program);
  });

  it("reads at most 511 bytes, as netstat does", () => {
    expect(NETSTAT_CMDLINE_MAX).toBe(511);
    expect(programFromCmdline(bytes("x".repeat(600)))).toBe("x".repeat(511));
    // the last "/" within the first 511 bytes
    expect(programFromCmdline(bytes(`/${"a".repeat(300)}/${"b".repeat(300)}`))).toBe("b".repeat(209));
    expect(programFromCmdline(bytes(`/a/${"b".repeat(600)}/c`))).toBe("b".repeat(508));
    expect(programFromCmdline(bytes(`${"r".repeat(510)}/\0`))).toBe(`${"r".repeat(510)}/`);
    expect(programFromCmdline(bytes(`${"r".repeat(511)}\0`))).toBe("r".repeat(511));
  });

  it("decodes UTF-8 and keeps control characters (the formatter escapes them)", () => {
    expect(programFromCmdline(Buffer.from("/opt/caf\u00e9\0", "utf8"))).toBe("caf\u00e9");
    expect(programFromCmdline(bytes("evil\x1b[31m\nfake\0arg"))).toBe("evil\x1b[31m\nfake");
  });
});

describe("cmdlineText", () => {
  it.each([
    ["/usr/sbin/sshd\0-D\0", "/usr/sbin/sshd -D"],
    ["python3\0-c\0import x; y\0", "python3 -c import x; y"],
    ["a\0\0b\0", "a  b"],
    ["no-terminator", "no-terminator"],
    ["sshd: user@pts/0", "sshd: user@pts/0"],
    ["x\0\0\0", "x"],
  ])("%j → %j", (cmdline, text) => {
    expect(cmdlineText(bytes(cmdline))).toBe(text);
  });

  it.each([[""], ["\0"], ["\0\0\0"]])("%j → null", (cmdline) => {
    expect(cmdlineText(bytes(cmdline))).toBeNull();
  });

  it("does not modify the buffer it is given", () => {
    const b = bytes("a\0b\0");
    cmdlineText(b);
    expect([...b]).toEqual([0x61, 0, 0x62, 0]);
  });

  it("keeps arguments longer than netstat's 511 bytes", () => {
    expect(cmdlineText(bytes(`prog\0${"z".repeat(1000)}\0`))).toBe(`prog ${"z".repeat(1000)}`);
  });
});

describe("commText", () => {
  it.each([
    ["sshd\n", "sshd"],
    ["python3\n", "python3"],
    ["kworker/0:1\n", "kworker/0:1"],
    ["no-newline", "no-newline"],
    ["two\n\n", "two\n"],
    ["with space\n", "with space"],
  ])("%j → %j", (comm, text) => {
    expect(commText(bytes(comm))).toBe(text);
  });

  it.each([[""], ["\n"]])("%j → null", (comm) => {
    expect(commText(bytes(comm))).toBeNull();
  });
});

describe("isPidName", () => {
  it.each([
    ["1", true],
    ["12345", true],
    ["4194304", true],
    ["0", true],
    ["", false],
    ["self", false],
    ["thread-self", false],
    ["net", false],
    ["12a", false],
    ["-1", false],
    ["1.5", false],
    [" 1", false],
  ])("%j → %s", (name, v) => {
    expect(isPidName(name)).toBe(v);
  });
});
