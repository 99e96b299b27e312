// Every stack renders a server's whole policy: several exact origins, every method and header seen,
// credentials; JavaScript stacks in ESM and CommonJS. Each snippet parses in its language (real
// parsers where installed), whatever values the page sent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildFixesForPolicy, STACKS } from "../../src/fixes/index";
import { serverPolicy, type PolicyObservation } from "../../src/fixes/policy";
import type { Fix } from "../../src/fixes/types";
import { lex } from "./literals";
import { requires } from "../helpers/requirements";
import { checkSyntax, CHECKERS, hasChecker } from "./parsers";

const SERVER = "http://localhost:8080";
const ORIGINS = ["https://app.shop.test", "http://[::1]:5173", "http://127.0.0.1:3000", "https://xn--bcher-kva.test:8443"];
const REQUIREMENTS = { origin: ORIGINS[0]!, methods: ["PUT"], requestHeaders: ["x-request-id"], credentials: true, exposeHeaders: [], preflight: true, preflightStatus: 401, path: "/api/items/7", serverOrigin: SERVER };

function observation(index: number, overrides: Partial<PolicyObservation>): PolicyObservation {
  return {
    id: `r${index}`,
    method: "GET",
    path: "/api/items",
    blocked: false,
    origin: ORIGINS[index % ORIGINS.length]!,
    requestHeaders: [],
    credentials: false,
    exposeHeaders: [],
    preflightResponseHeaders: [],
    responseHeaders: [],
    ...overrides,
  };
}

const policy = serverPolicy(SERVER, [
  observation(0, { method: "PUT", blocked: true, requestHeaders: ["x-request-id", "x-evil'`$a#%|^!~*+&"], credentials: true, exposeHeaders: ["x-request-id"] }),
  observation(1, { method: "POST", requestHeaders: ["content-type", "authorization"] }),
  observation(2, { method: "patch", requestHeaders: ["x-trace"] }),
  observation(3, {}),
]);
const fixes = buildFixesForPolicy(policy, { detected: [], requirements: REQUIREMENTS, code: "PreflightInvalidStatus" });

interface RandomRow {
  readonly origin: string;
  readonly method: string;
  readonly headers: readonly string[];
  readonly acah: string;
  readonly acao?: string;
  readonly expose?: readonly string[];
  readonly credentials?: boolean;
}

/** A server policy from generated rows: the first request blocked, the server's answers as given. */
function policyOf(rows: readonly RandomRow[]): ReturnType<typeof serverPolicy> {
  return serverPolicy(
    SERVER,
    rows.map((row, index) =>
      observation(index, {
        origin: row.origin,
        method: row.method,
        blocked: index === 0,
        requestHeaders: row.headers,
        exposeHeaders: row.expose ?? [],
        credentials: row.credentials ?? false,
        preflightResponseHeaders: [
          { name: "Access-Control-Allow-Headers", value: row.acah },
          ...(row.acao === undefined ? [] : [{ name: "Access-Control-Allow-Origin", value: row.acao }]),
        ],
      }),
    ),
  );
}

function forms(fix: Fix): [string, string][] {
  if (!fix.variants) return [[fix.language, fix.snippet]];
  return fix.variants.map((variant) => [variant.id === "cjs" ? "cjs" : fix.language, variant.snippet]);
}

