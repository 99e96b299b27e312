// Finds and launches Debian's Chromium (never a downloaded browser) for the real-browser tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { findChromium } from "./requirements";

export { findChromium };

export const INSTALL_HINT =
  "No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH. " +
  "To run everything but the browser tests, set SKIP_BROWSER_TESTS=1.";

export function browserTestsSkipped(): boolean {
  return process.env.SKIP_BROWSER_TESTS === "1";
}

/** Flags that keep Chromium off the network (this machine has none) and quiet. */
export const QUIET_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
];

export interface LaunchOptions {
  /** Unpacked extension folder to load (usually dist/). */
  readonly extensionPath?: string;
  readonly headless?: boolean;
  readonly extraArgs?: readonly string[];
  /** Playwright's own HAR recording of the context, written when the browser closes. */
  readonly recordHar?: { readonly path: string; readonly content?: "embed" | "omit"; readonly mode?: "full" | "minimal" };
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  /** The profile folder; also what tells this browser's processes apart from another's. */
  readonly userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const userDataDir = mkdtempSync(join(tmpdir(), "cors-doctor-profile-"));
  const args = [...QUIET_FLAGS, ...(options.extraArgs ?? [])];
  if (options.extensionPath) {
    const path = resolve(options.extensionPath);
    args.push(`--disable-extensions-except=${path}`, `--load-extension=${path}`);
  }
  if (options.headless !== false) args.push("--headless=new");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: false, // the --headless=new flag above: the new headless mode runs extensions
    args,
    ignoreDefaultArgs: ["--disable-extensions", "--enable-automation"],
    ...(options.recordHar ? { recordHar: options.recordHar } : {}),
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
