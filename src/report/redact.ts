// Secrets are removed the moment an event arrives, before anything is stored, shown or exported.
// A redacted header keeps its name (the engine needs to know it was there); its value is replaced.
import type { HeaderField } from "../engine/types";

export const REDACTED = "[redacted]";
/** URL components can't hold brackets unescaped, so URLs use a bare word. */
export const REDACTED_IN_URL = "REDACTED";

const SECRET_HEADERS = new Set([
  "cookie",
  "set-cookie",
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
  "x-xsrf-token",
  "x-amz-security-token",
  "x-goog-api-key",
  "private-token",
]);
// Header names that look like credentials: "x-my-token", "x-session-id", "client-secret", …
const SECRET_HEADER_PATTERN = /(^|[-_])(auth|token|secret|session|sessionid|password|passwd|api[-_]?key|apikey|credential|signature)([-_]|$)/;
const SECRET_QUERY_PATTERN =
  /^(.*[-_])?(token|access[-_]?token|id[-_]?token|refresh[-_]?token|auth|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|sig|signature|session|sessionid|sid|code|jwt|x-amz-signature|x-amz-security-token|x-amz-credential)$/i;

/** Lower-cased name → true when its value must never be kept. */
export function isSecretHeader(lowerName: string): boolean {
  if (SECRET_HEADERS.has(lowerName)) return true;
  // CORS and fetch-metadata headers carry names, not secrets ("Access-Control-Allow-Credentials").
  if (lowerName.startsWith("access-control-") || lowerName.startsWith("sec-")) return false;
  return SECRET_HEADER_PATTERN.test(lowerName);
}

export interface RedactedHeaders {
  readonly headers: HeaderField[];
  /** Lower-cased names of the headers whose values were removed (empty when none). */
  readonly redacted: string[];
}

export function redactHeaders(headers: readonly { name: string; value?: string; binaryValue?: ArrayLike<number> }[]): RedactedHeaders {
  const out: HeaderField[] = [];
  const redacted: string[] = [];
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    if (isSecretHeader(lower)) {
      out.push({ name: header.name, value: REDACTED });
      if (!redacted.includes(lower)) redacted.push(lower);
    } else {
      out.push({ name: header.name, value: header.value ?? "" });
    }
  }
  return { headers: out, redacted };
}

/**
 * Removes token-like query parameters, fragment secrets and userinfo passwords from a URL.
 * Fast path: most URLs have none of these, and are returned as they are, without parsing.
 */
export function redactUrl(url: string): string {
  const known = redactedUrls.get(url);
  if (known !== undefined) return known;
  const redacted = redactUrlUncached(url);
  if (url.length > CACHED_URL_MAX_LENGTH) return redacted;
  if (redactedUrls.size >= REDACTED_URL_CACHE_LIMIT) redactedUrls.clear();
  redactedUrls.set(url, redacted);
  return redacted;
}

// One request's URL is redacted at several events (and a page's URL for each of its requests).
// Bounded in count and in size: a page can make URLs of megabytes.
const redactedUrls = new Map<string, string>();
const REDACTED_URL_CACHE_LIMIT = 512;
const CACHED_URL_MAX_LENGTH = 4_096;

function redactUrlUncached(url: string): string {
  const hasQuery = url.includes("?");
  const hasHash = url.includes("#");
  const schemeEnd = url.indexOf("://");
  const authorityEnd = schemeEnd < 0 ? -1 : firstOf(url, schemeEnd + 3, "/?#");
  const hasUserinfo = schemeEnd >= 0 && url.lastIndexOf("@", authorityEnd < 0 ? url.length : authorityEnd) > schemeEnd;
  if (!hasQuery && !hasHash && !hasUserinfo) return url;
  let result = url;
  if (hasUserinfo) result = redactUserinfo(result, schemeEnd, authorityEnd < 0 ? result.length : authorityEnd);
  const hashAt = result.indexOf("#");
  const fragment = hashAt >= 0 ? result.slice(hashAt + 1) : "";
  const beforeHash = hashAt >= 0 ? result.slice(0, hashAt) : result;
  const queryAt = beforeHash.indexOf("?");
  const base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : null;
  let rebuilt = base;
  if (query !== null) rebuilt += "?" + redactParams(query);
  if (hashAt >= 0) rebuilt += "#" + redactParams(fragment);
  return rebuilt;
}

function firstOf(text: string, from: number, chars: string): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return -1;
}

function redactUserinfo(url: string, schemeEnd: number, authorityEnd: number): string {
  const at = url.lastIndexOf("@", authorityEnd);
  const userinfo = url.slice(schemeEnd + 3, at);
  const colon = userinfo.indexOf(":");
  // Keep the user name and the presence of a password: both matter to RedirectContainsCredentials.
  const safe = colon >= 0 ? `${userinfo.slice(0, colon)}:${REDACTED_IN_URL}` : userinfo;
  return url.slice(0, schemeEnd + 3) + safe + url.slice(at);
}

function redactParams(params: string): string {
  if (params === "") return params;
  return params
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const raw = pair.slice(0, eq);
      let name = raw;
      if (raw.includes("%") || raw.includes("+")) {
        try {
          name = decodeURIComponent(raw.replace(/\+/g, " "));
        } catch {
          // Not valid percent-encoding: judged as written.
        }
      }
      return SECRET_QUERY_PATTERN.test(name) ? `${raw}=${REDACTED_IN_URL}` : pair;
    })
    .join("&");
}
