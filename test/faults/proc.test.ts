// /proc faults (issue 7): tables truncated mid-line, holding random bytes and NULs or a 1 MB line,
// unreadable, missing; --proc-root trees that are missing or partial. Each case asserts the exact
// stdout, stderr and status: the readable sockets print, one line names each problem.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipRootTests } from "../support/root.js";
import { publicTsnetstat, removePublicBundle } from "../support/bundle.js";

const BIN = resolve(import.meta.dirname, "../../bin/tsnetstat");
const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const LISTEN = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0";
const CONN = "   1: 0100007F:1F91 0200007F:9C41 01 00000000:00000000 00:00000000 00000000  1000        0 1002 1 0000000000000000 20 4 30 10 -1";
const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";
const UNIX_LINE = "0000000000000001: 00000002 00000000 00010000 0001 01 2001 /run/a.sock";

const TITLE_AN = "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
const ROW_LISTEN = "tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN     \n";
const ROW_CONN = "tcp        0      0 127.0.0.1:8081          127.0.0.2:40001         ESTABLISHED\n";

let work = "";
let serial = 0;

/** A /proc copy holding `net` files (name -> bytes) and, optionally, process directories. */
function tree(net: Record<string, string | Buffer>, procs: { pid: number; fds: Record<string, string> }[] = []): string {
  const root = join(work, `t${serial++}`);
  mkdirSync(join(root, "net"), { recursive: true });
  for (const [name, text] of Object.entries(net)) writeFileSync(join(root, "net", name), typeof text === "string" ? Buffer.from(text, "latin1") : text);
  for (const p of procs) {
    mkdirSync(join(root, String(p.pid), "fd"), { recursive: true });
    writeFileSync(join(root, String(p.pid), "cmdline"), "/usr/sbin/daemon\0");
    writeFileSync(join(root, String(p.pid), "comm"), "daemon\n");
    for (const [fd, target] of Object.entries(p.fds)) symlinkSync(target, join(root, String(p.pid), "fd", fd));
  }
  return root;
}

function run(args: readonly string[], user: "root" | "nobody" = "root") {
  const argv = user === "nobody" ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", process.execPath, publicTsnetstat()] : [process.execPath, BIN];
  const r = spawnSync(argv[0] ?? "", [...argv.slice(1), ...args], { encoding: "latin1", maxBuffer: 64 << 20, cwd: "/", timeout: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tsf-proc-"));
  chmodSync(work, 0o755);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removePublicBundle();
});

describe("damaged tables: the good rows print, each bad line is named", () => {
  it("a table truncated in the middle of its last line", () => {
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n${CONN}\n${LISTEN.slice(0, 40)}`, tcp6: `${HEADER}\n` });
    expect(run(["-tan", "--proc-root", t])).toEqual({
      stdout: TITLE_AN + ROW_LISTEN + ROW_CONN,
      stderr: `tsnetstat: ${t}/net/tcp:4: malformed tcp line skipped (tx_queue)\n`,
      status: 0,
    });
  });

  it("random bytes and NULs between good lines", () => {
    const junk = Buffer.from([0x00, 0x01, 0xff, 0x20, 0x67, 0x00, 0x0d, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x00]);
    const t = tree({
      tcp: Buffer.concat([Buffer.from(`${HEADER}\n${LISTEN}\n`), junk, Buffer.from(`\n\0\0\0\n${CONN}\n`)]),
      tcp6: `${HEADER}\n`,
    });
    expect(run(["-tan", "--proc-root", t])).toEqual({
      stdout: TITLE_AN + ROW_LISTEN + ROW_CONN,
      stderr: `tsnetstat: ${t}/net/tcp:3: malformed tcp line skipped (slot number)\ntsnetstat: ${t}/net/tcp:4: malformed tcp line skipped (slot number)\n`,
      status: 0,
    });
  });

  it("a 1 MB line in the TCP and in the UNIX table", () => {
    const big = "7".repeat(1 << 20);
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n${big}\n${CONN}\n`, tcp6: `${HEADER}\n`, unix: `${UNIX_HEADER}\n${big}\n${UNIX_LINE}\n` });
    expect(run(["-tan", "--proc-root", t])).toEqual({
      stdout: TITLE_AN + ROW_LISTEN + ROW_CONN,
      stderr: `tsnetstat: ${t}/net/tcp:3: malformed tcp line skipped (slot number)\n`,
      status: 0,
    });
    const x = run(["-xl", "--proc-root", t]);
    expect(x.stdout).toBe(
      "Active UNIX domain sockets (only servers)\nProto RefCnt Flags       Type       State         I-Node   Path\n" +
        "unix  2      [ ACC ]     STREAM     LISTENING     2001     /run/a.sock\n",
    );
    expect(x.stderr).toMatch(new RegExp(`^tsnetstat: ${t}/net/unix:2: malformed unix line skipped \\([a-z ]+\\)\\n$`));
    expect(x.status).toBe(0);
  });

  it("a table that is only NULs", () => {
    const t = tree({ tcp: Buffer.alloc(4096), tcp6: `${HEADER}\n` });
    expect(run(["-tan", "--proc-root", t])).toEqual({ stdout: TITLE_AN, stderr: "", status: 0 });
  });
});

