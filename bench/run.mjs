#!/usr/bin/env node
// `npm run bench`: tsnetstat against net-tools netstat and iproute2 ss on the same sockets, in the
// same run, commands alternating, medians of several runs; prints ratios (never single times:
// the machine is shared and noisy). Needs root for the live part (network namespaces).
//
//   npm run bench                 full matrix: quiet host, 1,000 / 10,000 / 200,000 live sockets,
//                                 synthetic 200,000 / 1,000,000-socket /proc trees; writes bench/RESULTS.md
//   npm run bench -- --quick      quiet host, 1,000 and 10,000 live sockets, synthetic 200,000; no RESULTS.md
//   npm run bench -- --sizes 200000 --runs 5 --no-synthetic --no-quiet
//   npm run bench -- --netns-only [--spaces 100 --per 1000] [--own-hash]
//                                 only the --netns runs (bench/netns.mjs; --no-netns leaves them out)
//   npm run bench -- --sizes "" --no-synthetic --no-quiet      only the audit scan against nmap
//
// The audit scan (`tsnetstat --audit`, issue 9) is timed against `nmap -sT -p- -n` in a namespace of
// its own (tsa-bench-<pid>: loopback, ::1 and a veth address inside it); --no-scan leaves it out.
//
// The live populations come from ../shared/bench/netns-bench.sh (hold-sockets.py in a fresh network
// namespace); this script re-enters itself inside that namespace (--inner) so that every command is
// timed without the cost of `ip netns exec`.

import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { synthProc } from "./synth-proc.mjs";
import { innerNetns, netnsBench } from "./netns.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const harness = resolve(root, "../shared/bench/netns-bench.sh");
const tsnetstat = [process.execPath, join(root, "bin", "tsnetstat")];
const FLAGS = ["-tan", "-tanp", "-tulpna", "-xap"];

// ---------------------------------------------------------------- measuring

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

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

/** Time the matrix for the population around us; write the medians as JSON to `out`. */
function inner(opts) {
  const res = { size: opts.size, cases: {}, rss: {}, floor: null };
  const cmds = [];
  for (const flags of FLAGS) {
    cmds.push({ name: `tsnetstat ${flags}`, argv: [...tsnetstat, flags] });
    cmds.push({ name: `netstat ${flags}`, argv: ["netstat", flags] });
    cmds.push({ name: `ss ${flags}`, argv: ["ss", flags] });
  }
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
  writeFileSync(opts.out, JSON.stringify(res));
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

function populationSpec(size) {
  // size sockets: size/2 loopback TCP connections (2 sockets each) over up to 100 listeners, plus a
  // few UDP and UNIX sockets so that -tulpna and -xap have rows
  const listen = Math.max(2, Math.min(100, Math.round(size / 2000)));
  const small = Math.min(20, Math.round(size / 100));
  return `--tcp ${Math.round(size / 2)} --listen ${listen} --udp ${small} --unix ${small} --procs ${size >= 100_000 ? 8 : 2}`;
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
    load: loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
  };
}

const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");
const fmtMet = (ok) => (ok ? "met" : "**not met**");

