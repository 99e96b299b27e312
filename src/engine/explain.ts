// Plain-language titles, explanations and generic server fixes for each verdict, naming the
// actual values involved (origin, URL, method, header, status).
import { pathOf } from "./origin";
import type { CheckStage, CorsErrorCode } from "./types";

export interface FailureContext {
  readonly code: CorsErrorCode;
  readonly failedParameter: string;
  readonly stage: CheckStage;
  /** Origin exactly as the browser sent it. */
  readonly origin: string;
  /** The URL whose response failed the check. */
  readonly url: string;
  readonly method: string;
  readonly status?: number;
  readonly requestedHeaders: readonly string[];
  readonly credentialsInclude: boolean;
  readonly location?: string;
  readonly addressSpace?: string;
  /** The page's origin, when the browser sent another Origin (null after a redirect). */
  readonly pageOrigin?: string;
  /** Every requested header the preflight refused, sorted (Chromium names only the first). */
  readonly disallowedHeaders?: readonly string[];
}

export interface FailureText {
  readonly title: string;
  readonly explanation: string;
  readonly genericFix: string;
}

function statusCause(status: number | undefined, path: string, origin: string): string {
  // With Origin: null (after a redirect), a 4xx is as likely the server refusing that origin.
  if (status === undefined || status === 0 || origin === "null") return "";
  if (status === 401 || status === 403)
    return ` The ${status} means your auth middleware answered OPTIONS: preflights never carry cookies or an Authorization header, so OPTIONS must be answered before authentication runs.`;
  if (status === 404 || status === 405)
    return ` The ${status} means your router answered OPTIONS: nothing handles OPTIONS for ${path} yet.`;
  if (status >= 500) return ` The ${status} means the server failed while handling OPTIONS: answer preflights before application code runs.`;
  return "";
}

function allowOriginValue(context: FailureContext): string {
  // An opaque origin ("null") is shared by every sandboxed page: only * is a safe answer to it.
  if (context.origin === "null") return "* (the request's origin is null)";
  return context.credentialsInclude ? context.origin : `${context.origin} (or *)`;
}

const CREDENTIALS_NOTE = (context: FailureContext): string =>
  context.credentialsInclude ? " and, because the request carries credentials, Access-Control-Allow-Credentials: true" : "";

/** The failure's facts and the phrases every explanation is built from. */
interface Described {
  readonly context: FailureContext;
  /** The code without the Preflight prefix the allow-origin checks share with the response's. */
  readonly base: string;
  readonly origin: string;
  readonly url: string;
  readonly method: string;
  /** Chromium's failedParameter. */
  readonly value: string;
  readonly status: number | undefined;
  /** Who asked: the page, also when the browser sent Origin: null for it after a redirect. */
  readonly page: string;
  readonly on: string;
  readonly statusPart: string;
  readonly preflight: boolean;
  readonly headersToSend: string;
}

export function describeFailure(context: FailureContext): FailureText {
  const { origin, url, method, failedParameter: value, status } = context;
  const described: Described = {
    context,
    base: context.code.replace(/^Preflight(?=(WildcardOrigin|MissingAllowOrigin|MultipleAllowOrigin|InvalidAllowOrigin|AllowOriginMismatch|InvalidAllowCredentials))/, ""),
    origin,
    url,
    method,
    value,
    status,
    page: context.pageOrigin ?? origin,
    on: context.stage === "preflight" ? "the preflight (OPTIONS) response" : context.stage === "redirect" ? "the redirect response" : "the response",
    statusPart: status ? ` (status ${status})` : "",
    preflight: context.stage === "preflight",
    headersToSend: `Access-Control-Allow-Origin: ${allowOriginValue(context)}${CREDENTIALS_NOTE(context)}`,
  };
  return missingAllowOrigin(described) ?? allowOriginFailure(described) ?? preflightFailure(described) ?? otherFailure(described);
}

