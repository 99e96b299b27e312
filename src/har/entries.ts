// One HAR entry, read defensively (every field may be missing or of the wrong type) and redacted
// on arrival: headers through src/report/redact.ts, URLs without token-like parameters, cookies
// arrays and request bodies never read. The raw URL is kept for pairing inside the reader only.
import { DROPPED_REQUEST_HEADERS, MAX_CORS_VALUE_LENGTH, MAX_VALUE_LENGTH } from "../report/kept-headers";
import type { HeaderField } from "../engine/types";
import { redactHeaders, redactUrl } from "../report/redact";

/** What the reader uses of one entry. */
export interface EntryView {
  readonly index: number;
  /** Epoch milliseconds of startedDateTime; 0 when absent or unreadable. */
  readonly startedAt: number;
  readonly method: string;
  /** As written: used to pair entries within the reader, never shown. */
  readonly rawUrl: string;
  /** Redacted. */
  readonly url: string;
  /** Redacted and bounded; HTTP/2 pseudo-headers and headers that never matter to CORS left out. */
  readonly requestHeaders: HeaderField[];
  /** The Referer's origin, when one was sent (the header itself is not kept). */
  readonly refererOrigin?: string;
  readonly status: number;
  readonly statusText: string;
  readonly responseHeaders: HeaderField[];
  /** Where a 3xx pointed (response.redirectURL, else Location), resolved, as written. */
  readonly rawRedirect: string;
  /** Chrome's `_error` (Playwright: `_failureText`), when a string. */
  readonly error?: string;
  /** Chrome's `_resourceType`. */
  readonly resourceType?: string;
  /** Access-Control-Request-Method, on an OPTIONS (or a Chrome "preflight"). */
  readonly preflightFor?: string;
  readonly fromCache: boolean;
  readonly viaServiceWorker: boolean;
  readonly ip?: string;
  readonly pageref?: string;
  /** Lower-cased names of headers whose values were redacted. */
  readonly redacted: string[];
  /** Whether the entry showed a credential in a form the sanitized export removes. */
  readonly hadCredentialHeaders: boolean;
}

/** A request with more header lines than this is read up to it. */
const MAX_HEADERS = 256;

/**
 * Every response header is kept, as the capture keeps them (src/background/kept-headers.ts): Date,
 * Expires, ETag, Last-Modified and the hop-by-hop ones are the evidence that an answer was stored
 * and reused (src/engine/cache-evidence.ts).
 */