describe("--proc-root trees that are missing or partial: the file is named, never 'no support on this system'", () => {
  it("a directory that does not exist", () => {
    const t = join(work, "nowhere");
    expect(run(["-tlnp", "--proc-root", t])).toEqual({
      stdout: "",
      stderr: `tsnetstat: --proc-root '${t}': no such directory\n`,
      status: 1,
    });
  });

  it("a directory that is not a copy of /proc", () => {
    const t = join(work, "empty");
    mkdirSync(t);
    expect(run(["-an", "--proc-root", t])).toEqual({
      stdout: "",
      stderr: `tsnetstat: --proc-root '${t}': not a copy of /proc (no net/ directory)\n`,
      status: 1,
    });
  });

  it("net/ without udp: -tu names the file and fails as netstat does for a missing table", () => {
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n`, tcp6: `${HEADER}\n` });
    expect(run(["-tuan", "--proc-root", t])).toEqual({
      stdout: TITLE_AN + ROW_LISTEN,
      stderr: `tsnetstat: ${t}/net/udp: no such file in the --proc-root tree; its sockets are not listed\n`,
      status: 1,
    });
  });

  it("net/ without unix: -x names the file", () => {
    const t = tree({ tcp: `${HEADER}\n` });
    expect(run(["-x", "--proc-root", t])).toEqual({
      // the title comes first, as netstat prints it before opening the file
      stdout: "Active UNIX domain sockets (w/o servers)\nProto RefCnt Flags       Type       State         I-Node   Path\n",
      stderr: `tsnetstat: ${t}/net/unix: no such file in the --proc-root tree; its sockets are not listed\n`,
      status: 1,
    });
  });

  it("net/ and no process directories: -p says so once, and never tells root to be root", () => {
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n`, tcp6: `${HEADER}\n` });
    expect(run(["-tlnp", "--proc-root", t])).toEqual({
      stdout:
        "Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n" +
        "tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN      -                   \n",
      stderr: `tsnetstat: ${t}: holds no process directories (<pid>/fd): no owners to show\n`,
      status: 0,
    });
  });

  it("a whole copy: owners from its process directories, nothing on stderr", () => {
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n`, tcp6: `${HEADER}\n` }, [{ pid: 42, fds: { 3: "socket:[1001]" } }]);
    expect(run(["-tlnp", "--proc-root", t])).toEqual({
      stdout:
        "Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n" +
        "tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN      42/daemon           \n",
      stderr: "",
      status: 0,
    });
  });
});

describe.skipIf(skipRootTests("unreadable /proc tables"))("a table that cannot be read", () => {
  it("as nobody, net/tcp of mode 000: named, the other tables still print, status 1", () => {
    const t = tree({ tcp: `${HEADER}\n${LISTEN}\n`, tcp6: `${HEADER}\n`, udp: `${HEADER}\n` });
    chmodSync(join(t, "net", "tcp"), 0);
    // -t named it: the run fails there, as netstat does for a table it cannot open
    expect(run(["-tuan", "--proc-root", t], "nobody")).toEqual({
      stdout: TITLE_AN,
      stderr: `tsnetstat: ${t}/net/tcp: cannot be read (permission denied); its sockets are not listed\n`,
      status: 1,
    });
    // with -a nothing was named: the other tables print, the line still says what could not be
    // read, and the tables the copy lacks are passed over as netstat passes over missing ones (-v names them)
    expect(run(["-an", "--proc-root", t], "nobody")).toEqual({
      stdout: `${TITLE_AN}Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node   Path\n`,
      stderr: `tsnetstat: ${t}/net/tcp: cannot be read (permission denied); its sockets are not listed\n`,
      status: 0,
    });
  });
});