/** No Access-Control-Allow-Origin at all: on the preflight, or on the response. */
function missingAllowOrigin({ context, origin, url, method, status, page, on, statusPart, preflight, headersToSend, base }: Described): FailureText | undefined {
  if (base !== "MissingAllowOriginHeader") return undefined;
  const title = preflight
    ? status && (status < 200 || status >= 300)
      ? `Preflight answered ${status} without CORS headers`
      : "Preflight answered without CORS headers"
    : status && status >= 400
      ? `Response ${status} without Access-Control-Allow-Origin`
      : "No Access-Control-Allow-Origin on the response";
  const explanation = preflight
    ? `Before sending ${method} ${url}, the browser asked the server with an OPTIONS preflight from ${page}. The server answered${status ? ` ${status}` : ""} with no Access-Control-Allow-Origin header, so the real request was never sent.` +
      (status && (status < 200 || status >= 300)
        ? ` The browser names the missing header because it checks Access-Control-Allow-Origin before the status (Chromium and Firefox alike), but the ${status} is the real problem.${statusCause(status, pathOf(url), origin)}`
        : "")
    : `The page at ${page} requested ${url}; ${on}${statusPart} carried no Access-Control-Allow-Origin header, so the browser hid it from the page.` +
      (status && status >= 400 ? ` Error responses need CORS headers too: many servers add them only to successful responses.` : "");
  return {
    title,
    explanation,
    genericFix: preflight
      ? `Answer OPTIONS ${pathOf(url)} with a 204 before any authentication or routing, sending ${headersToSend}, Access-Control-Allow-Methods: ${method}${context.requestedHeaders.length ? ` and Access-Control-Allow-Headers: ${context.requestedHeaders.join(", ")}` : ""}.`
      : `Make the server send ${headersToSend} on every response to ${pathOf(url)}, including error responses and redirects (nginx: add_header … always; Apache: Header always set).`,
  };
}

/** Access-Control-Allow-Origin or -Credentials present but refused. */
function allowOriginFailure({ origin, url, value, page, on, preflight, base }: Described): FailureText | undefined {
  switch (base) {
    case "WildcardOriginNotAllowed":
      return {
        title: preflight ? "Preflight allows * but the request sends credentials" : "Access-Control-Allow-Origin * with credentials",
        explanation: `The request from ${page} carries credentials (cookies or HTTP authentication), and ${on} answered Access-Control-Allow-Origin: *. With credentials, the browser requires the exact origin; * is refused.`,
        genericFix: `Echo the request's origin instead of *: send Access-Control-Allow-Origin: ${origin}, Access-Control-Allow-Credentials: true and Vary: Origin. Check the origin against an allow-list; never reflect every origin with credentials. (Or stop sending credentials, if the page does not need them.)`,
      };
    case "MultipleAllowOriginValues":
      return {
        title: "Access-Control-Allow-Origin has several values",
        explanation: `${capitalize(on)} sent Access-Control-Allow-Origin: ${value}. Only one origin is allowed; a comma or space means two layers (often a proxy and the application, or two middlewares) both added the header, or a list was sent.`,
        genericFix: `Send exactly one Access-Control-Allow-Origin: ${origin}. Remove the header from one of the layers that adds it (for example the proxy's add_header or the app's middleware), or pick the matching origin from your list instead of sending the list.`,
      };
    case "InvalidAllowOriginValue":
      return {
        title: "Access-Control-Allow-Origin is not a valid origin",
        explanation: `${capitalize(on)} sent Access-Control-Allow-Origin: '${value}', which is neither * nor a valid origin, so the browser cannot match it against ${origin}.`,
        genericFix: `Send Access-Control-Allow-Origin: ${origin} (scheme, host and port, no path, no trailing slash).`,
      };
    case "AllowOriginMismatch":
      return {
        title: value === "null" ? "Access-Control-Allow-Origin is 'null'" : "Access-Control-Allow-Origin does not match the origin",
        explanation:
          `${capitalize(on)} allowed '${value}', but the request came from '${origin}'. The two must be equal, character for character.` +
          mismatchHint(value, origin),
        genericFix:
          origin === "null"
            ? `The browser sent Origin: null, so no origin allow-list can match. If a redirect to another origin caused it, have the page call ${url} directly; otherwise (sandboxed or file: pages) serve the page from a real origin. Allowing the literal origin null is unsafe: any sandboxed page sends it.`
            : `Send Access-Control-Allow-Origin: ${origin}; when several sites need access, compare the Origin request header with your allow-list and echo the matching one, with Vary: Origin.`,
      };
    case "InvalidAllowCredentials":
      return {
        title: value === "" ? "Access-Control-Allow-Credentials is missing" : `Access-Control-Allow-Credentials is '${value}', not 'true'`,
        explanation:
          `The request from ${page} carries credentials, so ${on} must say Access-Control-Allow-Credentials: true (exactly, lower case). ` +
          (value === "" ? "It sent no such header." : `It sent '${value}'.`),
        genericFix: `Send Access-Control-Allow-Credentials: true together with Access-Control-Allow-Origin: ${origin} (not *). In most CORS middlewares this is the credentials option.`,
      };
    default:
      return undefined;
  }
}

