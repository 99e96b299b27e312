// Firefox's names for CORS failures: the reason keys MDN documents under HTTP › CORS › Errors,
// the category Firefox logs them under, and the console line Firefox prints, rebuilt from the
// failure the engine found. Sources: mozilla/gecko-dev netwerk/protocol/http/nsCORSListenerProxy.cpp
// (CheckRequestApproved, CheckPreflightRequestApproved: which key each check logs, with which
// parameter) and dom/locales/en-US/chrome/security/security.properties (the texts); every mapping
// below was observed in Firefox ESR 153 on the lab's cases (docs/firefox.md).
import type { CorsErrorCode, FirefoxReasonNote, HeaderList } from "./types";
import { getHeader, headerValues, isToken } from "./headers";

/** The reason keys, named as MDN's pages are (the console category may carry a version suffix). */
export const FIREFOX_REASONS = [
  "CORSDisabled",
  "CORSDidNotSucceed",
  "CORSOriginHeaderNotAdded",
  "CORSExternalRedirectNotAllowed",
  "CORSRequestNotHttp",
  "CORSMissingAllowOrigin",
  "CORSMultipleAllowOriginNotAllowed",
  "CORSAllowOriginNotMatchingOrigin",
  "CORSNotSupportingCredentials",
  "CORSMethodNotFound",
  "CORSMissingAllowCredentials",
  "CORSPreflightDidNotSucceed",
  "CORSInvalidAllowMethod",
  "CORSInvalidAllowHeader",
  "CORSMissingAllowHeaderFromPreflight",
] as const;
export type FirefoxReasonKey = (typeof FIREFOX_REASONS)[number];

interface ReasonSpec {
  /** The category of the console message (security.properties key). */
  readonly category: string;
  /** The text inside "(Reason: …)"; `%P` is the parameter. */
  readonly reason: string;
  /** Firefox appends ". Status code: N." after the reason. */
  readonly withStatus?: boolean;
}

const SPECS: Readonly<Record<FirefoxReasonKey, ReasonSpec>> = {
  CORSDisabled: { category: "CORSDisabled", reason: "CORS disabled" },
  CORSDidNotSucceed: { category: "CORSDidNotSucceed2", reason: "CORS request did not succeed", withStatus: true },
  CORSOriginHeaderNotAdded: { category: "CORSOriginHeaderNotAdded", reason: "CORS header ‘Origin’ cannot be added" },
  CORSExternalRedirectNotAllowed: { category: "CORSExternalRedirectNotAllowed", reason: "CORS request external redirect not allowed" },
  CORSRequestNotHttp: { category: "CORSRequestNotHttp", reason: "CORS request not http" },
  CORSMissingAllowOrigin: { category: "CORSMissingAllowOrigin2", reason: "CORS header ‘Access-Control-Allow-Origin’ missing", withStatus: true },
  CORSMultipleAllowOriginNotAllowed: { category: "CORSMultipleAllowOriginNotAllowed", reason: "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed" },
  CORSAllowOriginNotMatchingOrigin: { category: "CORSAllowOriginNotMatchingOrigin", reason: "CORS header ‘Access-Control-Allow-Origin’ does not match ‘%P’" },
  CORSNotSupportingCredentials: {
    category: "CORSNotSupportingCredentials",
    reason: "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’",
  },
  CORSMethodNotFound: { category: "CORSMethodNotFound", reason: "Did not find method in CORS header ‘Access-Control-Allow-Methods’" },
  CORSMissingAllowCredentials: { category: "CORSMissingAllowCredentials", reason: "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’" },
  CORSPreflightDidNotSucceed: { category: "CORSPreflightDidNotSucceed3", reason: "CORS preflight response did not succeed", withStatus: true },
  CORSInvalidAllowMethod: { category: "CORSInvalidAllowMethod", reason: "invalid token ‘%P’ in CORS header ‘Access-Control-Allow-Methods’" },
  CORSInvalidAllowHeader: { category: "CORSInvalidAllowHeader", reason: "invalid token ‘%P’ in CORS header ‘Access-Control-Allow-Headers’" },
  CORSMissingAllowHeaderFromPreflight: {
    category: "CORSMissingAllowHeaderFromPreflight2",
    reason: "header ‘%P’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response",
  },
};

/** MDN's page for a reason (developer.mozilla.org, HTTP › CORS › Errors). */
export function firefoxReasonUrl(key: FirefoxReasonKey): string {
  return `https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/${key}`;
}

/** The console category Firefox logs a reason under, e.g. "CORSMissingAllowOrigin2". */
export function firefoxCategory(key: FirefoxReasonKey): string {
  return SPECS[key].category;
}

/** The reason key for a console category ("CORSMissingAllowOrigin2" → "CORSMissingAllowOrigin"). */
export function firefoxReasonOfCategory(category: string): FirefoxReasonKey | undefined {
  return FIREFOX_REASONS.find((key) => SPECS[key].category === category || key === category);
}

export interface FirefoxReason extends FirefoxReasonNote {
  readonly key: FirefoxReasonKey;
}

