// Hand-built FixContext values (the fix library does not depend on the engine).
import type { CorsErrorCode, FixRequirements, HeaderList } from "../../src/engine/types";
import type { FixContext } from "../../src/fixes/types";

export function context(
  requirements: Partial<FixRequirements>,
  code?: CorsErrorCode,
  responseHeaders: HeaderList = [],
): FixContext {
  return {
    code,
    responseHeaders,
    requirements: {
      origin: "http://127.0.0.1:5173",
      methods: ["GET"],
      requestHeaders: [],
      credentials: false,
      exposeHeaders: [],
      preflight: false,
      path: "/api/items",
      serverOrigin: "http://localhost:8080",
      ...requirements,
    },
  };
}

/** The lab's broken case: a credentialed PUT with two custom headers whose preflight got a 401. */
export const AUTH_PREFLIGHT = context(
  {
    methods: ["PUT"],
    requestHeaders: ["authorization", "x-request-id"],
    credentials: true,
    exposeHeaders: ["x-request-id"],
    preflight: true,
    preflightStatus: 401,
    path: "/api/items/7",
  },
  "PreflightInvalidStatus",
);

export const SAMPLES: ReadonlyArray<readonly [string, FixContext]> = [
  ["401 preflight, credentialed PUT", AUTH_PREFLIGHT],
  ["missing ACAO on a simple GET", context({ origin: "https://app.shop.test", path: "/products" }, "MissingAllowOriginHeader")],
  [
    "wildcard with credentials, JSON POST",
    context(
      { origin: "https://dash.corp.test:8443", methods: ["POST"], requestHeaders: ["content-type"], credentials: true, preflight: true, path: "/v1/graphql" },
      "PreflightWildcardOriginNotAllowed",
    ),
  ],
  [
    "duplicate ACAO on DELETE with an API key",
    context(
      { methods: ["DELETE"], requestHeaders: ["x-api-key"], exposeHeaders: ["etag", "x-total-count"], preflight: true },
      "PreflightMultipleAllowOriginValues",
    ),
  ],
  [
    "custom header refused on PATCH",
    context(
      { origin: "http://localhost:3000", methods: ["PATCH"], requestHeaders: ["x-csrf-token", "x-trace"], credentials: true, preflight: true, path: "/api/v2/users/me" },
      "HeaderDisallowedByPreflightResponse",
    ),
  ],
];

/** Everything a page could try to smuggle into a snippet: quotes, escapes, interpolation, newlines. */
export const HOSTILE_ORIGIN = "http://evil.test\"'`;$x{}#{x}${x}%{X}e\\\\n\n\r\u2028</script>";
export const HOSTILE_HEADER = "x-evil'`$a#%|^!~*+&";
export const HOSTILE = context(
  {
    origin: HOSTILE_ORIGIN,
    methods: ["PUT", "evil method"],
    requestHeaders: [HOSTILE_HEADER, "x-evil\"\n{}", "authorization"],
    exposeHeaders: ["x-evil-expose`$"],
    credentials: true,
    preflight: true,
    path: "/api\"{}$evil/items",
  },
  "PreflightInvalidStatus",
);
