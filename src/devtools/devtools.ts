// Runs in the invisible DevTools page of every DevTools window: registers the "CORS" panel for the
// inspected tab, and records the tab's requests from DevTools' own network log while the window is
// open (the mode "while DevTools is open": no permission, no webRequest). Each finished request is
// a HAR entry; the observer (observer.ts) reads it with the HAR reader once it is complete and sends
// the exchanges to the worker (worker-link.ts), which judges them with the one diagnose().
import { readHarLog, isProvisionalEntry, mayBeProvisionalEntry, mayBeStoppedByPreflight } from "../har/reader";
import { browserFlavor, ext } from "../shared/browser";
import { NetworkObserver } from "./observer";
import { WorkerLink } from "./worker-link";

void ext.devtools.panels.create("CORS", "/icons/icon-32.png", "/src/panel/index.html");

const firefox = browserFlavor() === "firefox";
// The reader tells Chrome's entries from Firefox's by the log's creator, as in an exported file.
const creator = firefox ? { name: "Firefox", version: "" } : { name: "WebInspector", version: "" };
const tabId = ext.devtools.inspectedWindow.tabId;
const schedule = (callback: () => void, delayMs: number): void => void setTimeout(callback, delayMs);

const link = new WorkerLink({ connect: (name) => ext.runtime.connect({ name }), schedule, tabId, since: Date.now() });
link.open();

const observer = new NetworkObserver({
  getHar: async () => {
    const log: unknown = await ext.devtools.network.getHAR();
    const entries = typeof log === "object" && log !== null ? (log as { entries?: unknown }).entries : undefined;
    return Array.isArray(entries) ? entries : [];
  },
  read: (entries) => readHarLog({ log: { version: "1.2", creator, entries } }).exchanges,
  // Firefox writes a request its preflight stopped with status 0 and no headers, for good; its
  // network monitor fills headers in lazily, so each entry is taken from getHAR() instead.
  isProvisional: firefox ? () => false : isProvisionalEntry,
  mayBeProvisional: firefox ? () => false : mayBeProvisionalEntry,
  mayBeLate: firefox ? () => false : mayBeStoppedByPreflight,
  completeFromLog: firefox,
  deliver: (entries) => link.send(entries),
  schedule,
  now: () => Date.now(),
  instance: `d${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`,
});

ext.devtools.network.onRequestFinished.addListener((entry: unknown) => observer.finished(entry));
ext.devtools.network.onNavigated.addListener(() => {
  observer.navigated();
  link.navigated();
});

// What the observer saw (provisional entries, completed, dropped), readable from this page's
// console and by the real-browser tests; counts only, no request data.
(globalThis as { corsDoctorObserver?: unknown }).corsDoctorObserver = observer.counts;
