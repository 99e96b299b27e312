// Firefox's reason for each failure, one row per lab case observed in Firefox ESR 153: the
// console text in the last column is what Firefox printed, URL and ports replaced.
import { describe, expect, it } from "vitest";
import {
  FIREFOX_REASONS,
  firefoxCategory,
  firefoxReasonFor,
  firefoxReasonOfCategory,
  firefoxReasonUrl,
  type FirefoxReasonInput,
} from "../../src/engine/firefox-reasons";
import type { HeaderList } from "../../src/engine";

const URL_ = "http://localhost:36011/case/x?case=x&n=1";
const PAGE = "http://localhost:46581";
const H = (...lines: [string, string][]): HeaderList => lines.map(([name, value]) => ({ name, value }));
const BLOCKED = `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${URL_}. (Reason: `;

const rows: readonly [string, FirefoxReasonInput, string, string][] = [
  ["missing-acao", { code: "MissingAllowOriginHeader", failedParameter: "", url: URL_, status: 200 }, "CORSMissingAllowOrigin", `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`],
  ["error-page-no-acao", { code: "MissingAllowOriginHeader", failedParameter: "", url: URL_, status: 500 }, "CORSMissingAllowOrigin", `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 500.`],
  ["preflight-404-no-acao", { code: "PreflightMissingAllowOriginHeader", failedParameter: "", url: URL_, status: 404 }, "CORSMissingAllowOrigin", `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.`],
  ["acao-other-origin", { code: "AllowOriginMismatch", failedParameter: "https://app.example.com", url: URL_ }, "CORSAllowOriginNotMatchingOrigin", `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.example.com’).`],
  ["invalid-acao-value", { code: "InvalidAllowOriginValue", failedParameter: "app.example.com", url: URL_ }, "CORSAllowOriginNotMatchingOrigin", `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example.com’).`],
  [
    "multiple-acao-comma (one line: compared whole)",
    { code: "MultipleAllowOriginValues", failedParameter: `${PAGE}, https://app.example.com`, url: URL_, responseHeaders: H(["Access-Control-Allow-Origin", `${PAGE}, https://app.example.com`]) },
    "CORSAllowOriginNotMatchingOrigin",
    `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, https://app.example.com’).`,
  ],
  [
    "multiple-acao-duplicate-lines",
    { code: "MultipleAllowOriginValues", failedParameter: `${PAGE}, *`, url: URL_, responseHeaders: H(["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Origin", "*"]) },
    "CORSMultipleAllowOriginNotAllowed",
    `${BLOCKED}Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
  ],
  [
    "preflight-multiple-acao: two equal lines, joined by Firefox's webRequest",
    { code: "PreflightMultipleAllowOriginValues", failedParameter: `${PAGE}, ${PAGE}`, url: URL_, responseHeaders: H(["Access-Control-Allow-Origin", `${PAGE}, ${PAGE}`]) },
    "CORSMultipleAllowOriginNotAllowed",
    `${BLOCKED}Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
  ],
  [
    "multiple-acao-duplicate-lines as Firefox's webRequest shows them (joined)",
    { code: "MultipleAllowOriginValues", failedParameter: `${PAGE}, *`, url: URL_, responseHeaders: H(["Access-Control-Allow-Origin", `${PAGE}, *`]) },
    "CORSMultipleAllowOriginNotAllowed",
    `${BLOCKED}Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
  ],
  [
    "wildcard-with-credentials (the URL in quotes)",
    { code: "WildcardOriginNotAllowed", failedParameter: "", url: URL_ },
    "CORSNotSupportingCredentials",
    `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘${URL_}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`,
  ],
  ["credentials-acac-uppercase", { code: "InvalidAllowCredentials", failedParameter: "TRUE", url: URL_ }, "CORSMissingAllowCredentials", `${BLOCKED}expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`],
  ["preflight-missing-acac", { code: "PreflightInvalidAllowCredentials", failedParameter: "", url: URL_ }, "CORSMissingAllowCredentials", `${BLOCKED}expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`],
  ["preflight-404-with-acao", { code: "PreflightInvalidStatus", failedParameter: "", url: URL_, status: 404 }, "CORSPreflightDidNotSucceed", `${BLOCKED}CORS preflight response did not succeed). Status code: 404.`],
  ["preflight-redirect", { code: "PreflightDisallowedRedirect", failedParameter: "", url: URL_, status: 301 }, "CORSExternalRedirectNotAllowed", `${BLOCKED}CORS request external redirect not allowed).`],
  [
    "parallel-6-redirect (a 308 without ACAO: Firefox checks ACAO first)",
    { code: "PreflightDisallowedRedirect", failedParameter: "", url: URL_, status: 308, accessFailure: { code: "PreflightMissingAllowOriginHeader", failedParameter: "" } },
    "CORSMissingAllowOrigin",
    `${BLOCKED}CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 308.`,
  ],
  [
    "invalid-allow-methods",
    { code: "InvalidAllowMethodsPreflightResponse", failedParameter: "", url: URL_, responseHeaders: H(["Access-Control-Allow-Methods", "GET;PUT;DELETE"]) },
    "CORSInvalidAllowMethod",
    `${BLOCKED}invalid token ‘GET;PUT;DELETE’ in CORS header ‘Access-Control-Allow-Methods’).`,
  ],
  [
    "parallel-8-bad-methods",
    { code: "InvalidAllowMethodsPreflightResponse", failedParameter: "", url: URL_, responseHeaders: H(["Access-Control-Allow-Methods", "PUT DELETE"]) },
    "CORSInvalidAllowMethod",
    `${BLOCKED}invalid token ‘PUT DELETE’ in CORS header ‘Access-Control-Allow-Methods’).`,
  ],
  [
    "parallel-9-bad-headers (the token, not the whole list)",
    { code: "InvalidAllowHeadersPreflightResponse", failedParameter: "", url: URL_, responseHeaders: H(["Access-Control-Allow-Headers", "content-type, x-lab;"]) },
    "CORSInvalidAllowHeader",
    `${BLOCKED}invalid token ‘x-lab;’ in CORS header ‘Access-Control-Allow-Headers’).`,
  ],
  ["method-put-disallowed", { code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT", url: URL_ }, "CORSMethodNotFound", `${BLOCKED}Did not find method in CORS header ‘Access-Control-Allow-Methods’).`],
  [
    "header-x-api-key-disallowed",
    { code: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key", url: URL_ },
    "CORSMissingAllowHeaderFromPreflight",
    `${BLOCKED}header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`,
  ],
  ["redirect-contains-credentials (no reason of its own)", { code: "RedirectContainsCredentials", failedParameter: "", url: URL_ }, "CORSDidNotSucceed", `${BLOCKED}CORS request did not succeed). Status code: (null).`],
];

describe("Firefox's reason and console text for each failure", () => {
  it.each(rows)("%s", (_name, input, key, message) => {
    const reason = firefoxReasonFor(input);
    expect(reason?.key).toBe(key);
    expect(reason?.consoleMessage).toBe(message);
    expect(reason?.url).toBe(`https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/${key}`);
  });

  it("has no Firefox reason for failures Firefox does not name as CORS", () => {
    expect(firefoxReasonFor({ code: "LocalNetworkAccessPermissionDenied", failedParameter: "", url: URL_ })).toBeUndefined();
    expect(firefoxReasonFor({ code: "InsecureLocalNetwork", failedParameter: "", url: URL_ })).toBeUndefined();
  });

  it("maps console categories (with their version suffix) back to the MDN key", () => {
    for (const key of FIREFOX_REASONS) {
      expect(firefoxReasonOfCategory(firefoxCategory(key))).toBe(key);
      expect(firefoxReasonUrl(key)).toMatch(/^https:\/\/developer\.mozilla\.org\/en-US\/docs\/Web\/HTTP\/Guides\/CORS\/Errors\/CORS/);
    }
    expect(firefoxReasonOfCategory("CORSMissingAllowOrigin2")).toBe("CORSMissingAllowOrigin");
    expect(firefoxReasonOfCategory("CORSAllowHeaderFromPreflightDeprecation")).toBeUndefined();
    expect(firefoxReasonOfCategory("CSP")).toBeUndefined();
  });
});
