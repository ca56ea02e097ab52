import { defineConfig } from "vitest/config";

// Two layers: unit tests of each stage in-process (no Chromium, no openssl, no sample build;
// `npm run test:unit`), and end-to-end tests on the sample archive built once by the real command.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Tests that start Chromium or build an archive are heavy on a 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "e2e", include: ["test/*.test.ts"], globalSetup: ["test/support/build-sample.ts"] } },
    ],
  },
});
