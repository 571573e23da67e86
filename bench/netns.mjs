// The --netns benchmark (issue 11): the same sockets in many network namespaces or in one.
//   A: `spaces` namespaces, each holding `perSpace` loopback TCP sockets (one process in each);
//   B: one namespace holding spaces × perSpace sockets, spread over as many processes.
// `tsnetstat -tanp --netns all` on A must cost at most 1.5 × the same command on B (and is shown
// against a plain `tsnetstat -tanp` inside B's namespace too). Needs root: it makes the namespaces.
// It all runs in a private pid and mount namespace (unshare --pid --mount-proc): there /proc shows
// only the bench's own processes, so `--netns all` finds only its namespaces, not those of whatever
// else runs on the machine, and the `ip netns` mounts vanish with it whatever happens.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Run run.mjs `--inner netns` in a private pid + mount namespace; returns its results. */
export function netnsBench({ self, spaces = 100, perSpace = 1000, runs = 5, ownHash = false }) {
  const dir = mkdtempSync(join(tmpdir(), "tsnetstat-netns-bench-"));
  const out = join(dir, "result.json");
  try {
    // --tag: this (outer) pid names the namespaces; inside the pid namespace every run's pid is 1
    const args = ["--inner", "netns", "--tag", String(process.pid), "--spaces", String(spaces), "--per", String(perSpace), "--runs", String(runs), "--out", out, ...(ownHash ? ["--own-hash"] : [])];
    const r = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", process.execPath, self, ...args], { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`netns bench failed (${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" };

function ip(...args) {
  const r = spawnSync("ip", args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: ENV });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

/** The kernel's share: read tcp, tcp6, udp and udp6 of every namespace once (python, one process per namespace found). */
const CAT_TABLES_PY =
  "import os\nseen=set()\nfor p in sorted((p for p in os.listdir('/proc') if p.isdigit()), key=int):\n" +
  " try: ns=os.readlink('/proc/'+p+'/ns/net')\n except OSError: continue\n if ns in seen: continue\n seen.add(ns)\n" +
  " for t in ('tcp','tcp6','udp','udp6'):\n  try: open('/proc/'+p+'/net/'+t,'rb').read()\n  except OSError: pass\n";

/**
 * The TCP sockets allocated on the whole host: sockstat's "alloc" counts every namespace's
 * (net/ipv4/proc.c), this bench's and whatever else runs on the machine. With one hash shared by
 * all namespaces, each namespace's TCP read walks them all.
 */
function hostTcpSockets() {
  const m = /^TCP: inuse \d+ orphan \d+ tw \d+ alloc (\d+)/m.exec(readFileSync("/proc/net/sockstat", "utf8"));
  return m === null ? null : Number(m[1]);
}

/** Start netns-hold.py on these namespace files; resolves with a stop function once it is READY. */
function hold(script, perSpace, paths) {
  const child = spawn("python3", [script, String(perSpace), ...paths], { stdio: ["pipe", "pipe", "inherit"], env: ENV });
  return new Promise((resolve, reject) => {
    let text = "";
    child.once("exit", (code) => reject(new Error(`netns-hold.py exited (${code})`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c) => {
      text += c;
      if (!text.includes("READY\n")) return;
      child.removeAllListeners("exit");
      resolve(
        () =>
          new Promise((done) => {
            child.once("exit", () => done());
            child.stdin.end();
          }),
      );
    });
  });
}

/**
 * Inside the private namespaces: time both shapes; `alternate(commands, runs)` is run.mjs's.
 * Returns { cases: {name: seconds}, rows: {A, B} } where rows counts the sockets each listing found.
 */
export async function innerNetns({ here, tsnetstat, alternate, tag = process.pid, spaces = 100, perSpace = 1000, runs = 5, ownHash = false }) {
  const prefix = `tsnb-${tag}`;
  const names = Array.from({ length: spaces }, (_, i) => `${prefix}-${i}`);
  const one = `${prefix}-one`;
  const made = [];
  const script = join(here, "netns-hold.py");
  const res = { spaces, perSpace, ownHash, cases: {}, rows: {} };
  const count = (argv, marker) => {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 1 << 30, env: ENV });
    return r.stdout.split("\n").filter((l) => l.includes(marker)).length;
  };
  try {
    // --own-hash: the namespaces are made from a parent whose net.ipv4.tcp_child_ehash_entries
    // gives each its own TCP hash (Linux 6.1, Documentation/networking/ip-sysctl.rst), instead of
    // the one all namespaces share by default; the host's own setting is not touched
    const parent = `${prefix}-parent`;
    if (ownHash) {
      ip("netns", "add", parent);
      made.push(parent);
      const sysctl = "echo 4096 > /proc/sys/net/ipv4/tcp_child_ehash_entries";
      const r = spawnSync("nsenter", [`--net=/run/netns/${parent}`, "sh", "-c", sysctl], { stdio: "inherit", env: ENV });
      if (r.status !== 0) throw new Error("cannot set tcp_child_ehash_entries (Linux 6.1 or later)");
    }
    for (const n of [...names, one]) {
      if (ownHash) {
        const r = spawnSync("nsenter", [`--net=/run/netns/${parent}`, "ip", "netns", "add", n], { stdio: "inherit", env: ENV });
        if (r.status !== 0) throw new Error(`ip netns add ${n} failed`);
      } else {
        ip("netns", "add", n);
      }
      made.push(n);
      ip("-n", n, "link", "set", "lo", "up");
    }
    process.stderr.write(`${spaces} namespaces × ${perSpace} sockets `);
    let stop = await hold(
      script,
      perSpace,
      names.map((n) => `/run/netns/${n}`),
    );
    try {
      res.rows.A = count([...tsnetstat, "-tan", "--netns", "all"], `/${prefix}-`);
      res.hostTcp = hostTcpSockets();
      // the same on one thread (TSNETSTAT_DEBUG=no-threads): what the helper threads save, in this run
      const oneThread = (flags) => ["env", "TSNETSTAT_DEBUG=no-threads", ...tsnetstat, flags, "--netns", "all"];
      for (const m of alternate(
        [
          { name: "A -tanp --netns all", argv: [...tsnetstat, "-tanp", "--netns", "all"] },
          { name: "A -tan --netns all", argv: [...tsnetstat, "-tan", "--netns", "all"] },
          { name: "A -tanp one thread", argv: oneThread("-tanp") },
          { name: "A -tan one thread", argv: oneThread("-tan") },
          { name: "A cat tables", argv: ["python3", "-c", CAT_TABLES_PY] },
          // what an admin types without tsnetstat: the peer once per namespace
          // (`ip -all netns exec` runs it in every /run/netns namespace, one fork and exec each)
          { name: "A ss -tan each", argv: ["ip", "-all", "netns", "exec", "ss", "-tan"] },
          { name: "A netstat -tan each", argv: ["ip", "-all", "netns", "exec", "netstat", "-tan"] },
        ],
        runs,
        true,
      ))
        res.cases[m.name] = m.median;
      // with -p each peer walks every process's fds once per namespace: minutes a run, so one run
      // each, next to one more of tsnetstat's
      for (const m of alternate(
        [
          { name: "A -tanp --netns all, beside the peers", argv: [...tsnetstat, "-tanp", "--netns", "all"] },
          { name: "A ss -tanp each", argv: ["ip", "-all", "netns", "exec", "ss", "-tanp"] },
          { name: "A netstat -tanp each", argv: ["ip", "-all", "netns", "exec", "netstat", "-tanp"] },
        ],
        1,
        true,
      ))
        res.cases[m.name] = m.median;
    } finally {
      await stop();
    }
    process.stderr.write(`\n1 namespace × ${spaces * perSpace} sockets `);
    stop = await hold(
      script,
      perSpace,
      names.map(() => `/run/netns/${one}`),
    );
    try {
      res.rows.B = count([...tsnetstat, "-tan", "--netns", one], `/${one}`);
      const inside = (flags) => ["nsenter", `--net=/run/netns/${one}`, ...tsnetstat, flags];
      for (const m of alternate(
        [
          { name: "B -tanp --netns all", argv: [...tsnetstat, "-tanp", "--netns", "all"] },
          { name: "B -tan --netns all", argv: [...tsnetstat, "-tan", "--netns", "all"] },
          { name: "B -tanp inside", argv: inside("-tanp") },
          { name: "B -tan inside", argv: inside("-tan") },
          { name: "B cat tables", argv: ["python3", "-c", CAT_TABLES_PY] },
        ],
        runs,
        true,
      ))
        res.cases[m.name] = m.median;
    } finally {
      await stop();
    }
    process.stderr.write("\n");
  } finally {
    for (const n of made) spawnSync("ip", ["netns", "del", n], { stdio: "ignore", env: ENV });
  }
  return res;
}
