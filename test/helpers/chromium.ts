// Finds and launches Debian's Chromium (never a downloaded browser) for the real-browser tests.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  /**
   * "granted" (default): the extension runs with *Record always* granted, as after the user's
   * grant (a headless browser cannot click the permission prompt): a copy of the folder whose
   * manifest asks for the optional permissions at install. "as-built": the folder as built (no
   * webRequest, no host access: recording only while DevTools is open).
   */
  readonly permissions?: "granted" | "as-built";
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
  let grantedCopy: string | undefined;
  if (options.extensionPath) {
    let path = resolve(options.extensionPath);
    if (options.permissions !== "as-built") path = grantedCopy = grantedExtensionCopy(path);
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
      if (grantedCopy) rmSync(grantedCopy, { recursive: true, force: true });
    },
  };
}

/** The manifest with *Record always* granted at install: its optional permissions made required. */
export function grantRecordAlways(manifest: Record<string, unknown>): Record<string, unknown> {
  const { optional_permissions: optional = [], optional_host_permissions: hosts = [], ...rest } = manifest as Record<string, string[]>;
  const required = (key: "permissions" | "host_permissions"): string[] => (rest[key] as string[] | undefined) ?? [];
  return { ...rest, permissions: [...new Set([...required("permissions"), ...optional])], host_permissions: [...new Set([...required("host_permissions"), ...hosts])] };
}

/** A temporary copy of an unpacked extension with *Record always* granted (grantRecordAlways). */
export function grantedExtensionCopy(path: string): string {
  const copy = mkdtempSync(join(tmpdir(), "cors-doctor-granted-"));
  cpSync(path, copy, { recursive: true });
  const manifestPath = join(copy, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(grantRecordAlways(JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>)));
  return copy;
}
