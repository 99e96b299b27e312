// The HAR fixtures (test/fixtures/har, made by `npm run har:fixtures`) are what they claim to be:
// each file comes from the exporter its name says, holds every lab case, and verdicts.json has
// each browser's verdict for every case that appears in them.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAB_CASES, SECRET_MARKERS } from "../lab/cases";

const DIR = join("test", "fixtures", "har");
const FILES = ["chromium-full.har", "chromium-sanitized.har", "firefox.har", "playwright.har"] as const;

interface Header {
  readonly name: string;
  readonly value: string;
}
interface Entry {
  readonly _resourceType?: string;
  readonly _initiator?: { readonly type?: string; readonly requestId?: string } | null;
  readonly request: { readonly method: string; readonly url: string; readonly headers: readonly Header[]; readonly cookies: readonly unknown[] };
  readonly response: { readonly status: number; readonly headers: readonly Header[]; readonly cookies: readonly unknown[]; readonly _error?: string | null };
}
interface Har {
  readonly log: { readonly creator: { readonly name: string; readonly version: string }; readonly entries: readonly Entry[] };
}
interface Verdicts {
  readonly lab: { readonly pageOrigin: string; readonly apiA: string; readonly apiB: string };
  readonly chromium: { readonly version: string; readonly cases: Record<string, { blocked: boolean; code: string | null; failedParameter: string | null; errorText: string | null }> };
  readonly firefox: { readonly version: string; readonly cases: Record<string, { blocked: boolean; reason: string | null; consoleMessage: string | null }> };
}

const read = <T>(name: string): T => JSON.parse(readFileSync(join(DIR, name), "utf8")) as T;
const har = Object.fromEntries(FILES.map((name) => [name, read<Har>(name)])) as Record<(typeof FILES)[number], Har>;
const verdicts = read<Verdicts>("verdicts.json");
const caseIds = LAB_CASES.map((labCase) => labCase.id);

/** The lab case an entry belongs to (`?case=<id>`; a cookie set-up request `<id>-setup` counts for its case). */
function caseOf(entry: Entry): string | undefined {
  const id = new URL(entry.request.url).searchParams.get("case");
  return id?.replace(/-setup$/, "") ?? undefined;
}
const header = (headers: readonly Header[], name: string): Header | undefined => headers.find((h) => h.name.toLowerCase() === name);
const entriesOf = (file: keyof typeof har, id: string): Entry[] => har[file].log.entries.filter((entry) => caseOf(entry) === id);

/** Every property name in a JSON value, at any depth. */
function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, into);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysDeep(inner, into);
    }
  }
  return into;
}

