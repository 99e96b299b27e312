// The HAR reader against the browsers' own verdicts: every lab case in each fixture (written by the
// browsers' own exporters, test/fixtures/har, `npm run har:fixtures`) is read, judged by the one
// judge (harReport → toDiagnosedEntry → diagnose) and compared with the verdict the browser gave
// in the same run (verdicts.json: Chromium's corsErrorStatus, Firefox's console reason).
// A case the file cannot decide is listed below with the reason, never dropped silently.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { harReport, readHar } from "../../src/har/reader";
import type { HarReadResult } from "../../src/har/types";
import type { DiagnosedEntry } from "../../src/report/types";
import { LAB_CASES } from "../lab/cases";

interface ChromiumVerdict {
  readonly blocked: boolean;
  readonly code: string | null;
  readonly failedParameter: string | null;
}
interface FirefoxVerdict {
  readonly blocked: boolean;
  readonly reason: string | null;
}
interface Verdicts {
  readonly chromium: { readonly cases: Record<string, ChromiumVerdict> };
  readonly firefox: { readonly cases: Record<string, FirefoxVerdict> };
}

const DIR = join("test", "fixtures", "har");
const verdicts = JSON.parse(readFileSync(join(DIR, "verdicts.json"), "utf8")) as Verdicts;
/** Cases that fail for a reason that is not CORS (a redirect loop, redirect: 'error'): never reported blocked. */
const NOT_CORS = new Set(LAB_CASES.filter((labCase) => labCase.expected.failedNotCors !== undefined).map((labCase) => labCase.id));

/**
 * Chrome's HAR: fetch(url, { redirect: 'error' }) stopped at a 302 whose CORS headers pass is written
 * exactly as a redirect refused for credentials (`_error: net::ERR_FAILED`, no CORS code). Nothing
 * shows credentials, so it is not judged blocked (no false alarm): "unknown", naming both readings
 * and the code credentials 'include' would give. Stated with --credentials include, it is blocked.
 */
const REDIRECT_MODE_CASE = "redirect-mode-error-cross-origin";
const CHROME_RESIDUAL: Readonly<Record<string, string>> = {};

/**
 * Chrome's HAR: a CORS fetch refused on an answer reused from the HTTP cache (test/lab/cache-cases.ts)
 * is written as status 0 with no request or response headers, like a request never sent. The reader
 * fills ObservedExchange.earlier from the earlier entry of the same URL (cacheable, no Vary: Origin)
 * and the engine judges it as that stored answer (inferred fact "stored-answer").
 */
const CHROME_CACHE_CASES = ["cache-img-then-fetch", "cache-no-cors-fetch-then-fetch", "cache-other-origin-of-site"];

/** Firefox's HAR: cases only the page's own credentials mode decides, which the file does not hold. */
const FIREFOX_RESIDUAL: Readonly<Record<string, string>> = {
  "credentials-without-acac":
    "credentials: 'include' with no cookie stored: Firefox's HAR shows the credentials mode only through a Cookie header (no Sec-Fetch-Storage-Access in ESR 153), and the server sent no Access-Control-Allow-Credentials, so no credentials is assumed; the advisory names what the other mode gives (the extension decides it with the page's own call, the credentials witness)",
  "xhr-with-credentials-wildcard": "withCredentials with no cookie stored: as credentials-without-acac",
};

function caseOf(entry: DiagnosedEntry): string | undefined {
  try {
    return new URL(entry.url).searchParams.get("case")?.replace(/-setup$/, "") ?? undefined;
  } catch {
    return undefined;
  }
}

function byCase(entries: readonly DiagnosedEntry[]): Map<string, DiagnosedEntry[]> {
  const cases = new Map<string, DiagnosedEntry[]>();
  for (const entry of entries) {
    const id = caseOf(entry);
    if (id === undefined) continue;
    const list = cases.get(id);
    if (list) list.push(entry);
    else cases.set(id, [entry]);
  }
  return cases;
}

function read(name: string): { result: HarReadResult; cases: Map<string, DiagnosedEntry[]> } {
  const result = readHar(readFileSync(join(DIR, name), "utf8"));
  return { result, cases: byCase(harReport(result, 0).entries) };
}

/** Blocked or not as Chromium said; when blocked, every blocked entry with Chromium's code and failedParameter. */
function agreesWithChromium(id: string, truth: ChromiumVerdict, entries: readonly DiagnosedEntry[]): boolean {
  const blocked = entries.filter((entry) => entry.blocked);
  if (!truth.blocked || NOT_CORS.has(id)) return blocked.length === 0;
  return blocked.length > 0 && blocked.every((entry) => entry.diagnosis.code === truth.code && entry.diagnosis.failedParameter === truth.failedParameter);
}

