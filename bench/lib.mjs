// Pure helpers of the bench (bench/run.mjs): no process, file or clock here, so that
// test/unit/bench-lib.test.ts can check them exactly.

/** Median of a list of numbers (NaN for none): the mean of the two middle values when the count is even. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** A ratio as the tables print it: two decimals and ×, or – when it is not a number. */
export const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");

/**
 * hold-sockets.py's arguments for a live population of `size` sockets: size/2 loopback TCP connections
 * (2 sockets each) over up to 100 listeners, plus a few UDP and UNIX sockets so that -tulpna and -xap
 * have rows. hold-sockets.py spreads them over more processes when one would run out of descriptors.
 */
export function populationArgs(size) {
  const listen = Math.max(2, Math.min(100, Math.round(size / 2000)));
  const small = Math.min(20, Math.round(size / 100));
  return ["--tcp", String(Math.round(size / 2)), "--listen", String(listen), "--udp", String(small), "--unix", String(small), "--procs", String(size >= 100_000 ? 8 : 2)];
}

export const DEFAULT_SIZES = [1_000, 10_000, 200_000];
export const QUICK_SIZES = [1_000, 10_000];

/** What the bench's command-line options mean. Throws on an unknown option or a missing value. */
export function parseOptions(argv) {
  const o = {
    quick: false, sizes: null, runs: null, synthetic: true, quiet: true, scan: true, lsof: true, netns: false, netnsOnly: false,
    ownHash: false, write: false, inner: null, out: null, size: 0, spaces: 100, per: 1000, ns: null, tag: null,
  };
  const value = (i) => {
    const v = argv[i];
    if (v === undefined) throw new Error(`bench: ${argv[i - 1]} needs a value`);
    return v;
  };
  const count = (i) => {
    const n = Number(value(i));
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench: ${argv[i - 1]} takes a whole number ≥ 1, not '${argv[i]}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") o.quick = true;
    else if (a === "--sizes") {
      o.sizes = value(++i).split(",").filter(Boolean).map(Number);
      if (o.sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`bench: --sizes takes socket counts like 1000,10000, not '${argv[i]}'`);
    } else if (a === "--runs") o.runs = count(++i);
    else if (a === "--no-synthetic") o.synthetic = false;
    else if (a === "--no-quiet") o.quiet = false;
    else if (a === "--no-scan") o.scan = false;
    else if (a === "--no-lsof") o.lsof = false;
    else if (a === "--netns") o.netns = true;
    else if (a === "--no-netns") o.netns = false;
    else if (a === "--netns-only") o.netnsOnly = true;
    else if (a === "--own-hash") o.ownHash = true;
    else if (a === "--write") o.write = true;
    else if (a === "--spaces") o.spaces = count(++i);
    else if (a === "--per") o.per = count(++i);
    else if (a === "--ns") o.ns = value(++i);
    else if (a === "--tag") o.tag = count(++i);
    else if (a === "--inner") o.inner = value(++i);
    else if (a === "--out") o.out = value(++i);
    else if (a === "--size") o.size = count(++i);
    else throw new Error(`bench: unknown argument ${a}`);
  }
  return o;
}

/**
 * The plan of an outer run: which parts run, with how many runs each, and whether it writes
 * bench/RESULTS.md (the full default run does; --write makes any other non-quick run write it too).
 */
export function plan(o) {
  const full = !o.quick && o.sizes === null && o.runs === null && o.synthetic && o.quiet && o.scan && o.lsof;
  const sizes = o.sizes ?? (o.quick ? QUICK_SIZES : DEFAULT_SIZES);
  return {
    full,
    write: full || (o.write && !o.quick),
    sizes,
    liveRuns: sizes.map((size) => o.runs ?? (o.quick ? 3 : size >= 100_000 ? 3 : 5)),
    quietRuns: o.quiet ? (o.runs ?? (o.quick ? 11 : 21)) : 0,
    scanRuns: o.scan ? (o.runs ?? (o.quick ? 1 : 3)) : 0,
    synthSizes: o.synthetic ? (o.quick ? [200_000] : [200_000, 1_000_000]) : [],
    synthRuns: o.runs ?? 3,
    lsof: o.lsof,
    netns: o.netns ? { spaces: o.quick ? 20 : o.spaces, perSpace: o.per, runs: o.runs ?? (o.quick ? 3 : 5) } : null,
  };
}

/** Every socket-listing command of a live population, in the order they alternate. */
export function liveCommands(tsnetstat, { flags, lsof }) {
  const cmds = [];
  for (const f of flags) {
    cmds.push({ name: `tsnetstat ${f}`, argv: [...tsnetstat, f] });
    cmds.push({ name: `netstat ${f}`, argv: ["netstat", f] });
    cmds.push({ name: `ss ${f}`, argv: ["ss", f] });
  }
  if (lsof) {
    for (const c of LSOF_CASES) cmds.push({ name: c.name, argv: c.tsnetstat ? [...tsnetstat, ...c.argv] : c.argv });
  }
  return cmds;
}

/** The lsof comparison: lsof itself, and the tsnetstat runs set beside it (-tanp is in the main matrix). */
export const LSOF_CASES = [
  { name: "tsnetstat -tanp --json", tsnetstat: true, argv: ["-tanp", "--json"] },
  { name: "tsnetstat --source lsof -tanp", tsnetstat: true, argv: ["--source", "lsof", "-tanp"] },
  { name: "lsof -nP -i", tsnetstat: false, argv: ["lsof", "-nP", "-i"] },
  { name: "lsof -nP -iTCP", tsnetstat: false, argv: ["lsof", "-nP", "-iTCP"] },
];

/** The rows of the lsof table: each tsnetstat command ÷ each lsof command of the same run. */
export function lsofRatios(cases) {
  const ours = ["tsnetstat -tanp", "tsnetstat -tanp --json", "tsnetstat --source lsof -tanp"];
  return ours.map((name) => ({ name, seconds: cases[name], byI: cases[name] / cases["lsof -nP -i"], byTcp: cases[name] / cases["lsof -nP -iTCP"] }));
}
