// Chromium's CORS checks, in Chromium's order, as pure functions over observed headers.
// Each returns every row it evaluated (for the "expected vs received" table) and the first error,
// which is the one the browser reports. Sources: services/network/public/cpp/cors/cors.cc
// (CheckAccess, CheckRedirectLocation) and services/network/cors/preflight_result.cc.
import { getHeader, isToken, splitList } from "./headers";
import { hasCredentialsInUrl, isHttpScheme, isParseableUrl } from "./origin";
import { isSafelistedMethod } from "./safelist";
import type { CheckStage, CorsErrorCode, HeaderCheck, HeaderList } from "./types";

export interface CorsFailure {
  readonly code: CorsErrorCode;
  readonly failedParameter: string;
}

export interface CheckOutcome {
  readonly rows: HeaderCheck[];
  readonly failure?: CorsFailure;
}

const NOT_REACHED = "The browser stopped at the earlier failure; shown so you can fix everything at once.";

/** A row while the collector completes it. */
type OwnedRow = { -readonly [K in keyof HeaderCheck]: HeaderCheck[K] };

/**
 * Collects rows; the first failing row carries the error the browser reports. Every row is handed
 * over as a fresh literal, so the collector owns it and completes it in place: a copy written
 * `{ ...row, failing: true }` is V8's slow path (a few µs), and this runs at every cross-origin
 * response the capture judges.
 */
class RowCollector {
  readonly rows: HeaderCheck[] = [];
  failure: CorsFailure | undefined;

  add(row: Omit<HeaderCheck, "failing">, failure?: CorsFailure): void {
    const owned = row as OwnedRow;
    if (!row.ok && failure && !this.failure) {
      this.failure = failure;
      owned.failing = true;
    } else if (this.failure) {
      owned.note = row.note ? `${row.note} ${NOT_REACHED}` : NOT_REACHED;
    }
    this.rows.push(owned);
  }

  outcome(): CheckOutcome {
    return this.failure ? { rows: this.rows, failure: this.failure } : { rows: this.rows };
  }
}

function preflightCode(code: CorsErrorCode, preflight: boolean): CorsErrorCode {
  return (preflight ? `Preflight${code}` : code) as CorsErrorCode;
}

function failureOf(name: CorsErrorCode, preflight: boolean, failedParameter: string): CorsFailure {
  return { code: preflightCode(name, preflight), failedParameter };
}

/** Fetch: CORS check. Chromium's order: `*`, missing, mismatch variants, then credentials. */
function checkAccessInto(
  collector: RowCollector,
  headers: HeaderList,
  origin: string,
  credentialsInclude: boolean,
  stage: CheckStage,
  preflight: boolean,
): void {
  const allowOrigin = getHeader(headers, "Access-Control-Allow-Origin");
  const header = "Access-Control-Allow-Origin";
  const received = allowOrigin;
  if (allowOrigin === "*") {
    // Fetch: CORS check, step 3: `*` passes only without credentials.
    collector.add(
      {
        stage,
        header,
        received,
        expected: credentialsInclude ? `${origin} (not *, because credentials are included)` : `* or ${origin}`,
        ok: !credentialsInclude,
      },
      failureOf("WildcardOriginNotAllowed" as CorsErrorCode, preflight, ""),
    );
    if (!credentialsInclude) return;
  } else if (allowOrigin === null) {
    collector.add({ stage, header, received, expected: origin, ok: false }, failureOf("MissingAllowOriginHeader", preflight, ""));
  } else if (allowOrigin !== origin) {
    let failure: CorsFailure;
    if (/[ ,]/.test(allowOrigin)) failure = failureOf("MultipleAllowOriginValues", preflight, allowOrigin);
    else if (allowOrigin === "null") failure = failureOf("AllowOriginMismatch", preflight, allowOrigin);
    else if (!isParseableUrl(allowOrigin)) failure = failureOf("InvalidAllowOriginValue", preflight, allowOrigin);
    else failure = failureOf("AllowOriginMismatch", preflight, allowOrigin);
    collector.add({ stage, header, received, expected: `exactly ${origin}`, ok: false }, failure);
  } else {
    collector.add({ stage, header, received, expected: origin, ok: true });
  }

  const allowCredentials = getHeader(headers, "Access-Control-Allow-Credentials");
  const credentialsHeader = "Access-Control-Allow-Credentials";
  if (credentialsInclude) {
    // Fetch: CORS check, step 7: with credentials, ACAC must be exactly "true".
    collector.add(
      { stage, header: credentialsHeader, received: allowCredentials, expected: "true (exactly, lower case)", ok: allowCredentials === "true" },
      failureOf("InvalidAllowCredentials", preflight, allowCredentials ?? ""),
    );
  } else if (allowCredentials !== null) {
    collector.add({ stage, header: credentialsHeader, received: allowCredentials, expected: "not needed (no credentials)", ok: true });
  }
}