describe("HAR fixtures", () => {
  it.each(FILES)("%s is a HAR 1.2 file under 3 MB with every lab case in it", (name) => {
    expect(statSync(join(DIR, name)).size).toBeLessThan(3 * 1024 * 1024);
    const present = new Set(har[name].log.entries.map(caseOf).filter((id) => id !== undefined));
    // A case added to (or renamed in) the lab since the fixtures were made: `npm run har:fixtures`.
    expect([...present].filter((id) => !caseIds.includes(id)), "cases no longer in the lab").toEqual([]);
    expect(caseIds.filter((id) => !present.has(id)), "lab cases missing from the file").toEqual([]);
  });

  it("verdicts.json names every case of every file, for both browsers, on the lab origins the files use", () => {
    expect(Object.keys(verdicts.chromium.cases).sort()).toEqual([...caseIds].sort());
    expect(Object.keys(verdicts.firefox.cases).sort()).toEqual([...caseIds].sort());
    const origins = new Set(Object.values(verdicts.lab));
    for (const name of FILES) {
      for (const entry of har[name].log.entries.filter((e) => caseOf(e) !== undefined)) {
        // Redirect hops may carry user:pass@ in the URL: compare the origin only.
        expect.soft(origins.has(new URL(entry.request.url).origin), `${name}: ${entry.request.url}`).toBe(true);
      }
    }
    expect(verdicts.chromium.version).toMatch(/^Chromium \d+\./);
    expect(verdicts.firefox.version).toMatch(/^Firefox \d+\./);
  });

  it("gives a code with every blocked Chromium verdict and a reason with every blocked Firefox verdict", () => {
    const chromium = Object.entries(verdicts.chromium.cases);
    expect(chromium.filter(([, v]) => v.blocked).length).toBeGreaterThan(50);
    for (const [id, v] of chromium) {
      if (v.blocked) expect.soft(v.code, id).toMatch(/^[A-Z]\w+$/);
      else expect.soft(v.code, id).toBeNull();
    }
    const firefox = Object.entries(verdicts.firefox.cases);
    expect(firefox.filter(([, v]) => v.blocked).length).toBeGreaterThan(50);
    for (const [id, v] of firefox) if (v.blocked) expect.soft(v.consoleMessage, id).toMatch(/^Cross-Origin Request Blocked: /);
    for (const id of caseIds.filter((c) => LAB_CASES.find((l) => l.id === c)?.kind === "control")) {
      expect.soft(verdicts.chromium.cases[id]?.blocked, id).toBe(false);
      expect.soft(verdicts.firefox.cases[id]?.blocked, id).toBe(false);
    }
  });

  describe("chromium-full.har: DevTools' own export", () => {
    const { log } = har["chromium-full.har"];

    it("is written by WebInspector", () => {
      expect(log.creator.name).toBe("WebInspector");
    });

    it("keeps each preflight as an entry of its own, typed and pointing at its request", () => {
      const preflights = log.entries.filter((e) => e._resourceType === "preflight");
      expect(preflights.length).toBeGreaterThan(40);
      for (const entry of preflights) {
        expect.soft(entry.request.method).toBe("OPTIONS");
        expect.soft(entry._initiator).toMatchObject({ type: "preflight", requestId: expect.any(String) });
        expect.soft(header(entry.request.headers, "access-control-request-method"), entry.request.url).toBeDefined();
      }
    });

    it("marks a request of every case Chromium blocked with _error", () => {
      const blocked = caseIds.filter((id) => verdicts.chromium.cases[id]?.blocked);
      for (const id of blocked) expect.soft(entriesOf("chromium-full.har", id).some((e) => typeof e.response._error === "string"), id).toBe(true);
      expect(log.entries.filter((e) => e.response._error === "net::ERR_FAILED").length).toBeGreaterThan(50);
    });

    it("keeps the lab's secret cookie and authorization markers (the reader must redact them)", () => {
      const text = JSON.stringify(log);
      expect(text).toContain(`Bearer ${SECRET_MARKERS.authorization}`);
      expect(text).toContain(SECRET_MARKERS.cookie);
      expect(log.entries.some((e) => header(e.request.headers, "cookie")?.value.includes(SECRET_MARKERS.cookie))).toBe(true);
    });
  });

  describe("chromium-sanitized.har: DevTools' sanitized export of the same run", () => {
    const sanitized = har["chromium-sanitized.har"].log;
    const full = har["chromium-full.har"].log;

    it("has no Cookie, Set-Cookie or Authorization header and no cookie array", () => {
      for (const entry of sanitized.entries) {
        for (const name of ["cookie", "authorization"]) expect.soft(header(entry.request.headers, name), `${name} ${entry.request.url}`).toBeUndefined();
        expect.soft(header(entry.response.headers, "set-cookie"), entry.request.url).toBeUndefined();
        expect.soft([...entry.request.cookies, ...entry.response.cookies]).toEqual([]);
      }
      const headersText = JSON.stringify(sanitized.entries.map((e) => [e.request.headers, e.response.headers]));
      expect(headersText).not.toContain(SECRET_MARKERS.cookie);
      expect(headersText).not.toContain(SECRET_MARKERS.authorization);
    });

    it("is the full export's entries with every CORS header kept", () => {
      expect(sanitized.creator.name).toBe("WebInspector");
      expect(sanitized.entries.map((e) => e.request.url)).toEqual(full.entries.map((e) => e.request.url));
      const cors = (entries: readonly Entry[]) =>
        entries.map((e) => [...e.request.headers, ...e.response.headers].filter((h) => /^(access-control-|origin$)/i.test(h.name)));
      expect(cors(sanitized.entries)).toEqual(cors(full.entries));
    });
  });

  describe("firefox.har: Firefox's own export", () => {
    const { log } = har["firefox.har"];

    it("is written by Firefox and has no underscore field anywhere", () => {
      expect(log.creator.name).toBe("Firefox");
      expect([...keysDeep(log)].filter((key) => key.startsWith("_"))).toEqual([]);
    });

    it("keeps preflights as OPTIONS entries with Access-Control-Request-Method", () => {
      const preflights = log.entries.filter((e) => e.request.method === "OPTIONS" && header(e.request.headers, "access-control-request-method"));
      expect(preflights.length).toBeGreaterThan(40);
    });

    it("shows a response Firefox refused for CORS as a plain success", () => {
      expect(verdicts.firefox.cases["missing-acao"]?.reason).toBe("CORSMissingAllowOrigin");
      expect(entriesOf("firefox.har", "missing-acao").map((e) => e.response.status)).toEqual([200]);
    });
  });

  describe("playwright.har: another tool's export of the Chromium run", () => {
    const { log } = har["playwright.har"];

    it("is written by Playwright and has no preflight", () => {
      expect(log.creator.name).toBe("Playwright");
      expect(log.entries.filter((e) => e.request.method === "OPTIONS" || e._resourceType === "preflight")).toEqual([]);
      // Preflighted cases are there, without their preflight.
      expect(entriesOf("chromium-full.har", "method-put-disallowed").some((e) => e._resourceType === "preflight")).toBe(true);
      expect(entriesOf("playwright.har", "method-put-disallowed").map((e) => e.request.method)).toEqual(["PUT"]);
    });
  });
});
