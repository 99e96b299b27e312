// The only module that touches the browser's extension API. Swapping the polyfill for the
// `chrome` or `browser` global is a change of the next line. Tests replace this module.
import browser from "webextension-polyfill";

export const ext = browser;
export type { Runtime, WebRequest, Tabs } from "webextension-polyfill";
