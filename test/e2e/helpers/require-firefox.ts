// Whether the Firefox tests can run here: Firefox ESR installed and the Firefox build present.
// Missing Firefox is a clear skip line on a developer's machine and a failure under CI=true.
import { existsSync } from "node:fs";
import { browserTestsSkipped } from "../../helpers/chromium";
import { findFirefox, FIREFOX_INSTALL_HINT } from "../../helpers/firefox";

/** Undefined when the Firefox tests should run; otherwise the line that says why they are skipped. */
export function firefoxSkipReason(): string | undefined {
  if (browserTestsSkipped()) return "SKIP_BROWSER_TESTS=1: Firefox tests are skipped.";
  if (!findFirefox()) {
    if (process.env.CI === "true") throw new Error(`CI=true and ${FIREFOX_INSTALL_HINT}`);
    return `Firefox tests skipped. ${FIREFOX_INSTALL_HINT}`;
  }
  if (!existsSync("dist-firefox/manifest.json")) throw new Error("dist-firefox/ is missing: run `npm run build:firefox` first.");
  return undefined;
}
