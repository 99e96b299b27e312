// The engine's properties, shared by the CI test (a few hundred runs each) and
// scripts/property-million.ts (a million cases in total).
import fc from "fast-check";
import { diagnose, PRODUCIBLE_CODES, type HeaderField, type ObservedExchange } from "../../src/engine";
import { diagnoseUnguarded } from "../../src/engine/diagnose";

const CORS_HEADER_NAMES = [
  "Access-Control-Allow-Origin",
  "access-control-allow-origin",
  "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Expose-Headers",
  "Access-Control-Request-Method",
  "Access-Control-Request-Headers",
  "Origin",
  "Cookie",
  "Authorization",
  "Location",
  "Sec-Fetch-Mode",
  "Content-Type",
  "Vary",
];

const oddValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  // Any code points, lone surrogates and control characters included (cheaper than unit: "binary").
  fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 12 }).map((codes) => String.fromCodePoint(...codes)),
  fc.constantFrom("é", "日本語", "\u0000", "\r\n", "\ud800", "👍🏽", "\u00a0*\u00a0"),
  fc.constantFrom("*", "null", "true", "TRUE", "", " ", ",", ", ", "http://localhost:5173", "https://app.example", "GET, PUT", "x-a,,x b", "ftp://x/", "http://u:p@h/"),
  fc.nat({ max: 3000 }).map((length) => "a".repeat(length)),
);

const headerField: fc.Arbitrary<HeaderField> = fc.record({
  name: fc.oneof(fc.constantFrom(...CORS_HEADER_NAMES), fc.string({ minLength: 1, maxLength: 12 })),
  value: oddValue,
});
const headerList = fc.array(headerField, { maxLength: 8 });
const url = fc.oneof(
  fc.constantFrom("http://api.test:8080/data", "https://api.example/x", "http://localhost:5173/same", "http://192.168.0.2/", "", "not a url", "ftp://x/y", "http://u:p@api.test/"),
  // Hand-rolled instead of fc.webUrl(), whose construction costs seconds.
  fc
    .tuple(
      fc.constantFrom("http", "https", "ftp", "ws", "data", "chrome-extension"),
      fc.stringMatching(/^[a-z0-9.-]{0,12}$/),
      fc.option(fc.integer({ min: 0, max: 70000 })),
      fc.string({ maxLength: 12 }),
    )
    .map(([scheme, host, port, path]) => `${scheme}://${host}${port === null ? "" : `:${port}`}/${path}`),
  fc.string({ maxLength: 20 }),
);
const errorString = fc.oneof(
  fc.constantFrom("net::ERR_FAILED", "net::ERR_NAME_NOT_RESOLVED", "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS", "net::ERR_ABORTED", ""),
  fc.string({ maxLength: 20 }),
);
const response = fc.record(
  { url, status: fc.oneof(fc.constantFrom(0, 200, 204, 301, 302, 401, 404, 500), fc.integer()), headers: headerList, ip: fc.ipV4() },
  { requiredKeys: ["url", "status", "headers"] },
);

/** Structured but hostile exchanges: random header sets, odd values, missing fields. */
export const randomExchange: fc.Arbitrary<ObservedExchange> = fc.record(
  {
    url,
    method: fc.oneof(fc.constantFrom("GET", "POST", "PUT", "patch", "DELETE", "OPTIONS", ""), fc.string({ maxLength: 8 })),
    resourceType: fc.constantFrom("xmlhttprequest", "script", "image", "font", "main_frame", "sub_frame", "ping", "other", ""),
    initiator: fc.oneof(fc.constantFrom("http://localhost:5173", "null", "https://app.example", ""), fc.string({ maxLength: 10 })),
    documentUrl: url,
    requestHeaders: headerList,
    requestHeadersSent: fc.boolean(),
    preflight: fc.record(
      { url, requestHeaders: headerList, response, error: errorString },
      { requiredKeys: ["url", "requestHeaders"] },
    ),
    redirects: fc.array(fc.record({ url, status: fc.constantFrom(301, 302, 307, 0), headers: headerList, location: url }), { maxLength: 3 }),
    response,
    error: errorString,
    completed: fc.boolean(),
    redactedHeaders: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 10 })),
  },
  { requiredKeys: ["url", "method", "resourceType", "requestHeaders", "requestHeadersSent", "redirects", "completed"] },
);