export interface FirefoxReasonInput {
  /** The failure as the engine names it (Chromium's code). */
  readonly code: CorsErrorCode;
  readonly failedParameter: string;
  /** The URL Firefox names: the request's URL (the failing hop's, after redirects). */
  readonly url: string;
  /** Status of the response that failed the check, when one arrived. */
  readonly status?: number;
  /** Headers of the response that failed the check (ACAO lines, ACAM, ACAH). */
  readonly responseHeaders?: HeaderList;
  /**
   * For a redirected preflight: how the Access-Control-Allow-Origin/-Credentials check fails on that
   * same 3xx answer, if it does. Firefox checks those before refusing the redirect (Chromium refuses
   * the redirect first), so a 3xx without ACAO is CORSMissingAllowOrigin in Firefox.
   */
  readonly accessFailure?: { readonly code: CorsErrorCode; readonly failedParameter: string };
}

/** Firefox's console line for a reason. */
export function firefoxConsoleMessage(key: FirefoxReasonKey, url: string, parameter = "", status?: number): string {
  const spec = SPECS[key];
  const reason = spec.reason.replace("%P", parameter);
  // Firefox quotes the URL only in this one message (security.properties).
  const at = key === "CORSNotSupportingCredentials" ? `‘${url}’` : url;
  const tail = spec.withStatus ? `. Status code: ${status === undefined || status === 0 ? "(null)" : String(status)}.` : ".";
  return `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${at}. (Reason: ${reason})${tail}`;
}

/**
 * Whether Access-Control-Allow-Origin came as several header lines. Firefox's webRequest joins
 * repeated lines with ", " (observed), so a joined value looks like one line listing origins. Two
 * lines come from two layers each adding the header (a proxy and the app): the same value twice, or
 * one of them `*`. A list of different origins is what one line written to allow several looks like.
 */
export function looksLikeRepeatedLines(headers: HeaderList, value: string): boolean {
  if (headerValues(headers, "Access-Control-Allow-Origin").length > 1) return true;
  const items = value.split(",").map((item) => item.trim());
  return items.length > 1 && (items.includes("*") || items.every((item) => item === items[0]));
}

/** The first item of a comma list that is not an HTTP token: what Firefox names as invalid. */
function firstInvalidToken(value: string | null): string {
  if (value === null) return "";
  for (const item of value.split(",")) {
    const token = item.trim();
    if (token !== "" && !isToken(token)) return token;
  }
  return value.trim();
}

/**
 * Firefox's reason for a failure the engine found, or undefined where Firefox has no CORS reason
 * (Local Network Access, request modes it decides before any request).
 */
export function firefoxReasonFor(input: FirefoxReasonInput): FirefoxReason | undefined {
  const headers = input.responseHeaders ?? [];
  const make = (key: FirefoxReasonKey, parameter = "", status?: number): FirefoxReason => ({
    key,
    parameter,
    consoleMessage: firefoxConsoleMessage(key, input.url, parameter, status),
    url: firefoxReasonUrl(key),
  });
  const base = input.code.replace(/^Preflight(?=(WildcardOrigin|MissingAllowOrigin|MultipleAllowOrigin|InvalidAllowOrigin|AllowOriginMismatch|InvalidAllowCredentials))/, "");
  switch (base) {
    case "WildcardOriginNotAllowed":
      return make("CORSNotSupportingCredentials");
    case "MissingAllowOriginHeader":
      return make("CORSMissingAllowOrigin", "", input.status);
    case "MultipleAllowOriginValues":
      // Firefox counts header lines; one line with a list is compared whole, like any other value.
      return looksLikeRepeatedLines(headers, input.failedParameter)
        ? make("CORSMultipleAllowOriginNotAllowed")
        : make("CORSAllowOriginNotMatchingOrigin", input.failedParameter);
    case "InvalidAllowOriginValue":
    case "AllowOriginMismatch":
      return make("CORSAllowOriginNotMatchingOrigin", input.failedParameter);
    case "InvalidAllowCredentials":
      return make("CORSMissingAllowCredentials");
    case "PreflightInvalidStatus":
      return make("CORSPreflightDidNotSucceed", "", input.status);
    case "PreflightDisallowedRedirect":
      return input.accessFailure
        ? firefoxReasonFor({ ...input, ...input.accessFailure, accessFailure: undefined })
        : make("CORSExternalRedirectNotAllowed");
    case "InvalidAllowMethodsPreflightResponse":
      return make("CORSInvalidAllowMethod", firstInvalidToken(getHeader(headers, "Access-Control-Allow-Methods")));
    case "InvalidAllowHeadersPreflightResponse":
      return make("CORSInvalidAllowHeader", firstInvalidToken(getHeader(headers, "Access-Control-Allow-Headers")));
    case "MethodDisallowedByPreflightResponse":
      return make("CORSMethodNotFound");
    case "HeaderDisallowedByPreflightResponse":
      return make("CORSMissingAllowHeaderFromPreflight", input.failedParameter);
    case "RedirectContainsCredentials":
      // Firefox fails the redirect without a reason of its own; only the generic line appears.
      return make("CORSDidNotSucceed");
    case "CorsDisabledScheme":
      return make("CORSRequestNotHttp");
    default:
      return undefined;
  }
}
