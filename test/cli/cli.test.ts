// End-to-end runs of bin/tsnetstat (the esbuild bundle) on synthetic /proc trees: no root needed.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../support/fixtures.js";
import { ensureBuilt, tsnetstat } from "../support/cli.js";

const VERSION = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;

const TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const TCP6_HEADER = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";

function tcpLine(slot: number, local: string, remote: string, st: string, inode: number, uid = 0): string {
  return `${String(slot).padStart(4)}: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000 ${String(uid).padStart(5)}        0 ${inode} 1 0000000000000000 100 0 0 10 0`.padEnd(149);
}

interface Proc {
  pid: number;
  cmdline: string; // latin1 bytes
  comm: string;
  fds: Record<number, string>;
}

function writeTree(root: string, net: Record<string, string>, procs: Proc[]): void {
  mkdirSync(join(root, "net"), { recursive: true });
  for (const [name, text] of Object.entries(net)) writeFileSync(join(root, "net", name), text, "latin1");
  for (const p of procs) {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, "fd"), { recursive: true });
    writeFileSync(join(dir, "cmdline"), Buffer.from(p.cmdline, "latin1"));
    writeFileSync(join(dir, "comm"), `${p.comm}\n`);
    for (const [fd, target] of Object.entries(p.fds)) symlinkSync(target, join(dir, "fd", fd));
  }
}

