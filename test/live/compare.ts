// Comparing one tsnetstat run with one netstat run: exact, except for the seconds of a timer.
// Pure: results in, a list of human-readable differences out (empty when the runs agree).

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or null when the process was killed by a signal. */
  readonly status: number | null;
}

/** How a row compares stderr. */
export type StderrRule =
  /** byte for byte, except that each tool names itself at the start of its own messages */
  | { readonly kind: "exact" }
  /** netstat's stderr is not compared; tsnetstat's must be exactly this (an intended difference) */
  | { readonly kind: "tsnetstat"; readonly expected: string };

export interface CompareOptions {
  readonly stderr: StderrRule;
  /** Largest accepted difference, in seconds, between two timer values (the -o column). */
  readonly timerToleranceSeconds: number;
}

/** The -o column at the end of an Internet row: `off (0.00/0/0)`, `keepalive (7199.01/0/0)`, `on2 (…)`, `unkn-5 (…)`. */
const TIMER = /^(.* )([a-z]+(?:-?\d+)?) \((-?\d+\.\d\d)\/(-?\d+)\/(-?\d+)\)$/;

/**
 * True when two rows differ only in the seconds of their timer, by at most `tolerance`.
 * Timers count down in real time between the two runs, which cannot read /proc at the same instant.
 */
export function sameBarTimerSeconds(a: string, b: string, tolerance: number): boolean {
  const ma = TIMER.exec(a);
  const mb = TIMER.exec(b);
  if (ma === null || mb === null) return false;
  const [, prefixA, kindA, secA, retrA, probesA] = ma;
  const [, prefixB, kindB, secB, retrB, probesB] = mb;
  if (prefixA !== prefixB || kindA !== kindB || retrA !== retrB || probesA !== probesB) return false;
  return Math.abs(Number(secA) - Number(secB)) <= tolerance + 1e-9;
}

/** Lines that differ, shown as JSON strings so that trailing spaces are visible. */
export function diffLines(expected: string, actual: string, tolerance: number, limit = 12): string[] {
  const e = expected.split("\n");
  const a = actual.split("\n");
  const out: string[] = [];
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const le = e[i];
    const la = a[i];
    if (le === la) continue;
    if (le !== undefined && la !== undefined && sameBarTimerSeconds(le, la, tolerance)) continue;
    out.push(`line ${i + 1}:\n    netstat:   ${JSON.stringify(le ?? "<none>")}\n    tsnetstat: ${JSON.stringify(la ?? "<none>")}`);
  }
  if (e.length !== a.length) out.push(`netstat wrote ${e.length} lines, tsnetstat ${a.length}`);
  return out;
}

/** netstat calls itself "netstat" in its messages; tsnetstat calls itself "tsnetstat". */
export function ownNameAsNetstat(stderr: string): string {
  return stderr.replace(/^tsnetstat: /gm, "netstat: ");
}

/** Every difference between the netstat run and the tsnetstat run; empty when they agree. */
export function compareRuns(netstat: RunResult, tsnetstat: RunResult, opts: CompareOptions): string[] {
  const problems: string[] = [];
  if (netstat.status !== tsnetstat.status) {
    problems.push(`exit status: netstat ${String(netstat.status)}, tsnetstat ${String(tsnetstat.status)}`);
  }
  const out = diffLines(netstat.stdout, tsnetstat.stdout, opts.timerToleranceSeconds);
  if (out.length > 0) problems.push(`stdout differs:\n  ${out.join("\n  ")}`);
  if (opts.stderr.kind === "exact") {
    const err = diffLines(netstat.stderr, ownNameAsNetstat(tsnetstat.stderr), 0);
    if (err.length > 0) problems.push(`stderr differs:\n  ${err.join("\n  ")}`);
  } else if (tsnetstat.stderr !== opts.stderr.expected) {
    problems.push(
      `tsnetstat stderr: expected ${JSON.stringify(opts.stderr.expected)}, got ${JSON.stringify(tsnetstat.stderr)}`,
    );
  }
  return problems;
}