function report(m, quiet, live, synth, full, netns = null, scan = null) {
  const lines = [];
  const p = (s = "") => lines.push(s);
  p("# tsnetstat benchmark results");
  p();
  p(`${full ? "Last full run" : "Quick run"} of \`npm run bench\`: ${m.date}; ${m.cpus} × ${m.cpu}; ${m.kernel}; Node ${m.node};`);
  p(`${m.netstat}; ${m.ss}; load average at the end ${m.load}. Medians of alternating runs; ratios are tsnetstat ÷ the`);
  p("other command in the same run.");
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
  p("| target | ratio | |");
  p("|---|---:|---|");
  for (const [name, r, ok] of targets) p(`| ${name} | ${fmtRatio(r)} | ${fmtMet(ok)} |`);
  p();
  if (live.length > 0) {
    p("## Live sockets (ratios to netstat and ss)");
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

function parse(argv) {
  const o = { quick: false, sizes: null, runs: null, synthetic: true, quiet: true, scan: true, netns: true, netnsOnly: false, ownHash: false, inner: null, out: null, size: 0, spaces: 100, per: 1000, ns: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") o.quick = true;
    else if (a === "--sizes") o.sizes = argv[++i].split(",").filter(Boolean).map(Number);
    else if (a === "--runs") o.runs = Number(argv[++i]);
    else if (a === "--no-synthetic") o.synthetic = false;
    else if (a === "--no-quiet") o.quiet = false;
    else if (a === "--no-netns") o.netns = false;
    else if (a === "--netns-only") o.netnsOnly = true;
    else if (a === "--own-hash") o.ownHash = true;
    else if (a === "--spaces") o.spaces = Number(argv[++i]);
    else if (a === "--per") o.per = Number(argv[++i]);
    else if (a === "--no-scan") o.scan = false;
    else if (a === "--ns") o.ns = argv[++i];
    else if (a === "--inner") o.inner = argv[++i];
    else if (a === "--out") o.out = argv[++i];
    else if (a === "--size") o.size = Number(argv[++i]);
    else throw new Error(`bench: unknown argument ${a}`);
  }
  return o;
}

function main() {
  const o = parse(process.argv.slice(2));
  if (o.inner === "live") return inner({ size: o.size, runs: o.runs, out: o.out });
  if (o.inner === "quiet") return innerQuiet({ runs: o.runs, out: o.out });
  if (o.inner === "scan") return innerScan({ ns: o.ns, runs: o.runs, out: o.out });
  if (o.inner === "netns") {
    return innerNetns({ here, tsnetstat, alternate, spaces: o.spaces, perSpace: o.per, runs: o.runs, ownHash: o.ownHash }).then((res) => writeFileSync(o.out, JSON.stringify(res)));
  }
  const canNetns = process.getuid?.() === 0;
  const runNetns = () => {
    if (!canNetns) {
      process.stderr.write("bench: the --netns runs need root; skipped\n");
      return null;
    }
    const spaces = o.quick ? 20 : o.spaces;
    return netnsBench({ self: fileURLToPath(import.meta.url), spaces, perSpace: o.per, runs: o.runs ?? (o.quick ? 3 : 5), ownHash: o.ownHash });
  };
  if (o.netnsOnly) {
    process.stdout.write(`${report(machine(), null, [], null, false, runNetns())}\n`);
    return;
  }

  const full = !o.quick && o.sizes === null && o.runs === null && o.synthetic && o.quiet && o.scan;
  const sizes = o.sizes ?? (o.quick ? [1_000, 10_000] : [1_000, 10_000, 200_000]);
  const runsFor = (size) => o.runs ?? (o.quick ? 3 : size >= 100_000 ? 3 : 5);
  const live = [];
  let quiet = null;
  const canLive = process.getuid?.() === 0 && existsSync(harness);
  if (!canLive) process.stderr.write(`bench: live runs need root and ${harness}; running the synthetic part only\n`);
  if (canLive && o.quiet) {
    process.stderr.write("quiet namespace (start-up) ");
    quiet = inNamespace("--tcp 10 --listen 5 --udp 10 --unix 10", ["--inner", "quiet", "--runs", String(o.runs ?? (o.quick ? 11 : 21))]);
  }
  if (canLive) {
    for (const size of sizes) {
      process.stderr.write(`${size} sockets `);
      live.push(inNamespace(populationSpec(size), ["--inner", "live", "--size", String(size), "--runs", String(runsFor(size))]));
    }
  }
  let scan = null;
  const hasNmap = spawnSync("sh", ["-c", "command -v nmap"], { stdio: "ignore" }).status === 0;
  if (o.scan && process.getuid?.() === 0 && hasNmap) {
    process.stderr.write("audit scan against nmap ");
    try {
      scan = scanBench(o.runs ?? (o.quick ? 1 : 3));
    } catch (err) {
      process.stderr.write(`bench: scan runs failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  } else if (o.scan) process.stderr.write("bench: the audit scan bench needs root and nmap; skipped\n");
  let synth = null;
  if (o.synthetic) {
    try {
      synth = synthetic(o.quick ? [200_000] : [200_000, 1_000_000], o.runs ?? 3);
    } catch (err) {
      // keep the live results: they took minutes
      process.stderr.write(`bench: synthetic runs failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  }
  let netns = null;
  if (o.netns) {
    try {
      netns = runNetns();
    } catch (err) {
      process.stderr.write(`bench: --netns runs failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  }
  const text = report(machine(), quiet, live, synth, full, netns, scan);
  process.stdout.write(`${text}\n`);
  if (full) {
    writeFileSync(join(here, "RESULTS.md"), `${text}\n`);
    process.stderr.write("wrote bench/RESULTS.md\n");
  }
}

main();