function describeCase(id: string, entries: readonly DiagnosedEntry[]): string {
  return `${id}: ${entries.map((entry) => `${entry.diagnosis.verdict} ${entry.diagnosis.code ?? ""} '${entry.diagnosis.failedParameter ?? ""}'`).join("; ") || "no entry"}`;
}

const chromiumCases = Object.entries(verdicts.chromium.cases);

/** Lab cases CORS does not govern: the reader leaves their requests out (same-origin, no-cors), as the capture does. */
const LEFT_OUT = ["control-redirect-same-origin-only", "control-same-origin", "control-no-cors-image"];

describe.each(["chromium-full.har", "chromium-sanitized.har"])("%s against Chromium's own verdicts", (name) => {
  let read_: ReturnType<typeof read>;
  beforeAll(() => {
    read_ = read(name);
  });

  it("is read as Chrome's (WebInspector), every lab case present but those CORS does not govern", () => {
    expect(read_.result.flavor).toBe("chromium");
    const absent = chromiumCases.filter(([id]) => !read_.cases.has(id)).map(([id]) => id);
    expect(absent).toEqual(chromiumCases.map(([id]) => id).filter((id) => LEFT_OUT.includes(id)));
    if (name.includes("sanitized")) expect(read_.result.notices.map((notice) => notice.id)).toContain("sanitized");
  });

  it("agrees on blocked/allowed, code and failedParameter on every case but the residual ones (listed with why)", () => {
    const disagree: string[] = [];
    for (const [id, truth] of chromiumCases) {
      const entries = read_.cases.get(id) ?? [];
      if (agreesWithChromium(id, truth, entries)) continue;
      // Sanitized: a case may instead say that the credentials mode was not in the file and which code the other mode gives.
      if (name.includes("sanitized") && saysOtherMode(truth, entries)) continue;
      disagree.push(describeCase(id, entries));
    }
    const residual = CHROME_RESIDUAL;
    expect(disagree.map((line) => line.split(":")[0])).toEqual(chromiumCases.map(([id]) => id).filter((id) => id in residual));
    const agreed = chromiumCases.length - disagree.length;
    // Reported figures (docs/har.md): agree / total.
    expect(`${agreed}/${chromiumCases.length}`).toBe(`${chromiumCases.length - Object.keys(residual).length}/${chromiumCases.length}`);
  });

  it("raises no false alarm: nothing Chromium let through is reported blocked", () => {
    const falseAlarms = chromiumCases
      .filter(([id, truth]) => !truth.blocked && (read_.cases.get(id) ?? []).some((entry) => entry.blocked))
      .map(([id]) => id);
    expect(falseAlarms).toEqual([]);
  });

  it("on redirect: 'error' at a passing 302, says the file cannot tell, names both readings and what credentials 'include' gives", () => {
    const entries = read_.cases.get(REDIRECT_MODE_CASE) ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.diagnosis.verdict).toBe("unknown");
      expect(entry.diagnosis.explanation).toMatch(/redirect: 'error'/);
      expect(entry.diagnosis.inferred.find((fact) => fact.fact === "redirect-mode")?.evidence).toMatch(/redirect: 'error'/);
      expect(entry.diagnosis.inferred.find((fact) => fact.fact === "credentials-mode")?.value).toBe("unknown");
      expect(entry.diagnosis.advisories.find((advisory) => advisory.id === "credentials-ambiguous")?.message).toMatch(/InvalidAllowCredentials.*--credentials include/);
    }
  });

  it("judges a fetch refused on a cached answer from the earlier entry of its URL, marked inferred, and without that entry does not judge it", () => {
    for (const id of CHROME_CACHE_CASES) {
      const refused = (read_.cases.get(id) ?? []).filter((entry) => entry.blocked);
      expect(refused.length, id).toBe(1);
      expect(refused[0]!.diagnosis.inferred.find((fact) => fact.fact === "stored-answer")?.evidence).toMatch(/HTTP cache.*no Vary: Origin/);
    }
    const log = JSON.parse(readFileSync(join(DIR, name), "utf8")) as { log: { entries: { request: { url: string }; response: { status: number } }[] } };
    const [answered] = log.log.entries.filter((entry) => entry.request.url.includes("case=cache-img-then-fetch") && entry.response.status === 200);
    log.log.entries = log.log.entries.filter((entry) => entry !== answered);
    const without = byCase(harReport(readHar(JSON.stringify(log)), 0).entries).get("cache-img-then-fetch") ?? [];
    expect(without.filter((entry) => entry.blocked)).toEqual([]);
  });

  it("takes an earlier entry kept in the cache by a validator alone (ETag, no Cache-Control) as the stored answer too: the reader keeps every response header", () => {
    type Header = { name: string; value: string };
    const log = JSON.parse(readFileSync(join(DIR, name), "utf8")) as { log: { entries: { request: { url: string }; response: { status: number; headers: Header[] } }[] } };
    const answered = log.log.entries.filter((entry) => entry.request.url.includes("case=cache-img-then-fetch") && entry.response.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    for (const entry of answered) {
      const kept = entry.response.headers.filter((header) => !/^(cache-control|expires|last-modified|etag)$/i.test(header.name));
      entry.response.headers = [...kept, { name: "ETag", value: '"v1"' }];
    }
    const refused = (byCase(harReport(readHar(JSON.stringify(log)), 0).entries).get("cache-img-then-fetch") ?? []).filter((entry) => entry.blocked);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.diagnosis.inferred.find((fact) => fact.fact === "stored-answer")?.evidence).toMatch(/HTTP cache.*no Vary: Origin/);
  });

  it("with --credentials include stated, judges that redirect blocked (InvalidAllowCredentials), as before", () => {
    const result = readHar(readFileSync(join(DIR, name), "utf8"), { credentials: "include" });
    const entries = byCase(harReport(result, 0).entries).get(REDIRECT_MODE_CASE) ?? [];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.blocked && entry.diagnosis.code === "InvalidAllowCredentials")).toBe(true);
  });
});

