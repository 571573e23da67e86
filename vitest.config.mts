import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // live tests build namespaces and start processes: give them room, and run files one at a time
    // so that two suites never fight over the same namespace names or CPU on a 2-core machine
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