let tmp = "";
let small = "";
let big = "";
const BIG_ROWS = 50_000;

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "tsnetstat-cli-"));
  small = join(tmp, "small");
  big = join(tmp, "big");
  writeTree(
    small,
    {
      tcp: [
        TCP_HEADER.padEnd(149),
        tcpLine(0, "0100007F:0016", "00000000:0000", "0A", 1001),
        tcpLine(1, "0100007F:1388", "0100007F:9C40", "01", 1002, 1000),
        "   2: 0100007G:1388 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 1003 1",
        tcpLine(3, "0100007F:1389", "0100007F:9C41", "06", 0),
        "",
      ].join("\n"),
      tcp6: `${TCP6_HEADER}\n   0: 00000000000000000000000001000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 100 0 0 10 0\n`,
      udp: "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
      udp6: "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
      raw: "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
      raw6: "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
      unix: [
        UNIX_HEADER,
        "0000000000000001: 00000002 00000000 00010000 0001 01 2001 /tmp/a b",
        "c",
        "0000000000000002: 00000003 00000000 00000000 0001 03 2002",
        "",
      ].join("\n"),
    },
    [
      { pid: 100, cmdline: "/usr/sbin/sshd\0-D\0", comm: "sshd", fds: { 0: "/dev/null", 3: "socket:[1001]", 4: "socket:[2001]" } },
      { pid: 200, cmdline: "sshd: alice [priv]\0", comm: "sshd", fds: { 5: "socket:[1001]", 6: "pipe:[77]" } },
      { pid: 300, cmdline: "evil\x1b[31m\nX\0arg\0", comm: "evil", fds: { 9: "socket:[1002]", 10: "anon_inode:[eventfd]" } },
    ],
  );
  const rows: string[] = [TCP_HEADER];
  for (let i = 0; i < BIG_ROWS; i++) {
    const port = (1024 + (i % 60000)).toString(16).toUpperCase().padStart(4, "0");
    rows.push(tcpLine(i, "0100007F:1F90", `0100007F:${port}`, "01", 100000 + i));
  }
  writeTree(big, { tcp: `${rows.join("\n")}\n`, tcp6: `${TCP6_HEADER}\n` }, []);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("usage errors, help and version", () => {
  it("-k: exit 3, one line on stderr, nothing on stdout", () => {
    expect(tsnetstat(["-k"])).toEqual({ status: 3, stdout: "", stderr: "tsnetstat: invalid option -- 'k' (see 'tsnetstat --help')\n" });
  });

  it("-A bogus: exit 1", () => {
    expect(tsnetstat(["-A", "bogus"])).toEqual({ status: 1, stdout: "", stderr: "tsnetstat: unknown address family 'bogus' (see 'tsnetstat --help')\n" });
  });

  it("-A without its argument: exit 3", () => {
    expect(tsnetstat(["-A"])).toEqual({
      status: 3,
      stdout: "",
      stderr: "tsnetstat: option requires an argument -- 'A' (see 'tsnetstat --help')\n",
    });
  });

  it("-h: usage on stdout, exit 0", () => {
    const r = tsnetstat(["-h"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")[0]).toBe("Usage: tsnetstat [-tuUwxS46] [-alnpeoWv] [-A family[,family]] [-f family] [--json] | -r [-nCFe] | -i [-ae] | -s [-tuw6] | -g");
  });

  it("-V: version, exit 0", () => {
    expect(tsnetstat(["-V"])).toEqual({ status: 0, stdout: `tsnetstat ${VERSION}\n`, stderr: "" });
  });
});

describe("--proc-root on a synthetic tree", () => {
  const title = "Active Internet connections (servers and established)\n";
  const header = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";

  it("-tan: rows, and the malformed line reported with file:line, status 0", () => {
    const r = tsnetstat(["--proc-root", small, "-tan"]);
    expect(r.stderr).toBe(`tsnetstat: ${small}/net/tcp:4: malformed tcp line skipped (local address)\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      title +
        `${header}\n` +
        "tcp        0      0 127.0.0.1:22            0.0.0.0:*               LISTEN     \n" +
        "tcp        0      0 127.0.0.1:5000          127.0.0.1:40000         ESTABLISHED\n" +
        "tcp        0      0 127.0.0.1:5001          127.0.0.1:40001         TIME_WAIT  \n" +
        "tcp6       0      0 ::1:443                 :::*                    LISTEN     \n",
    );
  });

  it("-tanp: the first owner of a shared socket, escaped hostile names, '-' for no owner", () => {
    // pids 100 and 200 share the socket: the walk sorts the copy's pids, so 100 is first whatever readdir says
    const sharedOwner = "100/sshd            ";
    const r = tsnetstat(["--proc-root", small, "-tanp"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`tsnetstat: ${small}/net/tcp:4: malformed tcp line skipped (local address)\n`);
    expect(r.stdout).toBe(
      title +
        `${header} PID/Program name    \n` +
        `tcp        0      0 127.0.0.1:22            0.0.0.0:*               LISTEN      ${sharedOwner}\n` +
        "tcp        0      0 127.0.0.1:5000          127.0.0.1:40000         ESTABLISHED 300/evil\\x1b[31m\\nX \n" +
        "tcp        0      0 127.0.0.1:5001          127.0.0.1:40001         TIME_WAIT   -                   \n" +
        "tcp6       0      0 ::1:443                 :::*                    LISTEN      -                   \n",
    );
  });

  it("--json -tanp lists every owner of the shared socket", () => {
    const r = tsnetstat(["--proc-root", small, "-tanp", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; sockets: { inode: number; owners: unknown[]; ownerStatus: string }[] };
    expect(doc.schema).toBe("tsnetstat/1");
    expect(doc.sockets.map((s) => s.inode)).toEqual([1001, 1002, 0, 1004]);
    // every process of the copy was readable: the owners are the whole truth
    expect(doc.sockets.map((s) => s.ownerStatus)).toEqual(["complete", "complete", "complete", "complete"]);
    const unread = JSON.parse(tsnetstat(["--proc-root", small, "-tan", "--json"]).stdout) as { sockets: { ownerStatus: string }[] };
    expect(unread.sockets.map((s) => s.ownerStatus)).toEqual(["not-read", "not-read", "not-read", "not-read"]);
    const sshd = { pid: 100, fd: 3, program: "sshd", comm: "sshd", cmdline: "/usr/sbin/sshd -D" };
    const priv = { pid: 200, fd: 5, program: "sshd: alice [priv]", comm: "sshd", cmdline: "sshd: alice [priv]" };
    // every owner, in ascending pid order (the walk sorts a copy's pids)
    expect(doc.sockets[0]?.owners).toEqual([sshd, priv]);
    expect(doc.sockets[1]?.owners).toEqual([{ pid: 300, fd: 9, program: "evil\x1b[31m\nX", comm: "evil", cmdline: "evil\x1b[31m\nX arg" }]);
    expect(doc.sockets[2]?.owners).toEqual([]);
  });

  it("-xap: a UNIX path with a space and a newline is printed whole and escaped", () => {
    const r = tsnetstat(["--proc-root", small, "-xap"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "Active UNIX domain sockets (servers and established)\n" +
        "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n" +
        "unix  2      [ ACC ]     STREAM     LISTENING     2001     100/sshd             /tmp/a b\\nc\n" +
        "unix  3      [ ]         STREAM     CONNECTED     2002     -                    \n",
    );
  });

  it("-xl and -x split servers from the rest", () => {
    expect(tsnetstat(["--proc-root", small, "-xl"]).stdout).toBe(
      "Active UNIX domain sockets (only servers)\n" +
        "Proto RefCnt Flags       Type       State         I-Node   Path\n" +
        "unix  2      [ ACC ]     STREAM     LISTENING     2001     /tmp/a b\\nc\n",
    );
    expect(tsnetstat(["--proc-root", small, "-x"]).stdout).toBe(
      "Active UNIX domain sockets (w/o servers)\n" +
        "Proto RefCnt Flags       Type       State         I-Node   Path\n" +
        "unix  3      [ ]         STREAM     CONNECTED     2002     \n",
    );
  });
});

describe("large tables", () => {
  it("| head -3: exit status 0, no stack trace", () => {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" bin/tsnetstat --proc-root "${big}" -tan | head -3; echo "\${PIPESTATUS[0]}"`], {
      cwd: projectRoot,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "Active Internet connections (servers and established)\n" +
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n" +
        "tcp        0      0 127.0.0.1:8080          127.0.0.1:1024          ESTABLISHED\n" +
        "0\n",
    );
  });

  it("to a file: nothing cut short", () => {
    const out = join(tmp, "big.out");
    const r = spawnSync("bash", ["-c", `"${process.execPath}" bin/tsnetstat --proc-root "${big}" -tan > "${out}"`], { cwd: projectRoot, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const lines = readFileSync(out, "latin1").split("\n");
    expect(lines.length).toBe(BIG_ROWS + 3); // title, header, rows, and the empty string after the last "\n"
    expect(lines[BIG_ROWS + 2]).toBe("");
    const lastPort = 1024 + ((BIG_ROWS - 1) % 60000);
    expect(lines[BIG_ROWS + 1]).toBe(`tcp        0      0 127.0.0.1:8080          ${`127.0.0.1:${lastPort}`.padEnd(23)} ESTABLISHED`);
  });
});
