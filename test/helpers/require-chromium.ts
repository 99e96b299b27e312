// Global setup of the real-browser tests: fail loudly when there is no browser (Chromium is a
// required component, test/helpers/requirements.ts), unless the developer asked explicitly to skip
// them (SKIP_BROWSER_TESTS=1), and insist on a fresh build.
import { existsSync } from "node:fs";
import { browserTestsSkipped, INSTALL_HINT } from "./chromium";
import { isAvailable } from "./requirements";

export default function requireChromium(): void {
  if (browserTestsSkipped()) {
    console.warn("SKIP_BROWSER_TESTS=1: real-browser tests are skipped.");
    return;
  }
  if (!isAvailable("chromium")) throw new Error(INSTALL_HINT);
  if (!existsSync("dist/manifest.json")) throw new Error("dist/ is missing: run `npm run build` first.");
}