/** The preflight's status, redirect, or its Allow-Methods and Allow-Headers. */
function preflightFailure({ context, origin, url, method, value, status, base }: Described): FailureText | undefined {
  switch (base) {
    case "PreflightInvalidStatus":
      return {
        title: `Preflight answered ${status ?? "a non-2xx status"}`,
        explanation: `Before sending ${method} ${url}, the browser sent an OPTIONS preflight. The CORS headers were right, but the status was ${status ?? "not 2xx"}; a preflight must succeed with 2xx.${statusCause(status, pathOf(url), origin)}`,
        genericFix: `Answer OPTIONS ${pathOf(url)} with 204 (or 200) before authentication, routing or validation run; keep the CORS headers you already send.`,
      };
    case "PreflightDisallowedRedirect":
      return {
        title: `Preflight was redirected (${status ?? "3xx"})`,
        explanation: `The OPTIONS preflight for ${method} ${url} was answered with a redirect${context.location ? ` to ${context.location}` : ""}. Browsers never follow redirects for preflights. Common causes: http→https or trailing-slash redirects, or a login redirect.`,
        genericFix: `Call the final URL directly from the page (right scheme, host and trailing slash), or make the server answer OPTIONS ${pathOf(url)} itself with 204 and the CORS headers instead of redirecting.`,
      };
    case "InvalidAllowMethodsPreflightResponse":
      return {
        title: "Access-Control-Allow-Methods cannot be parsed",
        explanation: `The preflight response's Access-Control-Allow-Methods is not a comma-separated list of method names, so the browser rejected it.`,
        genericFix: `Send a plain list, for example Access-Control-Allow-Methods: ${method === "GET" ? "GET, POST" : `GET, POST, ${method}`}.`,
      };
    case "InvalidAllowHeadersPreflightResponse":
      return {
        title: "Access-Control-Allow-Headers cannot be parsed",
        explanation: `The preflight response's Access-Control-Allow-Headers is not a comma-separated list of header names, so the browser rejected it.`,
        genericFix: `Send a plain list of header names, for example Access-Control-Allow-Headers: ${context.requestedHeaders.join(", ") || "content-type"}.`,
      };
    case "MethodDisallowedByPreflightResponse":
      return {
        title: `Method ${value} not allowed by the preflight`,
        explanation:
          `The page sends ${value} to ${url}; the preflight's Access-Control-Allow-Methods does not list ${value}.` +
          (value !== value.toUpperCase()
            ? ` Method names compare case-sensitively, and browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT: '${value}' must be listed exactly as '${value}', or the page should send '${value.toUpperCase()}'.`
            : "") +
          (context.credentialsInclude ? " With credentials, * does not count as a wildcard." : ""),
        genericFix: `Add ${value} to Access-Control-Allow-Methods on the OPTIONS response for ${pathOf(url)}${context.credentialsInclude ? " (list it by name; * does not work with credentials)" : ""}.`,
      };
    case "HeaderDisallowedByPreflightResponse": {
      const refused = context.disallowedHeaders && context.disallowedHeaders.length > 1 ? context.disallowedHeaders : undefined;
      return {
        title: refused ? `Request headers ${refused.join(", ")} not allowed by the preflight` : `Request header ${value} not allowed by the preflight`,
        explanation:
          (refused
            ? `The page sends the headers ${refused.join(", ")} to ${url}; the preflight's Access-Control-Allow-Headers lists none of them. Chromium names only the first (${value}): allowing it alone would fail again on ${refused.filter((name) => name !== value).join(", ")}.`
            : `The page sends the header ${value} to ${url}; the preflight's Access-Control-Allow-Headers does not list it.`) +
          (context.credentialsInclude ? " With credentials, * does not count as a wildcard." : ""),
        genericFix: `Add ${context.requestedHeaders.length ? context.requestedHeaders.join(", ") : value} to Access-Control-Allow-Headers on the OPTIONS response for ${pathOf(url)}.`,
      };
    }
    default:
      return undefined;
  }
}

