// Which request and response headers the capture keeps, redacted on arrival, and how much of each
// value: headers that never matter to CORS are dropped, long values are cut.
import type { HeaderField } from "../engine/types";
import { DROPPED_REQUEST_HEADERS, MAX_CORS_VALUE_LENGTH, MAX_VALUE_LENGTH } from "../report/kept-headers";
import { redactHeaders, redactUrl } from "../report/redact";
import type { RawHeader } from "./webrequest-types";


export function keepRequestHeaders(headers: readonly RawHeader[]): { headers: HeaderField[]; redacted: string[] } {
  const relevant = headers.filter((h) => !DROPPED_REQUEST_HEADERS.has(h.name.toLowerCase()));
  const result = redactHeaders(relevant);
  return { headers: result.headers.map(capValue), redacted: result.redacted };
}

/**
 * Every response header is kept: Date, Age, Cache-Control, Expires, ETag, Last-Modified, Vary, CDN
 * hit headers and even the hop-by-hop ones (a cache drops those when it stores a response) are the
 * evidence that an answer came from a cache (src/engine/cache-evidence.ts).
 */
export function keepResponseHeaders(headers: readonly RawHeader[]): { headers: HeaderField[]; redacted: string[] } {
  const result = redactHeaders(headers);
  const capped = result.headers.map((h) => (h.name.toLowerCase() === "location" ? { name: h.name, value: redactUrl(h.value) } : capValue(h)));
  return { headers: capped, redacted: result.redacted };
}

function capValue(header: HeaderField): HeaderField {
  const limit = header.name.toLowerCase().startsWith("access-control-") ? MAX_CORS_VALUE_LENGTH : MAX_VALUE_LENGTH;
  if (header.value.length <= limit) return header;
  return { name: header.name, value: `${header.value.slice(0, limit)}… [${header.value.length - limit} more characters not kept]` };
}
