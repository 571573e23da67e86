// Tests that need root and network namespaces: they skip with a clear message elsewhere, but when
// TSNETSTAT_REQUIRE_ROOT_TESTS=1 (as .ci/run sets it) a missing capability is a failure, not a skip.

import { execFileSync } from "node:child_process";

export const rootRequired = process.env.TSNETSTAT_REQUIRE_ROOT_TESTS === "1";

/** Why root tests cannot run here, or null when they can. */
export function rootUnavailableReason(): string | null {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (process.geteuid?.() !== 0) return "not running as root";
  for (const tool of ["ip", "netstat", "python3"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      return `'${tool}' is not installed`;
    }
  }
  return null;
}

/**
 * For `describe.skipIf(...)`: true when root tests must be skipped. Throws when they are required
 * (TSNETSTAT_REQUIRE_ROOT_TESTS=1) but cannot run, so that CI fails instead of skipping.
 */
export function skipRootTests(suite: string): boolean {
  const reason = rootUnavailableReason();
  if (reason === null) return false;
  if (rootRequired) throw new Error(`${suite}: needs root and network namespaces, but ${reason}`);
  console.warn(`skipping ${suite}: needs root and network namespaces (${reason})`);
  return true;
}