/** Redirects the browser refuses, Local Network Access, and codes without their own text. */
function otherFailure({ context, origin, url, value, page, base }: Described): FailureText {
  switch (base) {
    case "RedirectContainsCredentials":
      return {
        title: "Redirect to a URL with user:password",
        explanation: `The server redirected the request from ${page} to ${context.location ?? "a URL"} that contains a username and password. Browsers refuse such redirects for cross-origin requests.`,
        genericFix: "Redirect to a URL without user:password@; pass credentials in a header or token instead.",
      };
    case "CorsDisabledScheme":
      return {
        title: "Redirect to a non-HTTP URL",
        explanation: `The server redirected the cross-origin request to ${context.location ?? "a URL"}, whose scheme the browser does not allow for CORS requests (only http and https).`,
        genericFix: "Redirect to an https: (or http:) URL, or serve the resource directly.",
      };
    case "InsecureLocalNetwork":
    case "InsecurePrivateNetwork":
      return {
        title: "Local network request from an insecure page",
        explanation: `The page ${origin} is not a secure context (plain http), and ${url} is in the ${context.addressSpace ?? "local"} address space. Chromium's Local Network Access only lets secure pages reach local addresses.`,
        genericFix: "Serve the page over https (or from localhost), then the user can grant the local network permission; or move the API to a public address.",
      };
    case "LocalNetworkAccessPermissionDenied":
    case "PrivateNetworkAccessPermissionDenied":
      return {
        title: "Local network access was not permitted",
        explanation: `${origin} tried to reach ${url} in the ${context.addressSpace ?? "local"} address space; Chromium's Local Network Access asked for (or applied) the user's permission, and it was not granted. The check runs before CORS: the server's CORS configuration is not the cause. The user must allow it in Site settings → Local network access (after one "Block" Chromium does not ask again); the page can pass targetAddressSpace: "${context.addressSpace === "local" ? "local" : "loopback"}" in its fetch options so that the browser asks up front.`,
        genericFix: "This is not fixed with CORS headers: the user must allow local network access for the site (Site settings → Local network access), the page can pass targetAddressSpace in its fetch options, or the API must be reachable at a public address; in an iframe, delegate it with allow=\"local-network-access\".",
      };
    default:
      return {
        title: `Blocked: ${context.code}`,
        explanation: `Chromium reports ${context.code}${value ? ` ('${value}')` : ""} for ${url}.`,
        genericFix: "See the code's entry in the documentation.",
      };
  }
}

function capitalize(text: string): string {
  return text === "" ? text : text[0]!.toUpperCase() + text.slice(1);
}

function mismatchHint(value: string, origin: string): string {
  if (value.replace(/\/+$/, "") === origin) return " The allowed value has a trailing slash or path; an origin never has one.";
  if (value.toLowerCase() === origin.toLowerCase()) return " They differ only in letter case; browsers compare exactly.";
  if (value.replace(/^https?:/, "") === origin.replace(/^https?:/, "")) return " They differ in scheme (http vs https).";
  if (origin === "null") return " The browser sent Origin: null, which happens after a redirect to another origin or from sandboxed and file pages.";
  return " The server probably has a fixed allow-list that does not include this origin, or a library echoed the first entry of its list.";
}