/** CORS check of a response to the actual request (final response or a redirect hop). */
export function checkResponseAccess(
  headers: HeaderList,
  origin: string,
  credentialsInclude: boolean,
  stage: CheckStage,
): CheckOutcome {
  const collector = new RowCollector();
  checkAccessInto(collector, headers, origin, credentialsInclude, stage, false);
  return collector.outcome();
}

/**
 * A followed or refused redirect of a CORS request: the CORS check on the 3xx itself, then
 * Chromium's CheckRedirectLocation (scheme, then user:pass@ in Location).
 */
export function checkRedirectHop(
  headers: HeaderList,
  location: string,
  origin: string,
  credentialsInclude: boolean,
): CheckOutcome {
  const collector = new RowCollector();
  checkAccessInto(collector, headers, origin, credentialsInclude, "redirect", false);
  collector.add(
    { stage: "redirect", header: "Location", expected: "an http: or https: URL", received: location, ok: isHttpScheme(location) },
    { code: "CorsDisabledScheme", failedParameter: "" },
  );
  collector.add(
    {
      stage: "redirect",
      header: "Location",
      expected: "a URL without user:password@",
      received: location,
      ok: !hasCredentialsInUrl(location),
    },
    // Observed in Chromium 156: failedParameter is "" (the source suggests the URL).
    { code: "RedirectContainsCredentials", failedParameter: "" },
  );
  return collector.outcome();
}

