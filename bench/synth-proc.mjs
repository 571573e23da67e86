#!/usr/bin/env node
// Write a synthetic /proc tree holding N sockets, for `tsnetstat --proc-root DIR`:
// net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6,unix,sockstat} in the kernel's layouts, and
// <pid>/{fd/*,cmdline,comm} for the processes holding them (fd links are "socket:[inode]").
// It is how the benchmark times a million sockets without a million real ones.
//
//   node bench/synth-proc.mjs DIR --sockets 1000000 [--procs 40] [--listen 100]
//
// The population mirrors hold-sockets.py: loopback TCP connections (two sockets each) spread over
// listeners and over the 127/8 range, plus a few UDP, UDP6 and UNIX sockets, spread over processes.

import { mkdirSync, openSync, closeSync, writeSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export function parseSynthArgs(argv) {
  const o = { dir: null, sockets: 1000, procs: 0, listen: 100, udp: 50, unix: 50 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => Number(argv[++i]);
    if (a === "--sockets") o.sockets = next();
    else if (a === "--procs") o.procs = next();
    else if (a === "--listen") o.listen = next();
    else if (a === "--udp") o.udp = next();
    else if (a === "--unix") o.unix = next();
    else if (o.dir === null && !a.startsWith("-")) o.dir = a;
    else throw new Error(`synth-proc: unexpected argument ${a} (usage: synth-proc.mjs DIR --sockets N [--procs P] [--listen L])`);
  }
  if (o.dir === null) throw new Error("usage: synth-proc.mjs DIR --sockets N [--procs P] [--listen L]");
  return o;
}

const hex8 = (v) => (v >>> 0).toString(16).toUpperCase().padStart(8, "0");
const hex4 = (v) => v.toString(16).toUpperCase().padStart(4, "0");
/** An IPv4 address as /proc/net/tcp prints it on a little-endian machine. */
const v4 = (a, b, c, d) => hex8(((d << 24) | (c << 16) | (b << 8) | a) >>> 0);
const LOOP6 = "00000000000000000000000001000000"; // ::1
const ANY6 = "00000000000000000000000000000000";

/** Buffered writer: the tables reach 150 MB at a million sockets. */
class Out {
  constructor(path) {
    this.fd = openSync(path, "w");
    this.parts = [];
    this.size = 0;
  }
  line(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const TCP6_HEADER =
  "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";
const UDP6_HEADER =
  "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";

const padTo = (s, n) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const dec = (v, w) => String(v).padStart(w, " ");

/** Build the tree; returns { sockets, procs, dir }. */
export function synthProc(opts) {
  const { dir, sockets, listen } = opts;
  // like hold-sockets.py: no process holds more than ~20,000 descriptors
  const procs = opts.procs > 0 ? opts.procs : Math.max(1, Math.ceil(sockets / 19_000));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "net"), { recursive: true });
  let inode = 100_000;
  const owned = Array.from({ length: procs }, () => []); // inodes per process
  const udpCount = Math.min(opts.udp, Math.floor(sockets / 10));
  const unixCount = Math.min(opts.unix, Math.floor(sockets / 10));
  const listeners = Math.max(1, Math.min(listen, sockets));
  const conns = Math.max(0, Math.floor((sockets - listeners - udpCount - unixCount) / 2));

  const tcp = new Out(join(dir, "net", "tcp"));
  tcp.line(padTo(TCP_HEADER, 149) + "\n");
  let sl = 0;
  const lports = [];
  for (let l = 0; l < listeners; l++) {
    const port = 20_000 + l;
    const ino = inode++;
    lports.push(port);
    owned[l % procs].push(ino);
    tcp.line(
      padTo(
        `${dec(sl++, 4)}: ${v4(127, 0, 0, 1)}:${hex4(port)} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${ino} 1 0000000000000000 100 0 0 10 0`,
        149,
      ) + "\n",
    );
  }
  for (let k = 0; k < conns; k++) {
    const lport = lports[k % lports.length];
    // client addresses walk 127.1.0.1 … like hold-sockets.py, ports from 32768 up
    const a = 1 + ((k >> 16) % 250);
    const b = (k >> 8) & 255;
    const c = 1 + (k % 250);
    const cport = 32_768 + (Math.floor(k / 250) % 28_000);
    const client = inode++;
    const server = inode++;
    const p = Math.floor((k * procs) / Math.max(1, conns));
    owned[p].push(client, server);
    const caddr = v4(127, a, b, c);
    tcp.line(
      padTo(
        `${dec(sl++, 4)}: ${caddr}:${hex4(cport)} ${v4(127, 0, 0, 1)}:${hex4(lport)} 01 00000000:00000000 00:00000000 00000000     0        0 ${client} 1 0000000000000000 20 4 30 10 -1`,
        149,
      ) + "\n",
    );
    tcp.line(
      padTo(
        `${dec(sl++, 4)}: ${v4(127, 0, 0, 1)}:${hex4(lport)} ${caddr}:${hex4(cport)} 01 00000000:00000000 00:00000000 00000000     0        0 ${server} 1 0000000000000000 20 4 30 10 -1`,
        149,
      ) + "\n",
    );
  }
  tcp.close();
  writeFileSync(join(dir, "net", "tcp6"), TCP6_HEADER + "\n");

  const udp = new Out(join(dir, "net", "udp"));
  const udp6 = new Out(join(dir, "net", "udp6"));
  udp.line(padTo(UDP_HEADER, 127) + "\n");
  udp6.line(UDP6_HEADER + "\n");
  for (let k = 0; k < udpCount; k++) {
    const ino = inode++;
    owned[k % procs].push(ino);
    const port = hex4(40_000 + k);
    if (k % 2 === 0) {
      udp.line(
        padTo(
          `${dec(k, 5)}: ${v4(127, 0, 0, 1)}:${port} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${ino} 2 0000000000000000 0`,
          127,
        ) + "\n",
      );
    } else {
      udp6.line(
        `${dec(k, 5)}: ${LOOP6}:${port} ${ANY6}:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${ino} 2 0000000000000000 0\n`,
      );
    }
  }
  udp.close();
  udp6.close();
  writeFileSync(join(dir, "net", "udplite"), padTo(UDP_HEADER, 127) + "\n");
  writeFileSync(join(dir, "net", "udplite6"), UDP6_HEADER + "\n");
  writeFileSync(join(dir, "net", "raw"), padTo(UDP_HEADER, 127) + "\n");
  writeFileSync(join(dir, "net", "raw6"), UDP6_HEADER + "\n");

  const unix = new Out(join(dir, "net", "unix"));
  unix.line("Num       RefCount Protocol Flags    Type St Inode Path\n");
  for (let k = 0; k < unixCount; k++) {
    const ino = inode++;
    owned[k % procs].push(ino);
    unix.line(`0000000000000000: 00000002 00000000 00010000 0001 01 ${dec(ino, 5)} /tmp/synth/w${k}.sock\n`);
  }
  unix.close();
  writeFileSync(
    join(dir, "net", "sockstat"),
    `sockets: used ${inode - 100_000}\nTCP: inuse ${listeners + 2 * conns} orphan 0 tw 0 alloc ${listeners + 2 * conns} mem 0\n`,
  );

  for (let p = 0; p < procs; p++) {
    const pid = 10_000 + p;
    const pdir = join(dir, String(pid));
    mkdirSync(join(pdir, "fd"), { recursive: true });
    writeFileSync(join(pdir, "cmdline"), `/usr/bin/python3\0hold-sockets.py\0--synthetic\0`);
    writeFileSync(join(pdir, "comm"), "python3\n");
    for (const fd of [0, 1, 2]) symlinkSync("/dev/null", join(pdir, "fd", String(fd)));
    let fd = 3;
    for (const ino of owned[p]) symlinkSync(`socket:[${ino}]`, join(pdir, "fd", String(fd++)));
  }
  return { dir, sockets: inode - 100_000, procs };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const o = parseSynthArgs(process.argv.slice(2));
  const r = synthProc(o);
  console.log(`${r.dir}: ${r.sockets} sockets in ${r.procs} processes`);
}
