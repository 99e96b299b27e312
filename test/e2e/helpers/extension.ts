// Talks to the loaded extension the way any extension page can: through the public report
// contract (`runtime.sendMessage({ type: "get-report" })`), from an extension page of its own.
import type { BrowserContext, Page, Worker } from "playwright-core";
import type { Request } from "../../../src/shared/messages";
import type { DiagnosedEntry, DiagnosedReport } from "../../../src/shared/report";

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"));
  return existing ?? (await context.waitForEvent("serviceworker", { timeout: 30_000 }));
}

export async function extensionId(context: BrowserContext): Promise<string> {
  return new URL((await extensionWorker(context)).url()).host;
}

/** An extension page (the popup's document, opened in a tab) to send messages from. */
export async function openExtensionPage(context: BrowserContext, path = "src/popup/index.html"): Promise<Page> {
  const id = await extensionId(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/${path}`);
  return page;
}

export function send<T>(extensionPage: Page, message: Request): Promise<T> {
  return extensionPage.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

export function getReport(extensionPage: Page, tabId?: number): Promise<DiagnosedReport> {
  return send<DiagnosedReport>(extensionPage, tabId === undefined ? { type: "get-report" } : { type: "get-report", tabId });
}

/** Polls the report until `done` holds (the worker records asynchronously); fails with the last report. */
export async function waitForReport(extensionPage: Page, done: (report: DiagnosedReport) => boolean, timeoutMs = 30_000): Promise<DiagnosedReport> {
  const deadline = Date.now() + timeoutMs;
  let report = await getReport(extensionPage);
  while (!done(report)) {
    if (Date.now() > deadline) throw new Error(`report condition not met in ${timeoutMs} ms; ${report.entries.length} entries`);
    await extensionPage.waitForTimeout(100); // polling interval of a condition wait, not a sleep-as-sync
    report = await getReport(extensionPage);
  }
  return report;
}

export function caseOf(entry: DiagnosedEntry): string | undefined {
  try {
    return new URL(entry.url).searchParams.get("case") ?? undefined;
  } catch {
    return undefined;
  }
}
