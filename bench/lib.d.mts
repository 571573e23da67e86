// Types of bench/lib.mjs for the tests that import it (test/unit/bench-lib.test.ts).

export function median(xs: readonly number[]): number;
export function fmtRatio(x: number): string;
export function populationArgs(size: number): string[];
export const DEFAULT_SIZES: readonly number[];
export const QUICK_SIZES: readonly number[];

export interface BenchOptions {
  quick: boolean;
  sizes: number[] | null;
  runs: number | null;
  synthetic: boolean;
  quiet: boolean;
  scan: boolean;
  lsof: boolean;
  netns: boolean;
  netnsOnly: boolean;
  ownHash: boolean;
  write: boolean;
  inner: string | null;
  out: string | null;
  size: number;
  spaces: number;
  per: number;
  ns: string | null;
  /** The outer bench's pid, naming the --netns runs' namespaces (inside their pid namespace every pid is 1). */
  tag: number | null;
}
export function parseOptions(argv: readonly string[]): BenchOptions;

export interface BenchPlan {
  full: boolean;
  write: boolean;
  sizes: number[];
  liveRuns: number[];
  quietRuns: number;
  scanRuns: number;
  synthSizes: number[];
  synthRuns: number;
  lsof: boolean;
  netns: { spaces: number; perSpace: number; runs: number } | null;
}
export function plan(o: BenchOptions): BenchPlan;

export interface BenchCommand {
  name: string;
  argv: string[];
}
export function liveCommands(tsnetstat: readonly string[], opts: { flags: readonly string[]; lsof: boolean }): BenchCommand[];
export const LSOF_CASES: readonly { name: string; tsnetstat: boolean; argv: string[] }[];
export function lsofRatios(cases: Record<string, number>): { name: string; seconds: number; byI: number; byTcp: number }[];