/** Anything at all, including values that are not exchanges. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: randomExchange },
  { weight: 1, arbitrary: fc.anything() },
);

// ── Exchanges whose responses satisfy every rule ───────────────────────────────────────────

export interface WellFormed {
  readonly origin: string;
  readonly url: string;
  readonly method: string;
  /** Lower-cased, sorted names of non-safelisted headers the page sets. */
  readonly names: readonly string[];
  readonly credentials: boolean;
  readonly cookieVisible: boolean;
  readonly wildcardOrigin: boolean;
  readonly wildcardMethods: boolean;
  readonly wildcardHeaders: boolean;
  readonly preflightStatus: number;
  readonly noise: readonly HeaderField[];
}

const noiseField: fc.Arbitrary<HeaderField> = fc.record({
  name: fc.constantFrom("X-Request-Id", "Server", "Date", "Cache-Control", "Vary", "ETag", "Set-Cookie"),
  value: fc.string({ maxLength: 30 }),
});

export const wellFormed: fc.Arbitrary<WellFormed> = fc
  .record({
    origin: fc.constantFrom("http://localhost:5173", "https://app.example", "http://127.0.0.1:3000"),
    url: fc.constantFrom("http://api.test:8080/data", "https://api.example/v1/items?x=1", "http://localhost:9000/upload"),
    method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "OPTIONS", "PROPFIND"),
    names: fc.uniqueArray(
      fc.oneof(fc.constantFrom("authorization", "content-type", "x-token", "x-requested-with"), fc.stringMatching(/^x-[a-z0-9]{1,8}$/)),
      { maxLength: 4 },
    ),
    credentials: fc.boolean(),
    cookieVisible: fc.boolean(),
    wildcardOrigin: fc.boolean(),
    wildcardMethods: fc.boolean(),
    wildcardHeaders: fc.boolean(),
    preflightStatus: fc.constantFrom(200, 204, 299),
    noise: fc.array(noiseField, { maxLength: 3 }),
  })
  .map((spec) => ({
    ...spec,
    names: [...spec.names].sort(),
    // Wildcards count only without credentials.
    wildcardOrigin: spec.wildcardOrigin && !spec.credentials,
    wildcardMethods: spec.wildcardMethods && !spec.credentials,
    wildcardHeaders: spec.wildcardHeaders && !spec.credentials,
    cookieVisible: spec.cookieVisible && spec.credentials,
  }));

const SIMPLE = ["GET", "HEAD", "POST"];

export function needsPreflight(spec: WellFormed): boolean {
  return !SIMPLE.includes(spec.method) || spec.names.length > 0;
}

export type Removable = "preflight-origin" | "preflight-credentials" | "methods" | "headers" | "response-origin" | "response-credentials";

export function removableHeaders(spec: WellFormed): Removable[] {
  const removable: Removable[] = ["response-origin"];
  if (spec.credentials) removable.push("response-credentials");
  if (needsPreflight(spec)) {
    removable.push("preflight-origin");
    if (spec.credentials) removable.push("preflight-credentials");
    if (!SIMPLE.includes(spec.method)) removable.push("methods");
    if (spec.names.length > 0) removable.push("headers");
  }
  return removable;
}

/** The code Chromium reports when that required header is missing. */
export function expectedCode(removed: Removable, spec: WellFormed): { code: string; failedParameter: string } {
  switch (removed) {
    case "preflight-origin":
      return { code: "PreflightMissingAllowOriginHeader", failedParameter: "" };
    case "preflight-credentials":
      return { code: "PreflightInvalidAllowCredentials", failedParameter: "" };
    case "methods":
      return { code: "MethodDisallowedByPreflightResponse", failedParameter: spec.method.toUpperCase() === "PATCH" || spec.method === "PROPFIND" ? spec.method : spec.method.toUpperCase() };
    case "headers":
      return { code: "HeaderDisallowedByPreflightResponse", failedParameter: spec.names[0]! };
    case "response-origin":
      return { code: "MissingAllowOriginHeader", failedParameter: "" };
    case "response-credentials":
      return { code: "InvalidAllowCredentials", failedParameter: "" };
  }
}

