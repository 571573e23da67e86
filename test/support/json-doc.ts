// The --json document without its stamp: `host` must be this machine's name and `time` an ISO 8601
// instant of this run; what is left is compared exactly by the caller.

import { hostname } from "node:os";
import { expect } from "vitest";

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function unstamped(stdout: string): unknown {
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  const { host, time, ...rest } = doc;
  expect(host).toBe(hostname());
  expect(time).toMatch(ISO_INSTANT);
  return rest;
}
