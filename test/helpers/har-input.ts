// Small HAR inputs for the reader's unit tests: the shape of a file (which fields, which entries),
// never the truth of what a browser does (that comes from test/fixtures/har, written by the
// browsers' own exporters).
export const CHROME = { name: "WebInspector", version: "537.36" };
export const FIREFOX = { name: "Firefox", version: "153.0" };
export const PLAYWRIGHT = { name: "Playwright", version: "1.57.0" };

type Headers = Record<string, string> | readonly (readonly [string, string])[];

export interface EntryInput {
  readonly method?: string;
  readonly url: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly request?: Headers;
  readonly response?: Headers;
  readonly redirectURL?: string;
  readonly error?: string | null;
  readonly resourceType?: string;
  /** Milliseconds after 2026-12-07T10:00:00Z. */
  readonly at?: number;
  readonly pageref?: string;
  readonly cookies?: readonly { name: string; value: string }[];
  readonly postData?: string;
  readonly fromCache?: string;
}

const T0 = Date.parse("2026-12-07T10:00:00.000Z");

function list(headers: Headers | undefined): { name: string; value: string }[] {
  if (!headers) return [];
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.map(([name, value]) => ({ name, value }));
}

export function entry(input: EntryInput): Record<string, unknown> {
  return {
    ...(input.resourceType !== undefined ? { _resourceType: input.resourceType } : {}),
    ...(input.fromCache !== undefined ? { _fromCache: input.fromCache } : {}),
    ...(input.pageref !== undefined ? { pageref: input.pageref } : {}),
    startedDateTime: new Date(T0 + (input.at ?? 0)).toISOString(),
    time: 5,
    request: {
      method: input.method ?? "GET",
      url: input.url,
      httpVersion: "HTTP/1.1",
      headers: list(input.request),
      queryString: [],
      cookies: input.cookies ?? [],
      headersSize: -1,
      bodySize: input.postData ? input.postData.length : 0,
      ...(input.postData !== undefined ? { postData: { mimeType: "application/json", text: input.postData } } : {}),
    },
    response: {
      status: input.status ?? 200,
      statusText: input.statusText ?? "",
      httpVersion: "HTTP/1.1",
      headers: list(input.response),
      cookies: [],
      content: { size: 0, mimeType: "text/plain" },
      redirectURL: input.redirectURL ?? "",
      headersSize: -1,
      bodySize: -1,
      ...(input.error !== undefined ? { _error: input.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 1 },
  };
}

export function har(entries: readonly Record<string, unknown>[], options: { creator?: { name: string; version: string }; pages?: readonly { id: string; title: string }[] } = {}): { log: Record<string, unknown> } {
  return {
    log: {
      version: "1.2",
      creator: options.creator ?? CHROME,
      pages: (options.pages ?? []).map((page) => ({ ...page, startedDateTime: new Date(T0).toISOString(), pageTimings: {} })),
      entries,
    },
  };
}

export const PAGE = "http://127.0.0.1:5100";
export const API = "http://localhost:5200";
