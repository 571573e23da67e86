#!/usr/bin/env node
// `npm run bench`: tsnetstat against net-tools netstat, iproute2 ss and lsof on the same sockets, and
// its audit scan against nmap, in the same run, commands alternating, medians of several runs; prints
// ratios (never single times: the machine is shared and noisy). Needs root for the live part
// (network and pid namespaces).
//
//   npm run bench                 full matrix: quiet host, 1,000 / 10,000 / 200,000 live sockets (netstat,
//                                 ss, lsof), the audit scan against nmap (TCP and UDP), synthetic
//                                 200,000 / 1,000,000-socket /proc trees; writes bench/RESULTS.md
//   npm run bench -- --quick      quiet host, 1,000 and 10,000 live sockets, one scan run, synthetic
//                                 200,000; no RESULTS.md (a few minutes at most)
//   npm run bench -- --sizes 200000 --runs 5 --no-synthetic --no-quiet [--no-lsof] [--no-scan]
//   npm run bench -- --sizes 1000,10000,100000 --write      a smaller run that still writes RESULTS.md
//   npm run bench -- --netns      adds the --netns runs (long: 100 namespaces × 1,000 sockets)
//   npm run bench -- --netns-only [--spaces 100 --per 1000] [--own-hash]
//                                 only the --netns runs (bench/netns.mjs; bench/RESULTS-netns.md by hand)
//   npm run bench -- --sizes "" --no-synthetic --no-quiet      only the audit scan against nmap
//
// The audit scan (`tsnetstat --audit`, issue 9) is timed against `nmap -sT -p- -n` in a namespace of
// its own (tsa-bench-<pid>: loopback, ::1 and a veth address inside it); --no-scan leaves it out.
//
// Each live population is ../shared/bench/hold-sockets.py run by this script re-entered (--inner live)
// inside `unshare --net --pid --fork --mount-proc`: a network namespace of its own (anonymous: nothing
// to name or to delete, it ends with its last process) and a pid namespace of its own whose /proc
// shows only the holders and the bench. So netstat -p, ss -p, lsof and tsnetstat (-p and
// --source lsof, which runs a plain `lsof -i -U`) all walk the same processes: the population's,
// not whatever else runs on the machine. Commands are timed there without the cost of entering it.
// The quiet (start-up) namespace comes from ../shared/bench/netns-bench.sh.

import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { synthProc } from "./synth-proc.mjs";
import { innerNetns, netnsBench } from "./netns.mjs";
import { fmtRatio, liveCommands, lsofRatios, median, parseOptions, plan, populationArgs } from "./lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const harness = resolve(root, "../shared/bench/netns-bench.sh");
const holdSockets = resolve(root, "../shared/bench/hold-sockets.py");
const tsnetstat = [process.execPath, join(root, "bin", "tsnetstat")];
const FLAGS = ["-tan", "-tanp", "-tulpna", "-xap"];

// ---------------------------------------------------------------- measuring

/** Wall time of one run in seconds, output thrown away (to /dev/null, as for every tool). */
function timeOnce(argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "ignore"], env: env ?? process.env });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  return t;
}

/** Peak RSS (MB) of one run: GNU time when installed, else Python's getrusage of its child. */
function peakRss(argv) {
  const gnuTime = "/usr/bin/time";
  let out;
  if (existsSync(gnuTime)) {
    out = spawnSync(gnuTime, ["-f", "%M", ...argv], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" }).stderr;
  } else {
    const py =
      "import resource,subprocess,sys\nsubprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n" +
      "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)+'\\n')";
    out = spawnSync("python3", ["-c", py, ...argv], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" }).stderr;
  }
  const kb = Number(out.trim().split("\n").pop());
  return Number.isFinite(kb) ? kb / 1024 : NaN;
}

/**
 * Run every command `runs` times, alternating (A B C A B C …) so that load from other users of the
 * machine falls on all of them alike; returns the median per command.
 */
function alternate(commands, runs, log) {
  const times = commands.map(() => []);
  for (let r = 0; r < runs; r++) {
    commands.forEach((c, i) => times[i].push(timeOnce(c.argv, c.env)));
    if (log) process.stderr.write(".");
  }
  return commands.map((c, i) => ({ name: c.name, median: median(times[i]), runs: times[i] }));
}

/** The floor for -tanp: reading the tables plus reading every fd link (python: one readlink per fd). */
const WALK_PY =
  "import os\nfor p in os.listdir('/proc'):\n if not p.isdigit(): continue\n try: fds=os.listdir('/proc/'+p+'/fd')\n except OSError: continue\n" +
  " for f in fds:\n  try: os.readlink('/proc/'+p+'/fd/'+f)\n  except OSError: pass\n";

// ---------------------------------------------------------------- inside a namespace

/** Lines a command prints on stdout and on stderr (one run, output kept only to count it). */
function countLines(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 2 ** 30 });
  const lines = (b) => {
    let n = 0;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
    return n;
  };
  return { stdout: lines(r.stdout ?? Buffer.alloc(0)), stderr: lines(r.stderr ?? Buffer.alloc(0)) };
}

/**
 * Refuse to load anything unless this process is the first of a pid namespace of its own whose
 * network namespace has nothing but a loopback: the one `unshare` made for this population.
 */
