import { defineConfig } from "vitest/config";

// Real-browser tests: the built extension in Debian's Chromium against the CORS lab.
// One file at a time: each launches its own browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ["test/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["test/helpers/require-chromium.ts"],
    fileParallelism: false,
    reporters: ["default", "./test/helpers/skip-summary.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
