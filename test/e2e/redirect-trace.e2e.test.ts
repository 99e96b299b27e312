// Opt-in record (TRACE_REDIRECTS=1): what webRequest shows of the lab's redirect cases, hop by hop.
// A minimal extension listens to every webRequest event (with extraHeaders) and keeps, per event,
// the request id, method, URL, status, Location and the Origin / Access-Control-Request-* headers
// sent; the test prints them per case next to Chromium's verdict (CDP). The facts it showed in
// Chromium 156 are written down in docs/lab.md ("Redirects in Chromium 156"); the assertions below
// hold the ones the capture relies on, so a Chromium that changes them fails here first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startLab, type Lab } from "../lab/server";
import { extensionWorker } from "./helpers/extension";
import { GroundTruth } from "./helpers/ground-truth";
import { openLabPage, runCase } from "./helpers/lab-page";

const TRACE_MANIFEST = {
  manifest_version: 3,
  name: "redirect trace",
  version: "1.0.0",
  background: { service_worker: "worker.js" },
  permissions: ["webRequest"],
  host_permissions: ["<all_urls>"],
};

const TRACE_WORKER = `globalThis.trace = [];
const FILTER = { urls: ["http://*/*"] };
const pick = (headers, names) => (headers ?? []).filter((h) => names.includes(h.name.toLowerCase())).map((h) => h.name + ": " + h.value);
const REQUEST = ["origin", "access-control-request-method", "access-control-request-headers", "sec-fetch-mode", "x-trace-id", "x-api-key", "content-type"];
const RESPONSE = ["location", "access-control-allow-origin"];
const add = (event, extra) => (details) => {
  if (!details.url.includes("case=")) return;
  trace.push({ event, id: details.requestId, method: details.method, url: details.url, type: details.type, ...extra(details) });
};
const none = () => ({});
chrome.webRequest.onBeforeRequest.addListener(add("onBeforeRequest", none), FILTER);
chrome.webRequest.onBeforeSendHeaders.addListener(add("onBeforeSendHeaders", (d) => ({ headers: pick(d.requestHeaders, REQUEST) })), FILTER, ["requestHeaders", "extraHeaders"]);
chrome.webRequest.onSendHeaders.addListener(add("onSendHeaders", (d) => ({ headers: pick(d.requestHeaders, REQUEST), order: (d.requestHeaders ?? []).map((h) => h.name.toLowerCase()).filter((n) => n.startsWith("x-")) })), FILTER, ["requestHeaders", "extraHeaders"]);
chrome.webRequest.onHeadersReceived.addListener(add("onHeadersReceived", (d) => ({ status: d.statusCode, headers: pick(d.responseHeaders, RESPONSE) })), FILTER, ["responseHeaders", "extraHeaders"]);
chrome.webRequest.onBeforeRedirect.addListener(add("onBeforeRedirect", (d) => ({ status: d.statusCode, redirectUrl: d.redirectUrl })), FILTER, ["responseHeaders", "extraHeaders"]);
chrome.webRequest.onCompleted.addListener(add("onCompleted", (d) => ({ status: d.statusCode })), FILTER);
chrome.webRequest.onErrorOccurred.addListener(add("onErrorOccurred", (d) => ({ error: d.error })), FILTER);
`;

interface TraceEvent {
  readonly event: string;
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly headers?: readonly string[];
  readonly order?: readonly string[];
  readonly redirectUrl?: string;
  readonly error?: string;
}

const CASES = [
  "redirect-same-origin-301-missing-acao",
  "redirect-login-302",
  "redirect-same-origin-303-post",
  "redirect-same-origin-307-preflight",
  "redirect-same-origin-userinfo",
  "redirect-preflight-ok-308-null-refused",
  "redirect-preflight-ok-307-null-mismatch",
  "redirect-chain-cross-same-cross",
  "redirect-cross-back-to-page-no-acao",
  "redirect-manual-missing-acao",
  "header-several-disallowed-xhr",
  "control-redirect-same-to-cross",
  "control-redirect-same-origin-only",
  "control-redirect-preflight-twice",
  "control-redirect-manual",
  "redirect-contains-credentials",
  "redirect-loop-too-many",
  "redirect-mode-error-cross-origin",
  "redirect-mode-error-missing-acao",
] as const;

