// The "observer floor": an extension that registers exactly CORS Doctor's webRequest listeners,
// with the same filter and options (see src/background/listeners.ts), and does nothing in them.
// Page-load cost above this floor is the cost of CORS Doctor's own code. Also the permission-only
// extension, the floor under CORS Doctor paused.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MANIFEST = {
  manifest_version: 3,
  name: "Observer floor",
  version: "1.0.0",
  background: { service_worker: "worker.js" },
  permissions: ["webRequest"],
  host_permissions: ["<all_urls>"],
};

const WORKER = `
const FILTER = { urls: ["http://*/*", "https://*/*"] };
const options = chrome.webRequest.OnSendHeadersOptions;
const extra = options && Object.values(options).includes("extraHeaders") ? ["extraHeaders"] : [];
chrome.webRequest.onSendHeaders.addListener(() => {}, FILTER, ["requestHeaders", ...extra]);
chrome.webRequest.onHeadersReceived.addListener(() => {}, FILTER, ["responseHeaders", ...extra]);
chrome.webRequest.onCompleted.addListener(() => {}, FILTER);
chrome.webRequest.onErrorOccurred.addListener(() => {}, FILTER);
`;

function writeExtension(directory: string, manifest: object, worker: string): string {
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(directory, "worker.js"), worker);
  return directory;
}

/** Writes the extension into `directory` (replacing what was there) and returns the directory. */
export function writeFloorExtension(directory: string): string {
  return writeExtension(directory, MANIFEST, WORKER);
}

/**
 * The floor under "paused": an extension that holds the webRequest permission and registers no
 * listener. Chromium sends every request of the profile through its webRequest proxy as soon as
 * one loaded extension holds the permission, listeners or not (WebRequestAPI::MayHaveProxies
 * counts such extensions when they load), so paused CORS Doctor cannot cost less than this.
 */
export function writePermissionOnlyExtension(directory: string): string {
  return writeExtension(directory, { ...MANIFEST, name: "webRequest permission, no listener" }, "// Registers nothing.\n");
}
