// The --netns parts of the command line and the table: the flag, the Netns column, escaping.

import { describe, expect, it } from "vitest";
import { EXIT_USAGE, parseArgs } from "../../src/cli/args.js";
import { inetRow, inetTitle, netnsText, unixRow, unixTitle } from "../../src/format/netstat.js";
import { linuxInet, linuxUnix } from "../support/sockets.js";
import { numericView } from "../support/view.js";

const view = numericView;

const LABEL = { inode: 4026532301, name: null, container: "docker:3f4e5d6c7b8a" };

describe("--netns on the command line", () => {
  it.each([
    [["--netns", "all"], { kind: "all" }],
    [["--netns=all"], { kind: "all" }],
    [["--netns", "4242"], { kind: "pid", pid: 4242 }],
    [["--netns", "blue"], { kind: "name", name: "blue" }],
    [["--netn", "blue"], { kind: "name", name: "blue" }],
    [[], null],
  ])("%j", (argv, want) => {
    const r = parseArgs(["-tn", ...argv], "1");
    expect(r.kind === "run" ? r.options.netns : r).toEqual(want);
  });

  it("a value that is no name, pid or all: one usage line", () => {
    expect(parseArgs(["--netns", "a/b"], "1")).toEqual({
      kind: "exit",
      code: EXIT_USAGE,
      stdout: "",
      stderr: "tsnetstat: --netns takes all, an 'ip netns' name or a pid, not 'a/b' (see 'tsnetstat --help')\n",
    });
  });
});

describe("the Netns column", () => {
  it("the inode, then the ip netns name, else the container; escaped", () => {
    expect(netnsText(LABEL)).toBe("4026532301/docker:3f4e5d6c7b8a");
    expect(netnsText({ inode: 7, name: "blue", container: "python3" })).toBe("7/blue");
    expect(netnsText({ inode: 7, name: null, container: null })).toBe("7");
    expect(netnsText({ inode: 7, name: null, container: "evil\n\x1b[2J" })).toBe("7/evil\\n\\x1b[2J");
    expect(netnsText(undefined)).toBe("-");
  });

  it("last in the Internet table, after -e, -p and -o", () => {
    const v = view({ netns: true, extend: true, programs: true, timers: true });
    expect(inetTitle(v)).toBe(
      "Active Internet connections (servers and established)\n" +
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name     Timer Netns\n",
    );
    const s = { ...linuxInet({ proto: "tcp" }), netns: LABEL };
    expect(inetRow(s, v)).toBe(
      "tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN      0          1486245    -                    off (0.00/0/0) 4026532301/docker:3f4e5d6c7b8a\n",
    );
  });

  it("before Path in the UNIX table", () => {
    const v = view({ netns: true });
    expect(unixTitle(v)).toBe(
      "Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node   Netns                    Path\n",
    );
    expect(unixRow({ ...linuxUnix({ path: "/run/x.sock" }), netns: { inode: 7, name: "blue", container: null } }, v)).toBe(
      "unix  3      [ ]         STREAM     CONNECTED     1144973  7/blue                   /run/x.sock\n",
    );
  });

  it("absent without --netns: netstat's layout", () => {
    const s = { ...linuxInet({ proto: "tcp" }), netns: LABEL };
    expect(inetRow(s, view())).toBe("tcp        0      0 127.0.0.1:9001          0.0.0.0:*               LISTEN     \n");
  });
});
