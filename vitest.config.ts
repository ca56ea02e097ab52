import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/build-sample.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Tests that start Chromium or build an archive are heavy on a 2-core machine.
    maxWorkers: 2,
  },
});
