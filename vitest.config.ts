import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// Unit and component tests: no browser, no network. Real-browser tests are *.e2e.test.ts
// and run under vitest.e2e.config.ts after a build.
export default defineConfig({
  plugins: [preact()],
  // As in the Firefox build: every part is there to test (vite.config.ts).
  define: { __FIREFOX_BUILD__: "true" },
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    exclude: ["test/**/*.e2e.test.ts", "node_modules/**"],
    environment: "node",
    // Component tests opt into happy-dom with a `// @vitest-environment happy-dom` first line.
    testTimeout: 20_000,
    reporters: ["default", "./test/helpers/skip-summary.ts"],
  },
});