/** The sanitized file's way of agreeing: the mode was not in the file, and the other mode's code is named. */
function saysOtherMode(truth: ChromiumVerdict, entries: readonly DiagnosedEntry[]): boolean {
  return entries.some((entry) => {
    const mode = entry.diagnosis.inferred.find((fact) => fact.fact === "credentials-mode")?.value;
    const other = entry.diagnosis.advisories.find((advisory) => advisory.id === "credentials-ambiguous")?.message ?? "";
    return mode === "unknown" && truth.code !== null && other.includes(truth.code);
  });
}

describe("firefox.har against Firefox's own verdicts", () => {
  const firefoxCases = Object.entries(verdicts.firefox.cases);
  let read_: ReturnType<typeof read>;
  beforeAll(() => {
    read_ = read("firefox.har");
  });

  it("is read as Firefox's, every lab case present but those CORS does not govern", () => {
    expect(read_.result.flavor).toBe("firefox");
    expect(firefoxCases.filter(([id]) => !read_.cases.has(id)).map(([id]) => id)).toEqual(LEFT_OUT);
  });

  it("agrees on blocked/allowed, with Firefox's reason, on every case but the residual ones (listed with why)", () => {
    const disagree: string[] = [];
    for (const [id, truth] of firefoxCases) {
      const entries = read_.cases.get(id) ?? [];
      const blocked = entries.filter((entry) => entry.blocked);
      // A network failure Firefox logs as CORSDidNotSucceed (the redirect loop) is no CORS failure: not blocked.
      const networkFailure = NOT_CORS.has(id) && (truth.reason === null || truth.reason === "CORSDidNotSucceed");
      const ok =
        truth.blocked && !networkFailure
          ? blocked.length > 0 && blocked.every((entry) => entry.diagnosis.firefoxReason?.key === truth.reason)
          : blocked.length === 0;
      if (!ok) disagree.push(`${id}: ${blocked.map((entry) => entry.diagnosis.firefoxReason?.key).join(", ") || "not blocked"}`);
    }
    expect(disagree.map((line) => line.split(":")[0])).toEqual(Object.keys(FIREFOX_RESIDUAL));
    expect(firefoxCases.length - disagree.length).toBe(firefoxCases.length - 2);
  });

  it("on the residual cases, says which mode it assumed and names Firefox's reason for the other", () => {
    for (const id of Object.keys(FIREFOX_RESIDUAL)) {
      const entries = read_.cases.get(id) ?? [];
      const reason = verdicts.firefox.cases[id]!.reason!;
      expect(entries.some((entry) => entry.diagnosis.advisories.some((advisory) => advisory.id === "credentials-assumed" && advisory.message.includes(reason)))).toBe(true);
      expect(entries.some((entry) => entry.diagnosis.inferred.some((fact) => fact.fact === "credentials-mode" && fact.value.endsWith("(assumed)")))).toBe(true);
    }
  });
});

describe("playwright.har (recordHar drops preflights and failed requests): what it can tell", () => {
  it("is read as another writer's, says it has no preflights, and raises no false alarm", () => {
    const { result, cases } = read("playwright.har");
    expect(result.flavor).toBe("other");
    expect(result.notices.map((notice) => notice.id)).toEqual(expect.arrayContaining(["other-writer", "no-preflights", "headers-missing"]));
    const falseAlarms = chromiumCases.filter(([id, truth]) => (!truth.blocked || NOT_CORS.has(id)) && (cases.get(id) ?? []).some((entry) => entry.blocked));
    expect(falseAlarms.map(([id]) => id)).toEqual([]);
  });
});
