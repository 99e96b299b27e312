// Where Firefox differs from Chromium in what an extension observes, as pure rules over an
// ObservedExchange whose `browser` is "firefox" (docs/firefox.md has the measurements):
// - Firefox fails a request for CORS with NS_ERROR_DOM_BAD_URI (Chromium: net::ERR_FAILED);
// - a redirect hop Firefox refuses still gets onBeforeRedirect, then an odd error
//   (NS_ERROR_UNEXPECTED, NS_ERROR_NET_ON_RECEIVING_FROM);
// - a response Firefox refuses ends in onCompleted like an allowed one, so "completed" decides
//   nothing: the headers alone do;
// - without a Cookie header the credentials mode does not show at all.
import { getHeader } from "./headers";
import type { HeaderList, ObservedExchange } from "./types";

/** The nsresult every CORS refusal in Firefox's nsCORSListenerProxy returns. */
export const FIREFOX_CORS_ERROR = "NS_ERROR_DOM_BAD_URI";
/** Chromium's error for a CORS refusal (and for some other refusals). */
export const CHROMIUM_REFUSAL_ERROR = "net::ERR_FAILED";

export function isFirefox(exchange: Pick<ObservedExchange, "browser">): boolean {
  return exchange.browser === "firefox";
}

function endsAtRedirect(exchange: ObservedExchange): boolean {
  const response = exchange.response;
  return response !== undefined && response.status >= 300 && response.status < 400 && getHeader(response.headers, "Location") !== null;
}

/** Errors at a redirect hop that are not a refusal: a cancelled request, and the redirect limit (more than 20). */
const FIREFOX_NOT_REFUSED_AT_REDIRECT = new Set(["NS_BINDING_ABORTED", "NS_ERROR_REDIRECT_LOOP"]);

/**
 * Whether the request's error is what the browser reports when it refuses a request, CORS among
 * the possible reasons (the checks replayed decide whether CORS was it). Chromium: net::ERR_FAILED.
 * Firefox: NS_ERROR_DOM_BAD_URI, or any error right after a redirect hop it did not follow.
 */
export function isRefusalError(exchange: ObservedExchange): boolean {
  const { error } = exchange;
  if (error === undefined) return false;
  if (error === CHROMIUM_REFUSAL_ERROR) return true;
  if (!isFirefox(exchange)) return false;
  return error === FIREFOX_CORS_ERROR || (endsAtRedirect(exchange) && !FIREFOX_NOT_REFUSED_AT_REDIRECT.has(error));
}

/**
 * Firefox ended the request in onCompleted with a response: Firefox does that for a response its
 * CORS check refused, too, so the outcome must come from the headers.
 */
export function completedUnverified(exchange: ObservedExchange): boolean {
  return isFirefox(exchange) && exchange.completed && exchange.response !== undefined;
}

/** Firefox's network errors (nsresult names, as webRequest reports them), in words. */
export const FIREFOX_NETWORK_ERROR_HINTS: Readonly<Record<string, string>> = {
  NS_ERROR_UNKNOWN_HOST: "the host name could not be resolved (DNS)",
  NS_ERROR_CONNECTION_REFUSED: "nothing accepted the connection on that host and port",
  NS_ERROR_NET_RESET: "the connection was reset",
  NS_ERROR_NET_INTERRUPT: "the connection was interrupted",
  NS_ERROR_NET_TIMEOUT: "the request timed out",
  NS_ERROR_NET_EMPTY_RESPONSE: "the server closed the connection without answering",
  NS_ERROR_OFFLINE: "the browser is offline",
  NS_BINDING_ABORTED: "the request was cancelled (page navigation, AbortController or a superseded load)",
  NS_ERROR_ABORT: "the request was cancelled",
  NS_ERROR_PROXY_CONNECTION_REFUSED: "the proxy refused the connection",
  NS_ERROR_CONTENT_BLOCKED: "an extension or content blocker blocked it",
  NS_ERROR_TRACKING_URI: "Enhanced Tracking Protection blocked it",
  NS_ERROR_INTERCEPTION_FAILED: "a service worker failed to answer it",
  NS_ERROR_CORRUPTED_CONTENT: "the response was corrupted or its type did not fit the request",
  SEC_ERROR_UNKNOWN_ISSUER: "the server's TLS certificate is not trusted",
  NS_ERROR_REDIRECT_LOOP: "the server redirected it more than 20 times (a redirect loop?), and browsers stop after 20 redirects",
};

export interface CredentialsAssumption {
  readonly include: boolean;
  readonly evidence: string;
}

/**
 * The credentials mode to replay a Firefox request under when no Cookie header shows it and the
 * outcome cannot tell (Firefox ends refused and allowed responses alike). A server that sends
 * Access-Control-Allow-Credentials, whatever its value, is answering credentialed requests:
 * assume 'include'. Otherwise assume the default, no credentials.
 */
export function firefoxCredentialsAssumption(responseHeaders: HeaderList): CredentialsAssumption {
  const allowCredentials = getHeader(responseHeaders, "Access-Control-Allow-Credentials");
  if (allowCredentials !== null) {
    return {
      include: true,
      evidence: `Firefox shows the credentials mode only through a Cookie header, and none was sent. The server answered with Access-Control-Allow-Credentials: ${allowCredentials}, which only matters to credentialed requests, so credentials 'include' is assumed.`,
    };
  }
  return {
    include: false,
    evidence: "Firefox shows the credentials mode only through a Cookie header, and none was sent; the server sent no Access-Control-Allow-Credentials either, so no credentials (the default) is assumed.",
  };
}