function checkOwnNamespaces() {
  const links = execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(": ")[1]);
  if (process.pid !== 1 || links.length !== 1 || links[0] !== "lo") {
    throw new Error(`bench: the live population runs only in its own pid and network namespaces (pid ${process.pid}, links ${links.join(" ")})`);
  }
}

/** Start hold-sockets.py here; resolves once it says READY, with a function that ends it. */
function holdPopulation(size) {
  const child = spawn("python3", [holdSockets, ...populationArgs(size)], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.once("exit", (code, sig) => reject(new Error(`hold-sockets.py exited (${code ?? sig}) before READY`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c) => {
      text += c;
      if (!text.includes("READY\n")) return;
      child.removeAllListeners("exit");
      resolve(() => {
        child.stdin.end();
        child.kill("SIGTERM");
      });
    });
  });
}

/**
 * Inside the population's own namespaces (see the top of this file): time the matrix and write the
 * medians as JSON to `out`.
 */
async function inner(opts) {
  checkOwnNamespaces();
  execFileSync("ip", ["link", "set", "lo", "up"]);
  const stop = await holdPopulation(opts.size);
  try {
    const res = { size: opts.size, cases: {}, rss: {}, floor: null, rows: null, processes: 0 };
    res.processes = readdirSync("/proc").filter((p) => /^\d+$/.test(p)).length;
    const cmds = liveCommands(tsnetstat, { flags: FLAGS, lsof: opts.lsof });
    cmds.push({ name: "cat tables", argv: ["cat", "/proc/net/tcp", "/proc/net/tcp6"] });
    cmds.push({ name: "fd walk", argv: ["python3", "-c", WALK_PY] });
    for (const m of alternate(cmds, opts.runs, true)) res.cases[m.name] = m.median;
    res.floor = res.cases["cat tables"] + res.cases["fd walk"];
    for (const flags of ["-tan", "-tanp"]) res.rss[`tsnetstat ${flags}`] = peakRss([...tsnetstat, flags]);
    res.rss["netstat -tanp"] = peakRss(["netstat", "-tanp"]);
    res.rss["ss -tanp"] = peakRss(["ss", "-tanp"]);
    // -tlnp: listeners only; the filter comes before owners, so this must cost well under -tanp
    const l = alternate([{ name: "tsnetstat -tlnp", argv: [...tsnetstat, "-tlnp"] }], opts.runs, false);
    res.cases["tsnetstat -tlnp"] = l[0].median;
    if (opts.lsof) {
      // what the lsof comparison listed: TCP sockets with their owners, one line each (plus a title)
      res.rows = {
        "tsnetstat -tanp": countLines([...tsnetstat, "-tanp"]),
        "tsnetstat --source lsof -tanp": countLines([...tsnetstat, "--source", "lsof", "-tanp"]),
        "lsof -nP -iTCP": countLines(["lsof", "-nP", "-iTCP"]),
      };
    }
    writeFileSync(opts.out, JSON.stringify(res));
  } finally {
    stop();
  }
  process.stderr.write("\n");
}

/** Start-up on a quiet namespace: tsnetstat -tulpna against `node -e 0` (and netstat for scale). */
function innerQuiet(opts) {
  const cmds = [
    { name: "node -e 0", argv: [process.execPath, "-e", "0"] },
    { name: "tsnetstat -tulpna", argv: [...tsnetstat, "-tulpna"] },
    { name: "netstat -tulpna", argv: ["netstat", "-tulpna"] },
    { name: "ss -tulpna", argv: ["ss", "-tulpna"] },
  ];
  const res = { cases: {} };
  for (const m of alternate(cmds, opts.runs, true)) res.cases[m.name] = m.median;
  res.rss = { "tsnetstat -tulpna": peakRss([...tsnetstat, "-tulpna"]), "node -e 0": peakRss([process.execPath, "-e", "0"]) };
  writeFileSync(opts.out, JSON.stringify(res));
  process.stderr.write("\n");
}


/**
 * The audit's TCP connect scan against `nmap -sT -p- -n` on the same addresses (issue 9), inside
 * the bench's own namespace only: it refuses to run anywhere else. IPv4 and IPv6 are separate
 * commands because nmap takes one family per run.
 */