const KEEP_EVERY_RESPONSE_HEADER: ReadonlySet<string> = new Set();
const CREDENTIAL_HEADERS = new Set(["cookie", "set-cookie", "authorization"]);

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * The entry, or undefined when it has no request with a URL and a method (it is counted, not read).
 * `bytesAsText`: the writer turned each header byte into one character (Chrome's DevTools do), so
 * values are turned back into what webRequest shows (see `asWebRequestValue`).
 */
export function readEntry(value: unknown, index: number, bytesAsText = false): EntryView | undefined {
  const entry = record(value);
  const request = record(entry?.request);
  if (!entry || !request || typeof request.url !== "string" || request.url === "" || typeof request.method !== "string") return undefined;
  const response = record(entry.response) ?? {};
  const rawUrl = resolve(request.url, request.url);
  const sent = readHeaders(request.headers, bytesAsText, DROPPED_REQUEST_HEADERS);
  const received = readHeaders(response.headers, bytesAsText, KEEP_EVERY_RESPONSE_HEADER);
  const redirect = text(response.redirectURL) || received.location || "";
  const error = text(response._error) || text(response._failureText) || text(entry._error);
  const acrm = sent.requestMethod;
  const resourceType = text(entry._resourceType);
  const isPreflight = resourceType === "preflight" || (request.method === "OPTIONS" && acrm !== undefined);
  const refererOrigin = sent.referer === undefined ? undefined : originOfUrl(sent.referer);
  const ip = text(entry.serverIPAddress).replace(/^\[(.*)\]$/, "$1");
  const pageref = text(entry.pageref);
  return {
    index,
    startedAt: timeOf(entry.startedDateTime),
    method: request.method,
    rawUrl,
    url: redactUrl(rawUrl),
    requestHeaders: sent.kept,
    ...(refererOrigin !== undefined ? { refererOrigin } : {}),
    // Playwright writes -1 for a request that got no answer: no status, as 0 is elsewhere.
    status: typeof response.status === "number" && Number.isFinite(response.status) && response.status > 0 ? Math.trunc(response.status) : 0,
    statusText: text(response.statusText).slice(0, 200),
    responseHeaders: received.kept,
    rawRedirect: redirect === "" ? "" : resolve(redirect, rawUrl),
    ...(error !== "" ? { error: error.slice(0, 200) } : {}),
    ...(resourceType !== "" ? { resourceType } : {}),
    ...(isPreflight ? { preflightFor: acrm ?? "" } : {}),
    fromCache: typeof entry._fromCache === "string" && entry._fromCache !== "",
    viaServiceWorker: entry._fetchedViaServiceWorker === true,
    ...(ip !== "" ? { ip } : {}),
    ...(pageref !== "" ? { pageref } : {}),
    redacted: mergedNames(sent.redacted, received.redacted),
    hadCredentialHeaders: sent.credentials || received.credentials || nonEmpty(request.cookies) || nonEmpty(response.cookies),
  };
}

/** One header list, read in one pass: what is kept (redacted, bounded), and the few values the reader needs as written. */
interface ReadHeaders {
  readonly kept: HeaderField[];
  readonly redacted: string[];
  /** Cookie, Set-Cookie or Authorization was there. */
  readonly credentials: boolean;
  readonly location?: string;
  readonly referer?: string;
  readonly requestMethod?: string;
}

function readHeaders(value: unknown, bytesAsText: boolean, dropped: ReadonlySet<string>): ReadHeaders {
  const result: { kept: HeaderField[]; redacted: string[]; credentials: boolean; location?: string; referer?: string; requestMethod?: string } = {
    kept: [],
    redacted: [],
    credentials: false,
  };
  if (!Array.isArray(value)) return result;
  const fields: HeaderField[] = [];
  for (const item of value as unknown[]) {
    const header = record(item);
    if (!header || typeof header.name !== "string" || header.name === "") continue;
    const written = typeof header.value === "string" ? header.value : "";
    const field = { name: header.name, value: bytesAsText ? asWebRequestValue(written) : written };
    const lower = field.name.toLowerCase();
    if (CREDENTIAL_HEADERS.has(lower)) result.credentials = true;
    // As getHeader would combine them: the first line is enough for what the reader needs here.
    if (lower === "location") result.location ??= field.value;
    else if (lower === "referer") result.referer ??= field.value;
    else if (lower === "access-control-request-method") result.requestMethod ??= field.value;
    if (!lower.startsWith(":") && !dropped.has(lower)) fields.push(field);
    if (fields.length === MAX_HEADERS) break;
  }
  const redacted = redactHeaders(fields);
  for (const header of redacted.headers) result.kept.push(capValue(header));
  result.redacted = redacted.redacted;
  return result;
}

function mergedNames(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return [...a];
  return [...new Set([...a, ...b])];
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Chrome's HAR writes a header value byte by byte, each byte one character (a latin1 byte 0xE9 is
 * "é"), while webRequest hands an extension the value decoded as UTF-8, or no text at all (only
 * `binaryValue`, which the capture reads as "") when the bytes are not UTF-8. Observed on the lab's
 * `hostile-non-ascii` case: Chromium judged the raw bytes (InvalidAllowOriginValue, failedParameter "").
 */
export function asWebRequestValue(value: string): string {
  // Most values are ASCII: one native scan decides it.
  if (!BEYOND_ASCII.test(value) || BEYOND_A_BYTE.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return "";
  }
}

const BEYOND_ASCII = /[\u0080-\uffff]/;
const BEYOND_A_BYTE = /[\u0100-\uffff]/;

function capValue(header: HeaderField): HeaderField {
  const lower = header.name.toLowerCase();
  if (lower === "location") return { name: header.name, value: redactUrl(capText(header.value, MAX_VALUE_LENGTH)) };
  return { name: header.name, value: capText(header.value, lower.startsWith("access-control-") ? MAX_CORS_VALUE_LENGTH : MAX_VALUE_LENGTH) };
}

function capText(value: string, limit: number): string {
  if (value.length <= limit) return value;
  return `${value.slice(0, limit)}… [${value.length - limit} more characters not kept]`;
}

function timeOf(value: unknown): number {
  if (typeof value !== "string") return 0;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : 0;
}

/** `url` resolved against `base`, or `url` as written when either does not parse. */
export function resolve(url: string, base: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** The serialized origin of an http(s) URL, or undefined. */
export function originOfUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
