// Finds and launches Debian's Firefox ESR (never a downloaded browser) over WebDriver BiDi, with
// the Firefox build installed as a temporary add-on at a fixed moz-extension:// UUID.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { GECKO_ID } from "../../scripts/firefox-manifest.mjs";
import { grantedExtensionCopy } from "./chromium";

const CANDIDATES = ["/usr/bin/firefox-esr", "/usr/bin/firefox", "/usr/lib/firefox-esr/firefox-esr", "/Applications/Firefox.app/Contents/MacOS/firefox"];

export const FIREFOX_INSTALL_HINT =
  "No Firefox found. Install Firefox ESR (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`) or set FIREFOX_PATH. " +
  "To run everything but the browser tests, set SKIP_BROWSER_TESTS=1.";

/** The extension's UUID in every test profile, so that its pages have a known address. */
export const FIREFOX_EXTENSION_UUID = "6f1c0a52-8d3e-4b7a-9c21-5e0f4d7b8a13";
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Preferences that keep Firefox off the network (this machine has none) and fix the add-on's UUID. */
const QUIET_PREFS: Readonly<Record<string, unknown>> = {
  "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
  "browser.shell.checkDefaultBrowser": false,
  "app.update.enabled": false,
  "app.normandy.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.blocklist.enabled": false,
  "services.settings.server": "http://127.0.0.1:9/",
  // Loopback requests are what the lab makes; no proxy, no DNS prefetch.
  "network.proxy.type": 0,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
};

export interface FirefoxLaunchOptions {
  /** Unpacked extension folder to install (usually dist-firefox/). */
  readonly extensionPath?: string;
  /** "granted" (default): *Record always* granted, as after the user's grant; "as-built": the build as it ships. */
  readonly permissions?: "granted" | "as-built";
  readonly headless?: boolean;
  readonly extraPrefs?: Readonly<Record<string, unknown>>;
  /** More command-line arguments (e.g. --devtools). */
  readonly extraArgs?: readonly string[];
  /** Accept any TLS certificate (the lab's throwaway one for public.test). */
  readonly acceptInsecureCerts?: boolean;
}

export interface LaunchedFirefox {
  readonly browser: Browser;
  readonly profileDir: string;
  /** The installed add-on's id (GECKO_ID), when an extension was installed. */
  readonly extensionId?: string;
  close(): Promise<void>;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<LaunchedFirefox> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(FIREFOX_INSTALL_HINT);
  const profileDir = mkdtempSync(join(tmpdir(), "cors-doctor-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: options.headless !== false,
    userDataDir: profileDir,
    // Lets the harness open the extension's own pages and read the browser console.
    args: ["--remote-allow-system-access", ...(options.extraArgs ?? [])],
    extraPrefsFirefox: { ...QUIET_PREFS, ...(options.extraPrefs ?? {}) },
    ...(options.acceptInsecureCerts ? { acceptInsecureCerts: true } : {}),
  });
  let extensionId: string | undefined;
  let grantedCopy: string | undefined;
  try {
    if (options.extensionPath) {
      let path = resolve(options.extensionPath);
      if (options.permissions !== "as-built") path = grantedCopy = grantedExtensionCopy(path);
      extensionId = await browser.installExtension(path);
    }
  } catch (error) {
    await browser.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
    if (grantedCopy) rmSync(grantedCopy, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    profileDir,
    ...(extensionId !== undefined ? { extensionId } : {}),
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
      if (grantedCopy) rmSync(grantedCopy, { recursive: true, force: true });
    },
  };
}