describe("fixes from a server policy", () => {
  it("one fix per stack", () => {
    expect(fixes.map((fix) => fix.stack).sort()).toEqual(STACKS.map((stack) => stack.id).sort());
  });

  it.each(fixes.map((fix) => [fix.stack, fix] as const))("%s names every origin, method and header of the policy, and parses", (stack, fix) => {
    const unescaped = fix.snippet.replace(/\\(.)/g, "$1");
    // Caddy's and the config regexes list each origin; JSON and code list them as literals.
    for (const origin of ORIGINS) expect(unescaped, origin).toContain(origin);
    for (const method of ["PUT", "POST", "patch"]) {
      if (stack === "aws-s3" && method === "patch") continue;
      expect(fix.snippet.toLowerCase(), method).toContain(method.toLowerCase());
    }
    for (const header of ["x-request-id", "content-type", "authorization", "x-trace"]) expect(fix.snippet, header).toContain(header);
    for (const [language, snippet] of forms(fix)) {
      if (!hasChecker(language)) continue;
      const result = checkSyntax(language, snippet);
      expect(result.ok, `${language}\n${snippet}\n${result.output}`).toBe(true);
    }
  });

  it("JavaScript stacks give an ESM and a CommonJS form; the CommonJS one has no import and no top-level await", () => {
    const js = fixes.filter((fix) => ["express", "fastify", "koa", "hono"].includes(fix.stack));
    expect(js).toHaveLength(4);
    for (const fix of js) {
      expect(fix.variants?.map((variant) => variant.id)).toEqual(["esm", "cjs"]);
      const [esm, cjs] = fix.variants ?? [];
      expect(esm?.snippet).toBe(fix.snippet);
      expect(esm?.snippet).toMatch(/^import /m);
      expect(cjs?.snippet).toMatch(/require\(/);
      expect(cjs?.snippet).not.toMatch(/^import |^await |\bawait app\./m);
    }
  });

  it("never writes an empty header list where the library would then echo any header (@koa/cors, hono/cors)", () => {
    const empty = buildFixesForPolicy(serverPolicy(SERVER, [observation(0, { blocked: true })]), { detected: [], requirements: { ...REQUIREMENTS, requestHeaders: [] } });
    for (const stack of ["koa", "hono"]) {
      const fix = empty.find((candidate) => candidate.stack === stack);
      expect(fix?.snippet).not.toMatch(/allowHeaders: \[\]/);
      expect(fix?.snippet).toMatch(/allowHeaders: \["accept"\]/);
    }
    for (const fix of empty) {
      expect(fix.snippet).not.toMatch(/origin: true|origin: "\*"|AllowAnyOrigin|allowed_origins' => \['\*'\]/);
    }
  });

  it("whatever the page sent, every snippet keeps the values inside its literals", () => {
    const character = fc.oneof(fc.constantFrom('"', "'", "`", "\\", "$", "{", "}", "#", "%", "\n", "*", ",", " "), fc.string({ minLength: 1, maxLength: 1 }));
    const text = fc.string({ unit: character, maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.record({ origin: text, method: text, headers: fc.array(text, { maxLength: 3 }), acah: text, acao: text }), { minLength: 1, maxLength: 5 }), (rows) => {
        const hostile = policyOf(rows);
        for (const part of hostile.origins) expect(part.value).toMatch(/^[a-z][a-z0-9+.-]*:\/\/[^\s"'`\\{}]+$/i);
        for (const part of [...hostile.requestHeaders, ...hostile.methods]) expect(part.value).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
        for (const fix of buildFixesForPolicy(hostile, { detected: [], requirements: REQUIREMENTS })) {
          for (const [language, snippet] of forms(fix)) {
            const { literals } = lex(snippet, language === "cjs" ? "js" : language);
            if (["nginx", "apache", "caddy", "json"].includes(language)) continue;
            // Each origin of the policy decodes back from one literal.
            for (const part of hostile.origins) expect(literals.some((literal) => literal.includes(part.value)), `${fix.stack}\n${snippet}`).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  // The real parsers on random policies: every stack, every module style. Header names and methods
  // are HTTP tokens made of the characters that quote worst (' ` $ # % | ^ ! ~ * + &), origins are
  // exact ones of odd shapes or junk (left out: the no-origin form), server headers are junk.
  const tokenText = fc.string({ unit: fc.constantFrom(..."'`$#%|^!~*+&.-_aZ9"), minLength: 1, maxLength: 12 });
  const junk = fc.string({ unit: fc.oneof(fc.constantFrom('"', "'", "`", "\\", "$", "{", "}", "#", "\n", ";", "<?php"), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 16 });
  const origin = fc.oneof(fc.constantFrom(...ORIGINS, "http://a-b.test:1", "null"), junk);
  const rows = fc.array(fc.record({ origin, method: fc.oneof(tokenText, junk), headers: fc.array(fc.oneof(tokenText, junk), { maxLength: 4 }), expose: fc.array(tokenText, { maxLength: 2 }), acah: junk, credentials: fc.boolean() }), { minLength: 1, maxLength: 4 });

  it.for(STACKS.map((stack) => stack.id))("%s: every module style parses in its language, whatever the policy", { timeout: 120_000 }, (stack, testContext) => {
    const languages = new Set<string>();
    fc.assert(
      fc.property(rows, (sample) => {
        const random = policyOf(sample);
        const fix = buildFixesForPolicy(random, { detected: [], requirements: REQUIREMENTS }).find((candidate) => candidate.stack === stack);
        if (!fix) throw new Error(`no fix for ${stack}`);
        for (const [language, snippet] of forms(fix)) {
          languages.add(language);
          if (!hasChecker(language)) continue;
          const result = checkSyntax(language, snippet);
          expect(result.ok, `${language}\n${snippet}\n${result.output}`).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
    for (const language of languages) {
      const checker = CHECKERS[language];
      if (checker) requires(testContext, checker);
    }
  });
});
