// Secrets never leave the moment of capture: the lab sends an Authorization marker, a cookie and a
// ?token= marker; none of them may appear in the report, in what the extension stored, or in the
// panel. Hostile values (markup, control characters, 100 KB, non-ASCII) pass through unharmed.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_MARKERS } from "../lab/cases";
import type { DiagnosedReport } from "../../src/shared/report";
import { caseOf, openExtensionPage, waitForReport } from "./helpers/extension";
import { openLabPage, runCase } from "./helpers/lab-page";
import { labAndChromium } from "./helpers/lab-chromium";

const SECRET_CASES = ["secret-authorization", "secret-cookie", "secret-query-token"];
const HOSTILE_CASES = ["hostile-markup", "hostile-control-chars", "hostile-huge-header", "hostile-non-ascii"];
const MARKERS = Object.values(SECRET_MARKERS);

describe("privacy and hostile input, in the real browser", () => {
  const setup = labAndChromium({ extensionPath: "dist" });
  let extensionPage: Page;
  let report: DiagnosedReport;
  let stored: string;

  beforeAll(async () => {
    extensionPage = await openExtensionPage(setup.browser.context);
    const page = await openLabPage(setup.browser.context, setup.lab);
    for (const id of [...SECRET_CASES, ...HOSTILE_CASES]) await runCase(page, id);
    report = await waitForReport(extensionPage, (r) => {
      const seen = new Set(r.entries.map(caseOf));
      return [...SECRET_CASES, ...HOSTILE_CASES].every((id) => seen.has(id));
    });
    stored = await extensionPage.evaluate(async () => {
      const [session, local] = await Promise.all([chrome.storage.session.get(null), chrome.storage.local.get(null)]);
      return JSON.stringify({ session, local });
    });
  });


  it("the lab really sent the secrets (so their absence below means something)", () => {
    const sent = JSON.stringify(SECRET_CASES.map((id) => setup.lab.received(id)));
    for (const marker of [SECRET_MARKERS.authorization, SECRET_MARKERS.queryToken]) expect(sent).toContain(marker);
    expect(sent).toContain(SECRET_MARKERS.cookie);
  });

  it("keeps no secret value in the report, only the names of what was redacted", () => {
    const text = JSON.stringify(report);
    for (const marker of MARKERS) expect(text).not.toContain(marker);
    const byCase = (id: string) => report.entries.find((e) => caseOf(e) === id)!;
    expect(byCase("secret-authorization").redacted).toContain("authorization");
    expect(byCase("secret-cookie").redacted).toEqual(expect.arrayContaining(["cookie"]));
    expect(byCase("secret-query-token").url).toContain("token=REDACTED");
  });

  it("keeps no secret value in storage", () => {
    expect(stored.length).toBeGreaterThan(100);
    for (const marker of MARKERS) expect(stored).not.toContain(marker);
  });

  it("shows no secret value in the panel", async () => {
    const tabId = report.entries.find((e) => caseOf(e) === "secret-authorization")!.tabId;
    const panel = await openExtensionPage(setup.browser.context, `src/panel/index.html?tabId=${tabId}`);
    await panel.getByText("secret-authorization", { exact: false }).first().waitFor();
    const text = await panel.evaluate(() => document.documentElement.textContent ?? "");
    for (const marker of MARKERS) expect(text).not.toContain(marker);
    await panel.close();
  });

  it("passes hostile values through capture and report unharmed", () => {
    for (const id of HOSTILE_CASES) {
      const entry = report.entries.find((e) => caseOf(e) === id);
      expect(entry, id).toBeDefined();
      expect(entry!.blocked, id).toBe(true);
      expect(entry!.diagnosis.explanation.length, id).toBeGreaterThan(20);
    }
    const huge = report.entries.find((e) => caseOf(e) === "hostile-huge-header")!;
    expect(huge.diagnosis.failedParameter!.length).toBeGreaterThan(100_000);
    const markup = report.entries.find((e) => caseOf(e) === "hostile-markup")!;
    expect(markup.diagnosis.failedParameter).toContain("<script>");
  });

  it("is built to make no network request of its own", async () => {
    const manifest = await extensionPage.evaluate(() => chrome.runtime.getManifest());
    expect((manifest.content_security_policy as { extension_pages: string }).extension_pages).toContain("connect-src 'none'");
    expect(manifest.permissions?.sort()).toEqual(["storage", "webRequest"]);
  });
});
