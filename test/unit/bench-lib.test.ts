// bench/lib.mjs: the bench's options, its plan (what a run measures, how often, whether it writes
// bench/RESULTS.md), the commands a live population times, and the lsof ratios.

import { describe, expect, it } from "vitest";
import { fmtRatio, liveCommands, lsofRatios, median, parseOptions, plan, populationArgs } from "../../bench/lib.mjs";

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones, whatever the order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});

describe("fmtRatio", () => {
  it("prints two decimals and ×, and – for what is not a number", () => {
    expect(fmtRatio(0.123)).toBe("0.12×");
    expect(fmtRatio(17.126)).toBe("17.13×");
    expect(fmtRatio(NaN)).toBe("–");
    expect(fmtRatio(Infinity)).toBe("–");
  });
});

describe("populationArgs", () => {
  it("makes size/2 connections over a listener per 2,000 sockets (2 to 100), a few UDP and UNIX sockets", () => {
    expect(populationArgs(1_000)).toEqual(["--tcp", "500", "--listen", "2", "--udp", "10", "--unix", "10", "--procs", "2"]);
    expect(populationArgs(10_000)).toEqual(["--tcp", "5000", "--listen", "5", "--udp", "20", "--unix", "20", "--procs", "2"]);
    expect(populationArgs(200_000)).toEqual(["--tcp", "100000", "--listen", "100", "--udp", "20", "--unix", "20", "--procs", "8"]);
  });
});

describe("parseOptions and plan", () => {
  it("the default run is the full one: every part, 200,000 sockets, writes RESULTS.md, leaves --netns apart", () => {
    expect(plan(parseOptions([]))).toEqual({
      full: true,
      write: true,
      sizes: [1_000, 10_000, 200_000],
      liveRuns: [5, 5, 3],
      quietRuns: 21,
      scanRuns: 3,
      synthSizes: [200_000, 1_000_000],
      synthRuns: 3,
      lsof: true,
      netns: null,
    });
  });

  it("--quick stays small and never writes RESULTS.md, even with --write", () => {
    expect(plan(parseOptions(["--quick", "--write"]))).toEqual({
      full: false,
      write: false,
      sizes: [1_000, 10_000],
      liveRuns: [3, 3],
      quietRuns: 11,
      scanRuns: 1,
      synthSizes: [200_000],
      synthRuns: 3,
      lsof: true,
      netns: null,
    });
  });

  it("chosen sizes and runs are not the full run; --write still writes RESULTS.md", () => {
    const p = plan(parseOptions(["--sizes", "1000,100000", "--runs", "2", "--no-synthetic", "--write"]));
    expect([p.full, p.write, p.sizes, p.liveRuns, p.quietRuns, p.scanRuns, p.synthSizes]).toEqual([false, true, [1_000, 100_000], [2, 2], 2, 2, []]);
    expect(plan(parseOptions(["--sizes", "1000"])).write).toBe(false);
  });

  it("--no-lsof, --no-scan and --no-quiet leave their parts out and make the run not the full one", () => {
    const p = plan(parseOptions(["--no-lsof", "--no-scan", "--no-quiet"]));
    expect([p.full, p.lsof, p.scanRuns, p.quietRuns]).toEqual([false, false, 0, 0]);
  });

  it("--netns adds the namespaces runs (20 namespaces when quick)", () => {
    expect(plan(parseOptions(["--netns"])).netns).toEqual({ spaces: 100, perSpace: 1000, runs: 5 });
    expect(plan(parseOptions(["--netns", "--quick", "--per", "500"])).netns).toEqual({ spaces: 20, perSpace: 500, runs: 3 });
    expect(plan(parseOptions(["--netns", "--no-netns"])).netns).toBeNull();
  });

  it("refuses unknown options, missing values and counts that are not whole numbers", () => {
    expect(() => parseOptions(["--fast"])).toThrow("bench: unknown argument --fast");
    expect(() => parseOptions(["--runs"])).toThrow("bench: --runs needs a value");
    expect(() => parseOptions(["--runs", "0"])).toThrow("bench: --runs takes a whole number ≥ 1, not '0'");
    expect(() => parseOptions(["--sizes", "1k"])).toThrow("bench: --sizes takes socket counts like 1000,10000, not '1k'");
  });

  it("an empty --sizes runs no live population (the scan alone)", () => {
    expect(plan(parseOptions(["--sizes", "", "--no-synthetic", "--no-quiet"])).sizes).toEqual([]);
  });
});

describe("liveCommands", () => {
  const ts = ["node", "tsnetstat"];

  it("alternates tsnetstat, netstat and ss per flag set, then the lsof cases", () => {
    expect(liveCommands(ts, { flags: ["-tan", "-tanp"], lsof: true }).map((c) => [c.name, c.argv.join(" ")])).toEqual([
      ["tsnetstat -tan", "node tsnetstat -tan"],
      ["netstat -tan", "netstat -tan"],
      ["ss -tan", "ss -tan"],
      ["tsnetstat -tanp", "node tsnetstat -tanp"],
      ["netstat -tanp", "netstat -tanp"],
      ["ss -tanp", "ss -tanp"],
      ["tsnetstat -tanp --json", "node tsnetstat -tanp --json"],
      ["tsnetstat --source lsof -tanp", "node tsnetstat --source lsof -tanp"],
      ["lsof -nP -i", "lsof -nP -i"],
      ["lsof -nP -iTCP", "lsof -nP -iTCP"],
    ]);
  });

  it("leaves lsof out when asked", () => {
    expect(liveCommands(ts, { flags: ["-tan"], lsof: false }).map((c) => c.name)).toEqual(["tsnetstat -tan", "netstat -tan", "ss -tan"]);
  });
});

describe("lsofRatios", () => {
  it("divides each tsnetstat command by each lsof command of the same run", () => {
    const cases = {
      "tsnetstat -tanp": 2,
      "tsnetstat -tanp --json": 3,
      "tsnetstat --source lsof -tanp": 8,
      "lsof -nP -i": 4,
      "lsof -nP -iTCP": 5,
    };
    expect(lsofRatios(cases)).toEqual([
      { name: "tsnetstat -tanp", seconds: 2, byI: 0.5, byTcp: 0.4 },
      { name: "tsnetstat -tanp --json", seconds: 3, byI: 0.75, byTcp: 0.6 },
      { name: "tsnetstat --source lsof -tanp", seconds: 8, byI: 2, byTcp: 1.6 },
    ]);
  });
});