/** The exchange as captured; with `removed`, that header is missing and the browser failed it. */
export function buildExchange(spec: WellFormed, removed?: Removable): ObservedExchange {
  const method = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(spec.method.toUpperCase()) ? spec.method.toUpperCase() : spec.method;
  const allowOrigin = spec.wildcardOrigin ? "*" : spec.origin;
  const pageHeaders: HeaderField[] = spec.names.map((name) => ({
    name,
    value: name === "content-type" ? "application/json" : name === "authorization" ? "[redacted]" : "1",
  }));
  const corsHeaders = (stage: "preflight" | "response"): HeaderField[] => {
    const fields: HeaderField[] = [];
    if (removed !== `${stage}-origin`) fields.push({ name: "Access-Control-Allow-Origin", value: allowOrigin });
    if (spec.credentials && removed !== `${stage}-credentials`) fields.push({ name: "Access-Control-Allow-Credentials", value: "true" });
    return fields;
  };
  const preflightFails = removed !== undefined && !removed.startsWith("response");
  const preflight = needsPreflight(spec)
    ? {
        url: spec.url,
        requestHeaders: [
          { name: "Access-Control-Request-Method", value: method },
          ...(spec.names.length ? [{ name: "Access-Control-Request-Headers", value: spec.names.join(",") }] : []),
          { name: "Origin", value: spec.origin },
        ],
        response: {
          url: spec.url,
          status: spec.preflightStatus,
          headers: [
            ...corsHeaders("preflight"),
            ...(removed === "methods" ? [] : [{ name: "Access-Control-Allow-Methods", value: spec.wildcardMethods ? "*" : `GET, ${method}` }]),
            ...(removed === "headers" || spec.names.length === 0
              ? []
              : [{ name: "Access-Control-Allow-Headers", value: spec.wildcardHeaders ? "*" : spec.names.join(", ") }]),
          ],
        },
      }
    : undefined;
  const failed = removed !== undefined;
  return {
    url: spec.url,
    method,
    resourceType: "xmlhttprequest",
    initiator: spec.origin,
    requestHeaders: preflightFails
      ? []
      : [...pageHeaders, { name: "Origin", value: spec.origin }, ...(spec.cookieVisible ? [{ name: "Cookie", value: "[redacted]" }] : [])],
    requestHeadersSent: !preflightFails,
    ...(preflight ? { preflight } : {}),
    redirects: [],
    ...(preflightFails ? {} : { response: { url: spec.url, status: 200, headers: [...corsHeaders("response"), ...spec.noise] } }),
    ...(failed ? { error: "net::ERR_FAILED" } : {}),
    completed: !failed,
  };
}

// ── The properties ────────────────────────────────────────────────────────────────────────

const VERDICTS = new Set(["allowed", "blocked", "not-cors", "unrelated-failure", "unknown"]);
const PRODUCIBLE = new Set<string>(PRODUCIBLE_CODES);

export const neverThrows = fc.property(anyInput, (input) => {
  const diagnosis = diagnoseUnguarded(input as ObservedExchange);
  if (!VERDICTS.has(diagnosis.verdict)) return false;
  if (typeof diagnosis.title !== "string" || diagnosis.explanation === "") return false;
  if (diagnosis.verdict === "blocked") {
    return PRODUCIBLE.has(diagnosis.code ?? "") && typeof diagnosis.failedParameter === "string" && diagnosis.requirements !== undefined;
  }
  return diagnosis.code === undefined;
});

export const deterministic = fc.property(anyInput, (input) => {
  const first = JSON.stringify(diagnose(input as ObservedExchange));
  const second = JSON.stringify(diagnose(structuredCloneSafe(input) as ObservedExchange));
  return first === second;
});

export const satisfiedIsNeverBlocked = fc.property(wellFormed, (spec) => {
  const diagnosis = diagnose(buildExchange(spec));
  return diagnosis.verdict === "allowed";
});

export const removingARequiredHeaderGivesItsCode = fc.property(
  wellFormed.chain((spec) => fc.tuple(fc.constant(spec), fc.constantFrom(...removableHeaders(spec)))),
  ([spec, removed]) => {
    const diagnosis = diagnose(buildExchange(spec, removed));
    const expected = expectedCode(removed, spec);
    return diagnosis.verdict === "blocked" && diagnosis.code === expected.code && diagnosis.failedParameter === expected.failedParameter;
  },
);

export const PROPERTIES = {
  "random header sets never throw": neverThrows,
  "the verdict is deterministic": deterministic,
  "an exchange that satisfies every rule is never blocked": satisfiedIsNeverBlocked,
  "removing a required header yields that header's code": removingARequiredHeaderGivesItsCode,
} as const;

function structuredCloneSafe(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
