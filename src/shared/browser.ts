// The only module that touches the browser's extension API. Swapping the polyfill for the
// `chrome` or `browser` global is a change of the next line. Tests replace this module.
import browser from "webextension-polyfill";
import type { BrowserFlavor } from "../engine/types";

export const ext = browser;
export type { Runtime, WebRequest, Tabs } from "webextension-polyfill";

/**
 * Which browser this is, by feature: only Firefox's runtime has getBrowserInfo. The engine gets
 * the answer as data (ObservedExchange.browser), never asks the browser itself.
 */
export function browserFlavor(): BrowserFlavor {
  return typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === "function" ? "firefox" : "chromium";
}
