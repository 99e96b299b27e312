// Chromium's CorsError names, the one list of them, and the groups of them the engine and the
// fixes use: which this engine can produce, which fail a preflight, which are Local Network Access
// checks and which the page's own request causes.

/**
 * Chromium's network::mojom::CorsError names (services/network/public/mojom/cors.mojom and the
 * DevTools protocol's Network.CorsError), current and legacy Private Network Access ones.
 */
export const CORS_ERROR_CODES = [
  "DisallowedByMode",
  "InvalidResponse",
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
  "PreflightMissingAllowExternal",
  "PreflightInvalidAllowExternal",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "NoCorsRedirectModeNotFollow",
  "LocalNetworkAccessPermissionDenied",
  // Removed from Chromium in 2026 (Private Network Access era); accepted for older browsers.
  "InsecurePrivateNetwork",
  "InvalidPrivateNetworkAccess",
  "UnexpectedPrivateNetworkAccess",
  "PreflightMissingAllowPrivateNetwork",
  "PreflightInvalidAllowPrivateNetwork",
  "PreflightMissingPrivateNetworkAccessId",
  "PreflightMissingPrivateNetworkAccessName",
  "PrivateNetworkAccessPermissionUnavailable",
  "PrivateNetworkAccessPermissionDenied",
] as const;
export type CorsErrorCode = (typeof CORS_ERROR_CODES)[number];

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

/** Codes of a failed preflight (Chromium's console text names the preflight for them). */
export const PREFLIGHT_CODES: ReadonlySet<CorsErrorCode> = new Set<CorsErrorCode>([
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials",
  "PreflightMissingAllowExternal",
  "PreflightInvalidAllowExternal",
  "PreflightMissingAllowPrivateNetwork",
  "PreflightInvalidAllowPrivateNetwork",
]);

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

/** Failures the page's own request causes (fetch mode, redirect mode, URL scheme), not the server. */
export const REQUEST_SIDE_CODES: ReadonlySet<CorsErrorCode> = new Set<CorsErrorCode>(["DisallowedByMode", "CorsDisabledScheme", "NoCorsRedirectModeNotFollow"]);
