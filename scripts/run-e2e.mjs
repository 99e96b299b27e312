// Runs the real-browser tests, or says plainly that they were skipped on request.
import { spawnSync } from "node:child_process";

if (process.env.SKIP_BROWSER_TESTS === "1") {
  console.log("Real-browser tests skipped (SKIP_BROWSER_TESTS=1).");
  process.exit(0);
}
const result = spawnSync("npx", ["vitest", "run", "--config", "vitest.e2e.config.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
