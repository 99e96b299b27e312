// Chromium's console text for a CORS failure, rebuilt from the error code
// (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc, GetErrorString).
import { PREFLIGHT_CODES, type CorsErrorCode } from "./codes";

export interface ConsoleMessageInput {
  readonly code: CorsErrorCode;
  readonly failedParameter: string;
  /** The URL that failed (the last hop). */
  readonly url: string;
  /** The first URL, when redirects happened. */
  readonly initialUrl?: string;
  readonly origin: string;
  readonly resourceType: string;
  readonly method: string;
  /** Location of a refused redirect. */
  readonly redirectLocation?: string;
  /** Address space of the target, for Local Network Access messages. */
  readonly addressSpace?: string;
}

const NO_CORS_HINT =
  " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";

/** The word Chromium puts after "Access to": fetch and XHR look the same to webRequest, so "fetch". */
export function initiatorKind(resourceType: string): string {
  switch (resourceType) {
    case "xmlhttprequest":
      return "fetch";
    case "script":
    case "font":
    case "image":
    case "stylesheet":
      return resourceType;
    default:
      return "resource";
  }
}

export function isPreflightCode(code: CorsErrorCode): boolean {
  return PREFLIGHT_CODES.has(code);
}

function reasonText(input: ConsoleMessageInput): string | null {
  const { failedParameter: value, resourceType } = input;
  const isFetch = resourceType === "xmlhttprequest";
  const base = input.code.replace(/^Preflight(?=(WildcardOrigin|MissingAllowOrigin|MultipleAllowOrigin|InvalidAllowOrigin|AllowOriginMismatch|InvalidAllowCredentials))/, "");
  switch (base) {
    case "MissingAllowOriginHeader":
      return (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource." +
        (isFetch && !isPreflightCode(input.code)
          ? " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."
          : "")
      );
    case "WildcardOriginNotAllowed":
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    case "MultipleAllowOriginValues":
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${value}', but only one is allowed.` + (isFetch ? NO_CORS_HINT : "");
    case "InvalidAllowOriginValue":
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${value}'.` + (isFetch ? NO_CORS_HINT : "");
    case "AllowOriginMismatch":
      return `The 'Access-Control-Allow-Origin' header has a value '${value}' that is not equal to the supplied origin.` + (isFetch ? NO_CORS_HINT : "");
    case "InvalidAllowCredentials":
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${value}' which must be 'true' when the request's credentials mode is 'include'.`;
    case "PreflightInvalidStatus":
      return "It does not have HTTP ok status.";
    case "PreflightDisallowedRedirect":
      return "Redirect is not allowed for a preflight request.";
    case "InvalidAllowMethodsPreflightResponse":
      return "Cannot parse Access-Control-Allow-Methods response header field in preflight response.";
    case "InvalidAllowHeadersPreflightResponse":
      return "Cannot parse Access-Control-Allow-Headers response header field in preflight response.";
    case "MethodDisallowedByPreflightResponse":
      return `Method ${value} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case "HeaderDisallowedByPreflightResponse":
      return `Request header field ${value} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case "RedirectContainsCredentials":
      return `Redirect location '${input.redirectLocation ?? input.url}' contains a username and password, which is disallowed for cross-origin requests.`;
    case "CorsDisabledScheme":
      return "Cross origin requests are only supported for protocol schemes: http, https, chrome-extension, data, isolated-app, chrome-untrusted, chrome.";
    case "DisallowedByMode":
      return "Cross origin requests are not allowed by request mode.";
    case "InvalidResponse":
      return "The response is invalid.";
    case "InsecureLocalNetwork":
    case "InsecurePrivateNetwork":
      return `The request client is not a secure context and the resource is in more-private address space \`${input.addressSpace ?? "unknown"}\`.`;
    case "LocalNetworkAccessPermissionDenied":
    case "PrivateNetworkAccessPermissionDenied":
      return `Permission was denied for this request to access the \`${input.addressSpace ?? "unknown"}\` address space.`;
    default:
      return null;
  }
}

/** The console line Chromium prints, or undefined when the text for this code is not known. */
export function consoleMessage(input: ConsoleMessageInput): string | undefined {
  const reason = reasonText(input);
  if (reason === null) return undefined;
  const redirected = input.initialUrl && input.initialUrl !== input.url ? `(redirected from '${input.initialUrl}') ` : "";
  const preflight = isPreflightCode(input.code)
    ? "Response to preflight request doesn't pass access control check: "
    : "";
  return `Access to ${initiatorKind(input.resourceType)} at '${input.url}' ${redirected}from origin '${input.origin}' has been blocked by CORS policy: ${preflight}${reason}`;
}