describe.runIf(process.env.TRACE_REDIRECTS === "1")("what webRequest shows of redirects (Chromium)", () => {
  let lab: Lab;
  let browser: LaunchedBrowser;
  let worker: Worker;
  let truth: GroundTruth;
  let dir: string;
  const byCase = new Map<string, TraceEvent[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "redirect-trace-"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(TRACE_MANIFEST));
    writeFileSync(join(dir, "worker.js"), TRACE_WORKER);
    lab = await startLab();
    browser = await launchChromium({ extensionPath: dir });
    worker = await extensionWorker(browser.context);
    const page = await browser.context.newPage();
    truth = await GroundTruth.attach(browser.context, page);
    await openLabPage(browser.context, lab, page);
    for (const id of CASES) await runCase(page, id);
    await truth.waitForSettled(CASES);
    // The last event of each case reaches the worker after the page saw the outcome: wait for it.
    const ended = (events: readonly TraceEvent[]): boolean => events.some((e) => e.event === "onCompleted" || e.event === "onErrorOccurred");
    const deadline = Date.now() + 10_000;
    for (;;) {
      const events = (await worker.evaluate(() => (globalThis as unknown as { trace: unknown[] }).trace)) as TraceEvent[];
      byCase.clear();
      for (const event of events) {
        const id = new URL(event.url).searchParams.get("case") ?? "";
        byCase.set(id, [...(byCase.get(id) ?? []), event]);
      }
      if (CASES.every((id) => ended(byCase.get(id) ?? [])) || Date.now() > deadline) break;
      await page.waitForTimeout(50); // polling interval of a condition wait
    }
    for (const id of CASES) {
      const verdict = truth.verdictFor(id);
      const lines = (byCase.get(id) ?? []).map((e) => {
        const path = new URL(e.url).pathname.replace(`/case/${id}`, "") || "/";
        const host = new URL(e.url).host;
        const extra = [
          e.status !== undefined ? String(e.status) : "",
          e.redirectUrl ? `→ ${e.redirectUrl.replace(/\?.*/, "")}` : "",
          e.error ?? "",
          (e.headers ?? []).join(" | "),
          e.order && e.order.length > 0 ? `order ${e.order.join(",")}` : "",
        ].filter(Boolean);
        return `    ${e.id.padEnd(6)} ${e.event.padEnd(20)} ${e.method.padEnd(7)} ${host}${path}  ${extra.join("  ")}`;
      });
      console.log(`${id}: Chromium ${verdict?.blocked ? `${verdict.code} "${verdict.failedParameter}"` : "allowed"}\n${lines.join("\n")}`);
    }
  });

  afterAll(async () => {
    await truth?.detach();
    await browser?.close();
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const events = (id: string, event: string): TraceEvent[] => (byCase.get(id) ?? []).filter((e) => e.event === event);
  const originsSent = (id: string, method?: string): (string | undefined)[] =>
    events(id, "onSendHeaders")
      .filter((e) => method === undefined || e.method === method)
      .map((e) => e.headers?.find((h) => h.toLowerCase().startsWith("origin:"))?.slice("origin: ".length));

  it("a same-origin start sends no Origin on its first hop and the page's origin after the redirect", () => {
    expect(originsSent("redirect-same-origin-301-missing-acao")).toEqual([undefined, lab.pageOrigin]);
    expect(events("redirect-same-origin-301-missing-acao", "onBeforeRedirect")).toHaveLength(1);
  });

  it("a preflight after a redirect that left the page's origin carries the page's origin", () => {
    expect(originsSent("redirect-same-origin-307-preflight", "OPTIONS")).toEqual([lab.pageOrigin]);
  });

  it("the second preflight after a cross-origin redirect carries Origin: null", () => {
    expect(originsSent("redirect-preflight-ok-308-null-refused", "OPTIONS")).toEqual([lab.pageOrigin, "null"]);
  });

  it("a redirect to user:pass@ shows its Location at onHeadersReceived, then an error and no onBeforeRedirect", () => {
    const id = "redirect-same-origin-userinfo";
    expect(events(id, "onBeforeRedirect")).toHaveLength(0);
    expect(events(id, "onHeadersReceived")[0]?.headers?.some((h) => h.includes("labuser:labpass@"))).toBe(true);
    expect(events(id, "onErrorOccurred")[0]?.error).toBe("net::ERR_FAILED");
  });

  it("a chain cross → same → cross sends Origin: null on both later hops", () => {
    expect(originsSent("redirect-chain-cross-same-cross")).toEqual([lab.pageOrigin, "null", "null"]);
  });
});
