// The only module that touches the browser's extension API. Swapping the polyfill for the
// `chrome` or `browser` global is a change of the next line. Tests replace this module.
import browser from "webextension-polyfill";
import type { BrowserFlavor } from "../engine/types";

export const ext = browser;
import type { Permissions } from "webextension-polyfill";
export type { Runtime, WebRequest, Tabs } from "webextension-polyfill";

/**
 * Which browser this is, by feature: only Firefox's runtime has getBrowserInfo. The engine gets
 * the answer as data (ObservedExchange.browser), never asks the browser itself.
 */
export function browserFlavor(): BrowserFlavor {
  if (typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === "function") return "firefox";
  // A devtools page in Firefox has no getBrowserInfo: the Firefox build's manifest names Gecko.
  try {
    return (browser.runtime.getManifest() as { browser_specific_settings?: { gecko?: unknown } }).browser_specific_settings?.gecko ? "firefox" : "chromium";
  } catch {
    return "chromium";
  }
}

/**
 * What *Record always* needs, asked for at run time (manifest.json: optional_permissions,
 * optional_host_permissions): webRequest and access to every http(s) site. Without both, the
 * webRequest events never reach the worker; recording "while DevTools is open" needs neither.
 */
export const RECORD_ALWAYS: Permissions.Permissions = { permissions: ["webRequest"], origins: ["http://*/*", "https://*/*"] };

/** The webRequest API, or undefined where it is not granted (Chromium then has no chrome.webRequest). */
export function webRequestApi(): typeof browser.webRequest | undefined {
  // The polyfill's proxy answers undefined for an API the browser withholds; read at each call,
  // since a grant or a revocation at run time adds or removes it.
  return (browser as Partial<typeof browser>).webRequest ?? undefined;
}

/** Whether *Record always* is granted now (both the API and the host access). */
export async function recordAlwaysGranted(): Promise<boolean> {
  try {
    return await browser.permissions.contains(RECORD_ALWAYS);
  } catch {
    return false;
  }
}

/** Asks the user for *Record always*; must run inside a user gesture (a click in the panel). */
export function requestRecordAlways(): Promise<boolean> {
  return browser.permissions.request(RECORD_ALWAYS);
}

/** Gives *Record always* back: the listeners and the host access go with it. */
export function revokeRecordAlways(): Promise<boolean> {
  return browser.permissions.remove(RECORD_ALWAYS);
}
