// The Local Network Access cases in Firefox ESR, which has no Local Network Access: Firefox's own
// verdict on each (its console and the page's outcome) is recorded, and the Firefox build must
// report nothing blocked where Firefox let the request through. The pages' host names resolve to
// the lab through network.dns.localDomains; the secure page's throwaway certificate is accepted.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/shared/report";
import { launchFirefox, type LaunchedFirefox } from "../helpers/firefox";
import { isAvailable, requires } from "../helpers/requirements";
import { LNA_INSECURE_HOST, LNA_SECURE_HOST, lnaPageUrl } from "../lab/lna";
import { startLab, type Lab } from "../lab/server";
import type { LnaPage } from "../lab/types";
import { caseOf } from "./helpers/extension";
import { FirefoxConsole, firefoxVerdicts, openFirefoxExtensionPage, waitForFirefoxReport, type FirefoxVerdict } from "./helpers/firefox";
import type { CaseOutcome } from "./helpers/lab-page";

describe("the Local Network Access cases in Firefox ESR (no Local Network Access there)", () => {
  let lab: Lab;
  let firefox: LaunchedFirefox;
  let verdicts: Map<string, FirefoxVerdict>;
  let report: Report;

  beforeEach((context) => requires(context, "firefox-esr"));

  beforeAll(async () => {
    if (!isAvailable("firefox-esr")) return;
    if (!existsSync("dist-firefox/manifest.json")) throw new Error("dist-firefox/ is missing: run `npm run build:firefox` first.");
    lab = await startLab({ lna: true });
    firefox = await launchFirefox({
      extensionPath: "dist-firefox",
      acceptInsecureCerts: true,
      extraPrefs: { "network.dns.localDomains": `${LNA_SECURE_HOST},${LNA_INSECURE_HOST}` },
    });
    const consoleListener = await FirefoxConsole.attach(firefox.browser);
    const extensionPage = await openFirefoxExtensionPage(firefox.browser);
    const outcomes: Record<string, CaseOutcome> = {};
    for (const variant of ["secure-public", "insecure-public"] as const satisfies readonly LnaPage[]) {
      const page = await firefox.browser.newPage();
      await page.goto(lnaPageUrl(variant, lab.ports));
      await page.waitForFunction(() => "runCase" in window);
      for (const labCase of lab.cases.filter((c) => c.lnaPage === variant)) {
        outcomes[labCase.id] = await page.evaluate((id) => (window as unknown as { runCase(id: string): Promise<CaseOutcome> }).runCase(id), labCase.id);
      }
    }
    const failed = lab.cases.filter((c) => outcomes[c.id]?.ok === false).map((c) => c.id);
    const messages = await consoleListener.waitFor((all) => failed.every((id) => all.some((m) => m.caseId === id)));
    verdicts = firefoxVerdicts(lab.cases, messages, outcomes);
    const scripted = lab.cases.filter((c) => c.initiator === "fetch" && c.target !== "page").map((c) => c.id);
    report = await waitForFirefoxReport(extensionPage, (r) => scripted.every((id) => r.entries.some((e) => caseOf(e) === id)));
    await consoleListener.detach();
  });

  afterAll(async () => {
    await firefox?.close();
    await lab?.close();
  });

  it("records Firefox's verdict on every case: the requests pass (Firefox does not check address spaces)", () => {
    const lines = lab.cases.map((c) => {
      const verdict = verdicts.get(c.id);
      const firefoxSays = verdict?.blocked ? `blocked ${verdict.reason ?? ""}` : verdict?.page?.ok === false ? `failed (${verdict.page.error ?? ""})` : "allowed";
      return `  ${c.id.padEnd(34)} Chromium ${c.expected.blocked ? c.expected.code : "allowed"}  |  Firefox ${firefoxSays}`;
    });
    console.log(`Firefox ESR on the Local Network Access cases:\n${lines.join("\n")}`);
    for (const labCase of lab.cases) {
      expect.soft(verdicts.get(labCase.id)?.blocked, `${labCase.id}: a CORS error in Firefox's console`).toBe(false);
      if (labCase.initiator === "fetch") expect.soft(verdicts.get(labCase.id)?.page?.ok, `${labCase.id}: the page read the response`).toBe(true);
    }
  });

  it("reports nothing blocked where Firefox let the request through", () => {
    const blocked = report.entries.filter((e) => e.blocked && lab.cases.some((c) => c.id === caseOf(e)));
    expect(blocked.map((e) => `${caseOf(e)}: ${e.diagnosis.code ?? ""}`)).toEqual([]);
  });
});
