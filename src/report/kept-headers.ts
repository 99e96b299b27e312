// What of a header is kept, for every observer (the capture's webRequest events, a HAR file): the
// request headers that never matter to CORS are dropped, long values are cut.

/** Values of non-CORS headers are cut beyond this; CORS headers are kept whole up to the next. */
export const MAX_VALUE_LENGTH = 8_192;
export const MAX_CORS_VALUE_LENGTH = 131_072;

/** Request headers that never matter to CORS and only cost memory (or leak browsing context). */
export const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "user-agent",
  "accept-encoding",
  "referer",
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
  "connection",
  "host",
  "upgrade-insecure-requests",
  "priority",
]);
