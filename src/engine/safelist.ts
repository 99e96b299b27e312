// The Fetch standard's safelists: which methods and request headers make a request "simple",
// and why a preflight was needed (Fetch: CORS-safelisted method / request-header, CORS-unsafe
// request-header names).
import type { HeaderList, PreflightReason } from "./types";

/** Fetch: CORS-safelisted method. */
export function isSafelistedMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "POST";
}

const NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/** Fetch: normalize a method. Only these six are upper-cased; "patch" stays "patch". */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

export const SAFELISTED_CONTENT_TYPES = [
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
] as const;

/** Header names that can be safelisted, depending on their value (Fetch plus Chromium's client hints). */
const SAFELISTABLE_NAMES = new Set([
  "accept",
  "accept-language",
  "content-language",
  "content-type",
  "range",
  "device-memory",
  "dpr",
  "width",
  "viewport-width",
  "save-data",
  "rtt",
  "downlink",
  "ect",
]);

/** Fetch: forbidden request-header names; pages cannot set them, so they never trigger a preflight. */
const FORBIDDEN_NAMES = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_NAMES.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

export function isSafelistableName(name: string): boolean {
  return SAFELISTABLE_NAMES.has(name.toLowerCase());
}

const MAX_VALUE_BYTES = 128;
const MAX_TOTAL_BYTES = 1024;

const encoder = new TextEncoder();

export function byteLength(value: string): number {
  return encoder.encode(value).length;
}

/** Fetch: CORS-unsafe request-header byte. */
function hasUnsafeByte(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
    if ('"():<>?@[\\]{}'.includes(char)) return true;
  }
  return false;
}

function contentTypeEssence(value: string): string {
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}

export function isSafelistedContentType(value: string): boolean {
  if (hasUnsafeByte(value)) return false;
  return (SAFELISTED_CONTENT_TYPES as readonly string[]).includes(contentTypeEssence(value));
}

/** Why a header's value makes it unsafe, or null when the value itself is safelisted. */
function unsafeValueReason(name: string, value: string): PreflightReason | null {
  const lower = name.toLowerCase();
  if (byteLength(value) > MAX_VALUE_BYTES) {
    return {
      kind: "header-value-too-long",
      subject: lower,
      detail: `The ${lower} value is ${byteLength(value)} bytes; safelisted header values may be at most ${MAX_VALUE_BYTES} bytes.`,
    };
  }
  switch (lower) {
    case "content-type":
      if (isSafelistedContentType(value)) return null;
      return {
        kind: "content-type",
        subject: lower,
        detail: `Content-Type "${value}" is not one of ${SAFELISTED_CONTENT_TYPES.join(", ")}.`,
      };
    case "accept":
      return hasUnsafeByte(value)
        ? { kind: "header", subject: lower, detail: `The Accept value "${value}" contains a character the safelist forbids.` }
        : null;
    case "accept-language":
    case "content-language":
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value)
        ? null
        : { kind: "header", subject: lower, detail: `The ${lower} value "${value}" contains a character outside 0-9 A-Z a-z space * , - . ; =.` };
    case "range":
      return /^bytes=\d+-\d*$/.test(value.trim())
        ? null
        : { kind: "header", subject: lower, detail: `The Range value "${value}" is not a single simple byte range.` };
    default:
      return null;
  }
}

/**
 * Fetch: CORS-unsafe request-header names, with a reason for each, from the headers the page set.
 * Forbidden headers are skipped. When the safelisted values add up to more than 1,024 bytes,
 * all of them count as unsafe.
 */
export function unsafeHeaderReasons(headers: HeaderList): PreflightReason[] {
  const reasons: PreflightReason[] = [];
  const safelisted: { name: string; bytes: number }[] = [];
  for (const { name, value } of headers) {
    const lower = name.toLowerCase();
    if (isForbiddenRequestHeader(lower)) continue;
    if (!isSafelistableName(lower)) {
      reasons.push({ kind: "header", subject: lower, detail: `${lower} is not a CORS-safelisted request header.` });
      continue;
    }
    const reason = unsafeValueReason(lower, value);
    if (reason) reasons.push(reason);
    else safelisted.push({ name: lower, bytes: byteLength(value) });
  }
  const total = safelisted.reduce((sum, entry) => sum + entry.bytes, 0);
  if (total > MAX_TOTAL_BYTES) {
    for (const entry of safelisted) {
      reasons.push({
        kind: "safelisted-total-too-long",
        subject: entry.name,
        detail: `Safelisted header values add up to ${total} bytes; more than ${MAX_TOTAL_BYTES} makes them all non-safelisted.`,
      });
    }
  }
  return reasons;
}

/**
 * The reason a header named in Access-Control-Request-Headers needed a preflight. The value comes
 * from the actual request when it was sent; otherwise only the name is known.
 */
export function reasonForRequestedHeader(name: string, knownValue: string | null, allHeaders: HeaderList): PreflightReason {
  const lower = name.toLowerCase();
  if (!isSafelistableName(lower)) {
    return { kind: "header", subject: lower, detail: `${lower} is not a CORS-safelisted request header.` };
  }
  if (knownValue !== null) {
    const fromValue = unsafeHeaderReasons(allHeaders).find((reason) => reason.subject === lower);
    if (fromValue) return fromValue;
  }
  if (lower === "content-type") {
    return {
      kind: "content-type",
      subject: lower,
      detail: `Content-Type was not one of ${SAFELISTED_CONTENT_TYPES.join(", ")} (or its value was longer than ${MAX_VALUE_BYTES} bytes).`,
    };
  }
  return {
    kind: "unknown",
    subject: lower,
    detail: `${lower} is safelisted only for short, plain values; its value (not visible) must have broken the value rules, the ${MAX_VALUE_BYTES}-byte limit or the ${MAX_TOTAL_BYTES}-byte total.`,
  };
}
