// The redirect advice: one row per kind of redirect failure → where the fix belongs, and never an
// instruction to allow the origin null.
import { describe, expect, it } from "vitest";
import type { RedirectRequirement } from "../../src/engine/types";
import { completeEntries } from "../../src/fixes/servers";
import type { ReportEntry } from "../../src/shared/report";
import { makeEntry } from "../helpers/report-fixtures";
import { REDIRECT_ADVICE_ID, redirectAdviceFix } from "../../src/fixes/redirect-advice";
import { context } from "./contexts";

const PAGE = "http://127.0.0.1:5173";
const redirect = (kind: RedirectRequirement["kind"], to: string, extra: Partial<RedirectRequirement> = {}): RedirectRequirement => ({
  kind,
  from: `${PAGE}/api/me`,
  to,
  status: 302,
  pageOrigin: PAGE,
  originSent: PAGE,
  advice: `advice for ${kind}`,
  ...extra,
});

describe("redirect advice", () => {
  it.each([
    { kind: "login", to: "https://idp.test/login?return_to=%2F", where: /session check of the server at http:\/\/127\.0\.0\.1:5173/, snippet: /status\(401\)/ },
    { kind: "credentials-in-location", to: "http://user:REDACTED@api.test/x", where: /redirect sent by/, snippet: /^Location: http:\/\/api\.test\/x$/m },
    { kind: "tainted-origin", to: "http://b.test/y", where: /page at/, snippet: /fetch\("http:\/\/localhost:8080\/api\/items"\)/ },
    { kind: "left-page-origin", to: "http://localhost:8080/api/items", where: /page at/, snippet: /through a proxy/ },
  ] as const)("$kind: says where, and names the page's origin", ({ kind, to, where, snippet }) => {
    const fix = redirectAdviceFix(context({ redirect: redirect(kind, to, kind === "tainted-origin" ? { originSent: "null" } : {}) }));
    expect(fix?.stack).toBe(REDIRECT_ADVICE_ID);
    expect(fix?.where).toMatch(where);
    expect(fix?.snippet).toMatch(snippet);
    expect(fix?.snippet).toContain(PAGE);
    expect(fix?.snippet).not.toMatch(/Access-Control-Allow-Origin:\s*null/i);
    expect(fix?.why).toBe(`advice for ${kind}`);
  });

  it("warns against allowing null when the browser sent it", () => {
    const fix = redirectAdviceFix(context({ redirect: redirect("tainted-origin", "http://b.test/y", { originSent: "null" }) }));
    expect(fix?.warnings.join(" ")).toMatch(/every sandboxed or file: page/);
  });

  it("comes before the server's fixes, and only for redirect failures", () => {
    const entry = (id: string, redirectRequirement?: RedirectRequirement): ReportEntry => {
      const requirements = { ...context({}).requirements, ...(redirectRequirement ? { redirect: redirectRequirement } : {}) };
      return makeEntry({ id, url: "http://localhost:8080/api/items", blocked: true, fixes: [], diagnosis: { code: "MissingAllowOriginHeader", requirements } });
    };
    const { entries } = completeEntries([entry("r1", redirect("login", "https://idp.test/login")), entry("r2")]);
    expect(entries[0]?.fixes[0]?.stack).toBe(REDIRECT_ADVICE_ID);
    expect(entries[0]?.fixes.length).toBe((entries[1]?.fixes.length ?? 0) + 1);
    expect(entries[1]?.fixes.some((fix) => fix.stack === REDIRECT_ADVICE_ID)).toBe(false);
    expect(entries[1]?.fixes.length).toBeGreaterThanOrEqual(20);
  });
});
