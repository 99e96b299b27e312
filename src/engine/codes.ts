// Which CorsError codes this engine can produce, and which a webRequest observer can never see.
import type { CorsErrorCode } from "./types";

/** Every code diagnose() can return. docs/codes.md must describe each (a test checks it). */
export const PRODUCIBLE_CODES = [
  "WildcardOriginNotAllowed",
  "MissingAllowOriginHeader",
  "MultipleAllowOriginValues",
  "InvalidAllowOriginValue",
  "AllowOriginMismatch",
  "InvalidAllowCredentials",
  "CorsDisabledScheme",
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "InsecureLocalNetwork",
  "LocalNetworkAccessPermissionDenied",
] as const satisfies readonly CorsErrorCode[];

export type ProducibleCode = (typeof PRODUCIBLE_CODES)[number];

/** Codes of Chromium's Local Network Access (and the older Private Network Access) checks. */
export const LOCAL_NETWORK_CODES: ReadonlySet<string> = new Set<CorsErrorCode>([
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "LocalNetworkAccessPermissionDenied",
  "InsecurePrivateNetwork",
  "InvalidPrivateNetworkAccess",
  "UnexpectedPrivateNetworkAccess",
  "PreflightMissingAllowPrivateNetwork",
  "PreflightInvalidAllowPrivateNetwork",
  "PreflightMissingPrivateNetworkAccessId",
  "PreflightMissingPrivateNetworkAccessName",
  "PrivateNetworkAccessPermissionDenied",
  "PrivateNetworkAccessPermissionUnavailable",
]);
