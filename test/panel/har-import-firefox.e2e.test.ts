// Import in the Firefox build, in Firefox ESR: the panel's module Web Worker runs under Firefox's
// extension CSP, and Firefox's own Save All As HAR (test/fixtures/har/firefox.har), dropped onto
// the panel, is listed with Firefox's reasons.
import { existsSync, readFileSync } from "node:fs";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIREFOX_EXTENSION_ORIGIN, launchFirefox, type LaunchedFirefox } from "../helpers/firefox";
import { fixtureFacts } from "../helpers/har-importers";
import { isAvailable, requires } from "../helpers/requirements";

describe("Import HAR… in the Firefox build", () => {
  let firefox: LaunchedFirefox;
  let panel: Page;

  // Without Firefox ESR each test skips with the install command (fails under CI=true).
  beforeEach((context) => requires(context, "firefox-esr"));

  beforeAll(async () => {
    if (!isAvailable("firefox-esr")) return;
    if (!existsSync("dist-firefox/manifest.json")) throw new Error("dist-firefox/ is missing: run `npm run build:firefox` first.");
    firefox = await launchFirefox({ extensionPath: "dist-firefox" });
    panel = await firefox.browser.newPage();
    // BiDi may never report an extension page's load finished: wait for the panel itself.
    await panel.goto(`${FIREFOX_EXTENSION_ORIGIN}/src/panel/index.html?tabId=1`, { timeout: 3_000 }).catch(() => undefined);
    await panel.waitForSelector("[data-testid=panel]", { timeout: 30_000 });
  });

  afterAll(async () => {
    await firefox?.close();
  });

  it("reads Firefox's HAR in the worker and lists its failures with Firefox's reasons", async () => {
    const text = readFileSync("test/fixtures/har/firefox.har", "utf8");
    await panel.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], "firefox.har", { type: "application/json" }));
      const zone = document.querySelector("[data-testid=drop-zone]")!;
      for (const type of ["dragenter", "dragover", "drop"]) zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    const summary = await panel.waitForSelector("[data-testid=import-summary]", { timeout: 60_000 });
    const words = await summary!.evaluate((element) => element.textContent ?? "");
    const facts = fixtureFacts("firefox.har");
    expect(words).toContain(`firefox.har: ${facts.entries} written by Firefox DevTools, ${facts.creator};`);
    expect(words).toMatch(/; \d+ cross-origin requests judged\./);
    const codes = await panel.$$eval("[data-testid=request-list] [data-testid=row]:not([data-code=''])", (rows) => rows.map((row) => (row as HTMLElement).dataset.code));
    expect(codes.length).toBeGreaterThan(5);
    const first = await panel.$("[data-testid=request-list] [data-testid=row]:not([data-code=''])");
    await first!.click({ count: 2 });
    const reason = await panel.waitForSelector("[data-testid=firefox-reason]", { timeout: 30_000 });
    expect(await reason!.evaluate((element) => element.textContent ?? "")).toMatch(/Firefox: CORS\w+/);
  });
});