export interface PreflightInput {
  readonly status: number;
  readonly headers: HeaderList;
  readonly origin: string;
  readonly credentialsInclude: boolean;
  /** The actual request's method, as Access-Control-Request-Method carried it. */
  readonly method: string;
  /** Lower-cased, sorted names from Access-Control-Request-Headers. */
  readonly requestHeaderNames: readonly string[];
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

function parseAllowList(value: string | null, lowerCase: boolean): string[] | null {
  if (value === null) return [];
  const items = splitList(value);
  if (!items.every(isToken)) return null;
  return lowerCase ? items.map((item) => item.toLowerCase()) : items;
}

/** Chromium's preflight checks: redirect → ACAO/ACAC → status → ACAM/ACAH parse → method → headers. */
export function checkPreflight(input: PreflightInput): CheckOutcome {
  const { status, headers, origin, credentialsInclude, method, requestHeaderNames } = input;
  const collector = new RowCollector();
  const statusText = status === 0 ? null : String(status);
  // Only a real redirect (a redirect status with a Location) makes the network stack call it one;
  // a 300/304, or a 302 without Location, is an ordinary non-2xx answer.
  const isRedirect = REDIRECT_STATUSES.includes(status) && getHeader(headers, "Location") !== null;
  if (isRedirect) {
    collector.add(
      { stage: "preflight", header: "Status", expected: "2xx, never a redirect", received: statusText, ok: false, note: "Preflights never follow redirects: answer OPTIONS at this exact URL." },
      { code: "PreflightDisallowedRedirect", failedParameter: "" },
    );
  }

  checkAccessInto(collector, headers, origin, credentialsInclude, "preflight", true);

  if (!isRedirect) {
    const okStatus = status >= 200 && status < 300;
    collector.add(
      {
        stage: "preflight",
        header: "Status",
        expected: "2xx (200 or 204)",
        received: statusText,
        ok: okStatus,
        ...(okStatus ? {} : { note: statusNote(status) }),
      },
      { code: "PreflightInvalidStatus", failedParameter: "" },
    );
  }

  const allowMethodsRaw = getHeader(headers, "Access-Control-Allow-Methods");
  const allowHeadersRaw = getHeader(headers, "Access-Control-Allow-Headers");
  const allowMethods = parseAllowList(allowMethodsRaw, false);
  const allowHeaders = parseAllowList(allowHeadersRaw, true);
  if (allowMethods === null) {
    collector.add(
      { stage: "preflight", header: "Access-Control-Allow-Methods", expected: "a comma-separated list of method tokens", received: allowMethodsRaw, ok: false },
      { code: "InvalidAllowMethodsPreflightResponse", failedParameter: "" },
    );
  }
  if (allowHeaders === null) {
    collector.add(
      { stage: "preflight", header: "Access-Control-Allow-Headers", expected: "a comma-separated list of header names", received: allowHeadersRaw, ok: false },
      { code: "InvalidAllowHeadersPreflightResponse", failedParameter: "" },
    );
  }

  if (allowMethods !== null) {
    // Methods compare case-sensitively; GET/HEAD/POST are always allowed.
    const wildcard = !credentialsInclude && allowMethods.includes("*");
    const methodOk = isSafelistedMethod(method) || allowMethods.includes(method) || wildcard;
    const expected = isSafelistedMethod(method)
      ? `nothing needed (${method} is always allowed)`
      : `a list containing ${method}${credentialsInclude ? " (* does not count with credentials)" : " (or *)"}`;
    if (!isSafelistedMethod(method) || allowMethodsRaw !== null) {
      collector.add(
        { stage: "preflight", header: "Access-Control-Allow-Methods", expected, received: allowMethodsRaw, ok: methodOk },
        { code: "MethodDisallowedByPreflightResponse", failedParameter: method },
      );
    }
  }

  if (allowHeaders !== null) {
    const wildcard = !credentialsInclude && allowHeaders.includes("*");
    if (requestHeaderNames.length === 0) {
      if (allowHeadersRaw !== null) {
        collector.add({ stage: "preflight", header: "Access-Control-Allow-Headers", expected: "nothing needed (no non-safelisted headers)", received: allowHeadersRaw, ok: true });
      }
    } else {
      const missing = wildcard ? [] : requestHeaderNames.filter((name) => !allowHeaders.includes(name));
      const first = missing[0];
      collector.add(
        {
          stage: "preflight",
          header: "Access-Control-Allow-Headers",
          expected: `a list containing ${requestHeaderNames.join(", ")}${credentialsInclude ? " (* does not count with credentials)" : " (or *)"}`,
          received: allowHeadersRaw,
          ok: first === undefined,
          ...(missing.length > 1 ? { note: `Also missing: ${missing.slice(1).join(", ")}.` } : {}),
        },
        { code: "HeaderDisallowedByPreflightResponse", failedParameter: first ?? "" },
      );
    }
  }
  return collector.outcome();
}

function statusNote(status: number): string {
  if (status === 401 || status === 403) return "Your auth middleware answered the OPTIONS request; preflights carry no credentials, so let OPTIONS through before auth.";
  if (status === 404 || status === 405) return "Your router has no OPTIONS route for this path; answer OPTIONS (usually 204) with the CORS headers.";
  if (status >= 500) return "The server crashed or refused the OPTIONS request; answer OPTIONS before the application code runs.";
  if (status === 0) return "No status was observed.";
  return "A preflight must answer with a 2xx status.";
}