function innerScan(opts) {
  const here = execFileSync("ip", ["netns", "identify", String(process.pid)], { encoding: "utf8" }).trim();
  if (here === "" || here !== opts.ns) throw new Error(`bench: the scan runs only inside its own namespace ${opts.ns} (here: '${here}')`);
  const v4 = SCAN_V4.join(",");
  const cmds = [
    { name: "tsnetstat v4", argv: [...tsnetstat, "--audit", "--json", "-t", "-4", "--scan-addresses", v4], env: NO_LSOF },
    { name: "nmap v4", argv: ["nmap", "-sT", "-p-", "-n", ...SCAN_V4] },
    { name: "tsnetstat v6", argv: [...tsnetstat, "--audit", "--json", "-t", "-6", "--scan-addresses", "::1"], env: NO_LSOF },
    { name: "nmap v6", argv: ["nmap", "-6", "-sT", "-p-", "-n", "::1"] },
    // the UDP scan (issue 15) against nmap -sU at -T4, the timing the issue measured
    { name: "tsnetstat udp v4", argv: [...tsnetstat, "--audit", "--json", "-u", "-4", "--scan-addresses", v4], env: NO_LSOF },
    { name: "nmap udp v4", argv: ["nmap", "-sU", "-p-", "-n", "-T4", ...SCAN_V4] },
    { name: "tsnetstat udp v6", argv: [...tsnetstat, "--audit", "--json", "-u", "-6", "--scan-addresses", "::1"], env: NO_LSOF },
    { name: "nmap udp v6", argv: ["nmap", "-6", "-sU", "-p-", "-n", "-T4", "::1"] },
  ];
  const res = { cases: {}, same: null };
  for (const m of alternate(cmds, opts.runs, true)) res.cases[m.name] = m.median;
  // the open ports of both, once more, from their output
  const ours = [];
  for (const fam of [["-4", "--scan-addresses", v4], ["-6", "--scan-addresses", "::1"]]) {
    const r = spawnSync(tsnetstat[0], [...tsnetstat.slice(1), "--audit", "--json", "-t", ...fam], { encoding: "utf8", env: NO_LSOF });
    for (const o of JSON.parse(r.stdout).scan.open) ours.push(`${o.address} ${o.port}`);
  }
  const theirs = [];
  for (const args of [SCAN_V4, ["-6", "::1"]]) {
    const out = execFileSync("nmap", ["-sT", "-p-", "-n", "-oG", "-", ...args], { encoding: "utf8" });
    for (const line of out.split("\n")) {
      const m = /^Host: (\S+) .*Ports: (.*)$/.exec(line);
      if (m) for (const p of m[2].split(", ")) if (p.split("/")[1] === "open") theirs.push(`${m[1]} ${p.split("/")[0]}`);
    }
  }
  res.same = JSON.stringify(ours.sort()) === JSON.stringify(theirs.sort());
  res.open = ours.length;
  // UDP: the ports that did not answer "port unreachable", against nmap's open and open|filtered
  const oursUdp = [];
  for (const fam of [["-4", "--scan-addresses", v4], ["-6", "--scan-addresses", "::1"]]) {
    const r = spawnSync(tsnetstat[0], [...tsnetstat.slice(1), "--audit", "--json", "-u", ...fam], { encoding: "utf8", env: NO_LSOF });
    for (const o of JSON.parse(r.stdout).views[0].open) oursUdp.push(`${o.address} ${o.port}`);
  }
  const theirsUdp = [];
  for (const args of [SCAN_V4, ["-6", "::1"]]) {
    const out = execFileSync("nmap", ["-sU", "-p-", "-n", "-T4", "-oG", "-", ...args], { encoding: "utf8" });
    for (const line of out.split("\n")) {
      const m = /^Host: (\S+) .*Ports: (.*?)(\tIgnored.*)?$/.exec(line);
      if (m) for (const p of m[2].split(", ")) if (["open", "open|filtered"].includes(p.split("/")[1])) theirsUdp.push(`${m[1]} ${p.split("/")[0]}`);
    }
  }
  res.sameUdp = JSON.stringify(oursUdp.sort()) === JSON.stringify(theirsUdp.sort());
  res.openUdp = oursUdp.length;
  writeFileSync(opts.out, JSON.stringify(res));
  process.stderr.write("\n");
}

/** The audit's lsof view walks every process of the host: it is not part of the scan being compared. */
const NO_LSOF = { ...process.env, PATH: "/nonexistent" };

/** The addresses the scan bench probes: the loopback and a veth interface's, inside its namespace. */
const SCAN_V4 = ["127.0.0.1", "10.99.0.1"];
const SCAN_PORTS = [22, 80, 3306, 8080, 40000, 65535];

