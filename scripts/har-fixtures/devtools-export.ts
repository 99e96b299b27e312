// DevTools' own "Export HAR", driven from outside: Chromium runs with --auto-open-devtools-for-tabs
// and a remote-debugging port, so the tab's DevTools front-end is a target of its own
// (devtools://devtools/bundled/devtools_app.html). Attached to it over CDP (puppeteer-core), the
// front-end's modules are imported by URL inside its page, the Network panel is shown, and its
// NetworkLogView.exportAll({sanitize}) runs: the code behind both Export HAR menu items. Only the
// embedder's file save (InspectorFrontendHost save/append/close) is replaced by an in-memory sink,
// so the text is what DevTools would have written to disk.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Chromium flags that give the tab a DevTools front-end reachable over a debugging port. */
export const DEVTOOLS_FLAGS = ["--auto-open-devtools-for-tabs", "--remote-debugging-port=0"] as const;

// Runs inside the DevTools front-end's page. A string, so that no transpiler helper leaks into it.
const INSTALL = `(async () => {
  if (globalThis.__harFixture) return "already";
  const load = (path) => import(path);
  const [SDK, Logs, UI, Host, Network] = await Promise.all([
    load("./core/sdk/sdk.js"), load("./models/logs/logs.js"), load("./ui/legacy/legacy.js"),
    load("./core/host/host.js"), load("./panels/network/network.js"),
  ]);
  const host = Host.InspectorFrontendHost.InspectorFrontendHostInstance;
  const events = Host.InspectorFrontendHostAPI.Events;
  const files = new Map();
  // The embedder's side of a save: DevTools asks to save, appends chunks, closes. Each call is
  // answered with the event the embedder would send once the bytes are on disk.
  const later = (fire) => setTimeout(fire, 0);
  host.save = (url, content, _forceSaveAs, isBase64) => {
    files.set(url, { text: isBase64 ? atob(content) : content, closed: false });
    later(() => host.events.dispatchEventToListeners(events.SavedURL, { url, fileSystemPath: url }));
  };
  host.append = (url, content) => {
    const file = files.get(url);
    if (file) file.text += content;
    later(() => host.events.dispatchEventToListeners(events.AppendedToURL, url));
  };
  host.close = (url) => {
    const file = files.get(url);
    if (file) file.closed = true;
  };
  const networkLogView = async () => {
    await UI.ViewManager.ViewManager.instance().showView("network");
    const panel = Network.NetworkPanel.NetworkPanel.instance();
    if (!panel.networkLogView || typeof panel.networkLogView.exportAll !== "function") throw new Error("NetworkPanel has no networkLogView.exportAll");
    return panel.networkLogView;
  };
  globalThis.__harFixture = {
    /** The tab's target is attached and its network is recorded. */
    ready() {
      const target = SDK.TargetManager.TargetManager.instance().scopeTarget();
      return Boolean(target && target.model(SDK.NetworkManager.NetworkManager));
    },
    showNetworkPanel: async () => { await networkLogView(); return "shown"; },
    /** Of the given CDP request ids, those DevTools has not seen finish. */
    unfinished(ids) {
      const requests = Logs.NetworkLog.NetworkLog.instance().requests();
      return ids.filter((id) => !requests.some((request) => request.requestId() === id && request.finished));
    },
    describe(id) {
      return Logs.NetworkLog.NetworkLog.instance().requests().filter((request) => request.requestId() === id)
        .map((request) => ({ url: request.url(), finished: request.finished, failed: request.failed, canceled: request.canceled, status: request.statusCode, type: request.resourceType().name() }));
    },
    urls() { return Logs.NetworkLog.NetworkLog.instance().requests().map((request) => request.url()); },
    async exportAll(sanitize) {
      files.clear();
      await (await networkLogView()).exportAll({ sanitize });
      const saved = [...files.entries()];
      if (saved.length !== 1) throw new Error("expected one saved file, got " + saved.length);
      const [url, file] = saved[0];
      if (!file.closed) throw new Error("DevTools did not close " + url);
      return JSON.stringify({ url, text: file.text });
    },
  };
  return "installed";
})()`;

export interface DevToolsFrontEnd {
  /** Shows the Network panel (creates its NetworkLogView). */
  showNetworkPanel(): Promise<void>;
  /** Resolves when DevTools has seen every one of these CDP request ids finish. */
  waitForFinished(requestIds: readonly string[], timeoutMs?: number): Promise<void>;
  /** Every URL in DevTools' network log. */
  urls(): Promise<string[]>;
  /** DevTools' Export HAR: the file name it chose and the bytes it would have saved. */
  exportHar(sanitize: boolean): Promise<{ readonly fileName: string; readonly text: string }>;
  disconnect(): Promise<void>;
}

async function debuggingEndpoint(userDataDir: string, timeoutMs: number): Promise<string> {
  const file = join(userDataDir, "DevToolsActivePort");
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file) || readFileSync(file, "utf8").split("\n").length < 2) {
    if (Date.now() > deadline) throw new Error(`Chromium wrote no ${file}: was it started with --remote-debugging-port?`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling interval of a condition wait
  }
  const [port, path] = readFileSync(file, "utf8").split("\n");
  return `ws://127.0.0.1:${port}${path}`;
}

async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(value).slice(0, 400)})`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval of a condition wait
    value = await read();
  }
  return value;
}

/** Attaches to the DevTools front-end of the (only) tab of a Chromium started with DEVTOOLS_FLAGS. */
export async function attachDevTools(userDataDir: string, timeoutMs = 30_000): Promise<DevToolsFrontEnd> {
  const browser: Browser = await puppeteer.connect({ browserWSEndpoint: await debuggingEndpoint(userDataDir, timeoutMs), defaultViewport: null });
  let page: Page;
  try {
    const target = await browser.waitForTarget((candidate) => candidate.url().startsWith("devtools://devtools/"), { timeout: timeoutMs });
    page = await target.asPage();
    await page.waitForFunction(() => document.readyState === "complete", { timeout: timeoutMs });
    await page.evaluate(INSTALL);
    await poll("DevTools attached to the tab", () => page.evaluate("globalThis.__harFixture.ready()") as Promise<boolean>, Boolean, timeoutMs);
  } catch (error) {
    await browser.disconnect();
    throw error;
  }
  return {
    async showNetworkPanel() {
      await page.evaluate("globalThis.__harFixture.showNetworkPanel()");
    },
    async waitForFinished(requestIds, waitMs = 15_000) {
      const ids = JSON.stringify(requestIds);
      try {
        await poll("DevTools saw every request finish", () => page.evaluate(`globalThis.__harFixture.unfinished(${ids})`) as Promise<string[]>, (left) => left.length === 0, waitMs);
      } catch (error) {
        const left = (await page.evaluate(`globalThis.__harFixture.unfinished(${ids})`)) as string[];
        const described = await Promise.all(left.map((id) => page.evaluate(`globalThis.__harFixture.describe(${JSON.stringify(id)})`)));
        throw new Error(`${(error as Error).message}: ${JSON.stringify(described)}`);
      }
    },
    async urls() {
      return (await page.evaluate("globalThis.__harFixture.urls()")) as string[];
    },
    async exportHar(sanitize) {
      const saved = JSON.parse((await page.evaluate(`globalThis.__harFixture.exportAll(${sanitize})`)) as string) as { url: string; text: string };
      return { fileName: saved.url, text: saved.text };
    },
    async disconnect() {
      await browser.disconnect();
    },
  };
}