/** A namespace of the bench's own (tsa-bench-<pid>) with listeners on SCAN_V4 and ::1; always removed. */
function scanBench(runs) {
  const ns = `tsa-bench-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), "tsnetstat-bench-"));
  const out = join(dir, "result.json");
  const ip = (...a) => execFileSync("ip", a, { stdio: ["ignore", "ignore", "inherit"] });
  let holder = null;
  try {
    ip("netns", "add", ns);
    ip("-n", ns, "link", "set", "lo", "up");
    // an interface address of the namespace's own (no dummy module everywhere: a veth pair inside it)
    ip("-n", ns, "link", "add", "tsab0", "type", "veth", "peer", "name", "tsab1");
    ip("-n", ns, "addr", "add", "10.99.0.1/24", "dev", "tsab0");
    ip("-n", ns, "link", "set", "tsab0", "up");
    ip("-n", ns, "link", "set", "tsab1", "up");
    const py =
      "import socket,sys,time\nkeep=[]\nfor a in sys.argv[1].split(','):\n for p in map(int,sys.argv[2].split(',')):\n" +
      "  s=socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET); s.bind((a,p)); s.listen(4096); keep.append(s)\n" +
      "  u=socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM); u.bind((a,p)); keep.append(u)\n" +
      "print('ok',flush=True)\nsys.stdin.read()\n";
    holder = spawn("ip", ["netns", "exec", ns, "python3", "-c", py, [...SCAN_V4, "::1"].join(","), SCAN_PORTS.join(",")], { stdio: ["pipe", "pipe", "inherit"] });
    const ready = spawnSync("sh", ["-c", `for i in $(seq 50); do ip netns exec ${ns} ss -Htln | grep -q ':65535 ' && exit 0; sleep 0.1; done; exit 1`]);
    if (ready.status !== 0) throw new Error("bench: the scan namespace's listeners did not start");
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync("ip", ["netns", "exec", ns, process.execPath, self, "--inner", "scan", "--ns", ns, "--runs", String(runs), "--out", out], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0) throw new Error(`bench: scan run failed (${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    holder?.kill("SIGKILL");
    spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- outside

function inNamespace(spec, args) {
  const dir = mkdtempSync(join(tmpdir(), "tsnetstat-bench-"));
  const out = join(dir, "result.json");
  try {
    const self = fileURLToPath(import.meta.url);
    const cmd = `exec ip netns exec "$BENCH_NS" "$0" "$@"`;
    const r = spawnSync(harness, [spec, "--", "bash", "-c", cmd, process.execPath, self, ...args, "--out", out], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0) throw new Error(`netns-bench.sh failed (${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One live population: this script again (--inner live) as the first process of new network, pid and
 * mount namespaces (--mount-proc: a /proc of that pid namespace). --kill-child: if the bench is
 * interrupted, unshare's death kills that first process, and with it the namespace's every process.
 */
function inPopulation(size, runs, lsof) {
  const dir = mkdtempSync(join(tmpdir(), "tsnetstat-bench-"));
  const out = join(dir, "result.json");
  try {
    const self = fileURLToPath(import.meta.url);
    const args = ["--inner", "live", "--size", String(size), "--runs", String(runs), "--out", out, ...(lsof ? [] : ["--no-lsof"])];
    const r = spawnSync("unshare", ["--net", "--pid", "--fork", "--mount-proc", "--kill-child", process.execPath, self, ...args], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0) throw new Error(`bench: live run at ${size} sockets failed (${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function synthetic(sizes, runs) {
  const base = mkdtempSync(join(tmpdir(), "tsnetstat-synth-"));
  try {
    const trees = sizes.map((n) => {
      process.stderr.write(`synthetic /proc with ${n} sockets…\n`);
      return synthProc({ dir: join(base, String(n)), sockets: n, procs: 0, listen: 100, udp: 50, unix: 50 });
    });
    const cmds = [];
    for (const t of trees) {
      for (const flags of ["-tan", "-tanp"]) {
        cmds.push({ name: `${t.sockets} ${flags}`, argv: [...tsnetstat, "--proc-root", t.dir, flags] });
      }
    }
    const res = { cases: {}, rss: {} };
    for (const m of alternate(cmds, runs, true)) res.cases[m.name] = m.median;
    process.stderr.write("\n");
    for (const t of trees) res.rss[`${t.sockets} -tanp`] = peakRss([...tsnetstat, "--proc-root", t.dir, "-tanp"]);
    return res;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function machine() {
  const sh = (c) => {
    try {
      return execFileSync("sh", ["-c", c], { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "?",
    kernel: sh("uname -sr"),
    node: process.version,
    netstat: sh("netstat -V 2>&1 | head -1"),
    ss: sh("ss -V 2>&1 | head -1"),
    lsof: sh("lsof -v 2>&1 | sed -n 's/^ *revision: *//p' | head -1"),
    nmap: sh("nmap -V 2>&1 | head -1 | sed 's/ ( .*//'"),
    load: loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
  };
}

const fmtMet = (ok) => (ok ? "met" : "**not met**");

function report(m, quiet, live, synth, { full, netnsApart, incomplete = null }, netns = null, scan = null) {
  const lines = [];
  const p = (s = "") => lines.push(s);
  p("# tsnetstat benchmark results");
  p();
  if (incomplete !== null) {
    p(`**Incomplete**: written after ${incomplete}; the run had not finished (or was stopped) then.`);
    p();
  }
  p(`${full ? "Last full run" : "Run"} of \`${m.command ?? "npm run bench"}\`: ${m.date}; ${m.cpus} × ${m.cpu}; ${m.kernel}; Node ${m.node};`);
  p(`${m.netstat}; ${m.ss}; lsof ${m.lsof}; ${m.nmap}. Load average (1, 5, 15 min) at the start ${m.loadStart ?? "?"}, at the end ${m.load}.`);
  p("Medians of alternating runs; ratios are tsnetstat ÷ the other command in the same run.");
  if (m.runs) {
    const r = m.runs;
    const runs = (n) => (n === 0 ? "not run" : `${n} run${n === 1 ? "" : "s"}`);
    const sizes = r.sizes.map((n, i) => `${n.toLocaleString("en")} (${runs(r.liveRuns[i])})`).join(", ");
    p(`Live populations: ${sizes || "none"}; start-up ${runs(r.quietRuns)}; scan ${runs(r.scanRuns)}; synthetic trees ${runs(r.synthRuns)}.`);
    p(`The whole run took ${m.minutes.toFixed(1)} minutes.`);
  }
  if (netnsApart) {
    p("The `--netns` section (100 namespaces × 1,000 sockets) is a separate, longer run: `npm run bench -- --netns-only`");
    p("(bench/RESULTS-netns.md), or `npm run bench -- --netns` to add it here.");
  }
  p();
  const targets = [];
  const big = live.find((r) => r.size === 200_000);
  if (big) {
    const c = big.cases;
    const tanp = c["tsnetstat -tanp"];
    targets.push(["1. `-tanp` at 200,000 ÷ `netstat -tanp` (≤ 0.2)", tanp / c["netstat -tanp"], tanp / c["netstat -tanp"] <= 0.2]);
    targets.push(["1. `-tanp` at 200,000 ÷ `ss -tanp` (≤ 0.2)", tanp / c["ss -tanp"], tanp / c["ss -tanp"] <= 0.2]);
    targets.push(["1. stretch: `-tanp` ÷ floor (cat tables + readlink every fd) (≤ 1.5)", tanp / big.floor, tanp / big.floor <= 1.5]);
    targets.push(["2. `-tan` at 200,000 ÷ `netstat -tan` (≤ 1.0)", c["tsnetstat -tan"] / c["netstat -tan"], c["tsnetstat -tan"] <= c["netstat -tan"]]);
    targets.push(["2. stretch: `-tan` ÷ `ss -tan` (≤ 1.0)", c["tsnetstat -tan"] / c["ss -tan"], c["tsnetstat -tan"] <= c["ss -tan"]]);
  }
  if (quiet) {
    const r = quiet.cases["tsnetstat -tulpna"] / quiet.cases["node -e 0"];
    targets.push(["3. `-tulpna` on a quiet host ÷ `node -e 0` (≤ 1.3)", r, r <= 1.3]);
  }
  if (big) {
    const rss = big.rss["tsnetstat -tanp"];
    targets.push([`4. peak RSS of \`-tanp\` at 200,000: ${rss.toFixed(0)} MB (≤ 250 MB)`, NaN, rss <= 250]);
    const l = big.cases["tsnetstat -tlnp"] / big.cases["tsnetstat -tanp"];
    targets.push(["5. `-tlnp` ÷ `-tanp` at 200,000 (listeners only: must not pay for 200,000 owners)", l, l < 1]);
  }
  if (synth && synth.cases["1000000 -tanp"] !== undefined) {
    const r = synth.cases["1000000 -tanp"] / synth.cases["200000 -tanp"];
    targets.push(["4. synthetic 1,000,000 ÷ 200,000 sockets, `-tanp` (≤ 6)", r, r <= 6]);
    const r2 = synth.cases["1000000 -tan"] / synth.cases["200000 -tan"];
    targets.push(["4. synthetic 1,000,000 ÷ 200,000 sockets, `-tan` (≤ 6)", r2, r2 <= 6]);
  }
  if (netns) {
    const r = netns.cases["A -tanp --netns all"] / netns.cases["B -tanp --netns all"];
    targets.push([`11. \`-tanp --netns all\`: ${netns.spaces} namespaces × ${netns.perSpace} sockets ÷ the same sockets in one (≤ 1.5)`, r, r <= 1.5]);
  }
  if (scan) {
    const r4 = scan.cases["tsnetstat v4"] / scan.cases["nmap v4"];
    const r6 = scan.cases["tsnetstat v6"] / scan.cases["nmap v6"];
    targets.push([`9. \`--audit\` scan ÷ \`nmap -sT -p- -n\`, ${SCAN_V4.join(" + ")} (≤ 1.0)`, r4, r4 <= 1]);
    targets.push(["9. `--audit` scan ÷ `nmap -6 -sT -p- -n`, ::1 (≤ 1.0)", r6, r6 <= 1]);
    targets.push([`9. the same open ports as nmap (${scan.open} open)`, NaN, scan.same === true]);
    const u4 = scan.cases["tsnetstat udp v4"] / scan.cases["nmap udp v4"];
    const u6 = scan.cases["tsnetstat udp v6"] / scan.cases["nmap udp v6"];
    targets.push([`15. \`--audit -u\` UDP scan ÷ \`nmap -sU -p- -n -T4\`, ${SCAN_V4.join(" + ")} (≤ 1.0)`, u4, u4 <= 1]);
    targets.push(["15. `--audit -u` UDP scan ÷ `nmap -6 -sU -p- -n -T4`, ::1 (≤ 1.0)", u6, u6 <= 1]);
    targets.push([`15. the same open or silent UDP ports as nmap (${scan.openUdp})`, NaN, scan.sameUdp === true]);
  }
  p("## Targets (issues 4, 9, 11 and 15)");
  p();
  if (!big && live.length > 0) {
    const largest = Math.max(...live.map((r) => r.size));
    p(`Targets 1, 2, 4 (RSS) and 5 are set at 200,000 live sockets: not judged here (largest population ${largest.toLocaleString("en")}).`);
    p();
  }
  p("| target | ratio | |");
  p("|---|---:|---|");
  for (const [name, r, ok] of targets) p(`| ${name} | ${fmtRatio(r)} | ${fmtMet(ok)} |`);
  p();
  if (live.length > 0) {
    p("## Live sockets (ratios to netstat and ss)");
    p();
    p("Each population is ../shared/bench/hold-sockets.py in a network and a pid namespace of its own (`unshare --net --pid");
    p("--mount-proc`): netstat -p, ss -p, lsof and tsnetstat walk only its processes and the bench's (" + live.map((r) => `${r.processes ?? "?"} processes at ${r.size.toLocaleString("en")}`).join(", ") + "),");
    p("not whatever else runs on the machine.");
    p();
    p("| sockets | flags | ÷ netstat | ÷ ss | tsnetstat (s) | netstat (s) | ss (s) |");
    p("|---:|---|---:|---:|---:|---:|---:|");
    for (const r of live) {
      for (const flags of FLAGS) {
        const t = r.cases[`tsnetstat ${flags}`];
        const n = r.cases[`netstat ${flags}`];
        const s = r.cases[`ss ${flags}`];
        p(`| ${r.size.toLocaleString("en")} | \`${flags}\` | ${fmtRatio(t / n)} | ${fmtRatio(t / s)} | ${t.toFixed(3)} | ${n.toFixed(3)} | ${s.toFixed(3)} |`);
      }
    }
    p();
    p("Seconds are medians from this run only, for scale: compare ratios, not times, between runs.");
    p();
  }
  if (live.length > 0) {
    p("| sockets | `-tanp` ÷ floor | floor: cat tables + readlink every fd (s) | `-tlnp` ÷ `-tanp` | peak RSS `-tan` / `-tanp` (MB) | netstat / ss `-tanp` RSS (MB) |");
    p("|---:|---:|---:|---:|---:|---:|");
    for (const r of live) {
      const c = r.cases;
      p(
        `| ${r.size.toLocaleString("en")} | ${fmtRatio(c["tsnetstat -tanp"] / r.floor)} | ${r.floor.toFixed(3)} | ` +
          `${fmtRatio(c["tsnetstat -tlnp"] / c["tsnetstat -tanp"])} | ${r.rss["tsnetstat -tan"].toFixed(0)} / ${r.rss["tsnetstat -tanp"].toFixed(0)} | ` +
          `${r.rss["netstat -tanp"].toFixed(0)} / ${r.rss["ss -tanp"].toFixed(0)} |`,
      );
    }
    p();
  }
  const withLsof = live.filter((r) => r.cases["lsof -nP -i"] !== undefined);
  if (withLsof.length > 0) {
    p("## Live sockets against lsof");
    p();
    p("The same populations, in the same alternating runs as above: lsof runs inside the population's pid namespace, so it");
    p("and `tsnetstat --source lsof` (which runs a plain `lsof -n -P -w -i -U -F …` and parses it) see only its processes.");
    p();
    p("| sockets | tsnetstat | ÷ `lsof -nP -i` | ÷ `lsof -nP -iTCP` | tsnetstat (s) | `lsof -nP -i` (s) | `lsof -nP -iTCP` (s) |");
    p("|---:|---|---:|---:|---:|---:|---:|");
    for (const r of withLsof) {
      for (const x of lsofRatios(r.cases)) {
        p(
          `| ${r.size.toLocaleString("en")} | \`${x.name}\` | ${fmtRatio(x.byI)} | ${fmtRatio(x.byTcp)} | ${x.seconds.toFixed(3)} | ` +
            `${r.cases["lsof -nP -i"].toFixed(3)} | ${r.cases["lsof -nP -iTCP"].toFixed(3)} |`,
        );
      }
    }
    p();
    if (withLsof.some((r) => r.rows)) {
      p("What each listed, once more after the timed runs (lines on stdout, titles included; lines on stderr):");
      p();
      p("| sockets | `tsnetstat -tanp` | `tsnetstat --source lsof -tanp` | `lsof -nP -iTCP` |");
      p("|---:|---:|---:|---:|");
      for (const r of withLsof) {
        if (!r.rows) continue;
        const f = (k) => `${r.rows[k].stdout.toLocaleString("en")}${r.rows[k].stderr > 0 ? ` (+${r.rows[k].stderr.toLocaleString("en")} on stderr)` : ""}`;
        p(`| ${r.size.toLocaleString("en")} | ${f("tsnetstat -tanp")} | ${f("tsnetstat --source lsof -tanp")} | ${f("lsof -nP -iTCP")} |`);
      }
      p();
    }
  }
  if (quiet) {
    p("## Quiet host (start-up)");
    p();
    const q = quiet.cases;
    p("| command | ÷ `node -e 0` | median (s) |");
    p("|---|---:|---:|");
    for (const k of Object.keys(q)) p(`| \`${k}\` | ${fmtRatio(q[k] / q["node -e 0"])} | ${q[k].toFixed(4)} |`);
    p();
    p(`Peak RSS: tsnetstat -tulpna ${quiet.rss["tsnetstat -tulpna"].toFixed(0)} MB, node -e 0 ${quiet.rss["node -e 0"].toFixed(0)} MB.`);
    p();
  }
  if (scan) {
    p("## Audit scan against nmap (issue 9)");
    p();
    p("Whole commands in the bench's own namespace: `tsnetstat --audit --json -4|-6 --scan-addresses …` (start-up,");
    p("table reads and judgement included) against `nmap -sT -p- -n` on the same addresses, 65,535 ports each.");
    p();
    p("| addresses | tsnetstat (s) | nmap (s) | ratio |");
    p("|---|---:|---:|---:|");
    for (const [label, k] of [[SCAN_V4.join(", "), "v4"], ["::1", "v6"]]) {
      const t = scan.cases[`tsnetstat ${k}`];
      const n = scan.cases[`nmap ${k}`];
      p(`| ${label} | ${t.toFixed(2)} | ${n.toFixed(2)} | ${fmtRatio(t / n)} |`);
    }
    p();
    p("The UDP scan (issue 15): `tsnetstat --audit --json -u -4|-6 --scan-addresses …` against");
    p("`nmap -sU -p- -n -T4` on the same addresses (each holding a bound UDP socket on the listeners' ports).");
    p();
    p("| addresses | tsnetstat (s) | nmap (s) | ratio |");
    p("|---|---:|---:|---:|");
    for (const [label, k] of [[SCAN_V4.join(", "), "udp v4"], ["::1", "udp v6"]]) {
      const t = scan.cases[`tsnetstat ${k}`];
      const n = scan.cases[`nmap ${k}`];
      p(`| ${label} | ${t.toFixed(2)} | ${n.toFixed(2)} | ${fmtRatio(t / n)} |`);
    }
    p();
  }
  if (synth) {
    p("## Synthetic /proc trees (`--proc-root`, bench/synth-proc.mjs)");
    p();
    p("| sockets | `-tan` ÷ 200,000 `-tan` | `-tanp` ÷ 200,000 `-tanp` | `-tan` (s) | `-tanp` (s) | peak RSS `-tanp` (MB) |");
    p("|---:|---:|---:|---:|---:|---:|");
    for (const n of [200_000, 1_000_000]) {
      const a = synth.cases[`${n} -tan`];
      const b = synth.cases[`${n} -tanp`];
      if (a === undefined) continue;
      p(
        `| ${n.toLocaleString("en")} | ${fmtRatio(a / synth.cases["200000 -tan"])} | ${fmtRatio(b / synth.cases["200000 -tanp"])} | ` +
          `${a.toFixed(3)} | ${b.toFixed(3)} | ${synth.rss[`${n} -tanp`].toFixed(0)} |`,
      );
    }
    p();
  }
  if (netns) {
    const c = netns.cases;
    p("## Network namespaces (`--netns all`, bench/netns.mjs)");
    p();
    p(`A: ${netns.spaces} namespaces × ${netns.perSpace} loopback TCP sockets, one process in each (${netns.rows.A} rows listed); B: one namespace`);
    p(`with the same ${(netns.spaces * netns.perSpace).toLocaleString("en")} sockets over ${netns.spaces} processes (${netns.rows.B} rows). Run in a private pid namespace, so that`);
    p("`--netns all` sees only these namespaces (and its own).");
    if (netns.ownHash) p("`--own-hash`: each namespace made with a TCP hash of its own (net.ipv4.tcp_child_ehash_entries = 4096 in their parent).");
    else p("Namespaces share the kernel's one TCP hash (the default: net.ipv4.tcp_child_ehash_entries = 0).");
    p();
    p("| flags | A ÷ B (`--netns all`) | A ÷ B (plain, inside B's namespace) | A (s) | B `--netns all` (s) | B inside (s) |");
    p("|---|---:|---:|---:|---:|---:|");
    for (const f of ["-tanp", "-tan"]) {
      const a = c[`A ${f} --netns all`];
      const b = c[`B ${f} --netns all`];
      const i = c[`B ${f} inside`];
      p(`| \`${f}\` | ${fmtRatio(a / b)} | ${fmtRatio(a / i)} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${i.toFixed(3)} |`);
    }
    p();
    const one = (f) => c[`A ${f} one thread`];
    if (one("-tan") !== undefined) {
      p(
        `On one thread (TSNETSTAT_DEBUG=no-threads), A takes ${one("-tanp").toFixed(3)} s for \`-tanp\` (${fmtRatio(one("-tanp") / c["B -tanp --netns all"])} B) ` +
          `and ${one("-tan").toFixed(3)} s for \`-tan\` (${fmtRatio(one("-tan") / c["B -tan --netns all"])} B).`,
      );
    }
    if (netns.hostTcp !== null && netns.hostTcp !== undefined) {
      p(`TCP sockets on the whole host during A (sockstat alloc, other work's included): ${netns.hostTcp.toLocaleString("en")}.`);
    }
    p();
    if (c["A ss -tan each"] !== undefined) {
      p("The same 100 namespaces the way the peers list them, one run per namespace (`ip -all netns exec ss -tanp`, and");
      p(`\`netstat\`; ${netns.ownHash ? "" : "each also walks the shared hash once per namespace; "}with \`-p\` one run each, the peers walking every`);
      p("process's descriptors once per namespace):");
      p();
      p("| flags | tsnetstat `--netns all` (s) | `ss` in each (s) | tsnetstat ÷ ss | `netstat` in each (s) | tsnetstat ÷ netstat |");
      p("|---|---:|---:|---:|---:|---:|");
      for (const f of ["-tanp", "-tan"]) {
        const a = c[`A ${f} --netns all${f === "-tanp" ? ", beside the peers" : ""}`] ?? c[`A ${f} --netns all`];
        const s = c[`A ss ${f} each`];
        const n = c[`A netstat ${f} each`];
        p(`| \`${f}\` | ${a.toFixed(3)} | ${s.toFixed(3)} | ${fmtRatio(a / s)} | ${n.toFixed(3)} | ${fmtRatio(a / n)} |`);
      }
      p();
    }
    const ca = c["A cat tables"];
    const cb = c["B cat tables"];
    p(`The kernel's share: reading every namespace's tcp, tcp6, udp and udp6 once (python) takes ${ca.toFixed(3)} s for A and`);
    if (netns.ownHash) {
      p(`${cb.toFixed(3)} s for B (${fmtRatio(ca / cb)}).`);
    } else {
      p(`${cb.toFixed(3)} s for B (${fmtRatio(ca / cb)}): the kernel lists one namespace's TCP sockets by walking the established hash all`);
      p("namespaces share, so each namespace's read costs as much as all the host's sockets. tsnetstat skips the tables a");
      p("namespace's sockstat says are empty and reads the namespaces on two threads; the rest of that cost no reader of /proc");
      p("(or sock_diag, which walks the same hash) avoids. `--own-hash` measures the same with a TCP hash per namespace.");
    }
    p();
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.inner === "live") return inner({ size: o.size, runs: o.runs, lsof: o.lsof, out: o.out });
  if (o.inner === "quiet") return innerQuiet({ runs: o.runs, out: o.out });
  if (o.inner === "scan") return innerScan({ ns: o.ns, runs: o.runs, out: o.out });
  if (o.inner === "netns") {
    const res = await innerNetns({ here, tsnetstat, alternate, tag: o.tag ?? process.pid, spaces: o.spaces, perSpace: o.per, runs: o.runs, ownHash: o.ownHash });
    writeFileSync(o.out, JSON.stringify(res));
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const runNetns = (n) => {
    if (!isRoot) {
      process.stderr.write("bench: the --netns runs need root; skipped\n");
      return null;
    }
    return netnsBench({ self: fileURLToPath(import.meta.url), spaces: n.spaces, perSpace: n.perSpace, runs: n.runs, ownHash: o.ownHash });
  };
  if (o.netnsOnly) {
    const n = plan({ ...o, netns: true }).netns;
    process.stdout.write(`${report(machine(), null, [], null, { full: false, netnsApart: false }, runNetns(n))}\n`);
    return;
  }

  const pl = plan(o);
  const started = Date.now();
  const loadStart = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const live = [];
  let quiet = null;
  let scan = null;
  let synth = null;
  let netns = null;
  // With a results file to write, it is written after every part (marked incomplete until the end):
  // a run stopped for lack of time keeps what it measured.
  const emit = (doneWith) => {
    const m = machine();
    m.minutes = (Date.now() - started) / 60_000;
    m.loadStart = loadStart;
    m.command = ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" ");
    m.runs = { sizes: pl.sizes, liveRuns: pl.liveRuns, quietRuns: pl.quietRuns, scanRuns: pl.scanRuns, synthRuns: pl.synthSizes.length > 0 ? pl.synthRuns : 0 };
    const text = report(m, quiet, live, synth, { full: pl.full, netnsApart: pl.netns === null, incomplete: doneWith }, netns, scan);
    if (doneWith === null) process.stdout.write(`${text}\n`);
    if (pl.write) {
      writeFileSync(join(here, "RESULTS.md"), `${text}\n`);
      if (doneWith === null) process.stderr.write("wrote bench/RESULTS.md\n");
    }
  };
  const part = (name, f) => {
    try {
      f();
    } catch (err) {
      // keep the other parts' results: they took minutes
      process.stderr.write(`bench: ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    emit(name);
  };
  const canLive = isRoot && existsSync(harness) && existsSync(holdSockets);
  if (!canLive) process.stderr.write(`bench: live runs need root, ${harness} and ${holdSockets}; running the synthetic part only\n`);
  const hasLsof = spawnSync("sh", ["-c", "command -v lsof"], { stdio: "ignore" }).status === 0;
  if (pl.lsof && !hasLsof) process.stderr.write("bench: lsof is not installed; the lsof comparison is skipped\n");
  // quiet and short parts first, the largest population last but for the synthetic trees
  if (canLive && pl.quietRuns > 0) {
    part("the start-up runs", () => {
      process.stderr.write("quiet namespace (start-up) ");
      quiet = inNamespace("--tcp 10 --listen 5 --udp 10 --unix 10", ["--inner", "quiet", "--runs", String(pl.quietRuns)]);
    });
  }
  const hasNmap = spawnSync("sh", ["-c", "command -v nmap"], { stdio: "ignore" }).status === 0;
  if (pl.scanRuns > 0 && isRoot && hasNmap) {
    part("the scan runs", () => {
      process.stderr.write("audit scan against nmap ");
      scan = scanBench(pl.scanRuns);
    });
  } else if (pl.scanRuns > 0) process.stderr.write("bench: the audit scan bench needs root and nmap; skipped\n");
  if (canLive) {
    pl.sizes.forEach((size, i) => {
      part(`the live run at ${size.toLocaleString("en")} sockets`, () => {
        process.stderr.write(`${size} sockets `);
        live.push(inPopulation(size, pl.liveRuns[i], pl.lsof && hasLsof));
      });
    });
  }
  if (pl.synthSizes.length > 0) {
    part("the synthetic runs", () => {
      synth = synthetic(pl.synthSizes, pl.synthRuns);
    });
  }
  if (pl.netns) {
    part("the --netns runs", () => {
      netns = runNetns(pl.netns);
    });
  }
  emit(null);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
